"""Build a review from the generator: filled applications, an expert pool, sheets filled with scores.

A module with its own name (see tests/ooxml/ooxml_kinds.py): `from scenario import` of a common name could pick
another folder's module.
"""

from __future__ import annotations

import json
from pathlib import Path

from docgen.divisions import counties_by_city

YEAR = 2026
# One county from each of six cities, two from 宝鸡市 (two applications of one county and year).
COUNTIES = ["陈仓区", "陈仓区", "鄠邑区", "三原县", "富平县", "宝塔区", "汉台区", "神木市", "杨陵区"]


def counties(n: int) -> list[str]:
    """n counties spread over the cities (repeats allowed once the list is used up)."""
    pool = [c for city in ("宝鸡市", "西安市", "咸阳市", "渭南市", "延安市", "汉中市", "榆林市", "安康市", "商洛市", "铜川市")
            for c in counties_by_city()[city][:3]]
    return [pool[k % len(pool)] for k in range(n)]


def applications(folder: Path, places: list[str]) -> list[Path]:
    """A filled, valid, eligible application per county (cluster names made unique)."""
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    folder.mkdir(parents=True, exist_ok=True)
    blank = new_form("application", folder.parent / f"_{folder.name}-blank", year=YEAR)
    out = []
    for k, county in enumerate(places):
        rec = valid_record("application", YEAR, county=county, cluster=f"{county}第{k + 1}特色产业集群")
        out.append(fill_docx(blank, rec, folder / f"app-{k + 1:02d}.docx"))
    return out


def experts(n: int, cities: list[str] | None = None) -> list[dict]:
    from docgen.catalogue import cities as all_cities

    cs = cities or list(all_cities())
    return [{"expert_id": f"E{k + 1:03d}", "name": f"专家{k + 1}", "org": f"{cs[k % len(cs)]}第{k // len(cs) + 1}研究院",
             "city": cs[k % len(cs)], "field": "产业经济", "phone": f"139{29000000 + k:08d}"} for k in range(n)]


def write_experts(path: Path, rows: list[dict]) -> Path:
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def fill_sheet(sheet: Path, out: Path, scores: dict[str, dict] | None = None, *, default: float = 8,
               sign_date: str = f"{YEAR}-05-20", drop: tuple[str, ...] = (), base: dict | None = None) -> Path:
    """Enter scores into a generated sheet: `scores` {application_id: {indicator: value}}; others get
    `base` {indicator: value} or else `default` (capped at the max); `drop` application ids have their
    row's scores left blank."""
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.formats.xlsx_read import read_xlsx
    from docgen.review.index import load_index

    ix = load_index()
    raw = read_xlsx(sheet)
    rows: dict[int, dict] = {}
    head = {}
    for rv in raw.values:
        if rv.row is None:
            head[rv.field] = rv.text
        else:
            rows.setdefault(rv.row, {})[rv.field.split(".", 1)[1]] = rv.text
    filled = []
    for n in sorted(rows):
        r = {k: rows[n].get(k) for k in ("application_id", "cluster_name", "county")}
        given = (scores or {}).get(r["application_id"], base or {})
        for ind in ix.indicators:
            if r["application_id"] in drop:
                r[ind.id] = None
            else:
                r[ind.id] = given.get(ind.id, min(default, float(ind.max)))
        filled.append(r)
    record = {"expert_id": head.get("expert_id"), "expert_name": head.get("expert_name"),
              "expert_org": head.get("expert_org"), "sign_date": sign_date, "scores": filled}
    return fill_xlsx(sheet, record, out)


def small_assignment(n_apps: int, n_experts: int = 5) -> dict:
    """Every one of n_experts experts assigned to every application (no docx behind them)."""
    apps = [{"application_id": f"2026-61030{k + 1}-1", "cluster_name": f"第{k + 1}产业集群", "city": "宝鸡市",
             "county": "陈仓区", "leading_industry": "钛材料", "experts": [f"E{j + 1:03d}" for j in range(n_experts)]}
            for k in range(n_apps)]
    experts = [{"expert_id": f"E{j + 1:03d}", "name": f"专家{j + 1}", "org": "西北大学", "city": "西安市"}
               for j in range(n_experts)]
    return {"index": "shaanxi-2023-review", "applications": apps, "experts": experts}
