"""What review starts from: the expert pool (the `experts` form, or JSON with its keys) and the
applications (validated files, or a `docgen validate --json` report). Only valid and eligible
applications enter review; the others are listed apart with the reason.
"""

from __future__ import annotations

import json
from pathlib import Path

from docgen.catalogue import cities, year_rule
from docgen.errors import InputError
from docgen.review.conflicts import city_code, city_code_of_county, county_code, normalise_org

EXPERT_KEYS = ("expert_id", "name", "org", "city", "field", "phone")
MAX_SHOWN = 20


def _fail(what: str, problems: list[str]) -> InputError:
    more = f"\n……另有{len(problems) - MAX_SHOWN}处问题" if len(problems) > MAX_SHOWN else ""
    return InputError(f"{what}有误：\n" + "\n".join(problems[:MAX_SHOWN]) + more)


def _experts_from_form(path: Path) -> list[dict]:
    from docgen.pipeline import check_file

    entry = check_file(path)
    if entry["form"] != "experts":
        raise InputError(f"{path.name} 不是评审专家库（experts）表格。请用 docgen forms new experts 生成后填写。")
    errors = [i for i in entry["issues"] if i["severity"] == "error"]
    if errors:
        raise _fail(f"专家库 {path.name} ", [f"{i.get('location') or ''} {i['message']}".strip() for i in errors])
    return list(entry["data"].get("experts") or [])


def _experts_from_json(path: Path) -> list[dict]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"专家库 {path.name} 不是有效的 JSON（{type(exc).__name__}）。") from None
    rows = payload.get("experts") if isinstance(payload, dict) else payload
    if not isinstance(rows, list):
        raise InputError(f"专家库 {path.name} 应为对象数组，或 {{\"experts\": [...]}}。")
    problems = []
    for n, r in enumerate(rows, 1):
        if not isinstance(r, dict):
            problems.append(f"第{n}项不是对象。")
            continue
        missing = [k for k in EXPERT_KEYS if not str(r.get(k) or "").strip()]
        if missing:
            problems.append(f"第{n}项缺少 {'、'.join(missing)}。")
        if r.get("city") and r["city"] not in cities():
            problems.append(f"第{n}项所在设区市「{r['city']}」不在名单范围内，应为：{'、'.join(cities())}。")
    if problems:
        raise _fail(f"专家库 {path.name} ", problems)
    return rows


def load_experts(path: Path) -> list[dict]:
    """The pool, ordered by expert_id, each with `city_code` and `org_key` for 回避."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到专家库文件：{path}")
    rows = _experts_from_json(path) if path.suffix.lower() == ".json" else _experts_from_form(path)
    return normalise_experts(rows, path.name)


def normalise_experts(rows: list[dict], name: str) -> list[dict]:
    """Validated rows of the pool → ordered by expert_id, each with `city_code` and `org_key` (回避);
    a repeated expert_id is an InputError. The portal's upload of the 专家库 comes through here too."""
    if not rows:
        raise InputError(f"专家库 {name} 中没有专家。")
    seen, problems, out = set(), [], []
    for r in rows:
        e = {k: str(r.get(k) or "").strip() for k in EXPERT_KEYS}
        if e["expert_id"] in seen:
            problems.append(f"专家编号 {e['expert_id']} 重复。")
        seen.add(e["expert_id"])
        e["city_code"] = city_code(e["city"])
        e["org_key"] = normalise_org(e["org"])
        out.append(e)
    if problems:
        raise _fail(f"专家库 {name} ", problems)
    return sorted(out, key=lambda e: e["expert_id"])


def _entries(paths: list[Path]) -> list[dict]:
    if len(paths) == 1 and paths[0].is_file() and paths[0].suffix.lower() == ".json":
        try:
            report = json.loads(paths[0].read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"{paths[0].name} 不是有效的 JSON（{type(exc).__name__}）。") from None
        if not isinstance(report, dict) or not isinstance(report.get("files"), list):
            raise InputError(f"{paths[0].name} 不是 docgen validate --json 的报告。")
        return [f for f in report["files"] if isinstance(f, dict)]
    from docgen.pipeline import validate_paths

    for p in paths:
        if not p.exists():
            raise InputError(f"找不到申报材料：{p}")
    return validate_paths(paths)["files"]


def _why_not(entry: dict) -> str | None:
    if entry.get("form") != "application":
        return "不是申报书"
    if not entry.get("valid"):
        n = sum(1 for i in entry.get("issues") or () if i.get("severity") == "error")
        return f"申报书校验未通过（{n} 个错误），请先用 docgen validate 查看"
    if entry.get("eligible") is not True:
        failed = [c.get("article", "") + (c.get("message") or "") for c in entry.get("criteria") or ()
                  if c.get("passed") is False]
        return "不符合认定条件：" + ("；".join(failed) or "见 docgen validate 报告")
    return None


def load_applications(paths: list[Path]) -> tuple[list[dict], list[dict]]:
    """(applications entering review, the others as {path, reason}); no ids yet (docgen.review.ids)."""
    apps, excluded = [], []
    rule = year_rule("application")
    for entry in _entries([Path(p) for p in paths]):
        reason = _why_not(entry)
        data = entry.get("data") or {}
        if reason is None and not entry.get("sha256"):
            reason = "无法计算文件摘要"
        year = rule.anchor_from(data.get("years") or {}) if rule else None
        code = county_code(str(data.get("county") or ""), data.get("city"))
        if reason is None and (year is None or code is None):
            reason = "无法确定申报年度或县级区划代码"
        if reason:
            excluded.append({"path": entry.get("path"), "cluster_name": data.get("cluster_name"), "reason": reason})
            continue
        apps.append({
            "sha256": entry["sha256"], "path": entry.get("path"), "year": int(year), "county_code": code,
            "cluster_name": data.get("cluster_name"), "city": data.get("city"), "county": data.get("county"),
            "leading_industry": data.get("leading_industry"), "applicant_org": data.get("applicant_org"),
            "operator_name": data.get("operator_name"), "city_code": city_code_of_county(str(data.get("county"))),
            "data": data,
        })
    dup = {}
    for a in apps:  # the same file twice (copied into two folders) is one application
        dup.setdefault(a["sha256"], a)
    return list(dup.values()), excluded


def org_keys(app: dict) -> set[str]:
    """The organisations an expert must not belong to: the applicant and the cluster's operator."""
    return {k for k in (normalise_org(app.get("applicant_org")), normalise_org(app.get("operator_name"))) if k}
