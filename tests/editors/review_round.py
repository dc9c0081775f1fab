"""An expert review round as the province runs it, for the scoring sheet an expert types into.

Nine applications (one county of each of nine cities, each the sample application filled by code)
and the sample 专家库 (15 experts) go through `docgen review assign`; the expert typed is the first
with a sheet. Every other expert's sheet is filled by code (`fill_others`), so the tally of the round
has all its scores and only the typed sheet's come from LibreOffice.

A module with its own name: `from review_round import` cannot pick another folder's module.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ASSIGNMENT = "assignment.json"
APPLICATIONS = 9  # × 5 experts each over 15 experts: three rows per sheet


def _applications(folder: Path, year: int) -> Path:
    from docgen.catalogue import cities
    from docgen.divisions import counties_by_city
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    folder.mkdir(parents=True, exist_ok=True)
    blank = new_form("application", folder.parent / "application-blank", year=year)
    for k, city in enumerate(cities()[:APPLICATIONS]):
        county = counties_by_city()[city][0]
        fill_docx(blank, valid_record("application", year, county=county), folder / f"app-{k + 1:02d}.docx")
    return folder


def _experts(path: Path, year: int) -> Path:
    """The sample 专家库, filled by code into the province's blank."""
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    blank = new_form("experts", path.parent / "experts-blank")
    return fill_xlsx(blank, valid_record("experts", year), path, form="experts")


def scoring_sheet(outdir: Path) -> Path:
    """`docgen review assign` over the round; the first expert's pre-filled sheet (its folder holds
    assignment.json and the other experts' sheets)."""
    from plans import YEAR

    base = outdir.parent / "round"
    apps = _applications(base / "applications", YEAR)
    experts = _experts(base / "专家库.xlsx", YEAR)
    subprocess.run([sys.executable, "-m", "docgen", "review", "assign", "--experts", str(experts),
                    "--applications", str(apps), "--seed", "1", "--ids", str(base / "ids.json"), "-o", str(outdir)],
                   check=True, capture_output=True)
    plan = json.loads((outdir / ASSIGNMENT).read_text(encoding="utf-8"))
    first = next(e for e in plan["experts"] if e.get("sheet"))
    return outdir / first["sheet"]


def fill_others(typed_sheet: Path, blank: Path, folder: Path) -> dict[str, dict[str, float]]:
    """The returned sheets of the round into `folder`: the typed one as LibreOffice saved it, every
    other expert's filled by code with the sample scores. {expert_id: {application_id: total}} of the
    code-filled ones."""
    import shutil

    from plans import record_for

    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.review.index import load_index

    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(typed_sheet, folder / blank.name)
    indicators = [i.id for i in load_index().indicators]
    plan = json.loads((blank.parent / ASSIGNMENT).read_text(encoding="utf-8"))
    totals = {}
    for e in plan["experts"]:
        sheet = blank.parent / e["sheet"] if e.get("sheet") else None
        if sheet is None or sheet == blank:
            continue
        record = record_for("review_scores", sheet)
        fill_xlsx(sheet, record, folder / sheet.name, form="review_scores")
        totals[e["expert_id"]] = {r["application_id"]: sum(r[i] for i in indicators) for r in record["scores"]}
    return totals
