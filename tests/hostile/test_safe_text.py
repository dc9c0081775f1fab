"""Safe text out: control and bidi characters of file names and values are escaped in the terminal
and in the .xlsx report, kept exactly in the JSON, and a value holding them gets a warning."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from docgen.cli import main
from docgen.formats.docx_fill import fill_docx
from docgen.generate import new_form
from docgen.safetext import hidden_characters, visible
from docgen.samples import valid_record

HOSTILE_NAMES = [
    "\x1b[2J清屏.docx",  # clears the screen
    "\x1b]0;标题\x07.docx",  # OSC: sets the terminal's title
    "假\n有效  符合        0     0  集群申报书  伪造.docx",  # a forged "有效" row
    "申报\u202excod.exe.docx",  # shows as 申报exe.docx…
    "c1\x9b31m.docx",  # C1 CSI
]
RAW = ("\x1b", "\x07", "\u202e", "\x9b")


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def folder(tmp_path, forms):
    f = tmp_path / "in"
    f.mkdir()
    for name in HOSTILE_NAMES:
        (f / name).write_bytes(forms["docx"])
    return f


def test_the_terminal_shows_names_escaped(folder):
    result = run("validate", folder)
    assert result.exit_code == 0, result.output
    assert not any(ch in result.output for ch in RAW)
    assert "\\x1b[2J清屏.docx" in result.output and "\\u202e" in result.output
    rows = [line for line in result.output.splitlines() if line.startswith("有效  符合 ")]
    assert len(rows) == len(HOSTILE_NAMES)  # the newline forged no extra row
    assert "假\\n有效" in result.output


def test_json_keeps_the_exact_names(folder):
    result = run("validate", "--json", folder)
    assert not any(ch in result.stdout for ch in ("\u202e", "\x9b", "\x1b"))  # escaped as \\u…
    names = sorted(Path(e["path"]).name for e in json.loads(result.stdout)["files"])
    assert names == sorted(HOSTILE_NAMES)


def test_the_xlsx_report_shows_them_escaped(folder, tmp_path):
    out = tmp_path / "报告.xlsx"
    assert run("validate", folder, "--report", out).exit_code == 0
    ws = load_workbook(out)["汇总"]
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(ch in c for c in cells for ch in RAW)
    assert any("\\u202e" in c for c in cells) and any("\\x1b" in c for c in cells)


def test_a_value_with_a_bidi_override_or_c1_control_is_warned_of(tmp_path):
    record = valid_record("application")
    record["cluster_name"] = "西安\u202e群集业产\x85特色"
    blank = new_form("application", tmp_path / "blank", filename="a.docx")
    path = fill_docx(blank, record, tmp_path / "a.docx") or tmp_path / "a.docx"
    result = run("validate", "--json", path)
    entry = json.loads(result.stdout)["files"][0]
    warned = [i for i in entry["issues"] if i["code"] == "file.hidden_characters"]
    assert [w["field"] for w in warned] == ["cluster_name"] and warned[0]["severity"] == "warning"
    assert "U+202E" in warned[0]["message"] and "U+0085" in warned[0]["message"]
    assert entry["data"]["cluster_name"] == record["cluster_name"]  # the JSON keeps the exact value
    text = run("parse", path).output
    assert "\u202e" not in text and "\\u202e" in text


def test_visible_and_hidden_characters():
    assert visible("a\x1b[2Jb\nc\u202e") == "a\\x1b[2Jb\\nc\\u202e"
    assert visible("甲\n乙", one_line=False) == "甲\n乙"
    assert hidden_characters("正常文字\n第二行") == []
    assert hidden_characters("a\u202eb\x9bc\u202e") == ["U+202E", "U+009B"]


def test_the_package_is_untouched_by_reading(tmp_path, forms, folder):
    before = {p: p.read_bytes() for p in folder.iterdir()}
    run("validate", folder, "--annotate", tmp_path / "批注")
    assert {p: p.read_bytes() for p in folder.iterdir()} == before
    copy = next((tmp_path / "批注").iterdir())
    assert zipfile.ZipFile(io.BytesIO(copy.read_bytes())).testzip() is None
