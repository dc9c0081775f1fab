"""Writers of the validation report (docs/report.md's JSON contract): JSON, Excel, terminal text.

The report itself is the plain dict `docgen.pipeline.validate_paths` returns; these modules only
present it. Files are written atomically (docgen.atomic).
"""

from docgen.report.json_report import write_json
from docgen.report.terminal import render_parse, render_terminal
from docgen.report.xlsx_report import write_xlsx

__all__ = ["render_parse", "render_terminal", "write_json", "write_report", "write_xlsx"]


def write_report(report: dict, path) -> None:
    """Write `report` as .json or .xlsx, chosen by the file name's extension."""
    from pathlib import Path

    from docgen.errors import UsageError

    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        write_json(report, path)
    elif suffix == ".xlsx":
        write_xlsx(report, path)
    else:
        raise UsageError(f"报告文件「{path}」的扩展名应为 .json 或 .xlsx。")
