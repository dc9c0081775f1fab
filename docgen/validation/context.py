"""What every check needs about one form: its schema, record, where each slot is, and the settings.

Issues name the value as the person typed it (the RawValue's text) and where it is in the file (its
location); `Context.issue` fills both in from the field id and the record row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.formats.raw import RawForm
from docgen.issues import CATALOGUE, Issue, make_issue
from docgen.numfmt import fmt
from docgen.record import display_label, field_index, get_path, slots, unreadable_slots
from docgen.schema import FormSchema
from docgen.typed import exact
from docgen.validation.settings import ValidationSettings

Slot = tuple[str, int | None]  # (field id, 1-based record row or None)


@dataclass
class Context:
    schema: FormSchema
    record: dict
    settings: ValidationSettings
    today: dt.date
    raw: RawForm | None = None
    locations: dict[Slot, str] = field(default_factory=dict)
    texts: dict[Slot, str] = field(default_factory=dict)
    unreadable: set[Slot] = field(default_factory=set)
    derived: dict = field(default_factory=dict)  # computed values the report may show (target completion)

    @classmethod
    def build(cls, schema: FormSchema, record: dict, raw: RawForm | None, settings: ValidationSettings,
              today: dt.date) -> Context:
        ctx = cls(schema, record, settings, today, raw)
        if raw is not None:
            for slot, rv in slots(schema, raw):
                if rv.location:
                    ctx.locations.setdefault(slot, rv.location)
                if rv.text is not None and rv.text.strip():
                    ctx.texts.setdefault(slot, rv.text.strip())
            ctx.unreadable = unreadable_slots(schema, raw, record)
        return ctx

    @property
    def years(self) -> dict:
        years = self.record.get("years")
        return years if isinstance(years, dict) else {}

    def label(self, fid: str) -> str:
        f = field_index(self.schema).get(fid)
        if f is not None:
            return display_label(f, self.years)
        rule = self.schema.cerberus.get(fid) or {}
        return (rule.get("meta") or {}).get("label", fid)

    def value(self, fid: str, row: int | None = None):
        """The record's value of a single field or of a group field in a 1-based row."""
        if row is None:
            return get_path(self.record, fid)
        group, _, name = fid.partition(".")
        rows = self.record.get(group)
        if isinstance(rows, list) and 0 < row <= len(rows) and isinstance(rows[row - 1], dict):
            return rows[row - 1].get(name)
        return None

    def num(self, fid: str, row: int | None = None) -> Decimal | None:
        return exact(self.value(fid, row))

    def date(self, fid: str) -> dt.date | None:
        v = self.value(fid)
        if isinstance(v, dt.date):
            return v
        try:
            return dt.date.fromisoformat(v) if isinstance(v, str) else None
        except ValueError:
            return None

    def shown(self, fid: str, row: int | None = None, value=None):
        """The value as typed when known, else the record's value written for a person."""
        if (fid, row) in self.texts:
            return self.texts[(fid, row)]
        v = self.value(fid, row) if value is None else value
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, int | float):
            return fmt(v)
        if isinstance(v, dict | list):
            return None  # a whole table or section: the message says what is wrong
        return v

    def issue(self, code: str, fid: str | None = None, row: int | None = None, *, value=None,
              label: str | None = None, **extra) -> Issue:
        shown = value if value is not None else (self.shown(fid, row) if fid else None)
        return issue_at_row(code, field=fid, row=row, label=label or (self.label(fid) if fid else None),
                            location=self.locations.get((fid, row)) if fid else None, value=shown, **extra)


def issue_at_row(code: str, *, row: int | None = None, **kw) -> Issue:
    """make_issue, with `{row}` of the message template filled in too (make_issue leaves it out)."""
    issue = make_issue(code, row=row, **kw)
    if row is not None and "{row}" in CATALOGUE[code][1]:
        values = {"label": kw.get("label") or kw.get("field") or "", "value": kw.get("value", ""), "row": row, **kw}
        try:
            issue.message = CATALOGUE[code][1].format(**values)
        except (KeyError, IndexError):
            pass
    return issue
