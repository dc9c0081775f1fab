"""Notice templates as docxtpl .docx files: build one from text blocks, render it, list its variables."""

from __future__ import annotations

from pathlib import Path

from docx import Document

from docgen.atomic import write_atomic
from docgen.errors import ConfigError
from docgen.formats import gbt9704 as g
from docgen.formats.gongwen import styles
from docgen.formats.ooxml import drop_styles_with_effects

# Roles the notices domain writes its wording in → the paragraph styles of a 公文.
ROLE_STYLES = {
    "title": styles.TITLE, "recipients": styles.RECIPIENTS, "body": styles.BODY, "h1": styles.HEADING1,
    "h2": styles.HEADING2, "note": styles.ATTACHMENT_NOTE, "signature": styles.SIGNATURE, "date": styles.DATE,
    "blank": "Normal",
}


def build_template(path: Path, blocks: list[tuple[str, str]]) -> Path:
    """Write a template: one paragraph per (role, text with Jinja tags), one run each.

    Each paragraph is a single run so a Jinja tag is never split across runs; the run carries its
    East Asian face so the text looks right while a clerk edits it in Word.
    """
    document = Document()
    drop_styles_with_effects(document)
    styles.ensure_styles(document)
    for section in document.sections:
        g.apply_page_setup(section)
        g.apply_doc_grid(section)
    body = document.element.body
    for p in list(body.iterchildren()):
        if p.tag.endswith("}p"):
            body.remove(p)
    for role, text in blocks:
        style_name = ROLE_STYLES[role]
        para = document.add_paragraph(style=style_name)
        if text:
            spec = styles.SPECS.get(style_name)
            run = para.add_run(text)
            g.set_run_font(run, spec.face if spec else g.FANGSONG)
    return write_atomic(path, document.save)


def _load(path: Path):
    from docxtpl import DocxTemplate

    try:
        return DocxTemplate(str(path))
    except Exception as exc:  # a broken zip or not a Word file: our template, so ConfigError
        raise ConfigError(f"公文模板无法打开：{path}（{type(exc).__name__}: {exc}）。请从仓库恢复该模板。") from exc


def render(path: Path, context: dict):
    """Render the template with autoescape (data with & < > stays intact); a python-docx Document."""
    from jinja2 import TemplateError

    tpl = _load(path)
    try:
        tpl.render(context, autoescape=True)
    except TemplateError as exc:
        raise ConfigError(f"公文模板 {Path(path).name} 的 Jinja 语法有误：{exc}。请在 Word 中修正模板后重试。") from exc
    return tpl.docx


def undeclared_variables(path: Path) -> set[str]:
    """The Jinja variables a template uses (docxtpl's own parser, so headers/footers count too)."""
    from jinja2 import TemplateError

    tpl = _load(path)
    try:
        return set(tpl.get_undeclared_template_variables())
    except TemplateError as exc:
        raise ConfigError(f"公文模板 {Path(path).name} 的 Jinja 语法有误：{exc}。") from exc
