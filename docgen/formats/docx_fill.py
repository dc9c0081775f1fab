"""Fill a generated Word form programmatically, as a person would in Word: `fill_docx(path, record, out)`.

For tests and benchmarks across docgen: `record` is the nested record of the data dictionary
({"cluster_name": …, "output_total": {"y1": 35.2}, "enterprises": [{"uscc": …}], "plan_submitted": True}).
Values are written as a person types them (booleans 是/否, choice ids as their labels, dates ISO);
strings are written as given, so tests can feed odd input (full-width digits, "72.5%"). A repeating
table with more records than rows gets rows copied from its last row, as a person does in Word.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from lxml import etree

from docgen.atomic import write_atomic
from docgen.errors import InputError
from docgen.formats.custom_props import read_custom_props
from docgen.formats.docx_controls import (
    W_SDT,
    W_SDTPR,
    W_TR,
    W_VAL,
    ancestor,
    format_value,
    set_control_text,
    tag_of,
    w,
)
from docgen.manifest import Manifest
from docgen.schema import FormSchema, load_form

DOCUMENT = "word/document.xml"


def _lookup(record: dict, dotted: str):
    node = record
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def fill_xml(schema: FormSchema, xml: bytes, record: dict) -> bytes:
    """document.xml with the record's values written into the controls."""
    root = etree.fromstring(xml)
    singles = {f.id: f for f in schema.fields}
    for sdt in list(root.iter(W_SDT)):
        fid = tag_of(sdt)
        if fid in singles:
            value = _lookup(record, fid)
            if value is not None:
                set_control_text(sdt, format_value(singles[fid], value))
    for group in schema.groups:
        rows = record.get(group.id) or []
        if rows:
            _fill_group(root, group, rows)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _group_rows(root, group) -> list:
    ids = {f.id for f in group.fields}
    trs: dict = {}  # insertion-ordered set of the group's rows (kept alive: stable lxml proxies)
    for sdt in root.iter(W_SDT):
        if tag_of(sdt) in ids:
            tr = ancestor(sdt, W_TR)
            if tr is not None:
                trs.setdefault(tr, None)
    return list(trs)


def _fill_group(root, group, rows: list[dict]) -> None:
    trs = _group_rows(root, group)
    if not trs:
        return
    next_id = 1 + max((int(i.get(W_VAL)) for i in root.iter(w("id")) if (i.get(W_VAL) or "").isdigit()),
                      default=0)
    while len(trs) < len(rows):  # copy the last row, as a person does in Word (new control ids)
        clone = copy.deepcopy(trs[-1])
        for sdt_id in clone.iter(w("id")):
            if sdt_id.getparent().tag == W_SDTPR:
                sdt_id.set(W_VAL, str(next_id))
                next_id += 1
        trs[-1].addnext(clone)
        trs.append(clone)
    fields = {f.id: f for f in group.fields}
    for tr, values in zip(trs, rows, strict=False):
        for sdt in tr.iter(W_SDT):
            fid = tag_of(sdt)
            if fid in fields:
                value = (values or {}).get(fields[fid].name)
                if value is not None:  # a blank cell keeps its prompt, as in a person's file
                    set_control_text(sdt, format_value(fields[fid], value))


def fill_docx(path: Path, record: dict, out: Path, schema: FormSchema | None = None) -> Path:
    """Write a filled copy of the generated form at `path` to `out` (atomically); returns `out`.

    The form is found from the file's manifest unless `schema` is given.
    """
    path, out = Path(path), Path(out)
    with zipfile.ZipFile(path) as zf:
        if schema is None:
            manifest = Manifest.from_props(read_custom_props(zf))
            if manifest is None:
                raise InputError(f"{path.name} 没有 docgen 表格标识，无法判断表格种类；请传入 schema=")
            schema = load_form(manifest.form)
        members = [(i, zf.read(i.filename)) for i in zf.infolist()]

    def write(tmp: Path) -> None:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info, data in members:
                if info.filename == DOCUMENT:
                    data = fill_xml(schema, data, record)
                dst.writestr(info, data)

    return write_atomic(out, write)
