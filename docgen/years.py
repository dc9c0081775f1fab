"""The calendar years behind a form's relative year keys (y1…y3, prev/cur, y0/t1…t3).

Both the generator (headings of a blank form) and normalisation (a file without manifest states its
own report year or plan start) need them, so they live below both. The rule itself is data: each
form's `years` in its schema's `form:` block, read by the catalogue.
"""

from __future__ import annotations

from docgen import catalogue
from docgen.schema import FormSchema


def years_for(schema: FormSchema, year: int | None) -> dict[str, int]:
    """The calendar years behind a form's relative year keys (its catalogue year rule;
    docs/data-dictionary.md, "Years"). {} for a form that shows no years."""
    rule = catalogue.year_rule(schema.id)
    return rule.years(year or None) if rule else {}
