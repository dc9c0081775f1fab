"""One pre-filled scoring sheet (form `review_scores`) per expert: the assigned applications as rows,
and on 评分参考, column for column under the score columns, each indicator's guidance and each
application's key figures (the evidence fields the index system names).
"""

from __future__ import annotations

import re
from pathlib import Path

from docgen.formats.xlsx_package import col_letter, split_ref
from docgen.formats.xlsx_scores import render_with
from docgen.generate import manifest_for
from docgen.numfmt import fmt
from docgen.record import display_label
from docgen.review.index import ReviewIndex
from docgen.schema import load_form

FORM = "review_scores"
SCORES_SHEET, REFERENCE_ROW = "评分", 5  # applications on 评分参考 from row 5 (3 headings, 4 guidance)
FIRST_SCORE_COL = 4  # D: after 申报编号, 集群名称, 县
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def _value_text(f, value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return fmt(value) + (f" {f.unit}" if f.unit else "")
    if f.widget == "choice":
        return f.choice_labels.get(value, str(value))
    return str(value)


def key_figures(data: dict, evidence: tuple[str, ...]) -> str:
    """The evidence fields of one indicator as lines 「label：value」 (blank fields left out)."""
    app = load_form("application")
    years = data.get("years") or {}
    groups = {g.id: g for g in app.groups}
    lines = []
    for fid in evidence:
        if fid in groups:
            rows = data.get(fid) or []
            choice = next((f for f in groups[fid].fields if f.widget == "choice"), None)
            counts: dict[str, int] = {}
            for r in rows:
                if choice and r.get(choice.name):
                    label = choice.choice_labels.get(r[choice.name], r[choice.name])
                    counts[label] = counts.get(label, 0) + 1
            detail = "（" + "，".join(f"{k} {v}" for k, v in counts.items()) + "）" if counts else ""
            lines.append(f"{groups[fid].label}：{len(rows)} 家{detail}")
            continue
        f = app.field(fid)
        head, _, tail = fid.partition(".")
        value = data.get(head)
        if tail:
            value = value.get(tail) if isinstance(value, dict) else None
        if value is None or value == "":
            continue
        lines.append(f"{display_label(f, years)}：{_value_text(f, value)}")
    return "\n".join(lines)


def reference_cells(index: ReviewIndex, apps: list[dict]) -> dict[tuple[str, str], object]:
    schema = load_form(FORM)
    sheet = schema.info["reference"]["title"]
    cells: dict[tuple[str, str], object] = {
        (sheet, "A1"): f"{schema.title} — 评分参考（{index.title}）",
        (sheet, "A2"): f"{index.note}。第 4 行为各项评分要点，第 5 行起为各集群申报书中的关键数据，"
                       "各列与「评分」工作表的得分列一一对应。完整材料见申报书。",
        (sheet, "A3"): "申报编号", (sheet, "B3"): "集群名称", (sheet, "C3"): "县（市、区）", (sheet, "A4"): "评分要点",
    }
    for k, ind in enumerate(index.indicators):
        col = col_letter(FIRST_SCORE_COL + k)
        cells[(sheet, f"{col}3")] = f"{ind.label}（{fmt(ind.max)}分）"
        cells[(sheet, f"{col}4")] = f"{ind.guidance}（{ind.article}）"
    for r, a in enumerate(apps, start=REFERENCE_ROW):
        cells[(sheet, f"A{r}")] = a["application_id"]
        cells[(sheet, f"B{r}")] = f"{a['cluster_name']}\n主导产业：{a.get('leading_industry') or ''}"
        cells[(sheet, f"C{r}")] = a.get("county")
        for k, ind in enumerate(index.indicators):
            cells[(sheet, f"{col_letter(FIRST_SCORE_COL + k)}{r}")] = key_figures(a.get("data") or {}, ind.evidence) or "—"
    cells[(SCORES_SHEET, "A2")] = (f"{index.note}。每行对一个集群评分，各项填 0 至满分（可一位小数）；"
                                   "评分要点与集群关键数据见「评分参考」工作表的同一列。请勿修改预填的编号与名称。")
    return cells


def sheet_name(expert: dict) -> str:
    return f"专家评分表-{_UNSAFE.sub('_', expert['expert_id'])}-{_UNSAFE.sub('_', expert['name'])}.xlsx"


def write_sheet(expert: dict, apps: list[dict], index: ReviewIndex, out: Path) -> Path:
    schema = load_form(FORM)
    prefill = {"expert_id": expert["expert_id"], "expert_name": expert["name"], "expert_org": expert["org"],
               "scores.application_id": [a["application_id"] for a in apps],
               "scores.cluster_name": [a["cluster_name"] for a in apps],
               "scores.county": [a.get("county") for a in apps]}
    cells = reference_cells(index, apps)
    sheet = schema.info["reference"]["title"]
    lines: dict[int, int] = {}
    for (s, ref), v in cells.items():  # each application's row as tall as its longest cell
        row = split_ref(ref)[1]
        if s == sheet and row >= REFERENCE_ROW and v is not None:
            lines[row] = max(lines.get(row, 1), str(v).count("\n") + 1)
    heights = {(sheet, r): max(30, 19 * n + 6) for r, n in lines.items()}
    render_with(schema, manifest_for(schema, None), prefill, cells, out, heights)
    return out
