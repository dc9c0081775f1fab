"""Recognise the announced list (Art. 16) in one step: the registry records the clusters the announcement
names (`docgen.registry.decisions.recognise_in`, what `docgen registry recognise` records), the packages
it names move to `recognised`, the other shortlisted or publicised packages of that year to `not_selected`
— all in one transaction with their audit rows, so the registry and the packages never disagree.
"""

from __future__ import annotations

from datetime import date

from docgen.errors import DocgenError
from docgen.portal import access
from docgen.portal import models as m
from docgen.registry.matching import name_key

IN_THE_RUNNING = (m.SHORTLISTED, m.PUBLICISED)


def recognise(portal, account: m.Account, draft_id: int, published_on: date | None = None) -> dict:
    """Record the announcement `draft_id` into the registry; {"clusters": [...], "recognised": n, "not_selected": n}."""
    from docgen.portal.drafting import get_draft
    from docgen.portal.service import audit, move, named_packages, now
    from docgen.registry.decisions import recognise_in

    access.require(account, m.PROVINCE)
    with portal.registry.transaction() as s:
        row = get_draft(s, account, draft_id)
        s.refresh(row, with_for_update=True)  # two clerks at once: the second waits, then finds it recognised
        if row.kind != "announcement":
            raise access.Conflict("只有名单公布通知可以据以登记认定。")
        if row.recognised_at is not None:
            raise access.Conflict(f"这份名单已于 {row.recognised_at:%Y-%m-%d %H:%M} 登记进名录，不能重复登记。")
        published = published_on or row.notice_date
        if published < row.notice_date:
            raise access.Unprocessable("名单公布日期不能早于通知的成文日期。", code="recognise.date")
        records = [{k: e.get(k) for k in ("city", "county", "cluster_name", "leading_industry", "applicant_org")}
                   for e in row.entries]
        try:
            done = recognise_in(s, records, row.doc_number, published)
        except DocgenError as exc:
            raise access.Unprocessable(exc.message, code="recognise.invalid") from None
        chosen, others = named_packages(s, row.year, IN_THE_RUNNING, row.entries)
        for to, packages in ((m.RECOGNISED, chosen), (m.NOT_SELECTED, others)):
            for pkg in packages:
                move(s, account, pkg, to, to, f"{row.doc_number}（公文 {row.id}）")
        counts = {m.RECOGNISED: len(chosen), m.NOT_SELECTED: len(others)}
        # The names the registry now knows by id: the notice's page links each to its record.
        ids = {(name_key(d.county), name_key(d.cluster_name)): d.cluster_id for d in done}
        row.entries = [{**e, "cluster_id": ids.get((name_key(e["county"]), name_key(e["cluster_name"])))}
                       for e in row.entries]
        row.options = {**row.options, "published_on": published.isoformat()}
        row.recognised_at = now()
        audit(s, account, "recognised", "notice", row.id, None, None,
              f"{row.doc_number}：{len(done)} 个集群登记进名录（{published.isoformat()} 公布）")
        return {"clusters": [vars(d) for d in done], "recognised": counts[m.RECOGNISED],
                "not_selected": counts[m.NOT_SELECTED], "published_on": published.isoformat()}
