"""Returned workbooks that were altered or are not forms at all: each gets its issue, nothing typed is lost."""

from __future__ import annotations

import copy
import zipfile

from docgen.formats.custom_props import CUSTOM_PART
from docgen.formats.xlsx_fill import fill_xlsx
from docgen.formats.xlsx_read import read_xlsx

from .conftest import annual_record, rewrite_part, values_of

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
CP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def _filled(blanks, tmp_path):
    return fill_xlsx(blanks["annual"], annual_record(), tmp_path / "filled.xlsx")


def _name(root, name):
    return next(d for d in root.iter(NS + "definedName") if d.get("name") == name)


def _codes(raw):
    return [i.code for i in raw.issues]


def test_a_deleted_name_is_reported_and_the_value_still_read_by_its_label(blanks, tmp_path):
    path = rewrite_part(_filled(blanks, tmp_path), tmp_path / "deleted.xlsx", "xl/workbook.xml",
                        lambda root: _name(root, "contact_name").getparent().remove(_name(root, "contact_name")))
    raw = read_xlsx(path)
    altered = [i for i in raw.issues if i.code == "form.altered"]
    assert len(altered) == 1 and altered[0].field == "contact_name" and altered[0].severity == "error"
    assert "contact_name" in altered[0].message and "联系人" in altered[0].message
    assert values_of(raw)["contact_name"] == "欧阳𠀀明"


def test_a_duplicated_name_is_reported(blanks, tmp_path):
    def dup(root):
        el = copy.deepcopy(_name(root, "output_total.cur"))
        el.set("localSheetId", "2")  # what copying the 主要指标 sheet in Excel leaves behind
        _name(root, "output_total.cur").addnext(el)

    raw = read_xlsx(rewrite_part(_filled(blanks, tmp_path), tmp_path / "dup.xlsx", "xl/workbook.xml", dup))
    altered = [i for i in raw.issues if i.code == "form.altered"]
    assert [i.field for i in altered] == ["output_total.cur"]
    assert "重复" in altered[0].message and "output_total.cur" in altered[0].message
    assert values_of(raw)["output_total.cur"] == 40.1


def test_a_renamed_name_is_reported_as_missing_and_unknown(blanks, tmp_path):
    raw = read_xlsx(rewrite_part(_filled(blanks, tmp_path), tmp_path / "renamed.xlsx", "xl/workbook.xml",
                                 lambda root: _name(root, "progress.actual").set("name", "progress.actual2")))
    messages = " ".join(i.message for i in raw.issues if i.code == "form.altered")
    assert "progress.actual2" in messages and "本年实际完成" in messages
    assert {i.field for i in raw.issues} >= {"progress.actual"}
    assert values_of(raw)["progress"][0]["actual"] == 40.1  # found under its column heading


def test_a_name_pointing_at_deleted_cells_is_reported(blanks, tmp_path):
    raw = read_xlsx(rewrite_part(_filled(blanks, tmp_path), tmp_path / "ref.xlsx", "xl/workbook.xml",
                                 lambda root: setattr(_name(root, "fill_date"), "text", "#REF!")))
    assert any(i.code == "form.altered" and i.field == "fill_date" and "删除" in i.message for i in raw.issues)


def test_every_name_stripped_reads_by_label(blanks, tmp_path):
    def strip(root):
        dns = root.find(NS + "definedNames")
        dns.getparent().remove(dns)

    filled = _filled(blanks, tmp_path)
    raw = read_xlsx(rewrite_part(filled, tmp_path / "bare.xlsx", "xl/workbook.xml", strip))
    assert _codes(raw) == ["form.read_by_label"] and raw.read_by_label
    assert values_of(raw) == values_of(read_xlsx(filled))


def test_missing_manifest_is_identified_by_content(blanks, tmp_path):
    filled = _filled(blanks, tmp_path)
    out = tmp_path / "nomanifest.xlsx"
    with zipfile.ZipFile(filled) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            if item.filename != CUSTOM_PART:
                zout.writestr(item, zin.read(item))
    raw = read_xlsx(out)
    assert raw.form == "annual" and raw.manifest is None
    assert _codes(raw) == ["form.identified_by_content"] and raw.issues[0].severity == "warning"
    assert values_of(raw) == values_of(read_xlsx(filled))


def _set_prop(name, value):
    def edit(root):
        for p in root.iter(CP + "property"):
            if p.get("name") == name:
                p[0].text = value
    return edit


def test_an_older_version_that_reads_whole_is_a_warning(blanks, tmp_path):
    raw = read_xlsx(rewrite_part(_filled(blanks, tmp_path), tmp_path / "old.xlsx", CUSTOM_PART,
                                 _set_prop("docgen.version", "0.9")))
    assert _codes(raw) == ["form.outdated"] and "0.9" in raw.issues[0].message


def test_an_older_version_missing_fields_is_an_error_naming_them(blanks, tmp_path):
    old = rewrite_part(_filled(blanks, tmp_path), tmp_path / "old.xlsx", CUSTOM_PART, _set_prop("docgen.version", "0.9"))

    def drop(root):
        for dn in list(root.iter(NS + "definedName")):
            if dn.get("name").startswith("work."):
                dn.getparent().remove(dn)

    older = rewrite_part(old, tmp_path / "older.xlsx", "xl/workbook.xml", drop)
    # and the old layout had no 工作情况 sheet, so there is nothing to find by label either
    raw = read_xlsx(rewrite_part(older, tmp_path / "older2.xlsx", "xl/workbook.xml", lambda root: next(
        s for s in root.iter(NS + "sheet") if s.get("name") == "工作情况").set("name", "其他")))
    issue = next(i for i in raw.issues if i.code == "form.outdated_unreadable")
    assert issue.severity == "error" and "经验做法" in issue.message and "典型案例" in issue.message


def test_a_changed_fingerprint_is_altered(blanks, tmp_path):
    raw = read_xlsx(rewrite_part(_filled(blanks, tmp_path), tmp_path / "fp.xlsx", CUSTOM_PART,
                                 _set_prop("docgen.fingerprint", "0000000000000000")))
    assert _codes(raw) == ["form.altered"]


def test_files_that_are_not_forms(blanks, tmp_path):
    cases = {
        "empty.xlsx": b"",
        "text.xlsx": "集群名称,杨凌\n".encode(),
        "truncated.xlsx": blanks["annual"].read_bytes()[:5000],
        "encrypted.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    assert _codes(read_xlsx(tmp_path / "empty.xlsx")) == ["file.not_zip"]
    assert _codes(read_xlsx(tmp_path / "text.xlsx")) == ["file.not_zip"]
    assert _codes(read_xlsx(tmp_path / "truncated.xlsx")) == ["file.not_zip"]
    assert _codes(read_xlsx(tmp_path / "encrypted.xlsx")) == ["file.encrypted"]


def test_a_word_file_named_xlsx(tmp_path):
    path = tmp_path / "word.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    raw = read_xlsx(path)
    assert _codes(raw) == ["file.wrong_extension"] and "Word" in raw.issues[0].message


def test_a_doctype_is_refused_never_resolved(blanks, tmp_path):
    filled = _filled(blanks, tmp_path)
    out = tmp_path / "xxe.xlsx"
    with zipfile.ZipFile(filled) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)
            zout.writestr(item, data)
    raw = read_xlsx(out)
    assert _codes(raw) == ["file.unsafe_xml"] and raw.values == []


def test_a_workbook_of_no_known_form(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "集群名称"
    wb.save(tmp_path / "other.xlsx")
    raw = read_xlsx(tmp_path / "other.xlsx")
    assert raw.form is None and _codes(raw) == ["form.unknown"]


def test_a_bomb_part_is_refused(blanks, tmp_path):
    out = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(blanks["annual"]) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</worksheet>", b"<!--" + b" " * 5_000_000 + b"--></worksheet>")
            zout.writestr(item, data)
    raw = read_xlsx(out)
    assert _codes(raw) == ["file.zip_bomb"]
