"""Package sanity and per-file isolation: a package Word or Excel would not open (or would open
differently) is refused with a file-level issue and gets no annotated copy; `validate --annotate` over
a folder of them still copies the valid files, prints the summary and exits 1, never 内部错误."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.intake import sniff

from . import cases
from .util import digest


def _package_cases(forms) -> dict[str, tuple[bytes, str]]:
    docx, xlsx = forms["docx"], forms["xlsx"]
    return {
        "dup-document.docx": (cases.duplicate_member(docx, "word/document.xml", b"<w:document/>"), "file.package_invalid"),
        "dup-case.xlsx": (cases.duplicate_member(xlsx, "XL/Workbook.xml", b"<workbook/>"), "file.package_invalid"),
        "lzma.docx": (cases.rezip(docx, method={"word/styles.xml": zipfile.ZIP_LZMA}), "file.package_invalid"),
        "bzip2.xlsx": (cases.rezip(xlsx, method={"xl/styles.xml": zipfile.ZIP_BZIP2}), "file.package_invalid"),
        "encrypted-member.docx": (cases.encrypted_flag(docx, "word/document.xml"), "file.encrypted"),
        "encrypted-styles.xlsx": (cases.encrypted_flag(xlsx, "xl/styles.xml"), "file.encrypted"),
        "bad-deflate.docx": (cases.broken_deflate(docx, "word/document.xml"), "file.corrupt"),
        "bad-deflate.xlsx": (cases.broken_deflate(xlsx, "xl/worksheets/sheet2.xml"), "file.corrupt"),
        "utf16-doctype.docx": (cases.doctype_utf16(docx, "word/document.xml"), "file.unsafe_xml"),
        "utf16-styles.xlsx": (cases.doctype_utf16(xlsx, "xl/styles.xml"), "file.unsafe_xml"),
        "late-doctype.docx": (cases.doctype_late(docx, "word/document.xml"), "file.unsafe_xml"),
        "late-doctype-unparsed.docx": (cases.doctype_late(docx, "word/fontTable.xml", pad=20_000), "file.unsafe_xml"),
        "late-doctype.xlsx": (cases.doctype_late(xlsx, "xl/theme/theme1.xml"), "file.unsafe_xml"),
        "utf7.docx": (cases.rezip(docx, replace={"word/settings.xml": b'<?xml version="1.0" encoding="UTF-7"?>'
                                                 b"+ADw-!DOCTYPE x+AD4-<x/>"}), "file.unsafe_xml"),
    }


NAMES = ["dup-document.docx", "dup-case.xlsx", "lzma.docx", "bzip2.xlsx", "encrypted-member.docx",
         "encrypted-styles.xlsx", "bad-deflate.docx", "bad-deflate.xlsx", "utf16-doctype.docx",
         "utf16-styles.xlsx", "late-doctype.docx", "late-doctype-unparsed.docx", "late-doctype.xlsx", "utf7.docx"]


@pytest.mark.parametrize("name", NAMES)
def test_intake_refuses_it(tmp_path, forms, name):
    data, code = _package_cases(forms)[name]
    path = tmp_path / name
    path.write_bytes(data)
    s = sniff(path)
    assert (s.kind, s.issue.code if s.issue else None) == (None, code)
    assert not re.search(r"[A-Za-z]{3,} [a-z]{3,}", s.issue.message), s.issue.message  # no library sentence


def test_a_folder_of_them_is_validated_and_annotated_file_by_file(tmp_path, forms):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (data, _code) in _package_cases(forms).items():
        (folder / name).write_bytes(data)
    (folder / "申报书.docx").write_bytes(forms["docx"])
    (folder / "年度表.xlsx").write_bytes(forms["xlsx"])
    before = digest(folder)
    out = tmp_path / "批注"
    result = CliRunner().invoke(main, ["validate", str(folder), "--annotate", str(out)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "内部错误" not in result.output and "Traceback" not in result.output
    assert "校验结果" in result.output and "共 16 个文件，有效 2" in result.output  # the summary printed
    assert sorted(p.name for p in out.iterdir()) == ["年度表.xlsx", "申报书.docx"]  # copies of the valid only
    assert digest(folder) == before


def test_json_codes_of_each(tmp_path, forms):
    folder = tmp_path / "in"
    folder.mkdir()
    expected = {}
    for name, (data, code) in _package_cases(forms).items():
        (folder / name).write_bytes(data)
        expected[name] = [code]
    import json

    result = CliRunner().invoke(main, ["validate", "--json", str(folder)], catch_exceptions=False)
    got = {Path(e["path"]).name: [i["code"] for i in e["issues"]] for e in json.loads(result.stdout)["files"]}
    assert got == expected
