"""`docgen review assign`: applications in, ids given, experts assigned, one scoring sheet each out,
and `assignment.json` written down so the tally knows who owes which score."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from docgen.atomic import write_text_atomic
from docgen.errors import InputError
from docgen.review.assign import assign, loads
from docgen.review.ids import give_ids, ledger_path
from docgen.review.index import load_index
from docgen.review.inputs import load_applications, load_experts
from docgen.review.sheets import sheet_name, write_sheet

ASSIGNMENT = "assignment.json"
_APP_KEYS = ("application_id", "sha256", "path", "cluster_name", "city", "county", "leading_industry",
             "applicant_org", "operator_name")


@dataclass
class AssignResult:
    assignment: Path
    sheets: list[Path]
    applications: list[dict]
    excluded: list[dict]
    loads: dict[str, int] = field(default_factory=dict)


def assignment_record(index_id: str, seed: int, per: int, experts: list[dict], apps: list[dict],
                      chosen: dict[str, list[str]], *, app_keys: tuple[str, ...] = _APP_KEYS,
                      sheets: dict[str, str] | None = None) -> dict:
    """`assignment.json`'s shape — what the tally reads back — for the CLI's files and the portal's round alike."""
    return {
        "created": dt.datetime.now().isoformat(timespec="seconds"), "index": index_id, "seed": seed, "per": per,
        "experts": [{k: e[k] for k in ("expert_id", "name", "org", "city")}
                    | ({"sheet": sheets.get(e["expert_id"])} if sheets is not None else {}) for e in experts],
        "applications": [{k: a.get(k) for k in app_keys} | {"experts": chosen[a["application_id"]]} for a in apps],
    }


def run_assign(experts_file: Path, applications: list[Path], outdir: Path, *, per: int | None = None,
               seed: int = 0, ids: Path | None = None, index_name: str | None = None) -> AssignResult:
    index = load_index(index_name)
    per = per or index.experts_per_application
    experts = load_experts(Path(experts_file))
    apps, excluded = load_applications([Path(p) for p in applications])
    if not apps:
        why = "；".join(f"{Path(str(x['path'])).name}：{x['reason']}" for x in excluded[:10])
        raise InputError("没有可进入评审的申报书（须校验通过且符合认定条件）。" + (f"\n{why}" if why else ""))
    give_ids(apps, ledger_path(ids))
    apps.sort(key=lambda a: a["application_id"])
    chosen = assign(experts, apps, per, seed)
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    by_id = {a["application_id"]: a for a in apps}
    sheets, files = [], {}
    for e in experts:
        mine = [by_id[aid] for aid in sorted(chosen) if e["expert_id"] in chosen[aid]]
        if not mine:
            continue
        out = write_sheet(e, mine, index, outdir / sheet_name(e))
        sheets.append(out)
        files[e["expert_id"]] = out.name
    record = assignment_record(index.id, seed, per, experts, apps, chosen, sheets=files) | {"excluded": excluded}
    path = outdir / ASSIGNMENT
    write_text_atomic(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return AssignResult(path, sheets, apps, excluded, loads(chosen, experts))


def read_assignment(path: Path) -> dict:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["applications"], data["experts"]  # noqa: B018 — both keys must be there
    except FileNotFoundError:
        raise InputError(f"找不到分配记录 {path}：请用 --assignment 指定 docgen review assign 写出的 {ASSIGNMENT}。") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise InputError(f"分配记录 {path.name} 无法读取或已损坏：请使用 docgen review assign 写出的 {ASSIGNMENT}。") from None
    return data
