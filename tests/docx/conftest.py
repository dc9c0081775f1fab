"""Word-form fixtures: blanks and filled forms made by the generator and the filler, per session."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from docx_cases import DOCX_FORMS, YEAR  # noqa: E402,F401
from records import RECORDS  # noqa: E402


@pytest.fixture(scope="session")
def blanks(tmp_path_factory) -> dict[str, Path]:
    from docgen.generate import new_form

    folder = tmp_path_factory.mktemp("blank")
    return {fid: new_form(fid, folder, county="鄠邑区", year=YEAR, filename=f"{fid}-blank.docx")
            for fid in DOCX_FORMS}


@pytest.fixture(scope="session")
def filled(blanks, tmp_path_factory) -> dict[str, Path]:
    from docgen.formats.docx_fill import fill_docx

    folder = tmp_path_factory.mktemp("filled")
    return {fid: fill_docx(blanks[fid], RECORDS[fid](), folder / f"{fid}.docx") for fid in DOCX_FORMS}


def soffice_or_skip():
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="session")
def resaved(filled, tmp_path_factory) -> dict[str, Path]:
    """The filled forms re-saved by LibreOffice as .docx (one soffice run)."""
    soffice_or_skip()
    from docgen.formats.pdf_export import to_docx

    out = to_docx(list(filled.values()), tmp_path_factory.mktemp("lo"))
    return dict(zip(filled, out, strict=True))


@pytest.fixture(scope="session")
def pdfs(filled, tmp_path_factory) -> dict[str, Path]:
    """The filled forms exported to PDF by LibreOffice (one soffice run)."""
    soffice_or_skip()
    from docgen.formats.pdf_export import to_pdf

    out = to_pdf(list(filled.values()), tmp_path_factory.mktemp("pdf"))
    return dict(zip(filled, out, strict=True))
