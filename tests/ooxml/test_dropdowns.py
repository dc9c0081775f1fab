"""Drop-down items carry the schema's w:displayText and w:value; files of older docgen (w:val) still
pass the template check, and a chosen item reads back as before."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from docgen.formats.docx_controls import list_items
from docgen.formats.docx_lint import lint_docx_template
from docgen.formats.ooxml import w
from docgen.schema import load_form


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    from docgen.generate import new_form

    return new_form("application", tmp_path_factory.mktemp("dd"), county="陈仓区", year=2026)


def _items(path):
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return list(root.iter(w("listItem")))


def _rewrite_items(src, out, edit):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                for item in root.iter(w("listItem")):
                    edit(item)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    return out


def test_items_have_display_text_and_value_and_no_val(blank):
    items = _items(blank)
    assert len(items) > 50
    for item in items:
        assert set(item.attrib) == {w("displayText"), w("value")}
        assert item.get(w("value")) == item.get(w("displayText"))
    assert {i.get(w("displayText")) for i in items} >= {"是", "否"}


def test_template_check_reads_old_and_value_only_items(blank, tmp_path):
    schema = load_form("application")
    assert lint_docx_template(blank, schema) == []

    def old_docgen(item):  # docgen ≤ 1.0: displayText and a w:val the schema does not have
        item.set(w("val"), item.attrib.pop(w("value")))

    def value_only(item):  # an editor that keeps only the value
        del item.attrib[w("displayText")]

    for edit in (old_docgen, value_only):
        path = _rewrite_items(blank, tmp_path / f"{edit.__name__}.docx", edit)
        assert lint_docx_template(path, schema) == [], edit.__name__
    wrong = _rewrite_items(blank, tmp_path / "wrong.docx", lambda i: i.set(w("displayText"), "也许"))
    assert any("应为下拉列表" in p for p in lint_docx_template(wrong, schema))


def test_list_items_prefers_the_display_text():
    dd = etree.Element(w("dropDownList"))
    etree.SubElement(dd, w("listItem"), {w("displayText"): "是", w("value"): "yes"})
    etree.SubElement(dd, w("listItem"), {w("value"): "否"})
    etree.SubElement(dd, w("listItem"), {w("val"): "不适用"})
    assert list_items(dd) == ["是", "否", "不适用"]


def test_a_chosen_item_reads_back(blank, tmp_path):
    from docgen.formats.docx_fill import fill_docx
    from docgen.formats.docx_read import read_docx
    from docgen.samples import valid_record

    record = valid_record("application", 2026, county="陈仓区")
    filled = fill_docx(blank, record, tmp_path / "filled.docx")
    values = {(v.field, v.row): v.text for v in read_docx(filled).values}
    assert values[("enterprises.level", 1)] == record["enterprises"][0]["level"]
    chosen = {f.id: "是" if record[f.id] else "否" for f in load_form("application").fields
              if f.widget == "yesno" and record.get(f.id) is not None}
    assert len(chosen) >= 5
    assert {fid: values[(fid, None)] for fid in chosen} == chosen
