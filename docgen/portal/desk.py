"""What the province's desk reads (docs/portal.md "What each does"): the recommended packages by city, the
registry's due list and one cluster's record on the portal's "today", the evaluation report of a year.
Each answers from the library the CLI uses (`registry due`, `registry show`, `report evaluation`).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from docgen.catalogue import cities
from docgen.errors import UsageError
from docgen.portal import access
from docgen.portal import models as m

# A package the city has put forward, and every state after it: what the province sees on its desk.
FORWARDED = (m.RECOMMENDED, m.SHORTLISTED, m.PUBLICISED, m.RECOGNISED, m.NOT_SELECTED)


def recommended_by_city(portal, account: m.Account, year: int) -> list[tuple[str, list[m.Package]]]:
    """(city, its packages of `year` from `recommended` on), cities in the data dictionary's order."""
    access.require(account, m.PROVINCE)
    with portal.registry.reading() as s:
        rows = s.scalars(access.scoped(account, m.Package).where(m.Package.year == year,
                                                                  m.Package.status.in_(FORWARDED))
                         .order_by(m.Package.unit, m.Package.id)).all()
    order = {c: i for i, c in enumerate(cities())}
    grouped: dict[str, list[m.Package]] = {}
    for p in sorted(rows, key=lambda p: (order.get(p.city, len(order)), p.unit, p.id)):
        grouped.setdefault(p.city, []).append(p)
    return list(grouped.items())


def package_years(portal, account: m.Account) -> list[int]:
    """The years any forwarded package is of, newest first (the year filter's choices)."""
    access.require(account, m.PROVINCE)
    with portal.registry.reading() as s:
        return sorted(set(s.scalars(select(m.Package.year).where(m.Package.status.in_(FORWARDED)))), reverse=True)


def due(portal, account: m.Account) -> dict:
    """`registry due` on the portal's today."""
    from docgen.registry.due import due_lists

    access.require(account, m.PROVINCE)
    return due_lists(portal.registry, portal.config.current_date())


def cluster_record(portal, account: m.Account, cluster_id: str) -> dict:
    """`registry show CLUSTER` on the portal's today; 404 for an id the registry does not hold."""
    from docgen.registry.history import cluster_history

    access.require(account, m.PROVINCE)
    try:
        return cluster_history(portal.registry, cluster_id, portal.config.current_date())
    except UsageError:
        raise access.NotFound("名录中没有这个集群编号。") from None


def evaluation_report(portal, account: m.Account, year: int) -> tuple[bytes, str]:
    """`docgen report evaluation --year YEAR` on the portal's today: the .docx and its download name."""
    from docgen.registry.evaluation import evaluate
    from docgen.registry.evaluation_report import write_evaluation

    access.require(account, m.PROVINCE)
    if not 2000 <= year <= 2100:
        raise access.PortalError("年度应为四位数字，如 2026。", code="evaluation.year")
    ev = evaluate(portal.registry, year, portal.config.current_date())
    tmp_root = portal.config.data / "tmp"
    tmp_root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=tmp_root) as tmp:
        path = write_evaluation(ev, Path(tmp) / "evaluation.docx")
        return path.read_bytes(), f"{year}年度集群发展评估报告.docx"


# --- accounts (the CLI's `docgen portal user reset|disable`, on the desk) ----------------------------

def account_list(portal, account: m.Account, query: str = "") -> list[m.Account]:
    """Every account (province, cities, then counties, by name), or those whose name, unit or city holds `query`."""
    access.require(account, m.PROVINCE)
    with portal.registry.reading() as s:
        rows = s.scalars(select(m.Account)).all()
    query = (query or "").strip()
    if query:
        rows = [a for a in rows if any(query in (v or "") for v in (a.username, a.unit, a.city))]
    rank = {m.PROVINCE: 0, m.CITY: 1, m.COUNTY: 2}
    return sorted(rows, key=lambda a: (min(rank.get(r, 3) for r in a.role_set or {""}), a.city or "", a.username))


def _target(portal, account: m.Account, account_id: int) -> m.Account:
    access.require(account, m.PROVINCE)
    with portal.registry.reading() as s:
        target = s.get(m.Account, account_id)
    if target is None:
        raise access.NotFound("没有这个账号。")
    if target.id == account.id:
        raise access.Conflict("不能在这里重设或停用自己的账号；修改自己的密码请用“修改密码”。")
    return target


def reset_account(portal, account: m.Account, account_id: int) -> dict:
    """A new one-time password for the account (shown once), its sessions and tokens ended; audited."""
    from docgen.portal.accounts import reset_user

    return reset_user(portal.registry, _target(portal, account, account_id).username, by=account)


def disable_account(portal, account: m.Account, account_id: int) -> str:
    from docgen.portal.accounts import disable_user

    target = _target(portal, account, account_id)
    if target.disabled:
        raise access.Conflict(f"账号「{target.username}」已是停用状态。")
    disable_user(portal.registry, target.username, by=account)
    return target.username
