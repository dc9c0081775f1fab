"""Lay out a 公文 around a rendered template: what a template cannot hold by itself.

The template (docxtpl, re-wordable in Word) holds title, 主送, body, 附件说明, signature and date.
The engine adds the red 发文机关标志 with 发文字号 and red line, breaks the title into balanced
lines, centres the signature over the date, appends each attachment on a new page with its table,
the 版记 at the foot of the last page, and the "— N —" footers for odd and even pages; then sets
an East Asian face on every run. Numbers are GB/T 9704-2012's (docs/notices.md).
"""

from __future__ import annotations

from pathlib import Path

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from docgen.atomic import write_atomic
from docgen.formats import gbt9704 as g
from docgen.formats.gongwen import styles, template
from docgen.formats.gongwen.spec import Attachment, Layout, Table
from docgen.formats.gongwen.title import balance_title, text_width
from docgen.formats.ooxml import drop_styles_with_effects, set_child

MARK_PT = g.SIZES["小初"]  # 发文机关标志: the standard fixes no size; 小初 is the common choice
TABLE_PT = g.SIZES["四号"]
BANJI_PT = g.SIZES["四号"]
FOOTER_PT = g.SIZES["四号"]
FOOTER_LINE_PT = FOOTER_PT * 1.3
BANJI_ROW_TWIPS = g.LINE_PITCH_FIT_TWIPS
# LibreOffice (7.4) keeps a "floating" table in the flow unless it is narrower than the 版心 by about
# 250 twips (measured: 8570 floats, 8600 does not); 8565 twips = 151 mm of the 156 mm width.
BANJI_WIDTH_TWIPS = 8565
ONE_CHAR_FOOTER = int(FOOTER_PT * 20)  # 空一字 at 四号, twips


def render_notice(template_path: Path, context: dict, layout: Layout, out_path: Path) -> Path:
    """Render `template_path` with `context`, add the parts in `layout`, save atomically to `out_path`."""
    document = template.render(template_path, context)
    drop_styles_with_effects(document)  # styles change below; Word 2010 would read the stale copy
    styles.ensure_styles(document)
    for section in document.sections:
        g.apply_page_setup(section)
        g.apply_doc_grid(section)
        # Word measures the footer distance to the bottom of the footer's line: for the number's
        # top to sit 7 mm below the 版心 (35 mm from the bottom), the line's bottom is one line lower.
        section.footer_distance = Mm(35 - 7) - Pt(FOOTER_LINE_PT)
    names = _style_names(document)
    _balance_titles(document, names)
    _centre_signature(document, names)
    _insert_red_header(document, layout)
    numbered = len(layout.attachments) > 1
    for i, attachment in enumerate(layout.attachments, 1):
        _add_attachment(document, attachment, f"附件{i}" if numbered else "附件")
    _add_banji(document, layout)
    add_footers(document)
    fonts_on_every_run(document)
    return write_atomic(out_path, document.save)


# --- small builders -----------------------------------------------------------------------------

def _run(paragraph, text: str, face: str, pt: float, color: str | None = None, latin: str = g.LATIN):
    run = paragraph.add_run(text)
    g.set_run_font(run, face, pt, latin=latin)
    if color:
        set_child(run._r.get_or_add_rPr(), "color", val=color)  # before w:sz: Word drops it otherwise
    return run


def _exact(paragraph, pt: float = 29) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _new_paragraph(document, style: str | None = None):
    """A paragraph appended to the body (callers move it where it belongs).

    Without a style it is Normal: python-docx's lookup by name walks every style, so skip it.
    """
    return document.add_paragraph(style=style)


def _style_names(document) -> dict[str, str]:
    """styleId → name. Word re-saving a template may give a Chinese-named style an id like "a5",
    so paragraphs are matched by style name, read once here rather than per paragraph."""
    root = document.styles.element
    return {st.get(qn("w:styleId")): st.find(qn("w:name")).get(qn("w:val"))
            for st in root.iterchildren(qn("w:style")) if st.find(qn("w:name")) is not None}


def _style_name(paragraph, names: dict[str, str]) -> str | None:
    style_id = paragraph._p.style
    return names.get(style_id, style_id) if style_id else None


def _border(parent, edge: str, sz_eighths: int, color: str = "000000", space: int = 0):
    set_child(parent, edge, val="single", sz=sz_eighths, space=space, color=color)


def _set_lines(paragraph, lines: list[str], face: str, pt: float, color: str | None = None) -> None:
    """Replace a paragraph's runs by `lines` separated by line breaks, in one face."""
    for r in list(paragraph._p.iterchildren(qn("w:r"))):
        paragraph._p.remove(r)
    for i, line in enumerate(lines):
        run = _run(paragraph, line, face, pt, color)
        if i < len(lines) - 1:
            run.add_break()


# --- title, signature, red header ------------------------------------------------------------------

def _balance_titles(document, names: dict[str, str]) -> None:
    for p in document.paragraphs:
        if _style_name(p, names) == styles.TITLE and p.text.strip():
            _set_lines(p, balance_title(p.text), g.XIAOBIAOSONG, g.SIZES["二号"])


def _centre_signature(document, names: dict[str, str]) -> None:
    """With a seal: 成文日期 right-indented 4 characters, 署名 centred above it.

    From the last body paragraph on, paragraphs keep with the next, so 署名 and 日期 never stand on
    a page without body text.
    """
    paras = document.paragraphs
    ids = [_style_name(p, names) for p in paras]
    start = next((i for i, s in enumerate(ids) if s == styles.ATTACHMENT_NOTE), None)
    end = next((i for i, s in enumerate(ids) if s == styles.DATE), None)
    if start is not None and end is not None:
        # From the last body paragraph (its last lines follow, split by widow control) to the 署名.
        first = start
        while first > 0 and (first == start or not paras[first].text.strip()):
            first -= 1
        for p in paras[first:end]:
            p.paragraph_format.keep_with_next = True
    for i, p in enumerate(paras[:-1]):
        nxt = paras[i + 1]
        if ids[i] == styles.SIGNATURE and ids[i + 1] == styles.DATE and p.text.strip():
            date_right = 4 * 320
            nxt.paragraph_format.right_indent = Twips(date_right)
            offset = (text_width(nxt.text.strip()) - text_width(p.text.strip())) / 2 * 320
            p.paragraph_format.right_indent = Twips(max(0, int(date_right + offset)))


def _insert_red_header(document, layout: Layout) -> None:
    body = document.element.body
    made = []

    mark = _new_paragraph(document)
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.first_line_indent = Twips(0)
    _exact(mark, MARK_PT * 1.25)
    # The mark's top sits 35 mm below the 版心's top; the exact line adds ~0.2 em above the glyphs.
    mark.paragraph_format.space_before = Mm(35) - Pt(MARK_PT * 0.2)
    run = _run(mark, layout.issuer_mark, g.XIAOBIAOSONG, MARK_PT, g.RED)
    width_pt = text_width(layout.issuer_mark) * MARK_PT
    room_pt = g.TEXT_WIDTH_TWIPS / 20
    if width_pt > room_pt:  # condense the characters rather than wrap the mark
        set_child(run._r.get_or_add_rPr(), "w", val=int(room_pt / width_pt * 100))
    made.append(mark)

    made += [_new_paragraph(document), _new_paragraph(document)]
    number = _new_paragraph(document)
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, layout.doc_number, g.FANGSONG, g.SIZES["三号"])
    # The red line: a bottom border over the full 版心 width, 4 mm (≈ 11 pt) below the 文号.
    _border(set_child(number._p.get_or_add_pPr(), "pBdr"), "bottom", 12, g.RED, space=11)
    made.append(number)
    made += [_new_paragraph(document), _new_paragraph(document)]

    first = body[0]
    for p in made:
        first.addprevious(p._p)


# --- attachments --------------------------------------------------------------------------------

def _add_attachment(document, attachment: Attachment, label: str) -> None:
    head = _new_paragraph(document)
    head.paragraph_format.page_break_before = True
    _run(head, label, g.HEITI, g.SIZES["三号"])
    _new_paragraph(document)
    title = _new_paragraph(document)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_lines(title, balance_title(attachment.title), g.XIAOBIAOSONG, g.SIZES["二号"])
    _new_paragraph(document)
    if attachment.table is not None:
        _add_table(document, attachment.table)
    if attachment.note:
        note = _new_paragraph(document, styles.BODY)
        _run(note, attachment.note, g.FANGSONG, g.SIZES["三号"])


def _table_borders(table, edges: dict[str, int]) -> None:
    borders = set_child(table._tbl.tblPr, "tblBorders")  # before w:tblLayout and w:tblLook
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if edge in edges:
            _border(borders, edge, edges[edge])
        else:
            set_child(borders, edge, val="nil")


def _fixed_widths(table, widths_twips: list[int]) -> None:
    # LibreOffice lays out by the grid, Word by the cells: set both (ENVIRONMENT.md).
    table.autofit = False
    set_child(table._tbl.tblPr, "tblW", w=sum(widths_twips), type="dxa")
    for i, w in enumerate(widths_twips):
        table.columns[i].width = Twips(w)
        for cell in table.columns[i].cells:
            cell.width = Twips(w)


def _row_flags(row, header: bool) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))  # no row split across pages
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))  # header row repeated on each page


def _cell_text(cell, text: str, face: str, pt: float, centred: bool) -> None:
    para = cell.paragraphs[0]
    para.paragraph_format.first_line_indent = Twips(0)
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
    _exact(para, pt * 1.6)
    _run(para, text, face, pt)
    cell.vertical_alignment = 1  # centre


CELL_PADDING_TWIPS = 2 * 108 + 40  # Word's default cell margins, and a little slack
SHORT_COLUMN = 0.26  # of the 版心 width: a column this narrow is sized to its text


def column_widths(spec: Table, pt: float, total: int = g.TEXT_WIDTH_TWIPS) -> list[int]:
    """Twips per column: short columns (序号, 设区市, 县 …) get what their longest text needs on one
    line; the long-text columns share the rest in proportion to `spec.widths`."""
    need = []
    for c, header in enumerate(spec.columns):
        longest = max([text_width(header), *(text_width(str(r[c])) for r in spec.rows)])
        need.append(int(longest * pt * 20) + CELL_PADDING_TWIPS)
    short = {i for i, n in enumerate(need) if n <= SHORT_COLUMN * total}
    long_ = [i for i in range(len(need)) if i not in short]
    room = total - sum(need[i] for i in short)
    weight = sum(spec.widths[i] for i in long_)
    if not long_ or room < len(long_) * 4 * pt * 20:  # no room left to share: plain proportions
        weight_all = sum(spec.widths)
        widths = [int(total * w / weight_all) for w in spec.widths]
    else:
        widths = [need[i] if i in short else int(room * spec.widths[i] / weight) for i in range(len(need))]
    widths[-1] += total - sum(widths)  # rounding: fill the 版心 exactly
    return widths


def _add_table(document, spec: Table) -> None:
    table = document.add_table(rows=1 + len(spec.rows), cols=len(spec.columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = column_widths(spec, TABLE_PT)
    _fixed_widths(table, widths)
    _table_borders(table, {e: 4 for e in ("top", "left", "bottom", "right", "insideH", "insideV")})
    for r_i, row in enumerate(table.rows):
        _row_flags(row, header=r_i == 0)
        values = spec.columns if r_i == 0 else spec.rows[r_i - 1]
        for c_i, cell in enumerate(row.cells):
            if r_i == 0:
                _cell_text(cell, values[c_i], g.HEITI, TABLE_PT, True)
            else:
                _cell_text(cell, str(values[c_i]), g.FANGSONG, TABLE_PT, spec.centered[c_i])


# --- 版记 ------------------------------------------------------------------------------------------

def _add_banji(document, layout: Layout) -> None:
    """抄送 and 印发 between full-width rules (outer 0.35 mm, inner 0.25 mm), floated to the foot
    of the last page so the last rule sits on the bottom edge of the 版心."""
    rows = []
    if layout.cc:
        rows.append(("抄送：" + "，".join(layout.cc) + "。", None))
    if layout.printer or layout.print_date:
        rows.append((layout.printer, f"{layout.print_date}印发" if layout.print_date else ""))
    if not rows:
        return
    table = document.add_table(rows=len(rows), cols=1)
    _fixed_widths(table, [BANJI_WIDTH_TWIPS])
    _table_borders(table, {"top": 8, "bottom": 8, "insideH": 6})
    tbl_pr = table._tbl.tblPr
    # LibreOffice ignores tblpYSpec="bottom": place the table by its height from the 版心's top.
    top = g.PAGE_TWIPS["h"] - g.MARGIN_TWIPS["top"] - g.MARGIN_TWIPS["bottom"] - len(rows) * BANJI_ROW_TWIPS
    set_child(tbl_pr, "tblpPr", vertAnchor="margin", horzAnchor="margin", tblpY=top,
              tblpX=(g.TEXT_WIDTH_TWIPS - BANJI_WIDTH_TWIPS) // 2, leftFromText=0, rightFromText=0)
    margins = set_child(tbl_pr, "tblCellMar")  # before w:tblLook
    for edge in ("left", "right"):
        set_child(margins, edge, w=0, type="dxa")
    one = int(BANJI_PT * 20)  # 左右各空一字
    for row, (left, right) in zip(table.rows, rows, strict=True):
        _row_flags(row, header=False)
        height = OxmlElement("w:trHeight")
        height.set(qn("w:val"), str(BANJI_ROW_TWIPS))
        height.set(qn("w:hRule"), "exact")
        row._tr.get_or_add_trPr().append(height)
        para = row.cells[0].paragraphs[0]
        fmt = para.paragraph_format
        fmt.first_line_indent = Twips(0)
        fmt.left_indent = Twips(one)
        fmt.right_indent = Twips(one)
        _exact(para, BANJI_ROW_TWIPS / 20)
        _run(para, left, g.FANGSONG, BANJI_PT)
        if right:
            fmt.tab_stops.add_tab_stop(Twips(g.TEXT_WIDTH_TWIPS - 2 * one), WD_TAB_ALIGNMENT.RIGHT)
            _run(para, "\t" + right, g.FANGSONG, BANJI_PT)
    # A floating table is anchored to the paragraph after it; keep that one empty and tiny.
    anchor = _new_paragraph(document)
    _exact(anchor, 1)


# --- footers ------------------------------------------------------------------------------------

def _page_field(paragraph) -> None:
    def fld(kind: str):
        r = OxmlElement("w:r")
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        r.append(el)
        return r

    begin = fld("begin")
    instr_r = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    instr_r.append(instr)
    sep = fld("separate")
    shown = _run(paragraph, "1", g.SONGTI, FOOTER_PT, latin=g.SONGTI)
    shown._r.addprevious(begin)
    shown._r.addprevious(instr_r)
    shown._r.addprevious(sep)
    shown._r.addnext(fld("end"))
    for r in (begin, instr_r, sep):
        g.set_rfonts(_rpr(r), g.SONGTI, g.SONGTI)


def _rpr(r):
    rpr = r.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        r.insert(0, rpr)
    return rpr


def _footer_paragraph(footer, odd: bool) -> None:
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    for r in list(para._p.iterchildren(qn("w:r"))):
        para._p.remove(r)
    para.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    fmt = para.paragraph_format
    fmt.first_line_indent = Twips(0)
    fmt.right_indent = Twips(ONE_CHAR_FOOTER if odd else 0)
    fmt.left_indent = Twips(0 if odd else ONE_CHAR_FOOTER)
    _exact(para, FOOTER_LINE_PT)
    _run(para, "— ", g.SONGTI, FOOTER_PT, latin=g.SONGTI)
    _page_field(para)
    _run(para, " —", g.SONGTI, FOOTER_PT, latin=g.SONGTI)


def add_footers(document) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    for section in document.sections:
        section.different_first_page_header_footer = False
        _footer_paragraph(section.footer, odd=True)
        _footer_paragraph(section.even_page_footer, odd=False)


# --- fonts --------------------------------------------------------------------------------------

def _style_faces(document) -> dict[str, str]:
    faces = {}
    for style in document.styles:
        el = style.element
        rfonts = el.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        if rfonts is not None and rfonts.get(qn("w:eastAsia")):
            faces[el.get(qn("w:styleId"))] = rfonts.get(qn("w:eastAsia"))
    return faces


def fonts_on_every_run(document) -> None:
    """Give every run an explicit East Asian face (its paragraph style's, else 仿宋)."""
    faces = _style_faces(document)
    parts = [document.element.body]
    for section in document.sections:
        for hf in (section.header, section.footer, section.even_page_header, section.even_page_footer,
                   section.first_page_header, section.first_page_footer):
            if not hf.is_linked_to_previous:
                parts.append(hf._element)
    for part in parts:
        for r in part.iter(qn("w:r")):
            rpr = _rpr(r)
            rfonts = rpr.find(qn("w:rFonts"))
            if rfonts is not None and rfonts.get(qn("w:eastAsia")):
                for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                    rfonts.attrib.pop(qn(attr), None)
                continue
            p = r.getparent()
            while p is not None and p.tag != qn("w:p"):
                p = p.getparent()
            style_id = None
            if p is not None:
                ps = p.find(qn("w:pPr") + "/" + qn("w:pStyle"))
                style_id = ps.get(qn("w:val")) if ps is not None else None
            g.set_rfonts(rpr, faces.get(style_id, g.FANGSONG))
