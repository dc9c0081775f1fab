"""Issues come in the form's own order (sections, then rows) and each field issue says where it is."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_end_to_end import fill, without_control

from docgen.pipeline import validate_paths
from docgen.report.order import in_form_order
from docgen.report.terminal import render_terminal

samples = pytest.importorskip("docgen.samples")


def _faulty_application(folder: Path) -> Path:
    rec = samples.valid_record("application")
    rec["enterprises"][1]["uscc"] = "91610125MA6T00000X"  # row 2, 六、
    rec["enterprises"][0]["year"] = 1890  # row 1, 六、
    rec["output_total"]["y2"] = -3  # 二、
    rec["contact_phone"] = "12345"  # 一、
    rec["area_km2"] = "很大"  # 一、, before the phone
    rec["commitment"] = None  # 八、
    return without_control(fill("application", rec, folder, "申报书.docx"), "sme_count", folder / "删框.docx")


def test_issues_follow_the_form_sections_then_rows(tmp_path):
    entry = validate_paths([_faulty_application(tmp_path)])["files"][0]
    slots = [(i["field"], i["row"]) for i in entry["issues"] if i["field"]]
    order = [s for i, s in enumerate(slots) if s not in slots[:i]]
    want = [("area_km2", None), ("sme_count", None), ("contact_phone", None), ("output_total.y2", None),
            ("enterprises.year", 1), ("enterprises.uscc", 2), ("commitment", None)]
    assert [s for s in order if s in want] == want
    for issue in entry["issues"]:
        if issue["field"]:
            assert issue["location"], issue  # the deleted control's issue too
        if issue["field"] and issue["field"].startswith("enterprises."):
            assert issue["row"] and f"第{issue['row']}行" in issue["location"], issue


def test_the_terminal_shows_where_a_deleted_controls_field_is(tmp_path):
    report = validate_paths([_faulty_application(tmp_path)])
    text = render_terminal(report)
    (line,) = [x for x in text.splitlines() if "sme_count" in x or "其中：中小企业数量" in x]
    assert "〔一、基本信息「其中：中小企业数量」〕" in line and "未填写" in line


def test_file_and_form_issues_come_first_and_the_rest_last():
    issues = [{"code": "crossform.mismatch", "field": None}, {"code": "field.required", "field": "commitment"},
              {"code": "field.required", "field": "cluster_name"}, {"code": "form.read_by_label", "field": None},
              {"code": "field.min", "field": "enterprises.year", "row": 2},
              {"code": "field.pattern", "field": "enterprises.uscc", "row": 1}]
    got = [(i["code"], i["field"]) for i in in_form_order("application", issues)]
    assert got == [("form.read_by_label", None), ("field.required", "cluster_name"),
                   ("field.pattern", "enterprises.uscc"), ("field.min", "enterprises.year"),
                   ("field.required", "commitment"), ("crossform.mismatch", None)]
