"""The document writers of formats/ take plain data: what a document says is decided by their callers.

Each writer is driven here with made-up content and no domain object (no Evaluation, registry or
validation report), and the document holds exactly that content in the intended layout.
"""

from __future__ import annotations

import struct
import zlib
from datetime import date

import pytest


def _png(width: int = 4, height: int = 2) -> bytes:
    """A small valid PNG (grey pixels), so no chart library is needed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def test_report_docx_lays_out_the_blocks_it_is_given(tmp_path):
    from docx import Document
    from docx.oxml.ns import qn

    from docgen.formats.evaluation_docx import Chart, Para, Table, write_document

    out = write_document([Para("测试报告", "title"), Para("一、概况", "heading1"), Para("正文一段。"),
                          Para("表1　数字", "caption"), Table(["名称", "数值"], [["甲", "1"], ["乙", "2"]], [100, 56]),
                          Chart(_png(), "图1　示意"), Para("某单位", "signature"), Para("2026年3月5日", "date")],
                         tmp_path / "sub" / "r.docx")
    assert out == tmp_path / "sub" / "r.docx"
    doc = Document(out)
    texts = [p.text for p in doc.paragraphs if p.text]
    assert texts == ["测试报告", "一、概况", "正文一段。", "表1　数字", "图1　示意", "某单位", "2026年3月5日"]
    (table,) = doc.tables
    assert [[c.text for c in r.cells] for r in table.rows] == [["名称", "数值"], ["甲", "1"], ["乙", "2"]]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header repeats on each page
    assert len(doc.inline_shapes) == 1
    styles = {p.text: p.style.name for p in doc.paragraphs if p.text}
    assert styles["一、概况"] != styles["正文一段。"] != styles["某单位"]
    assert list(tmp_path.rglob(".*.tmp")) == []


def test_report_docx_refuses_an_unknown_role(tmp_path):
    from docgen.formats.evaluation_docx import Para, write_document

    with pytest.raises(KeyError):
        write_document([Para("x", "footnote")], tmp_path / "r.docx")
    assert not (tmp_path / "r.docx").exists()


def test_listing_xlsx_keeps_typed_text_from_being_a_formula(tmp_path):
    from openpyxl import load_workbook

    from docgen.formats.xlsx_listing import write_listing

    out = tmp_path / "l.xlsx"
    write_listing(out, sheet="名单", title="某名单", columns=("编号", "名称", "日期"),
                  rows=[("A1", "=1+2", date(2026, 3, 5)), ("A2", "普通", None)], widths=(8, 20, 12), freeze="B3")
    ws = load_workbook(out)["名单"]
    assert ws["A1"].value == "某名单" and [c.value for c in ws[2]] == ["编号", "名称", "日期"]
    assert ws["B3"].value == "'=1+2" and ws["B3"].data_type == "s"
    assert ws["C3"].number_format == "yyyy-mm-dd" and ws["C3"].value.date() == date(2026, 3, 5)
    assert ws.freeze_panes == "B3" and ws.auto_filter.ref == "A2:C4"
    assert ws.column_dimensions["B"].width == 20


def test_report_xlsx_writes_each_sheet_with_its_notes(tmp_path):
    from openpyxl import load_workbook

    from docgen.formats.xlsx_report import Sheet, display_width, write_sheets

    out = tmp_path / "r.xlsx"
    write_sheets(out, [Sheet("一", ("甲", "乙"), [("=SUM(A1)", 3), ("x\x01y", None)], notes=("注一", "注二")),
                       Sheet("二", ("丙",), [], wrap_cols=(1,))])
    wb = load_workbook(out)
    assert wb.sheetnames == ["一", "二"]
    ws = wb["一"]
    assert ws["A2"].value == "=SUM(A1)" and ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert ws["A3"].value == "xy"  # a character XML cannot hold is dropped
    assert (ws["A5"].value, ws["A6"].value) == ("注一", "注二")
    assert ws.freeze_panes == "A2" and ws.page_setup.orientation == "landscape"
    assert wb["二"].auto_filter.ref is None
    assert display_width("甲a") == 3
