"""Read a form by its labels when its tags are gone: a Word file re-saved by LibreOffice, or a PDF.

Both arrive here as the same thing — tables of cell texts in document order — and are read by what
a person reads: the label cell names the value in the cell after it (right, or below for long
text); the indicator grid by row label and year column; a repeating table by its header labels.
Also identifies a form from its labels when the file carries no manifest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docgen.catalogue import forms_of_format
from docgen.formats.docx_controls import (
    blocks,
    header_matches,
    label_text,
    location,
    norm,
    prompts,
    strip_prompts,
    year_keys,
)
from docgen.formats.raw import RawValue
from docgen.schema import Field, FormSchema, load_form

_YEAR = re.compile(r"^(\d{4})年")


@dataclass
class Table:
    rows: list[list[str]]  # cell texts as displayed (blank controls already empty)
    where: str = ""  # "第2页" for a PDF table; "" for Word
    # Word: whether each cell holds a content control (tags may be gone, the controls stay). A value
    # typed into a cell whose control was deleted is still read, and flagged. None for a PDF.
    controls: list[list[bool]] | None = None

    def control_gone(self, ri: int, ci: int, value: str | None) -> bool:
        if self.controls is None or value is None or ri >= len(self.controls) or ci >= len(self.controls[ri]):
            return False
        return not self.controls[ri][ci]


@dataclass
class LabelRead:
    values: list[RawValue] = field(default_factory=list)
    missing: list[Field] = field(default_factory=list)
    years: dict = field(default_factory=dict)  # y1… → the calendar year its grid column prints


PROMPT_LEFT = "field.placeholder_left"
CONTROL_GONE = "field.control_missing"


def clean(f: Field, text: str | None) -> str | None:
    """A displayed value: stripped; blank or the control's prompt → None."""
    return read_value(f, text)[0]


def read_value(f: Field, text: str | None) -> tuple[str | None, tuple[str, ...]]:
    """(value, notes) of a displayed text, judged by content, never by a "showing placeholder" flag:
    blank or only a prompt → None; a prompt glued to typed text ("王建军请填写") is cut off and noted."""
    if text is None:
        return None, ()
    text = text.strip()
    if not text or norm(text) in prompts(f):
        return None, ()
    kept, removed = strip_prompts(f, text)
    if not removed:
        return text, ()
    kept = kept.strip()
    return (kept, (PROMPT_LEFT,)) if kept else (None, ())


def _loc(schema, f, years, row, where):
    loc = location(schema, f, years, row)
    return f"{where} {loc}" if where else loc


def read_by_labels(schema: FormSchema, tables: list[Table], years: dict | None = None) -> LabelRead:
    out = LabelRead()
    flat = [(ti, ri, ci, text) for ti, t in enumerate(tables) for ri, row in enumerate(t.rows)
            for ci, text in enumerate(row)]
    index: dict[str, int] = {}
    for i, (_, _, _, text) in enumerate(flat):
        index.setdefault(norm(text), i)
    for kind, _section, content in blocks(schema):
        if kind == "pairs":
            for f in content:
                i = index.get(norm(label_text(f)), index.get(norm(f.label)))
                if i is None or i + 1 >= len(flat):
                    out.missing.append(f)
                    continue
                ti, ri, ci, cell = flat[i + 1]
                text, notes = read_value(f, cell)
                if tables[ti].control_gone(ri, ci, text):
                    notes += (CONTROL_GONE,)
                out.values.append(RawValue(f.id, text, notes=notes,
                                           location=_loc(schema, f, years, None, tables[ti].where)))
        elif kind == "grid":
            _grid(schema, tables, content, years, out)
        else:
            _group(schema, tables, content, years, out)
    return out


def _grid(schema, tables, parents, years, out) -> None:
    keys = year_keys(schema)
    found: dict[str, RawValue] = {}
    for t in tables:
        if not t.rows:
            continue
        head = [norm(c) for c in t.rows[0]]
        cols = [(int(m.group(1)), ci) for ci, h in enumerate(head) if (m := _YEAR.match(h))]
        if len(cols) != len(keys):
            continue
        if years and all(k in years for k in keys):
            by_year = dict(cols)
            colmap = {k: by_year.get(int(years[k])) for k in keys}
            shown = years
        else:  # no manifest (PDF): the year columns in ascending order are y1, y2, y3
            colmap = dict(zip(keys, [ci for _, ci in sorted(cols)], strict=True))
            shown = dict(zip(keys, sorted(y for y, _ in cols), strict=True))
            out.years = out.years or shown
        for ri, row in enumerate(t.rows[1:], start=1):
            if not row:
                continue
            label = norm(row[0])
            for fields in parents.values():
                if label != norm(fields[0].parent_label):
                    continue
                for f in fields:
                    ci = colmap.get(f.key)
                    if ci is not None and ci < len(row) and f.id not in found:
                        text, notes = read_value(f, row[ci])
                        if t.control_gone(ri, ci, text):
                            notes += (CONTROL_GONE,)
                        found[f.id] = RawValue(f.id, text, notes=notes,
                                               location=_loc(schema, f, shown, None, t.where))
    for fields in parents.values():
        for f in fields:
            if f.id in found:
                out.values.append(found[f.id])
            else:
                out.missing.append(f)


def _group(schema, tables, group, years, out) -> None:
    fields = list(group.fields)
    physical = 0
    kept = 0
    seen_table = False
    for t in tables:
        if not t.rows:
            continue
        head = t.rows[0]
        cols: dict[str, int] = {}
        for f in fields:
            for ci, h in enumerate(head):
                if header_matches(h, f):
                    cols[f.id] = ci
                    break
        if len(cols) < len(fields):
            continue
        seen_table = True
        for ri, row in enumerate(t.rows[1:], start=1):
            if all(header_matches(row[cols[f.id]], f) for f in fields if cols[f.id] < len(row)):
                continue  # a header repeated on a new page
            physical += 1
            vals = [(f, *read_value(f, row[cols[f.id]] if cols[f.id] < len(row) else None)) for f in fields]
            if all(v is None for _, v, _n in vals):
                continue
            kept += 1
            for f, v, notes in vals:
                if t.control_gone(ri, cols[f.id], v):
                    notes += (CONTROL_GONE,)
                out.values.append(RawValue(f.id, v, row=kept, notes=notes,
                                           location=_loc(schema, f, years, physical, t.where)))
    if not seen_table:
        out.missing.extend(fields)


def identify(texts: set[str], full_text: str = "") -> tuple[str | None, float]:
    """The Word form whose labels best match the normalised cell texts; (form id, share found)."""
    best, best_score = None, 0.0
    flat = norm(full_text)
    for form_id in forms_of_format("docx"):
        schema = load_form(form_id)
        labels = set()
        for f in schema.all_fields():
            labels.add(norm(f.parent_label) if f.parent and f.direction else norm(label_text(f)))
        score = sum(1 for lab in labels if lab in texts) / len(labels)
        if flat and norm(schema.entry.short_title) in flat:
            score += 0.25
        if score > best_score:
            best, best_score = form_id, score
    return (best, best_score) if best_score >= 0.5 else (None, best_score)
