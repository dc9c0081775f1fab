"""What the portal does, once, for the pages and the API alike: store an upload with its report, make
packages, move them through their states, keep the audit log. Every change of state writes its audit
row in the same transaction as the change.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from docgen.catalogue import package_forms
from docgen.portal import access
from docgen.portal import models as m
from docgen.portal.checker import annotate_upload, can_annotate, check_upload
from docgen.portal.store import safe_ext


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def audit(session, account: m.Account | None, action: str, object_type: str, object_id: int | None,
          from_state: str | None = None, to_state: str | None = None, detail: str | None = None) -> None:
    session.add(m.AuditEntry(at=now(), account_id=account.id if account else None,
                             actor=account.username if account else "system", action=action,
                             object_type=object_type, object_id=object_id, from_state=from_state,
                             to_state=to_state, detail=detail))


# --- uploads ------------------------------------------------------------------------------------

def used_bytes(session, unit: str) -> int:
    return session.scalar(select(func.coalesce(func.sum(m.Submission.size), 0)).where(m.Submission.unit == unit))


def require_size(cfg, data: bytes) -> None:
    """413 above the intake limit (the CLI's setting), before anything is stored or checked."""
    if len(data) > cfg.max_upload_mb * 1024 * 1024:
        raise access.TooLarge(f"文件超过 {cfg.max_upload_mb:g} MB 的上限，请压缩图片后重新上传。")


def check(portal, filename: str, data: bytes) -> tuple[str, dict]:
    """(sha256, validation entry) of one uploaded file: the CLI's check, in a child process with its limits."""
    import hashlib

    cfg = portal.config
    sha = hashlib.sha256(data).hexdigest()
    return sha, check_upload(data, filename, sha, today=cfg.current_date(), limits=cfg.limits,
                             memory_mb=cfg.validate_memory_mb, workdir=cfg.data / "tmp")


def upload(portal, account: m.Account, filename: str, data: bytes, package_id: int | None = None) -> m.Submission:
    """Validate and store one file of the caller's unit; into a package when given (its form's new
    current version; a returned package goes back to draft)."""
    access.require(account, m.COUNTY)
    cfg = portal.config
    filename = (Path(filename or "").name or "未命名文件")[:255]
    require_size(cfg, data)
    with portal.registry.reading() as session:
        if package_id is not None:
            package = access.get_scoped(session, account, m.Package, package_id)
            access.require_owner(account, package)
            if package.status not in (m.DRAFT, m.RETURNED):
                raise access.Conflict(f"申报已是「{m.STATUS_TEXT[package.status]}」状态，不能再上传新版本。")
        if used_bytes(session, account.unit) + len(data) > cfg.quota_mb * 1024 * 1024:
            raise access.TooLarge(f"本单位的存储空间（{cfg.quota_mb:g} MB）已用完，请联系省级管理员。",
                                  code="quota.exceeded")
    sha, entry = check(portal, filename, data)
    ext = safe_ext(filename)
    portal.store.put(data, ext)
    wrong_form = False
    with portal.registry.transaction() as session:
        sub = m.Submission(account_id=account.id, unit=account.unit, city=account.city_of_unit,
                           package_id=None, sha256=sha, ext=ext, size=len(data), original_name=filename,
                           form=entry.get("form"), valid=bool(entry.get("valid")), eligible=entry.get("eligible"),
                           report=entry, annotated_sha256=None, created_at=now())
        session.add(sub)
        session.flush()
        audit(session, account, "uploaded", "submission", sub.id, None, "valid" if sub.valid else "invalid",
              filename)
        if package_id is not None:
            package = access.get_scoped(session, account, m.Package, package_id)
            if package.status not in (m.DRAFT, m.RETURNED):  # changed while we validated
                raise access.Conflict(f"申报已是「{m.STATUS_TEXT[package.status]}」状态，不能再上传新版本。")
            if sub.form not in package_forms():
                wrong_form = True  # kept, with its report, as a plain upload; the caller is told below
            else:
                sub.package_id = package.id
                from docgen.schema import load_form

                audit(session, account, "version_added", "package", package.id, package.status, package.status,
                      f"{load_form(sub.form).title}：{filename}（上传记录 {sub.id}）")
                if package.status == m.RETURNED:
                    move(session, account, package, m.DRAFT, "redrafted")
                package.updated_at = now()
    if wrong_form:
        raise access.Unprocessable(
            "申报材料只收申报书和三年发展规划；这个文件" + ("无法识别是哪种表格" if sub.form is None else "不是这两种表格")
            + f"。它的校验结果已保存（上传记录 {sub.id}）。", code="package.wrong_form")
    return sub


def annotated_copy(portal, account: m.Account, sub_id: int) -> tuple[bytes, str]:
    """The submission's annotated copy and its download name; made (in a child process) and stored the
    first time it is asked for."""
    with portal.registry.reading() as session:
        sub = access.get_scoped(session, account, m.Submission, sub_id)
    stem = sub.original_name.rsplit(".", 1)[0] if "." in sub.original_name else sub.original_name
    name = f"{stem}-批注.{sub.ext}"
    if sub.annotated_sha256:
        return portal.store.get(sub.annotated_sha256, sub.ext), name
    if not can_annotate(sub.ext, sub.report):
        raise access.NotFound("这个文件没有批注副本：没有发现问题，或是无法批注的格式（PDF、无法读取的文件）。")
    cfg = portal.config
    data = annotate_upload(portal.store.get(sub.sha256, sub.ext), sub.original_name, sub.report,
                           limits=cfg.limits, memory_mb=cfg.validate_memory_mb, workdir=cfg.data / "tmp")
    if data is None:
        raise access.NotFound("无法为这个文件生成批注副本，请对照页面上的问题清单修改。")
    sha = portal.store.put(data, sub.ext)
    with portal.registry.transaction() as session:
        session.get(m.Submission, sub.id).annotated_sha256 = sha  # the same bytes whoever made it first
    return data, name


# --- packages -----------------------------------------------------------------------------------

def create_package(portal, account: m.Account, year: int, cluster_name: str) -> m.Package:
    access.require(account, m.COUNTY)
    cluster_name = (cluster_name or "").strip()
    if not cluster_name or len(cluster_name) > 120:
        raise access.PortalError("请填写集群名称（不超过 120 个字）。", code="package.cluster_name")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise access.PortalError("年度应为四位数字，如 2026。", code="package.year")
    with portal.registry.transaction() as session:
        t = now()
        package = m.Package(unit=account.unit, city=account.city_of_unit, year=year, cluster_name=cluster_name,
                            status=m.DRAFT, created_at=t, updated_at=t)
        session.add(package)
        session.flush()
        audit(session, account, "created", "package", package.id, None, m.DRAFT, cluster_name)
        return package


def versions(session, package: m.Package) -> dict[str, list[m.Submission]]:
    """form → its submissions, newest (the current version) first."""
    rows = session.scalars(select(m.Submission).where(m.Submission.package_id == package.id)
                           .order_by(m.Submission.id.desc())).all()
    out: dict[str, list[m.Submission]] = {}
    for s in rows:
        out.setdefault(s.form, []).append(s)
    return out


def missing_or_invalid(session, package: m.Package) -> list[str]:
    """Why the package cannot be submitted yet (Chinese), empty when it can."""
    from docgen.schema import load_form

    current = {form: subs[0] for form, subs in versions(session, package).items()}
    problems = []
    for form in package_forms():
        title = load_form(form).title
        if form not in current:
            problems.append(f"还没有上传{title}。")
        elif not current[form].valid:
            problems.append(f"{title}的当前版本校验未通过，请改正后重新上传。")
    return problems


_ACTIONS = {
    # action: (role, allowed from, to)
    "submit": (m.COUNTY, (m.DRAFT,), m.SUBMITTED),
    "accept": (m.CITY, (m.SUBMITTED,), m.ACCEPTED),
    "return": (m.CITY, (m.SUBMITTED,), m.RETURNED),
    "recommend": (m.CITY, (m.ACCEPTED,), m.RECOMMENDED),
}


def _object_type(obj: m.Package | m.Filing) -> str:
    return "filing" if isinstance(obj, m.Filing) else "package"


def move(session, account, obj: m.Package | m.Filing, to: str, action: str, detail: str | None = None) -> None:
    """A package or a filing to state `to`, with its audit row in the same transaction."""
    audit(session, account, action, _object_type(obj), obj.id, obj.status, to, detail)
    obj.status = to
    obj.updated_at = now()


def history(session, obj: m.Package | m.Filing) -> list[m.AuditEntry]:
    """A package's or a filing's audit rows, oldest first: what its page and its API answer show."""
    return list(session.scalars(select(m.AuditEntry).where(m.AuditEntry.object_type == _object_type(obj),
                                                           m.AuditEntry.object_id == obj.id).order_by(m.AuditEntry.id)))


def named_packages(session, year: int, states: tuple[str, ...], entries: list[dict]) -> tuple[list, list]:
    """The packages of `year` in `states` that a list (shortlist, notice) names by county and cluster name,
    compared as the registry compares names (`matching.name_key`), and the others; in package order."""
    from docgen.registry.matching import name_key

    named = {(name_key(e.get("county")), name_key(e.get("cluster_name"))) for e in entries}
    rows = session.scalars(select(m.Package).where(m.Package.year == year, m.Package.status.in_(states))
                           .order_by(m.Package.id)).all()
    hit = [p for p in rows if (name_key(p.unit), name_key(p.cluster_name)) in named]
    return hit, [p for p in rows if p not in hit]


def return_reason(reason: str | None) -> str:
    """The city's reason for returning a package or a filing: required, the county reads it."""
    reason = (reason or "").strip()
    if not reason:
        raise access.PortalError("退回时请写明理由，县级单位会看到它。", code="action.reason_required")
    return reason


def act(portal, account: m.Account, package_id: int, action: str, reason: str | None = None) -> m.Package:
    if action not in _ACTIONS:
        raise access.PortalError("未知的操作。可用：submit、accept、return、recommend。", code="action.unknown")
    role, allowed, to = _ACTIONS[action]
    with portal.registry.transaction() as session:
        package = access.get_scoped(session, account, m.Package, package_id)
        access.require_step(account, package, role, allowed, "申报")
        if action == "submit":
            problems = missing_or_invalid(session, package)
            if problems:
                raise access.Conflict("暂不能报送：" + "".join(problems))
        if action == "return":
            reason = package.reason = return_reason(reason)
        move(session, account, package, to, {"submit": "submitted", "accept": "accepted", "return": "returned",
                                              "recommend": "recommended"}[action], reason)
        return package
