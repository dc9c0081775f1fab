"""Numbers written for people and for the record: rounding, JSON numbers, the digits of a message."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from docgen.typed import exact


def round_to(value: Decimal, places: int = 2) -> Decimal:
    """Round half-even to `places` decimals; a value too large for that stays as it is."""
    try:
        return value.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:
        return value


def to_json_number(value: Decimal, integer: bool) -> int | float:
    """JSON number for the record: integral values as int, others as the nearest float."""
    if integer or value == value.to_integral_value():
        return int(value)
    return float(value)


def fmt(value: Decimal | int | float) -> str:
    """A number as a person writes it: no exponent, no trailing zeros."""
    d = value if isinstance(value, Decimal) else exact(value)
    if d is None:
        return str(value)
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
