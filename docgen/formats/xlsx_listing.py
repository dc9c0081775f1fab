"""A listing as a workbook: a title row, a bold header row, one row per item (the registry export).

What the columns are and what each row says is the caller's; this module lays the sheet out. Text a
person typed reaches these cells, so it is neutralised and stored as text: a spreadsheet never runs it
as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text a person typed, neutralised so a spreadsheet never runs it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write_listing(out_path: Path, *, sheet: str, title: str, columns: Sequence[str], rows: Sequence[Sequence],
                  widths: Sequence[float], freeze: str, private: bool = False) -> None:
    """One sheet named `sheet`: `title` in A1, `columns` as a filtered header in row 2, then `rows`
    (dates as yyyy-mm-dd cells); panes frozen at `freeze`. Written atomically; `private` (secrets such
    as one-time passwords): mode 0600 from the start."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from docgen.formats.ooxml import use_excel_font_order

    use_excel_font_order()
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(columns))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append([safe_text(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = freeze
    ws.auto_filter.ref = f"A2:{chr(ord('A') + len(columns) - 1)}{max(ws.max_row, 2)}"
    from docgen.atomic import write_atomic

    write_atomic(out_path, wb.save, private=private)
