"""`application_id` = `<year>-<GB/T 2260 county code>-<n>`, given once and never changed.

`<n>` counts the county's applications of the year in the order of their files' sha256 (so the same
files numbered on another machine get the same ids). Once given, an id is stored in the ledger (a
JSON file, default `outputs/review-ids.json`) with the sha256 it was given to; a later run keeps
every stored id and numbers only new files, after the highest `<n>` already given in that county
and year (`number_new`, which the portal's table of ids uses too). A file whose sha256 is in the ledger keeps its id even if it moved.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from docgen.atomic import write_text_atomic
from docgen.errors import InputError

DEFAULT_LEDGER = "outputs/review-ids.json"


def ledger_path(given: str | Path | None = None) -> Path:
    return Path(given or os.environ.get("DOCGEN_REVIEW_IDS") or DEFAULT_LEDGER)


def read_ledger(path: Path) -> dict[str, dict]:
    """sha256 → {application_id, year, county_code, n, cluster_name, county}."""
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["applications"]
        return {r["sha256"]: r for r in rows}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"申报编号登记文件 {path} 无法读取（{type(exc).__name__}）：请恢复该文件，"
                         "编号一经给出不得改变。") from None


def number_new(apps: list[dict], given: list[dict]) -> list[dict]:
    """The ledger rows of the apps not yet numbered (`given`: the rows already stored, never changed):
    per county and year, in sha256 order, after the highest `<n>` given there."""
    known = {r["sha256"] for r in given}
    highest: dict[tuple[int, str], int] = {}
    for r in given:
        key = (int(r["year"]), str(r["county_code"]))
        highest[key] = max(highest.get(key, 0), int(r["n"]))
    rows = []
    for a in sorted((a for a in apps if a["sha256"] not in known), key=lambda a: a["sha256"]):
        if a["sha256"] in {r["sha256"] for r in rows}:
            continue
        key = (a["year"], a["county_code"])
        n = highest.get(key, 0) + 1
        highest[key] = n
        rows.append({"application_id": f"{a['year']}-{a['county_code']}-{n}", "sha256": a["sha256"],
                     "year": a["year"], "county_code": a["county_code"], "n": n,
                     "cluster_name": a.get("cluster_name"), "county": a.get("county")})
    return rows


def give_ids(apps: list[dict], path: Path) -> list[dict]:
    """Set `application_id` on each app ({sha256, year, county_code, …}), storing new ones in the ledger."""
    ledger = read_ledger(path)
    new = number_new(apps, list(ledger.values()))
    for r in new:
        ledger[r["sha256"]] = r
    for a in apps:
        a["application_id"] = ledger[a["sha256"]]["application_id"]
    if new:
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = sorted(ledger.values(), key=lambda r: (r["year"], r["county_code"], r["n"]))
        write_text_atomic(path, json.dumps({"applications": rows}, ensure_ascii=False, indent=1) + "\n")
    return apps
