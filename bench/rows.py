"""What every figure shares: the table row, formatting, how docgen is run, and profiling helpers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.inputs import Inputs
from bench.timing import Timing, need

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    figure: str
    measured: str = "—"
    floor: str = "—"
    ratio: str = "—"
    budget: str = "—"
    met: str = "—"  # yes | NO | n/a | — (informational)
    note: str = ""
    met_cpu: str = ""  # the same budget judged on CPU time (when the machine is shared, wall time lies)
    profile: Callable[[], str] | None = field(default=None, repr=False)  # called when met == "NO"


def join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def ms(t: Timing | float) -> str:
    v = t.ms if isinstance(t, Timing) else t * 1000
    return f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms" if v < 1000 else f"{v / 1000:.2f} s"


def yes(ok: bool) -> str:
    return "yes" if ok else "NO"


def env() -> dict[str, str]:
    e = dict(os.environ)
    e["PYTHONPATH"] = str(ROOT) + (os.pathsep + e["PYTHONPATH"] if e.get("PYTHONPATH") else "")
    return e


def docgen_cmd() -> list[str]:
    """How a user runs docgen here: the installed script if there is one, else `python -m docgen`."""
    exe = shutil.which("docgen")
    if exe and "/shims/" in exe:  # a pyenv shim is a bash script: time the real entry point
        real = subprocess.run(["pyenv", "which", "docgen"], capture_output=True, text=True).stdout.strip()
        exe = real or exe
    return [exe] if exe else [sys.executable, "-m", "docgen"]


def unavailable(figure: str, budget: str, why: str) -> Row:
    return Row(figure, measured="not available", budget=budget, met="n/a", note=why)


def docgen_parser(path: Path):
    """reader + build_record of docgen for this file: a callable returning (record, issues)."""
    build_record = need("docgen.record", "build_record")
    load_form = need("docgen.schema", "load_form")
    read = {
        ".docx": lambda: need("docgen.formats.docx_read", "read_docx"),
        ".xlsx": lambda: need("docgen.formats.xlsx_read", "read_xlsx"),
        ".pdf": lambda: need("docgen.formats.pdf_read", "read_pdf"),
    }[path.suffix]()

    def parse():
        raw = read(path)
        return build_record(load_form(raw.form), raw)

    return parse, read


def check_round_trip(parse, inp: Inputs, form: str) -> str:
    """A parse that loses data is not a fast parse: say so beside the figure."""
    record, issues = parse()
    errors = [i for i in issues if getattr(i, "severity", None) == "error"]
    want = inp.records.get(form) or {}
    # The years come from the manifest, which a PDF has not (tests/properties names that loss).
    diff = [k for k in want if record.get(k) != want[k] and k != "years"]
    bits = []
    if errors:
        bits.append(f"{len(errors)} error issues ({errors[0].code})")
    if diff:
        bits.append(f"{len(diff)} fields differ from the filled record (e.g. {diff[0]})")
    return "; ".join(bits)


def cprofile(fn: Callable[[], object], repeat: int = 20, top: int = 25) -> str:
    import cProfile

    prof = cProfile.Profile()
    prof.enable()
    for _ in range(repeat):
        fn()
    prof.disable()
    return f"{repeat} calls profiled (times are totals over all calls)\n" + stats(prof, top)


def stats(source, top: int = 25, only: str = "") -> str:
    """Top functions by cumulative and by own time, library paths shortened."""
    import io
    import pstats

    text = ""
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        st = pstats.Stats(source, stream=out)
        st.sort_stats(key).print_stats(*([only] if only else []), top if key == "cumulative" else 12)
        body = out.getvalue()
        body = body[body.find("   ncalls"):] if "   ncalls" in body else body
        text += f"-- by {key} --\n" + body.replace(str(ROOT) + "/", "").replace(
            "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/", "site-packages/") + "\n"
    return text

