import zipfile

from docx import Document

from docgen.formats.custom_props import read_custom_props, write_custom_props
from docgen.generate import prefill_for
from docgen.manifest import Manifest
from docgen.schema import load_form
from docgen.years import years_for


def test_manifest_round_trips_through_custom_properties_and_keeps_other_properties(tmp_path):
    path = tmp_path / "a.docx"
    Document().save(path)
    write_custom_props(path, {"owner": "杨陵区工信局"})
    m = Manifest("application", "1.0", "63dfe6a958a96c07", {"y1": 2023, "y2": 2024, "y3": 2025})
    write_custom_props(path, m.to_props())
    with zipfile.ZipFile(path) as zf:
        props = read_custom_props(zf)
        names = zf.namelist()
        ct = zf.read("[Content_Types].xml").decode()
    assert Manifest.from_props(props) == m
    assert props["owner"] == "杨陵区工信局"
    assert names.count("docProps/custom.xml") == 1
    assert ct.count("/docProps/custom.xml") == 1
    Document(path)  # still a valid package for Word's reader


def test_a_file_without_manifest_reads_as_none(tmp_path):
    path = tmp_path / "plain.docx"
    Document().save(path)
    with zipfile.ZipFile(path) as zf:
        assert Manifest.from_props(read_custom_props(zf)) is None


def test_broken_years_property_does_not_break_identification():
    m = Manifest.from_props({"docgen.form": "annual", "docgen.version": "1.0", "docgen.years": "{oops"})
    assert m.form == "annual" and m.years == {}


def test_years_follow_each_forms_meaning_of_year():
    assert years_for(load_form("application"), 2026) == {"y1": 2023, "y2": 2024, "y3": 2025}
    assert years_for(load_form("annual"), 2025) == {"prev": 2024, "cur": 2025}
    assert years_for(load_form("plan"), 2026) == {"y0": 2025, "t1": 2026, "t2": 2027, "t3": 2028}
    assert years_for(load_form("change"), 2026) == {}


def test_prefill_takes_the_city_from_the_county_and_only_fields_the_form_has():
    values = prefill_for(load_form("annual"), county="韩城市", cluster="韩城市花椒产业集群", year=2025)
    assert values == {"county": "韩城市", "city": "韩城市", "cluster_name": "韩城市花椒产业集群", "report_year": 2025}
    rec = prefill_for(load_form("recommendation"), county="鄠邑区")
    assert rec == {"city": "西安市"}
