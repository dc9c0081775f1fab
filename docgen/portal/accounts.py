"""Accounts: one per county-level and city-level unit of GB/T 2260 (docgen.divisions), a province
administrator, and the operator's commands on them. Every change is audited.

韩城市 is a county-level unit and its own city-level authority: one account, both roles. 杨凌示范区's
city account covers 杨陵区 (docgen.divisions maps it so).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, update

from docgen.errors import UsageError
from docgen.portal import auth
from docgen.portal import models as m
from docgen.portal.service import audit, now

PROVINCE_USER = "省级管理员"


def unit_accounts() -> list[tuple[str, str, str | None, str | None]]:
    """(username, roles, county-level unit, city-level unit) for every unit of the programme."""
    from docgen.divisions import CITIES, all_counties, city_for

    out = []
    for county in all_counties():
        if county in CITIES:  # 韩城市
            out.append((county, f"{m.COUNTY},{m.CITY}", county, county))
        else:
            out.append((county, m.COUNTY, county, city_for(county)))
    out.extend((city, m.CITY, None, city) for city in CITIES if city not in all_counties())
    out.append((PROVINCE_USER, m.PROVINCE, None, None))
    return out


def new_account(session, username: str, roles: str, unit, city, password: str) -> m.Account:
    account = m.Account(username=username, roles=roles, unit=unit, city=city, password_hash=auth.hash_password(password),
                        must_change=True, disabled=False, epoch=0, created_at=now())
    session.add(account)
    session.flush()
    audit(session, None, "account_created", "account", account.id, None, "active", username)
    return account


def init_accounts(registry) -> list[dict]:
    """Create the accounts that do not exist yet; returns them with their one-time passwords."""
    created = []
    with registry.transaction() as s:
        existing = set(s.scalars(select(m.Account.username)))
        for username, roles, unit, city in unit_accounts():
            if username in existing:
                continue
            password = auth.one_time_password()
            new_account(s, username, roles, unit, city, password)
            created.append({"username": username, "roles": roles, "unit": unit, "city": city, "password": password})
    return created


def add_user(registry, username: str, role: str, unit: str | None) -> dict:
    from docgen.divisions import CITIES, city_for

    username = username.strip()
    if not username or len(username) > 60:
        raise UsageError("账号名不能为空，且不超过 60 个字符。")
    if role == m.COUNTY:
        city = city_for(unit or "")
        if city is None:
            raise UsageError(f"「{unit}」不是陕西省的县级行政区划名称（GB/T 2260）。请用 --unit 指定。")
        fields = (unit, city)
    elif role == m.CITY:
        if unit not in CITIES:
            raise UsageError(f"市级账号请用 --unit 指定设区市：{'、'.join(CITIES)}")
        fields = (None, unit)
    else:
        fields = (None, None)
    password = auth.one_time_password()
    with registry.transaction() as s:
        if s.scalar(select(m.Account).where(m.Account.username == username)) is not None:
            raise UsageError(f"账号「{username}」已存在。要重设密码请用 docgen portal user reset。")
        new_account(s, username, role, *fields, password)
    return {"username": username, "roles": role, "unit": fields[0], "city": fields[1], "password": password}


def _get(s, username: str) -> m.Account:
    account = s.scalar(select(m.Account).where(m.Account.username == username))
    if account is None:
        raise UsageError(f"没有账号「{username}」。")
    return account


def _end_sessions(s, account: m.Account) -> None:
    # A new epoch ends every session at its next request; tokens of the old epoch stop working too.
    account.epoch += 1
    s.execute(update(m.ApiToken).where(m.ApiToken.account_id == account.id, m.ApiToken.revoked_at.is_(None))
              .values(revoked_at=now()))


def reset_user(registry, username: str, by: m.Account | None = None) -> dict:
    """A new one-time password (shown once); `by` is the province account doing it (None: the operator's CLI)."""
    password = auth.one_time_password()
    with registry.transaction() as s:
        account = _get(s, username)
        account.password_hash, account.must_change, account.disabled = auth.hash_password(password), True, False
        _end_sessions(s, account)
        audit(s, by, "password_reset", "account", account.id, None, "active", username)
        return {"username": username, "roles": account.roles, "unit": account.unit, "city": account.city,
                "password": password}


def disable_user(registry, username: str, by: m.Account | None = None) -> None:
    with registry.transaction() as s:
        account = _get(s, username)
        was = "disabled" if account.disabled else "active"
        account.disabled = True
        _end_sessions(s, account)
        audit(s, by, "account_disabled", "account", account.id, was, "disabled", username)


def new_token(registry, username: str, days: int) -> tuple[str, str]:
    with registry.transaction() as s:
        account = _get(s, username)
        if account.disabled:
            raise UsageError(f"账号「{username}」已停用，不能签发令牌。")
        token, row = auth.issue_token(s, account, days, now())
        audit(s, None, "token_issued", "account", account.id, None, None, f"令牌 {row.id}，有效至 {row.expires_at:%Y-%m-%d}")
        return token, row.expires_at.strftime("%Y-%m-%d")


def list_tokens(registry, username: str) -> list[dict]:
    """The account's tokens (never their values: only digests are stored)."""
    with registry.reading() as s:
        account = _get(s, username)
        rows = s.scalars(select(m.ApiToken).where(m.ApiToken.account_id == account.id).order_by(m.ApiToken.id)).all()
        t = now()
        return [{"id": r.id, "created": r.created_at, "expires": r.expires_at,
                 "state": "已撤销" if r.revoked_at else ("已过期" if r.expires_at <= t else
                                                       ("已失效" if r.epoch != account.epoch else "有效"))}
                for r in rows]


def revoke_token(registry, username: str, token_id: int) -> None:
    with registry.transaction() as s:
        account = _get(s, username)
        row = s.get(m.ApiToken, token_id)
        if row is None or row.account_id != account.id:
            raise UsageError(f"账号「{username}」没有编号为 {token_id} 的令牌。可用 docgen portal token {username} --list 查看。")
        if row.revoked_at is None:
            row.revoked_at = now()
            audit(s, None, "token_revoked", "account", account.id, "active", "revoked", f"令牌 {row.id}")


def write_passwords(rows: list[dict], path: Path) -> Path:
    """The one-time passwords as a workbook for distribution: private (0600), every cell text, formula-safe
    (the registry export's listing writer)."""
    from docgen.formats.xlsx_listing import write_listing

    role_text = {m.COUNTY: "县级", m.CITY: "市级", m.PROVINCE: "省级", f"{m.COUNTY},{m.CITY}": "县级、市级"}
    write_listing(Path(path), sheet="一次性密码", title="申报平台账号与一次性密码（首次登录后须修改；请妥善保管，分发后删除）",
                  columns=["账号", "角色", "县（市、区）", "设区市", "一次性密码"],
                  rows=[[r["username"], role_text.get(r["roles"], r["roles"]), r["unit"] or "", r["city"] or "",
                         r["password"]] for r in rows],
                  widths=(16, 10, 14, 12, 20), freeze="A3", private=True)
    return Path(path)
