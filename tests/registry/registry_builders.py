"""Records and report entries for registry tests, shaped as `docgen validate --json` gives them.

Uses `docgen.samples.valid_record` when it exists (the fixtures engineer's builder); otherwise a
minimal record with the fields the registry reads.
"""

from __future__ import annotations

import hashlib
import json

SAFETY = ("major_accident", "quality_accident", "pollution_accident", "cyber_incident", "data_incident",
          "tax_evasion", "violation", "dishonesty", "other_major")
INDICATORS = {
    "output_total": (40.0, 46.0), "output_sme": (30.0, 35.0), "output_leading": (31.0, 36.0),
    "rd_sme": (9000.0, 10200.0), "invention_patents": (300, 340), "employees": (20000, 21000),
    "iip_rate": (18.0, 21.0), "software_rate": (40.0, 44.0), "nonfossil_share": (20.0, 22.0),
    "co2_intensity": (0.9, 0.85), "standards": (5, 7),
}

CLUSTERS = [
    {"city": "西安市", "county": "鄠邑区", "cluster_name": "鄠邑区汽车零部件产业集群", "leading_industry": "汽车零部件"},
    {"city": "宝鸡市", "county": "陈仓区", "cluster_name": "陈仓区钛及钛合金产业集群", "leading_industry": "钛材料"},
    {"city": "榆林市", "county": "神木市", "cluster_name": "神木市煤化工新材料产业集群", "leading_industry": "煤化工"},
    {"city": "杨凌示范区", "county": "杨陵区", "cluster_name": "杨陵区现代农业装备产业集群", "leading_industry": "农业装备"},
]


def _sample(form: str) -> dict:
    from docgen.samples import valid_record

    return valid_record(form)


def annual_record(cluster: dict, report_year: int, *, fill_date: str | None = None, incident: bool = False,
                  scale: float = 1.0, cluster_id: str | None = None, progress: list | None = None) -> dict:
    rec = _sample("annual")
    rec.update({k: cluster[k] for k in ("city", "county", "cluster_name")})
    rec.update({"cluster_id": cluster_id, "recognition_year": 2024, "report_year": report_year,
                "contact_name": "王敏", "contact_phone": "029-86212345",
                "fill_date": fill_date or f"{report_year + 1}-03-10",
                "years": {"prev": report_year - 1, "cur": report_year}})
    rec["safety"] = {k: False for k in SAFETY}
    if incident:
        rec["safety"]["major_accident"] = True
    for ind, (prev, cur) in INDICATORS.items():
        cast = int if isinstance(prev, int) else float
        rec[ind] = {"prev": cast(round(prev * scale, 2)), "cur": cast(round(cur * scale, 2))}
    rec["specialised_smes"] = {"cur": 12}
    rec["little_giants"] = {"cur": 2}
    rec["progress"] = progress if progress is not None else [
        {"indicator": "output_total", "target": 45.0 * scale, "actual": 46.0 * scale, "note": None},
        {"indicator": "rd_sme", "target": 11000.0 * scale, "actual": 10200.0 * scale, "note": None},
        {"indicator": "co2_intensity", "target": 0.88, "actual": 0.85, "note": None},
    ]
    rec["work"] = {"experience": "建立链长制。", "problems": "融资难。", "improvements": "设立基金。", "cases": "某企业技改。"}
    return rec


def change_record(cluster: dict, change_date: str, fill_date: str, cluster_id: str | None = None) -> dict:
    rec = _sample("change")
    rec.update({k: cluster[k] for k in ("city", "county", "cluster_name")})
    rec.update({"cluster_id": cluster_id, "recognition_year": 2024, "change_date": change_date,
                "fill_date": fill_date, "change": {"industry": False, "area": False, "operator": True, "other": False},
                "operator_before": "甲公司", "operator_after": "乙公司", "change_reason": "机构改革"})
    return rec


def review_record(cluster: dict, fill_date: str, cluster_id: str | None = None) -> dict:
    rec = _sample("review")
    rec.update({k: cluster[k] for k in ("city", "county", "cluster_name")})
    rec.update({"cluster_id": cluster_id, "recognition_year": 2024, "fill_date": fill_date})
    return rec


def entry(form: str, data: dict | None, *, valid: bool = True, path: str | None = None, salt: str = "") -> dict:
    """A report entry; the sha256 stands for the file's content (the record plus `salt`)."""
    digest = hashlib.sha256((json.dumps(data, ensure_ascii=False, sort_keys=True, default=str) + form + salt)
                            .encode()).hexdigest()
    issues = [] if valid else [{"code": "field.required", "severity": "error", "field": "contact_name", "row": None,
                                "label": "联系人", "location": "基本信息!C6", "value": None,
                                "message": "「联系人」未填写，此项必填。"}]
    return {"path": path or f"{form}-{digest[:8]}.xlsx", "sha256": digest, "form": form, "form_version": "1.0",
            "valid": valid, "eligible": None, "issues": issues, "criteria": [], "data": data}


def report(*entries: dict) -> dict:
    return {"policy": "shaanxi-2023", "files": list(entries),
            "summary": {"files": len(entries), "valid": sum(e["valid"] for e in entries),
                        "invalid": sum(not e["valid"] for e in entries), "eligible": 0}}
