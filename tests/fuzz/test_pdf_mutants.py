"""Hostile PDFs: byte flips, truncation, garbled content streams and lying cross-references of a real
PDF export, through the pipeline and the CLI — an answer for every one, within the per-file time
limit, no traceback, inputs untouched."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_mutants import _TRACE, ROOT, assert_contract, check_one

pytestmark = pytest.mark.soffice
N_PDF_MUTANTS = 30


def _mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["flip", "truncate", "drop_stream", "xref"])
    if kind == "flip":
        buf = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return kind, bytes(buf)
    if kind == "truncate":
        return kind, data[: rng.randrange(16, len(data))]
    if kind == "drop_stream":  # a content stream garbled: the page's text is gone or nonsense
        start = data.find(b"stream", rng.randrange(len(data) // 2))
        end = data.find(b"endstream", start)
        if start == -1 or end == -1:
            return "truncate", data[: len(data) // 2]
        return kind, data[:start + 6] + rng.randbytes(min(64, end - start)) + data[end:]
    return kind, data.replace(b"startxref", b"startxref\n999999999", 1)  # a lying cross-reference offset


@pytest.fixture(scope="module")
def pdf_mutants(filled, tmp_path_factory) -> list[tuple[Path, bytes]]:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from docgen.formats.pdf_export import to_pdf

    root = tmp_path_factory.mktemp("pdf-mutants")
    [pdf] = to_pdf([filled["change"]], root / "pdf")
    data = pdf.read_bytes()
    rng = random.Random(20260328)
    out = []
    for i in range(N_PDF_MUTANTS):
        kind, bad = _mutate(data, rng)
        path = root / "mutants" / f"{i:02d}-{kind}.pdf"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(bad)
        out.append((path, bad))
    return out


def test_every_pdf_mutant_gets_an_answer(pdf_mutants):
    kinds = set()
    for path, bad in pdf_mutants:
        [entry] = check_one(path)["files"]
        assert path.read_bytes() == bad
        assert_contract(entry, path.name)
        kinds.add(path.stem.split("-", 1)[1])
    assert len(kinds) >= 3


def _cli(folder: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DOCGEN_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "docgen", "validate", str(folder), "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def test_the_cli_answers_every_pdf_mutant_without_a_traceback(pdf_mutants):
    proc = _cli(pdf_mutants[0][0].parent)
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert not _TRACE.search(proc.stderr), proc.stderr[-2000:]
    assert json.loads(proc.stdout)["summary"]["files"] == len(pdf_mutants)


def test_the_cli_shows_no_library_log_lines(pdf_mutants):
    proc = _cli(pdf_mutants[0][0].parent)
    english = [ln for ln in proc.stderr.splitlines() if ln.strip() and not any("\u4e00" <= c <= "\u9fff" for c in ln)]
    assert english == []
