"""Chinese only: what libxml2, zipfile, pdfminer, Python or the OS say in English never reaches a
message; every hostile file of these tests answers from the catalogue."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main

from . import cases
from .test_isolation import english_words
from .test_package import _package_cases


def _bad_crc(data: bytes, name: str) -> bytes:
    _local, central = cases._member_offsets(data, name)
    out = bytearray(data)
    (crc,) = struct.unpack_from("<I", out, central + 16)
    struct.pack_into("<I", out, central + 16, crc ^ 0xFFFF)
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    struct.pack_into("<I", out, local + 14, crc ^ 0xFFFF)
    return bytes(out)


def _deep(data: bytes) -> bytes:
    """document.xml nested 5,000 deep inside its body (libxml2: "Excessive depth in document")."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    xml = zf.read("word/document.xml").decode("utf-8")
    deep = "<w:p>" * 5000 + "</w:p>" * 5000
    return cases.rezip(data, replace={"word/document.xml": xml.replace("<w:body>", "<w:body>" + deep, 1).encode()})


def _huge_number(xlsx: bytes) -> bytes:
    """A number cell of 5,000 digits where the annual table wants an integer (Python: "4300 digits")."""
    name = "xl/worksheets/sheet2.xml"
    xml = zipfile.ZipFile(io.BytesIO(xlsx)).read(name).decode("utf-8")
    head, sep, rest = xml.partition("<v>")
    value, end, tail = rest.partition("</v>")
    return cases.rezip(xlsx, replace={name: (head + sep + "9" * 5000 + end + tail).encode()})


def _files(forms) -> dict[str, bytes]:
    docx, xlsx = forms["docx"], forms["xlsx"]
    files = {name: data for name, (data, _code) in _package_cases(forms).items()}
    files.update({
        "bad-crc.docx": _bad_crc(docx, "word/document.xml"),
        "bad-crc.xlsx": _bad_crc(xlsx, "xl/worksheets/sheet2.xml"),
        "deep.docx": _deep(docx),
        "huge-number.xlsx": _huge_number(xlsx),
        "truncated.docx": docx[: len(docx) // 2],
        "no-root.pdf": b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\ntrailer\n<< >>\n%%EOF\n",
        "garbage.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 20,
        "index.pdf": cases.pdf_index_bomb(),
        "pages.pdf": cases.pdf_pages(100),
        "empty.xlsx": b"",
    })
    return files


def test_every_message_is_chinese(tmp_path, forms):
    folder = tmp_path / "in"
    folder.mkdir()
    files = _files(forms)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    result = CliRunner().invoke(main, ["validate", "--json", str(folder)], catch_exceptions=False)
    report = json.loads(result.stdout)
    assert report["summary"]["files"] == len(files)
    for e in report["files"]:
        name = Path(e["path"]).name
        assert e["valid"] is False or name == "huge-number.xlsx", name
        for issue in e["issues"]:
            assert not english_words(issue["message"]), (name, issue["message"])


@pytest.mark.parametrize("name", ["deep.docx", "bad-crc.docx", "no-root.pdf", "truncated.docx"])
def test_parse_answers_in_chinese_too(tmp_path, forms, name):
    path = tmp_path / name
    path.write_bytes(_files(forms)[name])
    result = CliRunner().invoke(main, ["parse", str(path)], catch_exceptions=False)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("  ")]
    assert lines and not any(english_words(line.replace(str(path), "")) for line in lines), result.output
