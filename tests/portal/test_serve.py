"""`docgen serve` itself: gunicorn with two workers on a free port, answering pages and the API."""

from __future__ import annotations

import json
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))

from bad_batch import make_bad_batch  # noqa: E402


def test_docgen_serve_answers_pages_and_the_api(server):
    base, _password, _token = server
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


def _upload(base: str, token: str, path: Path) -> dict:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n\r\n").encode()
    body += path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(base + "/api/v1/submissions", data=body, method="POST", headers={
        "Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    with urllib.request.urlopen(req, timeout=120) as resp:
        assert resp.status == 201
        return json.loads(resp.read())


def test_hostile_uploads_are_answered_while_the_portal_keeps_serving(server, tmp_path):
    base, _password, token = server
    codes = make_bad_batch(tmp_path / "bad")
    answers, served = {}, []

    def hostile():
        for name, code in codes.items():
            path = tmp_path / "bad" / name
            if path.is_file() and not path.is_symlink():
                answers[name] = (code, [i["code"] for i in _upload(base, token, path)["report"]["issues"]])
    worker = threading.Thread(target=hostile)
    worker.start()
    while worker.is_alive():  # another user, meanwhile
        with urllib.request.urlopen(base + "/login", timeout=30) as resp:  # never stalled behind a hostile file
            served.append(resp.status)
        time.sleep(0.05)
    worker.join()
    assert len(answers) == len(codes) - 1  # all but the symlink loop, which is no file to upload
    assert all(code in got for code, got in answers.values()), answers
    assert served and set(served) == {200}
