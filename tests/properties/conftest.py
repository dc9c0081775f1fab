"""Blank forms made once per session by the generator; helpers to fill, re-save and parse them."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from docgen.catalogue import form_ids
from docgen.generate import new_form
from docgen.schema import load_form
from docgen.years import years_for

# The year each form is generated for: the application year, the annual report year, the plan start.
YEAR = {"application": dt.date.today().year, "annual": dt.date.today().year - 1, "plan": dt.date.today().year}


def year_of(form: str) -> int:
    return YEAR.get(form, dt.date.today().year)


@pytest.fixture(scope="session")
def blanks(tmp_path_factory) -> dict[str, Path]:
    """One blank of every form, nothing pre-filled (the records bring county and city)."""
    out = tmp_path_factory.mktemp("blank")
    paths = {}
    for fid in form_ids():
        schema = load_form(fid)
        paths[fid] = new_form(fid, out, year=year_of(fid) if schema.year_param else None,
                              filename=f"{fid}.{schema.format}")
    return paths


def expected_years(form: str) -> dict:
    schema = load_form(form)
    return years_for(schema, year_of(form)) if schema.year_param else {}


def soffice_or_skip() -> str:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe
