"""Fill → parse → compare, shared by the property tests and the other-editor tests."""

from __future__ import annotations

from pathlib import Path

from docgen.formats.docx_fill import fill_docx
from docgen.formats.xlsx_fill import fill_xlsx
from docgen.record import build_record
from docgen.schema import load_form


def fill(blank: Path, record: dict, out: Path) -> Path:
    if blank.suffix == ".docx":
        return fill_docx(blank, record, out)
    return fill_xlsx(blank, record, out)


def read(path: Path):
    if path.suffix == ".docx":
        from docgen.formats.docx_read import read_docx as reader
    elif path.suffix == ".xlsx":
        from docgen.formats.xlsx_read import read_xlsx as reader
    else:
        from docgen.formats.pdf_read import read_pdf as reader
    return reader(path)


def parse(path: Path, form: str):
    """(raw, record, issues) of a filled file."""
    raw = read(path)
    assert raw.form == form, f"read as {raw.form!r}; reading issues: {[i.code for i in raw.issues]}"
    record, issues = build_record(load_form(form), raw)
    return raw, record, list(raw.issues) + list(issues)


def flat(record: dict) -> dict:
    """{dotted id: value} of single fields and {group: [row dicts]}, blanks and the years left out."""
    out: dict = {}
    for key, v in record.items():
        if key == "years" or v is None:
            continue
        if isinstance(v, dict):
            for sub, sv in v.items():
                if sv is not None:
                    out[f"{key}.{sub}"] = sv
        elif isinstance(v, list):
            out[key] = [{k: x for k, x in (row or {}).items() if x is not None} for row in v]
            out[key] = [row for row in out[key] if row]
        else:
            out[key] = v
    return out


def differences(want: dict, got: dict) -> list[str]:
    """Readable differences, field by field (a repeating group row by row)."""
    a, b = flat(want), flat(got)
    diffs = []
    for key in sorted(set(a) | set(b)):
        va, vb = a.get(key), b.get(key)
        if isinstance(va, list) or isinstance(vb, list):
            va, vb = va or [], vb or []
            if len(va) != len(vb):
                diffs.append(f"{key}: {len(va)} rows filled, {len(vb)} read")
            for i, (ra, rb) in enumerate(zip(va, vb, strict=False), start=1):
                for k in sorted(set(ra) | set(rb)):
                    if ra.get(k) != rb.get(k):
                        diffs.append(f"{key}[{i}].{k}: filled {ra.get(k)!r}, read {rb.get(k)!r}")
        elif va != vb:
            diffs.append(f"{key}: filled {va!r}, read {vb!r}")
    return diffs


def errors(issues) -> list[str]:
    return [f"{i.code} {i.field or ''} {i.message}" for i in issues if i.severity == "error"]
