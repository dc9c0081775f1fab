"""The checks Cerberus cannot express: across fields, across rows, and the per-form rules of
docs/data-dictionary.md. Each check is a function of a `Context` yielding Issues, registered per form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal

from docgen.catalogue import cities
from docgen.divisions import city_for
from docgen.issues import Issue
from docgen.numfmt import fmt, round_to
from docgen.schema import indicator_catalogue
from docgen.validation.context import Context
from docgen.validation.criteria import application_year, growth_rate

Check = Callable[[Context], Iterator[Issue]]
CHECKS: dict[str, list[Check]] = {"*": []}


def check(*forms: str):
    """Register a check for the given forms ("*" = every form)."""
    def register(fn: Check) -> Check:
        for form in forms:
            CHECKS.setdefault(form, []).append(fn)
        return fn
    return register


def run_checks(ctx: Context) -> list[Issue]:
    out: list[Issue] = []
    for fn in CHECKS["*"] + CHECKS.get(ctx.schema.id, []):
        out.extend(fn(ctx))
    return out


def _rows(ctx: Context, group: str) -> list[dict]:
    rows = ctx.record.get(group)
    return [r if isinstance(r, dict) else {} for r in rows] if isinstance(rows, list) else []


# --- every form -----------------------------------------------------------------------------------

@check("*")
def county_in_city(ctx: Context) -> Iterator[Issue]:
    county, city = ctx.value("county"), ctx.value("city")
    if isinstance(county, str) and city in cities():
        actual = city_for(county)
        if actual is not None and actual != city:
            yield ctx.issue("field.county_city_mismatch", "county", city=city, actual_city=actual)


# --- application ----------------------------------------------------------------------------------

def _parts_within_total(ctx: Context, parts: tuple[str, ...], total: str) -> Iterator[Issue]:
    keys = [k for k in (ctx.schema.cerberus.get(total) or {}).get("schema", {})]
    for part in parts:
        for k in keys:
            a, t = ctx.num(f"{part}.{k}"), ctx.num(f"{total}.{k}")
            if a is not None and t is not None and a > t:
                yield ctx.issue("field.exceeds_total", f"{part}.{k}", total_label=ctx.label(f"{total}.{k}"),
                                total=fmt(t))


@check("application", "annual")
def parts_within_total(ctx: Context) -> Iterator[Issue]:
    yield from _parts_within_total(ctx, ("output_sme", "output_leading"), "output_total")


@check("application")
def smes_within_enterprises(ctx: Context) -> Iterator[Issue]:
    sme, total = ctx.num("sme_count"), ctx.num("enterprise_count")
    if sme is not None and total is not None and sme > total:
        yield ctx.issue("field.exceeds_total", "sme_count", total_label=ctx.label("enterprise_count"), total=fmt(total))


@check("application")
def enterprise_rows(ctx: Context) -> Iterator[Issue]:
    """Same USCC with the same title twice; a recognition year after the application year."""
    seen: dict[tuple[str, str], int] = {}
    year = application_year(ctx.record)
    for i, r in enumerate(_rows(ctx, "enterprises"), 1):
        key = (r.get("uscc"), r.get("level"))
        if isinstance(key[0], str) and isinstance(key[1], str) and key[0] and key[1]:
            if key in seen:
                yield ctx.issue("field.duplicate", "enterprises.uscc", i, other_row=seen[key])
            else:
                seen[key] = i
        y = r.get("year")
        if year is not None and isinstance(y, int) and not isinstance(y, bool) and y > year:
            yield ctx.issue("field.year_range", "enterprises.year", i, low=2000, high=year)


@check("application")
def efficiency_when_applicable(ctx: Context) -> Iterator[Issue]:
    for flag, answer in (("high_energy", "energy_efficiency_ok"), ("high_water", "water_efficiency_ok")):
        if ctx.value(flag) is True and ctx.value(answer) is None and (answer, None) not in ctx.unreadable:
            yield ctx.issue("field.conditional_required", answer, reason=f"「{ctx.label(flag)}」选“是”")


@check("application")
def declared_growth(ctx: Context) -> Iterator[Issue]:
    declared, y1, y3 = ctx.num("declared_output_growth"), ctx.num("output_total.y1"), ctx.num("output_total.y3")
    if declared is None or y1 is None or y3 is None or y1 <= 0 or y3 < 0:
        return
    computed = growth_rate(y1, y3)
    if abs(declared - computed) > Decimal(ctx.settings.growth_tolerance_pp):
        yield ctx.issue("application.growth_mismatch", "declared_output_growth", declared=fmt(declared),
                        computed=fmt(round_to(computed, 2)))


# --- targets: plan, annual, review ----------------------------------------------------------------

def _indicator_label(indicator, row: dict) -> str:
    if indicator == "other" and isinstance(row.get("name"), str) and row["name"]:
        return row["name"]
    if not isinstance(indicator, str):
        return ""
    return indicator_catalogue().get(indicator, {}).get("label", indicator)


def _direction(indicator) -> str:
    if not isinstance(indicator, str):
        return "up"
    return indicator_catalogue().get(indicator, {}).get("direction") or "up"


def completion(direction: str, target: Decimal, actual: Decimal) -> tuple[Decimal | None, bool]:
    """(completion in percent, met): actual/target for `up`, target/actual for `down`; met at ≥ 100 %.

    "Met" is decided by comparing, not by the quotient, so it is exact and defined at zero.
    """
    if direction == "down":
        met = actual <= target
        return (target * 100 / actual if actual > 0 else None), met
    met = actual >= target
    return (actual * 100 / target if target > 0 else None), met


def _completion_rows(ctx: Context, group: str, target_key: str, code: str) -> Iterator[Issue]:
    results = []
    for i, r in enumerate(_rows(ctx, group), 1):
        target, actual = ctx.num(f"{group}.{target_key}", i), ctx.num(f"{group}.actual", i)
        if target is None or actual is None:
            continue
        indicator = r.get("indicator")
        pct, met = completion(_direction(indicator), target, actual)
        shown = None if pct is None else float(round_to(pct, 2))
        results.append({"row": i, "indicator": indicator, "completion": shown, "met": met})
        if not met:
            yield ctx.issue(code, f"{group}.actual", i, indicator=_indicator_label(indicator, r),
                            completion="—" if pct is None else fmt(round_to(pct, 2)))
    ctx.derived[group] = results


@check("annual")
def annual_progress(ctx: Context) -> Iterator[Issue]:
    yield from _completion_rows(ctx, "progress", "target", "annual.target_not_met")


@check("review")
def review_progress(ctx: Context) -> Iterator[Issue]:
    yield from _completion_rows(ctx, "review_targets", "target", "review.target_not_met")


@check("review")
def review_enough_targets(ctx: Context) -> Iterator[Issue]:
    n = len(_rows(ctx, "review_targets"))
    if n < 3:
        yield ctx.issue("review.too_few_targets", "review_targets", n=n)
    for i, r in enumerate(_rows(ctx, "review_targets"), 1):
        if r.get("indicator") == "other" and not r.get("name") and ("review_targets.name", i) not in ctx.unreadable:
            yield ctx.issue("field.conditional_required", "review_targets.name", i, reason="指标选“其他”")


@check("plan")
def plan_targets(ctx: Context) -> Iterator[Issue]:
    rows = _rows(ctx, "targets")
    have = {r.get("indicator") for r in rows if isinstance(r.get("indicator"), str)}
    others = {i for i in have if i and i != "output_total"}
    missing = []
    if "output_total" not in have:
        missing.append(indicator_catalogue()["output_total"]["label"])
    if len(others) < 2:
        missing.append(f"另外 {2 - len(others)} 项指标")
    if missing:
        yield ctx.issue("plan.too_few_targets", "targets", detail="、".join(missing))
    for i, r in enumerate(rows, 1):
        if r.get("indicator") == "other" and not r.get("name") and ("targets.name", i) not in ctx.unreadable:
            yield ctx.issue("plan.other_needs_name", "targets.name", i)
        seq = [ctx.num(f"targets.{k}", i) for k in ("baseline", "t1", "t2", "t3")]
        if None in seq:
            continue
        down = _direction(r.get("indicator")) == "down"
        against = any((b > a) if down else (b < a) for a, b in zip(seq, seq[1:], strict=False))
        if against:
            path = " → ".join(fmt(v) for v in seq)
            yield ctx.issue("plan.against_direction", "targets.t3", i, indicator=_indicator_label(r.get("indicator"), r),
                            detail=f"（基期 {path}）出现{'上升' if down else '下降'}")


# --- annual ---------------------------------------------------------------------------------------

@check("annual")
def annual_timing(ctx: Context) -> Iterator[Issue]:
    report_year, fill = ctx.value("report_year"), ctx.date("fill_date")
    if not isinstance(report_year, int) or isinstance(report_year, bool) or not 1900 < report_year < 9000:
        return  # Cerberus reports a year out of range
    filing_year = (fill or ctx.today).year
    if report_year != filing_year - 1:
        yield ctx.issue("annual.report_year", "report_year", report_year=report_year, expected=filing_year - 1)
    deadline = ctx.settings.annual_deadline(report_year)
    if fill is not None and fill > deadline:
        yield ctx.issue("annual.late", "fill_date", fill_date=fill.isoformat(), deadline=deadline.isoformat())


@check("annual")
def annual_incidents(ctx: Context) -> Iterator[Issue]:
    for f in ctx.schema.fields:
        if f.parent == "safety" and ctx.value(f.id) is True:
            yield ctx.issue("annual.incident", f.id)


# --- change ---------------------------------------------------------------------------------------

def _pair_fields(ctx: Context, flag: str) -> list[str]:
    return [fid for fid, rule in ctx.schema.cerberus.items() if (rule.get("meta") or {}).get("pair") == flag]


def _filled(v) -> bool:
    return v is not None and not (isinstance(v, str) and not v.strip())


@check("change")
def change_flags(ctx: Context) -> Iterator[Issue]:
    flags = [f.id for f in ctx.schema.fields if f.parent == "change"]
    answers = {f: ctx.value(f) for f in flags}
    if all(v is False for v in answers.values()):
        yield ctx.issue("change.no_flag", "change")
    for flag, on in answers.items():
        if on is not True:
            continue
        members = _pair_fields(ctx, flag)
        empty = [m for m in members if not _filled(ctx.value(m)) and (m, None) not in ctx.unreadable]
        if empty:
            yield ctx.issue("change.pair_incomplete", flag, detail="、".join(f"「{ctx.label(m)}」" for m in empty))
            continue
        pairs = [(m, m.replace("_before", "_after")) for m in members if "_before" in m]
        if pairs and all(_same(ctx.value(a), ctx.value(b)) for a, b in pairs):
            yield ctx.issue("change.pair_same", flag)


def _same(a, b) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return "".join(a.split()) == "".join(b.split())
    return a == b


@check("change")
def change_area_and_timing(ctx: Context) -> Iterator[Issue]:
    area = ctx.num("area_after_km2")
    if area is not None and area > 100:
        yield ctx.issue("change.area_over_100", "area_after_km2")
    happened, filed = ctx.date("change_date"), ctx.date("fill_date")
    days = ctx.settings.change_report_days
    if happened and filed and filed - happened > dt.timedelta(days=days):
        yield ctx.issue("change.late", "fill_date", change_date=happened.isoformat(), fill_date=filed.isoformat(),
                        days=days)


# --- recommendation -------------------------------------------------------------------------------

@check("recommendation")
def recommendation_rows(ctx: Context) -> Iterator[Issue]:
    rows = _rows(ctx, "recs")
    ranks = [r.get("rank") for r in rows]
    if rows and sorted(x for x in ranks if isinstance(x, int)) != list(range(1, len(rows) + 1)):
        shown = "、".join("空" if x is None else str(x) for x in ranks)
        yield ctx.issue("recommendation.rank_gap", "recs.rank", n=len(rows), ranks=shown, value=shown)
    city = ctx.value("city")
    seen: dict[str, int] = {}
    for i, r in enumerate(rows, 1):
        county = r.get("county")
        if isinstance(county, str):
            actual = city_for(county)
            if actual is None:
                yield ctx.issue("field.county_unknown", "recs.county", i)
            elif city in cities() and actual != city:
                yield ctx.issue("field.county_city_mismatch", "recs.county", i, city=city, actual_city=actual)
        name = r.get("cluster_name")
        if isinstance(name, str):
            key = "".join(name.split())
            if key in seen:
                yield ctx.issue("field.duplicate", "recs.cluster_name", i, other_row=seen[key])
            else:
                seen[key] = i
