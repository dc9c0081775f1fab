"""Normalisation: a reader's raw slot contents (`RawForm`) → the typed record of the data dictionary.

Dotted ids become nested dicts (`output_total.y1` → `{"output_total": {"y1": …}}`), repeating groups
lists of row dicts in document order. Values are normalised as DATA-DICTIONARY.md says (full-width
characters, thousands separators, units, percent signs, Chinese numerals and dates). Numbers are parsed
as `Decimal`; the record stores ints/floats, and `exact()` gives the criteria engine the exact decimal
back (a float's shortest repr is the decimal that was typed, for anything up to 15 significant digits).

A value that cannot be read is left out of the record and reported here, with the raw text and where
it is; validation then knows it was not blank (`unreadable_slots`) and does not call it missing.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation
from functools import cache

from docgen.formats.raw import RawForm, RawValue
from docgen.issues import Issue, make_issue
from docgen.schema import NO, YES, Field, FormSchema

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
_YEAR_FIELDS = {"year", "report_year", "recognition_year", "plan_start"}


class NumberError(ValueError):
    """Why a text is not a number of the field: `code` is the issue code (type_number, unit_mismatch)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _clean(text: str) -> str:
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
    s = _clean(text)
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
    if unit is not None and _clean(unit) == suffix:
        return value, None
    field_unit = _UNITS.get(_clean(unit)) if unit else None
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


# --- dates, yes/no, choices -----------------------------------------------------------------------

_DATE_ISH = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]?\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DATE_CN = re.compile(r"(.+?)年(.+?)月(.+?)[日号]?")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(text: str | None, native=None) -> dt.date | None:
    """2026-03-15, 2026/3/15, 2026年3月15日, 二〇二六年三月十五日, 20260315, a date cell or Excel serial."""
    if isinstance(native, dt.datetime):
        return native.date()
    if isinstance(native, dt.date):
        return native
    if isinstance(native, int | float) and not isinstance(native, bool) and 1 <= native < 200_000:
        return _EXCEL_EPOCH + dt.timedelta(days=int(native))
    if not text:
        return None
    s = _clean(text)
    parts = None
    if m := _DATE_ISH.fullmatch(s):
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


_TRUE = {YES, "Y", "YES", "TRUE", "1", "√", "✓", "✔", "☑"}
_FALSE = {NO, "N", "NO", "FALSE", "0", "×", "✗", "✘", "☐"}


def parse_yesno(text: str | None, native=None) -> bool | None:
    if isinstance(native, bool):
        return native
    if not text:
        return None
    s = _clean(text).upper()
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    return None


_QUOTES = str.maketrans({c: '"' for c in "“”„‟＂「」『』〝〞'‘’"})


def _choice_key(text: str) -> str:
    return _clean(text).translate(_QUOTES)


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
        text = _clean(text).upper()
    elif f.name == "contact_phone":
        text = re.sub(r"^\((0\d{2,3})\)", r"\1-", _clean(text))
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
    """The years of a file without manifest, where the form states them itself (report year, plan start)."""
    from docgen.generate import years_for

    anchor = {"annual": "report_year", "plan": "plan_start"}.get(schema.id)
    value = record.get(anchor) if anchor else None
    return years_for(schema, value) if isinstance(value, int) and not isinstance(value, bool) else {}


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
