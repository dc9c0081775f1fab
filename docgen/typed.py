"""Numbers, dates, yes/no and choices as people type them into a form: the exact value, or why not.

Full-width characters, thousands separators, units, percent signs, Chinese numerals and dates are
read as DATA-DICTIONARY.md says. Numbers are parsed as `Decimal`; `exact()` gives back the exact
decimal behind a record's int/float (a float's shortest repr is the decimal that was typed, for
anything up to 15 significant digits).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache

from docgen.errors import InputError
from docgen.schema import NO, YES, Field

# --- numbers --------------------------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_ARABIC = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−－"})

# Unit families: factor of each spelling relative to the family's base. A value in another unit of the
# field's family is converted (with a warning); a unit of another family is an error.
_UNITS: dict[str, tuple[str, Decimal]] = {}
for _family, _spellings in {
    "money": {"元": "1", "千元": "1e3", "万元": "1e4", "百万元": "1e6", "千万元": "1e7", "亿元": "1e8", "万亿元": "1e12"},
    "area": {"平方公里": "1", "平方千米": "1", "km2": "1", "km²": "1", "公顷": "0.01", "平方米": "1e-6", "m2": "1e-6",
             "m²": "1e-6"},
    "people": {"人": "1", "千人": "1e3", "万人": "1e4"},
    "percent": {"%": "1"},
    "co2": {"吨/万元": "1", "t/万元": "1"},
}.items():
    for _spelling, _factor in _spellings.items():
        _UNITS[_spelling] = (_family, Decimal(_factor))
# Bare multipliers: in a money field "3500万" means 万元; elsewhere they are plain numerals.
_MULTIPLIERS = {"千": Decimal(1000), "万": Decimal(10_000), "亿": Decimal(100_000_000)}
_SUFFIXES = sorted({*_UNITS, *_MULTIPLIERS, "家", "件", "项", "个", "年"}, key=len, reverse=True)


class NumberError(ValueError):
    """Why a text is not a number of the field: `code` is the issue code (type_number, unit_mismatch)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def clean_text(text: str) -> str:
    """Full-width → ASCII (NFKC), every kind of space removed, dashes unified."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return "".join(text.split())


def _cn_int(s: str) -> int | None:
    if not s:
        return None
    if len(s) > 1 and all(c in _CN_DIGITS for c in s):  # 二〇二六: digit by digit
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    total = section = number = 0
    for c in s:
        if c in _CN_DIGITS:
            number = _CN_DIGITS[c]
        elif c in _CN_SMALL:
            section += (number or 1) * _CN_SMALL[c]
            number = 0
        elif c == "万":
            section = (section + number) * 10_000
            number = 0
        elif c == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
        else:
            return None
    return total + section + number


def _cn_number(s: str) -> Decimal | None:
    """三十 → 30, 一百二十 → 120, 三点五 → 3.5, 负五 → -5."""
    sign = 1
    if s.startswith("负"):
        sign, s = -1, s[1:]
    whole, _, frac = s.partition("点")
    if whole and whole[-1] in _CN_BIG and frac:  # 三点五亿 is handled as a unit, not here
        return None
    n = _cn_int(whole) if whole else 0
    if n is None or (not whole and not frac):
        return None
    if frac:
        if not all(c in _CN_DIGITS for c in frac):
            return None
        return sign * Decimal(f"{n}.{''.join(str(_CN_DIGITS[c]) for c in frac)}")
    return Decimal(sign * n)


def _plain_number(s: str) -> Decimal | None:
    if _THOUSANDS.fullmatch(s):
        s = s.replace(",", "")
    if _ARABIC.fullmatch(s):
        try:
            return Decimal(s)
        except InvalidOperation:
            return None
    return _cn_number(s)


def parse_number(text: str, unit: str | None) -> tuple[Decimal, str | None]:
    """The exact value of `text` in `unit`, and the unit it was converted from (None if none).

    Raises NumberError("field.type_number") when it is not a number, ("field.unit_mismatch") when it
    carries a unit that cannot be converted to the field's.
    """
    s = clean_text(text)
    if s.startswith("百分之"):
        s = s[3:] + "%"
    value = _plain_number(s)
    if value is not None:
        return value, None
    for suffix in _SUFFIXES:
        if not s.endswith(suffix) or len(s) == len(suffix):
            continue
        value = _plain_number(s[: -len(suffix)])
        if value is None:
            continue
        return _apply_unit(value, suffix, unit)
    raise NumberError("field.type_number")


def _apply_unit(value: Decimal, suffix: str, unit: str | None) -> tuple[Decimal, str | None]:
    if unit is not None and clean_text(unit) == suffix:
        return value, None
    field_unit = _UNITS.get(clean_text(unit)) if unit else None
    if suffix in _MULTIPLIERS:
        if field_unit and field_unit[0] == "money":
            suffix += "元"  # 3500万 in a money field is 3500万元
        else:
            return value * _MULTIPLIERS[suffix], suffix
    given = _UNITS.get(suffix)
    if given and field_unit and given[0] == field_unit[0]:
        if given[1] == field_unit[1]:
            return value, None  # the field's own unit, spelt differently (亿 for 亿元, km2 for 平方公里)
        return value * given[1] / field_unit[1], suffix
    if given is None and field_unit is None and suffix in {"家", "件", "项", "个", "年"}:
        return value, None  # a count's own word (the field states no unit, or it is a year)
    raise NumberError("field.unit_mismatch")


def exact(value) -> Decimal | None:
    """The exact decimal behind a record's number (None for blanks, booleans and text)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value)) if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return value
    return None


# --- dates, yes/no, choices -----------------------------------------------------------------------

_DATE_ISH = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_MIXED = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})[日号]?")  # 2026年3-15, 2026-3月15日
_DATE_CN = re.compile(r"(.+?)年(.+?)月(.+?)[日号]?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(text: str | None, native=None) -> dt.date | None:
    """2026-03-15, 2026/3/15, 2026.3.15, 2026年3月15日, 二〇二六年三月十五日, 20260315, with or without a
    time; a date cell or Excel serial (`native`). None when it is no date: the caller says why."""
    if isinstance(native, dt.datetime):
        return native.date()
    if isinstance(native, dt.date):
        return native
    if isinstance(native, int | float) and not isinstance(native, bool) and 1 <= native < 200_000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(native))
    if not text:
        return None
    s = clean_text(text)
    parts = None
    if m := _DATE_ISH.fullmatch(s) or _DATE_MIXED.fullmatch(s):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif re.fullmatch(r"\d{8}", s):
        parts = (int(s[:4]), int(s[4:6]), int(s[6:]))
    elif m := _DATE_CN.fullmatch(s):
        nums = [int(p) if p.isdigit() else _cn_int(p) for p in m.groups()]
        if None not in nums:
            parts = tuple(nums)
    if parts is None:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def require_date(text: str, what: str = "日期") -> dt.date:
    """A date given on the command line or in a list; InputError naming `what` and the value otherwise."""
    day = parse_date(str(text))
    if day is None:
        raise InputError(f"{what}「{text}」不是有效日期，请写成 YYYY-MM-DD，例如 2026-03-05。")
    return day


_TRUE = {YES, "Y", "YES", "TRUE", "1", "√", "✓", "✔", "☑"}
_FALSE = {NO, "N", "NO", "FALSE", "0", "×", "✗", "✘", "☐"}


def parse_yesno(text: str | None, native=None) -> bool | None:
    if isinstance(native, bool):
        return native
    if not text:
        return None
    s = clean_text(text).upper()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    return None


_QUOTES = str.maketrans({c: '"' for c in "“”„‟＂「」『』〝〞'‘’"})


def _choice_key(text: str) -> str:
    return clean_text(text).translate(_QUOTES)


@cache
def _choice_lookup(choices: tuple[tuple[str, str], ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for option, label in choices:
        out[_choice_key(option)] = option
        out[_choice_key(label)] = option
    return out


def parse_choice(f: Field, text: str) -> str | None:
    """The stored value of a choice: the option id (indicators accept label or id), else the option text."""
    pairs = tuple((c, f.choice_labels.get(c, c)) for c in f.choices)
    return _choice_lookup(pairs).get(_choice_key(text))
