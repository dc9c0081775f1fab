"""Render a blank (pre-filled) Word form from its template: `render_form(schema, manifest, prefill, out)`.

A county kit is 107 counties × several forms, so the expensive part — docxtpl loading and rendering
the template, and embedding the manifest — is done once per (template, years) and cached as the
package's members. Each file then costs one lxml pass over document.xml for the few pre-filled
controls and one zip write (docs/quality.md: the whole Shaanxi kit in ≤ 15 s).
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from docgen.atomic import write_bytes_atomic
from docgen.errors import ConfigError
from docgen.formats.custom_props import write_custom_props
from docgen.formats.docx_controls import (
    COVER_MARK,
    W_NS,
    format_value,
    iter_controls,
    set_control_text,
    tag_of,
)
from docgen.manifest import Manifest
from docgen.resources import form_template
from docgen.schema import FormSchema

DOCUMENT = "word/document.xml"
_MARK = "DOCGENCOVERCLUSTERMARK"
_BLANK_COVER = "\u3000" * 16


def template_context(schema: FormSchema, years: dict) -> dict:
    """Every Jinja variable a template may use (template lint checks against these names)."""
    return {"years": dict(years), "title": schema.title, "version": schema.version, COVER_MARK: _MARK}


@dataclass(frozen=True)
class _Blank:
    """A rendered blank: every member but document.xml already zipped, document.xml cut at its slots."""

    head: bytes  # a zip of the other members (manifest included)
    document: bytes
    slots: dict  # field id → (start, end) of its control in `document`, for the pre-fillable fields


@lru_cache(maxsize=64)
def _blank_package(template: str, mtime: float, form_id: str, years: tuple, props: tuple) -> _Blank:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from docgen.schema import load_form

    schema = load_form(form_id)
    try:
        tpl = DocxTemplate(template)
        tpl.render(template_context(schema, dict(years)), autoescape=True)
    except (TemplateError, etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        # a staff-edited template with broken Jinja or XML
        raise ConfigError(f"Word 模板 {Path(template).name} 无法渲染：{exc}。请用 docgen forms check 检查模板。") from exc
    with tempfile.TemporaryDirectory(prefix="docgen-tpl-") as tmp:
        path = Path(tmp) / "blank.docx"
        tpl.save(str(path))
        write_custom_props(path, dict(props))
        head = io.BytesIO()
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(head, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                if info.filename == DOCUMENT:
                    document = src.read(info.filename)
                else:
                    dst.writestr(info, src.read(info.filename))
    return _Blank(head.getvalue(), document, _slot_spans(document, [f.id for f in schema.fields]))


def _slot_spans(xml: bytes, ids: list[str]) -> dict:
    """Byte span of each single field's control, when it is one plain (un-nested) `w:sdt`."""
    spans = {}
    for fid in ids:
        tag = b'<w:tag w:val="' + escape(fid, {'"': "&quot;"}).encode() + b'"/>'
        at = xml.find(tag)
        if at < 0 or xml.find(tag, at + 1) >= 0:
            continue
        start = xml.rfind(b"<w:sdt>", 0, at)
        end = xml.find(b"</w:sdt>", at)
        if start < 0 or end < 0 or b"<w:sdt>" in xml[start + 7:end]:
            continue
        spans[fid] = (start, end + len(b"</w:sdt>"))
    return spans


_WRAP = f'<r xmlns:w="{W_NS}">'.encode()
_NSDECL = f' xmlns:w="{W_NS}"'.encode()


def _filled_control(fragment: bytes, text: str) -> bytes | None:
    try:
        sdt = etree.fromstring(_WRAP + fragment + b"</r>")[0]
    except etree.XMLSyntaxError:  # other namespace prefixes in a staff-edited template
        return None
    set_control_text(sdt, text)
    return etree.tostring(sdt).replace(_NSDECL, b"", 1)


def render_bytes(schema: FormSchema, manifest: Manifest, prefill: dict) -> bytes:
    """The finished .docx as bytes."""
    template = form_template(schema.template)
    if not template.is_file():
        raise ConfigError(f"找不到 Word 模板 {template}。请运行 python -m docgen.formats.docx_build 重新生成。")
    blank = _blank_package(str(template), template.stat().st_mtime, schema.id,
                           tuple(sorted(manifest.years.items())), tuple(sorted(manifest.to_props().items())))
    buf = io.BytesIO(blank.head)
    with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(DOCUMENT, _prefilled(schema, blank, prefill))
    return buf.getvalue()


def _prefilled(schema: FormSchema, blank: _Blank, prefill: dict) -> bytes:
    fields = {f.id: f for f in schema.fields}
    values = {fid: format_value(fields[fid], v) for fid, v in prefill.items() if fid in fields and v is not None}
    xml = blank.document
    pieces, pos, slow = [], 0, {}
    for fid, (start, end) in sorted(((k, blank.slots[k]) for k in values if k in blank.slots), key=lambda kv: kv[1]):
        filled = _filled_control(xml[start:end], values[fid])
        if filled is None:
            slow[fid] = values[fid]
            continue
        pieces += [xml[pos:start], filled]
        pos = end
    pieces.append(xml[pos:])
    xml = b"".join(pieces)
    slow.update({k: v for k, v in values.items() if k not in blank.slots})
    if slow:  # controls the splice cannot handle: the slow, general way
        root = etree.fromstring(xml)
        for sdt in iter_controls(root):
            fid = tag_of(sdt)
            if fid in slow:
                set_control_text(sdt, slow[fid])
        xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    cluster = prefill.get("cluster_name")
    cover = escape(str(cluster)) if cluster else _BLANK_COVER
    return xml.replace(_MARK.encode(), cover.encode("utf-8"))


def lint_docx_template(path: Path, schema: FormSchema) -> list[str]:
    """Template lint for `docgen forms check` (implemented in docx_lint)."""
    from docgen.formats.docx_lint import lint_docx_template as lint

    return lint(path, schema)


def render_form(schema: FormSchema, manifest: Manifest, prefill: dict, out_path: Path) -> None:
    """Write the form to `out_path` atomically (docgen.atomic)."""
    write_bytes_atomic(out_path, render_bytes(schema, manifest, prefill))
