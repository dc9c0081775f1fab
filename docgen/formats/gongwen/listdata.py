"""Rows of a cluster list in an .xlsx, as {header text: cell text} (the notices domain maps headers)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from docgen.errors import InputError


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_rows(path: Path, header_marker: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {header: text}) of the first sheet, below the first row that holds `header_marker`.

    Blank rows are skipped; row numbers are the spreadsheet's, for messages.
    """
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise InputError(f"无法读取名单表格 {path}：{type(exc).__name__}。请确认是 .xlsx 文件（.xls 请另存为 .xlsx）。") from exc
    try:
        ws = wb.worksheets[0]
        headers: list[str] | None = None
        rows: list[tuple[int, dict[str, str]]] = []
        for number, values in enumerate(ws.iter_rows(values_only=True), 1):
            texts = [_text(v) for v in values]
            if headers is None:
                if header_marker in texts:
                    headers = texts
                continue
            if not any(texts):
                continue
            rows.append((number, {h: t for h, t in zip(headers, texts, strict=False) if h}))
    finally:
        wb.close()
    if headers is None:
        raise InputError(f"名单表格 {path.name} 的第一个工作表中没有找到表头「{header_marker}」。请使用含表头的名单。")
    return rows
