"""Per-file isolation and Chinese-only answers: one file breaking a step is that file's issue, the
others complete and the summary prints; a full disk or a read-only folder is a Chinese message and a
non-zero exit, never a traceback; two runs writing the same output never collide."""

from __future__ import annotations

import errno
import json
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import docgen.atomic
from docgen import pipeline
from docgen.cli import main

from .util import digest, env

# Words a Chinese message may carry: format and product names, never a library's sentence.
ALLOWED = {"docx", "xlsx", "pdf", "PDF", "Word", "Excel", "WPS", "Office", "XML", "DOCTYPE", "zip", "LZMA",
           "bzip2", "docgen", "OpenDocument", "odt", "ods", "doc", "xls", "word", "document", "xml", "styles",
           "sheet", "worksheets", "customXml", "item", "sharedStrings", "FIFO", "LibreOffice", "MB", "KB", "Ctrl"}


def english_words(text: str) -> set[str]:
    """English words of a message, leaving out what is quoted from the user (「path」, 「value」)."""
    text = re.sub(r"「[^」]*」|\b[a-z]+\.[a-z_]+\b", "", text)  # user text and issue codes
    return {w for w in re.findall(r"[A-Za-z][A-Za-z0-9]{2,}", text) if w not in ALLOWED}


@pytest.fixture
def batch(tmp_path, forms):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.docx").write_bytes(forms["docx"])
    (folder / "b.xlsx").write_bytes(forms["xlsx"])
    (folder / "c.docx").write_bytes(forms["docx"])
    return folder


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_a_file_whose_annotation_breaks_is_reported_and_the_others_are_copied(batch, tmp_path, monkeypatch):
    real = pipeline._resolve

    def resolve(spec):
        fn = real(spec)
        if spec == pipeline.ANNOTATORS["docx"]:
            def breaking(src, issues, raw, out):
                if Path(src).name == "a.docx":
                    raise RuntimeError("Something in English went wrong")
                return fn(src, issues, raw, out)
            return breaking
        return fn

    monkeypatch.setattr(pipeline, "_resolve", resolve)
    monkeypatch.delenv("DOCGEN_DEBUG", raising=False)
    result = run("validate", batch, "--annotate", tmp_path / "批注")
    assert result.exit_code == 1  # a copy that should exist does not
    assert "校验结果" in result.output and "生成批注副本失败" in result.output
    assert "Something" not in result.output and "RuntimeError" not in result.output
    assert sorted(p.name for p in (tmp_path / "批注").iterdir()) == ["b.xlsx", "c.docx"]


def test_a_file_whose_validation_breaks_is_its_issue(batch, monkeypatch):
    import docgen.validation

    real = docgen.validation.validate_record

    def breaking(schema, data, **kw):
        if schema.format == "xlsx":
            raise ValueError("Exceeds the limit (4300 digits) for integer string conversion")
        return real(schema, data, **kw)

    monkeypatch.setattr(docgen.validation, "validate_record", breaking)
    monkeypatch.delenv("DOCGEN_DEBUG", raising=False)
    report = json.loads(run("validate", "--json", batch).stdout)
    by = {Path(e["path"]).name: e for e in report["files"]}
    assert [i["code"] for i in by["b.xlsx"]["issues"]] == ["file.internal"]
    assert not english_words(by["b.xlsx"]["issues"][0]["message"])
    assert by["a.docx"]["valid"] and by["c.docx"]["valid"]


def test_a_read_only_folder_is_a_chinese_message(batch, tmp_path, monkeypatch):
    def refuse(path, mode):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(docgen.atomic, "_create_temp", refuse)
    result = run("validate", batch, "--report", tmp_path / "报告.json")
    assert result.exit_code == 1
    assert "无法写入报告" in result.stderr and "文件夹只读" in result.stderr
    assert not english_words(result.stderr)
    result = run("validate", batch, "--annotate", tmp_path / "批注")
    assert result.exit_code == 1 and "文件夹只读" in result.output and "Read-only" not in result.output


def test_a_full_disk_is_a_chinese_message_and_no_half_copy(batch, tmp_path):
    """RLIMIT_FSIZE makes every write past 20 KB fail (EFBIG), as a full disk fails it (ENOSPC)."""
    before = digest(batch)

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    out = tmp_path / "批注"
    proc = subprocess.run([sys.executable, "-m", "docgen", "validate", str(batch), "--annotate", str(out)],
                          cwd=tmp_path, env=env(), capture_output=True, text=True, timeout=120, preexec_fn=small_files)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and "Exception ignored" not in proc.stderr, proc.stderr
    assert "生成批注副本失败：文件超过系统允许的大小" in proc.stdout
    assert not [p for p in out.rglob("*") if p.name.startswith(".tmp-")]
    assert digest(batch) == before


def test_two_runs_writing_one_report_never_collide(batch, tmp_path):
    report = tmp_path / "out" / "报告.xlsx"
    for _round in range(4):
        procs = [subprocess.Popen([sys.executable, "-m", "docgen", "validate", str(batch), "--report", str(report)],
                                  cwd=tmp_path, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
        results = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], results
        from openpyxl import load_workbook

        assert load_workbook(report)["汇总"].max_row >= 4  # whole: header + three files
        assert not list(report.parent.glob(".tmp-*"))
