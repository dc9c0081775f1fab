"""Real generated forms, filled programmatically, through the whole pipeline and the CLI."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from damage import rezip
from lxml import etree

from docgen import samples
from docgen.cli import main
from docgen.pipeline import parse_file, validate_paths

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The year argument of `new_form` that matches `samples.valid_record(form)` (its default year 2026).
FORM_YEAR = {"application": 2026, "plan": 2026, "annual": 2025}
FORMS = ("application", "plan", "annual", "change", "recommendation", "review")


def fill(form_id: str, record: dict, folder: Path, name: str | None = None) -> Path:
    from docgen.formats.docx_fill import fill_docx
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.generate import new_form
    from docgen.schema import load_form

    blank = new_form(form_id, folder / ".blank", year=FORM_YEAR.get(form_id))
    filler = fill_docx if load_form(form_id).format == "docx" else fill_xlsx
    return filler(blank, record, folder / (name or blank.name))


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("filled")
    paths = {fid: fill(fid, samples.valid_record(fid), folder) for fid in FORMS}
    shutil.rmtree(folder / ".blank")
    return paths


def codes(entry: dict) -> list[str]:
    return [i["code"] for i in entry["issues"]]


def sha(p: Path) -> str:
    return hashlib.sha256(Path(p).read_bytes()).hexdigest()


def without_control(path: Path, tag: str, out: Path) -> Path:
    """The file with the content control tagged `tag` deleted, as a user who cut a cell would."""
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    for sdt in list(root.iter(f"{W}sdt")):
        t = sdt.find(f"{W}sdtPr/{W}tag")
        if t is not None and t.get(f"{W}val") == tag:
            sdt.getparent().remove(sdt)
    out.write_bytes(rezip(path.read_bytes(), replace={"word/document.xml": etree.tostring(root)}))
    return out


class TestValidForms:
    def test_every_filled_form_is_valid_and_the_application_eligible(self, filled):
        before = {fid: sha(p) for fid, p in filled.items()}
        report = validate_paths(list(filled.values()))
        by_form = {e["form"]: e for e in report["files"]}
        assert set(by_form) == set(FORMS)
        for fid, e in by_form.items():
            assert e["valid"] is True, (fid, e["issues"])
            assert [i for i in e["issues"] if i["severity"] == "error"] == []
            assert e["sha256"] == before[fid]
            assert e["form_version"] == "1.0" or e["form_version"]
        app = by_form["application"]
        assert app["eligible"] is True
        assert {c["id"] for c in app["criteria"]} >= {"safety", "output_each_year", "sme_share", "governance"}
        assert app["data"]["output_total"] == samples.valid_record("application")["output_total"]
        assert all(by_form[f]["eligible"] is None for f in FORMS if f != "application")
        assert report["summary"] == {"files": 6, "valid": 6, "invalid": 0, "eligible": 1}
        assert {fid: sha(p) for fid, p in filled.items()} == before

    def test_the_cli_exits_0_on_a_folder_of_valid_forms(self, filled):
        folder = filled["application"].parent
        result = CliRunner().invoke(main, ["validate", "--json", str(folder)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["summary"]["valid"] == 6
        result = CliRunner().invoke(main, ["validate", str(folder)], catch_exceptions=False)
        assert result.exit_code == 0 and "有效 6，无效 0，符合条件 1" in result.output

    def test_another_policy_judges_the_same_file(self, filled):
        result = CliRunner().invoke(main, ["validate", "--json", "--policy", "miit-2022", str(filled["application"])],
                                    catch_exceptions=False)
        report = json.loads(result.stdout)
        assert report["policy"] == "miit-2022"
        thresholds = {c["id"]: c["threshold"] for c in report["files"][0]["criteria"]}
        assert "40" in thresholds["output_each_year"]

    def test_parse_returns_the_record(self, filled):
        result = parse_file(filled["plan"])
        assert result["form"] == "plan"
        assert result["data"]["targets"][0]["indicator"] == samples.valid_record("plan")["targets"][0]["indicator"]
        result = CliRunner().invoke(main, ["parse", str(filled["annual"])], catch_exceptions=False)
        assert result.exit_code == 0 and "report_year = 2025" in result.output

    def test_two_files_of_one_cluster_are_cross_checked(self, filled, tmp_path):
        plan = samples.valid_record("plan")
        plan["targets"][0]["baseline"] = plan["targets"][0]["baseline"] + 7
        changed = fill("plan", plan, tmp_path, "规划.docx")
        report = validate_paths([filled["application"], changed])
        plan_entry = report["files"][1]
        assert "plan.baseline_mismatch" in codes(plan_entry)
        assert plan_entry["valid"] is True  # a warning


class TestDamagedForms:
    def test_a_removed_control_leaves_its_field_empty_where_it_was(self, filled, tmp_path):
        damaged = without_control(filled["application"], "contact_phone", tmp_path / "申报书.docx")
        entry = validate_paths([damaged])["files"][0]
        assert "form.altered" not in codes(entry)  # its label and row are there: read by position
        (required,) = [i for i in entry["issues"] if i["code"] == "field.required"]
        assert required["field"] == "contact_phone" and required["location"] == "一、基本信息「联系电话」"
        assert entry["valid"] is False and entry["eligible"] is None

    def test_a_removed_row_is_caught_as_an_altered_form(self, filled, tmp_path):
        with zipfile.ZipFile(filled["application"]) as zf:
            root = etree.fromstring(zf.read("word/document.xml"))
        sdt = next(s for s in root.iter(f"{W}sdt") if s.find(f"{W}sdtPr/{W}tag").get(f"{W}val") == "contact_phone")
        tr = sdt.getparent()
        while tr.tag != f"{W}tr":
            tr = tr.getparent()
        tr.getparent().remove(tr)
        damaged = tmp_path / "申报书.docx"
        damaged.write_bytes(rezip(filled["application"].read_bytes(), replace={"word/document.xml": etree.tostring(root)}))
        entry = validate_paths([damaged])["files"][0]
        altered = next(i for i in entry["issues"] if i["code"] == "form.altered")
        assert "contact_phone" in altered["message"] or "联系电话" in altered["message"]
        assert entry["valid"] is False and entry["eligible"] is None

    def test_a_renamed_or_duplicated_control_is_caught(self, filled, tmp_path):
        src = filled["application"]
        with zipfile.ZipFile(src) as zf:
            xml = zf.read("word/document.xml")
        renamed = tmp_path / "renamed.docx"
        renamed.write_bytes(rezip(src.read_bytes(), replace={
            "word/document.xml": xml.replace(b'w:val="contact_phone"', b'w:val="contact_tel"')}))
        root = etree.fromstring(xml)
        sdt = next(s for s in root.iter(f"{W}sdt") if s.find(f"{W}sdtPr/{W}tag").get(f"{W}val") == "contact_name")
        sdt.addnext(copy.deepcopy(sdt))
        duplicated = tmp_path / "duplicated.docx"
        duplicated.write_bytes(rezip(src.read_bytes(), replace={"word/document.xml": etree.tostring(root)}))
        ren, dup = validate_paths([renamed, duplicated])["files"]
        msg = {e["path"]: next(i["message"] for i in e["issues"] if i["code"] == "form.altered") for e in (ren, dup)}
        assert "contact_tel" in msg[str(renamed)]
        assert "重复" in msg[str(duplicated)] and "联系人" in msg[str(duplicated)]
        assert ren["valid"] is False and dup["valid"] is False

    def test_an_older_version_is_a_warning_and_another_document_is_unknown(self, filled, tmp_path):
        import docx

        from docgen.formats.custom_props import write_custom_props

        old = tmp_path / "old.docx"
        shutil.copy(filled["application"], old)
        write_custom_props(old, {"docgen.version": "0.9"})
        other = tmp_path / "会议纪要.docx"
        d = docx.Document()
        d.add_paragraph("关于召开季度工作会议的通知")
        d.save(str(other))
        old_entry, other_entry = validate_paths([old, other])["files"]
        assert "form.outdated" in codes(old_entry) and old_entry["valid"] is True
        assert old_entry["form_version"] == "0.9"
        assert codes(other_entry) == ["form.unknown"] and other_entry["valid"] is False

    def test_a_part_above_its_total_is_an_error_on_that_field(self, filled, tmp_path):
        record = samples.valid_record("application")
        record["output_sme"]["y3"] = record["output_total"]["y3"] + 1
        damaged = fill("application", record, tmp_path, "申报书.docx")
        entry = validate_paths([damaged])["files"][0]
        hits = [i for i in entry["issues"] if i["code"] == "field.exceeds_total"]
        assert [i["field"] for i in hits] == ["output_sme.y3"]
        assert entry["valid"] is False and entry["eligible"] is None

    def test_a_good_file_and_bad_ones_in_one_batch(self, filled, tmp_path):
        from bad_batch import make_bad_batch

        expected = make_bad_batch(tmp_path / "bad")
        shutil.copy(filled["application"], tmp_path / "bad" / "zz-申报书.docx")
        report = validate_paths([tmp_path / "bad"])
        assert report["summary"]["valid"] == 1 and report["summary"]["invalid"] == len(expected)
        assert report["files"][-1]["eligible"] is True


class TestReports:
    def test_text_a_person_typed_never_becomes_a_formula_in_the_xlsx_report(self, tmp_path):
        import openpyxl

        from docgen.report import write_xlsx

        record = samples.valid_record("application")
        record["cluster_name"] = '=HYPERLINK("http://example.com","点我")'
        record["contact_phone"] = "=1+2"
        path = fill("application", record, tmp_path, "申报书.docx")
        report = validate_paths([path])
        write_xlsx(report, tmp_path / "报告.xlsx")
        wb = openpyxl.load_workbook(tmp_path / "报告.xlsx")
        name = wb["汇总"]["H2"]
        assert name.value == record["cluster_name"] and name.data_type == "s"
        phone = [r for r in wb["问题"].iter_rows(min_row=2) if r[3].value == "contact_phone"]
        assert phone and phone[0][7].value == "=1+2" and phone[0][7].data_type == "s"
        with zipfile.ZipFile(tmp_path / "报告.xlsx") as zf:
            assert not any(b"<f>" in zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/"))


class TestAnnotate:
    def test_annotated_copies_mirror_paths_and_never_touch_the_inputs(self, filled, tmp_path):
        import docx
        import openpyxl

        record = samples.valid_record("application")
        record["output_sme"]["y3"] = record["output_total"]["y3"] + 1
        annual = copy.deepcopy(samples.valid_record("annual"))
        annual["contact_phone"] = "12345"
        inputs = []
        for city in ("西安", "宝鸡"):  # same file names in two folders
            inputs.append(fill("application", record, tmp_path / "in" / city, "申报书.docx"))
            inputs.append(fill("annual", annual, tmp_path / "in" / city, "年度表.xlsx"))
        for city in ("西安", "宝鸡"):
            shutil.rmtree(tmp_path / "in" / city / ".blank")
        before = {p: sha(p) for p in inputs}
        out = tmp_path / "批注"
        result = CliRunner().invoke(main, ["validate", "--annotate", str(out), str(tmp_path / "in")],
                                    catch_exceptions=False)
        assert result.exit_code == 1
        assert {p: sha(p) for p in inputs} == before
        made = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
        assert made == ["宝鸡/年度表.xlsx", "宝鸡/申报书.docx", "西安/年度表.xlsx", "西安/申报书.docx"]
        comments = [c.text for c in docx.Document(str(out / "西安" / "申报书.docx")).comments]
        assert any("field.exceeds_total" in c for c in comments)
        wb = openpyxl.load_workbook(out / "宝鸡" / "年度表.xlsx")
        notes = [c.comment.text for ws in wb for row in ws.iter_rows() for c in row if c.comment]
        assert any("联系电话" in n for n in notes)


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
class TestOtherEditors:
    def test_resaved_by_libreoffice_and_pdf_export_stay_valid(self, filled, tmp_path):
        from docgen.formats.pdf_export import convert

        docx_copy = convert([filled["application"]], "docx", tmp_path / "lo")[0]
        xlsx_copy = convert([filled["annual"]], "xlsx", tmp_path / "lo")[0]
        pdf_copy = convert([filled["application"]], "pdf", tmp_path / "pdf")[0]
        report = validate_paths([filled["application"], docx_copy, xlsx_copy, pdf_copy])
        original, resaved, annual, pdf = report["files"]
        assert resaved["valid"] is True, resaved["issues"]
        assert "form.read_by_label" in codes(resaved)
        assert resaved["data"] == original["data"]
        assert annual["valid"] is True, annual["issues"]
        assert pdf["form"] == "application" and pdf["form_version"] is None
        assert pdf["valid"] is True, pdf["issues"]
        # A PDF has no manifest: its years are the ones its grid header prints, the same as the manifest's.
        assert pdf["data"] == original["data"]
        assert pdf["eligible"] is True
