"""Dates as people type them: every spelling that any of docgen's date readers accepts.

Three readers once had their own parser — the record (a slot of a form), the schemas' `coerce: to_date`
and the command line (`--date` of notices and the registry); now `docgen.typed.parse_date` serves all
three. Each list below is what one of the old parsers accepted; the rejections are what none accepted.
"""

from __future__ import annotations

import datetime as dt

import pytest

from docgen.errors import InputError
from docgen.typed import parse_date, require_date
from docgen.validation.rules import to_date

D = dt.date(2026, 3, 15)

SLOT_SPELLINGS = [
    "2026-03-15", "2026-3-15", "2026/3/15", "2026.3.15", "2026.03.15",
    "2026-03-15T10:30", "2026-03-15 10:30", "2026-03-15 10:30:00", "2026-03-15T10:30:00.250",
    "20260315",
    "2026年3月15日", "2026年03月15日", "2026年3月15号", "2026年3月15",
    "二〇二六年三月十五日", "二零二六年三月十五日", "2026年三月十五日",
    "２０２６－０３－１５", "２０２６年３月１５日", " 2026 - 3 - 15 ", "2026 年 3 月 15 日", "2026—3—15",
    "2026－3－15", "2026/03/15\u3000",
]
COERCE_SPELLINGS = [
    "2026-03-15", "2026/3/15", "2026.3.15", "2026年3月15日", "2026年3月15", " 2026 年 3 月 15 日 ",
    "2026年3-15", "2026-3月15日", "2026/3.15", "2026.3月15", "２０２６-3-15",
]
OPTION_SPELLINGS = [
    "2026-03-15", "2026-3-15", "2026/3/15", "2026年3月15日", "2026年3月15", " 2026-3-15 ", "2026年3/15",
    "2026-3月15日", "2026/3月15",
]
# Not dates for any reader: impossible days, day-first order, words, a bare year or month.
NOT_DATES = ["2026-02-30", "2026-13-01", "2026-00-10", "15/3/2026", "5/3/2026", "明天", "2026", "2026-03",
             "2026年3月", "20261315", "abc"]


@pytest.mark.parametrize("text", sorted({*SLOT_SPELLINGS, *COERCE_SPELLINGS, *OPTION_SPELLINGS}))
def test_one_parser_reads_every_spelling_any_reader_took(text):
    assert parse_date(text) == D
    assert to_date(text) == D
    assert require_date(text) == D


def test_a_slot_takes_the_cells_own_date_or_excel_serial():
    assert parse_date(None, dt.datetime(2026, 3, 15, 9, 30)) == D
    assert parse_date("ignored", D) == D
    assert parse_date(None, 46096) == D and parse_date(None, 46096.75) == D  # Excel's serial of 2026-03-15
    assert parse_date(None, True) is None  # a yes/no cell is no serial
    assert parse_date(None, None) is None and parse_date("") is None


def test_the_coercion_passes_dates_through_and_leaves_the_rest_for_cerberus():
    assert to_date(dt.datetime(2026, 3, 15, 9, 30)) == D and to_date(D) == D
    for value in ("2026-02-30", "明天", 46096, None, 3.5):
        assert to_date(value) == value  # unchanged: Cerberus then reports "not a date"


@pytest.mark.parametrize("text", NOT_DATES)
def test_no_reader_takes_what_is_not_a_date(text):
    assert parse_date(text) is None
    assert to_date(text) == text
    with pytest.raises(InputError) as err:
        require_date(text, "成文日期 --date")
    assert str(err.value) == f"成文日期 --date「{text}」不是有效日期，请写成 YYYY-MM-DD，例如 2026-03-05。"


def test_a_command_line_date_names_the_option_or_says_date():
    with pytest.raises(InputError, match="^日期「2026-02-30」不是有效日期"):
        require_date("2026-02-30")
