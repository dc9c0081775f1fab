"""Whatever a record holds — a hand-made JSON, a half-read file — validation answers with issues from
the catalogue and never raises."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.catalogue import form_ids
from docgen.issues import CATALOGUE
from docgen.schema import load_form

from .conftest import raw_form, valid_record, validate, validate_raw

JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=30),
                 st.floats(allow_nan=True, allow_infinity=True), st.just([]), st.just({}), st.just([{}]),
                 st.sampled_from(["是", "否", "2026-02-30", "output_total", "七十", "1,234", "３．５亿元"]))


def leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, path + (i,))
    yield path


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form=st.sampled_from(form_ids()), data=st.data())
def test_any_damaged_record_gets_issues_not_an_exception(form, data):
    record = copy.deepcopy(valid_record(form))
    paths = [p for p in leaves(record) if p]
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        node = record
        try:
            for p in path[:-1]:
                node = node[p]
            node[path[-1]] = data.draw(JUNK)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced a parent
    result = validate(form, record)
    assert all(i.code in CATALOGUE for i in result.issues)
    # every message template got its values (a fallback to the raw template would show "{…}")
    assert all(i.message != CATALOGUE[i.code][1] or "{" not in i.message for i in result.issues)
    if form == "application":
        assert len(result.criteria) == 21


TEXT = st.one_of(st.none(), st.text(max_size=20),
                 st.text(alphabet="０１２３４５６７８９．，％—－零〇一二两三四五六七八九十百千万亿点负年月日元%.,- 1234567890",
                         max_size=12))
NATIVE = st.one_of(st.none(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=True),
                   st.booleans(), st.dates())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form=st.sampled_from(form_ids()), data=st.data())
def test_anything_typed_into_any_slot_is_read_or_reported(form, data):
    raw = raw_form(form, valid_record(form))
    for _ in range(data.draw(st.integers(1, 5))):
        slot = data.draw(st.sampled_from(raw.values))
        slot.text, slot.native = data.draw(TEXT), data.draw(NATIVE)
    record, issues, result = validate_raw(form, raw)
    assert all(i.code in CATALOGUE for i in issues + result.issues)
    for slot in raw.values:  # every slot that held something is in the record or has an issue
        if slot.text and slot.text.strip() and slot.field.split(".")[0] not in {g.id for g in load_form(form).groups}:
            head, _, tail = slot.field.partition(".")
            value = record.get(head, {}).get(tail) if tail else record.get(head)
            assert value is not None or any(i.field == slot.field for i in issues), slot
