"""The Excel report: 汇总 (one row per file), 问题 (one row per issue), 条件 (one row per criterion).

What each sheet says is chosen here; `docgen.formats.xlsx_report` lays the sheets out (and keeps
text a person typed from ever running as a formula).
"""

from __future__ import annotations

from pathlib import Path

from docgen.formats.xlsx_report import Sheet, write_sheets
from docgen.report.common import SEVERITY_TEXT, counts, eligible_text, form_text, valid_text
from docgen.safetext import visible

SUMMARY_HEADER = ("文件", "表格", "版本", "有效", "符合条件", "错误数", "警告数")
ISSUES_HEADER = ("文件", "严重程度", "代码", "字段", "行", "标签", "位置", "值", "说明")
CRITERIA_HEADER = ("文件", "条件", "条款", "结果", "值", "阈值", "说明")


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


def _yes_no(row: tuple) -> tuple:
    """Booleans as 是/否; text with its control and bidi characters made visible (a person reads it)."""
    return tuple(("是" if v else "否") if isinstance(v, bool) else
                 visible(v, one_line=False) if isinstance(v, str) else v for v in row)


def write_xlsx(report: dict, path: Path | str) -> None:
    """Write the report as a workbook, atomically."""
    summary, issues, criteria = _rows(report)
    s = report.get("summary", {})
    notes = (f"政策：{report.get('policy')}",
             f"共 {s.get('files', 0)} 个文件：有效 {s.get('valid', 0)}，无效 {s.get('invalid', 0)}，"
             f"符合条件 {s.get('eligible', 0)}")
    write_sheets(path, [
        Sheet("汇总", SUMMARY_HEADER + _identity_header(), [_yes_no(r) for r in summary], notes=notes),
        Sheet("问题", ISSUES_HEADER, [_yes_no(r) for r in issues], wrap_cols=(9,)),
        Sheet("条件", CRITERIA_HEADER, [_yes_no(r) for r in criteria], wrap_cols=(7,)),
    ])
