"""Expert review in the portal: 回避 at the door, the sheet's rules in the browser, the tally equal to the
CLI's over the same scores, ids that never change, the 专家库's accounts, the sheet returned."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from matrix_expert import ALL_EIGHT, EXPERTS, experts_workbook, recommended, review_scenario, set_password
from portal_helpers import YEAR, csrf, login
from sqlalchemy import func, select

from docgen.portal import models as m
from docgen.portal import reviewing


@pytest.fixture
def scenario(portal, accounts, files):
    return review_scenario(portal, accounts, files)


def _client(app, username):
    client = app.test_client()
    assert login(client, username).status_code == 302
    return client


def _post_scores(client, row, values, comment=""):
    page = client.get(f"/expert/applications/{row}")
    assert page.status_code == 200, page.text
    data = {f"score_{k}": v for k, v in values.items()} | {"comment": comment, "csrf_token": csrf(page.text)}
    return client.post(f"/expert/applications/{row}", data=data)


def test_the_assignment_is_the_cli_one_with_abidance(portal, scenario):
    with portal.registry.reading() as s:
        rnd = reviewing.current_round(s, YEAR)
    got = {a["county"]: a["experts"] for a in rnd.record["applications"]}
    assert got == {"陈仓区": ["E001", "E002"], "凤翔区": ["E001", "E002"], "鄠邑区": ["E002", "E003"]}
    assert sorted(scenario["ids"].values()) == [f"{YEAR}-610118-1", f"{YEAR}-610304-1", f"{YEAR}-610305-1"]


def test_an_expert_lists_only_its_own_and_never_its_city_or_organisation(app, portal, accounts, scenario):
    e1 = _client(app, "E001")
    listing = e1.get("/expert/").text
    assert "陈仓区钛产业集群" in listing and "凤翔区特色产业集群" in listing and "鄠邑区特色产业集群" not in listing
    assert e1.get(f"/expert/applications/{scenario['rows']['鄠邑区']}").status_code == 404  # not assigned: 西安市's
    assert e1.get("/packages/").status_code == 200 and "陈仓区钛产业集群" not in e1.get("/packages/").text
    assert e1.get(f"/packages/{scenario['packages'][0].id}").status_code == 404
    assert e1.get("/province/review/").status_code == 403 and e1.get("/county/").status_code == 403
    # a stored assignment that breaks 回避 (forged in the table) is still refused at the door: 404
    with portal.registry.transaction() as s:
        rnd = reviewing.current_round(s, YEAR)
        e3 = s.scalar(select(m.ReviewExpert).where(m.ReviewExpert.expert_id == "E003"))
        s.add(m.ReviewAssignment(round_id=rnd.id, application_row=scenario["rows"]["陈仓区"], expert_row=e3.id))
    e3c = _client(app, "E003")
    assert e3c.get(f"/expert/applications/{scenario['rows']['陈仓区']}").status_code == 404
    assert "陈仓区钛产业集群" not in e3c.get("/expert/").text


def test_an_expert_of_the_applicants_organisation_is_refused_however_it_is_spelt(portal, accounts, files, app):
    pool = EXPERTS + [{"expert_id": "E004", "name": "赵六", "org": "陈仓区 工业和信息化局", "city": "西安市",
                       "field": "管理", "phone": "13900000004"}]
    sc = review_scenario(portal, accounts, files, experts=pool)
    with portal.registry.transaction() as s:
        rnd = reviewing.current_round(s, YEAR)
        assert "E004" not in next(a for a in rnd.record["applications"] if a["county"] == "陈仓区")["experts"]
        e4 = s.scalar(select(m.ReviewExpert).where(m.ReviewExpert.expert_id == "E004"))
        s.add(m.ReviewAssignment(round_id=rnd.id, application_row=sc["rows"]["陈仓区"], expert_row=e4.id))
    client = _client(app, "E004")
    assert client.get(f"/expert/applications/{sc['rows']['陈仓区']}").status_code == 404
    assert client.get(f"/expert/applications/{sc['rows']['陈仓区']}/files/{sc['subs'][0].id}").status_code == 404


def test_a_score_above_its_max_is_refused_in_chinese_and_nothing_is_saved(app, portal, scenario):
    client = _client(app, "E001")
    row = scenario["rows"]["陈仓区"]
    resp = _post_scores(client, row, dict(ALL_EIGHT, competitiveness="25", digital=""))
    assert resp.status_code == 422
    assert "不在 0 至 20 分之间" in resp.text and "review.score_out_of_range" in resp.text
    assert "「数字化转型（10分）」未评分" in resp.text and "review.score_missing" in resp.text
    assert 'value="25"' in resp.text  # what was typed stays in the form
    with portal.registry.reading() as s:
        assert s.scalar(select(func.count(m.ReviewScore.id))) == 0
    ok = _post_scores(client, row, dict(ALL_EIGHT, competitiveness="19.5"), "材料扎实")
    assert ok.status_code == 303
    page = client.get(f"/expert/applications/{row}").text
    assert "评分已保存" in page and "总分 83.5" in page and 'value="19.5"' in page
    with portal.registry.reading() as s:
        audit = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "score_saved")).all()
    assert len(audit) == 1 and audit[0].actor == "E001" and audit[0].to_state == "83.5"
    assert scenario["ids"]["陈仓区"] in audit[0].detail and "competitiveness 19.5" in audit[0].detail


def _cli_tally(tmp_path, record, scores):
    """`docgen review tally` over sheets written by the CLI's writer and filled like an expert would."""
    from click.testing import CliRunner

    from docgen.cli import cli
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.review.index import load_index
    from docgen.review.sheets import sheet_name, write_sheet

    folder = tmp_path / "cli"
    folder.mkdir()
    (folder / "assignment.json").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    for e in record["experts"]:
        mine = [a for a in record["applications"] if e["expert_id"] in a["experts"]]
        if not mine or e["expert_id"] not in scores:
            continue
        blank = write_sheet(e, mine, load_index(), tmp_path / f"blank-{e['expert_id']}.xlsx")
        rows = [{"application_id": a["application_id"], "cluster_name": a["cluster_name"], "county": a["county"],
                 **scores[e["expert_id"]].get(a["application_id"], {})} for a in mine]
        fill_xlsx(blank, {"expert_id": e["expert_id"], "expert_name": e["name"], "expert_org": e["org"],
                          "scores": rows}, folder / "sheets" / sheet_name(e))
    result = CliRunner().invoke(cli, ["review", "tally", str(folder / "sheets"), "--assignment",
                                      str(folder / "assignment.json"), "--top", "2", "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_the_tally_over_browser_scores_equals_the_cli_tally(app, portal, accounts, scenario, tmp_path):
    ids = scenario["ids"]
    typed = {  # E002 leaves 凤翔区 unscored: it is not ranked, and the issue says so
        "E001": {ids["陈仓区"]: dict(ALL_EIGHT, competitiveness="18.5"), ids["凤翔区"]: dict(ALL_EIGHT, innovation="9")},
        "E002": {ids["陈仓区"]: dict(ALL_EIGHT, green="7.5"), ids["鄠邑区"]: dict(ALL_EIGHT, openness="8")},
        "E003": {ids["鄠邑区"]: dict(ALL_EIGHT, digital="4")},
    }
    rows = {v: scenario["rows"][k] for k, v in ids.items()}
    for eid, mine in typed.items():
        client = _client(app, eid)
        for aid, values in mine.items():
            assert _post_scores(client, rows[aid], values).status_code == 303
    prov = _client(app, "省级管理员")
    page = prov.get("/province/review/")
    resp = prov.post("/province/review/tally", data={"year": str(YEAR), "top": "2", "min_score": "60",
                                                     "csrf_token": csrf(page.text)})
    assert resp.status_code == 303
    with portal.registry.reading() as s:
        last = reviewing.latest_tally(s, YEAR)
        record = reviewing.current_round(s, YEAR).record
        from docgen.portal import shortlist

        current = shortlist.current(s, YEAR)
        statuses = {p.unit: p.status for p in s.scalars(select(m.Package))}
    cli = _cli_tally(tmp_path, record, typed)
    assert last.result["applications"] == cli["applications"]
    assert [(i["code"], i["message"]) for i in last.result["issues"]] == [(i["code"], i["message"]) for i in cli["issues"]]
    by = {a["application_id"]: a for a in cli["applications"]}
    assert by[ids["陈仓区"]]["final"] == 81 and by[ids["鄠邑区"]]["final"] == 79  # (82.5+79.5)/2, (82+76)/2
    assert by[ids["凤翔区"]]["complete"] is False and by[ids["凤翔区"]]["rank"] is None
    assert [e["application_id"] for e in current.entries] == [ids["陈仓区"], ids["鄠邑区"]]
    assert current.source == "tally" and current.id == last.shortlist_id
    assert statuses == {"陈仓区": "shortlisted", "凤翔区": "recommended", "鄠邑区": "shortlisted"}
    desk = prov.get("/province/review/").text
    assert "review.score_missing" in desk and "的评分（评分表中没有这一行）" not in desk  # a blank row: its own text
    assert "专家 E002 对 " + ids["凤翔区"] in desk
    report = prov.get(f"/province/review/tallies/{last.id}/report.xlsx")
    assert report.status_code == 200 and report.data == portal.store.get(last.report_sha256, "xlsx")
    assert "attachment" in report.headers["Content-Disposition"]


def _another_application(folder):
    """陈仓区's second cluster of the year: another file (another sha256)."""
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    blank = new_form("application", folder, county="陈仓区", year=YEAR)
    record = valid_record("application", YEAR, county="陈仓区", cluster="陈仓区第二个产业集群")
    return fill_docx(blank, record, folder / "申报书-陈仓区-第二个集群.docx")


def test_application_ids_never_change_after_a_later_upload(app, portal, accounts, files, scenario):
    before = dict(scenario["ids"])
    later = _another_application(portal.config.data / "later")
    new_pkg, _sub = recommended(portal, accounts, "county", "city", later, files["plan"], "陈仓区第二个产业集群")
    with portal.registry.reading() as s:
        province = s.get(m.Account, accounts["province"].id)
    reviewing.assign_year(portal, province, YEAR, per=2)  # nobody has scored yet: it may run again
    with portal.registry.reading() as s:
        stored = {r.package_id: r.application_id for r in s.scalars(select(m.ReviewApplication))}
        record = reviewing.current_round(s, YEAR).record
    assert {k: stored[p.id] for k, p in zip(("陈仓区", "凤翔区", "鄠邑区"), scenario["packages"], strict=True)} == before
    assert stored[new_pkg.id] == f"{YEAR}-610304-2"  # the new one after the highest given in 陈仓区
    assert len(record["applications"]) == 4
    # once scored, the year cannot be assigned again: 409, and the ids stay
    e1 = _client(app, "E001")
    assert _post_scores(e1, scenario["rows"]["陈仓区"], ALL_EIGHT).status_code == 303
    prov = _client(app, "省级管理员")
    resp = prov.post("/province/review/assign", data={"year": str(YEAR), "csrf_token": csrf(prov.get("/province/review/").text)})
    assert resp.status_code == 409 and "已有专家评分" in resp.text


def test_the_pool_upload_makes_accounts_with_one_time_passwords(app, portal, accounts, tmp_path):
    prov = _client(app, "省级管理员")
    page = prov.get("/province/review/")
    book = experts_workbook(tmp_path / "pool")
    resp = prov.post("/province/review/experts", data={"file": (io.BytesIO(book.read_bytes()), "专家库.xlsx"),
                                                       "csrf_token": csrf(page.text)}, content_type="multipart/form-data")
    assert resp.status_code == 200, resp.text
    assert "新建专家账号 3 个" in resp.text and "一次性密码只显示这一次" in resp.text
    import re

    pairs = re.findall(r'name="username" value="([^"]+)"><input type="hidden" name="password" value="([^"]+)"', resp.text)
    assert [u for u, _ in pairs] == ["E001", "E002", "E003"]
    with portal.registry.reading() as s:
        e = s.scalar(select(m.ReviewExpert).where(m.ReviewExpert.expert_id == "E003"))
        acc = s.get(m.Account, e.account_id)
        assert (e.city, e.city_code, e.org_key, acc.roles, acc.must_change) == ("宝鸡市", "610300", "宝鸡文理学院", "expert", True)
    xlsx = prov.post("/province/review/experts/passwords.xlsx",
                     data={"username": [u for u, _ in pairs], "password": [p for _, p in pairs], "csrf_token": csrf(resp.text)})
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    forged = prov.post("/province/review/experts/passwords.xlsx",
                       data={"username": ["E001"], "password": ["guess"], "csrf_token": csrf(resp.text)})
    assert forged.status_code == 422
    one_time = dict(pairs)["E001"]
    client = app.test_client()
    login(client, "E001", one_time)
    assert client.get("/expert/").headers["Location"].endswith("/password")
    # the same pool again creates nobody; a changed city is kept (and audited)
    rows = [dict(EXPERTS[0], city="渭南市"), *EXPERTS[1:]]
    again = prov.post("/province/review/experts", data={"file": (io.BytesIO(experts_workbook(tmp_path / "p2", rows).read_bytes()),
                                                                 "专家库.xlsx"), "csrf_token": csrf(page.text)},
                      content_type="multipart/form-data")
    assert "新建专家账号 0 个" in again.text and "更新专家信息 1 位（E001）" in again.text
    with portal.registry.reading() as s:
        assert s.scalar(select(m.ReviewExpert.city_code).where(m.ReviewExpert.expert_id == "E001")) == "610500"


def test_a_pool_with_errors_creates_no_account(app, portal, accounts, tmp_path):
    prov = _client(app, "省级管理员")
    page = prov.get("/province/review/")
    bad = [dict(EXPERTS[0], phone="12"), EXPERTS[1]]
    resp = prov.post("/province/review/experts", data={"file": (io.BytesIO(experts_workbook(tmp_path / "bad", bad).read_bytes()),
                                                                "专家库.xlsx"), "csrf_token": csrf(page.text)},
                     content_type="multipart/form-data")
    assert resp.status_code == 422 and "未创建任何账号" in resp.text and "联系电话" in resp.text
    with portal.registry.reading() as s:
        assert s.scalar(select(func.count(m.ReviewExpert.id))) == 0
        assert s.scalar(select(func.count(m.Account.id)).where(m.Account.roles == "expert")) == 0


def test_the_sheet_goes_out_prefilled_and_comes_back_through_the_tallys_reader(app, portal, scenario, tmp_path):
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.formats.xlsx_read import read_xlsx

    client = _client(app, "E001")
    assert _post_scores(client, scenario["rows"]["陈仓区"], ALL_EIGHT).status_code == 303
    got = client.get("/expert/sheet.xlsx")
    assert got.status_code == 200 and "attachment" in got.headers["Content-Disposition"]
    sheet = tmp_path / "mine.xlsx"
    sheet.write_bytes(got.data)
    values = read_xlsx(sheet).by_field()
    assert [v.text for v in values["scores.application_id"]] == sorted([scenario["ids"]["陈仓区"], scenario["ids"]["凤翔区"]])
    assert [v.text for v in values["scores.competitiveness"]][0] == "16"  # the saved score entered
    ids = [v.text for v in values["scores.application_id"]]
    rows = [{"application_id": a, **dict(ALL_EIGHT, innovation="13.5")} for a in ids]
    rows[1]["green"] = "11"  # above its max of 10
    filled = fill_xlsx(sheet, {"scores": rows}, tmp_path / "返回.xlsx")
    page = client.get("/expert/")
    resp = client.post("/expert/sheet", data={"file": (io.BytesIO(filled.read_bytes()), "返回.xlsx"),
                                              "csrf_token": csrf(page.text)}, content_type="multipart/form-data")
    assert resp.status_code == 422
    assert f"已保存 1 份申报的评分：{ids[0]}" in resp.text
    assert "review.score_out_of_range" in resp.text and "不在 0 至 10 分之间" in resp.text
    with portal.registry.reading() as s:
        scores = s.scalars(select(m.ReviewScore)).all()
    assert len(scores) == 1 and scores[0].source == "sheet" and scores[0].values["innovation"] == "13.5"
    assert sum(Decimal(v) for v in scores[0].values.values()) == Decimal("81.5")
    other = client.post("/expert/sheet", data={"file": (io.BytesIO(b"not a workbook"), "x.xlsx"),
                                               "csrf_token": csrf(page.text)}, content_type="multipart/form-data")
    assert other.status_code == 422 and "review.not_scores" in other.text and "Traceback" not in other.text


def test_an_expert_sees_the_key_figures_and_downloads_the_files(app, scenario, files):
    client = _client(app, "E001")
    row = scenario["rows"]["陈仓区"]
    page = client.get(f"/expert/applications/{row}").text
    assert "核心竞争力" in page and "满分 20" in page and "申报书" in page and "三年发展规划" in page
    assert "钛及钛合金材料精深加工" in page  # the leading industry, from the application's data
    got = client.get(f"/expert/applications/{row}/files/{scenario['subs'][0].id}")
    assert got.status_code == 200 and got.data == files["good"].read_bytes()


def test_an_expert_account_changes_its_password_first(app, portal, scenario):
    with portal.registry.transaction() as s:
        s.scalar(select(m.Account).where(m.Account.username == "E002")).must_change = True
    client = _client(app, "E002")
    assert client.get("/expert/").headers["Location"].endswith("/password")
    set_password(portal, "E002")
    client = _client(app, "E002")
    assert client.get("/").headers["Location"].endswith("/expert/")
