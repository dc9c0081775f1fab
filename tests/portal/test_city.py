"""The city desk (Art. 15): its counties' packages from `submitted` on, 初审 accept/return, 实地抽查, the
recommendation with its 设区市推荐汇总表 generated filled from what the portal holds."""

from __future__ import annotations

import pytest
from portal_helpers import csrf


def _as(portal, accounts, who):
    from docgen.portal import models as m

    with portal.registry.reading() as s:
        return s.get(m.Account, accounts[who].id)


def _submitted(portal, account, files, name, application="good"):
    from docgen.portal import service

    pkg = service.create_package(portal, account, 2026, name)
    for key in (application, "plan"):
        service.upload(portal, account, files[key].name, files[key].read_bytes(), pkg.id)
    return service.act(portal, account, pkg.id, "submit")


@pytest.fixture
def desk(portal, accounts, files):
    """陈仓区 and 凤翔区 (宝鸡市) each submitted a package; 陈仓区 has a draft too; 鄠邑区 (西安市) submitted one."""
    from docgen.portal import service

    county, county2, xa = (_as(portal, accounts, w) for w in ("county", "county2", "county_xa"))
    return {"a": _submitted(portal, county, files, "陈仓区钛及钛合金精深加工产业集群"),
            "b": _submitted(portal, county2, files, "凤翔区白酒产业集群", "other"),
            "draft": service.create_package(portal, county, 2026, "陈仓区草稿集群"),
            "xa": _submitted(portal, xa, files, "鄠邑区汽车零部件产业集群")}


def test_the_desk_lists_its_counties_submitted_packages_only_and_filters(client_for, desk):
    city = client_for("city")
    page = city.get("/city/")
    assert page.status_code == 200
    assert "陈仓区钛及钛合金精深加工产业集群" in page.text and "凤翔区白酒产业集群" in page.text
    assert f'/packages/{desk["a"].id}"' in page.text
    assert "陈仓区草稿集群" not in page.text and "鄠邑区汽车零部件产业集群" not in page.text
    assert page.text.count("（待初审）") == 2
    assert "凤翔区白酒产业集群" not in city.get("/city/?status=accepted").text
    assert "凤翔区白酒产业集群" in city.get("/city/?status=submitted&year=2026").text
    assert "凤翔区白酒产业集群" not in city.get("/city/?year=2025").text
    assert city.get("/city/?year=abc").status_code == 400
    assert client_for("county").get("/city/").status_code == 403


def test_a_city_cannot_see_or_touch_another_citys_package(client_for, token_for, app, desk):
    xa = desk["xa"].id
    city = client_for("city")
    assert city.get(f"/packages/{xa}").status_code == 404
    page = city.get("/city/")
    assert city.post(f"/packages/{xa}/actions", data={"action": "accept", "csrf_token": csrf(page.text)}).status_code == 404
    assert city.post(f"/city/packages/{xa}/spot-checks", data={"checked_on": "2026-03-18", "people": "张伟",
                                                              "findings": "属实", "csrf_token": csrf(page.text)}).status_code == 404
    api = app.test_client()
    assert api.get(f"/api/v1/packages/{xa}", headers=token_for("city")).status_code == 404
    resp = api.post(f"/api/v1/packages/{xa}/actions", json={"action": "accept"}, headers=token_for("city"))
    assert resp.status_code == 404 and resp.get_json()["error"] == "not_found"


def test_return_with_a_reason_the_county_sees(client_for, desk):
    city = client_for("city")
    page = city.get(f"/packages/{desk['a'].id}")
    assert "初审" in page.text and 'value="accept"' in page.text and 'value="return"' in page.text
    resp = city.post(f"/packages/{desk['a'].id}/actions",
                     data={"action": "return", "reason": "规划缺少年度目标", "csrf_token": csrf(page.text)})
    assert resp.status_code == 303
    county_page = client_for("county").get(f"/packages/{desk['a'].id}")
    assert "市级退回理由：规划缺少年度目标" in county_page.text
    assert "退回" in county_page.text.split("<h2>记录</h2>")[1]


def test_a_spot_check_is_recorded_shown_and_audited(client_for, portal, accounts, desk):
    from docgen.portal import access, spot_checks

    city = client_for("city")
    url = f"/packages/{desk['a'].id}"
    page = city.get(url)
    assert "实地抽查" in page.text and 'name="findings"' in page.text
    resp = city.post(f"/city{url}/spot-checks", data={"checked_on": "2026-03-18", "people": "张伟、李娜（市工信局）",
                                                     "findings": "园区企业数与申报一致。<b>", "csrf_token": csrf(page.text)})
    assert resp.status_code == 303
    page = city.get(url)
    assert "张伟、李娜（市工信局）" in page.text and "园区企业数与申报一致。&lt;b&gt;" in page.text
    assert "实地抽查</td>" in page.text.split("<h2>记录</h2>")[1]  # the history names the action in Chinese
    county_page = client_for("county").get(url)
    assert "张伟、李娜（市工信局）" in county_page.text and 'name="findings"' not in county_page.text
    with pytest.raises(access.Forbidden):
        spot_checks.record(portal, _as(portal, accounts, "county"), desk["a"].id, "2026-03-18", "某人", "某事")
    with pytest.raises(access.PortalError, match="不能晚于今天"):
        spot_checks.record(portal, _as(portal, accounts, "city"), desk["a"].id, "2026-04-01", "某人", "某事")
    with pytest.raises(access.PortalError, match="抽查日期应为 YYYY-MM-DD"):
        spot_checks.record(portal, _as(portal, accounts, "city"), desk["a"].id, "上周三", "某人", "某事")
    # a date typed as the forms and the CLI accept one (a browser without a date picker sends the text)
    typed = spot_checks.record(portal, _as(portal, accounts, "city"), desk["a"].id, "2026年3月19日", "王强", "复核")
    assert typed.checked_on.isoformat() == "2026-03-19"
    with portal.registry.reading() as s:
        from sqlalchemy import select

        from docgen.portal import models as m

        rows = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "spot_checked")).all()
        assert [(r.object_id, r.actor) for r in rows] == [(desk["a"].id, "宝鸡市")] * 2


def _read_back(tmp_path, data: bytes) -> dict:
    from docgen.pipeline import validate_paths

    path = tmp_path / "推荐汇总表.xlsx"
    path.write_bytes(data)
    return validate_paths([str(path)])["files"][0]


def test_recommending_generates_the_filled_summary_workbook(app, client_for, token_for, portal, accounts, desk,
                                                            tmp_path):
    from docgen.portal import service, spot_checks

    city_acc = _as(portal, accounts, "city")
    for key in ("a", "b"):
        service.act(portal, city_acc, desk[key].id, "accept")
    spot_checks.record(portal, city_acc, desk["b"].id, "2026-03-18", "张伟", "属实")
    city = client_for("city")
    page = city.get("/city/recommend")
    assert "陈仓区钛及钛合金精深加工产业集群" in page.text and "已抽查" in page.text
    # 凤翔区 ranked first: the 推荐排序 typed, not the page's order
    resp = city.post("/city/recommend", data={"package_id": [str(desk["a"].id), str(desk["b"].id)],
                                              f"rank_{desk['a'].id}": "2", f"rank_{desk['b'].id}": "1",
                                              "contact_name": "李建国", "contact_phone": "0917-3261234",
                                              "csrf_token": csrf(page.text)})
    assert resp.status_code == 303, resp.text
    page = city.get("/city/recommend")
    link = page.text.split('href="/city/recommendations/')[1].split('"')[0]
    download = city.get(f"/city/recommendations/{link}")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    entry = _read_back(tmp_path, download.data)
    assert entry["form"] == "recommendation" and entry["valid"], entry["issues"]
    recs = entry["data"]["recs"]
    assert [(r["rank"], r["cluster_name"], r["county"]) for r in recs] == [
        (1, "凤翔区白酒产业集群", "凤翔区"), (2, "陈仓区钛及钛合金精深加工产业集群", "陈仓区")]
    assert [(r["leading_industry"], r["output_latest"], r["precheck"], r["spot_check"]) for r in recs] == [
        ("钛及钛合金材料精深加工", 58.6, "通过", True), ("钛及钛合金材料精深加工", 58.6, "通过", False)]
    assert (entry["data"]["city"], entry["data"]["contact_name"]) == ("宝鸡市", "李建国")
    with portal.registry.reading() as s:
        from docgen.portal import models as m

        assert [s.get(m.Package, desk[k].id).status for k in ("a", "b")] == ["recommended", "recommended"]
        from sqlalchemy import select

        rec = s.scalars(select(m.Recommendation)).all()
        assert [(r.city, r.year, r.package_ids) for r in rec] == [("宝鸡市", 2026, [desk["b"].id, desk["a"].id])]
        assert portal.store.get(rec[0].sha256, "xlsx") == download.data  # kept in the store, by sha256
    api = app.test_client()
    resp = api.get("/api/v1/recommendation?year=2026", headers=token_for("city"))
    assert resp.status_code == 200 and resp.data == download.data
    assert api.get("/api/v1/recommendation?year=2025", headers=token_for("city")).status_code == 404
    assert api.get("/api/v1/recommendation", headers=token_for("city_xa")).status_code == 404
    assert api.get("/api/v1/recommendation", headers=token_for("county")).status_code == 403
    again = api.post("/api/v1/recommendation", json={"package_ids": [desk["a"].id], "contact_name": "李建国",
                                                      "contact_phone": "0917-3261234"}, headers=token_for("city"))
    assert again.status_code == 409 and again.get_json()["error"] == "state.not_allowed"  # already recommended
    assert "推荐</td>" in city.get(f"/packages/{desk['a'].id}").text.split("<h2>记录</h2>")[1]


def test_only_accepted_packages_of_the_city_are_recommended(portal, accounts, desk):
    from docgen.portal import access, recommend

    city = _as(portal, accounts, "city")
    with pytest.raises(access.Conflict, match="只能推荐市级已受理的申报"):
        recommend.recommend(portal, city, [desk["a"].id], "李建国", "0917-3261234")
    with pytest.raises(access.NotFound):
        recommend.recommend(portal, city, [desk["xa"].id], "李建国", "0917-3261234")
    with pytest.raises(access.NotFound):
        recommend.recommend(portal, city, [desk["draft"].id], "李建国", "0917-3261234")
    with pytest.raises(access.Forbidden):
        recommend.recommend(portal, _as(portal, accounts, "county"), [desk["a"].id], "李建国", "0917-3261234")
    with pytest.raises(access.PortalError, match="联系电话应为手机号或带区号的座机，如 029-86212345") as bad:
        recommend.recommend(portal, city, [desk["a"].id], "李建国", "12")  # the form's own rule and help text
    assert bad.value.code == "recommend.phone"
    with pytest.raises(access.PortalError, match="不超过 30 个字"):
        recommend.recommend(portal, city, [desk["a"].id], "李" * 31, "0917-3261234")
