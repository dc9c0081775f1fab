"""Bad input through the portal gets what the CLI gives: each damaged file of the shared bad batch is
answered with its issue, a validation that runs too long is stopped, and the portal keeps answering."""

from __future__ import annotations

import io
import sys
from dataclasses import replace
from pathlib import Path

from portal_helpers import make_app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))

from bad_batch import make_bad_batch  # noqa: E402


def test_every_damaged_file_is_answered_with_its_issue(app, token_for, tmp_path):
    codes = make_bad_batch(tmp_path / "bad")
    c, h = app.test_client(), token_for("county")
    for name, code in codes.items():
        path = tmp_path / "bad" / name
        if not path.is_file() or path.is_symlink():
            continue
        resp = c.post("/api/v1/submissions", data={"file": (io.BytesIO(path.read_bytes()), name)}, headers=h)
        assert resp.status_code == 201, (name, resp.text)
        body = resp.get_json()
        assert body["status"] == "invalid" and code in [i["code"] for i in body["report"]["issues"]], name
        assert all("Traceback" not in i["message"] for i in body["report"]["issues"])
    assert c.get("/api/v1/due", headers=h).status_code == 200  # still answering


def test_a_validation_past_its_time_is_stopped_and_reported_as_the_cli_does(config, accounts, files):
    from docgen.portal import auth
    from docgen.portal import models as m
    from docgen.portal.service import now

    app = make_app(replace(config, limits=replace(config.limits, time_per_file_s=0.001)))
    try:
        with app.extensions["docgen_portal"].registry.transaction() as s:
            token, _ = auth.issue_token(s, s.get(m.Account, accounts["county"].id), 1, now())
        resp = app.test_client().post("/api/v1/submissions", headers={"Authorization": f"Bearer {token}"},
                                      data={"file": (io.BytesIO(files["good"].read_bytes()), "slow.docx")})
        assert resp.status_code == 201
        issue = resp.get_json()["report"]["issues"][0]
        assert issue["code"] == "file.timeout" and "0.001 秒" in issue["message"]
    finally:
        app.extensions["docgen_portal"].registry.dispose()


def test_a_checking_process_that_dies_is_the_files_issue(tmp_path, monkeypatch):
    from portal_helpers import die_job

    from docgen.portal import checker
    from docgen.settings import DEFAULT

    state, _ = checker._in_child(die_job, b"PK", "x.docx", today=None, entry=None, limits=DEFAULT, seconds=30,
                                 memory_mb=512, workdir=tmp_path)
    assert state == "died"
    monkeypatch.setattr(checker, "_in_child", lambda *a, **k: ("died", None))
    entry = checker.check_upload(b"PK", "x.docx", "0" * 64, today=None, limits=DEFAULT, memory_mb=512, workdir=tmp_path)
    assert entry["issues"][0]["code"] == "file.unreadable" and not entry["valid"]
    assert "异常退出" in entry["issues"][0]["message"]


def test_a_check_that_never_answers_is_killed_at_the_backstop(files, tmp_path, monkeypatch):
    from docgen.portal import checker
    from docgen.settings import DEFAULT

    assert checker.backstop(DEFAULT) == DEFAULT.time_per_file_s + checker.GRACE_S
    monkeypatch.setattr(checker, "backstop", lambda limits: 0.001)  # as if stuck in C past its own alarm
    entry = checker.check_upload(files["good"].read_bytes(), "x.docx", "0" * 64, today=None, limits=DEFAULT,
                                 memory_mb=1024, workdir=tmp_path)
    assert [i["code"] for i in entry["issues"]] == ["file.timeout"] and not entry["valid"]
    assert f"{DEFAULT.time_per_file_s:g} 秒" in entry["issues"][0]["message"]


def test_no_annotated_copy_for_what_cannot_carry_one(app, token_for, tmp_path):
    codes = make_bad_batch(tmp_path / "bad")
    assert codes["truncated.xlsx"] == "file.corrupt"
    c, h = app.test_client(), token_for("county")
    sid = c.post("/api/v1/submissions", headers=h, data={
        "file": (io.BytesIO((tmp_path / "bad" / "truncated.xlsx").read_bytes()), "truncated.xlsx")}).get_json()["id"]
    resp = c.get(f"/api/v1/submissions/{sid}/annotated", headers=h)
    assert resp.status_code == 404 and "批注副本" in resp.get_json()["message"]
