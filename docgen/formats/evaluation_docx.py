"""Write a report such as the 集群发展评估报告 as an official-style .docx (GB/T 9704 page, faces, numbering).

What the report says comes in as plain blocks (`Para`, `Table`, `Chart` with its PNG); this module only
lays them out. It uses the 公文 styles and footers of `docgen.formats.gongwen` so the report prints like
the notices: A4 with the standard's margins, 方正小标宋 title, 黑体 / 楷体 headings, 仿宋 三号 body,
"— N —" page numbers. Tables are 仿宋 小四/五号 to fit the 156 mm 版心.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Para:
    """A paragraph; `role` is body, title, heading1, heading2, caption (of a table), signature or date."""

    text: str
    role: str = "body"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths_mm: list[float]


@dataclass(frozen=True)
class Chart:
    png: bytes
    caption: str


Block = Para | Table | Chart


def _off_grid(paragraph) -> None:
    """Take a paragraph off the 22 × 28 document grid: in narrow cells and around pictures the grid
    would spread characters to 28 a line and stretch lines to 29 pt."""
    from docgen.formats.ooxml import set_child

    set_child(paragraph._p.get_or_add_pPr(), "snapToGrid", val="0")  # before w:spacing, w:jc


class _Writer:
    def __init__(self):
        from docx import Document

        from docgen.formats import gbt9704 as g
        from docgen.formats.gongwen import styles
        from docgen.formats.ooxml import drop_styles_with_effects

        self.g, self.styles = g, styles
        self.doc = Document()
        drop_styles_with_effects(self.doc)
        styles.ensure_styles(self.doc)
        for section in self.doc.sections:
            g.apply_page_setup(section)
            g.apply_doc_grid(section)
        body = self.doc.element.body
        for p in list(body.iterchildren("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")):
            body.remove(p)

    def para(self, text: str, style: str | None = None, *, centre: bool = False):
        p = self.doc.add_paragraph(style=style or self.styles.BODY)
        p.add_run(text)
        if centre:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.first_line_indent = 0
        return p

    def title(self, text: str):
        from docgen.formats.gongwen.title import balance_title

        p = self.doc.add_paragraph(style=self.styles.TITLE)
        lines = balance_title(text)  # balanced lines, as the notices break their titles
        for i, line in enumerate(lines):
            run = p.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
        return p

    def heading1(self, text: str):
        p = self.para(text, self.styles.HEADING1)
        p.paragraph_format.keep_with_next = True
        return p

    def heading2(self, text: str):
        p = self.para(text, self.styles.HEADING2)
        p.paragraph_format.keep_with_next = True
        return p

    def caption(self, text: str):
        """A table's caption, kept on the page of its table."""
        p = self.para(text, centre=True)
        p.paragraph_format.keep_with_next = True
        return p

    def chart(self, png: bytes, caption: str):
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm

        p = self.doc.add_paragraph(style="Normal")
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # exact 29 pt lines would crop the picture
        fmt.first_line_indent = 0
        _off_grid(p)
        fmt.keep_with_next = True  # the caption goes with its chart
        p.add_run().add_picture(io.BytesIO(png), width=Mm(150))
        cap = self.para(caption, centre=True)
        for r in cap.runs:
            self.g.set_run_font(r, self.g.KAITI, self.g.SIZES["四号"])

    def table(self, headers: list[str], rows: list[list[str]], widths_mm: list[float], pt: float | None = None):
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.oxml import OxmlElement
        from docx.shared import Mm, Pt

        pt = pt or self.g.SIZES["五号"]
        t = self.doc.add_table(rows=1 + len(rows), cols=len(headers))
        t.style = "Table Grid"
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        for i, w in enumerate(widths_mm):
            t.columns[i].width = Mm(w)  # the grid LibreOffice lays out by
        for r, values in enumerate([headers] + rows):
            row = t.rows[r]
            tr_pr = row._tr.get_or_add_trPr()
            # CT_TrPr is a choice: any order. A row never breaks across pages; the header row repeats
            # on every page (no w:val: the SDK's CT_OnOffOnly knows "on"/"off", not "true").
            tr_pr.append(OxmlElement("w:cantSplit"))
            if r == 0:
                tr_pr.append(OxmlElement("w:tblHeader"))
            for c, text in enumerate(values):
                cell = row.cells[c]
                cell.width = Mm(widths_mm[c])
                p = cell.paragraphs[0]
                p.style = self.doc.styles["Normal"]
                fmt = p.paragraph_format
                fmt.first_line_indent = 0
                fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
                _off_grid(p)
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER if (r == 0 or c > 0) else WD_ALIGN_PARAGRAPH.LEFT
                run = p.add_run(str(text))
                self.g.set_run_font(run, self.g.HEITI if r == 0 else self.g.FANGSONG, pt)
        self.doc.add_paragraph(style="Normal").paragraph_format.line_spacing = Pt(8)
        return t

    def save(self, out_path: Path) -> Path:
        from docgen.formats.gongwen import engine

        engine.add_footers(self.doc)
        engine.fonts_on_every_run(self.doc)
        from docgen.atomic import write_atomic

        return write_atomic(out_path, lambda tmp: self.doc.save(tmp))


def write_document(blocks: Iterable[Block], out_path: Path) -> Path:
    """The blocks, in order, as a .docx at `out_path` (written atomically)."""
    w = _Writer()
    styles = {"body": None, "signature": w.styles.SIGNATURE, "date": w.styles.DATE}
    for block in blocks:
        if isinstance(block, Chart):
            w.chart(block.png, block.caption)
        elif isinstance(block, Table):
            w.table(block.headers, block.rows, block.widths_mm)
        elif block.role in ("title", "heading1", "heading2", "caption"):
            getattr(w, block.role)(block.text)
        else:
            w.para(block.text, styles[block.role])
    return w.save(out_path)
