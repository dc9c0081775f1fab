"""One LibreOffice for the session, and each form typed into it once (on first use).

Without LibreOffice's UI, Xvfb or python3-uno these tests skip, saying what to install — except in CI
(`CI=true`), where a missing editor fails the run: CI installs it (scripts/install-system-deps.sh).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from office import Office, missing, type_form  # noqa: E402
from plans import Plan, build_plan, make_blank  # noqa: E402

_TIMES: dict[str, float] = {}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _unavailable(why: str):
    if in_ci():
        pytest.fail(f"CI=true but the real-editor tests cannot run: {why}", pytrace=False)
    pytest.skip(f"real-editor tests need LibreOffice with its UI, Xvfb and python3-uno: {why}")


@pytest.fixture(scope="session")
def office():
    why = missing()
    if why:
        _unavailable(why)
    try:
        lo = Office().start()
    except RuntimeError as exc:
        _unavailable(str(exc))
    yield lo
    lo.stop()


@dataclass
class Typed:
    plan: Plan
    file: Path  # as LibreOffice saved it (.docx / .xlsx)
    pdf: Path  # LibreOffice's PDF export of the same document
    log: dict  # the driver's log: what each slot holds after typing
    seconds: float


def validate(path: Path) -> dict:
    """`docgen validate --json` on one file: its entry of the report."""
    proc = subprocess.run([sys.executable, "-m", "docgen", "validate", "--json", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    (entry,) = json.loads(proc.stdout)["files"]
    return entry


@pytest.fixture(scope="session")
def typed(office, tmp_path_factory):
    """typed(form) → the form typed in LibreOffice, saved and exported (done once per form)."""
    cache: dict[str, Typed] = {}

    def get(form: str) -> Typed:
        if form not in cache:
            work = tmp_path_factory.mktemp(f"typed-{form}")
            blank = make_blank(form, work / "blank")
            plan = build_plan(form, blank)
            out, pdf = work / f"{form}{blank.suffix}", work / f"{form}.pdf"
            t0 = time.perf_counter()
            if not office.alive():
                pytest.fail(f"soffice died before {form} could be typed", pytrace=False)
            log = type_form(office, plan, out, pdf)
            _TIMES[form] = time.perf_counter() - t0
            cache[form] = Typed(plan, out, pdf, log, _TIMES[form])
        return cache[form]

    return get


@pytest.fixture(scope="session")
def reports(typed):
    """reports(form) → (report of the saved file, report of its PDF), each validated once."""
    cache: dict[str, tuple[dict, dict]] = {}

    def get(form: str) -> tuple[dict, dict]:
        if form not in cache:
            t = typed(form)
            cache[form] = (validate(t.file), validate(t.pdf))
        return cache[form]

    return get


@pytest.fixture(scope="session")
def baseline(typed, tmp_path_factory):
    """baseline(form) → the report of the same blank filled by code with the expected record.

    What docgen says about a form filled by code is the yardstick for "no false alarm": a warning it
    gives there (an expired policy, an old title) is no alarm raised by the editor or the person.
    """
    from docgen.formats.docx_fill import fill_docx
    from docgen.formats.xlsx_fill import fill_xlsx

    cache: dict[str, dict] = {}

    def get(form: str) -> dict:
        if form not in cache:
            t = typed(form)
            out = tmp_path_factory.mktemp(f"code-{form}") / f"{form}{t.plan.blank.suffix}"
            if out.suffix == ".docx":
                fill_docx(t.plan.blank, t.plan.expected, out)
            else:
                fill_xlsx(t.plan.blank, t.plan.expected, out, form=form)
            cache[form] = validate(out)
        return cache[form]

    return get


def pytest_terminal_summary(terminalreporter):
    if _TIMES:
        parts = ", ".join(f"{k} {v:.1f} s" for k, v in _TIMES.items())
        terminalreporter.write_line(f"typed in LibreOffice: {parts} (total {sum(_TIMES.values()):.1f} s)")
