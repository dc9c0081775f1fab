"""`docgen serve` itself: gunicorn with two workers on a free port, answering pages and the API."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


def test_docgen_serve_answers_pages_and_the_api(server):
    base, _password = server
    with urllib.request.urlopen(base + "/login", timeout=10) as resp:
        page = resp.read().decode()
        assert resp.status == 200 and "登录" in page
        assert resp.headers["Content-Security-Policy"].startswith("default-src 'self'")
    try:
        urllib.request.urlopen(base + "/api/v1/due", timeout=10)
        raise AssertionError("no token, yet answered")
    except urllib.error.HTTPError as exc:
        assert exc.code == 401 and json.loads(exc.read())["error"] == "auth.required"
    try:
        urllib.request.urlopen(base + "/nowhere", timeout=10)
        raise AssertionError("answered a page that does not exist")
    except urllib.error.HTTPError as exc:
        body = exc.read().decode()
        assert exc.code == 404 and "没有找到" in body and "Not Found" not in body
