"""Parse and validate figures of design/QUALITY.md's speed table, each beside its floor or peers.

A figure returns a list of `Row`s: the figure itself (with its budget), then its peers (informational,
ratio against the same floor). Anything a figure needs that is not there yields a "not available" row.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import floors
from bench.inputs import Inputs
from bench.procmem import run_tree
from bench.rows import (
    ROOT,
    Row,
    check_round_trip,
    cprofile,
    docgen_cmd,
    docgen_parser,
    env,
    join,
    ms,
    stats,
    unavailable,
    yes,
)
from bench.timing import NotAvailable, measure, measure_pair, need


def parse_docx(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "parse a filled `application` .docx into a record", "≤ 3 × floor"
    path = inp.filled.get("application")
    if path is None:
        return [unavailable(fig, budget, "no filled application (" + "; ".join(inp.notes[:2]) + ")")]
    rows = []
    try:
        parse, _ = docgen_parser(path)
        t, floor = measure_pair(parse, lambda: floors.lxml_floor(path), repeat)
        ratio = t.median / floor.median
        rows.append(Row(fig, ms(t), f"{ms(floor)} (zip+lxml)", f"{ratio:.1f}×", budget, yes(ratio <= 3),
                        join(f"CPU {t.cpu * 1000:.1f} / {floor.cpu * 1000:.1f} ms; best {t.low * 1000:.1f} / {floor.low * 1000:.1f} ms",
                              check_round_trip(parse, inp, "application")), profile=lambda: cprofile(parse),
                        met_cpu=yes(t.cpu <= 3 * floor.cpu)))
    except NotAvailable as exc:
        rows.append(unavailable(fig, budget, str(exc)))
        floor = measure(lambda: floors.lxml_floor(path), repeat)
    resaved = inp.resaved.get("application")
    if resaved is not None and rows and rows[0].met != "n/a":
        # The same data after a LibreOffice re-save: every tag stripped, read by label (informational).
        parse_r, _ = docgen_parser(resaved)
        t, floor_r = measure_pair(parse_r, lambda: floors.lxml_floor(resaved), max(3, repeat // 2))
        rows.append(Row("  the same, re-saved by LibreOffice (read by label)", ms(t), ms(floor_r),
                        f"{t.median / floor_r.median:.1f}×", note=join(f"CPU {t.cpu * 1000:.1f} ms",
                                                                        check_round_trip(parse_r, inp, "application"))))
    for name, fn in (("python-docx, every table cell", floors.python_docx_cells),
                     ("docx2python, whole text", floors.docx2python_text)):
        try:
            t = measure(lambda fn=fn: fn(path), max(3, repeat // 5))
            rows.append(Row(f"  peer: {name}", ms(t), ms(floor), f"{t.median / floor.median:.1f}×"))
        except ImportError as exc:
            rows.append(Row(f"  peer: {name}", "not available", note=f"{exc.name} not installed"))
    return rows


def parse_xlsx(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "parse a filled `annual` .xlsx into a record", "≤ 3 × floor"
    path = inp.filled.get("annual")
    if path is None:
        return [unavailable(fig, budget, "no filled annual (" + "; ".join(inp.notes[:2]) + ")")]
    rows = []
    try:
        parse, _ = docgen_parser(path)
        t, floor = measure_pair(parse, lambda: floors.lxml_floor(path), repeat)
        ratio = t.median / floor.median
        rows.append(Row(fig, ms(t), f"{ms(floor)} (zip+lxml, sheets+names)", f"{ratio:.1f}×", budget,
                        yes(ratio <= 3), join(f"CPU {t.cpu * 1000:.1f} / {floor.cpu * 1000:.1f} ms; best {t.low * 1000:.1f} / {floor.low * 1000:.1f} ms",
                                               check_round_trip(parse, inp, "annual")),
                        profile=lambda: cprofile(parse), met_cpu=yes(t.cpu <= 3 * floor.cpu)))
    except NotAvailable as exc:
        rows.append(unavailable(fig, budget, str(exc)))
        floor = measure(lambda: floors.lxml_floor(path), repeat)
    for name, fn in (("python-calamine, values only (no defined names)", floors.calamine_values),
                     ("openpyxl, load + every cell", floors.openpyxl_values)):
        try:
            t = measure(lambda fn=fn: fn(path), max(3, repeat // 5))
            rows.append(Row(f"  peer: {name}", ms(t), ms(floor), f"{t.median / floor.median:.1f}×"))
        except ImportError as exc:
            rows.append(Row(f"  peer: {name}", "not available", note=f"{exc.name} not installed"))
    return rows


# --- validate --------------------------------------------------------------------------------------


def validate_one(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "validate one application (parse + schema + criteria), warm", "≤ 15 ms"
    path = inp.filled.get("application")
    if path is None:
        return [unavailable(fig, budget, "no filled application")]
    try:
        validate_paths = need("docgen.pipeline", "validate_paths")
        need("docgen.validation", "validate_record")
        parse, _ = docgen_parser(path)
    except NotAvailable as exc:
        return [unavailable(fig, budget, str(exc))]
    t = measure(lambda: validate_paths([path]), repeat, warmup=2)
    tp = measure(parse, repeat)
    report = validate_paths([path])
    entry = report["files"][0]
    note = (f"CPU {t.cpu * 1000:.1f} ms, best run {t.low * 1000:.1f} ms; valid={entry['valid']} eligible={entry['eligible']}, "
            f"{len(entry['issues'])} issues ({', '.join(sorted({i['code'] for i in entry['issues']}))})")
    return [Row(fig, ms(t), f"{ms(tp)} (parse only)", f"{t.median / tp.median:.1f}×", budget,
                yes(t.ms <= 15), note, profile=lambda: cprofile(lambda: validate_paths([path])),
                met_cpu=yes(t.cpu * 1000 <= 15))]


def validate_batch(inp: Inputs, folder: Path | None, n: int, repeat: int) -> list[Row]:
    fig_t = f"validate {n:,} returned .docx/.xlsx files in one `docgen validate` call"
    fig_m = "  … peak memory, summed over the process tree"
    if folder is None:
        return [unavailable(fig_t, "≤ 20 s wall", "no filled forms to make a batch of"),
                unavailable(fig_m, "≤ 300 MB", "no batch")]
    if n < 1000:
        fig_t += " (--quick: budget scaled)"
    budget_s = 20.0 * n / 1000
    cmd = docgen_cmd() + ["validate", str(folder), "--json"]
    runs = []
    for _ in range(repeat):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
            out = Path(fh.name)
        r = run_tree(cmd, cwd=ROOT, env=env(), stdout_path=out, timeout=300)
        try:
            report = json.loads(out.read_text(encoding="utf-8"))
        except (ValueError, OSError):
            report = None
        out.unlink(missing_ok=True)
        runs.append((r, report))
    r0, report = runs[0]
    if report is None or "summary" not in report:
        err = r0.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {r0.returncode}"]
        return [unavailable(fig_t, f"≤ {budget_s:.0f} s wall", f"`docgen validate` gave no JSON report: {err[0][:200]}"),
                unavailable(fig_m, "≤ 300 MB", "")]
    walls = sorted(r.wall for r, _ in runs)
    wall = walls[len(walls) // 2]
    peak = max(r.peak_tree_mb for r, _ in runs)
    single = max(r.peak_single_mb for r, _ in runs)
    hwm_sum = max(r.hwm_sum_mb for r, _ in runs)
    procs = max(r.peak_procs for r, _ in runs)
    s = report["summary"]
    cpu = sorted(r.cpu for r, _ in runs)[len(runs) // 2]
    note = (f"{s['files']} files: {s['valid']} valid, {s['invalid']} invalid (exit {r0.returncode}); "
            f"{wall / max(1, s['files']) * 1000:.1f} ms/file; CPU {cpu:.1f} s over the tree; median of {len(runs)}")
    if s["files"] != n:
        note += f"; EXPECTED {n} files"
    mem_note = (f"sampled every 20 ms; up to {procs} processes at once; the largest one peaked at {single:.0f} MB "
                f"(VmHWM); sum of every process's own peak {hwm_sum:.0f} MB (upper bound)")

    def prof():
        # cProfile of the parent only: with a pool, the workers' time shows as waiting.
        with tempfile.TemporaryDirectory() as tmp:
            pfile = Path(tmp) / "p.prof"
            subprocess.run([sys.executable, "-m", "cProfile", "-o", str(pfile), "-m", "docgen", "validate",
                            str(folder), "--json"], cwd=ROOT, env=env(), capture_output=True, timeout=600)
            parent = stats(str(pfile), 30, only="docgen|click|json")
        # …and the per-file work, in this process with one worker, on a slice of the same batch.
        import cProfile

        validate_paths = need("docgen.pipeline", "validate_paths")
        files = sorted(folder.rglob("*.*"))[:60]
        prof = cProfile.Profile()
        prof.enable()
        validate_paths(files, jobs=1)
        prof.disable()
        return ("parent process of `docgen validate` (the pool's workers show as lock waits):\n" + parent +
                f"\nin-process, one worker, {len(files)} files of the batch:\n" + stats(prof, 30))

    cores = min(2, os.cpu_count() or 1)  # the budget's machine has 2 cores; the pool uses ≤ 2 workers
    note += f" (≥ {cpu / cores:.1f} s on {cores} idle cores)"
    return [Row(fig_t, f"{wall:.2f} s", "—", "—", f"≤ {budget_s:.0f} s wall", yes(wall <= budget_s), note,
                profile=prof, met_cpu=yes(cpu / cores <= budget_s)),
            Row(fig_m, f"{peak:.0f} MB", "—", "—", "≤ 300 MB", yes(peak <= 300), mem_note)]

