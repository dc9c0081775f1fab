"""What is due on a date (docs/criteria.md "Time rules", Articles 17–19).

- Annual tables: the table for year Y is due by the configured day of Y+1 (programme.yaml: 3月31日); the first one owed is
  for the year of (the latest) recognition. Overdue = the deadline has passed and no accepted table for
  Y is recorded.
- Reviews: due at expiry (publication + 3 years, + 3 per passed review); listed from `horizon` days
  before expiry, and after it while no result is recorded.
- Revocation candidates (Art. 19): (一) expired without a passed review, or review failed; (三) an
  annual table overdue; (四) a major change reported more than the allowed days after it happened;
  (五) an incident declared in an annual table. (二) needs an investigation, not data: never listed.
Revoked clusters owe nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from docgen.catalogue import cities, programme
from docgen.errors import UsageError
from docgen.registry import models as m
from docgen.registry.loading import Bundle, load_bundles

REVIEW_HORIZON_DAYS = 90


@dataclass(frozen=True)
class DueSettings:
    # (month, day) of the year after the report year; days allowed to report a change: the programme's
    annual_deadline: tuple[int, int] = field(default_factory=lambda: programme().annual_deadline)
    change_days: int = field(default_factory=lambda: programme().change_report_days)
    review_horizon_days: int = REVIEW_HORIZON_DAYS

    def __post_init__(self):
        month, day = self.annual_deadline
        try:
            date(2001, month, day)  # a non-leap year: 2月29日 is no deadline
        except ValueError:
            raise UsageError(f"年度信息表截止日期 {month}月{day}日 无效。请写成 MM-DD，例如 {programme().deadline_mmdd}。") from None
        if self.change_days < 0 or self.review_horizon_days < 0:
            raise UsageError("天数不能为负数。")

    def deadline(self, report_year: int) -> date:
        return date(report_year + 1, *self.annual_deadline)


def parse_month_day(text: str) -> tuple[int, int]:
    import re

    mm = re.fullmatch(r"\s*(\d{1,2})[-/月](\d{1,2})日?\s*", str(text))
    if not mm:
        raise UsageError(f"截止日期「{text}」应写成 MM-DD，例如 {programme().deadline_mmdd}。")
    return int(mm[1]), int(mm[2])


def settings_from_db(session, **overrides) -> DueSettings:
    """Defaults, then the database's `settings` rows, then explicit overrides (CLI options)."""
    from sqlalchemy import select

    values: dict = {}
    for row in session.scalars(select(m.Setting)):
        if row.key == "annual_deadline":
            values["annual_deadline"] = parse_month_day(row.value)
        elif row.key in ("change_days", "review_horizon_days"):
            values[row.key] = int(row.value)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return DueSettings(**values)


def save_settings(registry, **values) -> DueSettings:
    """Store settings in the database (checked first); returns the settings now in force."""
    from sqlalchemy import select

    with registry.transaction() as session:
        merged = settings_from_db(session, **values)  # raises UsageError on a bad value
        stored = {"annual_deadline": f"{merged.annual_deadline[0]:02d}-{merged.annual_deadline[1]:02d}",
                  "change_days": str(merged.change_days), "review_horizon_days": str(merged.review_horizon_days)}
        for key, value in stored.items():
            if values.get(key) is None:
                continue
            row = session.scalar(select(m.Setting).where(m.Setting.key == key))
            if row is None:
                session.add(m.Setting(key=key, value=value))
            else:
                row.value = value
        return merged


def _sort_key(item: dict):
    order = cities()
    city = order.index(item["city"]) if item["city"] in order else len(order)
    return (city, item["cluster_id"], item.get("report_year") or 0, item.get("ground") or "")


def _annual_overdue(b: Bundle, on: date, s: DueSettings) -> list[dict]:
    rec = b.standing.recognition
    filed = b.current_annual()
    out = []
    year = rec.published_on.year
    while s.deadline(year) < on:
        if year not in filed:
            out.append({**b.identity(), "report_year": year, "due": s.deadline(year).isoformat()})
        year += 1
    return out


def _review_due(b: Bundle, on: date, s: DueSettings) -> dict | None:
    st = b.standing
    if st.last_decision is not None and st.last_decision.result == m.FAILED:
        return None  # answered: a revocation candidate (一), not a review to hold
    until = st.valid_until
    if until - on > timedelta(days=s.review_horizon_days):
        return None
    filed = [f.fill_date for f in b.review_filings
             if f.fill_date and f.fill_date >= until - timedelta(days=365)]
    return {**b.identity(), "due": until.isoformat(), "status": "expired" if until < on else "due",
            "filed": max(filed).isoformat() if filed else None}


def _candidates(b: Bundle, on: date, s: DueSettings, overdue: list[dict]) -> list[dict]:
    st = b.standing
    out = []
    if st.last_decision is not None and st.last_decision.result == m.FAILED:
        out.append({**b.identity(), "ground": "第十九条（一）",
                    "detail": f"{st.last_decision.decided_on.isoformat()} 复核未通过"})
    elif st.valid_until < on:
        out.append({**b.identity(), "ground": "第十九条（一）",
                    "detail": f"有效期于 {st.valid_until.isoformat()} 届满，未通过复核"})
    if overdue:
        years = "、".join(str(o["report_year"]) for o in overdue)
        out.append({**b.identity(), "ground": "第十九条（三）", "report_year": overdue[0]["report_year"],
                    "detail": f"未报送 {years} 年度集群年度培育情况信息表"})
    since = st.recognition.published_on
    for c in sorted(b.changes, key=lambda c: c.id):
        if c.change_date and c.fill_date and c.change_date >= since \
                and (c.fill_date - c.change_date).days > s.change_days:
            out.append({**b.identity(), "ground": "第十九条（四）",
                        "detail": f"重大变动发生于 {c.change_date.isoformat()}，{c.fill_date.isoformat()} 才报备，"
                                  f"超过 {s.change_days} 天"})
    for year, f in sorted(b.current_annual().items()):
        if f.incident and year >= since.year:
            out.append({**b.identity(), "ground": "第十九条（五）", "report_year": year,
                        "detail": f"{year} 年度信息表声明发生第十九条（五）所列事故或行为"})
    return out


def compute_due(bundles: list[Bundle], on: date, settings: DueSettings | None = None) -> dict:
    s = settings or DueSettings()
    annual, reviews, candidates = [], [], []
    for b in bundles:
        st = b.standing
        if st.state_on(on) in ("revoked", "not_recognised"):
            continue
        overdue = _annual_overdue(b, on, s)
        annual.extend(overdue)
        review = _review_due(b, on, s)
        if review is not None:
            reviews.append(review)
        candidates.extend(_candidates(b, on, s, overdue))
    return {"on": on.isoformat(), "annual_overdue": sorted(annual, key=_sort_key),
            "reviews_due": sorted(reviews, key=_sort_key),
            "revocation_candidates": sorted(candidates, key=_sort_key)}


def due_lists(registry, on: date, **overrides) -> dict:
    with registry.reading() as session:
        settings = settings_from_db(session, **overrides)
        return compute_due(load_bundles(session, with_files=False), on, settings)
