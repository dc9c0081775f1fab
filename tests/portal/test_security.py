"""design/PORTAL.md's accounts and "Security, as tests": revocable sessions, CSRF, cookies, headers,
throttling, quotas, size limit, the trusted-proxy setting, Chinese error pages."""

from __future__ import annotations

import io
import os
import stat
from dataclasses import replace

import pytest
from portal_helpers import PASSWORD, add_account, csrf, login, make_app


def _cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_a_browser_post_without_its_csrf_token_is_refused(client_for):
    c = client_for("county")
    resp = c.post("/packages/", data={"year": "2026", "cluster_name": "甲集群"})
    assert resp.status_code == 400 and "安全校验未通过" in resp.text
    forged = c.post("/packages/", data={"year": "2026", "cluster_name": "甲集群", "csrf_token": "forged"})
    assert forged.status_code == 400
    page = c.get("/packages/")
    assert c.post("/packages/", data={"year": "2026", "cluster_name": "甲集群",
                                      "csrf_token": csrf(page.text)}).status_code == 303


def test_login_itself_needs_the_token(app, accounts):
    resp = app.test_client().post("/login", data={"username": "陈仓区", "password": PASSWORD})
    assert resp.status_code == 400


def test_session_cookie_flags(app, accounts):
    c = app.test_client()
    resp = login(c, "陈仓区")
    cookie = resp.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_secure_cookies_when_configured(config, accounts):
    app = make_app(replace(config, secure_cookies=True))
    try:
        resp = login(app.test_client(), "陈仓区")
        assert "Secure" in resp.headers["Set-Cookie"]
    finally:
        app.extensions["docgen_portal"].registry.dispose()


def test_every_response_carries_the_security_headers(client_for):
    resp = client_for("county").get("/county/")
    assert resp.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["X-Frame-Options"] == "DENY"


def test_a_name_typed_as_script_renders_as_text(client_for):
    c = client_for("county")
    page = c.get("/packages/")
    url = c.post("/packages/", data={"csrf_token": csrf(page.text), "year": "2026",
                                     "cluster_name": "<script>alert(1)</script>集群"}).headers["Location"]
    html = c.get(url).text
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;集群" in html


def test_an_uploaded_file_name_is_never_a_path_nor_markup(client_for, portal, files):
    c = client_for("county")
    page = c.get("/county/upload")
    resp = c.post("/county/upload", data={"csrf_token": csrf(page.text),
                                          "file": (io.BytesIO(files["good"].read_bytes()), "../../<b>x</b>.docx")},
                  content_type="multipart/form-data")
    assert resp.status_code == 200 and "<b>x</b>" not in resp.text
    import re

    stored = [p.relative_to(portal.config.data).as_posix() for p in portal.config.data.rglob("*") if p.is_file()]
    assert stored and all(re.fullmatch(r"files/[0-9a-f]{2}/[0-9a-f]{62}\.docx", p) for p in stored if p != "secret_key")


def test_disabling_an_account_ends_its_sessions_and_tokens_at_once(client_for, portal, token_for, app):
    from docgen.portal.accounts import disable_user

    c = client_for("county")
    h = token_for("county")
    assert c.get("/county/").status_code == 200
    assert app.test_client().get("/api/v1/submissions", headers=h).status_code == 200
    disable_user(portal.registry, "陈仓区")
    assert c.get("/county/").status_code == 302  # back to the login page
    assert app.test_client().get("/api/v1/submissions", headers=h).status_code == 401
    assert login(app.test_client(), "陈仓区").status_code == 401


def test_resetting_a_password_ends_sessions_and_forces_a_new_password(client_for, portal, token_for, app):
    from docgen.portal.accounts import reset_user

    c = client_for("county")
    h = token_for("county")
    row = reset_user(portal.registry, "陈仓区")
    assert c.get("/county/").status_code == 302
    assert app.test_client().get("/api/v1/submissions", headers=h).status_code == 401
    fresh = app.test_client()
    resp = login(fresh, "陈仓区", row["password"])
    assert resp.status_code == 302 and resp.headers["Location"].endswith("/password")
    assert fresh.get("/county/").headers["Location"].endswith("/password")  # nothing else until changed


def test_changing_the_password_ends_the_other_sessions(app, accounts):
    a, b = app.test_client(), app.test_client()
    login(a, "陈仓区")
    login(b, "陈仓区")
    page = a.get("/password")
    resp = a.post("/password", data={"csrf_token": csrf(page.text), "current": PASSWORD,
                                     "new": "Another-pass-2026", "again": "Another-pass-2026"})
    assert resp.status_code == 302
    assert a.get("/county/").status_code == 200
    assert b.get("/county/").status_code == 302


def test_weak_or_mismatched_new_passwords_are_refused(app, accounts):
    c = app.test_client()
    login(c, "陈仓区")
    token = csrf(c.get("/password").text)
    for new, again, why in [("short", "short", "至少 10 个字符"), ("Long-enough-1", "Long-enough-2", "不一致"),
                            ("12345678901", "12345678901", "全是数字")]:
        resp = c.post("/password", data={"csrf_token": token, "current": PASSWORD, "new": new, "again": again})
        assert resp.status_code == 400 and why in resp.text


def test_logins_are_throttled_per_account_in_the_database(app, accounts, portal):
    from docgen.portal import models as m

    c = app.test_client()
    for _ in range(portal.config.login_limit):
        assert login(c, "陈仓区", "wrong-password").status_code == 401
    assert login(c, "陈仓区").status_code == 429  # even with the right password, for the window
    assert "15 分钟" in login(c, "陈仓区").text
    with portal.registry.reading() as s:
        assert s.query(m.LoginAttempt).filter_by(username="陈仓区").count() == portal.config.login_limit
    assert login(app.test_client(), "凤翔区").status_code == 302  # another account is not affected


def test_logins_are_throttled_per_address(app, accounts, portal):
    c = app.test_client()
    for i in range(4 * portal.config.login_limit):
        login(c, f"nobody{i}", "x")
    assert login(c, "陈仓区").status_code == 429


def test_the_trusted_proxy_setting_decides_the_client_address(config, accounts):
    from docgen.portal import models as m

    for proxies, expected in ((0, "127.0.0.1"), (1, "203.0.113.7")):
        app = make_app(replace(config, trusted_proxies=proxies))
        try:
            c = app.test_client()
            page = c.get("/login")
            c.post("/login", data={"username": f"x{proxies}", "password": "bad", "csrf_token": csrf(page.text)},
                   headers={"X-Forwarded-For": "203.0.113.7"}, environ_base={"REMOTE_ADDR": "127.0.0.1"})
            with app.extensions["docgen_portal"].registry.reading() as s:
                row = s.query(m.LoginAttempt).filter_by(username=f"x{proxies}").one()
            assert row.address == expected
        finally:
            app.extensions["docgen_portal"].registry.dispose()


def test_the_storage_quota_per_unit(config, accounts, files):
    from docgen.portal import models as m

    size_mb = files["good"].stat().st_size / 1024 / 1024
    app = make_app(replace(config, quota_mb=size_mb * 1.5))
    try:
        c = app.test_client()
        login(c, "陈仓区")

        def up():
            page = c.get("/county/upload")
            return c.post("/county/upload", data={"csrf_token": csrf(page.text),
                                                  "file": (io.BytesIO(files["good"].read_bytes()), "a.docx")},
                          content_type="multipart/form-data")
        assert up().status_code == 200
        second = up()
        assert second.status_code == 413 and "存储空间" in second.text
        with app.extensions["docgen_portal"].registry.reading() as s:
            assert s.query(m.Submission).count() == 1
    finally:
        app.extensions["docgen_portal"].registry.dispose()


def test_a_body_over_the_upload_limit_is_answered_413_before_it_is_stored(config, accounts, token_for):
    app = make_app(replace(config, limits=replace(config.limits, max_file_mb=0.01)))
    try:
        from docgen.portal import auth
        from docgen.portal import models as m
        from docgen.portal.service import now

        reg = app.extensions["docgen_portal"].registry
        with reg.transaction() as s:
            token, _ = auth.issue_token(s, s.get(m.Account, accounts["county"].id), 1, now())
        resp = app.test_client().post("/api/v1/submissions", headers={"Authorization": f"Bearer {token}"},
                                      data={"file": (io.BytesIO(b"x" * 200_000), "big.docx")})
        assert resp.status_code == 413 and resp.get_json()["error"] == "file.too_large"
        assert "0.01 MB" in resp.get_json()["message"]  # the limit in force, not a number of its own
        assert not (config.files).exists() or not any(config.files.rglob("*.docx"))
    finally:
        app.extensions["docgen_portal"].registry.dispose()


def test_error_pages_are_chinese_html_without_tracebacks(client_for, app, monkeypatch):
    c = client_for("county")
    for path, status in (("/no/such/page", 404), ("/submissions/12345", 404), ("/city/", 403)):
        resp = c.get(path)
        assert resp.status_code == status and _cjk(resp.text) and "Not Found" not in resp.text
        assert "Forbidden" not in resp.text

    from docgen.portal import views

    def boom(*_a, **_k):
        raise RuntimeError("secret internals")
    monkeypatch.setattr(views, "render_template", boom)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    app.testing = False
    resp = c.get("/county/upload")
    assert resp.status_code == 500 and "系统内部错误" in resp.text
    assert "secret internals" not in resp.text and "Traceback" not in resp.text


def test_the_secret_key_is_written_once_private(config):
    from docgen.portal.config import ensure_secret

    path = config.secret_path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    first = path.read_bytes()
    assert ensure_secret(config) == first.strip() and path.read_bytes() == first
    assert len(first.strip()) == 64


def test_without_a_secret_key_the_app_refuses_to_start(tmp_path):
    from docgen.errors import InputError
    from docgen.portal.config import PortalConfig

    with pytest.raises(InputError, match="docgen portal init"):
        make_app(PortalConfig(data=tmp_path / "none", db=f"sqlite:///{tmp_path / 'x.sqlite3'}"))


def test_add_account_helper_sanity(portal):
    acc = add_account(portal, "韩城市", "county,city", "韩城市", "韩城市")
    assert acc.has("county") and acc.has("city") and not acc.has("province")
