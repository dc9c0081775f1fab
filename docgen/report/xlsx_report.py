"""The Excel report: 汇总 (one row per file), 问题 (one row per issue), 条件 (one row per criterion).

Everything a person typed reaches these cells (a cluster name, a value read from a form), so any
text that Excel would take for a formula (=, +, -, @ first) is written as a text cell with Excel's
quote prefix: it shows as typed and is never evaluated.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from docgen.atomic import write_atomic
from docgen.report.common import SEVERITY_TEXT, counts, eligible_text, form_text, valid_text

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_MAX_CELL = 32767  # Excel's limit on one cell's text
_MAX_WIDTH = 60

SUMMARY_HEADER = ("文件", "表格", "版本", "有效", "符合条件", "错误数", "警告数")
ISSUES_HEADER = ("文件", "严重程度", "代码", "字段", "行", "标签", "位置", "值", "说明")
CRITERIA_HEADER = ("文件", "条件", "条款", "结果", "值", "阈值", "说明")


def display_width(text: str) -> int:
    """Columns a string takes in a spreadsheet: CJK characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _put(ws, row: int, col: int, value):
    """Set a cell; text is cleaned of characters XML cannot hold and kept from being a formula."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, bool):
        value = "是" if value else "否"
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_CELL]
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _sheet(wb, title: str, header: tuple[str, ...], rows: list[tuple], wrap_cols: tuple[int, ...] = ()):
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


# Identity fields shown after the contract's columns, so a clerk sees whose file each row is.
IDENTITY_FIELDS = ("cluster_name", "county")


def _identity_header() -> tuple[str, ...]:
    from docgen.schema import load_form

    schema = load_form("application")
    return tuple(schema.field(fid).label for fid in IDENTITY_FIELDS)


def _rows(report: dict) -> tuple[list, list, list]:
    summary, issues, criteria = [], [], []
    for e in report["files"]:
        errors, warnings = counts(e)
        data = e.get("data") or {}
        identity = tuple(data.get(fid) if isinstance(data.get(fid), str) else None for fid in IDENTITY_FIELDS)
        summary.append((e["path"], form_text(e), e.get("form_version"), valid_text(e), eligible_text(e),
                        errors, warnings) + identity)
        for i in e["issues"]:
            issues.append((e["path"], SEVERITY_TEXT.get(i.get("severity"), i.get("severity")), i.get("code"),
                           i.get("field"), i.get("row"), i.get("label"), i.get("location"), i.get("value"),
                           i.get("message")))
        for c in e.get("criteria") or []:
            result = {True: "通过", False: "未通过"}.get(c.get("passed"), "专家评审")
            value = c.get("value")
            if value is not None and not isinstance(value, int | float | str):
                value = str(value)
            criteria.append((e["path"], c.get("id"), c.get("article"), result, value, c.get("threshold"),
                             c.get("message")))
    return summary, issues, criteria


def write_xlsx(report: dict, path: Path | str) -> None:
    """Write the report as a workbook, atomically."""
    from openpyxl import Workbook

    summary, issues, criteria = _rows(report)
    wb = Workbook()
    wb.remove(wb.active)
    ws = _sheet(wb, "汇总", SUMMARY_HEADER + _identity_header(), summary)
    s = report.get("summary", {})
    foot = len(summary) + 3
    _put(ws, foot, 1, f"政策：{report.get('policy')}")
    _put(ws, foot + 1, 1, f"共 {s.get('files', 0)} 个文件：有效 {s.get('valid', 0)}，无效 {s.get('invalid', 0)}，"
                          f"符合条件 {s.get('eligible', 0)}")
    _sheet(wb, "问题", ISSUES_HEADER, issues, wrap_cols=(9,))
    _sheet(wb, "条件", CRITERIA_HEADER, criteria, wrap_cols=(7,))
    write_atomic(path, lambda tmp: wb.save(tmp))
