"""What a county must do, and by when (待办): the registry's due lists for its clusters, plus its own
packages waiting on it (returned by the city, or drafts not yet submitted). "Today" is the setting."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from docgen.catalogue import programme
from docgen.portal import access
from docgen.portal import models as m


def due_for(portal, account: m.Account) -> dict:
    from docgen.registry.due import due_lists

    today: date = portal.config.current_date()
    lists = due_lists(portal.registry, today)
    mine = {k: [i for i in v if i.get("county") == account.unit] for k, v in lists.items() if isinstance(v, list)}
    with portal.registry.reading() as s:
        packages = s.scalars(access.scoped(account, m.Package).where(
            m.Package.unit == account.unit, m.Package.status.in_((m.DRAFT, m.RETURNED)))
            .order_by(m.Package.id)).all()
        from docgen.registry import models as r

        clusters = s.scalars(select(r.Cluster).where(r.Cluster.county == account.unit)
                             .order_by(r.Cluster.cluster_id)).all() if account.unit else []
    annual = [{"cluster_id": c.cluster_id, "cluster_name": c.cluster_name, "report_year": today.year - 1,
               "deadline": programme().annual_deadline_for(today.year - 1).isoformat()} for c in clusters]
    return {"on": today.isoformat(), "annual_tables": annual,
            "annual_overdue": mine.get("annual_overdue", []), "reviews_due": mine.get("reviews_due", []),
            "returned": [{"id": p.id, "cluster_name": p.cluster_name, "year": p.year, "reason": p.reason}
                         for p in packages if p.status == m.RETURNED],
            "drafts": [{"id": p.id, "cluster_name": p.cluster_name, "year": p.year}
                       for p in packages if p.status == m.DRAFT]}
