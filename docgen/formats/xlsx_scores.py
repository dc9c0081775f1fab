"""Render an Excel form with content beyond its input cells — the scoring sheet's 评分参考.

The same zip-level render as `xlsx_form.render_form` (template read once, only touched sheets
parsed, the manifest in the custom properties), with `extra` cells {(sheet, "D5"): value} written
into locked cells the template already styles (`form.reference` of the schema, docgen.formats.xlsx_build).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docgen.errors import ConfigError
from docgen.formats import safexml
from docgen.formats.custom_props import CUSTOM_PART, props_xml
from docgen.formats.xlsx_form import (
    load_package,
    patch,
    slot_cells,
    template_path,
    write_members,
    year_tokens,
)
from docgen.formats.xlsx_package import NS, serialize
from docgen.manifest import Manifest
from docgen.schema import FormSchema


def _heights(members, pkg, heights: dict[tuple[str, int], float]):
    """Set row heights ({(sheet, row): points}) so wrapped multi-line text shows whole."""
    by_part: dict[str, dict[int, float]] = {}
    for (sheet, row), pt in heights.items():
        by_part.setdefault(pkg.info.part_of[sheet], {})[row] = pt
    out = []
    for zi, data in members:
        rows = by_part.get(zi.filename)
        if rows:
            root = safexml.parse(data)
            for el in root.iter(f"{{{NS}}}row"):
                r = int(el.get("r") or 0)
                if r in rows:
                    el.set("ht", f"{rows[r]:g}")
                    el.set("customHeight", "1")
            data = serialize(root)
        out.append((zi, data))
    return out


def render_with(schema: FormSchema, manifest: Manifest, prefill: dict, extra: dict[tuple[str, str], object],
                out_path: Path, heights: dict[tuple[str, int], float] | None = None) -> None:
    path = template_path(schema)
    try:
        pkg = load_package(path, with_props=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ConfigError(f"表格模板 {path.name} 无法读取：{exc}") from None
    cells = slot_cells(pkg, schema, prefill)
    cells.update(extra)
    members = patch(pkg, cells, year_tokens(manifest.years), {CUSTOM_PART: props_xml(manifest.to_props())})
    if heights:
        members = _heights(members, pkg, heights)
    write_members(members, Path(out_path))


__all__ = ["render_with"]
