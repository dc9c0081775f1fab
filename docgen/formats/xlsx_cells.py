"""Cell contents of a worksheet as a person sees them: the typed value and the displayed text.

Excel stores a date as a serial number whose cell style says "date"; a percentage typed as 72.5%
is stored as 0.725 with a `0.0%` format. So a cell's native value comes from its XML type and its
number format, and its text is rendered the way Excel would show it for the formats forms use.
"""

from __future__ import annotations

import datetime as dt
import re

from docgen.formats import safexml
from docgen.formats.xlsx_package import NS, col_index, serial_to_date

_C, _ROW, _V, _IS, _T = (f"{{{NS}}}{t}" for t in ("c", "row", "v", "is", "t"))
_RPH = f"{{{NS}}}rPh"
_REF_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")

# Built-in number formats that are dates (ECMA-376 18.8.30, plus the CJK ids 27–36 and 50–58).
_BUILTIN_DATES = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))
_BUILTIN_CODES = {0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 49: "@"}
_QUOTED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_SIMPLE_NUM = re.compile(r"^(#,##)?0(\.0+)?(%?)$")


class Styles:
    """Number format of each cell style index (`s`), read lazily from xl/styles.xml."""

    def __init__(self, data: bytes | None):
        self.codes: list[str] = []
        self.date: list[bool] = []
        if not data:
            return
        root = safexml.parse(data)
        custom = {}
        fmts = root.find(f"{{{NS}}}numFmts")
        if fmts is not None:
            for nf in fmts:
                if nf.get("numFmtId", "").isdigit():
                    custom[int(nf.get("numFmtId"))] = nf.get("formatCode") or ""
        xfs = root.find(f"{{{NS}}}cellXfs")
        for xf in xfs if xfs is not None else ():
            fid = int(xf.get("numFmtId") or 0)
            code = custom.get(fid) or _BUILTIN_CODES.get(fid, "General")
            self.codes.append(code)
            self.date.append(fid in _BUILTIN_DATES if fid not in custom else is_date_format(code))

    def is_date(self, s: int) -> bool:
        return 0 <= s < len(self.date) and self.date[s]

    def code(self, s: int) -> str:
        return self.codes[s] if 0 <= s < len(self.codes) else "General"


def is_date_format(code: str) -> bool:
    bare = _QUOTED.sub("", code.split(";")[0]).lower()
    return bool(re.search(r"[yd]|m{1,4}(?![0#])", bare)) and "0.0" not in bare and bare not in ("general", "@")


def format_number(x: float, code: str) -> str:
    """The text Excel shows for `x` in the formats a form uses (general, 0, 0.00, #,##0.00, 0.0%)."""
    m = _SIMPLE_NUM.match(code.strip())
    if m:
        decimals = len(m[2]) - 1 if m[2] else 0
        if m[3]:
            x *= 100
        text = f"{x:,.{decimals}f}" if m[1] else f"{x:.{decimals}f}"
        return text + m[3]
    if x == int(x) and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.15g}"


def sheet_cells(data: bytes) -> dict[tuple[int, int], tuple[str, int, str | None]]:
    """{(col, row): (type, style index, raw text)} for every cell that holds something.

    raw text is `<v>` (a number, shared-string index, bool or error) or an inline string's text.
    Only cells with content are visited (a form is mostly empty styled cells); rows and cells without
    an `r` attribute (allowed by the standard, rare) take the slow sequential path.
    """
    root = safexml.parse(data)
    out: dict[tuple[int, int], tuple[str, int, str | None]] = {}
    for el in root.iter(_V, _IS):
        c = el.getparent()
        if c.tag != _C:
            continue
        m = _REF_RE.match(c.get("r") or "")
        if m is None:
            return _sheet_cells_sequential(root)
        _put(out, c, col_index(m[1]), int(m[2]), el)
    return out


def _put(out: dict, c, col: int, row: int, el) -> None:
    t = c.get("t") or "n"
    if el.tag == _IS:
        if t != "inlineStr":
            return
        raw = el  # joined lazily: most inline strings are labels nobody asks for
    else:
        raw = el.text
        if t == "inlineStr" or raw is None:
            return
    s = c.get("s")
    out[(col, row)] = (t, int(s) if s and s.isdigit() else 0, raw)


def _sheet_cells_sequential(root) -> dict[tuple[int, int], tuple[str, int, str | None]]:
    out: dict[tuple[int, int], tuple[str, int, str | None]] = {}
    r = 0
    for row in root.iter(_ROW):
        rr = row.get("r")
        r = int(rr) if rr and rr.isdigit() else r + 1
        col = 0
        for c in row.iterchildren(_C):
            m = _REF_RE.match(c.get("r") or "")
            col = col_index(m[1]) if m else col + 1
            for el in c.iterchildren(_V, _IS):
                _put(out, c, col, r, el)
    return out


def cell_value(cell: tuple[str, int, str | None] | None, strings: list[str], styles: Styles,
               date1904: bool) -> tuple[str | None, object]:
    """(displayed text or None when blank, native value) of one cell."""
    if cell is None:
        return None, None
    t, s, raw = cell
    if t == "inlineStr" and not isinstance(raw, str):
        raw = "".join(x.text or "" for x in raw.iter(_T) if x.getparent().tag != _RPH)
    if t in ("s", "inlineStr", "str"):
        if t == "s":
            try:
                raw = strings[int(raw)]
            except (ValueError, IndexError):
                return None, None
        return (raw if raw else None), None
    if t == "b":
        native = raw.strip() in ("1", "true")
        return ("TRUE" if native else "FALSE"), native
    if t == "e":
        return raw, None
    if t == "d":  # ISO 8601 date cell (rare; some editors write them)
        try:
            d = dt.date.fromisoformat(raw[:10])
        except ValueError:
            return raw, None
        return d.isoformat(), d
    try:
        x = float(raw)
    except ValueError:
        return raw, None
    if styles.is_date(s):
        try:
            d = serial_to_date(x, date1904)
        except (OverflowError, ValueError):
            return raw, x
        return d.isoformat(), d
    native: object = int(x) if x == int(x) and "." not in raw and "E" not in raw.upper() else x
    return format_number(x, styles.code(s)), native
