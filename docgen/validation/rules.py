"""docgen's Cerberus validator: the custom rules our schemas use.

Schemas are checked against this class when loaded, so a schema naming an unknown rule fails at load.
Rules: `gt` (strictly greater, for "> 0"), coercion `to_date`, and `check_with` names `uscc`, `county`,
`not_future`. Messages are mapped to Chinese by the validation layer's error handler.
"""

from __future__ import annotations

import datetime as dt
import re

from cerberus import Validator

_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?\s*$")


def parse_date(value):
    """A date from 2026-03-15, 2026/3/15, 2026年3月15日, a date or datetime; else the value unchanged."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = _DATE_RE.match(value)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                return value
    return value


class DocgenValidator(Validator):
    """Cerberus validator with the rules docgen's schemas use."""

    today: dt.date | None = None  # fixed "today" for tests; None → the real date

    def _validate_gt(self, constraint, field, value):
        """Strictly greater than the constraint ("高于", "> 0").

        The rule's arguments are validated against this schema:
        {'type': 'number'}
        """
        if isinstance(value, int | float) and not isinstance(value, bool) and not value > constraint:
            self._error(field, f"must be greater than {constraint}")

    def _normalize_coerce_to_date(self, value):
        return parse_date(value)

    def _check_with_uscc(self, field, value):
        from stdnum.cn import uscc
        from stdnum.exceptions import ValidationError

        if not isinstance(value, str):
            return
        try:
            uscc.validate(value)
        except ValidationError as exc:
            self._error(field, f"uscc:{type(exc).__name__}")

    def _check_with_county(self, field, value):
        from docgen.divisions import city_for

        if isinstance(value, str) and city_for(value) is None:
            self._error(field, "county:unknown")

    def _check_with_not_future(self, field, value):
        today = self.today or dt.date.today()
        if isinstance(value, dt.date) and value > today:
            self._error(field, "date:future")
