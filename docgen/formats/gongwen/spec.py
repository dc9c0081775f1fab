"""What the engine adds around a rendered template, as plain data (no python-docx here).

The notices domain fills these; `engine.render_notice` lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    centered: list[bool] = field(default_factory=list)  # per column: centre the cells

    def __post_init__(self):
        if len(self.widths) != len(self.columns):
            raise ValueError("widths and columns differ in length")
        if any(len(r) != len(self.columns) for r in self.rows):
            raise ValueError("a row has the wrong number of cells")
        if not self.centered:
            self.centered = [False] * len(self.columns)


@dataclass
class Attachment:
    title: str
    table: Table | None = None
    note: str = ""  # a line under the table (e.g. where to find a form)


@dataclass
class Layout:
    """The parts of a notice a template cannot hold: they come from data or are drawn."""

    issuer_mark: str  # 发文机关标志, e.g. 陕西省工业和信息化厅文件
    doc_number: str  # 发文字号, 陕工信发〔2026〕12号
    cc: list[str] = field(default_factory=list)  # 抄送
    printer: str = ""  # 印发机关
    print_date: str = ""  # 印发日期 text, 2026年3月5日
    attachments: list[Attachment] = field(default_factory=list)
