"""Annual tables and change reports through the portal (PORTAL.md "What moves through it"): a county
files one for its recognised cluster, its city accepts or returns it; accepted, it is in the registry in
the same transaction (`registry show`, `registry due` see it)."""

from __future__ import annotations

from datetime import date

import pytest
from portal_helpers import CLUSTER, TODAY, csrf, filled_annual, filled_change, recognise_cluster


@pytest.fixture
def cluster_id(portal):
    return recognise_cluster(portal)


def _as(portal, accounts, who):
    from docgen.portal import models as m

    with portal.registry.reading() as s:
        return s.get(m.Account, accounts[who].id)


def _overdue_years(portal, cid):
    from docgen.registry.due import due_lists

    return [o["report_year"] for o in due_lists(portal.registry, TODAY)["annual_overdue"] if o["cluster_id"] == cid]


def test_an_annual_table_the_city_accepts_is_in_the_registry_and_no_longer_overdue(
        app, portal, accounts, token_for, cluster_id, tmp_path):
    from docgen.registry.history import cluster_history

    assert _overdue_years(portal, cluster_id) == [2024]  # recognised 2024-06-15, table due 2025-03-31
    county, city = app.test_client(), app.test_client()
    resp = county.post("/api/v1/filings", json={"cluster_id": cluster_id, "kind": "annual", "report_year": 2024},
                       headers=token_for("county"))
    assert resp.status_code == 201, resp.text
    fid = resp.get_json()["id"]
    assert resp.get_json()["status"] == "draft" and resp.get_json()["cluster_name"] == CLUSTER
    path = filled_annual(tmp_path, cluster_id, 2024)
    resp = county.post(f"/api/v1/filings/{fid}/files", data={"file": (path.open("rb"), path.name)},
                       headers=token_for("county"), content_type="multipart/form-data")
    assert resp.status_code == 201, resp.text
    assert resp.get_json()["form"] == "annual" and resp.get_json()["status"] == "valid"
    sub_id = resp.get_json()["id"]
    # the city sees nothing of a draft, and accepting it is not the county's action
    assert city.get(f"/api/v1/filings/{fid}", headers=token_for("city")).status_code == 404
    assert city.get(f"/api/v1/submissions/{sub_id}", headers=token_for("city")).status_code == 404
    resp = county.post(f"/api/v1/filings/{fid}/actions", json={"action": "submit"}, headers=token_for("county"))
    assert resp.status_code == 200 and resp.get_json()["status"] == "submitted"
    assert city.get(f"/api/v1/submissions/{sub_id}", headers=token_for("city")).status_code == 200
    assert city.get(f"/api/v1/submissions/{sub_id}", headers=token_for("city_xa")).status_code == 404
    assert county.post(f"/api/v1/filings/{fid}/actions", json={"action": "accept"},
                       headers=token_for("county")).status_code == 403
    assert city.post(f"/api/v1/filings/{fid}/actions", json={"action": "accept"},
                     headers=token_for("city_xa")).status_code == 404
    resp = city.post(f"/api/v1/filings/{fid}/actions", json={"action": "accept"}, headers=token_for("city"))
    assert resp.status_code == 200, resp.text
    body = resp.get_json()
    assert body["status"] == "filed"
    assert [h["action"] for h in body["history"]] == ["created", "version_added", "submitted", "accepted", "filed"]
    assert [(h["from"], h["to"]) for h in body["history"][2:]] == [
        ("draft", "submitted"), ("submitted", "accepted"), ("accepted", "filed")]
    shown = cluster_history(portal.registry, cluster_id, on=TODAY)
    assert [(f["report_year"], f["current"]) for f in shown["annual_filings"]] == [(2024, True)]
    assert shown["annual_filings"][0]["sha256"] == body["current"]["sha256"]
    assert _overdue_years(portal, cluster_id) == []
    # accepting again: the state no longer allows it
    assert city.post(f"/api/v1/filings/{fid}/actions", json={"action": "accept"},
                     headers=token_for("city")).status_code == 409


def test_accept_on_a_draft_is_409_and_a_county_cannot_accept(portal, accounts, cluster_id, tmp_path):
    from docgen.portal import access, filings

    county, city = _as(portal, accounts, "county"), _as(portal, accounts, "city")
    f = filings.create(portal, county, cluster_id, "annual", 2024)
    with pytest.raises(access.Forbidden):
        filings.act(portal, county, f.id, "accept")
    with pytest.raises(access.Conflict):
        filings.act(portal, county, f.id, "submit")  # nothing uploaded
    path = filled_annual(tmp_path, cluster_id, 2024)
    filings.upload(portal, county, f.id, path.name, path.read_bytes())
    # a city cannot see a draft at all: 404, as if it did not exist
    with pytest.raises(access.NotFound):
        filings.act(portal, city, f.id, "accept")
    with pytest.raises(access.Forbidden):
        filings.act(portal, _as(portal, accounts, "province"), f.id, "accept")  # sees it; not its action


def test_accept_on_a_draft_is_409_for_hancheng_which_is_county_and_city(portal, tmp_path):
    """韩城市's one account holds both roles for itself: it sees its own draft, and its state forbids accepting."""
    from portal_helpers import add_account

    from docgen.portal import access, filings

    han = add_account(portal, "韩城市", "county,city", "韩城市", "韩城市")
    cid = recognise_cluster(portal, "韩城市", "韩城市花椒产业集群")
    f = filings.create(portal, han, cid, "annual", 2024)
    with pytest.raises(access.Conflict, match="草稿"):
        filings.act(portal, han, f.id, "accept")
    path = filled_annual(tmp_path, cid, 2024, county="韩城市", name="韩城市花椒产业集群")
    filings.upload(portal, han, f.id, path.name, path.read_bytes())
    filings.act(portal, han, f.id, "submit")
    assert filings.act(portal, han, f.id, "accept").status == "filed"


def test_a_filing_of_another_countys_cluster_is_refused_as_not_found(portal, accounts, cluster_id):
    from docgen.portal import access, filings

    with pytest.raises(access.NotFound):
        filings.create(portal, _as(portal, accounts, "county2"), cluster_id, "annual", 2024)
    with pytest.raises(access.PortalError, match="报送类型"):
        filings.create(portal, _as(portal, accounts, "county"), cluster_id, "application", 2024)


def test_a_table_of_another_year_cannot_be_submitted(portal, accounts, cluster_id, tmp_path):
    from docgen.portal import access, filings

    county = _as(portal, accounts, "county")
    f = filings.create(portal, county, cluster_id, "annual", 2025)
    path = filled_annual(tmp_path, cluster_id, 2024)
    filings.upload(portal, county, f.id, path.name, path.read_bytes())
    with pytest.raises(access.Conflict, match="2024 年，本报送是 2025 年度"):
        filings.act(portal, county, f.id, "submit")


def test_a_returned_filing_shows_the_reason_and_a_new_version_makes_it_a_draft(app, client_for, portal, accounts,
                                                                              cluster_id, tmp_path):
    from docgen.portal import filings

    county_acc = _as(portal, accounts, "county")
    f = filings.create(portal, county_acc, cluster_id, "annual", 2024)
    path = filled_annual(tmp_path, cluster_id, 2024)
    filings.upload(portal, county_acc, f.id, path.name, path.read_bytes())
    filings.act(portal, county_acc, f.id, "submit")
    city = client_for("city")
    page = city.get(f"/filings/{f.id}")
    assert page.status_code == 200 and "受理并记入名录" in page.text
    resp = city.post(f"/filings/{f.id}/actions", data={"action": "return", "reason": "", "csrf_token": csrf(page.text)})
    assert resp.status_code == 400 and "退回时请写明理由" in resp.text
    resp = city.post(f"/filings/{f.id}/actions",
                     data={"action": "return", "reason": "产值数据与统计局不符", "csrf_token": csrf(page.text)})
    assert resp.status_code == 303
    county = client_for("county")
    assert "产值数据与统计局不符" in county.get("/county/").text
    assert "产值数据与统计局不符" in county.get("/packages/").text  # 我的申报: packages and filings
    page = county.get(f"/filings/{f.id}")
    assert "市级退回理由：产值数据与统计局不符" in page.text
    resp = county.post(f"/filings/{f.id}/files", data={"file": (path.open("rb"), path.name),
                                                       "csrf_token": csrf(page.text)},
                       content_type="multipart/form-data")
    assert resp.status_code == 200 and 'class="verdict good"' in resp.text and "返回该报送" in resp.text
    with portal.registry.reading() as s:
        from docgen.portal import models as m
        from docgen.portal import service

        assert s.get(m.Filing, f.id).status == "draft"
        assert [h.action for h in service.history(s, s.get(m.Filing, f.id))][-3:] == [
            "returned", "version_added", "redrafted"]


def test_a_change_report_through_the_pages_is_recorded_on_the_cluster(app, client_for, portal, cluster_id, tmp_path):
    """Every step a plain form (JavaScript off): 新建, 上传, 报送, 受理."""
    from docgen.registry.history import cluster_history

    county = client_for("county")
    page = county.get("/filings/")
    assert cluster_id in page.text
    resp = county.post("/filings/", data={"cluster_id": cluster_id, "kind": "change", "report_year": "2026",
                                          "csrf_token": csrf(page.text)})
    assert resp.status_code == 303
    url = resp.headers["Location"]
    page = county.get(url)
    path = filled_change(tmp_path, cluster_id)
    resp = county.post(url + "/files", data={"file": (path.open("rb"), path.name), "csrf_token": csrf(page.text)},
                       content_type="multipart/form-data")
    assert resp.status_code == 200, resp.text
    page = county.get(url)
    assert "报送宝鸡市" in page.text and "disabled" not in page.text.split("报送市级")[1].split("</form>")[0]
    assert county.post(url + "/actions", data={"action": "submit", "csrf_token": csrf(page.text)}).status_code == 303
    city = client_for("city")
    desk = city.get("/city/")
    assert url in desk.text and "待审核" in desk.text
    page = city.get(url)
    assert city.post(url + "/actions", data={"action": "accept", "csrf_token": csrf(page.text)}).status_code == 303
    page = city.get(url)
    assert "已入名录" in page.text and "记入集群名录" in page.text  # status and the history's action
    changes = cluster_history(portal.registry, cluster_id, on=TODAY)["change_reports"]
    assert changes == [{"change_date": "2026-03-02", "fill_date": "2026-03-20"}]


def test_the_countys_due_page_lists_the_annual_table_due_by_march_31_and_whether_filed(
        client_for, portal, accounts, cluster_id, tmp_path):
    from docgen.portal import filings
    from docgen.portal.due import due_for

    county_acc = _as(portal, accounts, "county")
    rows = due_for(portal, county_acc)["annual_tables"]
    assert [(r["cluster_id"], r["report_year"], r["deadline"], r["filed"]) for r in rows] == [
        (cluster_id, 2025, date(2026, 3, 31).isoformat(), False)]
    page = client_for("county").get("/county/")
    assert "2026-03-31 前" in page.text and "报送年度信息表" in page.text
    assert "补报 2024 年度信息表" in page.text  # the overdue one, started from 待办 as well
    f = filings.create(portal, county_acc, cluster_id, "annual", 2025)
    assert filings.create(portal, county_acc, cluster_id, "annual", 2025).id == f.id  # one open table a year
    path = filled_annual(tmp_path, cluster_id, 2025)
    filings.upload(portal, county_acc, f.id, path.name, path.read_bytes())
    filings.act(portal, county_acc, f.id, "submit")
    filings.act(portal, _as(portal, accounts, "city"), f.id, "accept")
    rows = due_for(portal, county_acc)["annual_tables"]
    assert [(r["report_year"], r["filed"], r["filing_status"]) for r in rows] == [(2025, True, "filed")]
    assert "已入名录" in client_for("county").get("/county/").text
    city_page = client_for("city").get("/city/due")
    assert CLUSTER in city_page.text and "已入名录" in city_page.text
    assert "2024 年度" in city_page.text  # the 2024 table is still overdue, listed for the city


def test_a_cluster_recognised_this_year_owes_this_years_table_first(portal, accounts):
    from docgen.portal.due import due_for

    cid = recognise_cluster(portal, published=date(2026, 1, 20))
    rows = due_for(portal, _as(portal, accounts, "county"))["annual_tables"]
    assert [(r["cluster_id"], r["report_year"], r["deadline"], r["overdue"]) for r in rows] == [
        (cid, 2026, "2027-03-31", False)]
