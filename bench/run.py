"""docgen's benchmark: every figure of design/QUALITY.md's speed table, with floors and peers.

    python bench/run.py           # full run, a few minutes
    python bench/run.py --quick   # fewer repeats, a 200-file batch, 10 PDFs: a smoke test of the harness

Builds its own inputs in a temp dir (generated blank forms, filled from docgen.samples), runs each
figure several times and reports medians, writes the table to bench/results/latest.md (git-ignored,
with profiles of missed budgets) and, on a full run, copies the table to bench/LATEST.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import figures, figures_cli, figures_lo, figures_review, inputs  # noqa: E402
from bench.rows import Row  # noqa: E402
from docgen.atomic import write_text_atomic  # noqa: E402

HEAD = ("figure", "measured", "floor / peer", "ratio", "budget", "met? (wall; CPU where it differs)", "note")


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEAD) + " |", "|" + "---|" * len(HEAD)]
    for r in rows:
        met = r.met + (f" (CPU: {r.met_cpu})" if r.met_cpu and r.met_cpu != r.met else "")
        cells = [r.figure, r.measured, r.floor, r.ratio, r.budget, met, r.note]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _machine() -> str:
    lo = shutil.which("soffice")
    lo_v = ""
    if lo:
        lo_v = subprocess.run([lo, "--version"], capture_output=True, text=True).stdout.split("\n")[0].strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT, capture_output=True,
                           text=True).stdout.strip()
    return (f"{platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
            f"{lo_v or 'no LibreOffice'}; commit {commit}{' + uncommitted changes' if dirty else ''}")


def _run_figure(name: str, fn, *args) -> list[Row]:
    """A figure that raises is a row saying so; the other figures still run."""
    t0 = time.perf_counter()
    try:
        rows = fn(*args)
    except Exception as exc:  # noqa: BLE001 — one broken figure must not hide the others
        rows = [Row(name, measured="error", met="n/a", note=f"{type(exc).__name__}: {str(exc)[:300]}")]
    print(f"  {name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repeats and smaller batches")
    ap.add_argument("--no-profile", action="store_true", help="do not profile the figures that miss a budget")
    ap.add_argument("--keep", action="store_true", help="keep the temp dir of inputs")
    args = ap.parse_args(argv)

    q = args.quick
    rep = 7 if q else 25
    batch_n = 200 if q else 1000
    pdf_n = 10 if q else 50
    started = time.perf_counter()
    load0 = os.getloadavg()[0]
    tmp = Path(tempfile.mkdtemp(prefix="docgen-bench-"))
    rows: list[Row] = []
    try:
        print(f"building inputs in {tmp} …", file=sys.stderr)
        inp = inputs.build(tmp)
        pdf_note = figures_lo.export_pdfs(inp)
        if pdf_note:
            inp.notes.append("PDF exports: " + pdf_note)
        folder = None
        try:
            folder = inputs.batch(inp, batch_n)
        except Exception as exc:  # noqa: BLE001
            inp.notes.append(f"batch: {type(exc).__name__}: {exc}")
        rows += _run_figure("parse docx", figures.parse_docx, inp, rep)
        rows += _run_figure("parse xlsx", figures.parse_xlsx, inp, rep)
        rows += _run_figure("validate one", figures.validate_one, inp, rep)
        rows += _run_figure("validate batch", figures.validate_batch, inp, folder, batch_n, 1 if q else 3)
        rows += _run_figure("parse pdf", figures_lo.parse_pdf, inp, rep)
        rows += _run_figure("kit", figures_cli.full_kit, inp, 1 if q else 3)
        rows += _run_figure("pdf export", figures_lo.pdf_export, inp, pdf_n, 2 if q else 4)
        rows += _run_figure("help", figures_cli.help_time, 5 if q else 15)
        rows += _run_figure("review", figures_review.review_60x15, tmp, 2 if q else 5)
        profiles = []
        if not args.no_profile:
            for r in rows:
                if r.met == "NO" and r.profile is not None:
                    try:
                        profiles.append((r.figure, r.profile()))
                    except Exception as exc:  # noqa: BLE001
                        profiles.append((r.figure, f"profiling failed: {type(exc).__name__}: {exc}"))
    finally:
        if args.keep:
            print(f"inputs kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    head = (f"# docgen benchmark{' (--quick)' if q else ''}\n\n{when} · {_machine()} · "
            f"{time.perf_counter() - started:.0f} s in all · load average {load0:.1f} at start, "
            f"{os.getloadavg()[0]:.1f} at end\n\nMedians of repeated runs (wall time; CPU time in the notes, steadier "
            "when the machine is shared, and the best run of in-process figures); floors and peers measured in the "
            "same run, alternately with the figure. A busy neighbour on a shared 2-CPU machine raises even CPU "
            "times (seen: validate one 13 → 25 ms), so compare ratios and re-run when the load average is "
            "high. Reproduce: `python bench/run.py` (budgets: design/QUALITY.md).\n")
    notes = "".join(f"- {n}\n" for n in inp.notes)
    body = head + "\n" + table(rows) + "\n" + (f"\nInput notes:\n\n{notes}" if notes else "")
    missed = [r for r in rows if r.met == "NO"]
    if missed:
        body += "\nMissed budgets: " + "; ".join(f"{r.figure.strip()} ({r.measured} vs {r.budget})" for r in missed) + \
            ". Profiles in bench/results/latest.md.\n"
    full = body
    for fig, text in profiles:
        full += f"\n## Profile: {fig.strip()}\n\n```\n{text.strip()}\n```\n"
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    _write(results / "latest.md", full)
    if not q:  # the committed table is a full run's
        _write(ROOT / "bench" / "LATEST.md", body)
    print(table(rows))
    if inp.notes:
        print("\n" + notes)
    return 0


def _write(path: Path, text: str) -> None:
    write_text_atomic(path, text)


if __name__ == "__main__":
    sys.exit(main())
