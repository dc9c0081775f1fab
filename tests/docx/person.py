"""A form typed by a person in LibreOffice 7.4, reproduced at the XML level (design/ENVIRONMENT.md,
"A person filling the forms in LibreOffice"): the typed text replaces the prompt but keeps its run's
properties (and `w:showingPlcHdr`), Enter is a `w:br`, every `w:tag`/`w:alias` is dropped on save,
and app.xml names LibreOffice. Habits per slot reproduce what people do besides:

- "after" / "before": the field reached by keyboard without selecting the prompt ("王建军请填写");
- "paste": a multi-line paste lands just before the control, outside it, the control left as it was;
- "paste_empty": the same, the control left empty;
- "deleted": the control deleted and the value typed into its cell.

Built with zipfile + lxml only, never docgen's readers.
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

from helpers import W
from lxml import etree

from docgen.formats.docx_controls import format_value
from docgen.schema import load_form

LO_APP = (b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
          b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
          b"<Template>Normal.dotm</Template><TotalTime>3</TotalTime>"
          b"<Application>LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2</Application>"
          b"<AppVersion>15.0000</AppVersion></Properties>")


def _tag(sdt) -> str | None:
    t = sdt.find(f"{W}sdtPr/{W}tag")
    return t.get(f"{W}val") if t is not None else None


def _run(rpr, text: str):
    r = etree.Element(f"{W}r")
    if rpr is not None:
        r.append(copy.deepcopy(rpr))
    for i, line in enumerate(text.split("\n")):
        if i:
            etree.SubElement(r, f"{W}br")  # Enter inside a control
        t = etree.SubElement(r, f"{W}t")
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return r


def _up(el, tag: str):
    node = el.getparent()
    while node is not None and node.tag != f"{W}{tag}":
        node = node.getparent()
    return node


def type_into(sdt, text: str, habit: str | None = None, grey: bool = False) -> None:
    content = sdt.find(f"{W}sdtContent")
    first = content.find(f".//{W}r/{W}rPr")
    rpr = copy.deepcopy(first) if first is not None else etree.Element(f"{W}rPr")
    if grey and rpr.find(f"{W}color") is None:  # a form whose prompt was grey by direct formatting
        etree.SubElement(rpr, f"{W}color").set(f"{W}val", "808080")
    prompt = "".join(t.text or "" for t in content.iter(f"{W}t"))
    para = sdt.getparent()
    if habit in ("paste", "paste_empty"):
        lines = text.split("\n")
        assert len(lines) > 1, "a multi-line paste"
        cell_para = _up(sdt, "p") if para.tag != f"{W}p" else para
        for line in lines[:-1]:
            p = copy.deepcopy(cell_para)
            for child in list(p):
                if child.tag != f"{W}pPr":
                    p.remove(child)
            p.append(_run(rpr, line))
            cell_para.addprevious(p)
        sdt.addprevious(_run(rpr, lines[-1]))
        if habit == "paste_empty":
            for child in list(content):
                content.remove(child)
        return
    if habit == "deleted":
        sdt.addprevious(_run(rpr, text))
        para.remove(sdt)
        return
    for child in list(content):
        content.remove(child)
    typed = {"after": text + prompt, "before": prompt + text}.get(habit or "", text)
    content.append(_run(rpr, typed))  # the flag stays: LibreOffice keeps w:showingPlcHdr


def _lookup(record: dict, dotted: str):
    node = record
    for key in dotted.split("."):
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def person_typed(blank: Path, form_id: str, record: dict, out: Path, habits: dict | None = None,
                 grey: bool = False, keep_tags: bool = False, app: bytes | None = LO_APP) -> Path:
    """`blank` typed with `record` as a person in LibreOffice does; habits: {(field id, row or None): habit}."""
    schema = load_form(form_id)
    habits = habits or {}
    singles = {f.id: f for f in schema.fields}

    def edit(root):
        for sdt in list(root.iter(f"{W}sdt")):
            fid = _tag(sdt)
            if fid in singles:
                value = _lookup(record, fid)
                if value is not None:
                    type_into(sdt, format_value(singles[fid], value), habits.get((fid, None)), grey)
        for group in schema.groups:
            fields = {f.id: f for f in group.fields}
            trs: dict = {}
            for sdt in root.iter(f"{W}sdt"):
                if _tag(sdt) in fields:
                    trs.setdefault(_up(sdt, "tr"), None)
            for n, (tr, values) in enumerate(zip(trs, record.get(group.id) or [], strict=False), start=1):
                for sdt in list(tr.iter(f"{W}sdt")):
                    fid = _tag(sdt)
                    value = values.get(fields[fid].name) if fid in fields else None
                    if value is not None:
                        type_into(sdt, format_value(fields[fid], value), habits.get((fid, n)), grey)
        if not keep_tags:
            for el in list(root.iter(f"{W}tag", f"{W}alias")):
                el.getparent().remove(el)

    with zipfile.ZipFile(blank) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            elif info.filename == "docProps/app.xml" and app is not None:
                data = app
            dst.writestr(info, data)
    return out
