"""Generated Word forms, opened without docgen's readers: slots, manifest, page, fonts, drop-downs."""

from __future__ import annotations

import zipfile

import pytest
from docx_cases import DOCX_FORMS, YEAR
from helpers import NS, W, controls, part, tags, text, up
from lxml import etree

from docgen.schema import load_form


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_every_field_has_exactly_one_slot_and_groups_one_per_row(blanks, form_id):
    schema = load_form(form_id)
    root = part(blanks[form_id])
    found = tags(root)
    for f in schema.fields:
        assert found.count(f.id) == 1, f.id
    for g in schema.groups:
        rows = {}
        for f in g.fields:
            trs = [up(c, "tr") for c in controls(root, f.id)]
            assert None not in trs, f.id
            assert len(set(trs)) == len(trs) >= 10, f.id
            rows[f.id] = trs
        assert len({tuple(v) for v in rows.values()}) == 1  # the same rows for every column
    assert set(found) <= set(schema.slot_ids())


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_manifest_names_form_version_fingerprint_and_years(blanks, form_id):
    schema = load_form(form_id)
    props = part(blanks[form_id], "docProps/custom.xml")
    got = {p.get("name"): p[0].text for p in props}
    assert got["docgen.form"] == form_id
    assert got["docgen.version"] == schema.version
    assert got["docgen.fingerprint"] == schema.fingerprint
    if form_id == "application":
        assert got["docgen.years"] == '{"y1": 2023, "y2": 2024, "y3": 2025}'


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_a4_with_the_gbt9704_margins(blanks, form_id):
    root = part(blanks[form_id])
    sect = root.find(".//w:body/w:sectPr", NS)
    size, mar = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    mm = 1440 / 25.4  # twips per mm
    assert abs(int(size.get(f"{W}w")) / mm - 210) <= 1 and abs(int(size.get(f"{W}h")) / mm - 297) <= 1
    for side, want in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(mar.get(f"{W}{side}")) / mm - want) <= 1, side


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_east_asian_faces_on_styles_and_every_run(blanks, form_id):
    styles = part(blanks[form_id], "word/styles.xml")
    faces = {s.get(f"{W}styleId"): s.find("w:rPr/w:rFonts", NS) for s in styles.iter(f"{W}style")}
    assert faces["Normal"].get(f"{W}eastAsia") == "仿宋_GB2312"
    assert faces["Heading1"].get(f"{W}eastAsia") == "黑体"
    assert styles.find(".//w:docDefaults//w:rFonts", NS).get(f"{W}eastAsia") == "仿宋_GB2312"
    root = part(blanks[form_id])
    runs = [r for r in root.iter(f"{W}r") if r.find("w:t", NS) is not None and text(r).strip()]
    assert runs
    for r in runs:
        fonts = r.find("w:rPr/w:rFonts", NS)
        assert fonts is not None and fonts.get(f"{W}eastAsia"), text(r)


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_yes_no_and_choices_are_drop_downs(blanks, form_id):
    schema = load_form(form_id)
    root = part(blanks[form_id])
    for f in schema.all_fields():
        for sdt in controls(root, f.id):
            dd = sdt.find("w:sdtPr/w:dropDownList", NS)
            if f.widget in ("yesno", "choice"):
                items = [i.get(f"{W}displayText") for i in dd.findall("w:listItem", NS)]
                assert items == (["是", "否"] if f.widget == "yesno" else list(f.display_choices())), f.id
            else:
                assert dd is None and sdt.find("w:sdtPr/w:text", NS) is None, f.id  # inline rich text
                assert sdt.getparent().tag == f"{W}p", f.id  # inline: survives LibreOffice


def test_blank_controls_show_a_prompt_and_prefilled_ones_do_not(blanks):
    root = part(blanks["application"])
    (county,) = controls(root, "county")
    (city,) = controls(root, "city")
    (name,) = controls(root, "cluster_name")
    assert text(county) == "鄠邑区" and county.find("w:sdtPr/w:showingPlcHdr", NS) is None
    assert text(city) == "西安市" and city.find("w:sdtPr/w:showingPlcHdr", NS) is None
    assert name.find("w:sdtPr/w:showingPlcHdr", NS) is not None and text(name) == "请填写"


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_prompts_are_grey_by_the_placeholder_style_and_typed_text_is_plain(blanks, filled, form_id):
    """Grey from Word's PlaceholderText style, never direct: an editor keeping a run's properties for
    typed text (LibreOffice does) must not keep the grey; filling drops the style."""
    styles = part(blanks[form_id], "word/styles.xml")
    (style,) = [s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "PlaceholderText"]
    assert style.get(f"{W}type") == "character" and style.find("w:name", NS).get(f"{W}val") == "Placeholder Text"
    assert style.find("w:rPr/w:color", NS).get(f"{W}val") == "808080"
    schema = load_form(form_id)
    blank = part(blanks[form_id])
    for f in schema.all_fields():
        for sdt in controls(blank, f.id):
            if sdt.find("w:sdtPr/w:showingPlcHdr", NS) is None:
                continue  # prefilled (county, year)
            assert text(sdt) == (f.placeholder if not f.group else "请选择" if f.widget in ("yesno", "choice")
                                 else "请填写"), f.id
            for rpr in sdt.iter(f"{W}rPr"):
                assert rpr.find("w:color", NS) is None, f.id
            runs = list(sdt.find("w:sdtContent", NS).iter(f"{W}r"))
            assert [r.find("w:rPr/w:rStyle", NS).get(f"{W}val") for r in runs] == ["PlaceholderText"], f.id
    done = part(filled[form_id])
    typed = [sdt for sdt in done.iter(f"{W}sdt") if sdt.find("w:sdtPr/w:showingPlcHdr", NS) is None]
    assert typed
    for sdt in typed:
        assert sdt.find(".//w:rStyle", NS) is None and sdt.find(".//w:color", NS) is None


def test_a_field_placeholder_can_be_set_in_the_schema():
    from docgen.schema import _leaf

    f = _leaf(None, "x", {"type": "string", "meta": {"label": "X", "placeholder": "请填写全称"}}, "basic")
    assert f.placeholder == "请填写全称"
    date = _leaf(None, "d", {"type": "date", "meta": {"label": "D"}}, "basic")
    assert date.placeholder == "请填写（如 2026-03-15）"
    assert load_form("application").field("output_total.y1").placeholder == "请填写"  # a grid cell


def test_years_in_headers_and_nothing_of_jinja_left(blanks):
    body = etree.tostring(part(blanks["application"]), encoding="unicode")
    assert "{{" not in body and "{%" not in body
    cells = ["".join(text(c).split()) for c in part(blanks["application"]).iter(f"{W}tc")]
    assert {"2023年", "2024年", "2025年"} <= set(cells)
    plan = ["".join(text(c).split()) for c in part(blanks["plan"]).iter(f"{W}tc")]
    assert "基期值（2025年）" in plan and "第三年目标（2028年）" in plan
    assert YEAR == 2026


def test_labels_sit_left_of_their_slots(blanks):
    schema = load_form("change")
    root = part(blanks["change"])
    for f in schema.fields:
        (sdt,) = controls(root, f.id)
        tc = up(sdt, "tc")
        left = tc.getprevious()
        while left is not None and left.tag != f"{W}tc":
            left = left.getprevious()
        assert left is not None and f.label in text(left), f.id


def test_cluster_name_with_markup_characters_is_kept_whole(tmp_path):
    from docgen.formats.docx_read import read_docx
    from docgen.generate import new_form

    path = new_form("plan", tmp_path, county="杨陵区", cluster="A&B<公司>{{ x }}集群", year=YEAR)
    raw = read_docx(path)
    assert {v.field: v.text for v in raw.values}["cluster_name"] == "A&B<公司>{{ x }}集群"
    assert "A&B<公司>{{ x }}集群" in text(part(path))  # the cover line too
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temp file left behind
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None


def test_footer_has_a_page_field(blanks):
    with zipfile.ZipFile(blanks["review"]) as zf:
        footers = [zf.read(n).decode() for n in zf.namelist() if n.startswith("word/footer")]
    assert any("PAGE" in f for f in footers)
