"""Forms typed by hand in LibreOffice 7.4 through its own UI (typed_samples/, made by the editors
branch's UI driver): every typed value reads back as the person meant it, and nothing false is said."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from docgen.pipeline import check_file
from docgen.record import get_path

HERE = Path(__file__).parent / "typed_samples"
SAMPLES = sorted(p.stem for p in HERE.glob("*.json"))
LEFT = {"beside", "inside"}  # habits that leave the prompt beside the typed text
ALLOWED = {"form.read_by_label", "field.placeholder_left", "field.control_missing", "policy.expired"}


def _sample(form_id: str):
    spec = json.loads((HERE / f"{form_id}.json").read_text(encoding="utf-8"))
    path = next(p for p in HERE.glob(f"{form_id}.*") if p.suffix in (".docx", ".xlsx"))
    return path, spec["slots"]


@pytest.mark.parametrize("form_id", SAMPLES)
def test_a_form_typed_in_libreoffice_reads_back_as_typed(form_id):
    path, slots = _sample(form_id)
    entry = check_file(path, today=dt.date(2026, 7, 1))
    assert entry["form"] == form_id and entry["valid"] is True, entry["issues"]
    data = entry["data"]
    for s in slots:
        if s["row"]:
            group, _, name = s["field"].partition(".")
            got = data[group][s["row"] - 1].get(name)
        else:
            got = get_path(data, s["field"])
        assert got == s["read"], s
    assert {i["code"] for i in entry["issues"]} <= ALLOWED, entry["issues"]
    left = sorted((i["field"], i["row"]) for i in entry["issues"] if i["code"] == "field.placeholder_left")
    assert left == sorted((s["field"], s["row"]) for s in slots if s["habit"] in LEFT)
    by_label = [i for i in entry["issues"] if i["code"] == "form.read_by_label"]
    assert all("LibreOffice 7.4" in i["message"] for i in by_label)
