"""Raw WordprocessingML property elements, children in schema order (ISO/IEC 29500-1 Transitional).

Word rejects or "repairs" a file whose children are out of order; LibreOffice never complains, so
a mistake shows only on a clerk's Word or WPS. python-docx's own `oxml` classes insert their children
in order (`ZeroOrOne(successors=…)`); every property element docgen adds by hand goes through
`insert_child` / `set_child` here instead of `append`. tests/ooxml checks these orders against the
Open XML SDK's schema data and every generated file against the validator.

Also here: the two package-level fixes every writer needs (python-docx's stale stylesWithEffects
part, openpyxl's font child order).
"""

from __future__ import annotations

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W_NS}}}"

# Sequences only: CT_TrPr (w:trPr) is a choice, its children may come in any order.
ORDERS: dict[str, tuple[str, ...]] = {
    # CT_PPr (§17.3.1.26): CT_PPrBase, then rPr, sectPr, pPrChange.
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
            "overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd",
            "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc",
            "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle",
            "rPr", "sectPr", "pPrChange"),
    # CT_RPr (§17.3.2.28): EG_RPrBase, then rPrChange.
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline",
            "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing",
            "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText",
            "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath", "rPrChange"),
    # CT_TblPr (§17.4.60).
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize",
              "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar",
              "tblLook", "tblCaption", "tblDescription", "tblPrChange"),
    # CT_TcPr (§17.4.70).
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark", "headers", "cellIns", "cellDel", "cellMerge",
             "tcPrChange"),
    # CT_SdtPr (§17.5.2.38): the type element (dropDownList …) comes last.
    "sdtPr": ("rPr", "alias", "tag", "id", "lock", "placeholder", "temporary", "showingPlcHdr", "dataBinding",
              "label", "tabIndex", "equation", "comboBox", "date", "docPartObj", "docPartList", "dropDownList",
              "picture", "richText", "text", "citation", "group", "bibliography"),
    # CT_SectPr (§17.6.17): header/footer references first.
    "sectPr": ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz", "pgMar",
               "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
               "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"),
    "pBdr": ("top", "left", "bottom", "right", "between", "bar"),
    "tblBorders": ("top", "left", "start", "bottom", "right", "end", "insideH", "insideV"),
    "tblCellMar": ("top", "left", "start", "bottom", "right", "end"),
}
_RANK = {parent: {tag: i for i, tag in enumerate(order)} for parent, order in ORDERS.items()}


def w(tag: str) -> str:
    return _W + tag


def _local(tag: str) -> str:
    return tag[len(_W):] if tag.startswith(_W) else tag


def _rank(parent) -> dict[str, int]:
    name = _local(parent.tag)
    if name not in _RANK:
        raise ValueError(f"no child order for w:{name}")
    return _RANK[name]


def insert_child(parent, child):
    """Put `child` into `parent` where the schema wants it; a child of the same tag is replaced.

    Children of tags the order does not know (extensions) are left where they are.
    """
    rank = _rank(parent)
    name = _local(child.tag)
    if name not in rank:
        raise ValueError(f"w:{name} is not a child of w:{_local(parent.tag)}")
    old = parent.find(child.tag)
    if old is not None:
        old.addprevious(child)
        parent.remove(old)
        return child
    at = rank[name]
    for sibling in parent:
        if rank.get(_local(sibling.tag) if isinstance(sibling.tag, str) else "", -1) > at:
            sibling.addprevious(child)
            return child
    parent.append(child)
    return child


def set_child(parent, tag: str, **attrs: str):
    """The child `w:<tag>` of `parent` (made at its schema position if missing), with `w:` attributes
    set: `set_child(rpr, "color", val="FF0000")`. Returns the child."""
    child = parent.find(w(tag))
    if child is None:
        child = insert_child(parent, parent.makeelement(w(tag), {}))
    for name, value in attrs.items():
        child.set(w(name), str(value))
    return child


def make_child(parent, tag: str, **attrs: str):
    """A new, detached `w:<tag>` made by `parent`'s parser (python-docx's classes for its elements)."""
    return parent.makeelement(w(tag), {w(k): str(v) for k, v in attrs.items()})


# --- package-level -------------------------------------------------------------------------------

_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def drop_styles_with_effects(document) -> None:
    """Remove python-docx's default-template stylesWithEffects part from a Document.

    Word 2010 reads that copy of the styles instead of styles.xml, so once docgen has changed the
    styles the stale copy would undo the change (the validator: "docDefaults differ … unreadable
    content"). Word 2013 and later never write it; the package is complete without it.
    """
    part = document.part
    for r_id, rel in list(part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            part.drop_rel(r_id)


# openpyxl writes a font's children as name, charset, family, b, …, color, sz; CT_Font in the Open
# XML SDK (and in every file Excel writes) is the sequence below. Same content, in Excel's order.
EXCEL_FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz",
                    "color", ("name", "rFont"), "family", "charset", "scheme")
_FONT_RANK = {t: i for i, ts in enumerate(EXCEL_FONT_ORDER) for t in ((ts,) if isinstance(ts, str) else ts)}


def use_excel_font_order() -> None:
    """Make openpyxl serialise `<font>` (and rich-text `<rPr>`) children in Excel's order.

    Wraps `Font.to_tree` once per process (idempotent): the tree is reordered after openpyxl builds
    it, so fonts compare and hash as before. Every xlsx writer calls this before it saves.
    """
    from openpyxl.styles.fonts import Font

    if getattr(Font.to_tree, "_docgen_excel_order", False):
        return
    original = Font.to_tree

    def to_tree(self, *args, **kwargs):
        el = original(self, *args, **kwargs)
        el[:] = sorted(el, key=lambda c: _FONT_RANK.get(c.tag.rsplit("}", 1)[-1], len(_FONT_RANK)))
        return el

    to_tree._docgen_excel_order = True
    Font.to_tree = to_tree
