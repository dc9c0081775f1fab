"""Valid, filled forms of every kind (generator + docgen.samples), the seeds of the mutation fuzzer."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.catalogue import form_ids
from docgen.formats.docx_fill import fill_docx
from docgen.formats.xlsx_fill import fill_xlsx
from docgen.generate import new_form
from docgen.samples import valid_record
from docgen.schema import load_form


@pytest.fixture(scope="session")
def filled(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("fuzz-seeds")
    out = {}
    for fid in form_ids():
        schema = load_form(fid)
        blank = new_form(fid, root / "blank", filename=f"{fid}.{schema.format}")
        path = root / f"{fid}.{schema.format}"
        (fill_docx if schema.format == "docx" else fill_xlsx)(blank, valid_record(fid), path)
        out[fid] = path
    return out
