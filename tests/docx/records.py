"""Complete records of the data dictionary, one per Word form, with awkward but valid text."""

from __future__ import annotations

NARR = "集群以装备制造为主导，龙头企业带动配套企业协同发展，形成研发、制造、检测、物流一体化的产业生态&<较完整>。"


def _years(vals):
    return {"y1": vals[0], "y2": vals[1], "y3": vals[2]}


def application() -> dict:
    rec = {
        "cluster_name": "西安鄠邑区智能装备制造产业集群", "city": "西安市", "county": "鄠邑区",
        "applicant_org": "西安市鄠邑区工业和信息化局", "leading_industry": "智能装备制造",
        "main_products": "数控机床、工业机器人", "area_km2": 12.5, "enterprise_count": 120, "sme_count": 110,
        "operator_name": "鄠邑区产业园管委会", "operator_type": "管委会", "plan_submitted": True,
        "contact_name": "张三", "contact_phone": "029-86212345", "fill_date": "2026-03-15",
        "declared_output_growth": 9.1, "innovation_platforms": 6, "research_partners": 4,
        "key_technologies": 3, "high_energy": False, "energy_efficiency_ok": None, "high_water": True,
        "water_efficiency_ok": True, "cooperation": True, "branches_outside": 2, "service_platforms": 5,
        "sharing": {k: v for k, v in zip(("equipment", "logistics", "warehousing", "labour", "design"),
                                         (True, True, False, True, False), strict=True)},
        "safety": {k: False for k in ("major_accident", "quality_accident", "pollution_accident",
                                      "cyber_incident", "data_incident", "tax_evasion", "violation",
                                      "dishonesty", "other_major")},
        "output_total": _years((35.2, 38.6, 42.0)), "output_sme": _years((26.1, 28.9, 31.5)),
        "output_leading": _years((27.0, 30.1, 33.3)), "rd_sme": _years((8200, 9100, 10050.5)),
        "invention_patents": _years((120, 135, 150)), "employees": _years((15000, 15800, 16200)),
        "iip_rate": _years((45.5, 50.0, 56.2)), "software_rate": _years((60, 62.5, 66)),
        "nonfossil_share": _years((18.2, 19.5, 21.0)), "co2_intensity": _years((0.82, 0.78, 0.74)),
        "standards": _years((3, 4, 6)),
        "enterprises": [
            {"name": "西安某某数控机床有限公司", "uscc": "91610125MA6TXXXX1K", "level": "专精特新“小巨人”企业",
             "year": 2023, "leading": True},
            {"name": "陕西A&B<精密>科技股份有限公司", "uscc": "916101003333333333", "level": "高新技术企业",
             "year": 2021, "leading": False},
            {"name": "鄠邑第三机器人公司", "uscc": "91610125MA6T000003", "level": "创新型中小企业",
             "year": 2024, "leading": True},
        ],
        "narrative": {k: NARR + k for k in ("competitiveness", "cultivation", "supply_chain", "innovation",
                                           "digital", "green", "opening", "governance")},
        "commitment": True, "county_opinion": "同意推荐。", "county_opinion_date": "2026-03-16",
        "city_opinion": None, "city_opinion_date": None,
    }
    return rec


def plan() -> dict:
    return {
        "cluster_name": "宝鸡高新区钛材料产业集群", "city": "宝鸡市", "county": "渭滨区",
        "contact_name": "李四", "contact_phone": "13912345678", "fill_date": "2026-02-01", "plan_start": 2026,
        "narrative": {k: NARR + k for k in ("basis", "goals", "tasks", "measures", "safeguards")},
        "targets": [
            {"indicator": "output_total", "unit": "亿元", "baseline": 42.0, "t1": 46, "t2": 50.5, "t3": 55},
            {"indicator": "co2_intensity", "unit": "吨/万元", "baseline": 0.74, "t1": 0.7, "t2": 0.66, "t3": 0.6},
            {"indicator": "specialised_smes", "unit": "家", "baseline": 12, "t1": 15, "t2": 18, "t3": 22},
            {"indicator": "other", "name": "新增规上企业", "unit": "家", "baseline": 3, "t1": 4, "t2": 5, "t3": 6},
        ],
    }


def change() -> dict:
    return {
        "cluster_name": "咸阳彬州市煤化工产业集群", "city": "咸阳市", "county": "彬州市", "cluster_id": "SX-2024-007",
        "recognition_year": 2024, "contact_name": "王五", "contact_phone": "0298-1234567", "fill_date": "2026-05-10",
        "change": {"industry": False, "area": True, "operator": True, "other": False},
        "area_before_km2": 20, "area_after_km2": 26.5, "scope_before": "东至泾河，西至彬县大道。",
        "scope_after": "东至泾河，西至新区大道，北扩至工业园二期。", "operator_before": "彬州市工业园管委会",
        "operator_after": "彬州市产业投资发展有限公司", "change_date": "2026-04-20",
        "change_reason": "园区扩区并由平台公司统一运营管理。", "county_opinion": "情况属实，同意报备。",
        "county_opinion_date": "2026-05-11",
    }


def review() -> dict:
    return {
        "cluster_name": "汉中市航空装备产业集群", "city": "汉中市", "county": "汉台区", "recognition_year": 2023,
        "applicant_org": "汉中市汉台区工业和信息化局", "contact_name": "赵六", "contact_phone": "0916-2223334",
        "fill_date": "2026-06-01",
        "review_targets": [
            {"indicator": "output_total", "unit": "亿元", "baseline": 40, "target": 55, "actual": 57.3},
            {"indicator": "invention_patents", "unit": "件", "baseline": 100, "target": 150, "actual": 149},
            {"indicator": "iip_rate", "unit": "%", "baseline": 40, "target": 60, "actual": 61.5},
        ],
        "narrative": {k: NARR + k for k in ("summary", "plan_completion", "next_plan")},
        "county_opinion": "同意申请复核。", "county_opinion_date": "2026-06-02",
    }


RECORDS = {"application": application, "plan": plan, "change": change, "review": review}
