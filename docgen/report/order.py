"""Issues in the form's own order: the file's and the form's first, then field by field as a person
reads the form (sections in order; a repeating table row by row), then the rest (cross-form, criteria).

Cerberus and the checks report by field id; a clerk works down the printed form.
"""

from __future__ import annotations

from functools import cache

from docgen.catalogue import is_form
from docgen.formats.docx_controls import blocks
from docgen.schema import load_form


@cache
def _positions(form_id: str) -> dict[str, tuple[int, int]]:
    """Field id → (block position, column in a repeating table); group and parent ids too."""
    schema = load_form(form_id)
    out: dict[str, tuple[int, int]] = {}
    n = 0
    for kind, _section, content in blocks(schema):
        if kind == "pairs":
            for f in content:
                out[f.id] = (n, 0)
                n += 1
        elif kind == "grid":
            for parent, fields in content.items():
                out.setdefault(parent, (n, 0))
                for f in fields:
                    out[f.id] = (n, 0)
                    n += 1
        else:
            out[content.id] = (n, -1)
            for col, f in enumerate(content.fields):
                out[f.id] = (n, col)
            n += 1
    return out


def issue_key(form_id: str | None, index: int, issue: dict) -> tuple:
    code, fid = issue.get("code") or "", issue.get("field")
    if not fid and code.split(".", 1)[0] in ("file", "form"):
        return (0, 0, 0, 0, index)
    pos = _positions(form_id) if form_id and is_form(form_id) else {}
    where = pos.get(fid) if fid else None
    if where is None and fid:
        where = pos.get(fid.split(".", 1)[0])
    if where is None:
        return (2, 0, 0, 0, index)
    row = issue.get("row") or 0
    return (1, where[0], row, where[1], index)


def in_form_order(form_id: str | None, issues: list[dict]) -> list[dict]:
    """`issues` sorted into the form's order (stable for issues of one slot)."""
    return [i for _, i in sorted(enumerate(issues), key=lambda p: issue_key(form_id, p[0], p[1]))]
