"""The programme's whole year in a real browser (Playwright driving Debian's chromium, JavaScript off) against
`docgen serve` itself, "today" moved by DOCGEN_TODAY (the server stopped and started again on the same
database and data folder), never by the machine's clock.

2026-03-20: accounts of 陈仓区, 凤翔区 (both of 宝鸡市), 宝鸡市 and the province log in with their one-time
passwords and set their own; both counties upload and submit a package; 宝鸡市 returns 陈仓区's with a reason,
the county reads it, uploads a corrected version and resubmits; the city records a 实地抽查, accepts both and
recommends them (the 设区市推荐汇总表 read back names both); the province sees them under 宝鸡市, uploads the
shortlist, drafts the publicity notice and downloads its PDF (both clusters named).
2026-04-08: after the publicity period the province drafts the announcement and recognises it into the registry.
2027-01-15: 陈仓区's 待办 shows the 2026 年度信息表 due by 2027-03-31; the county downloads it pre-filled from the
filing's page, fills it, uploads and submits it; the city accepts it; `docgen registry show` lists it.

Screenshots of each page go to $DOCGEN_SCREENSHOTS (or the test's temporary folder). Without chromium or
Playwright the test is skipped, except in CI (CI=true), where that fails it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from portal_helpers import CHROMIUM, free_port, need_chromium
from portal_helpers import CHROMIUM_ARGS as ARGS

CITY = "宝鸡市"
CHENCANG, FENGXIANG = "陈仓区钛及钛合金精深加工产业集群", "凤翔区钛及钛合金精深加工产业集群"
INDUSTRY = "钛及钛合金材料精深加工"
REASON = "申报书第四部分产值数据与统计年鉴不一致，请核实后修改"
NEW_PASSWORDS = {"陈仓区": "Chencang-year-2026", "凤翔区": "Fengxiang-year-2026", CITY: "Baoji-desk-2026",
                 "省级管理员": "Shaanxi-province-2026"}


class Served:
    """`docgen serve` on one database and data folder, started again with another DOCGEN_TODAY to move
    through the year."""

    def __init__(self, tmp_path: Path):
        self.tmp, self.db, self.data = tmp_path, f"sqlite:///{tmp_path / 'registry.sqlite3'}", tmp_path / "portal"
        self.proc, self.log, self.base = None, None, ""

    def start(self, today: str) -> str:
        port = free_port()
        self.log = (self.tmp / f"serve-{today}.log").open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "docgen", "serve", "--port", str(port), "--workers", "2", "--db", self.db,
             "--data", str(self.data)], env={**os.environ, "DOCGEN_TODAY": today}, stdout=self.log,
            stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(150):  # polling for the server: the only wait of the test
            try:
                urllib.request.urlopen(self.base + "/login", timeout=1)
                return self.base
            except OSError:
                if self.proc.poll() is not None:
                    raise AssertionError((self.tmp / f"serve-{today}.log").read_text()) from None
                time.sleep(0.2)
        raise AssertionError("docgen serve did not answer in 30 s")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(20)
            self.log.close()
            self.proc = None


@pytest.fixture
def srv(tmp_path):
    served = Served(tmp_path)
    try:
        yield served
    finally:
        served.stop()


def _pdf_names(data: bytes, tmp_path: Path) -> list[str]:
    """The cluster names of the PDF's list (its table's 集群名称 column, a cell's wrapped lines joined)."""
    import pdfplumber

    path = tmp_path / "公示.pdf"
    path.write_bytes(data)
    with pdfplumber.open(path) as doc:
        rows = [[(c or "").replace("\n", "") for c in row] for p in doc.pages for t in p.extract_tables() for row in t]
    column = next(r for r in rows if "集群名称" in r).index("集群名称")
    return [r[column] for r in rows if r[0].isdigit()]


def test_the_whole_year_in_the_browser(srv, tmp_path):
    need_chromium()
    from playwright.sync_api import sync_playwright
    from portal_helpers import filled_application, filled_plan

    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.pipeline import validate_paths
    from docgen.portal.accounts import PROVINCE_USER, add_user
    from docgen.portal.config import PortalConfig, ensure_secret
    from docgen.registry.db import open_registry
    from docgen.samples import valid_record

    started = time.monotonic()
    shots = Path(os.environ.get("DOCGEN_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("year-*.png"):  # this test's own, from an earlier run; other tests' are left alone
        old.unlink()
    made = tmp_path / "made"
    files = {"陈仓区": [filled_application(made, "陈仓区"), filled_plan(made, "陈仓区")],
             "凤翔区": [filled_application(made, "凤翔区"), filled_plan(made, "凤翔区")]}
    corrected = filled_application(made, "陈仓区", name="申报书-陈仓区-核实后.docx", contact_name="赵立新")

    ensure_secret(PortalConfig(data=srv.data))
    with open_registry(srv.db) as reg:  # what `docgen portal user add` does
        once = {u: add_user(reg, u, role, unit)["password"] for u, role, unit in (
            ("陈仓区", "county", "陈仓区"), ("凤翔区", "county", "凤翔区"), (CITY, "city", CITY),
            (PROVINCE_USER, "province", None))}

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        n = [0]

        def shot(page, name):
            n[0] += 1
            page.screenshot(path=str(shots / f"year-{n[0]:02d}-{name}.png"), full_page=True)

        def first_login(user, picture=False):
            context = browser.new_context(java_script_enabled=False, accept_downloads=True, locale="zh-CN",
                                          viewport={"width": 1200, "height": 900})
            page = context.new_page()
            page.goto(base + "/")
            if picture:
                shot(page, "login")
            page.fill("input[name=username]", user)
            page.fill("input[name=password]", once[user])
            page.click("main button[type=submit]")
            assert page.url.endswith("/password") and "一次性密码" in page.content()
            if picture:
                shot(page, "first-password")
            page.fill("input[name=current]", once[user])
            page.fill("input[name=new]", NEW_PASSWORDS[user])
            page.fill("input[name=again]", NEW_PASSWORDS[user])
            page.click("main button[type=submit]")
            assert "密码已修改" in page.content(), page.content()
            return page

        def submit_package(page, county, cluster):
            page.click("nav >> text=我的申报")
            page.fill("input[name=cluster_name]", cluster)
            page.click("main form button:has-text('新建')")
            assert "/packages/" in page.url and "草稿" in page.content()
            url = page.url
            page.set_input_files("input[name=file]", [str(p) for p in files[county]])
            page.click("text=上传并校验")
            assert page.content().count("校验通过") == 2, page.content()
            if county == "陈仓区":
                shot(page, "county-upload-report")
            page.click("text=← 返回该申报")
            page.click(f"button:has-text('报送{CITY}')")
            assert "已报送市级" in page.content()
            return url

        def open_package(page, cluster):
            page.click("nav >> text=市级工作台")
            page.click(f"main a:has-text('{cluster}')")

        # --- 2026-03-20: accounts, applications, the city's pre-check and recommendation, the shortlist --------
        base = srv.start("2026-03-20")
        county = first_login("陈仓区", picture=True)
        assert county.url.endswith("/county/") and "截至 2026-03-20" in county.content()
        shot(county, "county-due-first")
        county2, city, prov = first_login("凤翔区"), first_login(CITY), first_login(PROVINCE_USER)
        assert city.url.endswith("/city/") and prov.url.endswith("/province/")

        cc_url = submit_package(county, "陈仓区", CHENCANG)
        shot(county, "county-package-submitted")
        submit_package(county2, "凤翔区", FENGXIANG)

        city.click("nav >> text=市级工作台")
        desk = city.locator("main table").first
        for name in (CHENCANG, FENGXIANG):
            assert "已报送市级（待初审）" in desk.locator("tr", has_text=name).inner_text()
        shot(city, "city-desk-two-submitted")
        open_package(city, CHENCANG)
        city.fill("textarea[name=reason]", REASON)
        city.click("button:has-text('退回')")
        assert "已退回" in city.content() and REASON in city.content()
        shot(city, "city-returned")

        county.click("nav >> text=待办")
        returned = county.locator("li", has_text=CHENCANG)
        assert REASON in returned.inner_text()
        shot(county, "county-due-returned")
        returned.locator("a").click()
        assert county.url == cc_url and f"市级退回理由：{REASON}" in county.content()
        shot(county, "county-package-returned")
        county.set_input_files("input[name=file]", str(corrected))
        county.click("text=上传并校验")
        assert "校验通过" in county.content()
        county.click("text=← 返回该申报")
        assert "历史版本 1" in county.content() and "草稿" in county.content()
        county.click(f"button:has-text('报送{CITY}')")
        assert "已报送市级" in county.content() and f"上次退回理由：{REASON}" in county.content()
        shot(county, "county-resubmitted")

        open_package(city, FENGXIANG)
        city.fill("input[name=people]", "张伟、李娜（市工信局）")
        city.fill("textarea[name=findings]", "集群企业名单与现场一致，园区主导产业属实。")
        city.click("text=保存抽查记录")
        assert "实地抽查记录已保存" in city.content()
        city.click("button:has-text('受理')")
        assert "已受理" in city.content() and "张伟、李娜" in city.content()
        shot(city, "city-spot-check-accepted")
        open_package(city, CHENCANG)
        city.click("button:has-text('受理')")
        assert "已受理。" in city.content()

        city.click("nav >> text=推荐")
        assert city.locator("input[name=package_id]").count() == 2
        city.fill("input[name=contact_name]", "李建国")
        city.fill("input[name=contact_phone]", "0917-3261234")
        assert "已抽查" in city.locator("tr", has_text=FENGXIANG).inner_text()
        assert "未抽查" in city.locator("tr", has_text=CHENCANG).inner_text()
        shot(city, "city-recommend-form")
        city.click("text=推荐并生成推荐汇总表")
        assert "已推荐 2 个集群" in city.content()
        shot(city, "city-recommended")
        with city.expect_download() as dl:
            city.click("text=设区市推荐汇总表.xlsx")
        summary = tmp_path / dl.value.suggested_filename
        dl.value.save_as(summary)
        entry = validate_paths([str(summary)])["files"][0]
        assert entry["form"] == "recommendation" and entry["valid"], entry["issues"]
        assert sorted((r["county"], r["cluster_name"], r["spot_check"]) for r in entry["data"]["recs"]) == [
            ("凤翔区", FENGXIANG, True), ("陈仓区", CHENCANG, False)]

        prov.click("nav >> text=省级工作台")
        assert f"{CITY}（2 个）" in prov.content()
        for name in (CHENCANG, FENGXIANG):
            assert "已推荐" in prov.locator("tr", has_text=name).inner_text()
        shot(prov, "province-recommended-by-city")
        shortlist = tmp_path / "入围名单.json"
        shortlist.write_text(json.dumps([{"city": CITY, "county": c, "cluster_name": name, "leading_industry": INDUSTRY}
                                         for c, name in (("陈仓区", CHENCANG), ("凤翔区", FENGXIANG))],
                                        ensure_ascii=False), encoding="utf-8")
        prov.click("text=入围名单")
        prov.set_input_files("input[name=file]", str(shortlist))
        prov.click("text=上传并保存")
        assert "2 个集群" in prov.content()
        shot(prov, "province-shortlist")
        prov.click("text=据此起草公示")
        assert "本年度入围名单，2 个集群" in prov.content()
        prov.fill("input[name=doc_number]", "陕工信公示〔2026〕3号")
        shot(prov, "province-publicity-form")
        prov.click("text=起草公文")
        assert "已起草公示（陕工信公示〔2026〕3号）" in prov.content() and "进入“公示中”" in prov.content()
        preview = prov.context.request.get(base + prov.locator("a:has-text('预览 PDF')").get_attribute("href"))
        assert preview.ok and preview.headers["content-type"] == "application/pdf"
        shot(prov, "province-publicity-drafted")
        with prov.expect_download() as dl:
            prov.click("text=下载 PDF")
        pdf = Path(dl.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF") and pdf == preview.body()
        assert _pdf_names(pdf, tmp_path) == [CHENCANG, FENGXIANG]
        srv.stop()

        # --- 2026-04-08: the publicity period over, the announcement and recognition ------------------------
        base = srv.start("2026-04-08")
        prov.goto(base + "/province/notices")
        prov.click("main a:has-text('名单公布通知')")
        assert "已公示的名单，2 个集群" in prov.content()
        prov.fill("input[name=doc_number]", "陕工信发〔2026〕21号")
        prov.click("text=起草公文")
        assert "已起草名单公布通知" in prov.content()
        prov.click("button:has-text('登记认定')")
        assert "已登记进名录：2 个集群（2026-04-08 公布，有效期三年）" in prov.content()
        assert "2 个申报标为“已认定”" in prov.content()
        shot(prov, "province-recognised")
        cluster_id = prov.locator(f"a:has-text('{CHENCANG}')").get_attribute("href").rsplit("/", 1)[1]
        srv.stop()

        # --- 2027-01-15: the annual table of 2026, due by 2027-03-31 ------------------------------------------
        base = srv.start("2027-01-15")
        county.goto(base + "/county/")
        row = county.locator("tr", has_text=cluster_id)
        assert "2026 年度信息表" in row.inner_text() and "2027-03-31 前" in row.inner_text(), row.inner_text()
        assert "未报送" in row.inner_text()
        shot(county, "county-due-annual")
        row.locator("button:has-text('报送年度信息表')").click()
        assert "/filings/" in county.url and "草稿" in county.content()
        filing_url = county.url
        with county.expect_download() as dl:
            county.click("text=下载按本集群预填的")
        blank = made / dl.value.suggested_filename
        dl.value.save_as(blank)
        record = valid_record("annual", 2027, county="陈仓区", cluster=CHENCANG)
        record.update({"cluster_id": cluster_id, "report_year": 2026, "recognition_year": 2026,
                       "fill_date": "2027-01-12"})
        annual = fill_xlsx(blank, record, made / f"年度信息表-{cluster_id}-2026.xlsx")
        county.set_input_files("input[name=file]", str(annual))
        county.click("text=上传并校验")
        assert "校验通过" in county.content(), county.content()
        shot(county, "county-annual-report")
        county.click("text=← 返回该报送")
        county.click(f"button:has-text('报送{CITY}')")
        assert county.url == filing_url and "已报送" in county.content()
        shot(county, "county-annual-submitted")

        city.goto(base + "/city/due")
        assert "已报送市级" in city.locator("tr", has_text=cluster_id).inner_text()
        assert "尚未报送" in city.locator("tr", has_text=FENGXIANG).inner_text()
        shot(city, "city-annual-due")
        city.goto(base + "/city/")
        city.locator("tr", has_text=cluster_id).locator("a").click()
        city.click("button:has-text('受理并记入名录')")
        assert "已受理，并已记入集群名录" in city.content()
        shot(city, "city-annual-filed")
        county.goto(base + "/county/")
        assert "已入名录" in county.locator("tr", has_text=cluster_id).inner_text()
        shot(county, "county-due-filed")
        srv.stop()
        browser.close()

    shown = subprocess.run([sys.executable, "-m", "docgen", "registry", "show", cluster_id, "--db", srv.db,
                            "--on", "2027-01-15"], capture_output=True, text=True, env=os.environ)
    assert shown.returncode == 0, shown.stderr
    assert f"{cluster_id} {CHENCANG}" in shown.stdout and "认定 2026-04-08 陕工信发〔2026〕21号" in shown.stdout
    assert "年度信息表 2026 年度，填报 2027-01-12" in shown.stdout, shown.stdout
    assert n[0] == len(list(shots.glob("year-*.png"))) >= 20
    print(f"the whole year took {time.monotonic() - started:.1f} s")
