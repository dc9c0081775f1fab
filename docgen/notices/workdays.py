"""Working days by the State Council schedule (holidays and adjusted working weekends).

chinesecalendar knows the schedule up to its data year and raises NotImplementedError beyond it.
A holiday file of the same shape ({"holidays": [...], "workdays": [...]}, ISO dates) extends or
overrides it; a year neither knows falls back to Monday–Friday with a CalendarFallbackWarning.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from docgen.errors import InputError

DEFAULT_PUBLICITY_DAYS = 5


class CalendarFallbackWarning(UserWarning):
    """A date outside every known holiday schedule was counted as Monday–Friday."""


class WorkCalendar:
    def __init__(self, holidays: Iterable[date] = (), workdays: Iterable[date] = ()):
        self.holidays = set(holidays)
        self.workdays = set(workdays)
        self.file_years = {d.year for d in self.holidays | self.workdays}
        self._warned: set[int] = set()

    @classmethod
    def from_file(cls, path: Path | None) -> WorkCalendar:
        if path is None:
            return cls()
        path = Path(path)
        try:
            payload = json.loads(path.read_text(encoding="utf-8-sig"))
            holidays = [date.fromisoformat(s) for s in payload.get("holidays", [])]
            workdays = [date.fromisoformat(s) for s in payload.get("workdays", [])]
        except (OSError, ValueError, AttributeError, TypeError) as exc:
            raise InputError(
                f"节假日文件 {path.name} 无法读取（{exc}）。格式应为 "
                '{"holidays": ["2031-01-01", …], "workdays": ["2031-02-08", …]}，日期写成 YYYY-MM-DD。'
            ) from exc
        return cls(holidays, workdays)

    def is_workday(self, day: date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        if day.year in self.file_years:  # the file covers this year: Mon–Fri outside its lists
            return day.weekday() < 5
        import chinese_calendar

        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year not in self._warned:
                self._warned.add(day.year)
                warnings.warn(
                    f"{day.year}年的法定节假日安排不在日历数据中，已按周一至周五计算工作日；"
                    "请用 --holidays 提供当年的节假日文件后核对公示期。",
                    CalendarFallbackWarning,
                    stacklevel=2,
                )
            return day.weekday() < 5

    def next_workday(self, day: date) -> date:
        """`day` if it is a working day, else the next one."""
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def period(self, start: date, days: int = DEFAULT_PUBLICITY_DAYS) -> tuple[date, date]:
        """(first, last) working day of a period of `days` working days beginning on or after `start`."""
        if days < 1:
            raise InputError(f"公示天数应至少为1个工作日，收到 {days}。")
        first = self.next_workday(start)
        last, counted = first, 1
        while counted < days:
            last += timedelta(days=1)
            if self.is_workday(last):
                counted += 1
        return first, last
