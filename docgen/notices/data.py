"""Cluster lists in (JSON, .xlsx, a `docgen validate --json` report) and their checks.

Everything is checked before anything is written: one InputError lists every problem found, in
Chinese, with the entry it is in, so a clerk fixes the list in one pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from docgen.catalogue import cities
from docgen.errors import InputError
from docgen.notices.model import GROUNDS, REVIEW_RESULTS, ClusterEntry

DOC_NUMBER = re.compile(r"^\S+〔\d{4}〕[1-9]\d*号$")

# .xlsx headers → field ids (half-width brackets accepted: typed lists use both).
XLSX_HEADERS = {
    "设区市": "city", "所在设区市": "city",
    "县（市、区）": "county", "县(市、区)": "county", "所在县（市、区）": "county",
    "集群名称": "cluster_name",
    "主导产业": "leading_industry",
    "撤销依据": "ground",
    "复核结果": "result",
}
FIELDS = ("city", "county", "cluster_name", "leading_industry", "ground", "result")
LABELS = {"city": "设区市", "county": "县（市、区）", "cluster_name": "集群名称", "leading_industry": "主导产业",
          "ground": "撤销依据", "result": "复核结果"}
MAX_SHOWN = 20
# Characters XML 1.0 cannot hold (pasted from other programs into Excel cells): dropped; line breaks
# and tabs inside a cell become nothing, as a name never spans lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_doc_number(text: str) -> str:
    text = str(text).strip()
    if not DOC_NUMBER.match(text):
        hint = ""
        if re.search(r"[\[［(（【]\d{4}[\]］)）】]", text):
            hint = "年份须用六角括号〔〕，"
        elif re.search(r"〔\d{4}〕0", text):
            hint = "序号不编虚位（不加 0），"
        elif "第" in text:
            hint = "序号前不加“第”，"
        raise InputError(f"发文字号「{text}」格式不对：{hint}应为 机关代字〔年份〕序号号，例如 陕工信发〔2026〕12号。")
    return text


def _records_from_json(path: Path) -> list[dict]:
    try:
        payload = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"名单文件 {path.name} 不是有效的 JSON（{exc}）。请检查文件内容。") from exc
    if isinstance(payload, dict) and isinstance(payload.get("files"), list):
        # A `docgen validate --json` report: the applications' parsed records.
        return [f["data"] for f in payload["files"]
                if isinstance(f, dict) and f.get("form") == "application" and isinstance(f.get("data"), dict)]
    if isinstance(payload, list):
        bad = [i for i, r in enumerate(payload, 1) if not isinstance(r, dict)]
        if bad:
            raise InputError(f"名单文件 {path.name} 第{bad[0]}项不是对象；每项应为含 city、county、cluster_name、"
                             "leading_industry 的对象。")
        return payload
    raise InputError(f"名单文件 {path.name} 应为对象数组，或 docgen validate --json 的报告。")


def _records_from_xlsx(path: Path) -> list[dict]:
    from docgen.formats.gongwen.listdata import read_rows

    records = []
    for _number, row in read_rows(path, "集群名称"):
        records.append({XLSX_HEADERS[h]: v for h, v in row.items() if h in XLSX_HEADERS})
    return records


def read_records(path: Path) -> list[dict]:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"找不到名单文件：{path}")
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _records_from_json(path)
    if suffix in (".xlsx", ".xlsm"):
        return _records_from_xlsx(path)
    raise InputError(f"名单文件 {path.name} 的格式不支持：请用 .json 或 .xlsx（.xls 请另存为 .xlsx）。")


def _normalise_ground(text: str) -> str:
    m = re.fullmatch(r"\s*(?:第十九条)?\s*(?:第)?[（(]\s*([一二三四五])\s*[)）](?:项)?\s*", text)
    return f"第十九条（{m[1]}）" if m else text


def check_entries(records: list[dict], kind: str) -> list[ClusterEntry]:
    """Records → entries ordered by city (the dictionary's order), then as given; InputError if bad."""
    if not records:
        raise InputError("名单为空：至少需要一个集群。请检查名单文件或 validate 报告中是否有申报书数据。")
    problems: list[str] = []
    entries: list[tuple[int, int, ClusterEntry]] = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(records, 1):
        where = f"第{i}条"
        values = {f: _CONTROL.sub("", str(rec.get(f) or "")).strip() for f in FIELDS}
        name = values["cluster_name"]
        if name:
            where += f"「{name}」"
        for f in ("city", "county", "cluster_name", "leading_industry"):
            if not values[f]:
                problems.append(f"{where}缺少{LABELS[f]}（{f}）。")
        if values["city"] and values["city"] not in cities():
            problems.append(f"{where}设区市「{values['city']}」不在名单范围内，应为：{'、'.join(cities())}。")
        if name:
            key = re.sub(r"\s+", "", name)
            if key in seen:
                problems.append(f"{where}与第{seen[key]}条集群名称重复，请删除重复项。")
            else:
                seen[key] = i
        if kind == "revocation":
            values["ground"] = _normalise_ground(values["ground"])
            if not values["ground"]:
                problems.append(f"{where}缺少撤销依据（ground），例如“第十九条（三）”。")
            elif not re.fullmatch(r"第十九条（[一二三四五]）", values["ground"]):
                problems.append(f"{where}撤销依据「{values['ground']}」应为第十九条（一）至（五）之一，例如“第十九条（三）”。")
        if kind == "review" and values["result"] and values["result"] not in REVIEW_RESULTS:
            problems.append(f"{where}复核结果「{values['result']}」应为“通过”或“未通过”。")
        entry = ClusterEntry(**values)
        order = cities().index(entry.city) if entry.city in cities() else len(cities())
        entries.append((order, i, entry))
    if kind == "review":
        with_result = sum(1 for _, _, e in entries if e.result)
        if 0 < with_result < len(entries):
            problems.append(f"复核结果只填了{with_result}条（共{len(entries)}条）：要么全部填写（结果通知），要么全部不填（复核通知）。")
    if problems:
        more = f"\n……另有{len(problems) - MAX_SHOWN}处问题" if len(problems) > MAX_SHOWN else ""
        raise InputError("名单数据有误，未生成公文：\n" + "\n".join(problems[:MAX_SHOWN]) + more)
    return [e for _, _, e in sorted(entries, key=lambda t: (t[0], t[1]))]


def load_entries(path: Path, kind: str) -> list[ClusterEntry]:
    return check_entries(read_records(path), kind)


def ground_description(item: str) -> str:
    return GROUNDS[item]


def one_per_cluster(items: list[dict]) -> list[dict]:
    """A due list as notice records: one row per cluster, the first (lowest-numbered) ground or year
    kept, as a notice names each cluster once."""
    records, seen = [], set()
    for item in items:
        key = item.get("cluster_id") or item.get("cluster_name")
        if key not in seen:
            seen.add(key)
            records.append(item)
    return records


# Which list of the registry's due lists (docgen.registry.due) feeds which notice, and what it holds.
REGISTRY_LISTS = {"annual-call": "annual_overdue", "review": "reviews_due", "revocation": "revocation_candidates"}
REGISTRY_WHAT = {"annual-call": "年度信息表逾期未报", "review": "有效期届满需复核", "revocation": "符合第十九条撤销情形"}


def records_from_due(kind: str, due: dict) -> list[dict]:
    """The notice records of `kind` from a due-lists answer ({"on", "annual_overdue", …}): one per cluster;
    InputError when the list is empty (no notice is drafted about nobody)."""
    records = one_per_cluster(due[REGISTRY_LISTS[kind]])
    if not records:
        raise InputError(f"名录中截至 {due['on']} 没有{REGISTRY_WHAT[kind]}的集群，未生成公文。")
    return records
