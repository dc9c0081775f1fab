"""`docgen portal init|user|token`: one account per unit of GB/T 2260, one-time passwords in a private,
formula-safe workbook, a new password forced at first login, every change audited."""

from __future__ import annotations

import os
import stat

import pytest
from click.testing import CliRunner
from portal_helpers import login, make_app

from docgen.cli import main


@pytest.fixture
def cli(tmp_path, db_url, monkeypatch):
    monkeypatch.delenv("DOCGEN_DB", raising=False)
    data = tmp_path / "portal"

    def run(*args):  # the commands that take --data (init, user add, user reset)
        return CliRunner().invoke(main, [*args, "--db", db_url, "--data", str(data)])
    run.data = data
    return run


def _rows(path):
    from openpyxl import load_workbook

    wb = load_workbook(path)
    return [[c.value for c in row] for row in wb.active.iter_rows()], wb.active


def test_init_makes_every_unit_once(cli, db_url):
    from docgen.divisions import CITIES, all_counties
    from docgen.portal import models as m
    from docgen.registry.db import open_registry

    result = cli("portal", "init")
    assert result.exit_code == 0, result.output
    book = cli.data / "一次性密码.xlsx"
    assert stat.S_IMODE(os.stat(book).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(cli.data / "secret_key").st_mode) == 0o600
    rows, ws = _rows(book)
    header, body = rows[1], rows[2:]  # row 1 is the sheet's title
    assert header[0] == "账号"
    counties = all_counties()
    assert len(body) == len(counties) + len(CITIES) - 1 + 1  # 韩城市 once, for both roles; the province
    by_name = {r[0]: r for r in body}
    assert by_name["韩城市"][1] == "县级、市级" and by_name["杨凌示范区"][1] == "市级"
    assert by_name["杨陵区"][3] == "杨凌示范区" and by_name["省级管理员"][1] == "省级"
    assert all(ws.cell(row=i, column=5).data_type == "s" for i in range(3, len(rows) + 1))
    with open_registry(db_url) as reg, reg.reading() as s:
        assert s.query(m.Account).count() == len(body)
        assert s.query(m.Account).filter_by(must_change=True).count() == len(body)
        assert s.query(m.AuditEntry).filter_by(action="account_created").count() == len(body)
        hc = s.query(m.Account).filter_by(username="韩城市").one()
        assert hc.role_set == {"county", "city"} and hc.unit == hc.city == "韩城市"
    secret = (cli.data / "secret_key").read_bytes()
    again = cli("portal", "init")
    assert again.exit_code == 0 and "没有新建账号" in again.output
    assert (cli.data / "secret_key").read_bytes() == secret


def test_the_password_book_is_formula_safe(tmp_path):
    from docgen.portal.accounts import write_passwords

    path = write_passwords([{"username": "=HYPERLINK(\"http://x\")", "roles": "county", "unit": "+1", "city": "@x",
                             "password": "-2+3"}], tmp_path / "p.xlsx")
    rows, ws = _rows(path)
    assert rows[2][0] == "'=HYPERLINK(\"http://x\")" and rows[2][4] == "'-2+3"
    assert all(c.data_type == "s" for c in ws[3])
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_one_time_password_must_be_changed_at_first_login(cli, db_url, tmp_path):
    from portal_helpers import csrf

    from docgen.portal.config import PortalConfig

    cli("portal", "init")
    rows, _ = _rows(cli.data / "一次性密码.xlsx")
    password = next(r[4] for r in rows if r[0] == "陈仓区")
    app = make_app(PortalConfig(data=cli.data, db=db_url))
    try:
        c = app.test_client()
        resp = login(c, "陈仓区", password)
        assert resp.status_code == 302 and resp.headers["Location"].endswith("/password")
        assert c.get("/county/upload").headers["Location"].endswith("/password")
        page = c.get("/password")
        assert "一次性密码" in page.text
        done = c.post("/password", data={"csrf_token": csrf(page.text), "current": password,
                                         "new": "Baoji-chencang-2026", "again": "Baoji-chencang-2026"})
        assert done.status_code == 302
        assert c.get("/county/upload").status_code == 200
        assert login(app.test_client(), "陈仓区", password).status_code == 401
    finally:
        app.extensions["docgen_portal"].registry.dispose()


def test_user_add_reset_disable_and_token(cli, db_url):
    from docgen.portal import models as m
    from docgen.portal.config import PortalConfig
    from docgen.registry.db import open_registry

    cli("portal", "init")
    added = cli("portal", "user", "add", "陈仓区-2", "--role", "county", "--unit", "陈仓区")
    assert added.exit_code == 0, added.output
    assert cli("portal", "user", "add", "陈仓区-2", "--role", "county", "--unit", "陈仓区").exit_code == 2
    bad = cli("portal", "user", "add", "x", "--role", "county", "--unit", "火星区")
    assert bad.exit_code == 2 and "GB/T 2260" in bad.output
    tok = CliRunner().invoke(main, ["portal", "token", "陈仓区-2", "--db", db_url])
    assert tok.exit_code == 0, tok.output
    token = tok.stdout.strip().splitlines()[0]
    app = make_app(PortalConfig(data=cli.data, db=db_url))
    try:
        c = app.test_client()
        assert c.get("/api/v1/due", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        reset = cli("portal", "user", "reset", "陈仓区-2")
        assert reset.exit_code == 0
        books = sorted(p.name for p in cli.data.glob("一次性密码-陈仓区-2*.xlsx"))
        assert len(books) == 2 and "一次性密码-陈仓区-2.xlsx" in books  # the add's book is kept
        assert c.get("/api/v1/due", headers={"Authorization": f"Bearer {token}"}).status_code == 401
        disabled = CliRunner().invoke(main, ["portal", "user", "disable", "陈仓区-2", "--db", db_url])
        assert disabled.exit_code == 0 and "已停用" in disabled.output
        assert CliRunner().invoke(main, ["portal", "token", "陈仓区-2", "--db", db_url]).exit_code == 2
        assert CliRunner().invoke(main, ["portal", "user", "disable", "没有这人", "--db", db_url]).exit_code == 2
    finally:
        app.extensions["docgen_portal"].registry.dispose()
    with open_registry(db_url) as reg, reg.reading() as s:
        actions = [a.action for a in s.query(m.AuditEntry).order_by(m.AuditEntry.id)][-4:]
    assert actions == ["account_created", "token_issued", "password_reset", "account_disabled"]


def test_tokens_are_listed_and_revocable(cli, db_url):
    from docgen.portal.config import PortalConfig, ensure_secret

    ensure_secret(PortalConfig(data=cli.data))
    cli("portal", "user", "add", "鄠邑区", "--role", "county", "--unit", "鄠邑区")
    first = CliRunner().invoke(main, ["portal", "token", "鄠邑区", "--db", db_url]).stdout.splitlines()[0]
    CliRunner().invoke(main, ["portal", "token", "鄠邑区", "--days", "7", "--db", db_url])
    listed = CliRunner().invoke(main, ["portal", "token", "鄠邑区", "--list", "--db", db_url])
    assert listed.exit_code == 0 and [x.split("\t")[-1] for x in listed.stdout.splitlines()] == ["有效", "有效"] and first not in listed.stdout
    token_id = listed.stdout.splitlines()[0].split("\t")[0]
    app = make_app(PortalConfig(data=cli.data, db=db_url))
    try:
        h = {"Authorization": f"Bearer {first}"}
        assert app.test_client().get("/api/v1/due", headers=h).status_code == 200
        revoked = CliRunner().invoke(main, ["portal", "token", "鄠邑区", "--revoke", token_id, "--db", db_url])
        assert revoked.exit_code == 0, revoked.output
        assert app.test_client().get("/api/v1/due", headers=h).status_code == 401
    finally:
        app.extensions["docgen_portal"].registry.dispose()
    listed = CliRunner().invoke(main, ["portal", "token", "鄠邑区", "--list", "--db", db_url]).stdout
    assert [x.split("\t")[-1] for x in listed.splitlines()] == ["已撤销", "有效"]
    assert CliRunner().invoke(main, ["portal", "token", "鄠邑区", "--revoke", "999", "--db", db_url]).exit_code == 2
