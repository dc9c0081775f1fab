"""Authorisation, in one place: who may see which object and do which action.

Every view and API handler goes through these functions; none filters by unit itself. Another unit's
object is answered as if it did not exist (404, `NotFound`), a route or action not of the caller's role
with 403 (`Forbidden`), an action its object's state does not allow with 409 (`Conflict`).
"""

from __future__ import annotations

from sqlalchemy import or_, select

from docgen.portal import models as m


class PortalError(Exception):
    status = 400
    code = "request.invalid"

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(PortalError):
    status, code = 404, "not_found"


class Forbidden(PortalError):
    status, code = 403, "forbidden"


class Conflict(PortalError):
    status, code = 409, "state.not_allowed"


class Unauthorized(PortalError):
    status, code = 401, "auth.required"


class TooLarge(PortalError):
    status, code = 413, "file.too_large"


class Unprocessable(PortalError):
    status, code = 422, "request.unprocessable"


NOT_FOUND_TEXT = "没有找到该对象：它不存在，或不属于您的单位。"


def require(account: m.Account, *roles: str) -> None:
    """403 unless the account holds one of `roles`."""
    if not any(account.has(r) for r in roles):
        raise Forbidden("您的账号无权使用此功能。")


def _visible(account: m.Account, model):
    """The WHERE clause limiting `model` (Package, Filing, Submission, Recommendation) to what the account
    may see."""
    clauses = []
    if account.has(m.PROVINCE):
        return None
    if account.has(m.COUNTY) and account.unit and model is not m.Recommendation:
        clauses.append(model.unit == account.unit)
    if account.has(m.CITY) and account.city:
        # A city sees its counties' packages from `submitted` on, never a county's draft.
        if model in (m.Package, m.Filing):
            clauses.append((model.city == account.city) & (model.status != m.DRAFT))
        elif model is m.Recommendation:
            clauses.append(model.city == account.city)
        else:
            clauses.append((model.city == account.city) & (
                model.package_id.in_(select(m.Package.id).where(m.Package.city == account.city,
                                                                m.Package.status != m.DRAFT))
                | model.filing_id.in_(select(m.Filing.id).where(m.Filing.city == account.city,
                                                                m.Filing.status != m.DRAFT))))
    return or_(*clauses) if clauses else model.id < 0


def scoped(account: m.Account, model):
    """A SELECT of `model` restricted to the caller's scope."""
    q = select(model)
    where = _visible(account, model)
    return q if where is None else q.where(where)


def get_scoped(session, account: m.Account, model, object_id: int):
    """The object when the caller may see it; NotFound otherwise (as if it did not exist)."""
    obj = session.scalar(scoped(account, model).where(model.id == object_id))
    if obj is None:
        raise NotFound(NOT_FOUND_TEXT)
    return obj


def owns(account: m.Account, obj) -> bool:
    """The county that the object belongs to (may change it), as opposed to one that only sees it."""
    return account.has(m.COUNTY) and obj.unit == account.unit


def require_owner(account: m.Account, obj) -> None:
    if not owns(account, obj):
        raise Forbidden("只有本单位可以修改自己的申报材料。")


def require_city_of(account: m.Account, obj) -> None:
    if not (account.has(m.CITY) and obj.city == account.city) and not account.has(m.PROVINCE):
        raise Forbidden("只有所属设区市可以审核此申报。")


# --- expert review: an expert sees only what is assigned to it, never its own city's or organisation's ---

def expert_of(session, account: m.Account) -> m.ReviewExpert:
    """The caller's row in the 专家库 (403 for any other role, or an expert account left out of the pool)."""
    require(account, m.EXPERT)
    row = session.scalar(select(m.ReviewExpert).where(m.ReviewExpert.account_id == account.id))
    if row is None:
        raise Forbidden("您的账号不在评审专家库中。")
    return row


def current_rounds():
    """A SELECT of the id of each year's current (newest) assignment."""
    from sqlalchemy import func

    return select(func.max(m.ReviewRound.id)).group_by(m.ReviewRound.year)


def assigned_to(session, account: m.Account, application_row: int):
    """(assignment, application, round, expert) when this application is assigned to the calling expert in
    its year's current round and no 回避 applies; NotFound otherwise, as if it did not exist."""
    from docgen.review.conflicts import conflicts

    expert = expert_of(session, account)
    hit = session.execute(
        select(m.ReviewAssignment, m.ReviewApplication, m.ReviewRound)
        .join(m.ReviewApplication, m.ReviewApplication.id == m.ReviewAssignment.application_row)
        .join(m.ReviewRound, m.ReviewRound.id == m.ReviewAssignment.round_id)
        .where(m.ReviewAssignment.expert_row == expert.id, m.ReviewAssignment.application_row == application_row,
               m.ReviewAssignment.round_id.in_(current_rounds()))).first()
    if hit is None:
        raise NotFound(NOT_FOUND_TEXT)
    assignment, app, rnd = hit
    entry = next((a for a in rnd.record["applications"] if a["application_id"] == app.application_id), None)
    probe = {"city_code": (entry or {}).get("city_code"), "org_keys": set((entry or {}).get("org_keys") or ())}
    if entry is None or conflicts({"city_code": expert.city_code, "org_key": expert.org_key}, probe) is not None:
        raise NotFound(NOT_FOUND_TEXT)  # 回避: checked again here, whatever the stored assignment says
    return assignment, app, rnd, expert


def require_step(account: m.Account, obj, role: str, allowed: tuple[str, ...], noun: str) -> None:
    """One step of a package's or a filing's state machine: 403 unless the caller holds `role` and is the
    object's county (for a county's step) or its city; 409 unless the object's state is in `allowed`."""
    require(account, role)
    if role == m.COUNTY:
        require_owner(account, obj)
    else:
        require_city_of(account, obj)
    if obj.status not in allowed:
        raise Conflict(f"{noun}当前为「{m.STATUS_TEXT.get(obj.status, obj.status)}」，不能执行此操作。")
