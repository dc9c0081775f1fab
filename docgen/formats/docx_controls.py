"""Content controls (`w:sdt`) of the Word forms, and the layout rules shared by builder and readers.

One module knows how a slot looks in WordprocessingML — an inline rich-text control (no type
element) or a drop-down, tagged with the field id, showing the field's placeholder (`Field.placeholder`,
grey by Word's `PlaceholderText` character style) with `w:showingPlcHdr` while blank — and what text a
person sees next to it (the label cell, the grid headers). Readers judge a slot by its text, never by
the flag: LibreOffice keeps it on controls a person typed into. The
builder writes by these rules, the filler and the renderer set values by them, and the readers
(tags, labels, PDF) read by them, so the four can never disagree.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache

from lxml import etree

from docgen.schema import Field, FormSchema, Group, placeholder_verb

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
PLACEHOLDER_COLOR = "808080"
PLACEHOLDER_STYLE = "PlaceholderText"  # Word's built-in character style for prompts (grey)
COVER_MARK = "cover_cluster"  # Jinja variable: the cluster name on the cover (blank: an underline)
JINJA_VARIABLES = frozenset({"years", "title", "version", COVER_MARK})  # what render_form supplies
TABLE_PT = 12  # 小四 in tables


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


W_SDT, W_SDTPR, W_SDTCONTENT, W_TAG, W_ALIAS = w("sdt"), w("sdtPr"), w("sdtContent"), w("tag"), w("alias")
W_PLC, W_DROPDOWN, W_COMBO = w("showingPlcHdr"), w("dropDownList"), w("comboBox")
W_P, W_R, W_T, W_TR, W_TC, W_TBL, W_BR, W_CR, W_TAB = (
    w("p"), w("r"), w("t"), w("tr"), w("tc"), w("tbl"), w("br"), w("cr"), w("tab"))
W_VAL = w("val")


# --- what a person sees ----------------------------------------------------------------------------

def is_indicator(f: Field) -> bool:
    """A cell of the indicator grid (`output_total.y1`): rows are indicators, columns years."""
    return bool(f.parent and f.direction and f.key)


def label_text(f: Field) -> str:
    """The text of a slot's label cell (or column header): the label, and its unit when it has one."""
    if f.unit and f.unit not in f.label:
        return f"{f.label}（{f.unit}）"
    return f.label


def prompt_text(f: Field, short: bool = False) -> str:
    """The grey prompt of a blank control: the field's placeholder (short: the bare 请填写/请选择)."""
    return placeholder_verb(f.widget) if short else (f.placeholder or placeholder_verb(f.widget))


# Word's own prompts (a control a person or staff inserted in Word), in the Chinese and English UI.
WORD_PROMPTS = ("单击或点击此处输入文字。", "单击此处输入文字。", "选择一项。", "单击或点击此处输入日期。",
                "Click or tap here to enter text.", "Click here to enter text.", "Choose an item.",
                "Click or tap to enter a date.")


def prompts(f: Field) -> frozenset[str]:
    """Texts that mean "not filled in" (normalised): the control's prompts, and Word's own."""
    return _prompts(prompt_text(f), placeholder_verb(f.widget))


@lru_cache(maxsize=1)
def _word_prompts() -> frozenset[str]:
    return frozenset(norm(p) for p in WORD_PROMPTS)


@lru_cache(maxsize=256)
def _prompts(placeholder: str, verb: str) -> frozenset[str]:
    return frozenset({norm(placeholder), norm(verb), *(norm(p) for p in WORD_PROMPTS)})


@lru_cache(maxsize=256)
def _remnant_res(placeholder: str, verb: str) -> tuple[re.Pattern, re.Pattern]:
    """A prompt glued before or after typed text, spaces and bracket widths as print and PDF vary them."""
    texts = sorted({placeholder, verb, *WORD_PROMPTS}, key=len, reverse=True)
    gap = r"[\s\u3000]*"

    def loose(t: str) -> str:
        return gap.join(_LOOSE.get(c, re.escape(c)) for c in t if not c.isspace())

    alt = "|".join(loose(t) for t in texts)
    return re.compile(rf"^{gap}(?:{alt})+"), re.compile(rf"(?:{alt})+{gap}$")


_PROMPT_MARKS = ("请", "单击", "选择一项", "Click", "Choose")  # ours and Word's prompts hold one of these
_LOOSE = {"（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]", "：": "[：:]", ":": "[：:]"}


def is_prompt_only(text: str) -> bool:
    """Blank or only a prompt — ours (请填写, 请选择（…）) or Word's — when the field is not known."""
    t = norm(text)
    return not t or t in _word_prompts() or (t.startswith(("请填写", "请选择")) and (len(t) == 3 or t[3] == "（"))


def strip_prompts(f: Field, text: str) -> tuple[str, bool]:
    """Typed text without a prompt left before or after it ("王建军请填写" → "王建军"); (text, removed?)."""
    own = prompt_text(f)[:2]
    if own not in text and not any(m in text for m in _PROMPT_MARKS):  # the usual value: no prompt in it
        return text, False
    head, tail = _remnant_res(prompt_text(f), placeholder_verb(f.widget))
    out = tail.sub("", head.sub("", text))
    return out, out != text


_SPACE = re.compile(r"[\s\u3000]+")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+(?=[{_CJK}])")
_PARENS = str.maketrans({"(": "（", ")": "）", ":": "：", "“": '"', "”": '"'})


def norm(text: str | None) -> str:
    """A label as compared: no whitespace at all, full-width brackets (print and PDF vary them)."""
    return _SPACE.sub("", text or "").translate(_PARENS)


def squeeze_cjk(text: str) -> str:
    """Remove spaces between two CJK characters (distributed alignment, PDF extraction)."""
    return _CJK_GAP.sub("", text)


def header_matches(header: str, f: Field) -> bool:
    """A grid column header names the field: its label text, maybe followed by （2026年）."""
    h, lab, bare = norm(header), norm(label_text(f)), norm(f.label)
    return any(h == x or h.startswith(x + "（") for x in (lab, bare))


# --- layout: which block each field sits in --------------------------------------------------------

def blocks(schema: FormSchema) -> list[tuple[str, str, object]]:
    """The form body in order: (kind, section id, content) with kind pairs | grid | group.

    pairs: label/value rows (long text: a label row, then the text row); grid: indicator rows ×
    year columns, content = {parent: [fields]}; group: a repeating table.
    """
    out: list[tuple[str, str, object]] = []
    groups = {g.section: g for g in schema.groups}
    for sec in schema.sections:
        fields = [f for f in schema.fields if f.section == sec.id]
        grid: dict[str, list[Field]] = {}
        pairs = []
        for f in fields:
            if is_indicator(f):
                grid.setdefault(f.parent, []).append(f)
            else:
                pairs.append(f)
        if pairs:
            out.append(("pairs", sec.id, pairs))
        if grid:
            out.append(("grid", sec.id, grid))
        if sec.id in groups:
            out.append(("group", sec.id, groups[sec.id]))
    return out


def year_keys(schema: FormSchema) -> list[str]:
    """The year keys of the indicator grid, in column order (y1, y2, y3)."""
    keys: list[str] = []
    for f in schema.fields:
        if is_indicator(f) and f.key not in keys:
            keys.append(f.key)
    return keys


def location(schema: FormSchema, f: Field, years: dict | None = None, row: int | None = None) -> str:
    """Where a person finds a slot: "一、基本信息「联系电话」", "六、梯度培育企业名单 第4行「称号」"."""
    sec = schema.section_title(f.section)
    if f.group:
        return f"{sec} 第{row}行「{f.label}」"
    if is_indicator(f):
        year = (years or {}).get(f.key)
        return f"{sec}「{f.parent_label}」{year}年" if year else f"{sec}「{f.label}」"
    return f"{sec}「{f.label}」"


# --- controls ------------------------------------------------------------------------------------

def _rpr(pt: float | None, color: str | None = None, style: str | None = None) -> etree._Element:
    from docgen.formats.gbt9704 import FANGSONG, LATIN  # python-docx behind it: not for readers

    rpr = etree.Element(w("rPr"))
    if style:  # CT_RPr: rStyle comes first
        etree.SubElement(rpr, w("rStyle")).set(W_VAL, style)
    fonts = etree.SubElement(rpr, w("rFonts"))
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(w(attr), LATIN)
    fonts.set(w("eastAsia"), FANGSONG)
    if color:
        etree.SubElement(rpr, w("color")).set(W_VAL, color)
    if pt:
        etree.SubElement(rpr, w("sz")).set(W_VAL, str(round(pt * 2)))
        etree.SubElement(rpr, w("szCs")).set(W_VAL, str(round(pt * 2)))
    return rpr


def make_run(text: str, pt: float | None = TABLE_PT, color: str | None = None,
             style: str | None = None) -> etree._Element:
    """A run with the East Asian face set; newlines become `w:br`."""
    r = etree.Element(W_R)
    r.append(_rpr(pt, color, style))
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, W_BR)
        t = etree.SubElement(r, W_T)
        t.text = line
        t.set(XML_SPACE, "preserve")
    return r


def make_control(f: Field, sdt_id: int, pt: float = TABLE_PT, short: bool = False) -> etree._Element:
    """A blank inline control for a field: rich text, or a drop-down for yes/no and choices."""
    sdt = etree.Element(W_SDT)
    pr = etree.SubElement(sdt, W_SDTPR)
    pr.append(_rpr(pt))
    etree.SubElement(pr, W_ALIAS).set(W_VAL, f.label)
    etree.SubElement(pr, W_TAG).set(W_VAL, f.id)
    etree.SubElement(pr, w("id")).set(W_VAL, str(sdt_id))
    etree.SubElement(pr, W_PLC)
    if f.widget in ("yesno", "choice"):
        dd = etree.SubElement(pr, W_DROPDOWN)
        for text in f.display_choices():
            # CT_SdtListItem has w:displayText and w:value (docgen before 1.1 wrote a w:val).
            etree.SubElement(dd, w("listItem"), {w("displayText"): text, w("value"): text})
    content = etree.SubElement(sdt, W_SDTCONTENT)
    # The grey comes from the PlaceholderText style, not the run: an editor that keeps the run's
    # properties for typed text (LibreOffice) would otherwise keep the text grey.
    content.append(make_run(prompt_text(f, short), pt, style=PLACEHOLDER_STYLE))
    return sdt


def list_items(dropdown) -> list[str]:
    """A drop-down's item texts, whichever way it was written: `w:displayText` (with `w:value`, the
    schema's), `w:value` alone, or the bare `w:val` that older docgen forms carry."""
    out = []
    for item in dropdown.findall(w("listItem")):
        text = item.get(w("displayText")) or item.get(w("value")) or item.get(W_VAL)
        if text is not None:
            out.append(text)
    return out


def tag_of(sdt) -> str | None:
    pr = sdt.find(W_SDTPR)
    if pr is None:
        return None
    tag = pr.find(W_TAG)
    return tag.get(W_VAL) if tag is not None else None


def alias_of(sdt) -> str | None:
    pr = sdt.find(W_SDTPR)
    el = pr.find(W_ALIAS) if pr is not None else None
    return el.get(W_VAL) if el is not None else None


def showing_placeholder(sdt) -> bool:
    """Whether `w:showingPlcHdr` is set. Not a reader's test of blankness: LibreOffice keeps the flag on
    controls a person has typed into (ENVIRONMENT.md); readers judge by content (`docx_labels.read_value`)."""
    pr = sdt.find(W_SDTPR)
    return pr is not None and pr.find(W_PLC) is not None


def element_text(el) -> str:
    """Text as displayed: runs joined, `w:br`/`w:cr` and paragraph ends as newlines, tabs as tabs."""
    parts: list[str] = []
    paragraphs = 0
    for node in el.iter(W_T, W_BR, W_CR, W_TAB, W_P, w("delText")):
        tag = node.tag
        if tag == W_T:
            parts.append(node.text or "")
        elif tag in (W_BR, W_CR):
            parts.append("\n")
        elif tag == W_TAB:
            parts.append("\t")
        elif tag == W_P:
            if paragraphs:
                parts.append("\n")
            paragraphs += 1
    return "".join(parts)


def control_text(sdt) -> str | None:
    """The text a control shows, stripped (its prompt included: the caller compares by content)."""
    content = sdt.find(W_SDTCONTENT)
    if content is None:
        return None
    text = element_text(content).strip()
    return text or None


def set_control_text(sdt, text: str | None) -> None:
    """Put a value into a control (None: back to its placeholder is not needed — leave it blank)."""
    pr = sdt.find(W_SDTPR)
    plc = pr.find(W_PLC) if pr is not None else None
    content = sdt.find(W_SDTCONTENT)
    # Keep the control's own font (its first run's properties), minus the placeholder's looks.
    first = content.find(f".//{W_R}/{w('rPr')}")
    rpr = copy.deepcopy(first) if first is not None else _rpr(TABLE_PT)
    for looks in (*rpr.findall(w("color")), *rpr.findall(w("rStyle"))):
        rpr.remove(looks)
    run = make_run(text or "", None)
    run.replace(run[0], rpr)
    holder = content
    para = content.find(W_P)  # a block-level control (a staff-edited template): keep one paragraph
    if para is not None:
        for extra in content.findall(W_P)[1:]:
            content.remove(extra)
        holder = para
        for child in list(para):
            if child.tag != w("pPr"):
                para.remove(child)
    else:
        for child in list(content):
            content.remove(child)
    holder.append(run)
    if plc is not None:
        pr.remove(plc)


def iter_controls(root):
    """Every content control in document order (controls nested in controls included)."""
    return root.iter(W_SDT)


def ancestor(el, tag: str):
    node = el.getparent()
    while node is not None and node.tag != tag:
        node = node.getparent()
    return node


def format_value(f: Field, value) -> str:
    """A record value as a person would type it: 是/否, choice labels, ISO dates, plain numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if f.widget == "choice" and isinstance(value, str):
        return f.choice_labels.get(value, value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and f.widget == "integer":
        return str(int(value))
    return str(value)


def group_of(schema: FormSchema, field_id: str) -> Group | None:
    gid = field_id.split(".", 1)[0]
    for g in schema.groups:
        if g.id == gid:
            return g
    return None
