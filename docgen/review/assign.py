"""Who scores what: `per` experts for each application, 回避 respected, loads balanced within one.

Deterministic for a seed: the applications with the fewest eligible experts are served first (so a
narrow one is not starved), each taking the least-loaded eligible experts, ties drawn by a
`random.Random(seed)`; then single moves from the most to the least loaded expert even the loads out
where 回避 allows. Too few eligible experts for an application is an InputError naming it.
"""

from __future__ import annotations

import random

from docgen.errors import InputError
from docgen.review.conflicts import conflicts
from docgen.review.inputs import org_keys


def _eligible(experts: list[dict], apps: list[dict]) -> dict[str, list[str]]:
    out = {}
    for a in apps:
        probe = {"city_code": a["city_code"], "org_keys": org_keys(a)}
        out[a["application_id"]] = [e["expert_id"] for e in experts if conflicts(e, probe) is None]
    return out


def assign(experts: list[dict], apps: list[dict], per: int, seed: int = 0) -> dict[str, list[str]]:
    """application_id → the expert_ids scoring it (sorted)."""
    if per < 1:
        raise InputError("每份申报的评审专家人数应至少为 1。")
    rng = random.Random(seed)
    eligible = _eligible(experts, apps)
    short = [a for a in apps if len(eligible[a["application_id"]]) < per]
    if short:
        lines = [f"申报 {a['application_id']}「{a['cluster_name']}」回避后只有 {len(eligible[a['application_id']])} 位专家可评"
                 f"（需 {per} 位）" for a in short]
        raise InputError("可评审的专家不足，未分配：\n" + "\n".join(lines) + "\n请补充其他设区市、其他单位的专家，或减少 --per。")
    load = {e["expert_id"]: 0 for e in experts}
    draw = {e["expert_id"]: rng.random() for e in experts}
    order = sorted(apps, key=lambda a: (len(eligible[a["application_id"]]), rng.random()))
    chosen: dict[str, set[str]] = {}
    for a in order:
        aid = a["application_id"]
        pick = sorted(eligible[aid], key=lambda x: (load[x], draw[x]))[:per]
        for x in pick:
            load[x] += 1
        chosen[aid] = set(pick)
        for x in pick:  # re-draw the used experts' ties so the next application mixes differently
            draw[x] = rng.random()
    _balance(chosen, eligible, load)
    return {aid: sorted(chosen[aid]) for aid in sorted(chosen)}


def _balance(chosen: dict[str, set[str]], eligible: dict[str, list[str]], load: dict[str, int]) -> None:
    """Move single assignments from the most to the least loaded experts until within one, if 回避 allows."""
    for _ in range(10 * sum(load.values()) + 10):
        hi, lo = max(load.values()), min(load.values())
        if hi - lo <= 1:
            return
        moved = False
        for giver in sorted(x for x in load if load[x] == hi):
            for taker in sorted(x for x in load if load[x] <= hi - 2):
                for aid in sorted(chosen):
                    if giver in chosen[aid] and taker not in chosen[aid] and taker in eligible[aid]:
                        chosen[aid].remove(giver)
                        chosen[aid].add(taker)
                        load[giver] -= 1
                        load[taker] += 1
                        moved = True
                        break
                if moved:
                    break
            if moved:
                break
        if not moved:
            return  # 回避 leaves no move: as balanced as it can be


def loads(assignment: dict[str, list[str]], experts: list[dict]) -> dict[str, int]:
    out = {e["expert_id"]: 0 for e in experts}
    for ids in assignment.values():
        for x in ids:
            out[x] += 1
    return out
