"""The content of the 集群发展评估报告 (Art. 18) for one year, as plain data from the registry.

Per cluster and overall: indicator trends (every year the accepted annual tables cover), plan-target
completion (computed here, never trusted from the file: actual/target for `up` indicators,
target/actual for `down`, met at ≥ 100 %), Article 12 criteria that an annual table can still show
(thresholds, labels and articles read from the policy file), and filings on time, late or missing.
Arithmetic is exact (Fraction) where a threshold is compared; percentages are rounded only for display.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from docgen.registry.due import settings_from_db
from docgen.registry.loading import Bundle, load_bundles

# Indicators shown as trends, in this order (labels and units come from the schemas).
TREND_INDICATORS = ("output_total", "rd_sme", "invention_patents", "employees", "iip_rate", "co2_intensity")
# Article 12 criteria an annual table can speak to; the rest need the application or experts.
ANNUAL_CRITERIA = ("safety", "output_each_year", "sme_share", "leading_share", "patents_per_10k", "iip_rate",
                   "nonfossil_rising", "co2_falling")


def _num(value) -> Fraction | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        return None


def _compare(value: Fraction, op: str, threshold: Fraction) -> bool:
    return {">": value > threshold, ">=": value >= threshold, "<=": value <= threshold}[op]


def _pct(f: Fraction | None, digits: int = 1) -> float | None:
    return None if f is None else round(float(f * 100), digits)


def _pct_down(f: Fraction | None) -> float | None:
    """A completion rate for display, rounded down: 99.99 % must not print as a met 100.0 %."""
    return None if f is None else math.floor(f * 1000) / 10


@dataclass
class ClusterYear:
    cluster_id: str
    cluster_name: str
    city: str
    county: str
    leading_industry: str
    filing: str  # "on_time" | "late" | "missing" | "not_yet_due"
    fill_date: str | None = None
    series: dict[str, dict[int, float]] = field(default_factory=dict)  # indicator → year → value
    values: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)  # this year's table: (prev, cur)
    growth: dict[str, float | None] = field(default_factory=dict)  # indicator → % change prev→cur
    targets: list[dict] = field(default_factory=list)
    criteria: list[dict] = field(default_factory=list)

    @property
    def targets_met(self) -> tuple[int, int]:
        rated = [t for t in self.targets if t["met"] is not None]
        return sum(1 for t in rated if t["met"]), len(rated)

    @property
    def criteria_met(self) -> tuple[int, int]:
        return sum(1 for c in self.criteria if c["passed"]), len(self.criteria)


@dataclass
class Evaluation:
    year: int
    on: date
    deadline: date
    clusters: list[ClusterYear]
    totals: dict[str, dict[int, float]]  # indicator → year → sum over clusters that filed `year`
    indicators: dict[str, dict]  # id → {label, unit, direction}
    criteria_labels: dict[str, dict]  # id → {label, article, op, threshold, unit}
    policy: str

    def count(self, filing: str) -> int:
        return sum(1 for c in self.clusters if c.filing == filing)


def _policy_criteria(policy: str) -> dict[str, dict]:
    from docgen.schema import load_policy

    out = {}
    for c in load_policy(policy).get("criteria") or []:
        if c.get("id") in ANNUAL_CRITERIA:
            out[c["id"]] = c
    return out


def _criteria(data: dict, crit: dict[str, dict]) -> list[dict]:
    def cur(ind):
        return _num((data.get(ind) or {}).get("cur"))

    def prev(ind):
        return _num((data.get(ind) or {}).get("prev"))

    values: dict[str, tuple[bool | None, str]] = {}
    safety = data.get("safety") or {}
    values["safety"] = (not any(v is True for v in safety.values()), "均为否" if not any(
        v is True for v in safety.values()) else "有“是”")
    total = cur("output_total")
    for cid, num, den, scale in (("sme_share", cur("output_sme"), total, 100),
                                 ("leading_share", cur("output_leading"), total, 100),
                                 ("patents_per_10k", cur("invention_patents"), cur("employees"), 10000)):
        values[cid] = ((num / den * scale) if num is not None and den else None, "")
    values["output_each_year"] = (total, "")
    values["iip_rate"] = (cur("iip_rate"), "")
    nf, nf0 = cur("nonfossil_share"), prev("nonfossil_share")
    values["nonfossil_rising"] = (nf > nf0 if nf is not None and nf0 is not None else None, "")
    co, co0 = cur("co2_intensity"), prev("co2_intensity")
    values["co2_falling"] = (co < co0 if co is not None and co0 is not None else None, "")
    out = []
    for cid in ANNUAL_CRITERIA:
        spec = crit.get(cid)
        if spec is None:
            continue
        value, note = values[cid]
        if isinstance(value, Fraction):
            passed = _compare(value, spec["op"], Fraction(str(spec["threshold"])))
            shown = round(float(value), 2)
        else:
            passed = bool(value) if value is not None else False
            shown = note or None
        out.append({"id": cid, "label": spec.get("label", cid), "article": spec.get("article"), "passed": passed,
                    "value": shown, "unit": spec.get("unit", "") if isinstance(value, Fraction) else "",
                    "threshold": f"{spec['op']} {spec['threshold']}{spec.get('unit', '')}"
                    if "op" in spec else None})
    return out


def _targets(data: dict, indicators: dict[str, dict]) -> list[dict]:
    out = []
    for row in data.get("progress") or []:
        ind = row.get("indicator")
        target, actual = _num(row.get("target")), _num(row.get("actual"))
        direction = (indicators.get(ind) or {}).get("direction", "up")
        completion = None
        if target is not None and actual is not None:
            if direction == "down" and actual:
                completion = target / actual
            elif direction == "up" and target:
                completion = actual / target
        out.append({"indicator": ind, "label": (indicators.get(ind) or {}).get("label", ind),
                    "target": row.get("target"), "actual": row.get("actual"),
                    "completion": _pct_down(completion), "met": None if completion is None else completion >= 1})
    return out


def _series(b: Bundle) -> dict[str, dict[int, float]]:
    """Indicator → year → value, from every current filing (its `prev` and `cur`); a year's own table wins."""
    out: dict[str, dict[int, float]] = {}
    current = b.current_annual()
    for year in sorted(current):
        data = current[year].file.data or {}
        for ind in TREND_INDICATORS:
            vals = data.get(ind) or {}
            if vals.get("prev") is not None:
                out.setdefault(ind, {}).setdefault(year - 1, float(vals["prev"]))
            if vals.get("cur") is not None:
                out.setdefault(ind, {})[year] = float(vals["cur"])
    return out


def _in_scope(b: Bundle, year: int) -> bool:
    st = b.standing
    if st.recognition is None or st.recognition.published_on.year > year:
        return False
    return st.revocation is None or st.revocation.decided_on > date(year, 12, 31)


def evaluate(registry, year: int, on: date | None = None, policy: str | None = None) -> Evaluation:
    from docgen.catalogue import programme
    from docgen.schema import indicator_catalogue

    policy = policy or programme().default_policy
    on = on or date.today()
    indicators = indicator_catalogue()
    crit = _policy_criteria(policy)
    with registry.reading() as session:
        settings = settings_from_db(session)
        bundles = [b for b in load_bundles(session) if _in_scope(b, year)]
        deadline = settings.deadline(year)
        rows: list[ClusterYear] = []
        for b in bundles:
            filing = b.current_annual().get(year)
            row = ClusterYear(**b.identity(), filing="missing" if on > deadline else "not_yet_due")
            row.series = _series(b)
            if filing is not None:
                row.fill_date = filing.fill_date.isoformat() if filing.fill_date else None
                row.filing = "late" if filing.fill_date and filing.fill_date > deadline else "on_time"
                data = filing.file.data or {}
                row.targets = _targets(data, indicators)
                row.criteria = _criteria(data, crit)
                for ind in TREND_INDICATORS:
                    a, c = _num((data.get(ind) or {}).get("prev")), _num((data.get(ind) or {}).get("cur"))
                    row.values[ind] = (None if a is None else float(a), None if c is None else float(c))
                    row.growth[ind] = _pct((c - a) / a) if a and c is not None else None
            rows.append(row)
    # Year-on-year totals from this year's tables alone (their `prev` and `cur`), so both years cover
    # the same clusters and the figures each cluster reported together.
    totals: dict[str, dict[int, float]] = {}
    filed = [r for r in rows if r.filing in ("on_time", "late")]
    for ind in ("output_total", "rd_sme", "invention_patents", "employees"):
        for k, y in ((0, year - 1), (1, year)):
            vals = [r.values.get(ind, (None, None))[k] for r in filed]
            if vals and all(v is not None for v in vals):
                totals.setdefault(ind, {})[y] = round(sum(vals), 2)
    return Evaluation(year=year, on=on, deadline=deadline, clusters=rows, totals=totals, indicators=indicators,
                      criteria_labels=crit, policy=policy)
