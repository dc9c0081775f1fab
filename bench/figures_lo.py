"""LibreOffice figures: reading a PDF export, and exporting many documents with one warm soffice."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench import floors
from bench.inputs import Inputs, copies
from bench.rows import (
    ROOT,
    Row,
    check_round_trip,
    cprofile,
    docgen_cmd,
    docgen_parser,
    env,
    ms,
    unavailable,
    yes,
)
from bench.timing import NotAvailable, measure_pair, need


def soffice_convert(paths: list[Path], outdir: Path, fmt: str = "pdf") -> list[Path]:
    """pdf_export.convert when it is there, else one soffice call of our own with its own profile."""
    try:
        convert = need("docgen.formats.pdf_export", "convert")
        return convert(paths, fmt, outdir)
    except NotAvailable:
        pass
    exe = shutil.which("soffice")
    if exe is None:
        raise NotAvailable("not available: soffice")
    with tempfile.TemporaryDirectory(prefix="bench-lo-") as prof:
        subprocess.run([exe, f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(outdir), *map(str, paths)],
                       capture_output=True, timeout=600, check=False)
    return [outdir / f"{p.stem}.{fmt}" for p in paths]


def export_pdfs(inp: Inputs) -> str:
    """PDF of every filled Word form (one soffice call) for the PDF-parse figure."""
    docs = [p for f, p in inp.filled.items() if p.suffix == ".docx"]
    if not docs:
        return "no filled .docx"
    if shutil.which("soffice") is None:
        return "soffice not installed"
    outdir = inp.root / "pdf"
    outdir.mkdir(exist_ok=True)
    try:
        made = soffice_convert(docs, outdir)
    except Exception as exc:  # noqa: BLE001 — the figure says why
        return f"{type(exc).__name__}: {exc}"
    for p, pdf in zip(docs, made, strict=True):
        if pdf.is_file():
            inp.pdf[p.stem] = pdf
    try:  # the application as LibreOffice re-saves it: read by label, a slower path worth knowing
        [resaved] = soffice_convert([inp.filled["application"]], inp.root / "resaved", "docx")
        if resaved.is_file():
            inp.resaved["application"] = resaved
    except Exception as exc:  # noqa: BLE001
        return f"re-save: {type(exc).__name__}: {exc}"
    return ""


def parse_pdf(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "parse a 2-page PDF export", "≤ 2 × pdfplumber"
    if not inp.pdf:
        return [unavailable(fig, budget, "no PDF exports")]
    pages = {f: floors.pdf_pages(p) for f, p in inp.pdf.items()}
    form = min(pages, key=lambda f: (abs(pages[f] - 2), pages[f]))
    path = inp.pdf[form]
    fig = f"parse a {pages[form]}-page PDF export (`{form}`)"
    try:
        parse, read = docgen_parser(path)
    except NotAvailable as exc:
        return [unavailable(fig, budget, str(exc))]
    t, peer = measure_pair(parse, lambda: floors.pdfplumber_text(path), max(3, repeat // 2))
    ratio = t.median / peer.median
    note = "pages of the other exports: " + ", ".join(f"{f} {n}" for f, n in sorted(pages.items()))
    check = check_round_trip(parse, inp, form)
    if check:
        note += "; " + check
    note = f"CPU {t.cpu * 1000:.0f} / {peer.cpu * 1000:.0f} ms; " + note
    return [Row(fig, ms(t), f"{ms(peer)} (pdfplumber extract_text)", f"{ratio:.1f}×", budget, yes(ratio <= 2), note,
                profile=lambda: cprofile(parse, repeat=5), met_cpu=yes(t.cpu <= 2 * peer.cpu))]


def _notice(inp: Inputs) -> Path | None:
    """One official notice (annual-call, 3 clusters) through the CLI: the 1–2 page document a PDF is for."""
    import json as _json

    folder = inp.root / "notice"
    folder.mkdir(exist_ok=True)
    data = folder / "list.json"
    data.write_text(_json.dumps([
        {"city": "宝鸡市", "county": "陈仓区", "cluster_name": "陈仓区钛及钛合金精深加工产业集群", "leading_industry": "钛及钛合金"},
        {"city": "杨凌示范区", "county": "杨陵区", "cluster_name": "杨陵区现代农业装备产业集群", "leading_industry": "农业装备"},
        {"city": "榆林市", "county": "神木市", "cluster_name": "神木市煤化工新材料产业集群", "leading_industry": "煤化工"},
    ], ensure_ascii=False), encoding="utf-8")
    out = folder / "annual-call.docx"
    subprocess.run(docgen_cmd() + ["notice", "annual-call", "--data", str(data), "--doc-number", "陕工信发〔2026〕12号",
                                   "--date", "2026-02-10", "-o", str(out)], cwd=ROOT, env=env(), capture_output=True)
    return out if out.is_file() else None


def _export(to_pdf, paths: list[Path], out: Path) -> tuple[float, float, list[Path]]:
    """(wall, soffice CPU) seconds of one to_pdf call, and what it wrote."""
    import resource

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    made = to_pdf(paths, out)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime, made


def pdf_export(inp: Inputs, n: int, per_file: int) -> list[Row]:
    budget = "≤ 0.25 s/doc"
    fig = f"PDF export of {n} filled forms (4–7 pages each), `to_pdf` (warm soffice, one per core)"
    docs = [p for p in inp.filled.values() if p.suffix == ".docx"]
    if not docs:
        return [unavailable(fig, budget, "no filled .docx")]
    if shutil.which("soffice") is None:
        return [unavailable(fig, budget, "soffice not installed")]
    try:
        to_pdf = need("docgen.formats.pdf_export", "to_pdf")
    except NotAvailable as exc:
        return [unavailable(fig, budget, str(exc))]
    import os

    # to_pdf runs one soffice per core for a long batch: CPU divided by the budget machine's 2 cores
    # estimates the wall time on an idle machine.
    cores = min(2, os.cpu_count() or 1) if n >= 16 else 1
    rows = []
    for label, sources in ((fig, docs), (f"PDF export of {n} notices (annual-call), `to_pdf`",
                                          [q for q in [_notice(inp)] if q])):
        if not sources:
            rows.append(unavailable(label, budget, "`docgen notice annual-call` wrote nothing"))
            continue
        paths = copies(sources, n, inp.root / f"pdf{len(rows)}-in")
        # The peer: one soffice process per file (what a naive loop does).
        singles = [_export(to_pdf, [p], inp.root / f"pdf{len(rows)}-single")[0] for p in paths[:per_file]]
        single = sorted(singles)[len(singles) // 2]
        wall, cpu, made = _export(to_pdf, paths, inp.root / f"pdf{len(rows)}-out")
        pages = sum(floors.pdf_pages(m) for m in made if m.is_file())
        ok = sum(1 for m in made if m.is_file() and m.stat().st_size > 0)
        rows.append(Row(label, f"{wall / n:.3f} s/doc",
                        f"{single:.2f} s/doc (one soffice per file, median of {len(singles)})",
                        f"{wall / n / single:.2f}×", budget, yes(wall / n <= 0.25),
                        f"{ok}/{n} PDFs, {pages} pages, {wall:.1f} s for the batch ({wall / max(1, pages):.3f} s/page); "
                        f"soffice CPU {cpu / n:.3f} s/doc", met_cpu=yes(cpu / n / cores <= 0.25)))
    return rows

