"""Annotated copies: a note and a fill on each offending cell, file-level issues at A1, original untouched."""

from __future__ import annotations

import hashlib
import warnings

from openpyxl import load_workbook

from docgen.formats.xlsx_annotate import FILL_ERROR, FILL_WARNING, annotate_xlsx
from docgen.formats.xlsx_fill import fill_xlsx
from docgen.formats.xlsx_read import read_xlsx
from docgen.issues import make_issue

from .conftest import annual_record, values_of


def _issues():
    return [
        make_issue("field.required", field="contact_name", label="联系人"),
        make_issue("field.gt", field="output_total.cur", label="集群总产值（本年）", value=0, limit=0),
        make_issue("annual.target_not_met", field="progress.actual", row=2, indicator="单位产值二氧化碳排放",
                   completion="97.5"),
        make_issue("annual.incident", field="safety.other_major", label="其他重大问题"),
        make_issue("form.altered", detail="缺少填写单元格「典型案例」的名称 work.cases"),
    ]


def test_annotated_copy_has_notes_and_fills_and_the_original_is_unchanged(blanks, tmp_path):
    src = fill_xlsx(blanks["annual"], annual_record(), tmp_path / "填报.xlsx")
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    raw = read_xlsx(src)
    out = annotate_xlsx(src, _issues(), raw, tmp_path / "批注" / "填报.xlsx")
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["填报.xlsx"]  # no temp file left
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        wb = load_workbook(out)
    c = wb["基本信息"]["C10"]
    assert "未填写" in c.comment.text and c.fill.fgColor.rgb == FILL_ERROR.fgColor.rgb
    assert "不能" in wb["主要指标"]["E4"].comment.text or "大于" in wb["主要指标"]["E4"].comment.text
    assert "未达到年度目标" in wb["目标进展"]["C5"].comment.text  # row 2 of the table is sheet row 5
    assert wb["目标进展"]["C5"].fill.fgColor.rgb == FILL_WARNING.fgColor.rgb
    assert "第十九条" in wb["基本信息"]["C22"].comment.text
    assert "work.cases" in wb["填表说明"]["A1"].comment.text
    assert wb["目标进展"]["C4"].comment is None


def test_what_survives_openpyxl_rewriting_our_form(blanks, tmp_path):
    src = fill_xlsx(blanks["annual"], annual_record(), tmp_path / "a.xlsx")
    raw = read_xlsx(src)
    out = annotate_xlsx(src, _issues(), raw, tmp_path / "out" / "a.xlsx")
    again = read_xlsx(out)
    assert again.form == "annual" and again.issues == []  # manifest and every defined name kept
    assert values_of(again) == values_of(raw)
    original, copy = load_workbook(src), load_workbook(out)
    for name in original.sheetnames:
        a, b = original[name], copy[name]
        assert b.protection.sheet
        assert [(d.type, d.formula1, str(d.sqref)) for d in a.data_validations.dataValidation] == \
               [(d.type, d.formula1, str(d.sqref)) for d in b.data_validations.dataValidation]
        assert {k: v.width for k, v in a.column_dimensions.items()} == {k: v.width for k, v in b.column_dimensions.items()}
    assert copy["基本信息"]["C12"].number_format == "yyyy-mm-dd"


def test_issues_with_no_cell_all_go_to_one_note(blanks, tmp_path):
    src = fill_xlsx(blanks["recommendation"], {"city": "宝鸡市"}, tmp_path / "r.xlsx")
    issues = [make_issue("recommendation.rank_gap", n=2, ranks="1、3"), make_issue("form.identified_by_content",
                                                                                     form_title="设区市推荐汇总表")]
    out = annotate_xlsx(src, issues, read_xlsx(src), tmp_path / "o" / "r.xlsx")
    note = load_workbook(out)["填表说明"]["A1"].comment.text
    assert "推荐排序" in note and "按内容识别" in note and note.count("【") == 2
