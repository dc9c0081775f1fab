"""The province's desk: only the province may use it; the publicity drawn from an uploaded shortlist names
exactly its clusters and passes the notice checker; drafting it publicises the shortlisted packages;
recognising the announcement writes the registry and moves the packages in one step; the PDF preview
is a PDF when LibreOffice is there and a Chinese message when it is not; the API drafts the same notices."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from datetime import date

import pytest
from lxml import etree
from portal_helpers import csrf, login
from sqlalchemy import select

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SHORTLIST = [
    {"city": "西安市", "county": "鄠邑区", "cluster_name": "鄠邑区汽车零部件产业集群", "leading_industry": "汽车零部件"},
    {"city": "宝鸡市", "county": "陈仓区", "cluster_name": "陈仓区钛材料产业集群", "leading_industry": "钛及钛合金"},
    {"city": "宝鸡市", "county": "凤翔区", "cluster_name": "凤翔区白酒产业集群", "leading_industry": "白酒酿造"},
]
PROVINCE_ROUTES = [("GET", "/province/"), ("GET", "/province/due"), ("GET", "/province/clusters/SX2024-001"),
                   ("GET", "/province/shortlist"), ("POST", "/province/shortlist"), ("GET", "/province/notices"),
                   ("GET", "/province/notices/new"), ("POST", "/province/notices"), ("GET", "/province/notices/1"),
                   ("GET", "/province/notices/1/docx"), ("GET", "/province/notices/1/pdf"),
                   ("POST", "/province/notices/1/recognise"), ("GET", "/province/evaluation"),
                   ("GET", "/province/evaluation.docx"), ("GET", "/province/accounts"),
                   ("POST", "/province/accounts/1/reset"), ("POST", "/province/accounts/1/disable")]


def _acc(portal, account):
    from docgen.portal import models as m

    with portal.registry.reading() as s:
        return s.get(m.Account, account.id)


def _recommended(portal, accounts, files, cluster_name, who="county"):
    from docgen.portal import service

    county, city = _acc(portal, accounts[who]), _acc(portal, accounts["city"])
    pkg = service.create_package(portal, county, 2026, cluster_name)
    for f in (files["good"], files["plan"]):
        service.upload(portal, county, f.name, f.read_bytes(), pkg.id)
    for actor, action in ((county, "submit"), (city, "accept"), (city, "recommend")):
        service.act(portal, actor, pkg.id, action)
    return pkg.id


def _docx_tables(data: bytes) -> list[list[list[str]]]:
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    return [[["".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in tr.iter(f"{W}tc")] for tr in tbl.iter(f"{W}tr")]
            for tbl in root.iter(f"{W}tbl")]


def _listed_names(data: bytes) -> list[str]:
    """The 集群名称 column of the notice's list attachment."""
    (table,) = [t for t in _docx_tables(data) if t and t[0][:4] == ["序号", "设区市", "县（市、区）", "集群名称"]]
    return [row[3] for row in table[1:]]


def _upload_shortlist(client, entries, year=2026):
    page = client.get("/province/shortlist")
    body = json.dumps(entries, ensure_ascii=False).encode()
    return client.post("/province/shortlist", data={"csrf_token": csrf(page.text), "year": str(year),
                                                    "file": (io.BytesIO(body), "入围名单.json")},
                       content_type="multipart/form-data")


def test_a_shortlist_the_notice_would_refuse_is_answered_on_its_page(portal, accounts, client_for):
    client = client_for("province")
    resp = _upload_shortlist(client, [{**SHORTLIST[0], "city": "东京市"}])
    assert resp.status_code == 422 and "名单未保存" in resp.text and "设区市「东京市」不在名单范围内" in resp.text
    assert "2026 年还没有入围名单" in resp.text
    page = client.get("/province/shortlist")
    resp = client.post("/province/shortlist", data={"csrf_token": csrf(page.text), "year": "2026",
                                                    "file": (io.BytesIO(b"\xff not json"), "x.json")},
                       content_type="multipart/form-data")
    assert resp.status_code == 422 and "UTF-8 编码的 JSON" in resp.text


def _draft(client, kind, **fields):
    page = client.get(f"/province/notices/new?kind={kind}")
    assert page.status_code == 200
    return client.post("/province/notices", data={"csrf_token": csrf(page.text), "kind": kind, **fields})


def _draft_id(resp) -> int:
    assert resp.status_code == 303, resp.text
    return int(resp.headers["Location"].rstrip("/").rsplit("/", 1)[1])


@pytest.mark.parametrize("who", ["county", "county_xa", "city", "city_xa"])
def test_county_and_city_are_refused_every_province_route(who, app, client_for, token_for):
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own test: here the role is what answers
    client = client_for(who)
    codes = {(method, path): client.open(path, method=method).status_code for method, path in PROVINCE_ROUTES}
    assert codes == {k: 403 for k in codes}
    resp = app.test_client().post("/api/v1/notices", headers=token_for(who),
                                  json={"kind": "publicity", "doc_number": "陕工信发〔2026〕3号", "date": "2026-06-01"})
    assert resp.status_code == 403 and resp.get_json()["error"] == "forbidden"
    # the expert-review desk under /province/review has its own rows in the route matrix (matrix_expert)
    assert {r.rule for r in app.url_map.iter_rules()
            if r.rule.startswith("/province") and not r.rule.startswith("/province/review")} \
        == {path.replace("SX2024-001", "<cluster_id>").replace("/1/", "/<int:draft_id>/")
            .replace("accounts/<int:draft_id>", "accounts/<int:account_id>").replace("notices/1", "notices/<int:draft_id>")
            for _m, path in PROVINCE_ROUTES}


def test_publicity_from_the_uploaded_shortlist_names_exactly_it_and_publicises_its_packages(
        portal, accounts, files, client_for, tmp_path):
    from docgen.formats.gongwen.check import check_docx
    from docgen.portal import models as m

    named = _recommended(portal, accounts, files, "陈仓区钛材料产业集群")
    unnamed = _recommended(portal, accounts, files, "陈仓区食品产业集群")
    client = client_for("province")
    resp = _upload_shortlist(client, SHORTLIST)
    assert resp.status_code == 303
    assert "已保存 2026 年入围名单（3 个集群）" in client.get(resp.headers["Location"]).text

    draft_id = _draft_id(_draft(client, "publicity", doc_number="陕工信发〔2026〕31号", date="2026-06-01",
                                contact="产业集群处 029-12345678"))
    page = client.get(f"/province/notices/{draft_id}")
    assert "公示期：2026年6月1日至2026年6月5日（5个工作日）" in page.text
    assert "名单所列的 1 个已入围申报进入“公示中”" in page.text
    docx = client.get(f"/province/notices/{draft_id}/docx")
    assert docx.headers["Content-Disposition"].startswith("attachment")
    # The notice orders by the dictionary's city order (西安市 before 宝鸡市), then as given.
    assert _listed_names(docx.data) == [e["cluster_name"] for e in SHORTLIST]
    path = tmp_path / "publicity.docx"
    path.write_bytes(docx.data)
    assert check_docx(path) == []

    with portal.registry.reading() as s:
        row = s.get(m.NoticeDraft, draft_id)
        assert (row.kind, row.year, row.doc_number, row.source) == ("publicity", 2026, "陕工信发〔2026〕31号", "shortlist")
        assert row.created_by == "省级管理员" and portal.store.get(row.docx_sha256, "docx") == docx.data
        assert s.get(m.Package, named).status == m.PUBLICISED
        assert s.get(m.Package, unnamed).status == m.RECOMMENDED
        moves = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "publicised")).all()
        assert [(a.object_id, a.from_state, a.to_state, a.actor) for a in moves] == \
            [(named, m.SHORTLISTED, m.PUBLICISED, "省级管理员")]


def test_recognising_the_announcement_writes_the_registry_and_moves_the_packages(portal, accounts, files, client_for):
    from docgen.portal import models as m
    from docgen.registry import models as r

    kept = _recommended(portal, accounts, files, "陈仓区钛材料产业集群")
    dropped = _recommended(portal, accounts, files, "凤翔区白酒产业集群", who="county2")
    client = client_for("province")
    _upload_shortlist(client, SHORTLIST)
    _draft_id(_draft(client, "publicity", doc_number="陕工信发〔2026〕31号", date="2026-06-01"))
    # An objection upheld during publicity: 凤翔区's cluster is left out of the announcement.
    page = client.get("/province/notices/new?kind=announcement&year=2026")
    assert page.text.count('name="keep"') == 3
    resp = client.post("/province/notices", data={
        "csrf_token": csrf(page.text), "kind": "announcement", "year": "2026", "doc_number": "陕工信发〔2026〕40号",
        "date": "2026-06-20", "selection": "1", "keep": ["鄠邑区汽车零部件产业集群", "陈仓区钛材料产业集群"]})
    announcement = _draft_id(resp)
    assert _listed_names(client.get(f"/province/notices/{announcement}/docx").data) == \
        ["鄠邑区汽车零部件产业集群", "陈仓区钛材料产业集群"]

    page = client.get(f"/province/notices/{announcement}")
    resp = client.post(f"/province/notices/{announcement}/recognise",
                       data={"csrf_token": csrf(page.text), "published_on": "2026-06-22"})
    assert resp.status_code == 303
    page = client.get(resp.headers["Location"])
    assert "已登记进名录：2 个集群" in page.text and "名单公布日期 2026-06-22" in page.text
    assert 'href="/province/clusters/SX2026-002">陈仓区钛材料产业集群' in page.text  # each entry links to its record
    with portal.registry.reading() as s:
        clusters = s.execute(select(r.Cluster.cluster_id, r.Cluster.cluster_name, r.Cluster.county)
                             .order_by(r.Cluster.cluster_id)).all()
        assert [tuple(c) for c in clusters] == [("SX2026-001", "鄠邑区汽车零部件产业集群", "鄠邑区"),
                                                 ("SX2026-002", "陈仓区钛材料产业集群", "陈仓区")]
        rec = s.scalars(select(r.Recognition)).all()
        assert {(x.doc_number, x.published_on, x.valid_until) for x in rec} == \
            {("陕工信发〔2026〕40号", date(2026, 6, 22), date(2029, 6, 22))}
        assert s.get(m.Package, kept).status == m.RECOGNISED
        assert s.get(m.Package, dropped).status == m.NOT_SELECTED
        moves = s.scalars(select(m.AuditEntry).where(m.AuditEntry.object_type == "package",
                                                     m.AuditEntry.action.in_(("recognised", "not_selected")))).all()
        assert sorted((a.object_id, a.from_state, a.to_state) for a in moves) == \
            sorted([(kept, m.PUBLICISED, m.RECOGNISED), (dropped, m.PUBLICISED, m.NOT_SELECTED)])
    history = client.get(f"/packages/{kept}").text  # the package's page shows the province's steps
    assert all(f"<td>{step}</td>" in history for step in ("入围", "公示", "认定"))
    # Once is enough: a second recognition is refused (409), the registry unchanged.
    again = client.post(f"/province/notices/{announcement}/recognise", data={"csrf_token": csrf(page.text)})
    assert again.status_code == 409 and "不能重复登记" in again.text
    with portal.registry.reading() as s:
        assert len(s.scalars(select(r.Recognition)).all()) == 2


def test_a_failed_registry_write_moves_no_package(portal, accounts, files, client_for):
    """One transaction: a list the registry refuses leaves every package where it was."""
    from docgen.portal import models as m
    from docgen.portal import recognition

    pkg = _recommended(portal, accounts, files, "陈仓区钛材料产业集群")
    client = client_for("province")
    _upload_shortlist(client, SHORTLIST)
    _draft_id(_draft(client, "publicity", doc_number="陕工信发〔2026〕31号", date="2026-06-01"))
    announcement = _draft_id(_draft(client, "announcement", year="2026", doc_number="陕工信发〔2026〕40号",
                                    date="2026-06-20"))
    with portal.registry.transaction() as s:  # a county that is not 鄠邑区's city's: the registry refuses it
        row = s.get(m.NoticeDraft, announcement)
        row.entries = [{**row.entries[0], "city": "宝鸡市"}, *row.entries[1:]]
    from docgen.portal import access

    with pytest.raises(access.Unprocessable, match="鄠邑区属于西安市"):
        recognition.recognise(portal, _acc(portal, accounts["province"]), announcement)
    with portal.registry.reading() as s:
        assert s.get(m.Package, pkg).status == m.PUBLICISED
        assert s.get(m.NoticeDraft, announcement).recognised_at is None


def test_the_pdf_preview_is_a_pdf_shown_inline(portal, accounts, client_for):
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice is not installed")
    client = client_for("province")
    _upload_shortlist(client, SHORTLIST)
    draft_id = _draft_id(_draft(client, "publicity", doc_number="陕工信发〔2026〕31号", date="2026-06-01"))
    resp = client.get(f"/province/notices/{draft_id}/pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf" and resp.data.startswith(b"%PDF")
    assert resp.headers["Content-Disposition"].startswith("inline")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    again = client.get(f"/province/notices/{draft_id}/pdf?download=1")  # the stored one, as an attachment
    assert again.data == resp.data and again.headers["Content-Disposition"].startswith("attachment")


def test_without_libreoffice_the_preview_says_so_in_chinese(portal, accounts, client_for, monkeypatch):
    from docgen.errors import DependencyError
    from docgen.formats import pdf_export

    def missing():
        raise DependencyError(pdf_export.INSTALL_HINT)

    monkeypatch.setattr(pdf_export, "soffice_path", missing)
    client = client_for("province")
    _upload_shortlist(client, SHORTLIST)
    draft_id = _draft_id(_draft(client, "publicity", doc_number="陕工信发〔2026〕31号", date="2026-06-01"))
    resp = client.get(f"/province/notices/{draft_id}/pdf")
    assert resp.status_code == 503 and resp.mimetype == "text/html"
    assert "服务器上没有可用的 LibreOffice，暂时无法生成 PDF 预览" in resp.text
    assert "Traceback" not in resp.text and "--pdf" not in resp.text
    assert client.get(f"/province/notices/{draft_id}/docx").status_code == 200  # the .docx is still there


def test_a_bad_form_is_answered_on_the_form_in_chinese(portal, accounts, client_for):
    client = client_for("province")
    _upload_shortlist(client, SHORTLIST)
    resp = _draft(client, "publicity", doc_number="陕工信发[2026]31号", date="2026-06-01")
    assert resp.status_code == 422 and "年份须用六角括号〔〕" in resp.text
    assert 'value="陕工信发[2026]31号"' in resp.text  # what was typed is kept
    resp = _draft(client, "announcement", year="2026", doc_number="陕工信发〔2026〕40号", date="2026-06-20")
    assert resp.status_code == 422 and "2026 年还没有起草公示" in resp.text


def test_the_api_drafts_from_the_shortlist_or_inline_data(portal, accounts, app, client_for, token_for):
    from docgen.portal import models as m

    headers = token_for("province")
    api = app.test_client()
    body = {"kind": "publicity", "doc_number": "陕工信发〔2026〕31号", "date": "2026-06-01"}
    resp = api.post("/api/v1/notices", headers=headers, json=body)
    assert resp.status_code == 422 and resp.get_json()["error"] == "notice.no_list"
    assert "还没有入围名单" in resp.get_json()["message"]
    _upload_shortlist(client_for("province"), SHORTLIST)
    resp = api.post("/api/v1/notices", headers=headers, json={**body, "days": 7})
    assert resp.status_code == 201 and resp.mimetype.endswith("wordprocessingml.document")
    assert _listed_names(resp.data) == [e["cluster_name"] for e in SHORTLIST]
    with portal.registry.reading() as s:
        row = s.get(m.NoticeDraft, int(resp.headers["X-Docgen-Notice-Id"]))
        assert (row.source, row.options["days"]) == ("shortlist", 7)

    inline = [{"city": "韩城市", "county": "韩城市", "cluster_name": "韩城市花椒产业集群", "leading_industry": "花椒深加工",
               "ground": "第十九条（三）"}]
    resp = api.post("/api/v1/notices", headers=headers,
                    json={"kind": "revocation", "doc_number": "陕工信发〔2026〕50号", "date": "2026-07-01", "data": inline})
    assert resp.status_code == 201 and _listed_names(resp.data) == ["韩城市花椒产业集群"]
    resp = api.post("/api/v1/notices", headers=headers,
                    json={"kind": "revocation", "doc_number": "陕工信发〔2026〕50号", "date": "2026-07-01",
                          "data": [{**inline[0], "ground": "第二十条"}]})
    err = resp.get_json()
    assert resp.status_code == 422 and set(err) == {"error", "message"} and "撤销依据「第二十条」" in err["message"]
    for bad in ({"kind": "memo", "doc_number": "陕工信发〔2026〕50号", "date": "2026-07-01", "data": inline},
                {"kind": "revocation", "doc_number": "陕工信发〔2026〕50号", "date": "7月1日", "data": inline},
                {"kind": "revocation", "doc_number": "陕工信发〔2026〕50号", "date": "2026-07-01", "data": {"a": 1}}):
        resp = api.post("/api/v1/notices", headers=headers, json=bad)
        assert resp.status_code == 422 and resp.is_json, bad
    assert api.post("/api/v1/notices", headers=headers, data="[]").status_code == 400


def _registry_with_clusters(portal):
    """Two clusters recognised on 2024-06-15 (their 2024 tables were due by 2025-03-31: overdue on 2026-03-20)."""
    from docgen.registry.decisions import recognise

    rows = [{"city": "西安市", "county": "鄠邑区", "cluster_name": "鄠邑区汽车零部件产业集群", "leading_industry": "汽车零部件"},
            {"city": "宝鸡市", "county": "陈仓区", "cluster_name": "陈仓区钛材料产业集群", "leading_industry": "钛及钛合金"}]
    return recognise(portal.registry, rows, "陕工信发〔2024〕20号", date(2024, 6, 15))


def test_the_due_list_links_to_each_record_and_feeds_the_annual_call(portal, accounts, client_for):
    _registry_with_clusters(portal)
    client = client_for("province")
    page = client.get("/province/due")
    assert "截至 2026-03-20" in page.text
    assert page.text.count('href="/province/clusters/SX2024-001"') == 2  # overdue, and revocation candidate (三)
    assert "2024 年度" in page.text and "第十九条（三）" in page.text
    record = client.get("/province/clusters/SX2024-001")
    assert "鄠邑区汽车零部件产业集群" in record.text and "陕工信发〔2024〕20号" in record.text
    assert "有效期内" in record.text and "2024 年度信息表逾期未报" in record.text
    assert client.get("/province/clusters/SX2099-999").status_code == 404

    overdue = _draft_id(_draft(client, "annual-call", source="overdue", doc_number="陕工信发〔2026〕9号",
                               date="2026-03-20", report_year="2025"))
    assert _listed_names(client.get(f"/province/notices/{overdue}/docx").data) == \
        ["鄠邑区汽车零部件产业集群", "陈仓区钛材料产业集群"]
    revocation = client.get("/province/notices/new?kind=revocation")
    assert revocation.text.count('name="keep"') == 2 and "未报送 2024、2025 年度" not in revocation.text


def test_the_desk_lists_recommended_packages_by_city_and_the_evaluation_downloads(portal, accounts, files, client_for):
    pkg = _recommended(portal, accounts, files, "陈仓区钛材料产业集群")
    _registry_with_clusters(portal)
    client = client_for("province")
    page = client.get("/province/?year=2026")
    assert "宝鸡市（1 个）" in page.text and f'href="/packages/{pkg}"' in page.text and "已推荐" in page.text
    assert "2025 年还没有设区市推荐的申报" in client.get("/province/?year=2025").text
    resp = client.get("/province/evaluation.docx?year=2024")  # its tables were due 2025-03-31: both missing
    assert resp.status_code == 200 and resp.data[:2] == b"PK"
    assert "attachment" in resp.headers["Content-Disposition"]
    (missing,) = [t for t in _docx_tables(resp.data) if t[0][:4] == ["集群", "设区市", "县（市、区）", "报送情况"]]
    assert [(row[0], row[3]) for row in missing[1:]] == [("鄠邑区汽车零部件产业集群", "未报送"), ("陈仓区钛材料产业集群", "未报送")]


def test_accounts_reset_shows_the_password_once_and_ends_the_sessions(portal, accounts, app, client_for):
    from docgen.portal import models as m

    county = client_for("county")
    assert county.get("/county/").status_code == 200
    client = client_for("province")
    page = client.get("/province/accounts?q=陈仓")
    assert "陈仓区" in page.text and "凤翔区" not in page.text
    resp = client.post(f"/province/accounts/{accounts['county'].id}/reset", data={"csrf_token": csrf(page.text)})
    assert resp.status_code == 200 and resp.headers["Cache-Control"] == "no-store"
    password = resp.text.split('<p class="once">')[1].split("</p>")[0]
    assert len(password) == 12
    assert county.get("/county/").status_code == 302  # its session ended at once
    fresh = app.test_client()
    assert login(fresh, "陈仓区", password).headers["Location"].endswith("/password")
    resp = client.post(f"/province/accounts/{accounts['county2'].id}/disable", data={"csrf_token": csrf(page.text)})
    assert resp.status_code == 303
    assert "已停用" in client.get("/province/accounts?q=凤翔").text
    mine = client.post(f"/province/accounts/{accounts['province'].id}/disable", data={"csrf_token": csrf(page.text)})
    assert mine.status_code == 409 and "不能在这里重设或停用自己的账号" in mine.text
    with portal.registry.reading() as s:
        rows = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action.in_(("password_reset", "account_disabled")))
                         .order_by(m.AuditEntry.id)).all()
        assert [(a.action, a.actor, a.object_id) for a in rows] == [
            ("password_reset", "省级管理员", accounts["county"].id), ("account_disabled", "省级管理员", accounts["county2"].id)]


@pytest.mark.parametrize(("kind", "fields", "title"), [
    ("annual-call", {}, "关于报送2025年度陕西省中小企业特色产业集群培育情况的通知"),
    ("review", {"selection": "1", "keep": ["高陵区新能源商用车产业集群"]}, "关于开展陕西省中小企业特色产业集群复核工作的通知"),
    ("review", {"selection": "1", "keep": ["高陵区新能源商用车产业集群"], "result:高陵区新能源商用车产业集群": "通过"},
     "关于陕西省中小企业特色产业集群复核结果的通知"),
    ("revocation", {}, "关于撤销部分陕西省中小企业特色产业集群认定的通知"),
])
def test_the_registry_notices_drawn_from_what_it_holds_pass_the_checker(kind, fields, title, portal, accounts,
                                                                       client_for, tmp_path):
    """Clusters recognised 2023-04-28: on 2026-03-20 their review is due within 90 days and their 2023 and
    2024 tables are overdue (revocation candidates under (三))."""
    from docgen.formats.gongwen.check import check_docx
    from docgen.registry.decisions import recognise

    recognise(portal.registry, [
        {"city": "西安市", "county": "高陵区", "cluster_name": "高陵区新能源商用车产业集群", "leading_industry": "新能源汽车"},
        {"city": "咸阳市", "county": "兴平市", "cluster_name": "兴平市装备制造产业集群", "leading_industry": "装备制造"}],
        "陕工信发〔2023〕30号", date(2023, 4, 28))
    client = client_for("province")
    draft_id = _draft_id(_draft(client, kind, doc_number="陕工信发〔2026〕8号", date="2026-03-20", **fields))
    data = client.get(f"/province/notices/{draft_id}/docx").data
    path = tmp_path / f"{kind}.docx"
    path.write_bytes(data)
    assert check_docx(path) == []
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    assert title in "".join(t.text or "" for t in body.iter(f"{W}t"))
    expected = fields.get("keep") or ["高陵区新能源商用车产业集群", "兴平市装备制造产业集群"]
    assert _listed_names(data) == expected


def test_notice_dates_are_read_as_the_cli_reads_them():
    from datetime import date

    from docgen.portal import access, drafting

    assert drafting.parse_date("2026年6月1日", "成文日期") == date(2026, 6, 1)
    assert drafting.parse_date("2026-06-01", "成文日期") == date(2026, 6, 1)
    assert drafting.parse_date("", "成文日期") is None
    with pytest.raises(access.Unprocessable, match="成文日期「下周一」应为 YYYY-MM-DD"):
        drafting.parse_date("下周一", "成文日期")
