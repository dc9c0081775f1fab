"""Render a blank (pre-filled) Word form from its template: `render_form(schema, manifest, prefill, out)`.

A county kit is 107 counties × several forms, so the expensive part — docxtpl loading and rendering
the template, and embedding the manifest — is done once per (template, years) and cached as the
package's members. Each file then costs one lxml pass over document.xml for the few pre-filled
controls and one zip write (design/QUALITY.md: the whole Shaanxi kit in ≤ 15 s).
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from docgen.errors import ConfigError
from docgen.formats.custom_props import write_custom_props
from docgen.formats.docx_build import COVER_MARK
from docgen.formats.docx_controls import format_value, iter_controls, set_control_text, tag_of
from docgen.manifest import Manifest
from docgen.resources import form_template
from docgen.schema import FormSchema

DOCUMENT = "word/document.xml"
_MARK = "DOCGENCOVERCLUSTERMARK"
_BLANK_COVER = "\u3000" * 16


def template_context(schema: FormSchema, years: dict) -> dict:
    """Every Jinja variable a template may use (template lint checks against these names)."""
    return {"years": dict(years), "title": schema.title, "version": schema.version, COVER_MARK: _MARK}


@lru_cache(maxsize=64)
def _blank_package(template: str, mtime: float, form_id: str, years: tuple, props: tuple) -> tuple:
    """The rendered blank with its manifest, as ((name, ZipInfo, bytes), …)."""
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
        with zipfile.ZipFile(path) as zf:
            return tuple((i.filename, i, zf.read(i.filename)) for i in zf.infolist())


def render_bytes(schema: FormSchema, manifest: Manifest, prefill: dict) -> bytes:
    """The finished .docx as bytes."""
    template = form_template(schema.template)
    if not template.is_file():
        raise ConfigError(f"找不到 Word 模板 {template}。请运行 python -m docgen.formats.docx_build 重新生成。")
    members = _blank_package(str(template), template.stat().st_mtime, schema.id,
                             tuple(sorted(manifest.years.items())), tuple(sorted(manifest.to_props().items())))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, info, data in members:
            if name == DOCUMENT:
                data = _prefilled(schema, data, prefill)
            zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return buf.getvalue()


def _prefilled(schema: FormSchema, xml: bytes, prefill: dict) -> bytes:
    cluster = prefill.get("cluster_name")
    cover = escape(str(cluster)) if cluster else _BLANK_COVER
    xml = xml.replace(_MARK.encode(), cover.encode("utf-8"))
    if not prefill:
        return xml
    root = etree.fromstring(xml)
    fields = {f.id: f for f in schema.fields}
    for sdt in iter_controls(root):
        fid = tag_of(sdt)
        if fid in prefill and fid in fields and prefill[fid] is not None:
            set_control_text(sdt, format_value(fields[fid], prefill[fid]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def render_form(schema: FormSchema, manifest: Manifest, prefill: dict, out_path: Path) -> None:
    """Write the form to `out_path` atomically (temp file in the same folder, then os.replace)."""
    data = render_bytes(schema, manifest, prefill)
    out_path = Path(out_path)
    fd, tmp = tempfile.mkstemp(dir=out_path.parent, prefix=".tmp-", suffix=".docx")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
