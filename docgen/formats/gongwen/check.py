"""GB/T 9704-2012 conformance of any .docx, read with lxml straight from the zip.

Checks the numbers of docs/notices.md: paper, margins (± 1 mm), 22 lines a page, title and body
size and face, East Asian face on every run, 发文机关标志 in red, 发文字号 pattern, 成文日期 format,
the "— PAGE —" footers and odd/even footers. Each deviation names the element, what the standard
expects, what was found and where. Sizes and faces are resolved as Word does: run → character
style → paragraph style chain → document defaults.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from docgen.errors import InputError
from docgen.formats import gbt9704 as g

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}
MAX_PART_BYTES = 50 * 1024 * 1024  # a zip bomb stops here
MAX_SHOWN = 5  # deviations of one element listed one by one; the rest counted

DOC_NUMBER = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")
DATE_ARABIC = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
DATE_CHINESE = re.compile(r"^[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$")
HEADING1 = re.compile(r"^[一二三四五六七八九十]+、")
HEADING2 = re.compile(r"^（[一二三四五六七八九十]+）")

FANGSONG_FACES = ("仿宋", "FangSong", "FandolFang")
HEITI_FACES = ("黑体", "SimHei", "FandolHei", "Noto Sans CJK")
KAITI_FACES = ("楷体", "KaiTi", "FandolKai")
TITLE_FACES = ("小标宋", "宋体", "SimSun", "Noto Serif CJK", "FandolSong")


@dataclass(frozen=True)
class Deviation:
    element: str
    expected: str
    found: str
    where: str = ""

    def __str__(self) -> str:
        at = f"（{self.where}）" if self.where else ""
        return f"{self.element}{at}：应为 {self.expected}，实际 {self.found}"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _parser():
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


class _Package:
    def __init__(self, path: Path):
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise InputError(f"{path.name} 不是有效的 .docx 文件（{exc}）。请用 Word 另存为 .docx 后再检查。") from exc
        self.names = set(self.zip.namelist())
        if "word/document.xml" not in self.names:
            raise InputError(f"{path.name} 不是 Word 文档（缺少 word/document.xml）。")

    def xml(self, name: str):
        if name not in self.names:
            return None
        if self.zip.getinfo(name).file_size > MAX_PART_BYTES:
            raise InputError(f"{name} 超过 {MAX_PART_BYTES // 1024 // 1024} MB，拒绝读取。")
        try:
            return etree.fromstring(self.zip.read(name), _parser())
        except etree.XMLSyntaxError as exc:
            raise InputError(f"{name} 的 XML 已损坏（{exc}）。") from exc

    def rels(self, part: str) -> dict[str, str]:
        folder, _, base = part.rpartition("/")
        root = self.xml(f"{folder}/_rels/{base}.rels")
        if root is None:
            return {}
        return {el.get("Id"): f"{folder}/{el.get('Target')}" for el in root}


class _Styles:
    """Resolve run properties through the style chain, as Word does."""

    def __init__(self, root):
        self.by_id: dict[str, etree._Element] = {}
        self.default_para = None
        self.defaults = None
        if root is None:
            return
        for st in root.iterfind("w:style", NS):
            self.by_id[st.get(_w("styleId"))] = st
            if st.get(_w("type")) == "paragraph" and st.get(_w("default")) in ("1", "true"):
                self.default_para = st.get(_w("styleId"))
        self.defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)

    def _chain(self, style_id: str | None):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            st = self.by_id[style_id]
            yield st
            based = st.find("w:basedOn", NS)
            style_id = based.get(_w("val")) if based is not None else None

    def _rpr_value(self, rpr, prop: str):
        if rpr is None:
            return None
        if prop == "eastAsia":
            rf = rpr.find("w:rFonts", NS)
            if rf is None:
                return None
            if rf.get(_w("eastAsia")):
                return rf.get(_w("eastAsia"))
            if rf.get(_w("eastAsiaTheme")):
                return "（主题字体 " + rf.get(_w("eastAsiaTheme")) + "）"
            return None
        el = rpr.find(f"w:{prop}", NS)
        return el.get(_w("val")) if el is not None else None

    def run_value(self, run, para_style: str | None, prop: str):
        value = self._rpr_value(run.find("w:rPr", NS), prop)
        if value is not None:
            return value
        rstyle = run.find("w:rPr/w:rStyle", NS)
        for st in self._chain(rstyle.get(_w("val")) if rstyle is not None else None):
            value = self._rpr_value(st.find("w:rPr", NS), prop)
            if value is not None:
                return value
        for st in self._chain(para_style or self.default_para):
            value = self._rpr_value(st.find("w:rPr", NS), prop)
            if value is not None:
                return value
        value = self._rpr_value(self.defaults, prop)
        if value is None and prop == "sz":
            return "20"  # the OOXML default: 10 pt
        return value

    def para_value(self, para, path: str, attr: str):
        el = para.find(f"w:pPr/{path}", NS)
        if el is not None:
            return el.get(_w(attr))
        for st in self._chain(_para_style(para) or self.default_para):
            el = st.find(f"w:pPr/{path}", NS)
            if el is not None:
                return el.get(_w(attr))
        return None


def _para_style(para) -> str | None:
    ps = para.find("w:pPr/w:pStyle", NS)
    return ps.get(_w("val")) if ps is not None else None


def _text(para) -> str:
    return "".join(t.text or "" for t in para.iter(_w("t"))).strip()


def _text_runs(para):
    return [r for r in para.iter(_w("r")) if "".join(t.text or "" for t in r.iterfind("w:t", NS)).strip()]


def _mm(twips: float) -> str:
    return f"{twips / 56.69:.1f} mm"


def _has_face(face: str | None, families: tuple[str, ...]) -> bool:
    return bool(face) and any(f in face for f in families)


def _short(text: str) -> str:
    return f"「{text[:14]}{'…' if len(text) > 14 else ''}」"


class _Report:
    def __init__(self):
        self.items: list[Deviation] = []
        self.counts: dict[str, int] = {}

    def add(self, element: str, expected: str, found: str, where: str = "") -> None:
        self.counts[element] = self.counts.get(element, 0) + 1
        if self.counts[element] <= MAX_SHOWN:
            self.items.append(Deviation(element, expected, found, where))

    def finish(self) -> list[Deviation]:
        for element, n in self.counts.items():
            if n > MAX_SHOWN:
                self.items.append(Deviation(element, "同上", f"另有 {n - MAX_SHOWN} 处同类问题", "其余位置"))
        return self.items


def _check_page(body, styles: _Styles, rep: _Report) -> None:
    sections = body.findall(".//w:sectPr", NS)
    for n, sect in enumerate(sections, 1):
        where = f"第{n}节" if len(sections) > 1 else ""
        size = sect.find("w:pgSz", NS)
        w = int(size.get(_w("w"), 0)) if size is not None else 0
        h = int(size.get(_w("h"), 0)) if size is not None else 0
        if abs(w - g.PAGE_TWIPS["w"]) > g.TOLERANCE_TWIPS or abs(h - g.PAGE_TWIPS["h"]) > g.TOLERANCE_TWIPS:
            rep.add("纸张", "A4 210 × 297 mm", f"{_mm(w)} × {_mm(h)}", where)
        mar = sect.find("w:pgMar", NS)
        for edge, label in (("top", "上边距（天头）"), ("bottom", "下边距"), ("left", "左边距（订口）"), ("right", "右边距")):
            found = int(float(mar.get(_w(edge), 0))) if mar is not None else 0
            want = g.MARGIN_TWIPS[edge]
            if abs(found - want) > g.TOLERANCE_TWIPS:
                rep.add(label, f"{_mm(want)} ± 1 mm", _mm(found), where)
        grid = sect.find("w:docGrid", NS)
        pitch = int(grid.get(_w("linePitch"), 0)) if grid is not None and grid.get(_w("type")) else 0
        normal = styles.by_id.get(styles.default_para) if styles.default_para else None
        spacing = normal.find("w:pPr/w:spacing", NS) if normal is not None else None
        exact = (spacing is not None and spacing.get(_w("lineRule")) == "exact"
                 and abs(int(spacing.get(_w("line"), 0)) - g.LINE_PITCH_TWIPS) <= 20)
        if abs(pitch - g.LINE_PITCH_TWIPS) > 10 and not exact:
            found = f"网格行距 {pitch} twips" if pitch else "无文档网格、无 29 磅固定行距"
            rep.add("每页行数", "22 行（docGrid linePitch=580，或正文固定行距 29 磅）", found, where)


def _main_part(body):
    """Body-level paragraphs before the first attachment page (all of them if none)."""
    paras = []
    for p in body.iterfind("w:p", NS):
        brk = p.find("w:pPr/w:pageBreakBefore", NS)
        new_page = brk is not None and brk.get(_w("val"), "1") not in ("0", "false")
        new_page = new_page or any(br.get(_w("type")) == "page" for br in p.iter(_w("br")))
        if paras and new_page and _text(p).startswith("附件"):
            break
        paras.append(p)
    return paras


def _is_red(run) -> bool:
    color = run.find("w:rPr/w:color", NS)
    return color is not None and (color.get(_w("val")) or "").upper() in ("FF0000", "E60012", "C00000", "FF0101")


def _check_text(body, styles: _Styles, rep: _Report) -> None:
    paras = _main_part(body)
    texts = [_text(p) for p in paras]

    # 发文字号 and 发文机关标志 (red, above it)
    number_at = next((i for i, t in enumerate(texts) if "〔" in t and t.endswith("号") and len(t) < 30), None)
    if number_at is None:
        loose = next((i for i, t in enumerate(texts) if re.search(r"[\[［(（【]\d{4}[\]］)）】].*号$", t)), None)
        found = _short(texts[loose]) if loose is not None else "未找到"
        rep.add("发文字号", "机关代字〔YYYY〕N号（六角括号、不编虚位、不加“第”）", found)
    elif not DOC_NUMBER.match(texts[number_at]):
        rep.add("发文字号", "机关代字〔YYYY〕N号（六角括号、不编虚位、不加“第”）", _short(texts[number_at]),
                f"第{number_at + 1}段")
    head = paras[:number_at] if number_at is not None else paras[:3]
    if not any(_is_red(r) for p in head for r in _text_runs(p)):
        rep.add("发文机关标志", "红色、居中的发文机关标志，位于发文字号之上", "未找到红色标志")

    # 标题: the first centred paragraph after the 文号 (or the first centred one at ≥ 20 pt)
    start = (number_at + 1) if number_at is not None else 0
    title_at = None
    for i in range(start, len(paras)):
        if texts[i] and styles.para_value(paras[i], "w:jc", "val") == "center":
            title_at = i
            break
    if title_at is None:
        rep.add("标题", "二号小标宋、居中（w:sz=44）", "未找到居中的标题")
    else:
        for r in _text_runs(paras[title_at]):
            sz = styles.run_value(r, _para_style(paras[title_at]), "sz")
            face = styles.run_value(r, _para_style(paras[title_at]), "eastAsia")
            if sz != "44":
                rep.add("标题字号", "二号（22 磅，w:sz=44）", f"{int(sz) / 2:g} 磅（w:sz={sz}）", _short(texts[title_at]))
                break
            if not _has_face(face, TITLE_FACES):
                rep.add("标题字体", "方正小标宋简体（小标宋）", face or "未设置中文字体", _short(texts[title_at]))
                break

    # 成文日期: the last date-only paragraph of the main part
    date_at = None
    for i in range(len(paras) - 1, -1, -1):
        if DATE_ARABIC.match(texts[i]) or DATE_CHINESE.match(texts[i]) or re.fullmatch(r"\d{4}年\d+月\d+日", texts[i]):
            date_at = i
            break
    if date_at is None:
        rep.add("成文日期", "阿拉伯数字、年份写全、不编虚位，如 2026年3月5日", "未找到")
    else:
        m = DATE_ARABIC.match(texts[date_at])
        if not m or m[2].startswith("0") or m[3].startswith("0"):
            rep.add("成文日期", "阿拉伯数字、年份写全、不编虚位，如 2026年3月5日", _short(texts[date_at]),
                    f"第{date_at + 1}段")

    # 正文: body paragraphs between the title and the date
    first = (title_at + 1) if title_at is not None else start
    last = date_at if date_at is not None else len(paras)
    for i in range(first, last):
        text = texts[i]
        if not text or styles.para_value(paras[i], "w:jc", "val") in ("center", "right"):
            continue
        faces = FANGSONG_FACES
        if HEADING1.match(text):
            faces = HEITI_FACES + FANGSONG_FACES
        elif HEADING2.match(text):
            faces = KAITI_FACES + FANGSONG_FACES
        for r in _text_runs(paras[i]):
            sz = styles.run_value(r, _para_style(paras[i]), "sz")
            face = styles.run_value(r, _para_style(paras[i]), "eastAsia")
            if sz != "32":
                rep.add("正文字号", "三号（16 磅，w:sz=32）", f"{int(sz) / 2:g} 磅（w:sz={sz}）", f"第{i + 1}段{_short(text)}")
                break
            if not _has_face(face, faces + HEITI_FACES + KAITI_FACES):
                rep.add("正文字体", "仿宋_GB2312（标题层次：一、黑体，（一）楷体）", face or "未设置中文字体",
                        f"第{i + 1}段{_short(text)}")
                break
            if not _has_face(face, faces):
                rep.add("正文层次字体", "“一、”黑体，“（一）”楷体，其余仿宋", face, f"第{i + 1}段{_short(text)}")
                break

    # 中文字体 on every run of the document body
    for n, p in enumerate(body.iter(_w("p")), 1):
        for r in _text_runs(p):
            face = styles.run_value(r, _para_style(p), "eastAsia")
            if not face or face.startswith("（主题字体"):
                rep.add("中文字体", "每个文字块设置 w:eastAsia 字体（如 仿宋_GB2312）", face or "未设置",
                        f"第{n}段{_short(_text(p))}")
                break


def _field_text(root) -> tuple[bool, str]:
    """(has a PAGE field, the text with each PAGE field shown as {PAGE})."""
    parts: list[str] = []
    has_page = False
    state = "text"  # text → (begin) instr → (separate) result → (end) text
    for el in root.iter(_w("fldSimple"), _w("instrText"), _w("fldChar"), _w("t")):
        if el.tag == _w("fldSimple"):
            if "PAGE" in (el.get(_w("instr")) or "").upper().split():
                has_page = True
                parts.append("{PAGE}")
        elif el.tag == _w("fldChar"):
            kind = el.get(_w("fldCharType"))
            state = {"begin": "instr", "separate": "result", "end": "text"}.get(kind, state)
        elif el.tag == _w("instrText"):
            if "PAGE" in (el.text or "").upper().split():
                has_page = True
                parts.append("{PAGE}")
        elif state == "text" and el.getparent().getparent().tag != _w("fldSimple"):
            parts.append(el.text or "")
    return has_page, "".join(parts).strip()


def _check_footers(pkg: _Package, body, styles: _Styles, rep: _Report) -> None:
    settings = pkg.xml("word/settings.xml")
    even_odd = settings is not None and settings.find("w:evenAndOddHeaders", NS) is not None
    if not even_odd or settings.find("w:evenAndOddHeaders", NS).get(_w("val"), "1") in ("0", "false"):
        rep.add("奇偶页页码", "奇偶页不同（settings.xml w:evenAndOddHeaders）", "未设置")
    rels = pkg.rels("word/document.xml")
    sect = body.findall(".//w:sectPr", NS)[-1] if body.findall(".//w:sectPr", NS) else None
    refs = {}
    if sect is not None:
        for ref in sect.iterfind("w:footerReference", NS):
            refs[ref.get(_w("type"))] = rels.get(ref.get(f"{{{R}}}id"))
    for kind, label, align in (("default", "奇数页页码", "right"), ("even", "偶数页页码", "left")):
        part = refs.get(kind)
        root = pkg.xml(part) if part else None
        if root is None:
            if kind == "default" or even_odd:
                rep.add(label, "页脚中“— PAGE —”页码域", "无页脚")
            continue
        has_page, text = _field_text(root)
        if not has_page:
            rep.add(label, "页脚中“— PAGE —”页码域", _short(text) if text else "页脚无页码域")
            continue
        if not re.fullmatch(r"[—―－-]+\s*\{PAGE\}\s*[—―－-]+", text):
            rep.add(label, "一字线夹页码：— 1 —", _short(text))
        para = next((p for p in root.iter(_w("p")) if _field_text(p)[0]), None)
        jc = styles.para_value(para, "w:jc", "val") if para is not None else None
        if jc not in (align, "end" if align == "right" else "start"):
            rep.add(label, "单页居右、双页居左（各空一字）", f"对齐方式 {jc or 'left'}")
        for r in (para.iter(_w("r")) if para is not None else []):
            if "".join(t.text or "" for t in r.iterfind("w:t", NS)).strip():
                sz = styles.run_value(r, _para_style(para), "sz")
                if sz != "28":
                    rep.add(label, "4号（14 磅，w:sz=28）半角宋体", f"{int(sz) / 2:g} 磅")
                break


def check_docx(path: Path) -> list[Deviation]:
    """Deviations of a .docx from GB/T 9704-2012; empty when it conforms."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到文件：{path}")
    pkg = _Package(path)
    doc = pkg.xml("word/document.xml")
    body = doc.find("w:body", NS)
    styles = _Styles(pkg.xml("word/styles.xml"))
    rep = _Report()
    _check_page(body, styles, rep)
    _check_text(body, styles, rep)
    _check_footers(pkg, body, styles, rep)
    return rep.finish()
