"""`docgen forms check`: lint a template that staff may have re-worded in Word or Excel.

A form template must still have exactly one slot per schema field and nothing unknown; a notice
template's Jinja variables must be ones its notice supplies. The per-format checks live in the
formats layer; this module decides which applies.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from docgen.catalogue import form_ids, is_form
from docgen.errors import UsageError
from docgen.schema import load_form

NOTICE_KINDS = ("publicity", "announcement", "annual-call", "review", "revocation")


def _form_of(path: Path) -> str | None:
    """The form a template belongs to: its manifest, else what its slots say (content-control tags,
    defined names, labels — as the readers identify a returned file), else its file name.

    A staff-edited template saved as 申报书-修订.docx is still the application by its slots.
    """
    try:
        from docgen.formats.custom_props import read_custom_props
        from docgen.manifest import Manifest

        with zipfile.ZipFile(path) as zf:
            m = Manifest.from_props(read_custom_props(zf))
            names = set(zf.namelist())
        if m and is_form(m.form):
            return m.form
    except (zipfile.BadZipFile, OSError, ValueError):
        names = set()
    found = _form_by_slots(path, names)
    if found:
        return found
    stem = path.stem.split("-")[0]
    return stem if is_form(stem) else None


def _form_by_slots(path: Path, names: set[str]) -> str | None:
    if "word/document.xml" in names:
        from docgen.formats.docx_read import read_docx as read
    elif "xl/workbook.xml" in names:
        from docgen.formats.xlsx_read import read_xlsx as read
    else:
        return None
    return read(path).form


def _is_notice(path: Path) -> bool:
    return path.parent.name == "notices" or path.stem in NOTICE_KINDS


def lint_template(path: Path, form_id: str | None = None) -> tuple[list[str], str]:
    """Problems found (Chinese sentences) and what kind of template it was taken for."""
    if not zipfile.is_zipfile(path):
        return [f"{path.name} 不是 .docx/.xlsx 文件（不是 zip 包）。"], ""
    if form_id is None and _is_notice(path):
        from docgen.notices.templates import check_notice_template

        return check_notice_template(path), "公文"
    form_id = form_id or _form_of(path)
    if form_id is None:
        raise UsageError(
            f"无法判断 {path.name} 是哪一种表格的模板。请用 --form 指定：{'、'.join(form_ids())}；"
            f"公文模板请放在 notices 文件夹中或以公文类型命名（{'、'.join(NOTICE_KINDS)}）。")
    schema = load_form(form_id)
    if schema.format == "docx":
        from docgen.formats.docx_form import lint_docx_template

        return lint_docx_template(path, schema), f"「{schema.title}」"
    from docgen.formats.xlsx_form import lint_xlsx_template

    return lint_xlsx_template(path, schema), f"「{schema.title}」"
