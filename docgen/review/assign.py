"""Who scores what: `per` experts for each application, 回避 respected, loads balanced within one.

Deterministic for a seed: the applications with the fewest eligible experts are served first (so a
narrow one is not starved), each taking the least-loaded eligible experts, ties drawn by a
`random.Random(seed)`; then chains of moves from the most to the least loaded expert even the loads
out to within one where 回避 allows. Too few eligible experts for an application is an InputError naming it.
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
    """Even the loads out to within one where 回避 allows, by chains of moves: the most loaded expert
    hands an application to x1, x1 hands another to x2, … the last to a least loaded one; everyone in
    between keeps their load (a single move is a chain of one)."""
    ok = {aid: set(ids) for aid, ids in eligible.items()}
    for _ in range(sum(load.values()) + 1):
        hi = max(load.values())
        if hi - min(load.values()) <= 1:
            return
        path = None
        for giver in sorted(x for x in load if load[x] == hi):
            path = _chain(giver, hi - 2, chosen, ok, load)
            if path:
                break
        if not path:
            return  # no chain: as balanced as 回避 allows
        for aid, frm, to in path:
            chosen[aid].remove(frm)
            chosen[aid].add(to)
        load[path[0][1]] -= 1
        load[path[-1][2]] += 1


def _chain(giver: str, taker_max: int, chosen: dict[str, set[str]], ok: dict[str, set[str]], load: dict[str, int]):
    """The shortest chain of moves [(application, from, to), …] from `giver` to an expert loaded at most
    `taker_max` (BFS), using
    each application at most once so the moves stay valid when applied in order."""
    from collections import deque

    queue = deque([(giver, [])])
    seen = {giver}
    while queue:
        x, path = queue.popleft()
        used = {aid for aid, _, _ in path}
        for aid in sorted(chosen):
            if aid in used or x not in chosen[aid]:
                continue
            for y in sorted(ok[aid] - chosen[aid]):
                if y in seen:
                    continue
                step = path + [(aid, x, y)]
                if load[y] <= taker_max:
                    return step
                seen.add(y)
                queue.append((y, step))
    return None


def loads(assignment: dict[str, list[str]], experts: list[dict]) -> dict[str, int]:
    out = {e["expert_id"]: 0 for e in experts}
    for ids in assignment.values():
        for x in ids:
            out[x] += 1
    return out
