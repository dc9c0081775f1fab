"""The 细化指标体系 as data: `schemas/policy/<name>.yaml` (default `<default_policy>-review`).

Nothing in code names an indicator: the scoring sheet's columns, the tally's sums and tie-breaks and
the 汇总表's sheets all come from here. A broken file is a ConfigError naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import yaml

from docgen.catalogue import programme
from docgen.errors import ConfigError, UsageError
from docgen.resources import root


@dataclass(frozen=True)
class Indicator:
    id: str
    article: str
    label: str
    max: Decimal
    guidance: str
    evidence: tuple[str, ...]  # application field ids (or group ids) shown beside it


@dataclass(frozen=True)
class ReviewIndex:
    id: str
    title: str
    source: str
    note: str  # 默认指标体系，可由省工业和信息化厅调整 — printed on every sheet
    total: Decimal
    indicators: tuple[Indicator, ...]
    experts_per_application: int
    outlier_points: Decimal
    min_score: Decimal
    trim_from: int
    tie_break: tuple[str, ...]

    def ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.indicators)

    def indicator(self, iid: str) -> Indicator:
        for i in self.indicators:
            if i.id == iid:
                return i
        raise KeyError(iid)

    def to_dict(self) -> dict:
        """What `docgen review index --json` prints."""
        return {
            "id": self.id, "title": self.title, "source": self.source, "note": self.note,
            "total": _num(self.total),
            "review": {"experts_per_application": self.experts_per_application,
                       "outlier_points": _num(self.outlier_points), "min_score": _num(self.min_score),
                       "trim_from": self.trim_from, "tie_break": list(self.tie_break)},
            "indicators": [{"id": i.id, "article": i.article, "label": i.label, "max": _num(i.max),
                            "guidance": i.guidance, "evidence": list(i.evidence)} for i in self.indicators],
        }


def _num(d: Decimal) -> int | float:
    return int(d) if d == d.to_integral_value() else float(d)


def default_name() -> str:
    return f"{programme().default_policy}-review"


def index_path(name: str | None = None) -> Path:
    return root() / "schemas" / "policy" / f"{name or default_name()}.yaml"


def _dec(path: Path, value, what: str) -> Decimal:
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ConfigError(f"指标体系文件 {path.name} 有误：{what}「{value}」不是数字") from None
    if not d.is_finite() or d < 0:
        raise ConfigError(f"指标体系文件 {path.name} 有误：{what}「{value}」应为非负数")
    return d


@cache
def _load(path: Path) -> ReviewIndex:
    if not path.exists():
        names = sorted(p.stem for p in path.parent.glob("*-review.yaml"))
        raise UsageError(f"未知的评审指标体系「{path.stem}」。可用：{'、'.join(names) or '（无）'}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"指标体系文件 {path.name} 不是合法的 YAML：{exc}") from None
    if not isinstance(raw, dict) or not isinstance(raw.get("index"), dict) or not isinstance(raw.get("indicators"), list):
        raise ConfigError(f"指标体系文件 {path.name} 有误：应包含 index、review、indicators 三部分")
    head, rev = raw["index"], raw.get("review") or {}
    from docgen.schema import load_form

    app = load_form("application")
    known = set(app.slot_ids()) | {g.id for g in app.groups}
    indicators, seen = [], set()
    for n, item in enumerate(raw["indicators"], 1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("label"):
            raise ConfigError(f"指标体系文件 {path.name} 有误：第{n}项指标缺少 id 或 label")
        iid = str(item["id"])
        if iid in seen:
            raise ConfigError(f"指标体系文件 {path.name} 有误：指标 {iid} 重复")
        seen.add(iid)
        evidence = tuple(str(e) for e in item.get("evidence") or ())
        unknown = [e for e in evidence if e not in known]
        if unknown:
            raise ConfigError(f"指标体系文件 {path.name} 有误：指标 {iid} 的 evidence 含申报书没有的字段 {'、'.join(unknown)}")
        indicators.append(Indicator(iid, str(item.get("article") or ""), str(item["label"]),
                                    _dec(path, item.get("max"), f"指标 {iid} 的 max"),
                                    str(item.get("guidance") or ""), evidence))
    total = _dec(path, head.get("total", "100"), "total")
    if sum(i.max for i in indicators) != total:
        raise ConfigError(f"指标体系文件 {path.name} 有误：各指标满分之和 {sum(i.max for i in indicators)} 不等于 total {total}")
    tie = tuple(str(t) for t in rev.get("tie_break") or ())
    if set(tie) - seen:
        raise ConfigError(f"指标体系文件 {path.name} 有误：tie_break 含未定义的指标 {'、'.join(sorted(set(tie) - seen))}")
    try:
        per, trim = int(rev.get("experts_per_application", 5)), int(rev.get("trim_from", 5))
    except (TypeError, ValueError):
        raise ConfigError(f"指标体系文件 {path.name} 有误：experts_per_application、trim_from 应为整数") from None
    return ReviewIndex(
        id=str(head.get("id") or path.stem), title=str(head.get("title") or ""), source=str(head.get("source") or ""),
        note=str(head.get("note") or ""), total=total, indicators=tuple(indicators),
        experts_per_application=per, outlier_points=_dec(path, rev.get("outlier_points", "20"), "outlier_points"),
        min_score=_dec(path, rev.get("min_score", "60"), "min_score"), trim_from=trim, tie_break=tie,
    )


def load_index(name: str | None = None) -> ReviewIndex:
    """The index system `name` (default: the default policy's, `shaanxi-2023-review`)."""
    return _load(index_path(name))


load_index.cache_clear = _load.cache_clear  # type: ignore[attr-defined]
