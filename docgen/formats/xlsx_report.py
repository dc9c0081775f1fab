"""A workbook of tables, one sheet each: a shaded header, columns as wide as their text, printable on
landscape A4 (the validation report's .xlsx).

What the sheets are called and what their rows say is the caller's; this module lays them out.
Everything a person typed reaches these cells (a cluster name, a value read from a form), so any text
that Excel would take for a formula (=, +, -, @ first) is written as a text cell with Excel's quote
prefix: it shows as typed and is never evaluated.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_MAX_CELL = 32767  # Excel's limit on one cell's text
_MAX_WIDTH = 60


@dataclass(frozen=True)
class Sheet:
    """One table: `wrap_cols` are 1-based columns whose text wraps; `notes` are lines in column A
    below the table, after one empty row."""

    title: str
    header: tuple[str, ...]
    rows: Sequence[tuple]
    wrap_cols: tuple[int, ...] = ()
    notes: tuple[str, ...] = ()


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _put(ws, row: int, col: int, value):
    """Set a cell; text is cleaned of characters XML cannot hold and kept from being a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_CELL]
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _sheet(wb, title: str, header: tuple[str, ...], rows: Sequence[tuple], wrap_cols: tuple[int, ...] = ()):
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for c, text in enumerate(header, start=1):
        cell = _put(ws, 1, c, text)
        cell.font, cell.fill = bold, fill
    widths = [display_width(h) for h in header]
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = _put(ws, r, c, value)
            if c in wrap_cols:
                cell.alignment = wrap
            widths[c - 1] = max(widths[c - 1], display_width(str(value)) if value is not None else 0)
    from openpyxl.utils import get_column_letter

    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = min(w + 2, _MAX_WIDTH)
    ws.freeze_panes = "A2"
    # Printed for a meeting: landscape A4, all columns on one page width.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    return ws


def write_sheets(path: Path | str, sheets: Sequence[Sheet]) -> None:
    """The sheets, in order, as one workbook at `path`, written atomically."""
    from openpyxl import Workbook

    from docgen.formats.ooxml import use_excel_font_order

    use_excel_font_order()
    wb = Workbook()
    wb.remove(wb.active)
    for s in sheets:
        ws = _sheet(wb, s.title, s.header, s.rows, s.wrap_cols)
        for i, line in enumerate(s.notes):
            _put(ws, len(s.rows) + 3 + i, 1, line)
    from docgen.atomic import via_memory, write_atomic

    write_atomic(path, via_memory(wb.save))
