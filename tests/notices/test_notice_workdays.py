"""The publicity period counts State Council working days, adjusted weekends included."""

from __future__ import annotations

import json
from datetime import date

import chinese_calendar
import pytest

from docgen.errors import InputError
from docgen.notices.workdays import CalendarFallbackWarning, WorkCalendar


def test_national_day_2026_as_chinesecalendar_has_it():
    # 10月1日–7日 off; Saturday 10月10日 is an adjusted working day (checked against the data below).
    assert [chinese_calendar.is_workday(date(2026, 10, d)) for d in range(1, 8)] == [False] * 7
    assert chinese_calendar.is_workday(date(2026, 10, 10)) is True
    assert chinese_calendar.is_workday(date(2026, 10, 11)) is False


def test_five_days_from_29_september_end_on_the_adjusted_saturday_10_october():
    # 9/29, 9/30, (holiday 10/1–10/7), 10/8, 10/9, 10/10 (调休上班)
    assert WorkCalendar().period(date(2026, 9, 29)) == (date(2026, 9, 29), date(2026, 10, 10))


def test_start_in_the_holiday_moves_to_the_next_working_day():
    # 10/8, 10/9, 10/10, (Sun 10/11 off), 10/12, 10/13
    assert WorkCalendar().period(date(2026, 10, 3)) == (date(2026, 10, 8), date(2026, 10, 13))


def test_number_of_days_is_configurable():
    assert WorkCalendar().period(date(2026, 3, 5), days=7) == (date(2026, 3, 5), date(2026, 3, 13))
    with pytest.raises(InputError):
        WorkCalendar().period(date(2026, 3, 5), days=0)


def test_beyond_the_calendar_data_falls_back_to_monday_friday_with_a_warning():
    with pytest.warns(CalendarFallbackWarning, match="2031年"):
        # Mon 2031-09-29 … Fri 10-03: no holiday known, so five plain weekdays.
        assert WorkCalendar().period(date(2031, 9, 29)) == (date(2031, 9, 29), date(2031, 10, 3))


def test_a_holiday_file_covers_later_years_without_warning(tmp_path, recwarn):
    path = tmp_path / "2031.json"
    path.write_text(json.dumps({"holidays": [f"2031-10-0{d}" for d in range(1, 8)], "workdays": ["2031-10-11"]}))
    cal = WorkCalendar.from_file(path)
    # 9/29 Mon, 9/30 Tue, (10/1–7 off), 10/8 Wed, 10/9 Thu, 10/10 Fri
    assert cal.period(date(2031, 9, 29)) == (date(2031, 9, 29), date(2031, 10, 10))
    assert cal.is_workday(date(2031, 10, 11))  # the file's adjusted Saturday
    assert not [w for w in recwarn if issubclass(w.category, CalendarFallbackWarning)]


def test_a_broken_holiday_file_is_an_input_error(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"holidays": ["2031-13-01"]}')
    with pytest.raises(InputError, match="节假日文件"):
        WorkCalendar.from_file(path)
