"""`docgen forms check` for Word templates: shipped ones pass; damage is named by field id and label."""

from __future__ import annotations

import copy
import zipfile

import pytest
from docx_cases import DOCX_FORMS
from helpers import W, controls, rewrite

from docgen.formats.docx_form import lint_docx_template
from docgen.resources import form_template
from docgen.schema import load_form


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_shipped_templates_pass(form_id):
    schema = load_form(form_id)
    assert lint_docx_template(form_template(schema.template), schema) == []


def _template(form_id, tmp_path, edit):
    schema = load_form(form_id)
    return rewrite(form_template(schema.template), tmp_path / "staff.docx", edit), schema


def test_a_removed_slot_is_named(tmp_path):
    def remove(root):
        (sdt,) = controls(root, "operator_type")
        sdt.getparent().remove(sdt)

    path, schema = _template("application", tmp_path, remove)
    (problem,) = lint_docx_template(path, schema)
    assert "operator_type" in problem and "运营管理机构类型" in problem


def test_duplicate_unknown_and_group_problems_are_named(tmp_path):
    def damage(root):
        (name,) = controls(root, "contact_name")
        name.addnext(copy.deepcopy(name))
        (phone,) = controls(root, "contact_phone")
        phone.find(f"{W}sdtPr/{W}tag").set(f"{W}val", "phone")
        for sdt in controls(root, "targets.t3"):
            sdt.getparent().remove(sdt)

    path, schema = _template("plan", tmp_path, damage)
    problems = "\n".join(lint_docx_template(path, schema))
    assert "「联系人」(contact_name) 的填写框出现了 2 次" in problems
    assert "「phone」" in problems and "contact_phone" in problems
    assert "targets.t3" in problems and "第三年目标" in problems


def test_unknown_jinja_variable_is_named(tmp_path):
    def add(root):
        t = next(root.iter(f"{W}t"))
        t.text = (t.text or "") + "{{ county_name }}"

    path, schema = _template("change", tmp_path, add)
    (problem,) = lint_docx_template(path, schema)
    assert "county_name" in problem


def test_a_file_that_is_not_a_docx_is_one_problem(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"plain text")
    assert len(lint_docx_template(path, load_form("change"))) == 1
    with zipfile.ZipFile(tmp_path / "y.docx", "w") as zf:
        zf.writestr("a.txt", "x")
    assert len(lint_docx_template(tmp_path / "y.docx", load_form("change"))) == 1


def test_a_yes_no_slot_turned_into_free_text_is_named(tmp_path):
    def untype(root):
        (sdt,) = controls(root, "commitment")
        dd = sdt.find(f"{W}sdtPr/{W}dropDownList")
        dd.getparent().remove(dd)

    path, schema = _template("application", tmp_path, untype)
    (problem,) = lint_docx_template(path, schema)
    assert "commitment" in problem and "是、否" in problem
