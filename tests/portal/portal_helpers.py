"""Shared makers of tests/portal (a module of its own name: conftest modules cannot be imported)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

TODAY = date(2026, 3, 20)
YEAR = 2026
PASSWORD = "Qinling-2026-secure"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def filled_application(folder: Path, county: str = "陈仓区", *, errors: bool = False, name: str | None = None,
                       **changes) -> Path:
    """A filled application of `county` made by the generator and the test filler; with `errors`, two
    errors a clerk makes: a mistyped phone number and a USCC with a letter codes never use; `changes`
    set fields of the record (another cluster's application is another file)."""
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    folder.mkdir(parents=True, exist_ok=True)
    blank = new_form("application", folder, county=county, year=YEAR, filename=f"blank-{county}.docx")
    record = valid_record("application", YEAR, county=county)
    record.update(changes)
    if errors:
        record["contact_phone"] = "12"
        record["enterprises"][0]["uscc"] = "91610304MA6X00000Z"
    out = folder / (name or f"申报书-{county}{'-有错' if errors else ''}.docx")
    return fill_docx(blank, record, out)


def filled_plan(folder: Path, county: str = "陈仓区") -> Path:
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    folder.mkdir(parents=True, exist_ok=True)
    blank = new_form("plan", folder, county=county, year=YEAR, filename=f"blank-plan-{county}.docx")
    return fill_docx(blank, valid_record("plan", YEAR, county=county), folder / f"三年发展规划-{county}.docx")


def csrf(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def make_app(cfg):
    from docgen.portal import create_app

    app = create_app(cfg)
    app.config["TESTING"] = True
    return app


def add_account(portal, username: str, roles: str, unit=None, city=None, *, password: str = PASSWORD,
                must_change: bool = False):
    from docgen.portal import auth
    from docgen.portal import models as m
    from docgen.portal.service import now

    with portal.registry.transaction() as s:
        acc = m.Account(username=username, roles=roles, unit=unit, city=city, password_hash=auth.hash_password(password),
                        must_change=must_change, disabled=False, epoch=0, created_at=now())
        s.add(acc)
        s.flush()
        return acc


def login(client, username: str, password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"username": username, "password": password, "csrf_token": csrf(page.text)})


CLUSTER = "陈仓区钛及钛合金产业集群"


def recognise_cluster(portal, county: str = "陈仓区", name: str = CLUSTER, published=date(2024, 6, 15)) -> str:
    """Record `name` of `county` as recognised (a published list) in the portal's registry; its cluster id."""
    from docgen.divisions import city_for
    from docgen.registry.decisions import recognise

    done = recognise(portal.registry, [{"city": city_for(county), "county": county, "cluster_name": name,
                                        "leading_industry": "钛材料"}], "陕工信发〔2024〕88号", published)
    return done[0].cluster_id


def filled_annual(folder: Path, cluster_id: str, report_year: int, county: str = "陈仓区", name: str = CLUSTER) -> Path:
    """The annual table of a recognised cluster, downloaded pre-filled for it and filled in (valid)."""
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    folder.mkdir(parents=True, exist_ok=True)
    blank = new_form("annual", folder, county=county, cluster=name, cluster_id=cluster_id, year=report_year,
                     filename=f"blank-annual-{cluster_id}-{report_year}.xlsx")
    record = valid_record("annual", report_year + 1, county=county, cluster=name)
    record.update({"cluster_id": cluster_id, "report_year": report_year, "recognition_year": 2024,
                   "fill_date": f"{report_year + 1}-03-10"})
    return fill_xlsx(blank, record, folder / f"年度信息表-{cluster_id}-{report_year}.xlsx")


def filled_change(folder: Path, cluster_id: str, county: str = "陈仓区", name: str = CLUSTER) -> Path:
    """A change report (Word) of a recognised cluster, pre-filled for it and filled in (valid)."""
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    folder.mkdir(parents=True, exist_ok=True)
    blank = new_form("change", folder, county=county, cluster=name, cluster_id=cluster_id,
                     filename=f"blank-change-{cluster_id}.docx")
    record = valid_record("change", 2026, county=county, cluster=name)
    record.update({"cluster_id": cluster_id, "recognition_year": 2024})
    return fill_docx(blank, record, folder / f"变动报告-{cluster_id}.docx")


def die_job(*_args):
    """A check job that kills its process at once, as a crash in a parser's C code would (module-level, so it
    pickles by name whatever the start method of the checking process)."""
    import os

    os._exit(9)


# --- real browsers (chromium through Playwright; Firefox ESR in test_firefox) --------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def without(missing: str | None) -> None:
    """Skip a browser test for what is missing, except in CI (CI=true), where that fails it."""
    import os

    import pytest

    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)


def need_chromium() -> None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        without("Playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists():
        without(f"chromium is not installed at {CHROMIUM} (apt-get install chromium)")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
