"""The Article 12 criteria engine (docs/criteria.md).

Each criterion is a small function `(record, entry) -> CriterionResult`, registered by id; the policy
file (`schemas/policy/<name>.yaml`) says which apply, with which comparison and threshold. Arithmetic
is exact: numbers come back from the record as Decimals, a share a/b > t is compared as a > t·b, and a
growth rate over the three years as y3 against y1·(1+t)² — no division, no square root.

Missing or unusable data makes a criterion fail with a message naming the field; the qualitative
criteria are `passed = None` with the facts shown, for the experts.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, localcontext
from functools import cache
from typing import Any

from docgen.catalogue import programme
from docgen.errors import ConfigError
from docgen.issues import Issue, make_issue
from docgen.numfmt import fmt, round_to, to_json_number
from docgen.record import display_label, get_path
from docgen.schema import load_form, load_policy
from docgen.typed import exact
from docgen.validation.context import issue_at_row

OPS: dict[str, tuple[Callable[[Any, Any], bool], str, str]] = {
    ">": (operator.gt, ">", "高于"),
    ">=": (operator.ge, "≥", "不低于"),
    "<=": (operator.le, "≤", "不超过"),
    "<": (operator.lt, "<", "低于"),
}
HUNDRED = Decimal(100)
CHAMPION, LITTLE_GIANT = "国家级制造业单项冠军企业", "专精特新“小巨人”企业"


@dataclass
class CriterionResult:
    id: str
    article: str
    passed: bool | None
    value: Any
    threshold: str | None
    message: str
    issues: list[Issue] = field(default_factory=list)  # warnings the criterion raises (area, old titles)

    def to_dict(self) -> dict:
        """The report contract's criterion object."""
        return {"id": self.id, "article": self.article, "passed": self.passed, "value": self.value,
                "threshold": self.threshold, "message": self.message}


CRITERIA: dict[str, Callable[[dict, dict], CriterionResult]] = {}


def criterion(cid: str):
    """Register a criterion function under its id (the ids of docs/criteria.md)."""
    def register(fn):
        CRITERIA[cid] = fn
        return fn
    return register


# --- helpers --------------------------------------------------------------------------------------

def _schema():
    return load_form("application")


def label(record: dict, fid: str) -> str:
    """The schema's label of a field, with the calendar year for y1/y2/y3."""
    return display_label(_schema().field(fid), record.get("years"))


def _num(record: dict, fid: str) -> Decimal | None:
    return exact(get_path(record, fid))


def _result(entry: dict, passed, value, message: str, threshold: str | None = None, **kw) -> CriterionResult:
    return CriterionResult(entry["id"], entry.get("article", ""), passed, value,
                           threshold if threshold is not None else threshold_text(entry), message, **kw)


def _missing(record: dict, entry: dict, fids: list[str], why: str = "") -> CriterionResult:
    names = "、".join(f"「{label(record, f)}」" for f in fids)
    return _result(entry, False, None, f"缺少{names}{why}，无法判定，按不符合处理。请补填后重新校验。")


def threshold_text(entry: dict) -> str | None:
    if "op" not in entry or "threshold" not in entry:
        return None
    unit = entry.get("unit") or ""
    t = fmt(Decimal(str(entry["threshold"])))
    return f"{OPS[entry['op']][1]} {t}{unit}" if unit == "%" or not unit else f"{OPS[entry['op']][1]} {t} {unit}"


def _compare(entry: dict, a: Decimal, b: Decimal) -> bool:
    return OPS[entry["op"]][0](a, b)


def _t(entry: dict) -> Decimal:
    return Decimal(str(entry["threshold"]))


def _pct(value: Decimal) -> float:
    return float(round_to(value, 2))


def _verdict(passed: bool, entry: dict) -> str:
    return "符合" if passed else f"不符合{entry.get('article', '')}的要求"


def _bool(record: dict, fid: str) -> bool | None:
    v = get_path(record, fid)
    return v if isinstance(v, bool) else None


def application_year(record: dict) -> int | None:
    """The application year: the year after y3 (from the form's manifest), else the fill date's year."""
    years = record.get("years")
    y3 = years.get("y3") if isinstance(years, dict) else None
    if isinstance(y3, int):
        return y3 + 1
    fill = record.get("fill_date")
    if isinstance(fill, str) and len(fill) >= 4 and fill[:4].isdigit():
        return int(fill[:4])
    return None


# --- quantitative criteria ------------------------------------------------------------------------

@criterion("safety")
def _safety(record: dict, entry: dict) -> CriterionResult:
    fids = [f.id for f in _schema().fields if f.parent == "safety"]
    missing = [f for f in fids if _bool(record, f) is None]
    if missing:
        return _missing(record, entry, missing)
    yes = [label(record, f) for f in fids if _bool(record, f)]
    if yes:
        return _result(entry, False, yes, f"声明近三年发生：{'、'.join(yes)}，{_verdict(False, entry)}。", "全部为“否”")
    return _result(entry, True, [], f"{len(fids)} 项安全与诚信声明均为“否”，符合。", "全部为“否”")


@criterion("area")
def _area(record: dict, entry: dict) -> CriterionResult:
    area = _num(record, "area_km2")
    if area is None:
        return _missing(record, entry, ["area_km2"])
    value = to_json_number(area, False)
    if _compare(entry, area, _t(entry)):
        return _result(entry, True, value, f"占地面积 {fmt(area)} {entry.get('unit', '')}，符合。")
    if entry.get("soft"):  # "一般不超过": over the limit is a warning, the criterion still passes
        warn = make_issue("criteria.area", field="area_km2", label=label(record, "area_km2"), value=fmt(area))
        return _result(entry, True, value, f"占地面积 {fmt(area)} {entry.get('unit', '')}，超过一般要求，请说明理由。",
                       issues=[warn])
    return _result(entry, False, value, f"占地面积 {fmt(area)} {entry.get('unit', '')}，{_verdict(False, entry)}。")


@criterion("output_each_year")
def _output_each_year(record: dict, entry: dict) -> CriterionResult:
    fids = [f"output_total.{y}" for y in ("y1", "y2", "y3")]
    vals = [_num(record, f) for f in fids]
    missing = [f for f, v in zip(fids, vals, strict=True) if v is None]
    if missing:
        return _missing(record, entry, missing)
    low = min(vals)
    passed = all(_compare(entry, v, _t(entry)) for v in vals)
    each = "，".join(f"{label(record, f)} {fmt(v)}" for f, v in zip(fids, vals, strict=True))
    return _result(entry, passed, to_json_number(low, False),
                   f"{each}；最低 {fmt(low)} {entry.get('unit', '')}，{_verdict(passed, entry)}。")


def _share(record: dict, entry: dict, part: str) -> CriterionResult:
    a_id, b_id = f"{part}.y3", "output_total.y3"
    a, b = _num(record, a_id), _num(record, b_id)
    if a is None or b is None:
        return _missing(record, entry, [f for f, v in ((a_id, a), (b_id, b)) if v is None])
    if b <= 0:
        return _missing(record, entry, [b_id], "（应大于 0）")
    passed = _compare(entry, a * HUNDRED, _t(entry) * b)  # a/b > t%  ⇔  100·a > t·b
    share = a * HUNDRED / b
    return _result(entry, passed, _pct(share),
                   f"{label(record, a_id)} {fmt(a)} ÷ {label(record, b_id)} {fmt(b)} = {fmt(round_to(share, 2))}%，"
                   f"{_verdict(passed, entry)}。")


@criterion("sme_share")
def _sme_share(record: dict, entry: dict) -> CriterionResult:
    return _share(record, entry, "output_sme")


@criterion("leading_share")
def _leading_share(record: dict, entry: dict) -> CriterionResult:
    return _share(record, entry, "output_leading")


def growth_rate(y1: Decimal, y3: Decimal) -> Decimal:
    """Compound annual growth over the two intervals, in percent (for display; comparisons avoid it)."""
    with localcontext() as ctx:
        ctx.prec = 28
        return ((y3 / y1).sqrt() - 1) * HUNDRED


def _growth(record: dict, entry: dict, indicator: str) -> CriterionResult:
    f1, f3 = f"{indicator}.y1", f"{indicator}.y3"
    y1, y3 = _num(record, f1), _num(record, f3)
    if y1 is None or y3 is None:
        return _missing(record, entry, [f for f, v in ((f1, y1), (f3, y3)) if v is None])
    if y1 <= 0 or y3 < 0:
        return _result(entry, False, None,
                       f"{label(record, f1)} 为 {fmt(y1)}，从零（或负）基数无法计算年均增速，按不符合处理。")
    factor = 1 + _t(entry) / HUNDRED
    passed = _compare(entry, y3, y1 * factor * factor)  # (y3/y1)^½ − 1 > t  ⇔  y3 > y1·(1+t)²
    rate = growth_rate(y1, y3)
    return _result(entry, passed, _pct(rate),
                   f"{label(record, f1)} {fmt(y1)} → {label(record, f3)} {fmt(y3)}，年均增速 {fmt(round_to(rate, 2))}%，"
                   f"{_verdict(passed, entry)}。")


@criterion("output_growth")
def _output_growth(record: dict, entry: dict) -> CriterionResult:
    return _growth(record, entry, "output_total")


@criterion("rd_growth")
def _rd_growth(record: dict, entry: dict) -> CriterionResult:
    return _growth(record, entry, "rd_sme")


@criterion("patent_growth")
def _patent_growth(record: dict, entry: dict) -> CriterionResult:
    return _growth(record, entry, "invention_patents")


@criterion("patents_per_10k")
def _patents_per_10k(record: dict, entry: dict) -> CriterionResult:
    p_id, e_id = "invention_patents.y3", "employees.y3"
    p, e = _num(record, p_id), _num(record, e_id)
    if p is None or e is None:
        return _missing(record, entry, [f for f, v in ((p_id, p), (e_id, e)) if v is None])
    if e <= 0:
        return _missing(record, entry, [e_id], "（应大于 0）")
    passed = _compare(entry, p * 10_000, _t(entry) * e)
    per = p * 10_000 / e
    return _result(entry, passed, _pct(per),
                   f"{label(record, p_id)} {fmt(p)} 件 ÷ {label(record, e_id)} {fmt(e)} 人 × 10000 = "
                   f"{fmt(round_to(per, 2))} 件/万人，{_verdict(passed, entry)}。")


@criterion("iip_rate")
def _iip_rate(record: dict, entry: dict) -> CriterionResult:
    v = _num(record, "iip_rate.y3")
    if v is None:
        return _missing(record, entry, ["iip_rate.y3"])
    passed = _compare(entry, v, _t(entry))
    return _result(entry, passed, to_json_number(v, False),
                   f"{label(record, 'iip_rate.y3')} {fmt(v)}%，{_verdict(passed, entry)}。")


def _series(record: dict, entry: dict, indicator: str, keys: tuple[str, ...], rule, threshold: str):
    fids = [f"{indicator}.{k}" for k in keys]
    vals = [_num(record, f) for f in fids]
    missing = [f for f, v in zip(fids, vals, strict=True) if v is None]
    if missing:
        return _missing(record, entry, missing)
    passed = rule(*vals)
    shown = " → ".join(f"{label(record, f)} {fmt(v)}" for f, v in zip(fids, vals, strict=True))
    return _result(entry, passed, [to_json_number(v, False) for v in vals], f"{shown}，{_verdict(passed, entry)}。",
                   threshold)


@criterion("software_rising")
def _software_rising(record: dict, entry: dict) -> CriterionResult:
    return _series(record, entry, "software_rate", ("y1", "y2", "y3"),
                   lambda a, b, c: a <= b <= c and c > a, "稳步提升：y1 ≤ y2 ≤ y3 且 y3 > y1")


@criterion("nonfossil_rising")
def _nonfossil_rising(record: dict, entry: dict) -> CriterionResult:
    return _series(record, entry, "nonfossil_share", ("y1", "y3"), lambda a, c: c > a, "提高：y3 > y1")


@criterion("co2_falling")
def _co2_falling(record: dict, entry: dict) -> CriterionResult:
    return _series(record, entry, "co2_intensity", ("y1", "y2", "y3"), lambda a, b, c: a > b > c,
                   "持续下降：y1 > y2 > y3")


def _conditional(record: dict, entry: dict, flag: str, ok: str) -> CriterionResult:
    applies = _bool(record, flag)
    if applies is None:
        return _missing(record, entry, [flag])
    if not applies:
        return _result(entry, True, None, f"「{label(record, flag)}」为“否”，不适用。", "适用时须为“是”")
    answer = _bool(record, ok)
    if answer is None:
        return _missing(record, entry, [ok])
    return _result(entry, answer, answer, f"「{label(record, ok)}」为“{'是' if answer else '否'}”，"
                                          f"{_verdict(answer, entry)}。", "适用时须为“是”")


@criterion("energy_efficiency")
def _energy_efficiency(record: dict, entry: dict) -> CriterionResult:
    return _conditional(record, entry, "high_energy", "energy_efficiency_ok")


@criterion("water_efficiency")
def _water_efficiency(record: dict, entry: dict) -> CriterionResult:
    return _conditional(record, entry, "high_water", "water_efficiency_ok")


@criterion("cooperation")
def _cooperation(record: dict, entry: dict) -> CriterionResult:
    answer = _bool(record, "cooperation")
    if answer is None:
        return _missing(record, entry, ["cooperation"])
    return _result(entry, answer, answer, f"「{label(record, 'cooperation')}」为“{'是' if answer else '否'}”，"
                                          f"{_verdict(answer, entry)}。", "须为“是”")


@criterion("governance")
def _governance(record: dict, entry: dict) -> CriterionResult:
    name, plan = get_path(record, "operator_name"), _bool(record, "plan_submitted")
    missing = [f for f, v in (("operator_name", name), ("plan_submitted", plan)) if v is None]
    if missing:
        return _missing(record, entry, missing)
    passed = bool(plan)
    return _result(entry, passed, {"operator_name": name, "plan_submitted": plan},
                   f"运营管理机构：{name}；「{label(record, 'plan_submitted')}」为“{'是' if plan else '否'}”，"
                   f"{_verdict(passed, entry)}。", "有运营管理机构且已制定规划")


@criterion("enterprises")
def _enterprises(record: dict, entry: dict) -> CriterionResult:
    listed = record.get("enterprises")
    rows = [r for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []
    leading_min, any_min = Decimal(str(entry["leading_min"])), Decimal(str(entry["any_min"]))
    # counted by USCC (a company with two titles is one), rows whose code or title is unreadable not at all
    named = [r for r in rows if isinstance(r.get("uscc"), str) and r["uscc"] and isinstance(r.get("level"), str)]
    top = {r["uscc"] for r in named if r["level"] in (CHAMPION, LITTLE_GIANT) and r.get("leading") is True}
    titled = {r["uscc"] for r in named if r["level"]}
    passed = _compare(entry, Decimal(len(top)), leading_min) or _compare(entry, Decimal(len(titled)), any_min)
    sym = OPS[entry["op"]][1]
    threshold = f"主导产业单项冠军或小巨人 {sym} {fmt(leading_min)} 家，或优质中小企业 {sym} {fmt(any_min)} 家"
    issues = []
    year = application_year(record)
    recent = int(entry.get("recent_years", programme().title_recent_years))
    if year is not None:
        for i, r in enumerate(rows, 1):
            y = r.get("year")
            if isinstance(y, int) and year - y > recent:
                issues.append(issue_at_row("application.title_outdated", field="enterprises.year", row=i,
                                         label=_schema().field("enterprises.year").label, value=y, year=y,
                                         limit=recent))
    note = f"（其中 {len(issues)} 个称号认定已超过 {recent} 年，请确认仍有效）" if issues else ""
    return _result(entry, passed, {"leading_top": len(top), "distinct": len(titled)},
                   f"主导产业单项冠军或小巨人 {len(top)} 家，优质中小企业共 {len(titled)} 家（按统一社会信用代码去重）"
                   f"{note}，{_verdict(passed, entry)}。", threshold, issues=issues)


# --- qualitative: experts decide ------------------------------------------------------------------

@criterion("supply_chain")
def _supply_chain(record: dict, entry: dict) -> CriterionResult:
    fids = [f.id for f in _schema().fields if f.parent == "sharing"]
    yes = [label(record, f) for f in fids if _bool(record, f)]
    shown = "、".join(yes) if yes else "无"
    return _result(entry, None, yes, f"已建立的共享机制：{shown}。产业链供应链协作是否高效由专家评审。", "专家评审")


@criterion("innovation_system")
def _innovation_system(record: dict, entry: dict) -> CriterionResult:
    fids = ["innovation_platforms", "research_partners", "key_technologies"]
    facts = {f: get_path(record, f) for f in fids}
    facts["standards.y3"] = get_path(record, "standards.y3")
    shown = "，".join(f"{label(record, f)} {'未填' if v is None else v}" for f, v in facts.items())
    return _result(entry, None, facts, f"{shown}。创新体系是否完善由专家评审。", "专家评审")


@criterion("standing")
def _standing(record: dict, entry: dict) -> CriterionResult:
    facts = {f: get_path(record, f) for f in ("leading_industry", "main_products")}
    shown = "；".join(f"{label(record, f)}：{v or '未填'}" for f, v in facts.items())
    return _result(entry, None, facts, f"{shown}。是否为县域支柱或特色产业、发展水平是否居全省前列、"
                                       f"集群品牌知名度由专家评审。", "专家评审")


# --- the policy -----------------------------------------------------------------------------------

@cache
def policy(name: str) -> dict:
    """A policy file, checked: every criterion known, comparisons and thresholds well-formed."""
    data = load_policy(name)
    head, entries = data.get("policy"), data.get("criteria")
    if not isinstance(head, dict) or not isinstance(entries, list):
        raise ConfigError(f"政策文件 {name}.yaml 应包含 policy 与 criteria 两部分")
    for e in entries:
        cid = e.get("id") if isinstance(e, dict) else None
        if cid not in CRITERIA:
            raise ConfigError(f"政策文件 {name}.yaml 中的判定项「{cid}」未知（可用：{'、'.join(CRITERIA)}）")
        if "op" in e and e["op"] not in OPS:
            raise ConfigError(f"政策文件 {name}.yaml 中「{cid}」的比较符「{e['op']}」未知（可用：{' '.join(OPS)}）")
        for key in ("threshold", "leading_min", "any_min"):
            if key in e:
                try:
                    Decimal(str(e[key]))
                except ArithmeticError:
                    raise ConfigError(f"政策文件 {name}.yaml 中「{cid}」的 {key}「{e[key]}」不是数值") from None
    return data


def evaluate(record: dict, policy_name: str) -> list[CriterionResult]:
    """Every criterion of the policy, in the policy's order, judged on whatever the record holds."""
    return [CRITERIA[e["id"]](record, e) for e in policy(policy_name)["criteria"]]


def _policy_name(head: dict, policy_name: str) -> str:
    """How a clerk knows the policy: 《title》（source）, never its file id."""
    title, source = head.get("title"), head.get("source")
    if title:
        return f"《{title}》" + (f"（{source}）" if source else "")
    return f"「{head.get('id', policy_name)}」"


def policy_dates_issue(record: dict, policy_name: str) -> Issue | None:
    """`policy.expired` when the form's fill date lies outside the policy's validity."""
    head = policy(policy_name)["policy"]
    start, end = head.get("effective_from"), head.get("effective_until")
    fill = get_path(record, "fill_date")
    try:
        day = dt.date.fromisoformat(fill) if isinstance(fill, str) else None
    except ValueError:
        day = None
    if day is None:
        return None
    if (isinstance(start, dt.date) and day < start) or (isinstance(end, dt.date) and day > end):
        return make_issue("policy.expired", field="fill_date", value=fill, policy=_policy_name(head, policy_name),
                          start=start or "—", end=end or "—", date=fill)
    return None
