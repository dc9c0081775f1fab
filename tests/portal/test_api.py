"""/api/v1 as design/PORTAL.md lists it: bearer tokens, JSON, the CLI's report for one file."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

from portal_helpers import TODAY


def _file(path, name=None):
    return {"file": (io.BytesIO(path.read_bytes()), name or path.name)}


def test_the_report_is_the_clis_json_for_that_file(app, token_for, files):
    from docgen.pipeline import validate_paths
    from docgen.report.json_report import dumps

    c = app.test_client()
    resp = c.post("/api/v1/submissions", data=_file(files["bad"]), headers=token_for("county"))
    assert resp.status_code == 201
    body = resp.get_json()
    assert set(body) >= {"id", "sha256", "form", "status", "report"}
    assert body["form"] == "application" and body["status"] == "invalid"
    cli = json.loads(dumps(validate_paths([files["bad"]], today=TODAY)))["files"][0]
    got = dict(body["report"])
    assert got.pop("path") == files["bad"].name
    cli.pop("path")
    assert got == cli
    assert c.get(f"/api/v1/submissions/{body['id']}", headers=token_for("county")).get_json() == body


def test_list_file_and_annotated(app, token_for, files):
    c, h = app.test_client(), token_for("county")
    sid = c.post("/api/v1/submissions", data=_file(files["bad"]), headers=h).get_json()["id"]
    listed = c.get("/api/v1/submissions", headers=h).get_json()
    assert [x["id"] for x in listed] == [sid]
    raw = c.get(f"/api/v1/submissions/{sid}/file", headers=h)
    assert raw.data == files["bad"].read_bytes() and raw.headers["X-Content-Type-Options"] == "nosniff"
    ann = c.get(f"/api/v1/submissions/{sid}/annotated", headers=h)
    assert ann.status_code == 200 and ann.data[:2] == b"PK" and ann.data != raw.data


def test_forms_and_due(app, token_for, tmp_path):
    from docgen.pipeline import parse_file

    c, h = app.test_client(), token_for("county")
    resp = c.get("/api/v1/forms/application?year=2026", headers=h)
    assert resp.status_code == 200
    (tmp_path / "a.docx").write_bytes(resp.data)
    assert parse_file(tmp_path / "a.docx")["data"]["county"] == "陈仓区"
    assert c.get("/api/v1/forms/application?cluster_id=SX-NONE", headers=h).status_code == 404
    due = c.get("/api/v1/due", headers=h).get_json()
    assert due["on"] == TODAY.isoformat() and due["returned"] == [] and due["drafts"] == []
    assert c.get("/api/v1/due", headers=token_for("city")).status_code == 403


def test_packages_through_the_api(app, token_for, files):
    c, h, city = app.test_client(), token_for("county"), token_for("city")
    made = c.post("/api/v1/packages", json={"year": 2026, "cluster_name": "陈仓区钛材产业集群"}, headers=h)
    assert made.status_code == 201
    pkg = made.get_json()
    assert pkg["status"] == "draft" and pkg["forms"] == {}
    pid = pkg["id"]
    bad = c.post(f"/api/v1/packages/{pid}/files", data=_file(files["bad"]), headers=h)
    assert bad.status_code == 201 and bad.get_json()["package_id"] == pid
    c.post(f"/api/v1/packages/{pid}/files", data=_file(files["plan"]), headers=h)
    refused = c.post(f"/api/v1/packages/{pid}/actions", json={"action": "submit"}, headers=h)
    assert refused.status_code == 409 and refused.get_json()["error"] == "state.not_allowed"
    assert "申报书" in refused.get_json()["message"]
    c.post(f"/api/v1/packages/{pid}/files", data=_file(files["good"]), headers=h)
    one = c.get(f"/api/v1/packages/{pid}", headers=h).get_json()
    assert len(one["forms"]["application"]["versions"]) == 2
    assert one["forms"]["application"]["current"]["status"] == "valid"
    # the city cannot see a draft at all
    assert c.get(f"/api/v1/packages/{pid}", headers=city).status_code == 404
    assert c.get("/api/v1/packages", headers=city).get_json() == []
    sub = c.post(f"/api/v1/packages/{pid}/actions", json={"action": "submit"}, headers=h)
    assert sub.status_code == 200 and sub.get_json()["status"] == "submitted"
    assert c.post(f"/api/v1/packages/{pid}/actions", json={"action": "accept"}, headers=h).status_code == 403
    assert [p["id"] for p in c.get("/api/v1/packages", headers=city).get_json()] == [pid]
    no_reason = c.post(f"/api/v1/packages/{pid}/actions", json={"action": "return"}, headers=city)
    assert no_reason.status_code == 400 and no_reason.get_json()["error"] == "action.reason_required"
    back = c.post(f"/api/v1/packages/{pid}/actions", json={"action": "return", "reason": "缺少盖章页"}, headers=city)
    assert back.get_json()["status"] == "returned" and back.get_json()["reason"] == "缺少盖章页"
    history = c.get(f"/api/v1/packages/{pid}", headers=h).get_json()["history"]
    assert [(x["action"], x["from"], x["to"]) for x in history][-2:] == [("submitted", "draft", "submitted"),
                                                                         ("returned", "submitted", "returned")]


def test_errors_are_json_in_chinese(app, token_for):
    c = app.test_client()
    r = c.get("/api/v1/submissions")
    assert r.status_code == 401 and r.is_json and r.get_json()["error"] == "auth.required"
    h = token_for("county")
    r = c.get("/api/v1/submissions/999", headers=h)
    assert r.status_code == 404 and r.get_json()["error"] == "not_found"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.get_json()["message"])
    r = c.post("/api/v1/packages", data="not json", headers=h)
    assert r.status_code == 400 and r.is_json
    r = c.post("/api/v1/packages", json={"year": "二〇二六", "cluster_name": "x"}, headers=h)
    assert r.status_code == 422
    r = c.post("/api/v1/submissions", headers=h)
    assert r.status_code == 400 and r.get_json()["error"] == "file.missing"
    r = c.get("/api/v1/nothing-here", headers=h)
    assert r.status_code == 404 and r.is_json
    r = c.delete("/api/v1/submissions", headers=h)
    assert r.status_code == 405 and r.is_json


def test_expired_and_revoked_tokens_are_refused(app, portal, token_for):
    from docgen.portal import models as m

    c = app.test_client()
    h = token_for("county")
    assert c.get("/api/v1/submissions", headers=h).status_code == 200
    with portal.registry.transaction() as s:
        s.query(m.ApiToken).update({m.ApiToken.expires_at: datetime.now() - timedelta(seconds=1)})
    assert c.get("/api/v1/submissions", headers=h).status_code == 401
    h2 = token_for("county")
    with portal.registry.transaction() as s:
        s.query(m.ApiToken).filter(m.ApiToken.revoked_at.is_(None)).update({m.ApiToken.revoked_at: datetime.now()})
    assert c.get("/api/v1/submissions", headers=h2).status_code == 401


def test_tokens_are_stored_hashed(portal, token_for):
    import hashlib

    from docgen.portal import models as m

    token = token_for("county")["Authorization"].removeprefix("Bearer ")
    with portal.registry.reading() as s:
        row = s.query(m.ApiToken).one()
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest() and token not in row.token_hash
