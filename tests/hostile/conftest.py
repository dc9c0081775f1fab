"""Fixtures of the hostile-input tests: filled forms to damage, a measured CLI run."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.formats.docx_fill import fill_docx
from docgen.formats.xlsx_fill import fill_xlsx
from docgen.generate import new_form
from docgen.samples import valid_record

from .util import measured


@pytest.fixture
def run_measured(tmp_path):
    def run(*args, cwd: Path | None = None, **kw):
        return measured(tmp_path, *args, cwd=cwd, **kw)

    return run


@pytest.fixture(scope="session")
def forms(tmp_path_factory) -> dict[str, bytes]:
    """Bytes of a valid filled application (.docx) and annual table (.xlsx)."""
    root = tmp_path_factory.mktemp("hostile-seeds")
    out = {}
    for fid, ext, fill in (("application", "docx", fill_docx), ("annual", "xlsx", fill_xlsx)):
        blank = new_form(fid, root / "blank", filename=f"{fid}.{ext}")
        fill(blank, valid_record(fid), root / f"{fid}.{ext}")
        out[ext] = (root / f"{fid}.{ext}").read_bytes()
    return out
