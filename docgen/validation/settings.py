"""Validation settings: the configurable dates and limits of the checks, one dataclass.

The defaults are the programme's (schemas/programme.yaml, `docgen.catalogue.programme()`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from docgen.catalogue import programme
from docgen.errors import ConfigError


@dataclass(frozen=True)
class ValidationSettings:
    # The annual table for year Y is due by this day of Y+1 (Art. 18; one Shaanxi notice says 3月30日).
    annual_deadline_month: int = field(default_factory=lambda: programme().annual_deadline[0])
    annual_deadline_day: int = field(default_factory=lambda: programme().annual_deadline[1])
    # A major change must be reported within this many days of it happening (Art. 19(四)).
    change_report_days: int = field(default_factory=lambda: programme().change_report_days)
    # Policy judged against when none is named.
    policy: str = field(default_factory=lambda: programme().default_policy)
    # Declared vs computed output growth may differ by this many percentage points.
    growth_tolerance_pp: str = "0.5"
    # An enterprise title recognised more than this many years before the application year is flagged.
    title_recent_years: int = field(default_factory=lambda: programme().title_recent_years)

    def __post_init__(self):
        try:
            dt.date(2001, self.annual_deadline_month, self.annual_deadline_day)
        except (TypeError, ValueError):
            raise ConfigError(
                f"年报截止日期设置无效：{self.annual_deadline_month}月{self.annual_deadline_day}日") from None
        if not isinstance(self.change_report_days, int) or self.change_report_days < 0:
            raise ConfigError(f"变动报备期限设置无效：{self.change_report_days}（应为不小于 0 的天数）")
        try:
            ok = Decimal(str(self.growth_tolerance_pp)) >= 0
        except ArithmeticError:
            ok = False
        if not ok:
            raise ConfigError(f"增速容差设置无效：{self.growth_tolerance_pp}（应为不小于 0 的百分点数）")
        if not isinstance(self.title_recent_years, int) or self.title_recent_years < 0:
            raise ConfigError(f"企业称号年限设置无效：{self.title_recent_years}")

    def annual_deadline(self, report_year: int) -> dt.date:
        return dt.date(report_year + 1, self.annual_deadline_month, self.annual_deadline_day)


DEFAULT_SETTINGS = ValidationSettings()
