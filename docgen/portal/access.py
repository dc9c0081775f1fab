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
