"""The catalogue is the one list of forms and the one home of the programme's constants.

Two seams are held here: no module of docgen restates a list of forms or the programme's constants,
and adding a form is data only — a schema, a template, an entry — shown by adding two forms to a copy
of schemas/ and forms/ and generating, filling, reading and validating them without touching code.
"""

from __future__ import annotations

import ast
import json
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen import catalogue, resources
from docgen.schema import load_form

PACKAGE = Path(__file__).resolve().parents[1] / "docgen"
REPO = PACKAGE.parent


def _literals(node) -> list[str]:
    return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]


def _sources():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "catalogue.py" and path.parent == PACKAGE:
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _docstrings(tree) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


class TestNothingRestated:
    def test_no_list_of_form_ids_outside_the_catalogue(self):
        ids = set(catalogue.form_ids())
        found = []
        for path, tree in _sources():
            for node in ast.walk(tree):
                if isinstance(node, ast.Tuple | ast.List | ast.Set):
                    named = [s for s in _literals(node) if s in ids]
                    if len(named) >= 2:
                        found.append(f"{path.relative_to(REPO)}:{node.lineno} {named}")
        assert found == []

    def test_no_list_of_cities_outside_the_programme(self):
        cities = set(catalogue.cities())
        found = []
        for path, tree in _sources():
            for node in ast.walk(tree):
                if isinstance(node, ast.Tuple | ast.List | ast.Set) and len(set(_literals(node)) & cities) >= 2:
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}")
        assert found == []
        for schema in sorted((REPO / "schemas").glob("*.yaml")):
            if schema.name != "programme.yaml":
                assert "杨凌示范区\", \"韩城市" not in schema.read_text(encoding="utf-8"), schema.name

    def test_no_constant_restated_in_code(self):
        # The deadline and the default policy live in schemas/programme.yaml; docstrings may name them.
        words = ("3月31", "3 月 31", "03-31", "shaanxi-2023")
        found = []
        for path, tree in _sources():
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                    found += [f"{path.relative_to(REPO)}:{node.lineno} {w}" for w in words if w in node.value]
        assert found == []

    def test_the_schemas_read_the_city_list_from_the_programme(self):
        for fid in catalogue.form_ids():
            s = load_form(fid)
            if "city" in s.slot_ids():
                assert s.field("city").choices == catalogue.cities()
                assert s.cerberus["city"]["allowed"] == list(catalogue.cities())


class TestCatalogue:
    def test_the_shipped_catalogue(self):
        assert catalogue.form_ids() == ("application", "plan", "annual", "change", "recommendation", "review",
                                        "experts", "review_scores")
        assert catalogue.kit_forms() == ("application", "plan", "annual", "change", "review")
        assert catalogue.cluster_forms() == ("annual", "change", "review")
        assert catalogue.forms_of_format("xlsx") == ("annual", "recommendation", "experts", "review_scores")
        assert catalogue.entry("application").cover["who"] == "申报单位"
        assert catalogue.form_by_title("……集群年度培育情况信息表（2025年度）", "xlsx").id == "annual"
        assert catalogue.form_by_title("集群年度培育情况信息表", "docx") is None
        assert catalogue.year_keys() == ("y1", "y2", "y3", "y0", "t1", "t2", "t3", "prev", "cur")

    def test_year_rules(self):
        today = date(2026, 12, 1)
        assert catalogue.year_rule("application").years(None, today) == {"y1": 2023, "y2": 2024, "y3": 2025}
        assert catalogue.year_rule("annual").years(None, today) == {"prev": 2024, "cur": 2025}
        assert catalogue.year_rule("plan").years(2027) == {"y0": 2026, "t1": 2027, "t2": 2028, "t3": 2029}
        assert catalogue.year_rule("application").anchor_from({"y1": 2023, "y2": 2024, "y3": 2025}) == 2026
        assert catalogue.year_rule("change") is None

    def test_programme_constants(self):
        p = catalogue.programme()
        assert len(p.cities) == 12 and p.cities[-2:] == ("杨凌示范区", "韩城市")
        assert p.city_level_counties["杨凌示范区"] == ("杨陵区",)
        assert p.annual_deadline_for(2025) == date(2026, 3, 31)
        assert p.next_annual_deadline(date(2026, 12, 1)) == date(2027, 3, 31)
        assert p.next_annual_deadline(date(2026, 3, 31)) == date(2026, 3, 31)
        assert (p.deadline_text, p.deadline_mmdd, p.default_policy, p.term_years) == ("3月31日", "03-31",
                                                                                       "shaanxi-2023", 3)

    def test_an_unknown_form_lists_the_catalogue(self):
        from docgen.errors import UsageError

        with pytest.raises(UsageError) as exc:
            catalogue.entry("applicaton")
        assert "application、plan、annual、change、recommendation、review、experts、review_scores" in exc.value.message


# --- a form added as data -------------------------------------------------------------------------

PILOTS = {  # new id → (copied from, new title)
    "pilot_plan": ("plan", "集群三年发展规划（试点）"),
    "pilot_annual": ("annual", "集群年度培育情况信息表（试点）"),
}


@pytest.fixture
def pilot_resources(tmp_path, monkeypatch):
    """A copy of schemas/ and forms/ with two more forms, a Word one and an Excel one, and docgen pointed at it."""
    base = tmp_path / "resources"
    shutil.copytree(resources.schemas_dir(), base / "schemas")
    shutil.copytree(resources.forms_dir(), base / "forms")
    for new, (old, title) in PILOTS.items():
        text = (base / "schemas" / f"{old}.yaml").read_text(encoding="utf-8")
        entry = catalogue.entry(old)
        text = (text.replace(f"  id: {old}\n", f"  id: {new}\n", 1)
                    .replace(f"  title: {entry.title}\n", f"  title: {title}\n", 1)
                    .replace(f"  template: {entry.template}\n", f"  template: {new}.{entry.format}\n", 1))
        (base / "schemas" / f"{new}.yaml").write_text(text, encoding="utf-8")
        shutil.copy(base / "forms" / entry.template, base / "forms" / f"{new}.{entry.format}")
    programme = base / "schemas" / "programme.yaml"
    text = programme.read_text(encoding="utf-8")
    programme.write_text(text.replace("experts, review_scores]", "experts, review_scores, pilot_plan, pilot_annual]"),
                         encoding="utf-8")
    monkeypatch.setenv(resources.ENV, str(base))
    return base


def test_a_form_added_as_data_is_generated_read_and_validated(pilot_resources, tmp_path):
    from docgen.formats.docx_fill import fill_docx
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.generate import kit, new_form
    from docgen.pipeline import validate_paths
    from docgen.samples import valid_record

    assert catalogue.form_ids()[-2:] == ("pilot_plan", "pilot_annual")
    assert catalogue.kit_forms()[-2:] == ("pilot_plan", "pilot_annual")
    assert "pilot_annual" in catalogue.cluster_forms() and "pilot_plan" not in catalogue.cluster_forms()
    assert load_form("pilot_plan").title == "集群三年发展规划（试点）"

    plan_record = valid_record("plan", 2026, county="鄠邑区")
    annual_record = valid_record("annual", 2026, county="鄠邑区")
    blanks = tmp_path / "blank"
    plan_blank = new_form("pilot_plan", blanks, county="鄠邑区", year=plan_record["plan_start"])
    annual_blank = new_form("pilot_annual", blanks, county="鄠邑区", year=annual_record["report_year"])
    assert plan_blank.name == "集群三年发展规划（试点）-鄠邑区.docx"
    assert annual_blank.suffix == ".xlsx"
    filled = tmp_path / "filled"
    files = [fill_docx(plan_blank, plan_record, filled / "plan.docx"),
             fill_xlsx(annual_blank, annual_record, filled / "annual.xlsx")]

    report = validate_paths([str(p) for p in files])
    by_form = {e["form"]: e for e in report["files"]}
    assert set(by_form) == {"pilot_plan", "pilot_annual"}
    for form in ("pilot_plan", "pilot_annual"):
        entry = by_form[form]
        errors = [i for i in entry["issues"] if i["severity"] == "error"]
        assert errors == [] and entry["valid"] is True, (form, errors)
    plan = by_form["pilot_plan"]["data"]
    assert plan["plan_start"] == plan_record["plan_start"]
    assert plan["years"] == {"y0": plan_record["plan_start"] - 1, "t1": plan_record["plan_start"],
                             "t2": plan_record["plan_start"] + 1, "t3": plan_record["plan_start"] + 2}
    assert [t["indicator"] for t in plan["targets"]] == [t["indicator"] for t in plan_record["targets"]]
    annual = by_form["pilot_annual"]["data"]
    assert annual["report_year"] == annual_record["report_year"]
    assert annual["output_total"] == annual_record["output_total"]

    listing = kit("鄠邑区", tmp_path / "kit", year=2026)
    assert [p.suffix for p in listing[-2:]] == [".docx", ".xlsx"]
    kit_json = json.loads((tmp_path / "kit" / "kit.json").read_text(encoding="utf-8"))
    assert [f["form"] for f in kit_json["forms"]][-2:] == ["pilot_plan", "pilot_annual"]


def test_a_form_added_as_data_is_listed_and_its_template_checked(pilot_resources):
    from docgen.cli import cli

    runner = CliRunner()
    result = runner.invoke(cli, ["forms", "list", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["id"] for r in rows][-2:] == ["pilot_plan", "pilot_annual"]
    assert rows[-1]["title"] == "集群年度培育情况信息表（试点）"
    template = pilot_resources / "forms" / "pilot_annual.xlsx"
    result = runner.invoke(cli, ["forms", "check", str(template), "--form", "pilot_annual"])
    assert result.exit_code == 0, result.output
    assert "「集群年度培育情况信息表（试点）」模板检查通过" in result.output


# --- `docgen forms check` tells the form by its slots, not its file name ------------------------------

@pytest.mark.parametrize("form_id, name", [("application", "申报书-修订.docx"), ("review", "复核表（改）.docx"),
                                           ("annual", "年度表-2026修订.xlsx")])
def test_forms_check_identifies_a_renamed_template_by_its_slots(tmp_path, form_id, name):
    from docgen.cli import cli

    copy = tmp_path / name
    shutil.copy(resources.form_template(catalogue.entry(form_id).template), copy)
    result = CliRunner().invoke(cli, ["forms", "check", str(copy)])
    assert result.exit_code == 0, result.output
    assert f"「{catalogue.entry(form_id).title}」模板检查通过" in result.output


def test_forms_check_still_refuses_what_it_cannot_tell(tmp_path):
    from docx import Document

    from docgen.cli import main

    path = tmp_path / "随便.docx"
    Document().save(str(path))
    with pytest.raises(SystemExit) as exc:
        main(["forms", "check", str(path)])
    assert exc.value.code == 2


def test_the_application_prompt_names_no_program():
    import zipfile

    with zipfile.ZipFile(resources.form_template("application.docx")) as zf:
        xml = zf.read("word/document.xml").decode("utf-8")
    assert "docgen" not in xml
    assert "审核时将复核" in xml
    for fid in catalogue.form_ids():
        assert "docgen" not in Path(catalogue.entry(fid).schema_path).read_text(encoding="utf-8").split("fields:")[1]


def test_the_forms_wording_is_data_the_builders_only_lay_out(tmp_path, monkeypatch):
    """schemas/wording.yaml reworded in a copy: the rebuilt Word and Excel forms say the new words."""
    from openpyxl import load_workbook

    from docgen.formats import docx_build, xlsx_build

    base = tmp_path / "resources"
    shutil.copytree(resources.schemas_dir(), base / "schemas")
    shutil.copytree(resources.forms_dir(), base / "forms")
    words = base / "schemas" / "wording.yaml"
    text = words.read_text(encoding="utf-8")
    text = (text.replace("table_note: 注：本表可按需复制整行增加行数，空行不计。", "table_note: 注：行数不够可加行。")
                .replace("instructions_sheet: 填表说明", "instructions_sheet: 说明页")
                .replace("    integer: 整数", "    integer: 只填整数"))
    words.write_text(text, encoding="utf-8")
    monkeypatch.setenv(resources.ENV, str(base))
    catalogue.cache_clear()
    try:
        (docx,) = docx_build.build_all(tmp_path, ("application",))
        body = zipfile.ZipFile(docx).read("word/document.xml").decode("utf-8")
        assert "注：行数不够可加行。" in body and "空行不计" not in body
        wb = load_workbook(xlsx_build.build("annual", tmp_path / "annual.xlsx"))
        assert wb.sheetnames[0] == "说明页"
        hints = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        assert any("只填整数" in h for h in hints) and not any("；整数" in h for h in hints)
    finally:
        catalogue.cache_clear()
