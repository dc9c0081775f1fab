"""The benchmark's own inputs, built in a temp dir: blank forms from the generator, filled from the
sample records (docgen.samples), PDF exports, and a batch of returned files for `docgen validate`.

Everything is built through docgen's public functions; a function that has not landed yet leaves the
inputs that need it out, with a note, and the figures that need them say "not available".
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from bench.timing import NotAvailable, need

COUNTY = "杨陵区"
YEAR = 2026
# Forms whose returned files make up the validation batch (every kind a city or province receives).
BATCH_FORMS = ("application", "plan", "annual", "change", "review", "recommendation")


@dataclass
class Inputs:
    root: Path
    blank: dict[str, Path] = field(default_factory=dict)
    filled: dict[str, Path] = field(default_factory=dict)
    records: dict[str, dict] = field(default_factory=dict)
    pdf: dict[str, Path] = field(default_factory=dict)
    resaved: dict[str, Path] = field(default_factory=dict)  # re-saved by LibreOffice (tags stripped)
    notes: list[str] = field(default_factory=list)


def _filler(fmt: str):
    if fmt == "docx":
        return need("docgen.formats.docx_fill", "fill_docx")
    return need("docgen.formats.xlsx_fill", "fill_xlsx")


def _variant(fid: str, k: int) -> dict:
    """The valid sample record of another county's cluster: a batch holds many clusters, as a city's or
    the province's does (checks across forms pair the files of one cluster)."""
    from docgen.divisions import all_counties
    from docgen.samples import valid_record

    counties = all_counties()
    return valid_record(fid, YEAR, county=counties[(k * 7) % len(counties)])


def build(root: Path) -> Inputs:
    """Blank + filled form of every kind. Missing pieces are noted, never fatal."""
    inp = Inputs(root)
    try:
        new_form = need("docgen.generate", "new_form")
        load_form = need("docgen.schema", "load_form")
        forms = need("docgen.catalogue", "form_ids")()
    except NotAvailable as exc:
        inp.notes.append(str(exc))
        return inp
    for fid in forms:
        schema = load_form(fid)
        try:
            county = None if fid == "recommendation" else COUNTY
            extra = {"city": "杨凌示范区"} if fid == "recommendation" else {}
            # valid_record(fid, YEAR) is filled in YEAR: the annual form reports on the year before.
            year = (YEAR - 1 if fid == "annual" else YEAR) if schema.year_param else None
            inp.blank[fid] = new_form(fid, root / "blank", county=county, year=year,
                                      filename=f"{fid}.{schema.format}", **extra)
        except NotAvailable as exc:
            inp.notes.append(f"{fid} blank: {exc}")
            continue
        except Exception as exc:  # a generator bug must not stop the other figures
            inp.notes.append(f"{fid} blank: {type(exc).__name__}: {exc}")
            continue
        try:
            valid_record = need("docgen.samples", "valid_record")
            rec = valid_record(fid, YEAR, county=COUNTY)
            out = root / "filled" / f"{fid}.{schema.format}"
            out.parent.mkdir(parents=True, exist_ok=True)
            _filler(schema.format)(inp.blank[fid], rec, out)
            inp.filled[fid] = out
            inp.records[fid] = rec
        except NotAvailable as exc:
            inp.notes.append(f"{fid} filled: {exc}")
        except Exception as exc:
            inp.notes.append(f"{fid} filled: {type(exc).__name__}: {exc}")
    return inp


def batch(inp: Inputs, n: int, variants: int = 20) -> Path | None:
    """A folder of `n` returned files: every batch form in turn, of `variants` clusters (so each file
    occurs ~n / (6 × variants) times — a resubmitted file is common)."""
    forms = [f for f in BATCH_FORMS if f in inp.filled]
    if not forms:
        return None
    fill = {}
    made: dict[str, list[Path]] = {}
    src = inp.root / "variants"
    src.mkdir(exist_ok=True)
    for fid in forms:
        path = inp.filled[fid]
        fill[fid] = _filler(path.suffix[1:])
        made[fid] = [path]
        for k in range(1, variants):
            out = src / f"{fid}-{k}{path.suffix}"
            fill[fid](inp.blank[fid], _variant(fid, k), out)
            made[fid].append(out)
    folder = inp.root / f"batch-{n}"
    if folder.exists():
        shutil.rmtree(folder)
    # Counties send folders of folders: spread the files over sub-folders like cities would.
    for i in range(n):
        fid = forms[i % len(forms)]
        srcs = made[fid]
        path = srcs[(i // len(forms)) % len(srcs)]
        sub = folder / f"city-{i % 12:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, sub / f"{i:04d}-{fid}{path.suffix}")
    return folder


def copies(paths: list[Path], n: int, folder: Path) -> list[Path]:
    """`n` copies of `paths` in turn, each with its own stem (soffice names outputs by stem)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = paths[i % len(paths)]
        dst = folder / f"doc{i:03d}-{p.stem}{p.suffix}"
        shutil.copyfile(p, dst)
        out.append(dst)
    return out
