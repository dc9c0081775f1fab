"""Reading a returned Word form back: by tag, placeholders, rows, altered and unidentified files."""

from __future__ import annotations

import copy
import zipfile

import pytest
from docx_cases import DOCX_FORMS
from helpers import NS, W, controls, drop_member, part, rewrite, up, values
from lxml import etree
from records import RECORDS

from docgen.formats.docx_read import read_docx
from docgen.schema import load_form


def expected(form_id: str) -> dict:
    """{(field, row): text} a person would see for the form's record; blanks are None."""
    schema = load_form(form_id)
    record = RECORDS[form_id]()

    def shown(f, v):
        if v is None:
            return None
        if isinstance(v, bool):
            return "是" if v else "否"
        return f.choice_labels.get(v, str(v)) if isinstance(v, str) else str(v)

    out = {}
    for f in schema.fields:
        node = record
        for key in f.id.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        out[(f.id, None)] = shown(f, node)
    for g in schema.groups:
        for i, row in enumerate(record.get(g.id, []), start=1):
            for f in g.fields:
                out[(f.id, i)] = shown(f, row.get(f.name))
    return out


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_a_filled_form_reads_back_the_same_texts(filled, form_id):
    raw = read_docx(filled[form_id])
    assert raw.form == form_id and raw.format == "docx" and not raw.read_by_label
    assert raw.manifest.version == load_form(form_id).version
    assert raw.issues == []
    assert values(raw) == expected(form_id)


def test_blank_form_reads_as_blank_with_prefill_only(blanks):
    raw = read_docx(blanks["application"])
    got = {k: v for k, v in values(raw).items() if v is not None}
    assert got == {("county", None): "鄠邑区", ("city", None): "西安市"}
    assert not any(v.row for v in raw.values)  # twelve blank enterprise rows: all dropped


def test_locations_are_human_and_rows_skip_blank_ones(filled, tmp_path):
    def blank_first_row(root):
        first = up(controls(root, "enterprises.name")[0], "tr")
        filled_row = copy.deepcopy(up(controls(root, "enterprises.name")[5], "tr"))  # still blank
        first.addprevious(filled_row)

    path = rewrite(filled["application"], tmp_path / "gap.docx", blank_first_row)
    raw = read_docx(path)
    uscc = [v for v in raw.values if v.field == "enterprises.uscc"]
    assert [v.row for v in uscc] == [1, 2, 3]
    assert uscc[0].location == "六、梯度培育企业名单 第2行「统一社会信用代码」"  # the person's row 2
    phone = next(v for v in raw.values if v.field == "contact_phone")
    assert phone.location == "一、基本信息「联系电话」"
    total = next(v for v in raw.values if v.field == "output_total.y3")
    assert total.location == "二、主要指标（近三年）「集群总产值」2025年" and total.text == "42.0"


def test_a_row_copied_in_word_is_read(blanks, tmp_path):
    from docgen.formats.docx_fill import fill_docx

    rec = RECORDS["review"]()
    rec["review_targets"] = rec["review_targets"] * 5  # 15 rows: more than the 12 the form has
    raw = read_docx(fill_docx(blanks["review"], rec, tmp_path / "many.docx"))
    assert raw.issues == []
    assert max(v.row for v in raw.values if v.row) == 15


def test_the_showing_placeholder_flag_is_not_trusted_the_content_is(filled, tmp_path):
    """LibreOffice keeps `w:showingPlcHdr` on controls a person typed into: the text decides."""
    def mark(root):
        for sdt in root.iter(f"{W}sdt"):
            if sdt.find("w:sdtPr/w:showingPlcHdr", NS) is None:
                sdt.find("w:sdtPr", NS).append(sdt.makeelement(f"{W}showingPlcHdr"))

    raw = read_docx(rewrite(filled["plan"], tmp_path / "plc.docx", mark))
    assert raw.issues == []
    assert values(raw) == expected("plan")


def test_removed_control_is_read_from_its_cell_with_a_warning(filled, tmp_path):
    def remove(root):
        (sdt,) = controls(root, "contact_phone")
        para = sdt.getparent()
        para.remove(sdt)  # deleted, then the number typed into the cell
        run = etree.SubElement(para, f"{W}r")
        etree.SubElement(run, f"{W}t").text = "029-86219999"

    raw = read_docx(rewrite(filled["application"], tmp_path / "removed.docx", remove))
    assert raw.issues == []  # not an altered form: the label and the row are there
    (phone,) = [v for v in raw.values if v.field == "contact_phone"]
    assert phone.text == "029-86219999" and phone.notes == ("field.control_missing",)
    assert phone.location == "一、基本信息「联系电话」"
    assert values(raw) == {**expected("application"), ("contact_phone", None): "029-86219999"}


def test_a_control_whose_label_row_is_gone_is_form_altered_naming_it(filled, tmp_path):
    def remove(root):
        (sdt,) = controls(root, "contact_phone")
        tr = up(sdt, "tr")
        tr.getparent().remove(tr)

    raw = read_docx(rewrite(filled["application"], tmp_path / "removed.docx", remove))
    (issue,) = [i for i in raw.issues if i.code == "form.altered"]
    assert issue.severity == "error" and "联系电话" in issue.message and "contact_phone" in issue.message
    assert ("cluster_name", None) in values(raw)  # the rest is still read
    (phone,) = [v for v in raw.values if v.field == "contact_phone"]
    assert phone.text is None and phone.location == "一、基本信息「联系电话」"  # its issues say where


def test_duplicated_and_renamed_controls_are_named(filled, tmp_path):
    def damage(root):
        (name,) = controls(root, "contact_name")
        name.addnext(copy.deepcopy(name))
        (fax,) = controls(root, "fill_date")
        fax.find("w:sdtPr/w:tag", NS).set(f"{W}val", "fill_date_2")

    raw = read_docx(rewrite(filled["change"], tmp_path / "dup.docx", damage))
    (issue,) = [i for i in raw.issues if i.code == "form.altered"]
    assert "重复" in issue.message and "contact_name" in issue.message
    assert "fill_date_2" in issue.message and "「填报日期」(fill_date)" in issue.message


def test_group_control_deleted_in_one_row_is_read_by_its_column(filled, tmp_path):
    def remove(root):
        sdt = controls(root, "targets.unit")[2]
        para = sdt.getparent()
        para.remove(sdt)
        run = etree.SubElement(para, f"{W}r")
        etree.SubElement(run, f"{W}t").text = "万元"

    raw = read_docx(rewrite(filled["plan"], tmp_path / "row.docx", remove))
    assert raw.issues == []
    (unit,) = [v for v in raw.values if v.field == "targets.unit" and v.row == 3]
    assert unit.text == "万元" and unit.notes == ("field.control_missing",)
    assert unit.location == "四、发展目标 第3行「单位」" or unit.location.endswith("第3行「单位」")


def test_group_cell_gone_in_one_row_is_named(filled, tmp_path):
    def remove(root):
        tc = up(controls(root, "targets.unit")[2], "tc")
        tc.getparent().remove(tc)

    raw = read_docx(rewrite(filled["plan"], tmp_path / "row.docx", remove))
    (issue,) = [i for i in raw.issues if i.code == "form.altered"]
    assert "targets.unit" in issue.message


def test_without_manifest_the_form_is_identified_by_content(filled, tmp_path):
    path = drop_member(filled["review"], tmp_path / "nomanifest.docx", "docProps/custom.xml")
    raw = read_docx(path)
    assert raw.form == "review" and raw.manifest is None
    assert [i.code for i in raw.issues] == ["form.identified_by_content"]
    assert "复核申请表" in raw.issues[0].message
    assert values(raw) == expected("review")


def _with_props(src, out, **changes):
    from docgen.formats.custom_props import write_custom_props

    out.write_bytes(src.read_bytes())
    write_custom_props(out, {f"docgen.{k}": v for k, v in changes.items()})
    return out


def test_older_version_is_a_warning_when_all_fields_read(filled, tmp_path):
    raw = read_docx(_with_props(filled["change"], tmp_path / "old.docx", version="0.9"))
    (issue,) = raw.issues
    assert issue.code == "form.outdated" and issue.severity == "warning" and "0.9" in issue.message


def test_older_version_with_missing_fields_is_an_error(filled, tmp_path):
    old = _with_props(filled["change"], tmp_path / "old.docx", version="0.9")

    def remove(root):
        (sdt,) = controls(root, "change_reason")
        tr = up(sdt, "tr")
        tr.getparent().remove(tr)

    raw = read_docx(rewrite(old, tmp_path / "old2.docx", remove))
    codes = [i.code for i in raw.issues]
    assert "form.outdated_unreadable" in codes and "form.outdated" not in codes


def test_fingerprint_mismatch_with_same_version_is_altered(filled, tmp_path):
    raw = read_docx(_with_props(filled["plan"], tmp_path / "fp.docx", fingerprint="0000000000000000"))
    assert [i.code for i in raw.issues] == ["form.altered"]


def test_not_a_zip_and_unsafe_xml_are_file_issues(tmp_path, filled):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip at all")
    assert [i.code for i in read_docx(bad).issues] == ["file.not_zip"]
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(filled["change"]) as src, zipfile.ZipFile(evil, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
            dst.writestr(info, data)
    raw = read_docx(evil)
    assert [i.code for i in raw.issues] == ["file.unsafe_xml"] and raw.values == []


def test_inputs_are_never_modified(filled):
    import hashlib

    before = hashlib.sha256(filled["application"].read_bytes()).hexdigest()
    read_docx(filled["application"])
    assert hashlib.sha256(filled["application"].read_bytes()).hexdigest() == before


def test_a_member_that_lies_about_its_size_is_corrupt_not_inflated(filled, tmp_path):
    data = bytearray(filled["plan"].read_bytes())
    name = b"word/document.xml"
    for sig, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        pos = data.find(sig)
        while pos != -1:
            if data[pos + name_at: pos + name_at + len(name)] == name:
                data[pos + offset: pos + offset + 4] = (4096).to_bytes(4, "little")
            pos = data.find(sig, pos + 4)
    liar = tmp_path / "liar.docx"
    liar.write_bytes(bytes(data))
    raw = read_docx(liar)
    assert [i.code for i in raw.issues] == ["file.corrupt"] and raw.values == []


def test_a_word_file_of_another_kind_is_unknown(tmp_path):
    import docx

    doc = docx.Document()
    doc.add_paragraph("关于开展2026年度中小企业特色产业集群申报工作的通知")
    doc.add_table(rows=2, cols=2).cell(0, 0).text = "附件"
    doc.save(tmp_path / "notice.docx")
    raw = read_docx(tmp_path / "notice.docx")
    assert raw.form is None and [i.code for i in raw.issues] == ["form.unknown"]


def test_text_typed_beside_a_blank_control_is_read(blanks, filled, tmp_path):
    def type_beside(root):
        (sdt,) = controls(root, "contact_name")
        (blank,) = controls(part(blanks["plan"]), "contact_name")  # the control still blank
        sdt.getparent().replace(sdt, blank)
        run = etree.SubElement(up(blank, "p"), f"{W}r")
        etree.SubElement(run, f"{W}t").text = "周七"
        (unit,) = [s for s in controls(root, "targets.unit")][:1]
        run = etree.SubElement(up(unit, "p"), f"{W}r")
        etree.SubElement(run, f"{W}t").text = "（当年价）"

    raw = read_docx(rewrite(filled["plan"], tmp_path / "beside.docx", type_beside))
    got = values(raw)
    assert got[("contact_name", None)] == "周七"
    assert got[("targets.unit", 1)] == "亿元（当年价）"
    (name,) = [v for v in raw.values if v.field == "contact_name"]
    assert name.notes == ("field.placeholder_left",)  # the grey prompt still prints before it


@pytest.mark.parametrize("style", ["old", "new"])
def test_drop_downs_written_either_way_read_and_lint_alike(filled, tmp_path, style):
    """Older forms carry `w:listItem w:val`; the schema's way is `w:displayText` + `w:value`."""
    from docgen.formats.docx_controls import list_items
    from docgen.formats.docx_lint import lint_docx_template

    def rewrite_items(root):
        for item in root.iter(f"{W}listItem"):
            text = item.get(f"{W}displayText") or item.get(f"{W}val")
            for attr in list(item.attrib):
                del item.attrib[attr]
            if style == "old":
                item.set(f"{W}val", text)
            else:
                item.set(f"{W}displayText", text)
                item.set(f"{W}value", text)

    path = rewrite(filled["application"], tmp_path / f"{style}.docx", rewrite_items)
    raw = read_docx(path)
    assert raw.issues == [] and values(raw) == expected("application")
    (city,) = controls(part(path), "city")
    assert list_items(city.find("w:sdtPr/w:dropDownList", NS))[:2] == ["西安市", "铜川市"]
    assert not [p for p in lint_docx_template(path, load_form("application")) if "下拉" in p]


def test_a_row_whose_controls_were_all_deleted_is_read_by_its_columns(filled, tmp_path):
    rows = RECORDS["application"]()["enterprises"]

    def strip_row(root):
        tr = up(controls(root, "enterprises.name")[1], "tr")
        for sdt in list(tr.iter(f"{W}sdt")):
            para = sdt.getparent()
            text = "".join(t.text or "" for t in sdt.iter(f"{W}t"))
            run = etree.Element(f"{W}r")
            etree.SubElement(run, f"{W}t").text = text
            sdt.addprevious(run)
            para.remove(sdt)

    raw = read_docx(rewrite(filled["application"], tmp_path / "row.docx", strip_row))
    assert raw.issues == []
    assert values(raw) == expected("application")
    second = [v for v in raw.values if v.row == 2]
    assert {v.field for v in second} == {f"enterprises.{k}" for k in ("name", "uscc", "level", "year", "leading")}
    assert all(v.notes == ("field.control_missing",) for v in second)
    assert [v.text for v in raw.values if v.field == "enterprises.name"] == [r["name"] for r in rows]
