"""The county's pages: what is due, downloads pre-filled for the unit, upload → report at once,
packages with versions, submission to the city, the city's reason when returned."""

from __future__ import annotations

import io
import zipfile

from portal_helpers import csrf


def _post_files(client, url: str, page_url: str, paths):
    token = csrf(client.get(page_url).text)
    data = {"csrf_token": token, "file": [(io.BytesIO(p.read_bytes()), p.name) for p in paths]}
    return client.post(url, data=data, content_type="multipart/form-data")


def test_the_kit_is_every_county_form_prefilled_for_the_unit(client_for, tmp_path):
    from docgen.catalogue import kit_forms
    from docgen.pipeline import parse_file

    c = client_for("county")
    resp = c.get("/county/kit.zip?year=2026")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    assert "filename*=UTF-8''" in resp.headers["Content-Disposition"]
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    names = sorted(zf.namelist())
    assert "kit.json" in names and len(names) == len(kit_forms()) + 1
    docx = next(n for n in names if n.startswith("集群申报书") or n.endswith(".docx"))
    (tmp_path / docx).write_bytes(zf.read(docx))
    parsed = parse_file(tmp_path / docx)
    assert parsed["data"]["county"] == "陈仓区" and parsed["data"]["city"] == "宝鸡市"


def test_one_form_carries_the_chosen_cluster(client_for, tmp_path):
    from docgen.pipeline import parse_file

    c = client_for("county")
    resp = c.get("/county/forms/plan?cluster=陈仓区钛材产业集群&year=2026")
    assert resp.status_code == 200
    (tmp_path / "plan.docx").write_bytes(resp.data)
    data = parse_file(tmp_path / "plan.docx")["data"]
    assert data["cluster_name"] == "陈仓区钛材产业集群" and data["county"] == "陈仓区"
    assert c.get("/county/forms/nosuchform").status_code == 404
    assert c.get("/county/forms/plan?year=abcd").status_code == 400


def test_the_forms_page_lists_the_kit_in_chinese(client_for):
    from docgen.schema import load_form

    page = client_for("county").get("/county/forms")
    assert page.status_code == 200
    assert load_form("application").title in page.text and load_form("annual").title in page.text


def test_uploading_two_files_shows_both_reports_with_locations(client_for, files):
    c = client_for("county")
    resp = _post_files(c, "/county/upload", "/county/upload", [files["bad"], files["good"]])
    assert resp.status_code == 200
    html = resp.text
    assert html.count('class="report card"') == 2
    assert "校验未通过" in html and "校验通过" in html
    assert "一、基本信息「联系电话」" in html and "六、梯度培育企业名单 第1行「统一社会信用代码」" in html
    assert "认定条件" in html and "第十二条" in html


def test_the_annotated_copy_and_the_original_download(client_for, portal, files):
    from docgen.portal import models as m

    c = client_for("county")
    _post_files(c, "/county/upload", "/county/upload", [files["bad"]])
    with portal.registry.reading() as s:
        sub = s.query(m.Submission).one()
    assert sub.annotated_sha256 is None  # made when first asked for
    original = c.get(f"/submissions/{sub.id}/file")
    assert original.data == files["bad"].read_bytes()
    annotated = c.get(f"/submissions/{sub.id}/annotated")
    assert annotated.status_code == 200 and annotated.headers["Content-Disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(annotated.data)) as zf:
        comments = zf.read("word/comments.xml").decode()
    assert "联系电话" in comments
    with portal.registry.reading() as s:
        sub = s.get(m.Submission, sub.id)
    assert sub.annotated_sha256 and sub.annotated_sha256 != sub.sha256
    assert portal.store.get(sub.annotated_sha256, "docx") == annotated.data  # stored, served again as is
    assert c.get(f"/submissions/{sub.id}/annotated").data == annotated.data


def test_an_upload_is_stored_once_by_sha256(client_for, portal, files):
    import hashlib

    c = client_for("county")
    _post_files(c, "/county/upload", "/county/upload", [files["good"]])
    _post_files(c, "/county/upload", "/county/upload", [files["good"]])
    sha = hashlib.sha256(files["good"].read_bytes()).hexdigest()
    stored = portal.store.path(sha, "docx")
    assert stored == portal.config.files / sha[:2] / f"{sha[2:]}.docx"
    assert stored.read_bytes() == files["good"].read_bytes()
    from docgen.portal import models as m

    with portal.registry.reading() as s:
        subs = s.query(m.Submission).all()
    assert len(subs) == 2 and {x.sha256 for x in subs} == {sha}
    kept = {stored} | {portal.store.path(x.annotated_sha256, "docx") for x in subs if x.annotated_sha256}
    assert sorted(p for p in portal.config.files.rglob("*") if p.is_file()) == sorted(kept)  # once, not twice


def test_a_package_from_draft_to_submitted_returned_and_back(client_for, portal, files):
    from docgen.portal import models as m

    c = client_for("county")
    page = c.get("/packages/")
    resp = c.post("/packages/", data={"csrf_token": csrf(page.text), "year": "2026",
                                      "cluster_name": "陈仓区钛及钛合金精深加工产业集群"})
    assert resp.status_code == 303
    url = resp.headers["Location"]
    pid = int(url.rstrip("/").split("/")[-1])
    _post_files(c, f"/packages/{pid}/files", url, [files["bad"], files["plan"]])
    page = c.get(url)
    assert "校验未通过" in page.text or "未通过（2 个错误）" in page.text
    assert "disabled" in page.text  # the submit button, while a current version is invalid
    refused = c.post(f"/packages/{pid}/actions", data={"csrf_token": csrf(page.text), "action": "submit"})
    assert refused.status_code == 409 and "校验未通过" in refused.text
    _post_files(c, f"/packages/{pid}/files", url, [files["good"]])
    page = c.get(url)
    assert "当前版本" in page.text and "历史版本 1" in page.text
    ok = c.post(f"/packages/{pid}/actions", data={"csrf_token": csrf(page.text), "action": "submit"})
    assert ok.status_code == 303
    with portal.registry.reading() as s:
        assert s.get(m.Package, pid).status == m.SUBMITTED

    city = client_for("city")
    page = city.get(url)
    assert page.status_code == 200 and "初审" in page.text
    back = city.post(f"/packages/{pid}/actions", data={"csrf_token": csrf(page.text), "action": "return",
                                                      "reason": "规划期与申报年度不一致，请核对"})
    assert back.status_code == 303
    due = c.get("/county/")
    assert "规划期与申报年度不一致，请核对" in due.text
    assert "规划期与申报年度不一致，请核对" in c.get(url).text
    _post_files(c, f"/packages/{pid}/files", url, [files["plan"]])
    with portal.registry.reading() as s:
        assert s.get(m.Package, pid).status == m.DRAFT  # a new version puts a returned package back to draft
        actions = [a.action for a in s.query(m.AuditEntry).filter_by(object_type="package", object_id=pid)
                   .order_by(m.AuditEntry.id)]
    assert actions == ["created", "version_added", "version_added", "version_added", "submitted", "returned",
                       "version_added", "redrafted"]


def test_a_form_that_is_not_part_of_a_package_is_refused_but_its_report_kept(client_for, portal, tmp_path):
    from docgen.generate import new_form
    from docgen.portal import models as m

    c = client_for("county")
    page = c.get("/packages/")
    url = c.post("/packages/", data={"csrf_token": csrf(page.text), "year": "2026", "cluster_name": "甲集群"}
                 ).headers["Location"]
    pid = int(url.rstrip("/").split("/")[-1])
    annual = new_form("annual", tmp_path, county="陈仓区", year=2026)
    resp = _post_files(c, f"/packages/{pid}/files", url, [annual])
    assert resp.status_code == 422 and "申报书和三年发展规划" in resp.text
    with portal.registry.reading() as s:
        sub = s.query(m.Submission).one()
        assert sub.package_id is None and sub.form == "annual"


def test_due_lists_the_recognised_clusters_annual_table(client_for, portal):
    from datetime import date, datetime

    from docgen.registry import models as r

    with portal.registry.transaction() as s:
        cl = r.Cluster(cluster_id="SX2024-001", cluster_name="陈仓区钛材产业集群", name_key="陈仓区钛材产业集群", city="宝鸡市",
                       county="陈仓区", leading_industry="钛材", created_at=datetime(2024, 6, 1))
        s.add(cl)
        s.flush()
        s.add(r.Recognition(cluster_pk=cl.id, list_year=2024, doc_number="陕工信函〔2024〕1号",
                            published_on=date(2024, 6, 1), valid_until=date(2027, 5, 31), recorded_at=datetime(2024, 6, 1)))
    c = client_for("county")
    page = c.get("/county/")
    assert "陈仓区钛材产业集群" in page.text and "2025 年度信息表" in page.text and "2026-03-31" in page.text
    assert "陈仓区钛材产业集群" not in client_for("county2").get("/county/").text
    # and the forms page offers it, pre-filling its name and id
    assert 'value="SX2024-001"' in c.get("/county/forms").text
    resp = c.get("/county/forms/annual?cluster_id=SX2024-001&year=2026")
    assert resp.status_code == 200
    import tempfile
    from pathlib import Path

    from docgen.pipeline import parse_file

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "a.xlsx").write_bytes(resp.data)
        data = parse_file(Path(tmp) / "a.xlsx")["data"]
    assert data["cluster_id"] == "SX2024-001" and data["cluster_name"] == "陈仓区钛材产业集群"
    assert client_for("county2").get("/county/forms/annual?cluster_id=SX2024-001").status_code == 404


def test_every_page_names_the_measures_by_their_title(client_for):
    # the programme's one statement of the measures, not a title typed into a template
    html = client_for("county").get("/county/").text
    assert "依据《陕西省促进中小企业特色产业集群发展实施办法（暂行）》（陕工信发〔2023〕89号）" in html
