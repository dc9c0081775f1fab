"""The portal's settings: where its data lives, what "today" is, its limits. One frozen object per app.

Read from the environment by `from_env` (what `docgen serve` passes to every gunicorn worker), so all
workers of one portal see the same settings. Nothing here is per-worker state.

The limits on what an upload may be and cost (size, time, the parsers' caps) are not ours: `limits` is
the intake settings object the CLI validates with (`docgen.settings.DEFAULT`, issue 11), handed whole to
the process that checks each upload, so the portal answers a file exactly as `docgen validate` would.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from docgen import settings
from docgen.atomic import write_bytes_atomic
from docgen.errors import InputError, UsageError

DATA_ENV = "DOCGEN_PORTAL_DATA"
DEFAULT_DATA = Path("outputs") / "portal"
SECRET_FILE = "secret_key"


@dataclass(frozen=True)
class PortalConfig:
    data: Path = DEFAULT_DATA
    db: str | None = None  # URL or path; None → DOCGEN_DB / the registry's default file
    today: dt.date | None = None  # DOCGEN_TODAY; None → the real date
    token_days: int = 90  # API tokens expire
    quota_mb: float = 500.0  # storage per unit
    # The CLI's own settings object, read when the config is made (not when this module is imported).
    limits: settings.Settings = field(default_factory=lambda: settings.DEFAULT)
    trusted_proxies: int = 0  # reverse proxies in front of us (X-Forwarded-For hops to trust)
    secure_cookies: bool = False  # set behind HTTPS
    validate_memory_mb: int = 1024  # address space the checking process may add to what it starts with
    login_limit: int = 5  # failed logins per account (and 4× per address) per window
    login_window_minutes: int = 15
    extra: dict = field(default_factory=dict)

    @property
    def max_upload_mb(self) -> float:
        """The intake's size limit: a larger upload is refused (413) before it is stored or read."""
        return self.limits.max_file_mb

    @property
    def validate_seconds(self) -> float:
        """One upload's reading and checks, as for one file of `docgen validate`."""
        return self.limits.time_per_file_s

    def current_date(self) -> dt.date:
        return self.today or dt.date.today()

    @property
    def files(self) -> Path:
        return self.data / "files"

    @property
    def secret_path(self) -> Path:
        return self.data / SECRET_FILE

    @classmethod
    def from_env(cls, **overrides) -> PortalConfig:
        env = os.environ
        values: dict = {"data": Path(env.get(DATA_ENV) or DEFAULT_DATA), "db": env.get("DOCGEN_DB")}
        if env.get("DOCGEN_TODAY"):
            try:
                values["today"] = dt.date.fromisoformat(env["DOCGEN_TODAY"])
            except ValueError:
                raise UsageError(f"环境变量 DOCGEN_TODAY「{env['DOCGEN_TODAY']}」应为 YYYY-MM-DD 格式的日期。") from None
        numeric = {"DOCGEN_PORTAL_TOKEN_DAYS": ("token_days", int), "DOCGEN_PORTAL_QUOTA_MB": ("quota_mb", float),
                   "DOCGEN_PORTAL_TRUSTED_PROXIES": ("trusted_proxies", int)}
        for var, (name, kind) in numeric.items():
            if env.get(var):
                try:
                    values[name] = kind(env[var])
                except ValueError:
                    raise UsageError(f"环境变量 {var}「{env[var]}」应为数字。") from None
        if env.get("DOCGEN_PORTAL_SECURE_COOKIES") in {"1", "true", "yes"}:
            values["secure_cookies"] = True
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["data"] = Path(values["data"]).absolute()
        return cls(**values)


def ensure_secret(cfg: PortalConfig) -> bytes:
    """The session-signing key: made once (0600) beside the data, then only read, shared by all workers."""
    path = cfg.secret_path
    if not path.exists():
        write_bytes_atomic(path, os.urandom(32).hex().encode(), private=True)
    return read_secret(cfg)


def read_secret(cfg: PortalConfig) -> bytes:
    try:
        key = cfg.secret_path.read_bytes().strip()
    except OSError:
        raise InputError(f"找不到门户密钥 {cfg.secret_path}。请先运行 docgen portal init。") from None
    if len(key) < 32:
        raise InputError(f"门户密钥 {cfg.secret_path} 已损坏（过短）。请删除后重新运行 docgen portal init。")
    return key
