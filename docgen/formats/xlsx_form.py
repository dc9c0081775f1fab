"""Render a blank Excel form from its template: pre-filled cells, the years in the headings, the manifest.

The template is read once per process and patched at the zip level: only the sheets holding
pre-filled cells are parsed, the `{prev}` / `{cur}` / `{next}` tokens are replaced in the shared
strings, and every other part is copied as is — about 10× faster than openpyxl load + save, and
nothing an editor put in the template (validations, protection, print setup) is lost.
`xlsx_fill` uses the same machinery to fill a form for tests and benchmarks.
"""

from __future__ import annotations

import datetime as dt
import decimal
import tempfile
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from docgen.atomic import write_atomic
from docgen.errors import ConfigError, DocgenError
from docgen.formats import safexml
from docgen.formats.custom_props import (
    CUSTOM_PART,
    props_xml,  # one serialiser of docProps/custom.xml
    write_custom_props,
)
from docgen.formats.xlsx_lint import lint_xlsx_template  # `docgen forms check` finds it here
from docgen.formats.xlsx_package import (
    SHARED_STRINGS_PART,
    Area,
    WorkbookInfo,
    parse_area,
    parse_workbook,
    serialize,
    set_cell,
)
from docgen.manifest import Manifest
from docgen.resources import form_template
from docgen.schema import NO, YES, Field, FormSchema


@dataclass
class Package:
    """An .xlsx read into memory: its members, workbook map and named input areas."""

    members: list[tuple[zipfile.ZipInfo, bytes]]
    info: WorkbookInfo
    areas: dict[str, Area]  # workbook-scoped defined name → its area (first one when duplicated)

    def part(self, name: str) -> bytes | None:
        for zi, data in self.members:
            if zi.filename == name:
                return data
        return None


_CACHE: OrderedDict[tuple, Package] = OrderedDict()
_CACHE_SIZE = 8


def load_package(path: Path, *, with_props: bool = False) -> Package:
    """The package at `path`, cached by (path, mtime, size) so a batch reads its template once.

    `with_props`: make sure it has a docProps/custom.xml part (content type and relationship
    included), so a render only swaps that part's bytes instead of rewriting the zip a second time.
    """
    path = Path(path)
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size, with_props)
    pkg = _CACHE.get(key)
    if pkg is not None:
        _CACHE.move_to_end(key)
        return pkg
    with zipfile.ZipFile(path) as zf:
        members = [(zi, zf.read(zi)) for zi in zf.infolist()]
    if with_props and CUSTOM_PART not in {zi.filename for zi, _ in members}:
        with tempfile.TemporaryDirectory(prefix="docgen-") as tmp:
            primed = Path(tmp) / "primed.xlsx"
            write_members(members, primed, {"docgen.form": ""})
            with zipfile.ZipFile(primed) as zf:
                members = [(zi, zf.read(zi)) for zi in zf.infolist()]
    data = {zi.filename: b for zi, b in members}
    info = parse_workbook(lambda name: data[name])
    areas: dict[str, Area] = {}
    for dn in info.names:
        area = parse_area(dn.text)
        if dn.local_sheet is None and area is not None and dn.name not in areas:
            areas[dn.name] = area
    pkg = Package(members, info, areas)
    _CACHE[key] = pkg
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return pkg


def cell_value(f: Field, value):
    """What goes into the cell for a record value: 是/否 for booleans, the Chinese label of a choice
    id, numbers and dates as such, anything else as text (so tests can enter raw strings)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if f.widget == "choice" and isinstance(value, str):
        return f.choice_labels.get(value, value)
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int | float | dt.date):
        return value
    return str(value)


def patch(pkg: Package, cells: dict[tuple[str, str], object], tokens: dict[str, str] | None = None,
          extra_parts: dict[str, bytes] | None = None) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """The package's members with `cells` ({(sheet name, "C5"): value}) written and tokens replaced."""
    by_part: dict[str, dict[str, object]] = {}
    for (sheet, ref), value in cells.items():
        part = pkg.info.part_of.get(sheet)
        if part is None:
            raise ConfigError(f"表格模板中没有工作表「{sheet}」。")
        by_part.setdefault(part, {})[ref] = value
    token_bytes = [(("{" + k + "}").encode(), v.encode("utf-8")) for k, v in (tokens or {}).items()]
    out = []
    for zi, data in pkg.members:
        name = zi.filename
        if name in by_part:
            root = safexml.parse(data)
            for ref, value in by_part[name].items():
                set_cell(root, ref, value, pkg.info.date1904)
            data = serialize(root)
        if token_bytes and (name == SHARED_STRINGS_PART or name in pkg.info.part_of.values()):
            for old, new in token_bytes:
                data = data.replace(old, new)
        if extra_parts and name in extra_parts:
            data = extra_parts[name]
        out.append((zi, data))
    return out


def write_members(members: list[tuple[zipfile.ZipInfo, bytes]], out: Path, props: dict[str, str] | None = None) -> None:
    """Write a package atomically (docgen.atomic), with custom properties."""

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            for zi, data in members:
                info = zipfile.ZipInfo(zi.filename, date_time=zi.date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = zi.external_attr
                zf.writestr(info, data)
        if props:
            write_custom_props(tmp, props)

    write_atomic(out, write)


def year_tokens(years: dict) -> dict[str, str]:
    """`{prev}`, `{cur}` and `{next}` (the year the table is due) for the headings."""
    tokens = {k: str(v) for k, v in (years or {}).items()}
    if "cur" in years:
        tokens["next"] = str(int(years["cur"]) + 1)
    return tokens


def slot_cells(pkg: Package, schema: FormSchema, values: dict,
               error: type[DocgenError] = ConfigError) -> dict[tuple[str, str], object]:
    """Cells for `values` keyed by field id: single ids → their cell; group ids → a list, row k → k-th cell.

    `error` is raised when the workbook lacks a slot: ConfigError for our template, InputError for a
    file handed to `fill_xlsx`.
    """
    cells: dict[tuple[str, str], object] = {}
    for fid, value in values.items():
        area = pkg.areas.get(fid)
        if area is None:
            raise error(f"表格「{schema.title}」中没有名称为 {fid} 的填写单元格。"
                        "请用 docgen forms check 检查模板。")
        f = schema.field(fid)
        refs = area.cells()
        if f.group is None:
            cells[(area.sheet, refs[0])] = cell_value(f, value)
            continue
        if len(value) > len(refs):
            raise error(f"「{f.label}」有 {len(value)} 行，表格只有 {len(refs)} 行。")
        for ref, v in zip(refs, value, strict=False):
            cells[(area.sheet, ref)] = cell_value(f, v)
    return cells


def template_path(schema: FormSchema) -> Path:
    return form_template(schema.template)


def render_form(schema: FormSchema, manifest: Manifest, prefill: dict, out_path: Path) -> None:
    """Write the blank form of `schema` to `out_path`: prefill {field id: value}, years, manifest."""
    path = template_path(schema)
    try:
        pkg = load_package(path, with_props=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ConfigError(f"表格模板 {path.name} 无法读取：{exc}") from None
    members = patch(pkg, slot_cells(pkg, schema, prefill), year_tokens(manifest.years),
                    {CUSTOM_PART: props_xml(manifest.to_props())})
    write_members(members, Path(out_path))


__all__ = ["Package", "cell_value", "lint_xlsx_template", "load_package", "patch", "render_form", "slot_cells",
           "write_members"]
