"""实地抽查 (Art. 15): a city's record of checking a package on site — when, who went, what they found.
Shown on the package page; whether a package had one is the 推荐汇总表's 是否实地抽查."""

from __future__ import annotations

from sqlalchemy import select

from docgen.portal import access, service
from docgen.portal import models as m
from docgen.typed import parse_date

OPEN = (m.SUBMITTED, m.ACCEPTED)  # checked while the city decides, before it recommends


def record(portal, account: m.Account, package_id: int, checked_on: str, people: str, findings: str) -> m.SpotCheck:
    with portal.registry.transaction() as session:
        pkg = access.get_scoped(session, account, m.Package, package_id)
        access.require(account, m.CITY)
        access.require_city_of(account, pkg)
        if pkg.status not in OPEN:
            raise access.Conflict(f"申报当前为「{m.STATUS_TEXT.get(pkg.status, pkg.status)}」，不能再记录实地抽查。")
        people, findings = (people or "").strip(), (findings or "").strip()
        day = parse_date(checked_on)  # as the CLI and the forms read dates: 2026-03-25, 2026年3月25日, …
        if day is None:
            raise access.PortalError("抽查日期应为 YYYY-MM-DD 格式，如 2026-03-25。", code="spot_check.date")
        if day > portal.config.current_date():
            raise access.PortalError("抽查日期不能晚于今天。", code="spot_check.date")
        if not people or len(people) > 200:
            raise access.PortalError("请填写抽查人员（不超过 200 个字）。", code="spot_check.people")
        if not findings or len(findings) > 5000:
            raise access.PortalError("请填写抽查发现（不超过 5000 个字）。", code="spot_check.findings")
        row = m.SpotCheck(package_id=pkg.id, checked_on=day, people=people, findings=findings,
                          account_id=account.id, created_at=service.now())
        session.add(row)
        session.flush()
        service.audit(session, account, "spot_checked", "package", pkg.id, pkg.status, pkg.status,
                      f"{day.isoformat()} {people}：{findings[:200]}")
        return row


def of_package(session, package_id: int) -> list[m.SpotCheck]:
    return list(session.scalars(select(m.SpotCheck).where(m.SpotCheck.package_id == package_id)
                                .order_by(m.SpotCheck.checked_on, m.SpotCheck.id)))
