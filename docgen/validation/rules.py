"""docgen's Cerberus validator: the custom rules our schemas use.

Schemas are checked against this class when loaded, so a schema naming an unknown rule fails at load.
Rules: `gt` (strictly greater, for "> 0"), coercion `to_date`, and `check_with` names `uscc`, `county`,
`not_future`. Messages are mapped to Chinese by the validation layer's error handler.
"""

from __future__ import annotations

import datetime as dt

from cerberus import Validator

from docgen.typed import parse_date


def to_date(value):
    """The schemas' `coerce: to_date`: a date for a date or a date as people type it; anything else
    unchanged, so Cerberus reports it as "not a date"."""
    if isinstance(value, dt.date):
        return parse_date(None, value)
    if isinstance(value, str):
        return parse_date(value) or value
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
        return to_date(value)

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
