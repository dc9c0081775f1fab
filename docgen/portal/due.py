"""What a county must do, and by when (待办), and what a city's clusters have not yet filed: the
registry's due lists for their clusters, the annual table of last year due by the programme's deadline
(3月31日) for each recognised cluster with whether it is filed, plus the county's own packages and
filings waiting on it. "Today" is the setting."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from docgen.catalogue import programme
from docgen.portal import access
from docgen.portal import models as m


def _annual_rows(portal, session, today: date, where) -> list[dict]:
    """The annual table each recognised cluster matching `where` owes now: last year's, or, recognised this
    year, this year's (the first one owed is for the year of recognition) — its deadline, filed or not,
    and the latest portal filing of it (its status and page)."""
    from docgen.registry import models as r
    from docgen.registry.loading import load_bundles

    clusters = session.scalars(select(r.Cluster).where(where).order_by(r.Cluster.cluster_id)).all()
    bundles = {b.cluster.id: b for b in load_bundles(session, with_files=False, cluster_pks=[c.id for c in clusters])}
    latest: dict[tuple[str, int], m.Filing] = {}
    for f in session.scalars(select(m.Filing).where(m.Filing.cluster_id.in_([c.cluster_id for c in clusters]),
                                                    m.Filing.kind == "annual").order_by(m.Filing.id)):
        latest[(f.cluster_id, f.report_year)] = f
    out = []
    for c in clusters:
        b = bundles.get(c.id)
        if b is None or b.standing.state_on(today) in ("revoked", "not_recognised"):
            continue
        year = max(today.year - 1, b.standing.recognition.published_on.year)
        deadline = programme().annual_deadline_for(year)
        filed = year in b.current_annual()
        f = latest.get((c.cluster_id, year))
        out.append({"cluster_id": c.cluster_id, "cluster_name": c.cluster_name, "county": c.county,
                    "report_year": year, "deadline": deadline.isoformat(), "filed": filed,
                    "overdue": deadline < today and not filed,
                    "filing_id": f.id if f else None, "filing_status": f.status if f else None})
    return out


def due_for(portal, account: m.Account) -> dict:
    from docgen.registry import models as r
    from docgen.registry.due import due_lists

    today: date = portal.config.current_date()
    lists = due_lists(portal.registry, today)
    mine = {k: [i for i in v if i.get("county") == account.unit] for k, v in lists.items() if isinstance(v, list)}
    with portal.registry.reading() as s:
        packages = s.scalars(access.scoped(account, m.Package).where(
            m.Package.unit == account.unit, m.Package.status.in_((m.DRAFT, m.RETURNED)))
            .order_by(m.Package.id)).all()
        filings = s.scalars(access.scoped(account, m.Filing).where(
            m.Filing.unit == account.unit, m.Filing.status.in_((m.DRAFT, m.RETURNED))).order_by(m.Filing.id)).all()
        annual = _annual_rows(portal, s, today, r.Cluster.county == account.unit) if account.unit else []
    return {"on": today.isoformat(), "annual_tables": annual,
            "annual_overdue": mine.get("annual_overdue", []), "reviews_due": mine.get("reviews_due", []),
            "returned": [{"id": p.id, "cluster_name": p.cluster_name, "year": p.year, "reason": p.reason}
                         for p in packages if p.status == m.RETURNED],
            "drafts": [{"id": p.id, "cluster_name": p.cluster_name, "year": p.year}
                       for p in packages if p.status == m.DRAFT],
            "filings_open": [{"id": f.id, "cluster_name": f.cluster_name, "kind": f.kind, "report_year": f.report_year,
                              "status": f.status, "reason": f.reason} for f in filings]}


def city_due(portal, account: m.Account) -> dict:
    """The city's clusters: last year's annual tables (filed or not, by when), the registry's overdue
    tables and reviews due."""
    from docgen.registry import models as r
    from docgen.registry.due import due_lists

    access.require(account, m.CITY)
    today = portal.config.current_date()
    lists = due_lists(portal.registry, today)
    with portal.registry.reading() as s:
        annual = _annual_rows(portal, s, today, r.Cluster.city == account.city)
    return {"on": today.isoformat(), "annual_tables": annual,
            **{k: [i for i in lists[k] if i.get("city") == account.city] for k in ("annual_overdue", "reviews_due")}}
