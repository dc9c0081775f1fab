"""Fill → read gives back exactly what was entered: dates, integers, decimals, CJK text, blank rows dropped."""

from __future__ import annotations

import datetime as dt
import hashlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.formats.xlsx_cells import format_number, is_date_format
from docgen.formats.xlsx_fill import fill_xlsx
from docgen.formats.xlsx_package import date_to_serial, serial_to_date
from docgen.formats.xlsx_read import read_xlsx
from docgen.schema import load_form

from .conftest import annual_record, expected_cells, recommendation_record, rewrite_part, values_of


def _same(schema, record, raw):
    want, got = expected_cells(schema, record), values_of(raw)
    for f in schema.fields:
        assert got.get(f.id) == want.get(f.id), f.id
        assert type(got.get(f.id)) is type(want.get(f.id)), f.id
    for g in schema.groups:
        assert got.get(g.id, []) == want.get(g.id, []), g.id


def test_annual_round_trip(blanks, tmp_path):
    schema, record = load_form("annual"), annual_record()
    raw = read_xlsx(fill_xlsx(blanks["annual"], record, tmp_path / "annual.xlsx"))
    assert raw.form == "annual" and raw.issues == [] and not raw.read_by_label
    assert raw.manifest.years == {"prev": 2024, "cur": 2025}
    _same(schema, record, raw)
    got = values_of(raw)
    assert got["fill_date"] == dt.date(2026, 3, 15)
    assert got["employees.cur"] == 16010 and isinstance(got["employees.cur"], int)
    assert got["co2_intensity.cur"] == 0.4875
    assert got["safety.other_major"] == "是" and got["safety.major_accident"] == "否"
    assert got["progress"][1] == {"indicator": "单位产值二氧化碳排放", "target": 0.5, "actual": 0.4875}
    assert got["work.improvements"] == "=设立专项基金（不是公式）"
    assert got["work.experience"].count("\n") == 1


def test_every_value_says_where_it_is(blanks, tmp_path):
    raw = read_xlsx(fill_xlsx(blanks["annual"], annual_record(), tmp_path / "a.xlsx"))
    where = {(v.field, v.row): v.location for v in raw.values}
    assert where[("cluster_name", None)] == "基本信息!C4"
    assert where[("output_total.cur", None)] == "主要指标!E4"
    assert where[("progress.actual", 3)] == "目标进展!C6"
    text = {(v.field, v.row): v.text for v in raw.values}
    assert text[("fill_date", None)] == "2026-03-15" and text[("output_sme.cur", None)] == "31.75"


def test_blank_rows_are_dropped_and_rows_numbered_as_they_remain(blanks, tmp_path):
    record = annual_record()
    first, second, third = record["progress"]
    record["progress"] = [None, first, {}, {}, second, None, third]
    raw = read_xlsx(fill_xlsx(blanks["annual"], record, tmp_path / "gaps.xlsx"))
    rows = [(v.row, v.location) for v in raw.values if v.field == "progress.indicator"]
    assert rows == [(1, "目标进展!A5"), (2, "目标进展!A8"), (3, "目标进展!A10")]
    assert values_of(raw)["progress"] == expected_cells(load_form("annual"), annual_record())["progress"]


def test_a_row_with_only_a_note_is_kept(blanks, tmp_path):
    record = annual_record()
    record["progress"] = [{"note": "仅有说明"}]
    raw = read_xlsx(fill_xlsx(blanks["annual"], record, tmp_path / "note.xlsx"))
    got = [(v.field, v.text) for v in raw.values if v.row == 1]
    assert ("progress.note", "仅有说明") in got and ("progress.indicator", None) in got


def test_recommendation_round_trip(blanks, tmp_path):
    schema, record = load_form("recommendation"), recommendation_record()
    raw = read_xlsx(fill_xlsx(blanks["recommendation"], record, tmp_path / "rec.xlsx"))
    assert raw.form == "recommendation" and raw.issues == []
    _same(schema, record, raw)
    assert values_of(raw)["recs"][0]["spot_check"] == "是" and values_of(raw)["recs"][1]["rank"] == 2


def test_text_typed_into_number_cells_is_kept_as_typed(blanks, tmp_path):
    record = {"output_total": {"prev": "35.2亿元", "cur": "７２．５％"}, "employees": {"cur": "三十"}}
    raw = read_xlsx(fill_xlsx(blanks["annual"], record, tmp_path / "typed.xlsx"))
    got = {v.field: (v.text, v.native) for v in raw.values}
    assert got["output_total.prev"] == ("35.2亿元", None)
    assert got["output_total.cur"] == ("７２．５％", None)
    assert got["employees.cur"] == ("三十", None)


def test_reading_never_modifies_the_file(blanks, tmp_path):
    path = fill_xlsx(blanks["annual"], annual_record(), tmp_path / "a.xlsx")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    read_xlsx(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_1904_date_system_is_honoured(blanks, tmp_path):
    path = fill_xlsx(blanks["annual"], {"fill_date": dt.date(2026, 3, 15)}, tmp_path / "a.xlsx")
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    out = rewrite_part(path, tmp_path / "mac.xlsx", "xl/workbook.xml",
                       lambda root: root.find(ns + "workbookPr").set("date1904", "1"))
    got = {v.field: v.native for v in read_xlsx(out).values}
    assert got["fill_date"] == dt.date(2026, 3, 15) + dt.timedelta(days=1462)  # same serial, Mac epoch


def test_number_formats_render_as_excel_shows_them():
    assert format_number(0.725, "0.0%") == "72.5%"
    assert format_number(1234567.5, "#,##0.00") == "1,234,567.50"
    assert format_number(35.0, "General") == "35" and format_number(0.1 + 0.2, "General") == "0.3"
    assert is_date_format("yyyy-mm-dd") and is_date_format('yyyy"年"m"月"d"日"') and is_date_format("m/d/yy")
    assert not is_date_format("0.00") and not is_date_format("General") and not is_date_format('0.0"万元"')
    assert serial_to_date(date_to_serial(dt.date(2024, 2, 29))) == dt.date(2024, 2, 29)


cjk = st.text(alphabet=st.sampled_from("陕西杨凌农业装备集群𠀀鿏〇“”（）&<>=+-@ \n甲乙ABC123"), min_size=1, max_size=80)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=cjk.filter(lambda s: s.strip() == s and s.strip()), text=cjk,
       number=st.one_of(st.integers(-10**9, 10**12), st.floats(-1e9, 1e12, allow_nan=False).map(lambda x: round(x, 6))),
       day=st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31)),
       rows=st.lists(st.one_of(st.none(), st.fixed_dictionaries({"target": st.integers(0, 999), "note": cjk})),
                     max_size=30))
def test_property_round_trip(blanks, tmp_path, name, text, number, day, rows):
    schema = load_form("annual")
    record = {"cluster_name": name, "work": {"cases": text}, "rd_sme": {"cur": number}, "fill_date": day,
              "progress": rows}
    raw = read_xlsx(fill_xlsx(blanks["annual"], record, tmp_path / "p.xlsx"))
    got, want = values_of(raw), expected_cells(schema, record)
    assert got["cluster_name"] == name and got["work.cases"] == text and got["fill_date"] == day
    assert got["rd_sme.cur"] == number
    keep = [r for r in want.get("progress", []) if any(str(v).strip() for v in r.values())]
    assert got.get("progress", []) == keep


def test_fill_refuses_what_the_form_cannot_hold(blanks, tmp_path):
    import pytest

    from docgen.errors import InputError

    with pytest.raises(InputError, match="没有这些字段"):
        fill_xlsx(blanks["annual"], {"cluster_nmae": "拼错"}, tmp_path / "x.xlsx")
    with pytest.raises(InputError, match="31 行"):
        fill_xlsx(blanks["annual"], {"progress": [{"target": 1}] * 31}, tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()
