"""The city's recommendation (Art. 15): accepted packages become `recommended`, and the 设区市推荐汇总表
is generated FILLED from them the way `docgen forms new` makes any form (docgen.generate.new_form, the
values handed in as its pre-fill), stored in the file store by sha256 and kept as a `Recommendation`.

Each row is read from what the portal holds: the cluster's name and county from the package, its leading
industry and latest output from the current 申报书's report, 初审 通过 (only accepted packages are
recommended), 实地抽查 whether the city recorded one.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from sqlalchemy import select

from docgen.portal import access, service
from docgen.portal import models as m

FORM = "recommendation"


def _application_data(session, pkg: m.Package) -> dict:
    from docgen.catalogue import package_forms

    for form, subs in service.versions(session, pkg).items():
        if form in package_forms() and isinstance((subs[0].report or {}).get("data"), dict) \
                and "leading_industry" in subs[0].report["data"]:
            return subs[0].report["data"]
    return {}


def _latest(series) -> float:
    """The latest year's value of a y1/y2/y3 series (the keys sort in year order)."""
    if not isinstance(series, dict):
        return 0.0
    values = [v for _k, v in sorted(series.items()) if isinstance(v, int | float) and not isinstance(v, bool)]
    return float(values[-1]) if values else 0.0


def rows(session, packages: list[m.Package]) -> list[dict]:
    spot = set(session.scalars(select(m.SpotCheck.package_id).where(
        m.SpotCheck.package_id.in_([p.id for p in packages]))))
    out = []
    for rank, pkg in enumerate(packages, 1):
        data = _application_data(session, pkg)
        out.append({"rank": rank, "cluster_name": pkg.cluster_name, "county": pkg.unit,
                    "leading_industry": str(data.get("leading_industry") or "—"),
                    "output_latest": _latest(data.get("output_total")), "precheck": "通过",
                    "spot_check": pkg.id in spot})
    return out


def workbook(city: str, year: int, record: dict) -> bytes:
    """The filled 设区市推荐汇总表 (.xlsx bytes)."""
    from docgen.formats.xlsx_fill import flatten
    from docgen.generate import new_form
    from docgen.schema import load_form

    with tempfile.TemporaryDirectory() as tmp:
        path = new_form(FORM, Path(tmp), city=city, year=year, extra=flatten(load_form(FORM), record))
        return path.read_bytes()


def recommend(portal, account: m.Account, package_ids: list[int], contact_name: str,
              contact_phone: str) -> m.Recommendation:
    """Recommend the city's accepted packages, in the order given (their 推荐排序), all of one year."""
    access.require(account, m.CITY)
    contact_name, contact_phone = (contact_name or "").strip(), (contact_phone or "").strip()
    from docgen.schema import load_form

    rules = load_form(FORM).cerberus  # the form's own rules for the two fields the city types here
    most = rules["contact_name"]["maxlength"]
    if not contact_name or len(contact_name) > most:
        raise access.PortalError(f"请填写联系人（不超过 {most} 个字）。", code="recommend.contact")
    if not re.fullmatch(rules["contact_phone"]["regex"], contact_phone):
        raise access.PortalError(f"联系电话应为{rules['contact_phone']['meta']['help']}。", code="recommend.phone")
    ids = list(dict.fromkeys(int(i) for i in package_ids))
    if not ids:
        raise access.PortalError("请至少选择一个已受理的申报。", code="recommend.empty")
    limit = min(g.rows.get("xlsx", 0) for g in load_form(FORM).groups)  # the form's rows for clusters
    if len(ids) > limit:
        raise access.PortalError(f"推荐汇总表最多 {limit} 行，请分批推荐。", code="recommend.too_many")
    with portal.registry.reading() as session:
        packages = [access.get_scoped(session, account, m.Package, i) for i in ids]
        for p in packages:
            access.require_city_of(account, p)
        _check(packages)
        record = {"city": account.city, "contact_name": contact_name, "contact_phone": contact_phone,
                  "fill_date": portal.config.current_date(), "recs": rows(session, packages)}
    year = packages[0].year
    sha = portal.store.put(workbook(account.city, year, record), "xlsx")
    with portal.registry.transaction() as session:
        packages = [access.get_scoped(session, account, m.Package, i) for i in ids]
        _check(packages)  # another clerk of the city may have moved one meanwhile
        rec = m.Recommendation(city=account.city, year=year, sha256=sha, package_ids=ids, account_id=account.id,
                               created_at=service.now())
        session.add(rec)
        session.flush()
        service.audit(session, account, "recommendation_made", "recommendation", rec.id, None, None,
                      f"{year} 年推荐 {len(ids)} 个集群：" + "、".join(p.cluster_name for p in packages))
        for p in packages:
            service.move(session, account, p, m.RECOMMENDED, "recommended", f"设区市推荐汇总表 {rec.id}")
        return rec


def _check(packages: list[m.Package]) -> None:
    wrong = [p for p in packages if p.status != m.ACCEPTED]
    if wrong:
        raise access.Conflict("只能推荐市级已受理的申报：" + "、".join(
            f"{p.cluster_name}（{m.STATUS_TEXT.get(p.status, p.status)}）" for p in wrong) + "。")
    if len({p.year for p in packages}) > 1:
        raise access.Conflict("一张推荐汇总表只能推荐同一年度的申报，请按年度分别推荐。", code="recommend.years")


def latest(session, account: m.Account, year: int | None = None) -> m.Recommendation:
    """The newest recommendation of the caller's city (of `year` when given); NotFound when none."""
    access.require(account, m.CITY)
    q = access.scoped(account, m.Recommendation).where(m.Recommendation.city == account.city)
    if year is not None:
        q = q.where(m.Recommendation.year == year)
    rec = session.scalar(q.order_by(m.Recommendation.id.desc()).limit(1))
    if rec is None:
        raise access.NotFound("还没有生成过" + (f" {year} 年的" if year else "") + "设区市推荐汇总表。")
    return rec


def listed(session, account: m.Account) -> list[m.Recommendation]:
    return list(session.scalars(access.scoped(account, m.Recommendation).order_by(m.Recommendation.id.desc())))


def file_name(rec: m.Recommendation) -> str:
    return f"设区市推荐汇总表-{rec.city}-{rec.year}-{rec.id}.xlsx"
