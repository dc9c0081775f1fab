"""Normalisation: a reader's raw slot contents (`RawForm`) → the typed record of the data dictionary.

Dotted ids become nested dicts (`output_total.y1` → `{"output_total": {"y1": …}}`), repeating groups
lists of row dicts in document order. Each value is read as people type it (`docgen.typed`); the
record stores ints/floats, ISO dates, booleans and option ids.

A value that cannot be read is left out of the record and reported here, with the raw text and where
it is; validation then knows it was not blank (`unreadable_slots`) and does not call it missing.
"""

from __future__ import annotations

import re
from decimal import Decimal

from docgen.formats.raw import RawForm, RawValue
from docgen.issues import Issue, make_issue
from docgen.numfmt import fmt, to_json_number
from docgen.schema import Field, FormSchema
from docgen.typed import NumberError, clean_text, exact, parse_choice, parse_date, parse_number, parse_yesno

_YEAR_FIELDS = {"year", "report_year", "recognition_year", "plan_start"}


# --- one slot -------------------------------------------------------------------------------------

def display_label(f: Field, years: dict | None = None) -> str:
    """The field's label, with a relative year key shown as the calendar year when known."""
    if f.parent_label and f.key and isinstance(years, dict) and f.key in years:
        return f"{f.parent_label}（{years[f.key]}年）"
    return f.label


def _text_of(rv: RawValue) -> str:
    if rv.text is not None:
        return rv.text
    return "" if rv.native is None else str(rv.native)


def _is_blank(rv: RawValue) -> bool:
    return rv.native is None and (rv.text is None or not rv.text.strip())


def convert(f: Field, rv: RawValue, years: dict | None = None, row: int | None = None):
    """(value for the record or None, issue or None) for one non-blank slot."""
    text = _text_of(rv)
    where = {"field": f.id, "row": row, "label": display_label(f, years), "location": rv.location or None,
             "value": text.strip()}
    w = f.widget
    if w in ("number", "integer"):
        try:
            value, converted_from = _number_of(f, rv, text)
        except NumberError as exc:
            code = "field.type_integer" if w == "integer" and exc.code == "field.type_number" else exc.code
            return None, make_issue(code, unit=f.unit or "无单位", **where)
        if w == "integer" and value != value.to_integral_value():
            return None, make_issue("field.type_integer", **where)
        out = to_json_number(value, w == "integer")
        if converted_from:
            return out, make_issue("field.unit_converted", converted=fmt(value), unit=f.unit or "", **where)
        return out, None
    if w == "date":
        d = parse_date(rv.text, rv.native)
        return (d.isoformat(), None) if d else (None, make_issue("field.type_date", **where))
    if w == "yesno":
        b = parse_yesno(rv.text, rv.native)
        return (b, None) if b is not None else (None, make_issue("field.type_yesno", **where))
    if w == "choice":
        c = parse_choice(f, text)
        if c is None:
            return None, make_issue("field.choice", choices="、".join(f.display_choices()), **where)
        return c, None
    return _text_value(f, text), None


_TOO_LARGE = Decimal(10) ** 15  # no figure of these forms comes near; beyond it floats lose digits


def _number_of(f: Field, rv: RawValue, text: str) -> tuple[Decimal, str | None]:
    value, converted_from = _number_in_unit(f, rv, text)
    if abs(value) >= _TOO_LARGE:
        raise NumberError("field.type_number")
    return value, converted_from


def _number_in_unit(f: Field, rv: RawValue, text: str) -> tuple[Decimal, str | None]:
    native = rv.native
    if isinstance(native, int | float | Decimal) and not isinstance(native, bool):
        if exact(native) is None or not exact(native).is_finite():
            raise NumberError("field.type_number")  # a spreadsheet's #NUM!/inf
        if f.unit == "%" and rv.text and rv.text.strip().endswith(("%", "％")):
            return exact(native) * 100, None  # a percent-formatted cell holds the fraction
        return exact(native), None
    unit = f.unit if f.unit else ("年" if f.name in _YEAR_FIELDS else None)
    return parse_number(text, unit)


def _text_value(f: Field, text: str) -> str | None:
    if f.name == "uscc":
        text = clean_text(text).upper()
    elif f.name == "contact_phone":
        text = re.sub(r"^\((0\d{2,3})\)", r"\1-", clean_text(text))
    else:
        text = text.strip()
    return text or None


# --- the record -----------------------------------------------------------------------------------

_INDEX: dict[tuple[str, str, str], dict[str, Field]] = {}


def field_index(schema: FormSchema) -> dict[str, Field]:
    """Field id → Field, built once per schema (schemas are not hashable: they hold dicts)."""
    key = (schema.id, schema.version, schema.path)
    if key not in _INDEX:
        _INDEX[key] = {f.id: f for f in schema.all_fields()}
    return _INDEX[key]


def group_rows(raw: RawForm) -> dict[str, list[int]]:
    """Per group, the reader's row numbers that hold something, in document order (record order)."""
    rows: dict[str, set[int]] = {}
    for rv in raw.values:
        if rv.row is not None and not _is_blank(rv):
            rows.setdefault(rv.field.split(".", 1)[0], set()).add(rv.row)
    return {g: sorted(r) for g, r in rows.items()}


def slots(schema: FormSchema, raw: RawForm):
    """Each raw value of a schema field with its slot: (field id, 1-based record row or None), rv.

    The record's rows are the reader's non-blank rows renumbered (`group_rows`); a value in a row that
    holds nothing else has no record row and is skipped. One mapping for issue locations and typed texts.
    """
    fields, rows = field_index(schema), group_rows(raw)
    for rv in raw.values:
        f = fields.get(rv.field)
        if f is None:
            continue
        row = None
        if f.group:
            if rv.row not in rows.get(f.group, ()):
                continue
            row = rows[f.group].index(rv.row) + 1
        yield (f.id, row), rv


def build_record(schema: FormSchema, raw: RawForm) -> tuple[dict, list[Issue]]:
    """The typed record of `raw` and the problems met reading its values (type, unit, choice)."""
    fields = field_index(schema)
    years = dict(raw.manifest.years) if raw.manifest and raw.manifest.years else dict(raw.years)
    record: dict = {}
    for f in schema.fields:
        if f.parent:
            record.setdefault(f.parent, {})
        elif "." in f.id:
            record.setdefault(f.id.split(".", 1)[0], {})
    for g in schema.groups:
        record[g.id] = []
    rows = group_rows(raw)
    row_dicts = {g: {r: {} for r in rs} for g, rs in rows.items()}
    issues: list[Issue] = []
    for rv in raw.values:
        f = fields.get(rv.field)
        if f is None or _is_blank(rv):
            continue  # unknown slots are the reader's to report (form.altered)
        row = rows[f.group].index(rv.row) + 1 if f.group and rv.row is not None else None
        value, issue = convert(f, rv, years, row)
        for code in rv.notes:  # what the reader met at this slot: a prompt left, a deleted control
            issues.append(make_issue(code, field=f.id, row=row, label=display_label(f, years),
                                     location=rv.location or None, value=_text_of(rv).strip()))
        if issue:
            issues.append(issue)
        if value is None:
            continue
        if f.group:
            if rv.row is not None:
                row_dicts[f.group][rv.row][f.name] = value
        else:
            head, _, tail = f.id.partition(".")
            if tail:
                record.setdefault(head, {})[tail] = value
            else:
                record[head] = value
    for g, by_row in row_dicts.items():
        if g in record:
            record[g] = [by_row[r] for r in rows[g]]
    years = years or _years_from_record(schema, record)
    if years:
        record["years"] = years
    return record, issues


def _years_from_record(schema: FormSchema, record: dict) -> dict:
    """The years of a file without manifest, where the form states them itself (report year, plan start):
    the form's year rule (catalogue) when its anchor is one of the form's fields."""
    from docgen.catalogue import year_rule

    rule = year_rule(schema.id)
    value = record.get(rule.anchor) if rule else None
    return rule.years(value) if isinstance(value, int) and not isinstance(value, bool) else {}


def unreadable_slots(schema: FormSchema, raw: RawForm, record: dict) -> set[tuple[str, int | None]]:
    """(field id, record row) of slots that held text but are not in the record: already reported."""
    fields = field_index(schema)
    rows = group_rows(raw)
    out: set[tuple[str, int | None]] = set()
    for rv in raw.values:
        f = fields.get(rv.field)
        if f is None or _is_blank(rv):
            continue
        if f.group:
            if rv.row is None or rv.row not in rows.get(f.group, ()):
                continue
            i = rows[f.group].index(rv.row)
            lst = record.get(f.group) or []
            if i >= len(lst) or lst[i].get(f.name) is None:
                out.add((f.id, i + 1))
        elif get_path(record, f.id) is None:
            out.add((f.id, None))
    return out


def get_path(record: dict, dotted: str):
    """`record["output_total"]["y1"]` for "output_total.y1"; None when any part is missing."""
    node = record
    for part in dotted.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
        if node is None:
            return None
    return node
