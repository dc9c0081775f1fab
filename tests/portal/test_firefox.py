"""The county's flow in Firefox ESR (Debian's firefox-esr), JavaScript off, against `docgen serve`: log in with
the one-time password, set a new one, upload an application with two errors and see both listed with
their locations, upload the corrected version and the plan, submit the package to the city.

Playwright drives only its own Firefox build, which cannot be downloaded here; Firefox ESR itself speaks
Marionette (`--marionette`), Mozilla's remote protocol, and `marionette_driver` (PyPI, Mozilla's client for
it) drives the stock browser — no geckodriver binary needed.

Screenshots go to $DOCGEN_SCREENSHOTS (or the test's temporary folder), named firefox-*. Without
firefox-esr or marionette_driver the test is skipped, except in CI (CI=true), where that fails it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import warnings
from pathlib import Path

import pytest
from portal_helpers import free_port, without

FIREFOX = "/usr/bin/firefox-esr"
NEW_PASSWORD = "Chencang-firefox-2026"
# A quiet profile: no content JavaScript (the pages must work without it), no first-run pages, no
# update or telemetry traffic (there is no network here but loopback).
PREFS = {
    "javascript.enabled": False,
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "datareporting.policy.dataSubmissionEnabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "app.update.disabledForTesting": True,
    "network.proxy.type": 0,
    "intl.accept_languages": "zh-CN",
}


def _need_browser():
    missing = None
    try:
        with warnings.catch_warnings():  # mozinfo, under it, calls distro's deprecated linux_distribution()
            warnings.simplefilter("ignore", DeprecationWarning)
            import marionette_driver  # noqa: F401
    except ImportError:
        missing = "marionette_driver is not installed (pip install marionette-driver)"
    if missing is None and not Path(FIREFOX).exists():
        missing = f"Firefox ESR is not installed at {FIREFOX} (apt-get install firefox-esr)"
    without(missing)


def _wait_for_port(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"Firefox ESR exited at start ({proc.returncode})")
        with socket.socket() as s:
            s.settimeout(1)
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"Firefox ESR's Marionette port {port} did not open in {seconds:g} s")


def _value(v) -> str:
    return ("true" if v else "false") if isinstance(v, bool) else (str(v) if isinstance(v, int) else f'"{v}"')


@pytest.fixture
def firefox(tmp_path):
    """A Marionette session with a headless Firefox ESR of its own profile."""
    _need_browser()
    from marionette_driver.marionette import Marionette

    profile = tmp_path / "ff-profile"
    profile.mkdir()
    port = free_port()
    prefs = {**PREFS, "marionette.port": port}
    (profile / "user.js").write_text("".join(f'user_pref("{k}", {_value(v)});\n' for k, v in prefs.items()))
    log = (tmp_path / "firefox.log").open("w")
    proc = subprocess.Popen([FIREFOX, "--marionette", "--headless", "--no-remote", "--profile", str(profile)],
                            stdout=log, stderr=subprocess.STDOUT, env={**os.environ, "MOZ_HEADLESS": "1"})
    client = None
    try:
        _wait_for_port(port, proc)  # marionette_driver's own wait leaks a socket per try
        client = Marionette(host="127.0.0.1", port=port, startup_timeout=60)
        client.start_session()
        client.set_window_rect(width=1200, height=900)
        yield client
    finally:
        try:
            if client is not None:
                client.delete_session()
        except Exception:  # noqa: BLE001 — the browser may already be gone; it is ended below either way
            pass
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def test_a_county_does_its_application_in_firefox(server, firefox, tmp_path):
    from marionette_driver.by import By
    from portal_helpers import filled_application, filled_plan

    m = firefox
    base, one_time, _token = server
    shots = Path(os.environ.get("DOCGEN_SCREENSHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    made = tmp_path / "made"
    bad = filled_application(made, errors=True)
    good = filled_application(made, name="申报书-陈仓区-改正后.docx")
    plan = filled_plan(made)

    def shot(name):
        (shots / f"firefox-{name}.png").write_bytes(m.screenshot(format="binary", full=True))

    def css(selector):
        return m.find_element(By.CSS_SELECTOR, selector)

    def fill(selector, text):
        field = css(selector)
        field.clear()
        field.send_keys(text)

    def submit_button(text):
        return m.find_element(By.XPATH, f"//main//button[contains(., '{text}')]")

    def wait_url(part):
        for _ in range(100):
            if part in m.get_url():
                return
            time.sleep(0.1)
        raise AssertionError(f"still at {m.get_url()}, expected {part}")

    m.navigate(base + "/")
    assert m.get_url().endswith("/login")
    shot("01-login")
    fill("input[name=username]", "陈仓区")
    fill("input[name=password]", one_time)
    submit_button("登录").click()
    wait_url("/password")
    assert "一次性密码" in m.page_source
    fill("input[name=current]", one_time)
    fill("input[name=new]", NEW_PASSWORD)
    fill("input[name=again]", NEW_PASSWORD)
    submit_button("保存新密码").click()
    wait_url("/county/")
    assert "密码已修改" in m.page_source

    m.navigate(base + "/packages/")
    fill("input[name=cluster_name]", "陈仓区钛及钛合金精深加工产业集群")
    m.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait_url("/packages/")
    package_url = m.get_url()
    assert "草稿" in m.page_source

    css("input[type=file]").send_keys(str(bad))
    submit_button("上传并校验").click()
    for _ in range(100):
        if "校验未通过" in m.page_source:
            break
        time.sleep(0.1)
    html = m.page_source
    assert "校验未通过" in html
    assert "一、基本信息「联系电话」" in html and "六、梯度培育企业名单 第1行「统一社会信用代码」" in html
    shot("02-report-two-errors")

    m.navigate(package_url)
    assert not submit_button("报送").is_enabled()
    css("input[type=file]").send_keys("\n".join([str(good), str(plan)]))
    submit_button("上传并校验").click()
    for _ in range(100):
        if "校验通过" in m.page_source:
            break
        time.sleep(0.1)
    assert "校验通过" in m.page_source and "校验未通过" not in m.page_source
    m.navigate(package_url)
    assert "历史版本 1" in m.page_source
    shot("03-package-ready")
    submit_button("报送宝鸡市").click()
    for _ in range(100):
        if "已报送市级" in m.page_source:
            break
        time.sleep(0.1)
    assert "已报送市级" in m.page_source
    shot("04-package-submitted")
    assert sorted(p.name for p in shots.glob("firefox-*.png")) == [
        "firefox-01-login.png", "firefox-02-report-two-errors.png", "firefox-03-package-ready.png",
        "firefox-04-package-submitted.png"]
