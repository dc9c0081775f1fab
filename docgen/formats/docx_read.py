"""Read a returned Word form: `read_docx(path) -> RawForm`.

zipfile + safe lxml, never python-docx (it does not see content controls). The manifest (custom
properties) says which form and version; without one the form is identified by its labels. Slots
are read by their tags; when no docgen tag is left (LibreOffice strips them all) the form is read
by its labels instead (docx_labels). Values are the text as displayed, stripped — normalising them
is the domain's job.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from docgen.catalogue import forms_of_format
from docgen.formats import safexml
from docgen.formats.custom_props import CUSTOM_PART, parse_props
from docgen.formats.docx_controls import (
    W_NS,
    W_SDT,
    W_SDTCONTENT,
    W_TBL,
    W_TC,
    W_TR,
    alias_of,
    ancestor,
    control_text,
    element_text,
    header_matches,
    is_indicator,
    label_text,
    location,
    norm,
    tag_of,
    w,
    year_keys,
)
from docgen.formats.docx_labels import CONTROL_GONE, Table, identify, read_by_labels, read_value
from docgen.formats.raw import RawForm, RawValue
from docgen.formats.saved_by import APP_PART, read_by_label_issue, saved_by
from docgen.issues import make_issue
from docgen.manifest import Manifest
from docgen.schema import Field, FormSchema, load_form

DOCUMENT = "word/document.xml"


def _field_names(fields) -> str:
    return "、".join(f"「{f.label}」({f.id})" for f in fields)


def read_member(zf: zipfile.ZipFile, name: str, chunk: int = 1 << 20) -> bytes:
    """A member's bytes, inflated a chunk at a time: never past the size it declares.

    zipfile's read() of a whole member inflates in one call, so a member that lies about its size
    (a zip bomb) would take all the memory first; chunked reads stop at the declared size and fail
    its CRC instead. Honest oversize members are refused earlier, by the intake's limits.
    """
    parts = []
    with zf.open(name) as fh:
        while block := fh.read(chunk):
            parts.append(block)
    return b"".join(parts)


def read_docx(path: Path) -> RawForm:
    path = Path(path)
    raw = RawForm(path=path, format="docx", form=None, manifest=None)
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raw.issues.append(make_issue("file.not_zip"))
        return raw
    try:
        with zf:
            xml = read_member(zf, DOCUMENT)
            custom = read_member(zf, CUSTOM_PART) if CUSTOM_PART in zf.NameToInfo else None
            app_xml = read_member(zf, APP_PART) if APP_PART in zf.NameToInfo else None
        if custom:
            safexml.parse(custom)  # refuses a DOCTYPE before the properties parser sees it
        props = parse_props(custom) if custom else {}
    except KeyError:
        raw.issues.append(make_issue("file.corrupt", detail="缺少 word/document.xml"))
        return raw
    except (zipfile.BadZipFile, EOFError, zlib.error):  # e.g. a member longer than it declares
        # zlib's and zipfile's texts are English: the clerk gets the Chinese detail only.
        raw.issues.append(make_issue("file.corrupt", detail="压缩包内容与其声明不符"))
        return raw
    except safexml.UnsafeXML:
        raw.issues.append(make_issue("file.unsafe_xml"))
        return raw
    except etree.XMLSyntaxError:  # libxml2's text is English: the Chinese detail only
        raw.issues.append(make_issue("file.corrupt", detail="文档属性无法解析"))
        return raw
    try:
        root = safexml.parse(xml)
    except safexml.UnsafeXML:
        raw.issues.append(make_issue("file.unsafe_xml"))
        return raw
    except etree.XMLSyntaxError:
        raw.issues.append(make_issue("file.corrupt", detail="正文 XML 无法解析（内容已损坏或嵌套过深）"))
        return raw
    raw.manifest = Manifest.from_props(props)
    raw.saved_by = saved_by(app_xml)
    body = root.find(w("body"))
    if body is None:
        body = root
    schema = _identify(raw, body)
    if schema is None:
        return raw
    years = raw.manifest.years if raw.manifest else {}
    if not years:
        years = raw.years = _heading_years(schema, body)
    ids = set(schema.slot_ids())
    if any(tag_of(s) in ids for s in body.iter(W_SDT)):
        missing = _read_tags(raw, schema, body, years)
    else:
        missing = _read_labels(raw, schema, body, years)
    _check_version(raw, schema, missing)
    return raw


_HEADING_YEAR = re.compile(r"^(\d{4})年$")


def _heading_years(schema: FormSchema, body) -> dict:
    """Without a manifest, the years a grid's header row prints (2023年 2024年 2025年) → y1, y2, y3."""
    keys = sorted({k for rule in schema.cerberus.values() for k in (rule.get("meta") or {}).get("years", ())})
    if not keys:
        return {}
    for tr in body.iter(W_TR):
        found = [int(m.group(1)) for tc in tr.iter(W_TC) if (m := _HEADING_YEAR.match(norm(element_text(tc))))]
        if len(found) == len(keys) and len(set(found)) == len(found):
            return dict(zip(keys, sorted(found), strict=True))
    return {}


def _identify(raw: RawForm, body) -> FormSchema | None:
    m = raw.manifest
    if m is not None and m.form in forms_of_format("docx"):
        raw.form = m.form
        return load_form(m.form)
    tags = {tag_of(s) for s in body.iter(W_SDT)}
    cells = {norm(element_text(tc)) for tc in body.iter(W_TC)}
    texts = cells | {t for t in tags if t}
    form_id, _score = identify(texts | {norm(a) for s in body.iter(W_SDT) if (a := alias_of(s))},
                               element_text(body)[:2000])
    # Tags are the field ids: a tagged form whose labels were re-worded still identifies by them.
    for fid in forms_of_format("docx"):
        ids = set(load_form(fid).slot_ids())
        if form_id is None and len(ids & tags) >= 0.8 * len(ids):
            form_id = fid
    if form_id is None:
        raw.issues.append(make_issue("form.unknown"))
        return None
    schema = load_form(form_id)
    raw.form = form_id
    raw.issues.append(make_issue("form.identified_by_content", form_title=schema.title))
    return schema


# --- by tag -------------------------------------------------------------------------------------

def _read_tags(raw: RawForm, schema: FormSchema, body, years: dict) -> list[Field]:
    known = {f.id: f for f in schema.all_fields()}
    found: dict[str, list] = {}
    unknown: list[str] = []
    for idx, sdt in enumerate(body.iter(W_SDT)):
        tag = tag_of(sdt)
        if not tag:
            continue
        if tag in known:
            found.setdefault(tag, []).append((idx, sdt))
        elif tag not in unknown:
            unknown.append(tag)
    missing: list[Field] = []
    duplicated: list[Field] = []
    cells = _Cells(body)
    for f in schema.fields:
        hits = found.get(f.id, [])
        where = location(schema, f, years)
        if not hits:
            tc = cells.of_single(schema, f)
            if tc is None:
                missing.append(f)
                raw.values.append(RawValue(f.id, None, location=where))  # so its issues say where
            else:  # the control was deleted and the value typed into its cell: read by position
                text, notes = read_value(f, _cell_text(tc))
                raw.values.append(RawValue(f.id, text, location=where, notes=notes + (CONTROL_GONE,)))
            continue
        if len(hits) > 1:
            duplicated.append(f)
        idx, sdt = hits[0]
        text, notes = read_value(f, _slot_text(sdt))
        raw.values.append(RawValue(f.id, text, location=where, anchor=idx, notes=notes))
    for group in schema.groups:
        _read_group(raw, schema, group, found, years, missing, duplicated)
    if missing or duplicated or unknown:
        parts = []
        if missing:
            parts.append("缺少填写框 " + _field_names(missing))
        if duplicated:
            parts.append("填写框重复 " + _field_names(duplicated))
        if unknown:
            parts.append("无法识别的填写框 " + "、".join(f"「{t}」" for t in unknown))
        raw.issues.append(make_issue("form.altered", detail="；".join(parts)))
    return missing




class _Cells:
    """Where a field's cell is in the form, for a control that was deleted: the row its label names,
    the column the generator puts it in. Built only when a control is missing (the usual file has none)."""

    def __init__(self, body):
        self.body = body
        self._rows: dict[str, list] | None = None

    def rows(self) -> dict[str, list]:
        if self._rows is None:
            self._rows = {}
            for tr in self.body.iter(W_TR):
                tcs = [tc for tc in tr.iter(W_TC) if ancestor(tc, W_TR) is tr]
                if tcs:
                    self._rows.setdefault(norm(element_text(tcs[0])), tcs)
        return self._rows

    def _free(self, tc) -> bool:
        """A cell holding no tagged control: a renamed or another field's control makes it not ours."""
        return not any(tag_of(s) for s in tc.iter(W_SDT))

    def of_single(self, schema: FormSchema, f: Field):
        rows = self.rows()
        if is_indicator(f):
            tcs = rows.get(norm(f.parent_label))
            keys = year_keys(schema)
            col = 2 + keys.index(f.key) if f.key in keys else None
        else:
            tcs = rows.get(norm(label_text(f))) or rows.get(norm(f.label))
            col = 1
        if not tcs or col is None or col >= len(tcs) or not self._free(tcs[col]):
            return None
        return tcs[col]


_STRING = etree.XPath("string()")  # compiled: no element proxies made for the check
_COUNT_SDT = etree.XPath("count(.//w:sdt)", namespaces={"w": W_NS})


def _slot_text(sdt) -> str | None:
    """A control's value; when it is alone in its cell, the cell as displayed — a person who typed
    beside the control (the cursor lands after it in Word) still gets what they typed read."""
    tc = ancestor(sdt, W_TC)
    if tc is None or _STRING(tc) == _STRING(sdt) or _COUNT_SDT(tc) != 1:
        return control_text(sdt)  # the usual case: nothing typed outside the control
    return _cell_text(tc) or None


def _direct_cells(tr) -> list:
    return [tc for tc in tr.iter(W_TC) if ancestor(tc, W_TR) is tr]


def _rows_without_controls(group, rows: dict, order: list, columns: int) -> None:
    """Rows of the group's table whose controls were all deleted and the values typed into the cells:
    rows too, read by column (a header row repeated or a blank row is not)."""
    seen_tables = []
    for key in list(rows):
        tbl = ancestor(key, W_TBL) if key.tag == W_TR else None
        if tbl is None or any(t is tbl for t in seen_tables):
            continue
        seen_tables.append(tbl)
        position = None
        pending = []
        for tr in tbl.iter(W_TR):
            if ancestor(tr, W_TBL) is not tbl:
                continue
            if tr in rows:
                position = min(idx for hits in rows[tr].values() for idx, _ in hits)
                for tr_new in pending:  # rows before the first known one sort just before it
                    order.append((position - 0.5, tr_new))
                pending = []
                continue
            tcs = _direct_cells(tr)
            if len(tcs) != columns or any(tag_of(s) for s in tr.iter(W_SDT)):
                continue
            texts = [_cell_text(tc) for tc in tcs]
            if not any(texts) or all(header_matches(t, f) for t, f in zip(texts, group.fields, strict=True)):
                continue
            rows[tr] = {}
            if position is None:
                pending.append(tr)
            else:
                order.append((position + 0.5, tr))


def _read_group(raw, schema, group, found, years, missing, duplicated) -> None:
    rows: dict = {}  # the row element (kept alive here, so lxml hands back the same proxy) → cells
    order: list = []
    for f in group.fields:
        for idx, sdt in found.get(f.id, []):
            tr = ancestor(sdt, W_TR)
            key = tr if tr is not None else sdt  # a control moved out of its table is a row of its own
            if key not in rows:
                rows[key] = {}
                order.append((idx, key))
            rows[key].setdefault(f.id, []).append((idx, sdt))
    if not rows:
        missing.extend(group.fields)
        return
    columns = len(group.fields)
    _rows_without_controls(group, rows, order, columns)
    kept = 0
    for physical, (_, key) in enumerate(sorted(order, key=lambda o: o[0]), start=1):
        cells = rows[key]
        texts = {}
        tcs = None
        for col, f in enumerate(group.fields):
            hits = cells.get(f.id, [])
            if not hits:
                if tcs is None:
                    tcs = _direct_cells(key) if key.tag == W_TR else []
                tc = tcs[col] if len(tcs) == columns else None
                if tc is not None and not any(tag_of(s) for s in tc.iter(W_SDT)):
                    # the control was deleted and the value typed into its cell: read by its column
                    text, notes = read_value(f, _cell_text(tc))
                    texts[f.id] = (None, text, notes + (CONTROL_GONE,))
                elif f not in missing:
                    missing.append(f)
                continue
            if len(hits) > 1 and f not in duplicated:
                duplicated.append(f)
            texts[f.id] = (hits[0][0], *read_value(f, _slot_text(hits[0][1])))
        if all(t is None for _, t, _n in texts.values()):
            continue
        kept += 1
        for f in group.fields:
            if f.id in texts:
                idx, text, notes = texts[f.id]
                raw.values.append(RawValue(f.id, text, row=kept, anchor=idx, notes=notes,
                                           location=location(schema, f, years, physical)))


# --- by label -----------------------------------------------------------------------------------

def _sdt_text(sdt) -> str:
    """A control's text as displayed, its prompt included (values are judged by content)."""
    content = sdt.find(W_SDTCONTENT)
    return "" if content is None else _children_text(content)


def _children_text(parent) -> str:
    """Text of a cell, paragraph or control content as displayed, placeholders left out.

    LibreOffice 7.4 re-saves a plain-text or block-level control as several adjacent copies
    (值一 → 值一 | 值一值一 | 值一): a run of sibling controls whose text is the first one's text
    repeated counts once. A single control is never de-duplicated (2020 stays 2020).
    """
    block = parent.tag in (W_TC, W_SDTCONTENT) and parent.find(w("p")) is not None
    parts: list[str] = []
    kids = [k for k in parent if k.tag in (W_SDT, w("p"), w("r"), w("hyperlink"), w("ins"), w("smartTag"))]
    i = 0
    while i < len(kids):
        kid = kids[i]
        if kid.tag == W_SDT:
            run = [kid]
            while i + 1 < len(kids) and kids[i + 1].tag == W_SDT:
                i += 1
                run.append(kids[i])
            texts = [_sdt_text(s) for s in run]
            joined = "".join(texts)
            first = texts[0]
            if len(run) > 1 and first and len(joined) % len(first) == 0 and joined == first * (len(joined) // len(first)):
                joined = first
            parts.append(joined)
        elif kid.tag == w("p"):
            parts.append(_children_text(kid))
        else:
            parts.append(element_text(kid))
        i += 1
    return ("\n" if block else "").join(parts)


def _cell_text(tc) -> str:
    return _children_text(tc).strip()


def _tables(body) -> list[Table]:
    out = []
    for tbl in body.iter(W_TBL):
        rows, controls = [], []
        for tr in tbl.iter(W_TR):
            if ancestor(tr, W_TBL) is not tbl:
                continue
            tcs = [tc for tc in tr.iter(W_TC) if ancestor(tc, W_TR) is tr]
            rows.append([_cell_text(tc) for tc in tcs])
            controls.append([_COUNT_SDT(tc) > 0 for tc in tcs])
        out.append(Table(rows, controls=controls))
    return out


def _read_labels(raw: RawForm, schema: FormSchema, body, years: dict) -> list[Field]:
    raw.read_by_label = True
    result = read_by_labels(schema, _tables(body), years)
    raw.values.extend(result.values)
    if result.missing:
        raw.issues.append(make_issue("form.label_not_found", detail=_field_names(result.missing)))
    else:
        raw.issues.append(read_by_label_issue("docx", raw.saved_by))
    return result.missing


# --- version ------------------------------------------------------------------------------------

def _check_version(raw: RawForm, schema: FormSchema, missing: list[Field]) -> None:
    m = raw.manifest
    if m is None or m.form != schema.id:
        return
    if m.version != schema.version:
        if missing:
            raw.issues.append(make_issue("form.outdated_unreadable", found=m.version, current=schema.version,
                                         detail=_field_names(missing)))
        else:
            raw.issues.append(make_issue("form.outdated", found=m.version, current=schema.version))
    elif m.fingerprint and m.fingerprint != schema.fingerprint and not raw.read_by_label:
        if not any(i.code == "form.altered" for i in raw.issues):
            raw.issues.append(make_issue("form.altered", detail="表格结构标识与当前版本不符（填写框布局已变化）"))


__all__ = ["read_docx", "label_text"]
