"""Checks across the forms of one cluster validated together: all warnings, never errors.

A cluster is matched by its normalised county and name. The plan's baselines are the year before its
start — the application's latest year (y3) — so they must agree; a review's third-year targets are
the plan's.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from decimal import Decimal

from docgen.issues import Issue, make_issue
from docgen.numfmt import fmt, round_to
from docgen.record import get_path
from docgen.schema import indicator_catalogue, load_form
from docgen.typed import exact

_QUOTES = str.maketrans({c: '"' for c in "“”„‟＂「」『』〝〞'‘’"})
_SHARES = {"sme_share": "output_sme", "leading_share": "output_leading"}


def cluster_key(record: dict) -> tuple[str, str] | None:
    county, name = record.get("county"), record.get("cluster_name")
    if not isinstance(county, str) or not isinstance(name, str):
        return None

    def norm(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split()).translate(_QUOTES)

    return norm(county), norm(name)


def _application_value(app: dict, indicator: str) -> Decimal | None:
    """The application's y3 value of an indicator a plan may target (shares computed, in percent)."""
    if indicator in _SHARES:
        part, total = exact(get_path(app, f"{_SHARES[indicator]}.y3")), exact(get_path(app, "output_total.y3"))
        if part is None or total is None or total <= 0:
            return None
        return part * 100 / total
    return exact(get_path(app, f"{indicator}.y3"))


def _agrees(baseline: Decimal, value: Decimal, indicator: str) -> bool:
    if indicator in _SHARES:  # a computed share agrees when it rounds to the baseline as written
        places = max(0, -baseline.as_tuple().exponent)
        return round_to(value, places) == baseline
    return value == baseline


def _label(indicator: str, row: dict) -> str:
    if indicator == "other" and row.get("name"):
        return row["name"]
    return indicator_catalogue().get(indicator, {}).get("label", indicator)


def _plan_vs_application(plan: dict, app: dict) -> list[Issue]:
    out: list[Issue] = []
    app_y3 = (app.get("years") or {}).get("y3")
    plan_y0 = (plan.get("years") or {}).get("y0")
    if plan_y0 is None and isinstance(plan.get("plan_start"), int):
        plan_y0 = plan["plan_start"] - 1
    if app_y3 is not None and plan_y0 is not None and app_y3 != plan_y0:
        out.append(make_issue("crossform.mismatch", field="plan_start", value=plan.get("plan_start"),
                              detail=f"规划基期年份 {plan_y0} 与申报书最近一年 {app_y3} 不同，未比对基期值。"))
        return out
    app_fields = {f.parent for f in load_form("application").fields if f.parent}
    for i, row in enumerate(plan.get("targets") or [], 1):
        indicator = row.get("indicator") if isinstance(row, dict) else None
        if indicator not in app_fields and indicator not in _SHARES:
            continue
        baseline, value = exact(row.get("baseline")), _application_value(app, indicator)
        if baseline is None or value is None or _agrees(baseline, value, indicator):
            continue
        shown = fmt(round_to(value, 2)) if indicator in _SHARES else fmt(value)
        out.append(make_issue("plan.baseline_mismatch", field="targets.baseline", row=i,
                              label=load_form("plan").field("targets.baseline").label, value=fmt(baseline),
                              indicator=_label(indicator, row), baseline=fmt(baseline),
                              year=app_y3 if app_y3 is not None else "最近一", app_value=shown))
    return out


def _review_vs_plan(review: dict, plan: dict) -> list[Issue]:
    t3 = {}
    for row in plan.get("targets") or []:
        if isinstance(row, dict) and row.get("indicator") not in (None, "other"):
            t3.setdefault(row["indicator"], exact(row.get("t3")))
    out = []
    for i, row in enumerate(review.get("review_targets") or [], 1):
        indicator = row.get("indicator") if isinstance(row, dict) else None
        target = exact(row.get("target")) if isinstance(row, dict) else None
        planned = t3.get(indicator)
        if target is None or planned is None or target == planned:
            continue
        out.append(make_issue("crossform.mismatch", field="review_targets.target", row=i,
                              label=load_form("review").field("review_targets.target").label, value=fmt(target),
                              detail=f"复核申请表第{i}行「{_label(indicator, row)}」第三年目标 {fmt(target)} "
                                     f"与三年发展规划中的 {fmt(planned)} 不一致。"))
    return out


def _annual_vs_plan(annual: dict, plan: dict) -> list[Issue]:
    """This year's targets in the annual table are the plan's targets for that year."""
    start, year = plan.get("plan_start"), annual.get("report_year")
    if not isinstance(start, int) or not isinstance(year, int) or not 0 <= year - start <= 2:
        return []
    key = f"t{year - start + 1}"
    planned = {}
    for row in plan.get("targets") or []:
        if isinstance(row, dict) and isinstance(row.get("indicator"), str) and row["indicator"] != "other":
            planned.setdefault(row["indicator"], exact(row.get(key)))
    out = []
    for i, row in enumerate(annual.get("progress") or [], 1):
        if not isinstance(row, dict) or not isinstance(row.get("indicator"), str):
            continue
        target, plan_value = exact(row.get("target")), planned.get(row["indicator"])
        if target is None or plan_value is None or target == plan_value:
            continue
        out.append(make_issue("crossform.mismatch", field="progress.target", row=i,
                              label=load_form("annual").field("progress.target").label, value=fmt(target),
                              detail=f"年度信息表第{i}行「{_label(row['indicator'], row)}」{year} 年目标 {fmt(target)} "
                                     f"与三年发展规划中的 {fmt(plan_value)} 不一致。"))
    return out


def cross_check(records: list[tuple[str, dict, int]]) -> list[tuple[int, Issue]]:
    """Warnings across the files of each cluster: (file_index, Issue) for the file the issue is about."""
    clusters: dict[tuple[str, str], dict[str, list[tuple[dict, int]]]] = defaultdict(lambda: defaultdict(list))
    for form_id, record, index in records:
        key = cluster_key(record) if isinstance(record, dict) else None
        if key is not None:
            clusters[key][form_id].append((record, index))
    out: list[tuple[int, Issue]] = []
    for forms in clusters.values():
        for plan, p_index in forms.get("plan", []):
            for app, _ in forms.get("application", []):
                out.extend((p_index, issue) for issue in _plan_vs_application(plan, app))
        for annual, a_index in forms.get("annual", []):
            for plan, _ in forms.get("plan", []):
                out.extend((a_index, issue) for issue in _annual_vs_plan(annual, plan))
        for review, r_index in forms.get("review", []):
            for plan, _ in forms.get("plan", []):
                out.extend((r_index, issue) for issue in _review_vs_plan(review, plan))
    return out
