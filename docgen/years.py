"""The calendar years behind a form's relative year keys (y1…y3, prev/cur, y0/t1…t3).

Both the generator (headings of a blank form) and normalisation (a file without manifest states its
own report year or plan start) need them, so they live below both.
"""

from __future__ import annotations

import datetime as dt

from docgen.schema import FormSchema


def _this_year() -> int:
    return dt.date.today().year


def years_for(schema: FormSchema, year: int | None) -> dict[str, int]:
    """The calendar years behind a form's relative year keys (design/DATA-DICTIONARY.md, "Years")."""
    if schema.id == "application":
        y = year or _this_year()
        return {"y1": y - 3, "y2": y - 2, "y3": y - 1}
    if schema.id == "annual":
        y = year or _this_year() - 1
        return {"prev": y - 1, "cur": y}
    if schema.id == "plan":
        y = year or _this_year()
        return {"y0": y - 1, "t1": y, "t2": y + 1, "t3": y + 2}
    return {}
