"""Figures of the command line: the blank kit for every county, and `docgen --help`."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from bench.inputs import Inputs
from bench.procmem import run_tree
from bench.rows import ROOT, Row, docgen_cmd, env, ms, stats, unavailable, yes
from bench.timing import NotAvailable, measure, need


def full_kit(inp: Inputs, repeat: int) -> list[Row]:
    fig, budget = "generate the full blank kit for every county-level unit", "≤ 15 s"
    try:
        all_counties = need("docgen.divisions", "all_counties")
        kit_forms = need("docgen.catalogue", "kit_forms")()
    except NotAvailable as exc:
        return [unavailable(fig, budget, str(exc))]
    n_expected = len(all_counties()) * len(kit_forms)
    help_text = subprocess.run(docgen_cmd() + ["forms", "kit", "--help"], cwd=ROOT, env=env(),
                               capture_output=True, text=True).stdout
    if "--all-counties" not in help_text:
        return [unavailable(fig, budget, "`docgen forms kit --all-counties` not available")]
    walls, cpus, counted, last = [], [], 0, None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="bench-kit-") as tmp:
            last = run_tree(docgen_cmd() + ["forms", "kit", "--all-counties", "-o", tmp], cwd=ROOT, env=env(),
                            timeout=300)
            walls.append(last.wall)
            cpus.append(last.cpu)
            counted = sum(1 for p in Path(tmp).rglob("*") if p.suffix in (".docx", ".xlsx"))
    wall = sorted(walls)[len(walls) // 2]
    note = (f"{counted} forms written (expected {n_expected} = {len(all_counties())} counties × {len(kit_forms)}), "
            f"exit {last.returncode}, {wall / max(1, counted) * 1000:.1f} ms/form, CPU {sorted(cpus)[len(cpus) // 2]:.1f} s, peak {last.peak_tree_mb:.0f} MB "
            f"over {last.peak_procs} processes; median of {len(walls)}")

    def prof():
        with tempfile.TemporaryDirectory() as tmp:
            pfile = Path(tmp) / "p.prof"
            subprocess.run([sys.executable, "-m", "cProfile", "-o", str(pfile), "-m", "docgen", "forms", "kit",
                            "--all-counties", "-o", str(Path(tmp) / "kit")], cwd=ROOT, env=env(),
                           capture_output=True, timeout=600)
            return stats(str(pfile), 30)

    met = wall <= 15 and counted == n_expected
    return [Row(fig, f"{wall:.2f} s", "—", "—", budget, yes(met), note, profile=prof,
                met_cpu=yes(sorted(cpus)[len(cpus) // 2] <= 15 and counted == n_expected))]


def help_time(repeat: int) -> list[Row]:
    fig, budget = "`docgen --help`", "≤ 150 ms"
    cmd = docgen_cmd() + ["--help"]

    import resource

    def run(c):
        def go():
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(c, cwd=ROOT, env=env(), capture_output=True, check=True)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        return go

    cpu: list[float] = []

    try:
        t = measure(run(cmd), repeat)
    except subprocess.CalledProcessError as exc:
        return [unavailable(fig, budget, f"exit {exc.returncode}")]
    help_cpu = sorted(cpu)[len(cpu) // 2]
    cpu.clear()
    floor = measure(run([sys.executable, "-c", "pass"]), repeat)
    floor_cpu = sorted(cpu)[len(cpu) // 2]
    peer = measure(run([sys.executable, "-c", "import click"]), repeat)

    def prof():
        target = ["-m", "docgen"] if cmd[0] == sys.executable else [cmd[0]]
        r = subprocess.run([sys.executable, "-X", "importtime", *target, "--help"], cwd=ROOT, env=env(),
                           capture_output=True, text=True)
        lines = [ln for ln in r.stderr.splitlines() if ln.startswith("import time:") and "|" in ln]
        rows = sorted(lines[1:], key=lambda ln: -int(ln.split("|")[1]))[:15]
        return "python -X importtime, largest cumulative imports (µs):\n" + "\n".join(rows)

    return [Row(fig, ms(t), f"{ms(floor)} (bare `python -c pass`)", f"{t.median / floor.median:.1f}×", budget,
                yes(t.ms <= 150), f"`{' '.join(Path(c).name for c in cmd)}`, CPU {help_cpu * 1000:.0f} ms (bare python "
                f"{floor_cpu * 1000:.0f} ms); `python -c 'import click'` {ms(peer)}", met_cpu=yes(help_cpu <= 0.150),
                profile=prof)]
