"""专家评审结果汇总表 (.xlsx): what its sheets hold. Laid out (formula-safe) by formats/xlsx_report.py.

汇总: one row per application — city, county, cluster, each assigned expert's total, final score,
rank (并列 marked), shortlisted, complete. Then one sheet per indicator (each expert's score and the
mean), and 问题 with every issue of the tally.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from docgen.formats.xlsx_report import Sheet, write_sheets
from docgen.numfmt import fmt
from docgen.review.index import ReviewIndex
from docgen.review.tally import Tally

SEVERITY = {"error": "错误", "warning": "警告"}


def _n(d: Decimal | None):
    """A number cell: exact scores are short decimals; a mean is shown as rounded (the exact is ranked)."""
    if d is None:
        return None
    d = d.quantize(Decimal("0.01")) if d.as_tuple().exponent < -2 else d
    return int(d) if d == d.to_integral_value() else float(d)


def _rank(a) -> str:
    if a.rank is None:
        return "未排名（评分不完整）"
    return f"{a.rank}（并列）" if a.tied else str(a.rank)


def sheets(result: Tally, index: ReviewIndex) -> list[Sheet]:
    width = max((len(a.experts) for a in result.applications), default=0)
    head = ("名次", "申报编号", "设区市", "县（市、区）", "集群名称", "主导产业",
            *[f"专家{k + 1}总分" for k in range(width)], "最终得分", "是否入围", "评分完整", "评审专家")
    rows = []
    for a in result.applications:
        totals = [a.total(e) for e in a.experts] + [None] * (width - len(a.experts))
        rows.append((_rank(a), a.application_id, a.city, a.county, a.cluster_name, a.leading_industry,
                     *[_n(t) for t in totals], _n(a.final_shown), "是" if a.shortlisted else "否",
                     "是" if a.complete else "否", "、".join(a.experts)))
    notes = (f"指标体系：{index.title}（{index.note}）。",
             f"最终得分：评分人数不少于 {index.trim_from} 人时去掉一个最高分和一个最低分后取平均，否则取平均；"
             f"按精确值排名，显示四舍五入到两位小数。得分相同时依次比较"
             + "、".join(f"「{index.indicator(t).label}」" for t in index.tie_break) + "的平均分，仍相同为并列。",
             "入围：名次在 --top 之内且最终得分不低于 --min-score。评分不完整的申报不排名，见「问题」工作表。")
    out = [Sheet("汇总", head, rows, wrap_cols=(5,), notes=notes)]
    for ind in index.indicators:
        h = ("申报编号", "集群名称", *[f"专家{k + 1}" for k in range(width)], "平均分")
        r = []
        for a in result.applications:
            vals = [a.scores[e][ind.id] if e in a.scores else None for e in a.experts] + [None] * (width - len(a.experts))
            r.append((a.application_id, a.cluster_name, *[_n(v) for v in vals], _n(a.mean_of(ind.id)) if a.scores else None))
        out.append(Sheet(f"{ind.label}（{fmt(ind.max)}分）"[:31], h, r, wrap_cols=(2,)))
    issues = [(SEVERITY.get(i.severity, i.severity), i.code, i.message, i.location or "") for i in result.issues]
    out.append(Sheet("问题", ("严重程度", "代码", "说明", "位置"), issues, wrap_cols=(3,),
                     notes=() if issues else ("没有问题。",)))
    return out


def write_summary(result: Tally, index: ReviewIndex, path: Path) -> Path:
    write_sheets(path, sheets(result, index))
    return Path(path)
