"""SpreadsheetML at the zip level: the workbook's sheets and defined names, cell references, and
setting cell values inside a sheet's XML.

Rendering, filling, reading and linting the Excel forms all work on the package directly: it is
an order of magnitude faster than openpyxl and leaves everything we do not touch byte-identical
(data validations, protection, styles, whatever an editor added).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from functools import lru_cache
from posixpath import dirname, normpath
from posixpath import join as posix_join

from lxml import etree

from docgen.formats import safexml
from docgen.formats.limits import LimitExceeded

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_C = f"{{{NS}}}c"
_ROW = f"{{{NS}}}row"
_V = f"{{{NS}}}v"
_F = f"{{{NS}}}f"
_IS = f"{{{NS}}}is"
_T = f"{{{NS}}}t"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

WORKBOOK_PART = "xl/workbook.xml"
SHARED_STRINGS_PART = "xl/sharedStrings.xml"
STYLES_PART = "xl/styles.xml"

_CELL_RE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d{1,7})$")
_EPOCH_1900 = dt.date(1899, 12, 30)  # serial 0 (Excel's 1900 leap-year bug makes day 60 the phantom 29 Feb)
_EPOCH_1904 = dt.date(1904, 1, 1)


@dataclass(frozen=True)
class Area:
    """A rectangular reference on one sheet, 1-based inclusive (`'目标进展'!$C$4:$C$33`)."""

    sheet: str
    col1: int
    row1: int
    col2: int
    row2: int

    @property
    def is_cell(self) -> bool:
        return self.col1 == self.col2 and self.row1 == self.row2

    @property
    def height(self) -> int:
        return self.row2 - self.row1 + 1

    @property
    def width(self) -> int:
        return self.col2 - self.col1 + 1

    def cells(self) -> list[str]:
        """The cell references of the area, row by row."""
        return [f"{col_letter(c)}{r}" for r in range(self.row1, self.row2 + 1)
                for c in range(self.col1, self.col2 + 1)]

    def formula(self) -> str:
        sheet = "'" + self.sheet.replace("'", "''") + "'"
        first = f"${col_letter(self.col1)}${self.row1}"
        if self.is_cell:
            return f"{sheet}!{first}"
        return f"{sheet}!{first}:${col_letter(self.col2)}${self.row2}"


@dataclass(frozen=True)
class DefinedName:
    name: str
    text: str  # the formula as stored
    local_sheet: int | None  # None = workbook scope
    hidden: bool = False


@dataclass
class WorkbookInfo:
    sheets: list[tuple[str, str]]  # (sheet name, part path) in tab order
    names: list[DefinedName]
    date1904: bool = False
    part_of: dict[str, str] = field(default_factory=dict)  # sheet name → part path

    def __post_init__(self):
        self.part_of = dict(self.sheets)


def col_letter(n: int) -> str:
    s = ""
    while n:
        n, rem = divmod(n - 1, 26)
        s = chr(65 + rem) + s
    return s


def col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def split_ref(ref: str) -> tuple[int, int]:
    """`C5` → (col 3, row 5)."""
    m = _CELL_RE.match(ref)
    if not m:
        raise ValueError(ref)
    return col_index(m[1]), int(m[2])


@lru_cache(maxsize=4096)
def parse_area(text: str) -> Area | None:
    """A defined name's formula as one rectangular area; None for anything else (#REF!, unions, constants)."""
    text = text.strip()
    if text.startswith("="):
        text = text[1:]
    if text.startswith("'"):
        end = text.find("'!")
        while end != -1 and text[end - 1:end + 1] == "''" and text[end + 1:end + 2] != "!":
            end = text.find("'!", end + 1)
        if end == -1:
            return None
        sheet, rest = text[1:end].replace("''", "'"), text[end + 2:]
    else:
        sheet, sep, rest = text.rpartition("!")
        if not sep:
            return None
    if not sheet or "#REF" in rest:
        return None
    first, _, last = rest.partition(":")
    try:
        c1, r1 = split_ref(first)
        c2, r2 = split_ref(last) if last else (c1, r1)
    except ValueError:
        return None
    return Area(sheet, min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2))


def _rels(data: bytes, base: str) -> dict[str, str]:
    root = safexml.parse(data)
    out = {}
    for rel in root.iter(f"{{{NS_PKG_REL}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        path = target.lstrip("/") if target.startswith("/") else normpath(posix_join(base, target))
        out[rel.get("Id")] = path
    return out


def parse_workbook(read) -> WorkbookInfo:
    """Sheets, defined names and the date system, via `read(part) -> bytes` (raises KeyError if absent)."""
    root = safexml.parse(read(WORKBOOK_PART))
    rels = _rels(read("xl/_rels/workbook.xml.rels"), dirname(WORKBOOK_PART))
    sheets = []
    for s in root.iter(f"{{{NS}}}sheet"):
        part = rels.get(s.get(f"{{{NS_R}}}id") or "")
        if part:
            sheets.append((s.get("name") or "", part))
    names = []
    for dn in root.iter(f"{{{NS}}}definedName"):
        local = dn.get("localSheetId")
        names.append(DefinedName(dn.get("name") or "", (dn.text or "").strip(),
                                 int(local) if local and local.isdigit() else None,
                                 dn.get("hidden") in ("1", "true")))
    pr = root.find(f"{{{NS}}}workbookPr")
    date1904 = pr is not None and pr.get("date1904") in ("1", "true")
    return WorkbookInfo(sheets=sheets, names=names, date1904=date1904)


def shared_strings(data: bytes | None, max_count: int | None = None, max_bytes: int | None = None) -> list[str]:
    """The shared string table; rich-text runs joined, phonetic runs (`rPh`) left out.

    Read element by element (a table of millions of strings never becomes one tree in memory);
    past `max_count` strings or `max_bytes` of decoded text, `LimitExceeded`.
    """
    if not data:
        return []
    safexml.check_bytes(data)
    out: list[str] = []
    rph = f"{{{NS}}}rPh"
    si_tag = f"{{{NS}}}si"
    total = 0
    events = etree.iterparse(io.BytesIO(data), events=("end",), tag=si_tag, resolve_entities=False,
                             no_network=True, load_dtd=False, huge_tree=False, remove_comments=True)
    for _event, si in events:
        text = "".join(t.text or "" for t in si.iter(_T) if t.getparent().tag != rph)
        out.append(text)
        if max_count is not None and len(out) > max_count:
            raise LimitExceeded(f"共享字符串超过 {max_count} 条")
        if max_bytes is not None:
            total += len(text.encode("utf-8"))
            if total > max_bytes:
                raise LimitExceeded(f"共享字符串的文字超过 {max_bytes // (1024 * 1024)} MB")
        si.clear()
        parent = si.getparent()
        while parent is not None and si.getprevious() is not None:
            del parent[0]
    return out


_MERGE_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")


def count_cells(data: bytes) -> int:
    """The `<c>` elements of a sheet's XML, counted in its bytes (nothing parsed)."""
    return len(_CELL_TAG.findall(data))


def check_merges(data: bytes, max_merges: int, max_cells: int) -> None:
    """Refuse a sheet whose merged ranges are too many or cover too many cells (`mergeCell D2:XFD1048576`
    is 17 billion cells to anything that materialises them), from the raw bytes, never a range."""
    count = cells = 0
    for m in _MERGE_RE.finditer(data):
        count += 1
        if count > max_merges:
            raise LimitExceeded(f"一个工作表的合并单元格区域超过 {max_merges} 个")
        first, _, last = m.group(1).decode("ascii", "replace").partition(":")
        try:
            c1, r1 = split_ref(first.replace("$", ""))
            c2, r2 = split_ref(last.replace("$", "")) if last else (c1, r1)
        except ValueError:
            raise LimitExceeded(f"合并单元格区域「{m.group(1)[:40].decode('ascii', 'replace')}」无效") from None
        cells += (abs(c2 - c1) + 1) * (abs(r2 - r1) + 1)
        if cells > max_cells:
            raise LimitExceeded(f"一个工作表的合并单元格共超过 {max_cells} 个单元格")


def date_to_serial(value: dt.date, date1904: bool = False) -> int | float:
    if isinstance(value, dt.datetime):
        base = dt.datetime.combine(_EPOCH_1904 if date1904 else _EPOCH_1900, dt.time())
        return (value - base).total_seconds() / 86400
    return (value - (_EPOCH_1904 if date1904 else _EPOCH_1900)).days


def serial_to_date(serial: float, date1904: bool = False) -> dt.date:
    return (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(days=int(serial))


# --- writing cells into a parsed sheet ------------------------------------------------------------

def _find_row(sheet_data, r: int):
    for row in sheet_data.iterchildren(_ROW):
        n = int(row.get("r") or 0)
        if n == r:
            return row
        if n > r:
            new = etree.Element(_ROW, r=str(r))
            row.addprevious(new)
            return new
    return etree.SubElement(sheet_data, _ROW, r=str(r))


def _find_cell(row, ref: str, col: int):
    for c in row.iterchildren(_C):
        cc, _ = split_ref(c.get("r"))
        if cc == col:
            return c
        if cc > col:
            new = etree.Element(_C, r=ref)
            c.addprevious(new)
            return new
    return etree.SubElement(row, _C, r=ref)


def set_cell(sheet_root, ref: str, value, date1904: bool = False) -> None:
    """Write `value` into cell `ref`, keeping its style: str as an inline string, bool as 是/否 is the
    caller's business (pass the text), int/float as a number, date as its serial, None clears it."""
    col, r = split_ref(ref)
    sheet_data = sheet_root.find(f"{{{NS}}}sheetData")
    cell = _find_cell(_find_row(sheet_data, r), ref, col)
    for child in list(cell):
        cell.remove(child)
    cell.attrib.pop("t", None)
    if value is None:
        return
    if isinstance(value, bool):
        raise TypeError("booleans are written as 是/否 text by the caller")
    if isinstance(value, dt.date):
        value = date_to_serial(value, date1904)
    if isinstance(value, int | float):
        etree.SubElement(cell, _V).text = repr(value) if isinstance(value, float) else str(value)
        return
    cell.set("t", "inlineStr")
    t = etree.SubElement(etree.SubElement(cell, _IS), _T)
    text = str(value)
    if text != text.strip() or "\n" in text:
        t.set(XML_SPACE, "preserve")
    t.text = text


def serialize(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
