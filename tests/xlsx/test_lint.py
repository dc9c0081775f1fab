"""Template lint: the shipped templates pass; a staff-edited one with a name removed or broken fails, naming it."""

from __future__ import annotations

import copy

from openpyxl import load_workbook
from openpyxl.styles import Protection

from docgen.formats.xlsx_form import lint_xlsx_template
from docgen.resources import form_template
from docgen.schema import load_form

from .conftest import rewrite_part

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _edit_names(tmp_path, edit):
    return rewrite_part(form_template("annual.xlsx"), tmp_path / "annual.xlsx", "xl/workbook.xml", edit)


def _name(root, name):
    return next(d for d in root.iter(NS + "definedName") if d.get("name") == name)


def test_shipped_templates_pass():
    for fid in ("annual", "recommendation"):
        assert lint_xlsx_template(form_template(f"{fid}.xlsx"), load_form(fid)) == []


def test_a_removed_name_is_named_with_its_label(tmp_path):
    path = _edit_names(tmp_path, lambda r: _name(r, "safety.violation").getparent().remove(_name(r, "safety.violation")))
    (problem,) = lint_xlsx_template(path, load_form("annual"))
    assert "safety.violation" in problem and "违法违规行为" in problem


def test_duplicated_unknown_and_short_names(tmp_path):
    def edit(root):
        dup = copy.deepcopy(_name(root, "city"))
        dup.set("localSheetId", "1")
        _name(root, "city").addnext(dup)
        _name(root, "county").set("name", "countie")
        _name(root, "progress.note").text = "'目标进展'!$D$4:$E$33"

    problems = lint_xlsx_template(_edit_names(tmp_path, edit), load_form("annual"))
    text = "\n".join(problems)
    assert "city" in text and "2 次" in text
    assert "county" in text and "countie" in text
    assert "progress.note" in text and "一列" in text


def test_a_locked_input_cell_is_reported(tmp_path):
    wb = load_workbook(form_template("recommendation.xlsx"))
    wb["基本信息"]["C5"].protection = Protection(locked=True)
    wb.save(tmp_path / "rec.xlsx")
    problems = lint_xlsx_template(tmp_path / "rec.xlsx", load_form("recommendation"))
    assert len(problems) == 1 and "contact_name" in problems[0] and "锁定" in problems[0]


def test_not_a_workbook(tmp_path):
    (tmp_path / "x.xlsx").write_text("不是表格")
    assert "无法打开" in lint_xlsx_template(tmp_path / "x.xlsx", load_form("annual"))[0]
