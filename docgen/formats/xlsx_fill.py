"""Fill a generated Excel form programmatically, as a person would in Excel — for tests and benchmarks.

`record` is the nested record of docs/data-dictionary.md: dotted ids as nested dicts, repeating
groups as lists of row dicts (a `None` or `{}` row leaves that row blank). Booleans are entered as
是/否, indicator ids as their Chinese labels, dates as date cells; strings go in as typed, so a test
can enter "72.5%" or "三十" into a number cell. The form's own defined names say where each value goes.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import InputError
from docgen.formats.custom_props import CUSTOM_PART, parse_props
from docgen.formats.xlsx_form import load_package, patch, slot_cells, write_members
from docgen.manifest import Manifest
from docgen.schema import FormSchema, load_form

_NOT_SLOTS = {"years"}  # record keys that are no cells (the manifest carries the years)


def flatten(schema: FormSchema, record: dict) -> dict:
    """{field id: value} for single fields and {GROUP.FIELD: [row values]} for repeating groups."""
    ids = set(schema.slot_ids())
    groups = {g.id: g for g in schema.groups}
    out: dict = {}
    unknown = []
    for key, value in record.items():
        if key in _NOT_SLOTS:
            continue
        if key in groups:
            rows = list(value or [])
            for f in groups[key].fields:
                out[f.id] = [(row or {}).get(f.name) for row in rows]
            extra = {k for row in rows for k in (row or {})} - {f.name for f in groups[key].fields}
            unknown += [f"{key}.{k}" for k in sorted(extra)]
        elif isinstance(value, dict):
            for sub, v in value.items():
                if f"{key}.{sub}" in ids:
                    out[f"{key}.{sub}"] = v
                else:
                    unknown.append(f"{key}.{sub}")
        elif key in ids:
            out[key] = value
        else:
            unknown.append(key)
    if unknown:
        raise InputError(f"「{schema.title}」没有这些字段：{'、'.join(unknown)}")
    return out


def fill_xlsx(path: Path, record: dict, out: Path, *, form: str | None = None) -> Path:
    """Write a copy of the form at `path` with `record` entered into `out` (atomically); returns `out`."""
    pkg = load_package(Path(path))
    if form is None:
        custom = pkg.part(CUSTOM_PART)
        manifest = Manifest.from_props(parse_props(custom)) if custom else None
        if manifest is None:
            raise InputError(f"{Path(path).name} 没有 docgen 表格标识，请传入 form=。")
        form = manifest.form
    schema = load_form(form)
    write_members(patch(pkg, slot_cells(pkg, schema, flatten(schema, record), InputError)), Path(out))
    return Path(out)


__all__ = ["fill_xlsx", "flatten"]
