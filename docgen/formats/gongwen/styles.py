"""The named paragraph styles of a 公文, shared by the template builder and the engine.

A clerk re-wording a template in Word picks these by name; the engine re-applies their numbers
on every render, so a template edited with a drifted style still prints to the standard.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt, Twips

from docgen.formats import gbt9704 as g
from docgen.formats.ooxml import set_child

LINE_EXACT = Twips(g.LINE_PITCH_FIT_TWIPS)  # 225 mm / 22 lines, rounded down so 22 fit


@dataclass(frozen=True)
class StyleSpec:
    face: str
    pt: float
    align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
    first_line: int = 0  # twips
    right: int = 0  # twips


TITLE = "公文标题"
RECIPIENTS = "公文主送"
BODY = "公文正文"
HEADING1 = "公文一级标题"
HEADING2 = "公文二级标题"
ATTACHMENT_NOTE = "公文附件说明"
SIGNATURE = "公文署名"
DATE = "公文日期"

SPECS: dict[str, StyleSpec] = {
    TITLE: StyleSpec(g.XIAOBIAOSONG, g.SIZES["二号"], WD_ALIGN_PARAGRAPH.CENTER),
    RECIPIENTS: StyleSpec(g.FANGSONG, g.SIZES["三号"]),
    BODY: StyleSpec(g.FANGSONG, g.SIZES["三号"], first_line=g.INDENT_2_CHARS_TWIPS),
    HEADING1: StyleSpec(g.HEITI, g.SIZES["三号"], first_line=g.INDENT_2_CHARS_TWIPS),
    HEADING2: StyleSpec(g.KAITI, g.SIZES["三号"], first_line=g.INDENT_2_CHARS_TWIPS),
    ATTACHMENT_NOTE: StyleSpec(g.FANGSONG, g.SIZES["三号"], first_line=g.INDENT_2_CHARS_TWIPS),
    SIGNATURE: StyleSpec(g.FANGSONG, g.SIZES["三号"], WD_ALIGN_PARAGRAPH.RIGHT, right=2 * 320),
    DATE: StyleSpec(g.FANGSONG, g.SIZES["三号"], WD_ALIGN_PARAGRAPH.RIGHT, right=4 * 320),
}


def _exact_lines(fmt) -> None:
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_EXACT


def condense(rpr) -> None:
    """28 三号 characters a line without a character grid (see gbt9704.apply_doc_grid)."""
    set_child(rpr, "spacing", val=g.CONDENSE_TWENTIETHS)


def _defaults_sanhao(document) -> None:
    """docDefaults at 三号 with no paragraph spacing: LibreOffice sizes the character grid from the
    document default size (Word from Normal); at python-docx's 11 pt the grid doubles each character."""
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    for tag in ("sz", "szCs"):
        set_child(rpr, tag, val=int(g.SIZES["三号"] * 2))
    condense(rpr)
    ppr = defaults.find(qn("w:pPrDefault") + "/" + qn("w:pPr"))
    if ppr is not None:
        spacing = ppr.find(qn("w:spacing"))
        if spacing is not None:
            ppr.remove(spacing)


def ensure_styles(document) -> None:
    """Normal as 三号仿宋 on exact 29 pt lines, and the 公文 styles, added or reset to the numbers."""
    g.set_language_zh(document)
    _defaults_sanhao(document)
    normal = document.styles["Normal"]
    g.set_style_font(normal, g.FANGSONG, g.SIZES["三号"])
    condense(normal.element.get_or_add_rPr())
    _exact_lines(normal.paragraph_format)
    for name, spec in SPECS.items():
        try:
            style = document.styles[name]
        except KeyError:
            style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.quick_style = True
        g.set_style_font(style, spec.face, spec.pt)
        fmt = style.paragraph_format
        _exact_lines(fmt)
        fmt.alignment = spec.align
        fmt.first_line_indent = Twips(spec.first_line) if spec.first_line else Twips(0)
        fmt.left_indent = Twips(0)
        fmt.right_indent = Twips(spec.right)
        # A heading never ends a page: it goes with the paragraph it heads.
        fmt.keep_with_next = True if name in (HEADING1, HEADING2, TITLE) else None
