"""Shared makers of tests/portal (a module of its own name: conftest modules cannot be imported)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

TODAY = date(2026, 3, 20)
YEAR = 2026
PASSWORD = "Qinling-2026-secure"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def filled_application(folder: Path, county: str = "陈仓区", *, errors: bool = False, name: str | None = None) -> Path:
    """A filled application of `county` made by the generator and the test filler; with `errors`, two
    errors a clerk makes: a mistyped phone number and a USCC with a letter codes never use."""
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    folder.mkdir(parents=True, exist_ok=True)
    blank = new_form("application", folder, county=county, year=YEAR, filename=f"blank-{county}.docx")
    record = valid_record("application", YEAR, county=county)
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


def die_job(*_args):
    """A check job that kills its process at once, as a crash in a parser's C code would (module-level, so it
    pickles by name whatever the start method of the checking process)."""
    import os

    os._exit(9)
