"""`docgen parse` and `docgen validate` through the CLI, as a clerk runs them."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "intake"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))

from bad_batch import make_bad_batch  # noqa: E402  (tests/pipeline/bad_batch.py)

ENTRY_KEYS = {"path", "sha256", "form", "form_version", "valid", "eligible", "issues", "criteria", "data"}


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def digest(folder: Path) -> dict[str, str]:
    files = [Path(d) / n for d, _dirs, names in os.walk(folder) for n in names]  # links not followed
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files) if not p.is_symlink()}


@pytest.fixture
def bad_folder(tmp_path):
    folder = tmp_path / "回收"
    return folder, make_bad_batch(folder)


def test_a_bad_batch_exits_1_names_every_file_and_shows_no_traceback(bad_folder):
    folder, expected = bad_folder
    before = digest(folder)
    result = run("validate", str(folder))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert f"共 {len(expected)} 个文件，有效 0，无效 {len(expected)}" in result.output
    for name, code in expected.items():
        assert name in result.output and code in result.output
    assert "旧版 Office 二进制格式" in result.output  # the Chinese message, saying what to do
    assert digest(folder) == before


def test_json_is_the_contract_and_nothing_else(bad_folder):
    folder, expected = bad_folder
    result = run("validate", "--json", str(folder))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert set(report) == {"policy", "files", "summary"}
    assert all(set(e) == ENTRY_KEYS for e in report["files"])
    assert report["summary"]["files"] == len(expected)


def test_report_files_are_written_and_formula_safe(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.chdir(tmp_path)
    Path("=HYPERLINK(\"x\",\"点我\").docx").write_bytes(b"")
    Path("+cmd.xlsx").write_bytes(b"not a zip")
    result = run("validate", "--report", "out.xlsx", "--", "=HYPERLINK(\"x\",\"点我\").docx", "+cmd.xlsx")
    assert result.exit_code == 1, result.output
    wb = openpyxl.load_workbook("out.xlsx")
    summary, issues = wb["汇总"], wb["问题"]
    assert [c.value for c in summary[1]] == ["文件", "表格", "版本", "有效", "符合条件", "错误数", "警告数",
                                             "集群名称", "所在县（市、区）"]
    assert [c.value for c in issues[1]] == ["文件", "严重程度", "代码", "字段", "行", "标签", "位置", "值", "说明"]
    cell = summary["A2"]
    assert cell.value == "=HYPERLINK(\"x\",\"点我\").docx" and cell.data_type == "s"
    assert summary["A3"].value == "+cmd.xlsx" and summary["A3"].data_type == "s"
    assert [summary.cell(row=r, column=4).value for r in (2, 3)] == ["无效", "无效"]
    assert issues["C2"].value == "file.empty" and issues["B2"].value == "错误"
    result = run("validate", "--report", "out.json", "--", "+cmd.xlsx")
    assert json.loads(Path("out.json").read_text(encoding="utf-8"))["files"][0]["path"] == "+cmd.xlsx"


def test_file_names_with_leading_dashes_spaces_and_chinese_are_taken(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("-申报 书.docx").write_bytes(b"")
    result = run("validate", "--", "-申报 书.docx")
    assert result.exit_code == 1
    assert "-申报 书.docx" in result.output and "file.empty" in result.output


def test_unknown_policy_is_a_usage_error_listing_the_valid_ones(tmp_path):
    result = run("validate", "--policy", "beijing", str(tmp_path))
    assert result.exit_code == 2
    assert "shaanxi-2023" in result.output


def test_report_must_be_json_or_xlsx(tmp_path):
    result = run("validate", "--report", str(tmp_path / "out.csv"), str(tmp_path))
    assert result.exit_code == 2
    assert ".json 或 .xlsx" in result.output


def test_parse_gives_json_and_exit_1_for_an_unreadable_file(tmp_path):
    p = tmp_path / "a.docx"
    p.write_bytes(b"PK\x03\x04broken")
    result = run("parse", "--json", str(p))
    assert result.exit_code == 1
    out = json.loads(result.stdout)
    assert [i["code"] for i in out["issues"]] == ["file.corrupt"]


def test_help_is_bilingual():
    for cmd in ("parse", "validate"):
        result = run(cmd, "--help")
        assert result.exit_code == 0
        assert "退出码" in result.output and "exit" in result.output


def test_progress_goes_to_stderr_only_on_a_terminal_and_never_with_json(bad_folder, monkeypatch):
    from docgen.cli import validate as cmd

    folder, _ = bad_folder
    monkeypatch.setattr(cmd, "_is_tty", lambda stream: True)
    result = run("validate", str(folder))
    assert "校验中" in result.stderr and "校验中" not in result.stdout
    result = run("validate", "--json", str(folder))
    assert "校验中" not in result.stderr
    json.loads(result.stdout)
    monkeypatch.setattr(cmd, "_is_tty", lambda stream: False)
    assert "校验中" not in run("validate", str(folder)).stderr
