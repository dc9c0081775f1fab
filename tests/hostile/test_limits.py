"""Limits on every parser, as settings: each hostile file stops at its limit with `file.limit`, in a
bounded time (the subprocess timeout) and bounded memory (< 500 MB over the process tree), the valid
file beside it is still read, the input is unchanged, and `--annotate` never materialises a range."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from pathlib import Path

import pytest

from docgen import pipeline
from docgen.intake import collect_inputs
from docgen.settings import DEFAULT, Settings

from . import cases
from .util import MEMORY_LIMIT_MB, sha256

ANNUAL_SHEET = "xl/worksheets/sheet2.xml"  # 基本信息


def _builders(forms) -> dict[str, tuple[str, bytes, str]]:
    """name → (file name, bytes, words of the limit in the message)."""
    return {
        "xref index bomb": ("index.pdf", cases.pdf_index_bomb(), "对象超过"),
        "xobject bomb": ("xobject.pdf", cases.pdf_xobject_bomb(), "嵌套绘制"),
        "5,000 pages": ("pages.pdf", cases.pdf_pages(5000), "页"),
        "flate bomb": ("flate.pdf", cases.pdf_flate_bomb(200), "解压后的数据"),
        "merge D2:XFD1048576": ("merge.xlsx", cases.merge_range(forms["xlsx"], ANNUAL_SHEET), "合并单元格"),
        "300,000 shared strings": ("sst.xlsx", cases.shared_strings(forms["xlsx"], 300_000), "共享字符串"),
        "21 MB of shared text": ("sst-mb.xlsx", cases.shared_strings(forms["xlsx"], 1_000, _cjk(7_000)),
                                 "共享字符串的文字"),
    }


def _cjk(n: int) -> str:
    """`n` CJK characters that do not compress far (a bomb's ratio would be refused first)."""
    rng = random.Random(11)
    return "".join(chr(0x4E00 + rng.randrange(20_000)) for _ in range(n))


NAMES = ["xref index bomb", "xobject bomb", "5,000 pages", "flate bomb", "merge D2:XFD1048576",
         "300,000 shared strings", "21 MB of shared text"]


@pytest.mark.parametrize("case", NAMES)
def test_each_hostile_file_stops_at_its_limit(tmp_path, forms, run_measured, case):
    name, data, words = _builders(forms)[case]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    (folder / "申报书.docx").write_bytes(forms["docx"])
    before = sha256(folder / name)
    out = tmp_path / "批注"
    r = run_measured("validate", "--json", folder, "--annotate", out)
    assert r.peak_mb < MEMORY_LIMIT_MB, f"{case}: {r.peak_mb:.0f} MB"
    assert r.rc == 1 and "Traceback" not in r.err and "内部错误" not in r.err, r.err
    by_name = {Path(e["path"]).name: e for e in r.json()["files"]}
    issues = by_name[name]["issues"]
    assert [i["code"] for i in issues] == ["file.limit"], issues
    assert words in issues[0]["message"]
    assert by_name["申报书.docx"]["valid"] is True
    assert (out / "申报书.docx").is_file() and not (out / name).exists()  # no copy of a refused file
    assert sha256(folder / name) == before


def test_an_xml_part_past_its_size_is_refused_at_intake(tmp_path, forms):
    noise = random.Random(3).randbytes(13 << 20).hex().encode()  # 26 MB that compresses ~2:1
    big = cases.rezip(forms["docx"], add={"customXml/item9.xml": b"<a>" + noise + b"</a>"})
    path = tmp_path / "big.docx"
    path.write_bytes(big)
    entry = pipeline.check_file(path)
    assert [i["code"] for i in entry["issues"]] == ["file.limit"]
    assert "customXml/item9.xml" in entry["issues"][0]["message"]


def test_limits_are_settings(tmp_path, forms):
    """A tighter setting refuses what the default reads: the limits are the settings', not constants."""
    path = tmp_path / "annual.xlsx"
    path.write_bytes(cases.merge_range(forms["xlsx"], ANNUAL_SHEET, "D2:E3"))
    assert pipeline.check_file(path)["valid"] is True
    entry = pipeline.check_file(path, settings=Settings(max_merge_cells=3))
    assert [i["code"] for i in entry["issues"]] == ["file.limit"]
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(cases.pdf_pages(3))
    assert "file.limit" not in [i["code"] for i in pipeline.check_file(pdf)["issues"]]
    assert [i["code"] for i in pipeline.check_file(pdf, settings=Settings(max_pdf_pages=2))["issues"]] == ["file.limit"]


def _stuck(path, kind, settings=None):
    time.sleep(600)  # a parser that never returns (interrupted by the file's deadline)


def test_a_file_over_its_time_is_ended_and_the_batch_goes_on(tmp_path, forms, monkeypatch):
    (tmp_path / "a.docx").write_bytes(forms["docx"])
    (tmp_path / "b.xlsx").write_bytes(forms["xlsx"])
    real = pipeline.read_raw
    monkeypatch.setattr(pipeline, "read_raw", lambda p, k, s=DEFAULT: _stuck(p, k) if k == "docx" else real(p, k, s))
    started = time.monotonic()
    report = pipeline.validate_paths([tmp_path], settings=Settings(time_per_file_s=0.5))
    assert time.monotonic() - started < 30
    codes = [[i["code"] for i in e["issues"]] for e in report["files"]]
    assert codes[0] == ["file.timeout"] and report["files"][1]["valid"] is True


def _deaf(path, kind, settings=None):
    """A parser stuck where no signal reaches Python (SIGALRM blocked): only the parent can end it."""
    import signal

    if kind == "docx":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    return pipeline._resolve(pipeline.READERS[kind])(Path(path), **({} if kind == "docx" else {"limits": settings}))


def test_a_worker_that_overruns_is_ended_and_its_file_reported(tmp_path, forms, monkeypatch):
    for i in range(22):  # a pooled batch: one deaf file among good ones
        (tmp_path / f"{i:02d}.xlsx").write_bytes(forms["xlsx"])
    (tmp_path / "05-stuck.docx").write_bytes(forms["docx"])
    monkeypatch.setattr(pipeline, "read_raw", _deaf)
    settings = replace(DEFAULT, time_per_file_s=2.0, jobs=2)
    monkeypatch.setattr(pipeline, "_backstop", lambda s: 5.0)
    started = time.monotonic()
    report = pipeline.validate_inputs(collect_inputs([tmp_path]), settings=settings)
    assert time.monotonic() - started < 60
    by_name = {Path(e["path"]).name: e for e in report["files"]}
    assert [i["code"] for i in by_name["05-stuck.docx"]["issues"]] == ["file.timeout"]
    assert report["summary"]["valid"] == 22


@pytest.mark.parametrize(("case", "valid"), [("24 MB document.xml", True), ("92,000 cells", True),
                                              ("a million cells", False)])
def test_the_largest_files_allowed_stay_within_memory(tmp_path, forms, run_measured, case, valid):
    """Just under the limits, read and annotated whole; past the cell limit, refused before openpyxl."""
    build = {"24 MB document.xml": lambda: ("big.docx", cases.padded_document(forms["docx"], 24)),
             "92,000 cells": lambda: ("cells.xlsx", cases.padded_sheets(forms["xlsx"], 2_300)),
             "a million cells": lambda: ("million.xlsx", cases.padded_sheets(forms["xlsx"], 25_000))}
    name, data = build[case]()
    (tmp_path / name).write_bytes(data)
    r = run_measured("validate", "--json", tmp_path / name, "--annotate", tmp_path / "批注")
    assert r.peak_mb < MEMORY_LIMIT_MB, f"{case}: {r.peak_mb:.0f} MB"
    entry = r.json()["files"][0]
    assert entry["valid"] is valid, entry["issues"]
    assert (tmp_path / "批注" / name).is_file() is valid
    if not valid:
        assert [i["code"] for i in entry["issues"]] == ["file.limit"]


@pytest.mark.parametrize(("pages", "chars", "code"), [(60, 1_600, "form.unknown"), (20, 5_200, "file.limit")])
def test_the_densest_pdf_allowed_stays_within_memory(tmp_path, run_measured, pages, chars, code):
    """96,000 characters laid out (the most under the layout limit) stay far under 500 MB; past it, refused."""
    (tmp_path / "dense.pdf").write_bytes(cases.pdf_dense(pages, chars))
    r = run_measured("validate", "--json", tmp_path / "dense.pdf")
    assert r.peak_mb < MEMORY_LIMIT_MB, f"{r.peak_mb:.0f} MB"
    assert [i["code"] for i in r.json()["files"][0]["issues"]] == [code]
