"""Accounts' secrets: argon2 password hashes, hashed expiring API tokens, login throttling in the database.

argon2-cffi: the reference Argon2 binding (the password-hashing competition's winner, OWASP's first
choice); hand-rolled PBKDF2 or bcrypt would be weaker or another C dependency for no gain.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import func, select

from docgen.portal import models as m

_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/l/I: read off paper
MIN_PASSWORD = 10


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def check_password(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def one_time_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(12))


def password_problem(password: str, username: str) -> str | None:
    """Why a new password is refused (Chinese), or None."""
    if len(password) < MIN_PASSWORD:
        return f"新密码至少 {MIN_PASSWORD} 个字符。"
    if password == username or password.isdigit():
        return "新密码不能与账号相同，也不能全是数字。"
    return None


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session, account: m.Account, days: int, now: datetime) -> tuple[str, m.ApiToken]:
    """A new bearer token; only its sha256 is stored, the token itself is shown once."""
    token = "dg_" + secrets.token_urlsafe(32)
    row = m.ApiToken(account_id=account.id, token_hash=token_digest(token), epoch=account.epoch,
                     created_at=now, expires_at=now + timedelta(days=days))
    session.add(row)
    session.flush()
    return token, row


def account_for_token(session, token: str, now: datetime) -> m.Account | None:
    row = session.scalar(select(m.ApiToken).where(m.ApiToken.token_hash == token_digest(token)))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    account = session.get(m.Account, row.account_id)
    if account is None or account.disabled or account.epoch != row.epoch:
        return None  # disabling or resetting an account ends its tokens at once
    return account


def throttled(session, username: str, address: str, now: datetime, limit: int, window_minutes: int) -> bool:
    since = now - timedelta(minutes=window_minutes)
    per_account = session.scalar(select(func.count()).select_from(m.LoginAttempt)
                                 .where(m.LoginAttempt.username == username, m.LoginAttempt.at > since))
    per_address = session.scalar(select(func.count()).select_from(m.LoginAttempt)
                                 .where(m.LoginAttempt.address == address, m.LoginAttempt.at > since))
    return per_account >= limit or per_address >= 4 * limit


def record_failure(session, username: str, address: str, now: datetime) -> None:
    session.add(m.LoginAttempt(at=now, username=username[:60], address=address[:64]))
