"""Portal fixtures: a fresh portal per test (SQLite; PostgreSQL too when DOCGEN_TEST_PG_URL is set, as
the registry's tests do), accounts with known passwords, Flask test clients that log in through the
login form with its CSRF token."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from portal_helpers import PASSWORD, TODAY, add_account, csrf, free_port, login, make_app  # noqa: E402,F401

PG_URL = os.environ.get("DOCGEN_TEST_PG_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(autouse=True)
def fast_hashes(monkeypatch):
    # argon2 at its production cost takes ~0.1 s a hash on a shared 2-core machine; the tests make
    # hundreds. The algorithm is the same, only the cost is lower.
    from argon2 import PasswordHasher

    from docgen.portal import auth

    cheap = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    monkeypatch.setattr(auth, "_hasher", lambda: cheap)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    name = f"docgen_portal_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def config(tmp_path, db_url):
    from docgen.portal.config import PortalConfig, ensure_secret

    cfg = PortalConfig(data=tmp_path / "portal", db=db_url, today=TODAY)
    ensure_secret(cfg)
    return cfg


@pytest.fixture
def app(config):
    app = make_app(config)
    yield app
    app.extensions["docgen_portal"].registry.dispose()


@pytest.fixture
def portal(app):
    return app.extensions["docgen_portal"]


@pytest.fixture
def accounts(portal):
    """A county of 宝鸡市 (陈仓区), another county of 宝鸡市 (凤翔区), a county of 西安市 (鄠邑区), the two
    cities and the province."""
    return {
        "county": add_account(portal, "陈仓区", "county", "陈仓区", "宝鸡市"),
        "county2": add_account(portal, "凤翔区", "county", "凤翔区", "宝鸡市"),
        "county_xa": add_account(portal, "鄠邑区", "county", "鄠邑区", "西安市"),
        "city": add_account(portal, "宝鸡市", "city", None, "宝鸡市"),
        "city_xa": add_account(portal, "西安市", "city", None, "西安市"),
        "province": add_account(portal, "省级管理员", "province"),
    }


@pytest.fixture
def client_for(app, accounts):
    """client_for("county") → a test client logged in as that account."""
    def make(who: str):
        client = app.test_client()
        resp = login(client, accounts[who].username)
        assert resp.status_code == 302, resp.text
        return client
    return make


@pytest.fixture
def token_for(portal, accounts):
    from docgen.portal import auth
    from docgen.portal import models as m
    from docgen.portal.service import now

    def make(who: str, days: int = 30) -> dict:
        with portal.registry.transaction() as s:
            token, _row = auth.issue_token(s, s.get(m.Account, accounts[who].id), days, now())
        return {"Authorization": f"Bearer {token}"}
    return make


@pytest.fixture(scope="session")
def files(tmp_path_factory):
    """Filled forms of 陈仓区 (a valid application, one with two errors, a plan) and one of 凤翔区."""
    from portal_helpers import filled_application, filled_plan

    folder = tmp_path_factory.mktemp("filled")
    return {"good": filled_application(folder), "bad": filled_application(folder, errors=True),
            "plan": filled_plan(folder), "other": filled_application(folder, "凤翔区")}


@pytest.fixture
def server(tmp_path):
    """`docgen serve` on a free port with one county account; yields (base url, its one-time password,
    an API token of it)."""
    from docgen.portal.accounts import add_user, new_token
    from docgen.portal.config import PortalConfig, ensure_secret
    from docgen.registry.db import open_registry

    data, db = tmp_path / "portal", f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    ensure_secret(PortalConfig(data=data))
    with open_registry(db) as reg:
        password = add_user(reg, "陈仓区", "county", "陈仓区")["password"]
        token, _ = new_token(reg, "陈仓区", 1)
    port = free_port()
    env = {**os.environ, "DOCGEN_TODAY": "2026-03-20"}
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "docgen", "serve", "--port", str(port), "--workers", "2",
                             "--db", db, "--data", str(data)], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/login", timeout=1)
                break
            except OSError:
                if proc.poll() is not None:
                    raise AssertionError((tmp_path / "serve.log").read_text()) from None
                time.sleep(0.2)
        yield base, password, token
    finally:
        proc.terminate()
        proc.wait(20)
        log.close()
