"""The county's whole flow in a real browser (Playwright driving Debian's chromium), JavaScript off, against
`docgen serve` itself: log in with the one-time password, set a new one, download the kit, upload an
application with two errors (and the plan), see both with their locations, download the annotated copy,
upload the corrected version, submit the package to the city.

Screenshots of each page go to $DOCGEN_SCREENSHOTS (or the test's temporary folder). Without chromium or
Playwright the test is skipped, except in CI (CI=true), where that fails it.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

from portal_helpers import CHROMIUM, need_chromium
from portal_helpers import CHROMIUM_ARGS as ARGS

NEW_PASSWORD = "Chencang-portal-2026"


def test_a_county_does_its_application_in_the_browser(server, tmp_path):
    need_chromium()
    from playwright.sync_api import sync_playwright
    from portal_helpers import filled_application, filled_plan

    base, one_time, _token = server
    shots = Path(os.environ.get("DOCGEN_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    made = tmp_path / "made"
    bad = filled_application(made, errors=True)
    good = filled_application(made, name="申报书-陈仓区-改正后.docx")
    plan = filled_plan(made)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(java_script_enabled=False, accept_downloads=True, locale="zh-CN",
                                      viewport={"width": 1200, "height": 900})
        page = context.new_page()

        taken = []

        def shot(name):
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            taken.append(shots / f"{name}.png")

        page.goto(base + "/")
        assert page.url.endswith("/login")
        shot("01-login")
        page.fill("input[name=username]", "陈仓区")
        page.fill("input[name=password]", one_time)
        page.click("button[type=submit]")
        assert page.url.endswith("/password")
        assert "一次性密码" in page.content()
        shot("02-new-password")
        page.fill("input[name=current]", one_time)
        page.fill("input[name=new]", NEW_PASSWORD)
        page.fill("input[name=again]", NEW_PASSWORD)
        page.click("main button[type=submit]")
        assert page.url.endswith("/county/"), page.url
        assert "密码已修改" in page.content()
        shot("03-due")

        page.click("nav >> text=下载表格")
        shot("04-forms")
        with page.expect_download() as dl:
            page.click("text=下载全套表格")
        kit = tmp_path / "kit.zip"
        dl.value.save_as(kit)
        assert "kit.json" in zipfile.ZipFile(kit).namelist()

        page.click("nav >> text=我的申报")
        page.fill("input[name=cluster_name]", "陈仓区钛及钛合金精深加工产业集群")
        page.click("main form button[type=submit]")
        assert "/packages/" in page.url and "草稿" in page.content()
        package_url = page.url
        shot("05-package-new")

        page.set_input_files("input[type=file]", [str(bad), str(plan)])
        page.click("text=上传并校验")
        html = page.content()
        assert "校验未通过" in html
        assert "一、基本信息「联系电话」" in html and "六、梯度培育企业名单 第1行「统一社会信用代码」" in html
        shot("06-report-two-errors")
        with page.expect_download() as dl:
            page.locator(f"section:has-text('{bad.name}') >> text=下载批注副本").click()
        annotated = tmp_path / "annotated.docx"
        dl.value.save_as(annotated)
        with zipfile.ZipFile(annotated) as zf:
            comments = zf.read("word/comments.xml").decode()
        assert "联系电话" in comments and "统一社会信用代码" in comments

        page.goto(package_url)
        assert page.locator("button:has-text('报送')").is_disabled()
        shot("07-package-invalid")
        page.set_input_files("input[type=file]", str(good))
        page.click("text=上传并校验")
        assert "校验通过" in page.content()
        shot("08-report-corrected")
        page.goto(package_url)
        assert "历史版本 1" in page.content()
        page.click("button:has-text('报送宝鸡市')")
        assert "已报送市级" in page.content()
        shot("09-package-submitted")
        context.close()
        browser.close()
    assert io.BytesIO(kit.read_bytes()).getbuffer().nbytes > 0
    assert len(taken) == 9 and all(p.stat().st_size > 10_000 for p in taken)  # the folder may hold others' shots
    shutil.rmtree(made)
