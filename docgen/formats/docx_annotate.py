"""An annotated copy of a returned Word form: each issue as a Word comment at the offending control.

Comments are written at the package level with lxml (python-docx does not see content controls, so
its `add_comment` cannot anchor at one): a `word/comments.xml` part (appended to when the user's file
has comments already), `commentRangeStart`/`commentRangeEnd` around the `w:sdt` whose tag is the
issue's field (the row-th non-blank row for a repeating group), and a `commentReference` run. Issues
that have no control (file-level, or a file whose tags were stripped) go on the first paragraph,
naming their location. The original is only read; the copy is written atomically.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from lxml import etree

from docgen.atomic import via_memory, write_atomic
from docgen.formats.docx_controls import is_prompt_only
from docgen.formats.safexml import parse

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
OFFICE_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
AUTHOR, INITIALS = "docgen 校验", "DG"
_SEVERITY = {"error": "错误", "warning": "警告"}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _get(issue, name):
    return issue.get(name) if isinstance(issue, dict) else getattr(issue, name, None)


def _tag(sdt) -> str | None:
    el = sdt.find(f"{w('sdtPr')}/{w('tag')}")
    return el.get(w("val")) if el is not None else None


def _ancestor(el, tag: str):
    el = el.getparent()
    while el is not None and el.tag != tag:
        el = el.getparent()
    return el


def _is_blank(sdt) -> bool:
    """Blank by content, as the readers judge it (LibreOffice keeps `w:showingPlcHdr` on typed controls)."""
    return is_prompt_only("".join(sdt.itertext()))


class _Locator:
    """Finds the control of a field (and row) in document.xml."""

    def __init__(self, body, raw):
        # Indices count the body's controls in document order: the Word reader's anchors.
        self.sdts = list(body.iter(w("sdt")))
        self.by_tag: dict[str, list] = {}
        for s in self.sdts:
            t = _tag(s)
            if t:
                self.by_tag.setdefault(t, []).append(s)
        self.raw = raw

    def find(self, field: str | None, row: int | None):
        if not field:
            return None
        sdt = self._from_anchor(field, row)
        if sdt is not None:
            return sdt
        if field in self.by_tag:
            candidates = self.by_tag[field]
        else:  # an issue on a whole indicator (`output_total`) → its first year's control
            candidates = next((v for k, v in self.by_tag.items() if k.startswith(field + ".")), [])
        if not candidates:
            return None
        if row is None:
            return candidates[0]
        rows = self._group_rows(field.split(".", 1)[0])
        if 1 <= row <= len(rows):
            for s in candidates:
                if _ancestor(s, w("tr")) is rows[row - 1]:
                    return s
        return None

    def _from_anchor(self, field: str, row: int | None):
        """The reader's anchor, when it is an index into the document's controls."""
        for v in getattr(self.raw, "values", None) or []:
            if v.field == field and v.row == row and isinstance(v.anchor, int) and not isinstance(v.anchor, bool):
                if 0 <= v.anchor < len(self.sdts):
                    sdt = self.sdts[v.anchor]
                    if _tag(sdt) in (field, None):
                        return sdt
        return None

    def _group_rows(self, group: str) -> list:
        """The table rows of a repeating group in document order, blank rows dropped (as the reader)."""
        rows: list = []
        controls: dict[int, list] = {}
        for s in self.sdts:
            t = _tag(s) or ""
            if not t.startswith(group + "."):
                continue
            tr = _ancestor(s, w("tr"))
            if tr is None:
                continue
            if id(tr) not in controls:
                rows.append(tr)
                controls[id(tr)] = []
            controls[id(tr)].append(s)
        return [tr for tr in rows if not all(_is_blank(s) for s in controls[id(tr)])]


def _comment_text(issue) -> str:
    sev = _SEVERITY.get(_get(issue, "severity"), "")
    return f"【{sev}】{_get(issue, 'message') or ''}（{_get(issue, 'code')}）"


def _make_comment(cid: int, paragraphs: list[str], date: str):
    c = etree.Element(w("comment"), {w("id"): str(cid), w("author"): AUTHOR, w("initials"): INITIALS,
                                     w("date"): date})
    for text in paragraphs:
        p = etree.SubElement(c, w("p"))
        r = etree.SubElement(p, w("r"))
        rpr = etree.SubElement(r, w("rPr"))
        etree.SubElement(rpr, w("rFonts"), {w("eastAsia"): "宋体"})
        t = etree.SubElement(r, w("t"))
        t.text = text
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return c


def _reference_run(cid: int):
    r = etree.Element(w("r"))  # no rStyle: the user's file may not define CommentReference
    etree.SubElement(r, w("commentReference"), {w("id"): str(cid)})
    return r


def _anchor_around(sdt, cid: int) -> None:
    """Mark the control as the comment's range; the reference run goes in the same paragraph."""
    start = etree.Element(w("commentRangeStart"), {w("id"): str(cid)})
    end = etree.Element(w("commentRangeEnd"), {w("id"): str(cid)})
    if _ancestor(sdt, w("p")) is not None:  # inline control
        sdt.addprevious(start)
        sdt.addnext(end)
        end.addnext(_reference_run(cid))
        return
    paragraphs = list(sdt.iter(w("p")))
    if not paragraphs:  # a control with no paragraph (row- or cell-level): mark around it
        sdt.addprevious(start)
        sdt.addnext(end)
        return
    first, last = paragraphs[0], paragraphs[-1]
    ppr = first.find(w("pPr"))
    (ppr.addnext(start) if ppr is not None else first.insert(0, start))
    last.append(end)
    last.append(_reference_run(cid))


def _anchor_paragraph(body, cid: int) -> None:
    """A comment on the document's first paragraph (file-level issues)."""
    p = next(body.iter(w("p")), None)
    if p is None:
        p = etree.Element(w("p"))
        body.insert(0, p)
    ppr = p.find(w("pPr"))
    start = etree.Element(w("commentRangeStart"), {w("id"): str(cid)})
    (ppr.addnext(start) if ppr is not None else p.insert(0, start))
    p.append(etree.Element(w("commentRangeEnd"), {w("id"): str(cid)}))
    p.append(_reference_run(cid))


def _document_part(zf: zipfile.ZipFile) -> str:
    try:
        rels = parse(zf.read("_rels/.rels"))
        for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
            if rel.get("Type") == OFFICE_DOC_REL:
                return rel.get("Target").lstrip("/")
    except KeyError:
        pass
    return "word/document.xml"


def _rels_name(part: str) -> str:
    folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def annotate_docx(src: Path, issues: list, raw, out: Path) -> Path:
    """Write `out`: a copy of `src` with a Word comment for every issue. Returns `out`."""
    src, out = Path(src), Path(out)
    if out.exists() and out.resolve() == src.resolve():
        raise ValueError("annotated copy would overwrite its source")
    date = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with zipfile.ZipFile(src) as zf:
        doc_part = _document_part(zf)
        folder = doc_part.rsplit("/", 1)[0] if "/" in doc_part else ""
        rels_part = _rels_name(doc_part)
        root = parse(zf.read(doc_part))
        names = set(zf.namelist())
        rels = parse(zf.read(rels_part)) if rels_part in names else etree.Element(f"{{{_REL_NS}}}Relationships")
        comments_part = _existing_comments(rels, folder)
        comments = (parse(zf.read(comments_part)) if comments_part in names
                    else etree.Element(w("comments"), nsmap={"w": W_NS}))
        cid = 1 + max((int(c.get(w("id"))) for c in comments.iter(w("comment"))
                       if (c.get(w("id")) or "").lstrip("-").isdigit()), default=-1)
        body = root.find(w("body"))
        locator = _Locator(body if body is not None else root, raw)
        file_level: list[str] = []
        for issue in issues:
            sdt = locator.find(_get(issue, "field"), _get(issue, "row"))
            if sdt is None:
                where = _get(issue, "location")
                file_level.append(f"{where}：{_comment_text(issue)}" if where else _comment_text(issue))
                continue
            comments.append(_make_comment(cid, [_comment_text(issue)], date))
            _anchor_around(sdt, cid)
            cid += 1
        if file_level and body is not None:
            comments.append(_make_comment(cid, file_level, date))
            _anchor_paragraph(body, cid)
        new_parts = {doc_part: _xml(root), comments_part: _xml(comments)}
        if comments_part not in names:
            new_parts[rels_part] = _xml(_with_comments_rel(rels, comments_part, folder))
            new_parts["[Content_Types].xml"] = _xml(_with_override(parse(zf.read("[Content_Types].xml")),
                                                                   comments_part))
        _write_copy(zf, new_parts, out)
    return out


def _existing_comments(rels, folder: str) -> str:
    for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("Type") == COMMENTS_REL:
            target = rel.get("Target")
            return target.lstrip("/") if target.startswith("/") else (f"{folder}/{target}" if folder else target)
    return f"{folder}/comments.xml" if folder else "comments.xml"


def _with_comments_rel(rels, comments_part: str, folder: str):
    ids = {r.get("Id") for r in rels.iter(f"{{{_REL_NS}}}Relationship")}
    n = 1
    while f"rId{n}" in ids:
        n += 1
    target = comments_part[len(folder) + 1:] if folder else comments_part
    etree.SubElement(rels, f"{{{_REL_NS}}}Relationship", Id=f"rId{n}", Type=COMMENTS_REL, Target=target)
    return rels


def _with_override(ct, part: str):
    for o in ct.findall(f"{{{_CT_NS}}}Override"):
        if o.get("PartName") == "/" + part:
            return ct
    etree.SubElement(ct, f"{{{_CT_NS}}}Override", PartName="/" + part, ContentType=COMMENTS_CT)
    return ct


def _xml(el) -> bytes:
    return etree.tostring(el, xml_declaration=True, encoding="UTF-8", standalone=True)


def _write_copy(zf: zipfile.ZipFile, new_parts: dict[str, bytes], out: Path) -> None:
    def write(buf) -> None:
        parts = dict(new_parts)
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in zf.infolist():
                if item.filename in parts:
                    dst.writestr(item, parts.pop(item.filename))
                else:
                    dst.writestr(item, zf.read(item.filename))
            for name, data in parts.items():
                dst.writestr(name, data)

    write_atomic(out, via_memory(write))
