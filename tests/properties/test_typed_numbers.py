"""Property: a number typed the ways people type it reads back as the same number.

DATA-DICTIONARY.md, "Values": full-width digits, thousands separators, surrounding spaces, a trailing
unit that matches the field's unit and Chinese numerals (三十) are normalised. Each example types a
few of a form's number fields in random styles into the generated form (Word and Excel), reads the
form back and compares the numbers.
"""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.numfmt import fmt
from docgen.schema import load_form

from . import records
from .roundtrip import fill, parse

_EXPLORE = int(os.environ.get("DOCGEN_EXPLORE", "0"))
BOUNDED = settings(max_examples=_EXPLORE or 25, deadline=None, derandomize=not _EXPLORE,
                   suppress_health_check=[HealthCheck.too_slow])
_FULL = str.maketrans("0123456789.,-%", "０１２３４５６７８９．，－％")
_CN = "零一二三四五六七八九"


def chinese(n: int) -> str | None:
    """0–99 in Chinese numerals as people write them (十, 二十三)."""
    if not 0 <= n <= 99:
        return None
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _CN[ones]
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def styles(f, value) -> list[str]:
    """Every way of typing `value` in field `f` that the dictionary says must read as `value`."""
    plain = fmt(Decimal(str(value)))
    out = [plain, f"  {plain} ", plain.translate(_FULL)]
    whole, dot, frac = plain.lstrip("-").partition(".")
    if len(whole) > 3:
        out.append(("-" if plain.startswith("-") else "") + f"{int(whole):,}" + dot + frac)
    if f.unit:
        out.append(plain + f.unit)
    if f.widget == "integer" and (cn := chinese(int(value))):
        out.append(cn)
    return out


NUMBER_FORMS = ["application", "annual"]


@pytest.mark.parametrize("form", NUMBER_FORMS)
@BOUNDED
@given(data=st.data())
def test_numbers_typed_in_any_accepted_style_read_back_as_the_number(form, blanks, data):
    schema = load_form(form)
    year = 2026
    candidates = [f for f in schema.fields if f.widget in ("number", "integer")]
    chosen = data.draw(st.lists(st.sampled_from(candidates), min_size=1, max_size=8, unique_by=lambda f: f.id))
    typed, want = {}, {}
    for f in chosen:
        value = data.draw(records.value(f, year).filter(lambda v: v is not None), label=f.id)
        text = data.draw(st.sampled_from(styles(f, value)), label=f"{f.id} typed")
        records._set(typed, f.id, text)
        want[f.id] = value
    with tempfile.TemporaryDirectory() as tmp:
        out = fill(blanks[form], typed, Path(tmp) / f"typed.{schema.format}")
        _raw, got, issues = parse(out, form)
    bad = [i for i in issues if i.field in want and i.severity == "error"]
    assert bad == []
    for fid, value in want.items():
        head, _, tail = fid.partition(".")
        read = got.get(head, {}).get(tail) if tail else got.get(head)
        assert read == value, (fid, typed.get(head) if not tail else typed[head][tail], read)
