"""An annotated copy of a returned Excel form: each issue as a cell note with a fill on its cell.

Issues on a field point at the cell the reader read it from (`RawValue.anchor`), found by field and
row; issues without a cell (file-level, a missing name) go into one note on A1 of the first sheet.
The original is never written: the copy is saved to a temporary file beside `out`, then renamed.

openpyxl re-writes the whole workbook. Checked on our own forms (tests/xlsx/test_annotate.py): the
defined names, sheet protection, list and date validations, number formats, column widths and the
manifest survive; openpyxl drops validations kept in x14 extensions (Excel's lists that refer to
other sheets — ours are inline lists, so none) and any drawing or chart, which a form has none of.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill

from docgen.atomic import via_memory, write_atomic
from docgen.formats.ooxml import use_excel_font_order
from docgen.formats.raw import RawForm

FILL_ERROR = PatternFill("solid", fgColor="FFFFC7CE")  # Excel's "bad" red
FILL_WARNING = PatternFill("solid", fgColor="FFFFEB9C")  # Excel's "neutral" yellow
AUTHOR = "docgen"


def _cell_of(issue, raw: RawForm) -> tuple[str, str] | None:
    """(sheet, "C5") of the cell an issue is about, or None when it has none."""
    field = getattr(issue, "field", None)
    row = getattr(issue, "row", None)
    if field:
        for v in raw.values:
            if v.field == field and (row is None or v.row == row) and v.anchor:
                return v.anchor
    location = getattr(issue, "location", None) or ""
    if "!" in location:
        sheet, _, ref = location.partition("!")
        ref = ref.split()[0].replace("$", "") if ref.split() else ""
        if ref:
            return sheet, ref
    return None


def annotate_xlsx(src: Path, issues: list, raw: RawForm, out: Path) -> Path:
    """Write a copy of `src` to `out` with every issue as a note on its cell; returns `out`."""
    src, out = Path(src), Path(out)
    use_excel_font_order()
    with warnings.catch_warnings():
        # openpyxl warns about parts it drops (x14 validation extensions); the module doc says what.
        warnings.simplefilter("ignore")
        wb = load_workbook(src)
    notes: dict[tuple[str, str], list] = {}
    loose: list = []
    for issue in issues:
        where = _cell_of(issue, raw)
        if where is None or where[0] not in wb.sheetnames:
            loose.append(issue)
        else:
            notes.setdefault(where, []).append(issue)
    if loose:
        notes.setdefault((wb.sheetnames[0], "A1"), [])[:0] = loose
    for (sheet, ref), items in notes.items():
        ws = wb[sheet]
        cell = ws[ref]
        for merged in ws.merged_cells.ranges:  # a note on a merged block belongs on its first cell
            if ref in merged:
                cell = ws.cell(merged.min_row, merged.min_col)
                break
        lines = [_line(i) for i in items]
        if cell.comment is not None:
            lines.insert(0, cell.comment.text)
        comment = Comment("\n".join(lines), AUTHOR)
        comment.width, comment.height = 320, min(600, 40 + 36 * len(lines))
        cell.comment = comment
        severe = any(getattr(i, "severity", "error") == "error" for i in items)
        if (sheet, ref) != (wb.sheetnames[0], "A1") or not loose:
            cell.fill = FILL_ERROR if severe else FILL_WARNING
    return write_atomic(out, via_memory(wb.save))


def _line(issue) -> str:
    sev = "错误" if getattr(issue, "severity", "error") == "error" else "提醒"
    return f"【{sev}】{getattr(issue, 'message', str(issue))}"


__all__ = ["annotate_xlsx"]
