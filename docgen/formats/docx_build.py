"""Build the Word form templates `forms/<form>.docx` from their schemas (python-docx + lxml).

The templates are committed, and staff may re-word them in Word; this builder makes the canonical
ones: a cover page, then one heading per schema section with a table under it. Every slot is a
content control (docx_controls) with its label in the cell to its left, the indicator grid has
years as columns, repeating tables have a repeated header row and blank rows. The parts that vary
are docxtpl Jinja: `{{ years.y1 }}年` in headers, `{{ cover_cluster }}` on the cover. What a cover says
per form (who applies, the subtitle) is the form's `cover:` block (docgen.catalogue); a section's
sentence under its heading is its `intro`.

Rebuild: `python -m docgen.formats.docx_build [OUTDIR]` (default: the packaged forms/ folder).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from docgen.catalogue import forms_of_format, programme, wording
from docgen.formats import gbt9704 as g
from docgen.formats.docx_controls import (
    COVER_MARK,
    TABLE_PT,
    blocks,
    label_text,
    make_control,
    year_keys,
)
from docgen.formats.ooxml import drop_styles_with_effects, set_child
from docgen.resources import forms_dir
from docgen.schema import Field, FormSchema, Group, load_form

TEXT_MM = 156  # 版心 width
LABEL_MM = 58


class _Builder:
    def __init__(self, schema: FormSchema):
        self.schema = schema
        self.doc = Document()
        drop_styles_with_effects(self.doc)
        self.next_id = 1000
        self._setup()

    # --- document setup ---------------------------------------------------------------------
    def _setup(self) -> None:
        doc = self.doc
        sec = doc.sections[0]
        g.apply_page_setup(sec)
        g.set_language_zh(doc)
        styles = doc.styles
        normal = styles["Normal"]
        g.set_style_font(normal, g.FANGSONG, g.SIZES["三号"])
        pf = normal.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        pf.line_spacing = 1.0
        h1 = styles["Heading 1"]
        g.set_style_font(h1, g.HEITI, g.SIZES["三号"])
        h1.font.bold = False
        h1.font.color.rgb = RGBColor(0, 0, 0)
        h1.paragraph_format.space_before = Pt(12)
        h1.paragraph_format.space_after = Pt(6)
        h1.paragraph_format.keep_with_next = True
        # Word's built-in "Placeholder Text" (styleId PlaceholderText): the controls' prompts are grey
        # by this style, so what a person types over them is ordinary black text.
        plc = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
        plc.base_style = styles["Default Paragraph Font"]
        plc.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        plc.priority = 99
        plc.hidden = plc.unhide_when_used = True
        plc.element.attrib.pop(qn("w:customStyle"), None)  # built-in, as Word writes it
        table_style = styles.add_style("DG Table", 1)
        table_style.base_style = normal
        g.set_style_font(table_style, g.FANGSONG, TABLE_PT)
        table_style.paragraph_format.line_spacing = 1.0
        # Cover without a page number; the first body page is 1 (— 1 —, 宋体 四号, centred).
        sec.different_first_page_header_footer = True
        set_child(sec._sectPr, "pgNumType", start="0")
        para = sec.footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(para, "— ", g.SONGTI, g.SIZES["四号"])
        self._page_field(para)
        self._run(para, " —", g.SONGTI, g.SIZES["四号"])

    def _run(self, para, text: str, face: str = g.FANGSONG, pt: float | None = None, bold=None,
             underline: bool = False):
        run = para.add_run(text)
        g.set_run_font(run, face, pt, bold)
        if underline:
            run.font.underline = True
        return run

    def _page_field(self, para) -> None:
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            run = self._run(para, "", g.SONGTI, g.SIZES["四号"])
            if kind:
                fc = OxmlElement("w:fldChar")
                fc.set(qn("w:fldCharType"), kind)
                run._r.append(fc)
            elif text == " PAGE ":
                it = OxmlElement("w:instrText")
                it.set(qn("xml:space"), "preserve")
                it.text = text
                run._r.append(it)
            else:
                run.text = text

    # --- cover and notes ------------------------------------------------------------------------
    def cover(self) -> None:
        doc, schema = self.doc, self.schema
        cover = schema.entry.cover
        for _ in range(3):
            doc.add_paragraph()
        head = doc.add_paragraph()
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(head, programme().name, g.XIAOBIAOSONG, g.SIZES["小二"])
        title = doc.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        title.paragraph_format.space_before = Pt(12)
        self._run(title, schema.entry.short_title, g.XIAOBIAOSONG, g.SIZES["二号"])
        if cover.get("subtitle"):
            sub = doc.add_paragraph()
            sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
            self._run(sub, cover["subtitle"], g.KAITI, g.SIZES["三号"])
        for _ in range(6):
            doc.add_paragraph()
        words = wording("docx")
        lines = [(words["cover_name"], _jinja(COVER_MARK)), (cover.get("who") or words["cover_who"], None),
                 (words["cover_date"], "　　　　年　　月　　日")]
        for label, value in lines:
            p = doc.add_paragraph()
            p.paragraph_format.left_indent = Mm(22)
            p.paragraph_format.space_after = Pt(14)
            self._run(p, f"{label}：", g.HEITI, g.SIZES["三号"])
            self._run(p, value or "　" * 16, g.FANGSONG, g.SIZES["三号"], underline=True)
        for _ in range(5):
            doc.add_paragraph()
        org = doc.add_paragraph()
        org.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(org, words["made_by"].format(issuer=programme().issuer), g.KAITI, g.SIZES["三号"])
        version = doc.add_paragraph()
        version.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(version, words["cover_version"].format(version="{{ version }}"), g.FANGSONG, g.SIZES["小四"])
        version.add_run().add_break(WD_BREAK.PAGE)
        for i, line in enumerate(words["instructions"]):
            p = doc.add_paragraph()
            self._run(p, line, g.HEITI if i == 0 else g.FANGSONG, g.SIZES["小四"])

    # --- tables ---------------------------------------------------------------------------------
    def _table(self, rows: int, widths_mm: list[float], header_rows: int = 0):
        table = self.doc.add_table(rows=rows, cols=len(widths_mm))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # w:tblLayout fixed, in its schema position
        for i, mm in enumerate(widths_mm):
            table.columns[i].width = Mm(mm)  # the grid LibreOffice lays out by
            for cell in table.columns[i].cells:
                cell.width = Mm(mm)
        for r, row in enumerate(table.rows):
            if r >= header_rows:
                row.height = Mm(8)  # room to write by hand on a printout
            for cell in row.cells:
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            tr_pr = row._tr.get_or_add_trPr()
            tr_pr.append(OxmlElement("w:cantSplit"))  # a row never breaks across pages (PDF reading)
            if r < header_rows:
                tr_pr.append(OxmlElement("w:tblHeader"))
        for row in table.rows:
            for cell in row.cells:
                cell.paragraphs[0].style = self.doc.styles["DG Table"]
        return table

    def _label(self, cell, text: str, bold_face: bool = False, center: bool = False) -> None:
        para = cell.paragraphs[0]
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self._run(para, text, g.HEITI if bold_face else g.FANGSONG, TABLE_PT)

    def _slot(self, cell, f: Field, short: bool = False) -> None:
        self.next_id += 1
        cell.paragraphs[0]._p.append(make_control(f, self.next_id, TABLE_PT, short))

    @staticmethod
    def _shade(cell, fill: str = "E7E6E6") -> None:
        set_child(cell._tc.get_or_add_tcPr(), "shd", val="clear", color="auto", fill=fill)

    def pairs(self, fields: list[Field]) -> None:
        """Label | value rows; long text gets a tall value cell (one row: never split from its label)."""
        label_mm = 34 if all(f.widget == "longtext" for f in fields) else LABEL_MM  # narratives: room to write
        table = self._table(len(fields), [label_mm, TEXT_MM - label_mm])
        for row, f in zip(table.rows, fields, strict=True):
            self._shade(row.cells[0])
            if f.widget == "longtext":
                row.height = Mm(45)
                for cell in row.cells:
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
                self._label(row.cells[0], label_text(f), bold_face=True)
            else:
                self._label(row.cells[0], label_text(f))
            self._slot(row.cells[1], f)

    def grid(self, parents: dict[str, list[Field]]) -> None:
        keys = year_keys(self.schema)
        year_mm = 28
        widths = [TEXT_MM - 20 - year_mm * len(keys), 20] + [year_mm] * len(keys)
        table = self._table(1 + len(parents), widths, header_rows=1)
        heads = ["指标", "单位"] + [_jinja(f"years.{k}") + "年" for k in keys]
        for cell, text in zip(table.rows[0].cells, heads, strict=True):
            self._shade(cell)
            self._label(cell, text, bold_face=True, center=True)
        for row, fields in zip(table.rows[1:], parents.values(), strict=True):
            self._label(row.cells[0], fields[0].parent_label)
            self._label(row.cells[1], fields[0].unit or "", center=True)
            by_key = {f.key: f for f in fields}
            for k, cell in zip(keys, row.cells[2:], strict=True):
                if k in by_key:
                    self._slot(cell, by_key[k], short=True)

    def group(self, group: Group) -> None:
        fields = list(group.fields)
        n_rows = int(group.rows.get("docx", 12))
        weights = [_column_weight(f) for f in fields]
        widths = [TEXT_MM * wt / sum(weights) for wt in weights]
        table = self._table(1 + n_rows, widths, header_rows=1)
        for cell, f in zip(table.rows[0].cells, fields, strict=True):
            self._shade(cell)
            text = label_text(f)
            if f.year:  # a column that names a year of the manifest (plan: 基期值（2025年）…)
                text += "\n（" + _jinja(f"years.{f.year}") + "年）"
            self._label(cell, text, bold_face=True, center=True)
        for row in table.rows[1:]:
            for cell, f in zip(row.cells, fields, strict=True):
                self._slot(cell, f, short=True)
        helps = [f"「{f.label}」{f.help}" for f in fields if f.help]
        note = self.doc.add_paragraph()
        self._run(note, wording("docx")["table_note"] + "；".join(helps) + ("。" if helps else ""),
                  g.FANGSONG, g.SIZES["小四"])

    # --- body -------------------------------------------------------------------------------------
    def body(self) -> None:
        current = None
        for kind, section, content in blocks(self.schema):
            if section != current:
                heading = self.doc.add_paragraph(style="Heading 1")
                self._run(heading, self.schema.section_title(section), g.HEITI, g.SIZES["三号"])
                intro = next((s.intro for s in self.schema.sections if s.id == section), None)
                if intro:
                    p = self.doc.add_paragraph()
                    self._run(p, intro, g.FANGSONG, TABLE_PT)
                current = section
            getattr(self, kind)(content)


def _jinja(expr: str) -> str:
    return "{{ " + expr + " }}"


def _column_weight(f: Field) -> float:
    if f.name == "uscc":  # 18 characters on one line
        return 4.0
    if f.name == "name":
        return 2.6
    if f.widget == "choice":
        return 2.4
    if f.widget == "yesno":
        return 1.5
    return 1.4


def build_template(schema: FormSchema):
    """The python-docx Document of a form's template."""
    b = _Builder(schema)
    b.cover()
    b.body()
    return b.doc


def build_all(outdir: Path | None = None, forms: tuple[str, ...] | None = None) -> list[Path]:
    """Build the Word forms' templates (every one of the catalogue's by default) into `outdir`."""
    outdir = Path(outdir or forms_dir())
    forms = forms_of_format("docx") if forms is None else forms
    paths = []
    for form_id in forms:
        schema = load_form(form_id)
        path = outdir / schema.template
        build_template(schema).save(str(path))
        paths.append(path)
    return paths


if __name__ == "__main__":  # pragma: no cover - maintenance entry point
    for p in build_all(Path(sys.argv[1]) if len(sys.argv) > 1 else None):
        print(p)
