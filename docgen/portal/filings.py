"""Filings (PORTAL.md "What moves through it"): the annual table or a change report of a recognised
cluster, sent by its county to its city: `draft` → `submitted` → `returned` | `accepted` → `filed`.

When the city accepts one, its current version is imported into the registry by the registry's own
import (`importer.import_into`, the same rows `docgen registry import` writes) in the SAME transaction
as the filing's move to `filed`: an annual table is then what `registry due`/`show` count, a change
report is the cluster's `ChangeReport` row (Art. 19(四) reads its dates). If the import does not attach
the file to the filing's cluster, nothing is written and the city is told why.
"""

from __future__ import annotations

from sqlalchemy import select

from docgen.catalogue import filing_forms
from docgen.portal import access, service
from docgen.portal import models as m

OPEN = (m.DRAFT, m.RETURNED)  # the county may still add versions


def _title(kind: str) -> str:
    from docgen.schema import load_form

    return load_form(kind).title


def create(portal, account: m.Account, cluster_id: str, kind: str, report_year: int) -> m.Filing:
    """A draft filing of one of the caller's recognised clusters (another unit's cluster: 404)."""
    from docgen.portal.downloads import cluster_of

    access.require(account, m.COUNTY)
    if kind not in filing_forms():
        raise access.PortalError("报送类型应为：" + "、".join(f"{k}（{_title(k)}）" for k in filing_forms()) + "。",
                                 code="filing.kind")
    if isinstance(report_year, bool) or not isinstance(report_year, int) or not 2000 <= report_year <= 2100:
        raise access.PortalError("年度应为四位数字，如 2025。", code="filing.year")
    cluster = cluster_of(portal, account.unit, (cluster_id or "").strip() or "-")
    with portal.registry.transaction() as session:
        if kind == "annual":  # one table a year: the open filing of that year, not a second one
            open_one = session.scalar(select(m.Filing).where(
                m.Filing.cluster_id == cluster.cluster_id, m.Filing.kind == kind, m.Filing.report_year == report_year,
                m.Filing.status.in_((*OPEN, m.SUBMITTED))).order_by(m.Filing.id.desc()).limit(1))
            if open_one is not None:
                return open_one
        t = service.now()
        filing = m.Filing(unit=account.unit, city=account.city_of_unit, cluster_id=cluster.cluster_id,
                          cluster_name=cluster.cluster_name, kind=kind, report_year=report_year, status=m.DRAFT,
                          created_at=t, updated_at=t)
        session.add(filing)
        session.flush()
        service.audit(session, account, "created", "filing", filing.id, None, m.DRAFT,
                      f"{cluster.cluster_name} {report_year} 年度{_title(kind)}")
        return filing


def versions(session, filing: m.Filing) -> list[m.Submission]:
    """The filing's submissions, newest (the current version) first."""
    return list(session.scalars(select(m.Submission).where(m.Submission.filing_id == filing.id)
                                .order_by(m.Submission.id.desc())))


def _check_open(filing: m.Filing) -> None:
    if filing.status not in OPEN:
        raise access.Conflict(f"报送已是「{m.STATUS_TEXT[filing.status]}」状态，不能再上传新版本。")


def upload(portal, account: m.Account, filing_id: int, filename: str, data: bytes) -> m.Submission:
    """Validate and store a file (service.upload: limits, quota, report), then make it the filing's current
    version when it is the filing's form; a returned filing goes back to draft."""
    with portal.registry.reading() as session:
        filing = access.get_scoped(session, account, m.Filing, filing_id)
        access.require_owner(account, filing)
        _check_open(filing)
    sub = service.upload(portal, account, filename, data)
    with portal.registry.transaction() as session:
        filing = access.get_scoped(session, account, m.Filing, filing_id)
        _check_open(filing)  # changed while we validated
        if sub.form == filing.kind:
            session.get(m.Submission, sub.id).filing_id = filing.id
            sub.filing_id = filing.id
            service.audit(session, account, "version_added", "filing", filing.id, filing.status, filing.status,
                          f"{_title(filing.kind)}：{sub.original_name}（上传记录 {sub.id}）")
            if filing.status == m.RETURNED:
                service.move(session, account, filing, m.DRAFT, "redrafted")
            filing.updated_at = service.now()
            return sub
    raise access.Unprocessable(
        f"这份报送只收{_title(filing.kind)}；这个文件" + ("无法识别是哪种表格" if sub.form is None else
                                                   f"是{_title(sub.form)}")
        + f"。它的校验结果已保存（上传记录 {sub.id}）。", code="filing.wrong_form")


def problems(session, filing: m.Filing) -> list[str]:
    """Why the filing cannot be submitted yet (Chinese), empty when it can."""
    subs = versions(session, filing)
    if not subs:
        return [f"还没有上传{_title(filing.kind)}。"]
    current = subs[0]
    if not current.valid:
        return ["当前版本校验未通过，请改正后重新上传。"]
    data = (current.report or {}).get("data") or {}
    out = []
    if data.get("cluster_id") and data["cluster_id"] != filing.cluster_id:
        out.append(f"表中的集群编号「{data['cluster_id']}」不是本报送的集群（{filing.cluster_id}）。")
    if filing.kind == "annual" and data.get("report_year") not in (None, filing.report_year):
        out.append(f"表中的报告年度是 {data['report_year']} 年，本报送是 {filing.report_year} 年度。")
    return out


_ACTIONS = {
    # action: (role, allowed from, to, audit action)
    "submit": (m.COUNTY, (m.DRAFT,), m.SUBMITTED, "submitted"),
    "accept": (m.CITY, (m.SUBMITTED,), m.ACCEPTED, "accepted"),
    "return": (m.CITY, (m.SUBMITTED,), m.RETURNED, "returned"),
}


def _file_into_registry(session, account, filing: m.Filing) -> str:
    """Import the current version as `docgen registry import` would; Conflict (all rolled back) unless it
    lands on the filing's cluster."""
    from docgen.registry import models as r
    from docgen.registry.importer import import_into

    current = versions(session, filing)[0]
    entry = {**current.report, "sha256": current.sha256,
             "path": f"portal:filing/{filing.id}/{current.original_name}"}
    outcome = import_into(session, {"files": [entry]}).entries[0]
    if outcome["status"] != r.ACCEPTED or outcome["cluster_id"] != filing.cluster_id:
        raise access.Conflict("无法记入集群名录：" + (outcome.get("note") or "表中的集群与本报送的集群不一致。")
                              + "请退回县级单位核对集群名称与编号。", code="filing.not_imported")
    return f"{current.original_name}（上传记录 {current.id}）记入名录 {filing.cluster_id}"


def act(portal, account: m.Account, filing_id: int, action: str, reason: str | None = None) -> m.Filing:
    if action not in _ACTIONS:
        raise access.PortalError("未知的操作。可用：submit、accept、return。", code="action.unknown")
    role, allowed, to, verb = _ACTIONS[action]
    with portal.registry.transaction() as session:
        filing = access.get_scoped(session, account, m.Filing, filing_id)
        access.require_step(account, filing, role, allowed, "报送")
        if action == "submit":
            found = problems(session, filing)
            if found:
                raise access.Conflict("暂不能报送：" + "".join(found))
        if action == "return":
            reason = filing.reason = service.return_reason(reason)
        service.move(session, account, filing, to, verb, reason if action == "return" else None)
        if action == "accept":
            service.move(session, account, filing, m.FILED, "filed", _file_into_registry(session, account, filing))
        return filing
