"""An expert's review in a real browser (Playwright driving Debian's chromium, JavaScript off): log in with
the one-time password, set a new one, open an assigned application, have a score above its max refused,
score it, see it saved; then the province runs the tally and sees the ranking and the shortlist.

Served in-process (werkzeug's threaded server over the test's portal, built by the service as the
other expert tests build it). Screenshots go to $DOCGEN_SCREENSHOTS (or the test's temporary folder).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from matrix_expert import ALL_EIGHT, review_scenario
from portal_helpers import CHROMIUM, need_chromium
from portal_helpers import CHROMIUM_ARGS as ARGS

from docgen.portal import models as m

ONE_TIME = "Yizhong-once-4821"
NEW_PASSWORD = "Zhangming-review-2026"


@pytest.fixture
def served(app):
    from werkzeug.serving import make_server

    srv = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_port}"
    finally:
        srv.shutdown()
        thread.join(10)


def test_an_expert_scores_in_the_browser(portal, accounts, files, served, tmp_path):
    need_chromium()
    from playwright.sync_api import sync_playwright
    from sqlalchemy import select

    from docgen.portal import auth

    sc = review_scenario(portal, accounts, files)
    with portal.registry.transaction() as s:  # E001 as the 专家库 upload left it: a one-time password
        acc = s.scalar(select(m.Account).where(m.Account.username == "E001"))
        acc.password_hash, acc.must_change = auth.hash_password(ONE_TIME), True
    shots = Path(os.environ.get("DOCGEN_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport={"width": 1200, "height": 900})
        page = context.new_page()

        taken = []

        def shot(name):
            page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
            taken.append(shots / f"{name}.png")

        page.goto(served + "/")
        page.fill("input[name=username]", "E001")
        page.fill("input[name=password]", ONE_TIME)
        page.click("button[type=submit]")
        assert page.url.endswith("/password")
        page.fill("input[name=current]", ONE_TIME)
        page.fill("input[name=new]", NEW_PASSWORD)
        page.fill("input[name=again]", NEW_PASSWORD)
        page.click("main button[type=submit]")
        assert page.url.endswith("/expert/"), page.url
        html = page.content()
        assert "密码已修改" in html and "分配给您 2 份申报，已评 0 份" in html and "鄠邑区特色产业集群" not in html
        shot("e1-expert-list")

        page.click("text=陈仓区钛产业集群")
        assert "/expert/applications/" in page.url
        for k, v in dict(ALL_EIGHT, competitiveness="21").items():
            page.fill(f"input[name=score_{k}]", v)
        page.click("text=保存评分")
        html = page.content()
        assert "评分未保存" in html and "不在 0 至 20 分之间" in html
        shot("e2-score-refused")
        page.fill("input[name=score_competitiveness]", "18.5")
        page.fill("textarea[name=comment]", "主导产业规模居全省前列，三年规划目标可考核。")
        shot("e3-scoring-page")
        page.click("text=保存评分")
        html = page.content()
        assert "评分已保存" in html and "已评，总分 82.5" in html
        shot("e4-score-saved")
        page.click("nav >> text=评审任务")
        assert "已评 1 份" in page.content()
        context.close()

        context = browser.new_context(java_script_enabled=False, locale="zh-CN", viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.goto(served + "/login")
        page.fill("input[name=username]", "省级管理员")
        page.fill("input[name=password]", "Qinling-2026-secure")
        page.click("button[type=submit]")
        page.click("nav >> text=专家评审")
        assert "/province/review/" in page.url
        page.click("button:has-text('汇总')")
        html = page.content()
        assert "汇总完成" in html and "review.score_missing" in html and sc["ids"]["陈仓区"] in html
        shot("p1-province-review")
        context.close()
        browser.close()
    assert len(taken) == 5 and all(p.stat().st_size > 10_000 for p in taken)  # the folder may hold others' shots
