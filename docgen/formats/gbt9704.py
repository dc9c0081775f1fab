"""GB/T 9704-2012 in numbers (docs/notices.md) and the OOXML helpers that apply them.

Shared by the Word forms and the notices: A4, the standard's margins, Chinese font sizes, and East
Asian faces set on `w:rFonts/@w:eastAsia` (python-docx's `font.name` sets only the Latin face, and
theme font attributes override both unless removed).
"""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.formats.ooxml import set_child

# Page: A4 portrait, margins of the standard (版心 156 × 225 mm).
PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
# Twips, as the XML holds them (1 mm = 56.69 twips).
PAGE_TWIPS = {"w": 11906, "h": 16838}
MARGIN_TWIPS = {"top": 2098, "bottom": 1984, "left": 1587, "right": 1474}
LINE_PITCH_TWIPS = 580  # 225 mm / 22 lines
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# 字号 → points.
SIZES: dict[str, float] = {
    "初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16, "小三": 15,
    "四号": 14, "小四": 12, "五号": 10.5, "小五": 9,
}

# The faces offices have (named in the file so it prints right there); PDF rendering here maps
# them to free faces through docgen/fonts/fonts.conf.
FANGSONG = "仿宋_GB2312"
HEITI = "黑体"
KAITI = "楷体_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
SONGTI = "宋体"
LATIN = "Times New Roman"


def size(name: str) -> Pt:
    return Pt(SIZES[name])


def set_rfonts(rpr, east_asia: str, latin: str = LATIN) -> None:
    """Set Latin and East Asian faces on a `w:rPr`, dropping theme attributes that would win."""
    rfonts = set_child(rpr, "rFonts")  # after a w:rStyle, before everything else
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:cs"), latin)


def set_run_font(run, east_asia: str, pt: float | None = None, bold: bool | None = None,
                 latin: str = LATIN) -> None:
    """Font of one python-docx run: faces on `w:rFonts`, size, bold."""
    set_rfonts(run._r.get_or_add_rPr(), east_asia, latin)
    if pt is not None:
        run.font.size = Pt(pt)
    if bold is not None:
        run.font.bold = bold


def set_style_font(style, east_asia: str, pt: float | None = None, latin: str = LATIN) -> None:
    """Font of a python-docx style (Normal, headings …), East Asian face included."""
    set_rfonts(style.element.get_or_add_rPr(), east_asia, latin)
    if pt is not None:
        style.font.size = Pt(pt)


def set_language_zh(document) -> None:
    """Mark the default run language zh-CN (python-docx's template says en-US)."""
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if rpr_default is None:
        return
    set_child(rpr_default, "lang", val="en-US", eastAsia="zh-CN")
    # Theme fonts in docDefaults override w:eastAsia for every run that sets none.
    set_rfonts(rpr_default, FANGSONG)


def apply_page_setup(section) -> None:
    """A4 portrait with the standard's margins on a python-docx section."""
    section.page_width = PAGE_WIDTH
    section.page_height = PAGE_HEIGHT
    section.top_margin = MARGIN_TOP
    section.bottom_margin = MARGIN_BOTTOM
    section.left_margin = MARGIN_LEFT
    section.right_margin = MARGIN_RIGHT
    section.header_distance = Mm(15)
    section.footer_distance = Mm(28)  # page number sits 7 mm below the 版心 (35 − 7)


# --- Additions for the 公文 engine (docgen/formats/gongwen) ---------------------------------------

RED = "FF0000"  # 发文机关标志 and the red line
INDENT_2_CHARS_TWIPS = 640  # 2 characters at 三号 (16 pt)
TEXT_WIDTH_TWIPS = PAGE_TWIPS["w"] - MARGIN_TWIPS["left"] - MARGIN_TWIPS["right"]  # 版心 width
# w:charSpace is in 1/4096 pt, relative to the Normal style's size (三号): 28 characters a line.
CHAR_SPACE = round((TEXT_WIDTH_TWIPS / CHARS_PER_LINE / 20 - SIZES["三号"]) * 4096)
# Character spacing (w:spacing, twentieths of a point) that puts 28 三号 characters on a line without
# a character grid: 28 × (16 − 0.25) pt = 441 pt ≤ 442.25 pt of 版心.
CONDENSE_TWENTIETHS = -5
# 22 lines of 580 twips (12760) overrun the 12756-twip 版心 and LibreOffice lays 21 lines a page
# (measured); 579 twips (28.95 pt) gives 22. Used for the grid and the exact line spacing.
LINE_PITCH_FIT_TWIPS = 579
TOLERANCE_TWIPS = 57  # ± 1 mm


def apply_doc_grid(section, chars: bool = False) -> None:
    """22 lines a page: a document grid of linePitch 579 (see LINE_PITCH_FIT_TWIPS) on a section.

    chars=True writes the linesAndChars grid (charSpace for 28 characters) that Word honours by
    compressing each glyph into its cell; LibreOffice 7.4 instead gives every 16 pt glyph that does
    not fit a 15.79 pt cell two cells (14 characters a line in the PDF). So the default is a lines
    grid, with 28 characters made by condensing Normal by 0.25 pt (CONDENSE_TWENTIETHS).
    """
    sect_pr = section._sectPr
    grid = set_child(sect_pr, "docGrid", linePitch=LINE_PITCH_FIT_TWIPS)
    if chars:
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    else:
        grid.set(qn("w:type"), "lines")
        grid.attrib.pop(qn("w:charSpace"), None)
