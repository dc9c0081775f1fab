"""Read a returned Excel form back into a RawForm: every named input cell, its text and native value.

zipfile + safe lxml, no openpyxl: the workbook's defined names say where each field is (a single
cell, or a column range for `GROUP.FIELD`); the manifest (custom properties) says which form and
version. A form whose names were deleted, duplicated or renamed is reported (`form.altered`) and
its fields are still looked up by their labels, so nothing a person typed is lost; a workbook that
lost every name (copied into a new file) is read by label with a `form.read_by_label` warning.
Values are not normalised here (that is `docgen.record`'s job); natives are given.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from docgen.catalogue import forms_of_format, is_form
from docgen.formats import safexml
from docgen.formats.custom_props import read_custom_props
from docgen.formats.limits import LimitExceeded
from docgen.formats.raw import RawForm, RawValue
from docgen.formats.saved_by import APP_PART, read_by_label_issue, saved_by
from docgen.formats.xlsx_cells import Styles, cell_value, sheet_cells
from docgen.formats.xlsx_package import (
    SHARED_STRINGS_PART,
    STYLES_PART,
    Area,
    WorkbookInfo,
    check_merges,
    col_letter,
    count_cells,
    parse_area,
    parse_workbook,
    shared_strings,
)
from docgen.issues import make_issue
from docgen.manifest import Manifest
from docgen.schema import Field, FormSchema, load_form
from docgen.settings import DEFAULT, Settings

MAX_MEMBERS = 2000
MAX_PART_BYTES = 100 * 1024 * 1024  # uncompressed, per part read
MAX_RATIO = 200  # uncompressed / compressed, above which a part is a bomb
_OUR_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")  # field ids: lower-case, dotted
_WS = re.compile(r"\s+")


class _Refused(Exception):
    def __init__(self, code: str, **args):
        super().__init__(code)
        self.code, self.args_ = code, args


@dataclass
class _Book:
    zf: zipfile.ZipFile
    info: WorkbookInfo
    strings: list[str]
    styles: Styles
    cells: dict[str, dict]  # sheet name → sheet_cells()
    parts: dict[str, bytes] = None  # sheet parts already read (by the merge check), parsed once needed

    def sheet(self, name: str) -> dict | None:
        if name not in self.cells:
            part = self.info.part_of.get(name)
            data = (self.parts or {}).pop(part, None) if part else None
            self.cells[name] = sheet_cells(data if data is not None else _read(self.zf, part)) if part else None
        return self.cells[name]

    def has_text(self, sheet: str, col: int, row: int) -> bool:
        if (col, row) not in (self.sheet(sheet) or {}):
            return False
        text, _ = self.value(sheet, col, row)
        return text is not None and bool(text.strip())

    def value(self, sheet: str, col: int, row: int) -> tuple[str | None, object]:
        cells = self.sheet(sheet) or {}
        return cell_value(cells.get((col, row)), self.strings, self.styles, self.info.date1904)


def _read(zf: zipfile.ZipFile, name: str) -> bytes:
    zi = zf.getinfo(name)
    if zi.file_size > MAX_PART_BYTES or zi.file_size > MAX_RATIO * max(zi.compress_size, 1) + 1_000_000:
        raise _Refused("file.zip_bomb", detail=f"{name} 解压后 {zi.file_size // 1024} KB")
    return zf.read(zi)


def _label_key(text: str | None) -> str:
    return _WS.sub("", text or "")


def _identify(info: WorkbookInfo) -> FormSchema | None:
    """The Excel form whose sheets (or field names) this workbook has, when the manifest is gone."""
    sheets = {name for name, _ in info.sheets}
    names = {dn.name for dn in info.names}
    best, best_score = None, 0.0
    for fid in forms_of_format("xlsx"):
        schema = load_form(fid)
        titles = {s.title for s in schema.sections}
        ids = set(schema.slot_ids())
        score = len(titles & sheets) / len(titles) + len(ids & names) / len(ids)
        if score > best_score:
            best, best_score = schema, score
    return best if best_score >= 1.0 else None


@lru_cache(maxsize=8)
def _label_map(form_id: str) -> dict[str, tuple[str, str, int, int]]:
    """Where each field sits relative to its label in the shipped template.

    Single fields: (sheet, text of column B in its row, column, 0) — the row's label (项目 / 指标).
    Group fields: (sheet, its heading text, 0, rows) — the column heading above the block.
    """
    from docgen.formats.xlsx_form import load_package, template_path

    schema = load_form(form_id)
    pkg = load_package(template_path(schema))
    data = {zi.filename: b for zi, b in pkg.members}
    strings = shared_strings(data.get(SHARED_STRINGS_PART))
    styles = Styles(None)
    out = {}
    sheets: dict[str, dict] = {}
    for f in schema.all_fields():
        area = pkg.areas.get(f.id)
        if area is None:
            continue
        if area.sheet not in sheets:
            sheets[area.sheet] = sheet_cells(data[pkg.info.part_of[area.sheet]])
        cells = sheets[area.sheet]
        if f.group:
            text, _ = cell_value(cells.get((area.col1, area.row1 - 1)), strings, styles, False)
            out[f.id] = (area.sheet, _label_key(text), 0, area.height)
        else:
            text, _ = cell_value(cells.get((2, area.row1)), strings, styles, False)
            out[f.id] = (area.sheet, _label_key(text), area.col1, 0)
    return out


def _find_by_label(book: _Book, schema: FormSchema, fid: str) -> Area | None:
    spec = _label_map(schema.id).get(fid)
    if spec is None:
        return None
    sheet, label, col, rows = spec
    cells = book.sheet(sheet)
    if not cells or not label:
        return None
    for (c, r), cell in sorted(cells.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if rows == 0 and c != 2:
            continue
        text, _ = cell_value(cell, book.strings, book.styles, book.info.date1904)
        if _label_key(text) == label:
            return Area(sheet, col, r, col, r) if rows == 0 else Area(sheet, c, r + 1, c, r + rows)
    return None


def _check_names(info: WorkbookInfo, schema: FormSchema, form: RawForm) -> dict[str, Area]:
    """Map field ids to areas from the defined names; report missing, duplicated, broken, unknown ones."""
    ids = schema.slot_ids()
    known = set(ids)
    sheet_names = [name for name, _ in info.sheets]
    seen: dict[str, list] = {}
    for dn in info.names:
        if dn.name in known or _OUR_NAME.match(dn.name):
            seen.setdefault(dn.name, []).append(dn)
    areas: dict[str, Area] = {}
    fields = _fields(schema.id)
    for fid in ids:
        f = fields[fid]
        found = seen.get(fid, [])
        usable = [(dn, parse_area(dn.text)) for dn in found]
        usable = [(dn, a) for dn, a in usable if a is not None and a.sheet in sheet_names]
        if len(found) > 1:
            scopes = "、".join("整个工作簿" if dn.local_sheet is None else f"工作表「{_sheet_at(sheet_names, dn.local_sheet)}」"
                              for dn in found)
            form.issues.append(make_issue("form.altered", field=fid, label=f.label,
                                          detail=f"填写单元格「{f.label}」的名称 {fid} 重复出现 {len(found)} 次（{scopes}）"))
        if usable:
            usable.sort(key=lambda pair: pair[0].local_sheet is not None)  # workbook scope first
            areas[fid] = usable[0][1]
        elif found:
            form.issues.append(make_issue("form.altered", field=fid, label=f.label,
                                          detail=f"名称 {fid}（「{f.label}」）指向的单元格已被删除"))
    for name in sorted(set(seen) - known):
        area = parse_area(seen[name][0].text)
        where = f"，指向 {area.sheet}!{col_letter(area.col1)}{area.row1}" if area else ""
        form.issues.append(make_issue("form.altered", detail=f"表格中有本表没有的名称 {name}{where}（名称被改动或来自其他表格）"))
    return areas


@lru_cache(maxsize=16)
def _fields(form_id: str) -> dict[str, Field]:
    return {f.id: f for f in load_form(form_id).all_fields()}


def _sheet_at(names: list[str], index: int) -> str:
    return names[index] if 0 <= index < len(names) else str(index)


def _emit(book: _Book, schema: FormSchema, areas: dict[str, Area], form: RawForm) -> None:
    for f in schema.fields:
        area = areas.get(f.id)
        if area is not None:
            form.values.append(_raw(book, f, area.sheet, area.col1, area.row1))
    for g in schema.groups:
        cols = [(f, areas[f.id]) for f in g.fields if f.id in areas]
        height = max((a.height for _, a in cols), default=0)
        n = 0
        for k in range(height):
            if not any(k < a.height and book.has_text(a.sheet, a.col1, a.row1 + k) for _, a in cols):
                continue  # blank rows are dropped; rows are numbered as they remain
            row = [_raw(book, f, a.sheet, a.col1, a.row1 + k) for f, a in cols if k < a.height]
            n += 1
            for v in row:
                v.row = n
            form.values.extend(row)


def _raw(book: _Book, f: Field, sheet: str, col: int, row: int) -> RawValue:
    text, native = book.value(sheet, col, row)
    ref = f"{col_letter(col)}{row}"
    return RawValue(field=f.id, text=text, native=native, location=f"{sheet}!{ref}", anchor=(sheet, ref))


def _file_issue(form: RawForm, code: str, **args) -> RawForm:
    form.issues.append(make_issue(code, **args))
    return form


def read_xlsx(path: Path, limits: Settings = DEFAULT) -> RawForm:
    """Read the Excel form at `path`. Never raises for a bad file: problems become issues.

    Past one of the settings' limits (shared strings, merged ranges) `LimitExceeded` ends the read.
    """
    path = Path(path)
    form = RawForm(path=path, format="xlsx", form=None, manifest=None)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        with open(path, "rb") as fh:
            head = fh.read(8)
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE container: encrypted OOXML or an old .xls
            return _file_issue(form, "file.encrypted")
        return _file_issue(form, "file.not_zip")
    except OSError as exc:
        return _file_issue(form, "file.unreadable", detail=exc.strerror or str(exc))
    with zf:
        try:
            _read_into(zf, form, limits)
        except _Refused as exc:
            form.values.clear()
            form.issues.append(make_issue(exc.code, **exc.args_))
        except safexml.UnsafeXML:
            form.values.clear()
            form.issues.append(make_issue("file.unsafe_xml"))
        except KeyError as exc:
            form.values.clear()
            if "word/document.xml" in zf.namelist():
                form.issues.append(make_issue("file.wrong_extension", suffix=path.suffix, actual="Word"))
            else:
                m = re.search(r"'([^']+)'", str(exc.args[0]) if exc.args else "")
                form.issues.append(make_issue("file.corrupt", detail=f"缺少部件 {m.group(1) if m else ''}".strip()))
        except (etree.XMLSyntaxError, zipfile.BadZipFile, ValueError, EOFError) as exc:
            form.values.clear()
            form.issues.append(make_issue("file.corrupt", detail=_CORRUPT_DETAIL.get(type(exc).__name__, "内容无法解析")))
    return form


# Why a workbook is corrupt, in words a clerk reads (the exception's own text is English).
_CORRUPT_DETAIL = {"XMLSyntaxError": "表格内部的 XML 内容已损坏", "BadZipFile": "压缩包已损坏",
                   "EOFError": "文件被截断", "ValueError": "内容无法解析"}


def _read_into(zf: zipfile.ZipFile, form: RawForm, limits: Settings) -> None:
    if len(zf.infolist()) > MAX_MEMBERS:
        raise _Refused("file.zip_bomb", detail=f"{len(zf.infolist())} 个部件")
    info = parse_workbook(lambda name: _read(zf, name))
    parts: dict[str, bytes] = {}
    cells = 0
    for _name, part in info.sheets:  # every sheet's cells and merged ranges: an annotated copy loads them all
        if part in zf.NameToInfo:
            parts[part] = _read(zf, part)
            check_merges(parts[part], limits.max_merges, limits.max_merge_cells)
            cells += count_cells(parts[part])
            if cells > limits.max_cells:
                raise LimitExceeded(f"工作簿的单元格超过 {limits.max_cells} 个")
    try:
        props = read_custom_props(zf)
    except etree.XMLSyntaxError:
        props = {}
    manifest = Manifest.from_props(props)
    form.manifest = manifest
    form.saved_by = saved_by(_read(zf, APP_PART)) if APP_PART in zf.NameToInfo else None
    schema = None
    if manifest is not None and is_form(manifest.form) and load_form(manifest.form).format == "xlsx":
        schema = load_form(manifest.form)
    else:
        schema = _identify(info)
        if schema is None:
            form.issues.append(make_issue("form.unknown"))
            return
        form.issues.append(make_issue("form.identified_by_content", form_title=schema.title))
    form.form = schema.id

    names = set(zf.namelist())
    strings = (shared_strings(_read(zf, SHARED_STRINGS_PART), limits.max_shared_strings,
                              limits.max_shared_strings_bytes) if SHARED_STRINGS_PART in names else [])
    styles = Styles(_read(zf, STYLES_PART) if STYLES_PART in names else None)
    book = _Book(zf, info, strings, styles, {}, parts)

    altered: list = []
    if not any(dn.name in set(schema.slot_ids()) for dn in info.names):
        # Every name is gone (the cells were copied into a new workbook): read by label.
        areas, missing = {}, []
        for fid in schema.slot_ids():
            area = _find_by_label(book, schema, fid)
            if area is None:
                missing.append(fid)
            else:
                areas[fid] = area
        form.read_by_label = True
        if missing:
            detail = "、".join(f"「{schema.field(m).label}」（{m}）" for m in missing)
            form.issues.append(make_issue("form.label_not_found", detail=detail))
        else:
            form.issues.append(read_by_label_issue("xlsx", form.saved_by))
    else:
        before = len(form.issues)
        areas = _check_names(info, schema, form)
        missing = [fid for fid in schema.slot_ids() if fid not in areas]
        for fid in missing:
            area = _find_by_label(book, schema, fid)  # still read what the person typed
            if area is not None:
                areas[fid] = area
        altered = form.issues[before:]
        outdated = manifest is not None and manifest.version != schema.version
        if missing and not outdated:
            for fid in missing:
                f = schema.field(fid)
                how = "，已按标签读取" if fid in areas else ""
                form.issues.append(make_issue("form.altered", field=fid, label=f.label,
                                              detail=f"缺少填写单元格「{f.label}」的名称 {fid}{how}"))
    _check_version(manifest, schema, form, [fid for fid in schema.slot_ids() if fid not in areas], altered)
    _emit(book, schema, areas, form)


def _check_version(manifest: Manifest | None, schema: FormSchema, form: RawForm, unread: list[str],
                   altered: list) -> None:
    if manifest is None:
        return
    if manifest.version != schema.version:
        if unread:
            detail = "、".join(f"「{schema.field(m).label}」" for m in unread)
            form.issues.append(make_issue("form.outdated_unreadable", found=manifest.version,
                                          current=schema.version, detail=detail))
        else:
            form.issues.append(make_issue("form.outdated", found=manifest.version, current=schema.version))
    elif manifest.fingerprint and manifest.fingerprint != schema.fingerprint and not altered:
        form.issues.append(make_issue("form.altered", detail="表格标识中的字段布局与当前版本不符"))


__all__ = ["read_xlsx"]
