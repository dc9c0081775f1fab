"""A form that lost its manifest (docProps/custom.xml dropped by a tool) is identified by its content,
says so, and still reads completely — including the calendar years its headings print."""

from __future__ import annotations

import pytest

from docgen.pipeline import validate_paths

from .mutants import rezip


@pytest.mark.parametrize("form", [
    "application",
    "annual", "plan",
])
def test_a_form_without_its_manifest_still_reads_its_years(filled, tmp_path, form):
    src = filled[form]
    bare = tmp_path / f"bare{src.suffix}"
    bare.write_bytes(rezip(src.read_bytes(), replace={"docProps/custom.xml": None}))
    [orig] = validate_paths([src])["files"]
    [entry] = validate_paths([bare])["files"]
    assert entry["valid"] and entry["form"] == form
    assert "form.identified_by_content" in {i["code"] for i in entry["issues"]}
    assert entry["data"] == orig["data"]
