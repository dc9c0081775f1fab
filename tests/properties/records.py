"""Hypothesis strategies for records of any form, read off the schema (never a restated field list).

Values are what a person types and a record holds: CJK text with rare characters (𠀀 from Extension B,
鿏 from the end of the URO block), long multi-line narratives, boundary numbers (a rule's min, max, a
hair above a `gt`), integers, dates up to today, 是/否, every choice, and repeating groups with 0, a few,
exactly the form's rows or (Word) more rows than the form has. Each single field is valid under its own
rule; cross-field rules (sums, ranks) are not the concern of a round trip.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st
from stdnum.cn import uscc as _uscc

from docgen.divisions import all_counties, city_for, counties_by_city
from docgen.schema import Field, FormSchema, Group

RARE = "𠀀𠀁𪚥𬌗鿏鿐〇㐀䶵"  # Extension B/C/E, the newest URO characters, Extension A
PUNCT = "，。、；：“”‘’（）《》〔〕—…·！？&<>\"'#%*/_-+@"
ASCII = "ABCXYZabcxyz0123456789"
COMMON = "陕西省中小企业特色产业集群申报书发展规划年度信息重大变动推荐复核装备制造新材料数字化绿色开放合作"
TODAY = dt.date.today()
MAX_TEXT = 60  # single-line text that is not otherwise bounded
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

_char = st.one_of(
    st.sampled_from(COMMON),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(RARE),
    st.sampled_from(PUNCT + ASCII),
)
_word = st.text(alphabet=_char, min_size=1, max_size=12)


def _no_prompt(text: str) -> str:
    """Text a person could type that is not a form's prompt: a value holding "请填写" or Word's own
    "单击此处输入文字。" is read as the prompt left behind, by design (issue 10), not as typed text;
    such a draw loses the prompt's first character."""
    from docgen.formats.docx_controls import WORD_PROMPTS

    prompts = ("请填写", "请选择", *WORD_PROMPTS)
    while any(p in text for p in prompts):
        for p in prompts:
            text = text.replace(p, p[1:])
    return text


@st.composite
def line(draw, min_len: int = 1, max_len: int = MAX_TEXT) -> str:
    """One line: words joined by single spaces, no space at either end, within the length rule."""
    words = draw(st.lists(_word, min_size=1, max_size=8))
    text = " ".join(words)[:max_len].strip()
    while len(text) < min_len:
        text += draw(st.sampled_from(COMMON + RARE))
    return _no_prompt(text)


@st.composite
def narrative(draw, min_len: int = 20) -> str:
    """Paragraphs separated by newlines; sometimes very long (a person pastes a report)."""
    size = draw(st.sampled_from([1, 2, 5, 40]))
    paras = draw(st.lists(line(1, 200), min_size=1, max_size=size))
    text = "\n".join(paras)
    if draw(st.booleans()):
        text += "\n" + "集群" * draw(st.integers(100, 1500))  # 200–3000 characters more
    while len(text) < min_len:
        text += draw(st.sampled_from(COMMON + RARE))
    return _no_prompt(text)


@st.composite
def uscc(draw) -> str:
    body = "9" + draw(st.sampled_from("123")) + draw(st.sampled_from(["610000", "610102", "610403", "611002"]))
    body += "".join(draw(st.lists(st.sampled_from(_USCC_ALPHABET), min_size=9, max_size=9)))
    return body + _uscc.calc_check_digit(body)


phone = st.one_of(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.from_regex(r"0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}", fullmatch=True),
)


def _bounds(f: Field, default_hi) -> tuple:
    r = f.rule
    lo = r.get("min")
    if lo is None and "gt" in r:
        lo = Decimal(str(r["gt"])) + Decimal("0.0001")
    hi = r.get("max", default_hi)
    return lo, hi


def number(f: Field):
    """A decimal as a person types it (≤ 4 places), as the float a record holds; boundaries often."""
    lo, hi = _bounds(f, Decimal("1e9"))
    lo = Decimal(str(lo)) if lo is not None else Decimal("-1e6")
    hi = Decimal(str(hi))
    edges = [lo, hi, lo + Decimal("0.01"), Decimal(0) if lo <= 0 <= hi else lo, Decimal("99.99") if hi >= 100 else hi]
    typed = st.one_of(
        st.sampled_from(edges),
        st.sampled_from([0, 1, 2, 4]).flatmap(
            lambda p: st.decimals(min_value=lo, max_value=hi, places=p, allow_nan=False, allow_infinity=False)),
        st.decimals(min_value=lo, max_value=min(hi, Decimal(1000)), places=4, allow_nan=False, allow_infinity=False),
    )
    return typed.map(lambda d: int(d) if d == d.to_integral_value() else float(d))


def integer(f: Field, year: int):
    lo, hi = _bounds(f, 10**7)
    if f.name == "year":  # a title's year of recognition: 2000 … the application year
        hi = min(hi, year)
    lo = int(lo) if lo is not None else 0
    hi = int(hi)
    return st.one_of(st.sampled_from([lo, hi]), st.integers(lo, hi))


def date() -> st.SearchStrategy[str]:
    return st.dates(dt.date(2000, 1, 1), TODAY).map(dt.date.isoformat)


def value(f: Field, year: int):
    """A strategy for one field's value (None allowed for optional fields)."""
    w = f.widget
    if f.name == "uscc":
        s = uscc()
    elif f.name == "contact_phone":
        s = phone
    elif f.name == "county":
        s = st.sampled_from(all_counties())
    elif w == "longtext":
        s = narrative(int(f.rule.get("minlength", 1)))
    elif w == "text":
        s = line(int(f.rule.get("minlength", 1)), int(f.rule.get("maxlength", MAX_TEXT)))
    elif w == "number":
        s = number(f)
    elif w == "integer":
        s = integer(f, year)
    elif w == "date":
        s = date()
    elif w == "yesno":
        allowed = f.rule.get("allowed")
        s = st.sampled_from(allowed) if allowed else st.booleans()
    elif w == "choice":
        s = st.sampled_from(f.choices)
    else:  # pragma: no cover — the schema loader refuses other widgets
        raise AssertionError(w)
    return s if f.required else st.one_of(st.none(), s)


def _set(record: dict, dotted: str, v) -> None:
    head, _, tail = dotted.partition(".")
    if tail:
        record.setdefault(head, {})[tail] = v
    else:
        record[head] = v


def row_counts(group: Group, fmt: str):
    """0, a few, exactly the form's rows, or (Word, which lets a person add rows) more. Blank rows may
    then be put between them (`record`)."""
    cap = int(group.rows.get(fmt) or (30 if fmt == "xlsx" else 10))
    options = [st.just(0), st.integers(1, 3), st.just(cap)]
    if fmt == "docx":
        options.append(st.integers(cap + 1, cap + 3))
    return st.one_of(*options)


@st.composite
def record(draw, schema: FormSchema, year: int) -> dict:
    """A record of `schema` (application year / report year `year` where the form has one)."""
    rec: dict = {}
    for f in schema.fields:
        v = draw(value(f, year))
        if v is not None:
            _set(rec, f.id, v)
    if "county" in rec:
        rec["city"] = city_for(rec["county"])
    for g in schema.groups:
        n = draw(row_counts(g, schema.format))
        rows = []
        for i in range(n):
            row = {}
            for f in g.fields:
                if f.name == "rank":
                    row["rank"] = i + 1
                    continue
                if f.name == "county" and "city" in rec:
                    v = draw(st.sampled_from(counties_by_city()[rec["city"]]))
                else:
                    v = draw(value(f, year))
                if v is not None:
                    row[f.name] = v
            rows.append(row)
        # Blank rows between filled ones (a person skipped a row, or cleared one): dropped when read.
        cap = int(g.rows.get(schema.format) or 30) if schema.format == "xlsx" else 10**6
        for _ in range(min(draw(st.sampled_from([0, 0, 1, 3])), cap - len(rows))):
            rows.insert(draw(st.integers(0, len(rows))), None)
        rec[g.id] = rows
    return rec
