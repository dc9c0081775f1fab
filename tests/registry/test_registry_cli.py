"""`docgen registry …` and `docgen report evaluation` driven through the CLI, with real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from registry_builders import CLUSTERS

from docgen.cli import main

DOC = "陕工信发〔2024〕88号"


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "registry.sqlite3")


@pytest.fixture
def listed(tmp_path, db) -> dict[str, str]:
    path = tmp_path / "名单.json"
    path.write_text(json.dumps(CLUSTERS, ensure_ascii=False), encoding="utf-8")
    r = CliRunner().invoke(main, ["registry", "recognise", "--data", str(path), "--doc-number", DOC,
                                  "--date", "2024-06-15", "--json", "--db", db])
    assert r.exit_code == 0, r.output
    return {d["cluster_name"]: d["cluster_id"] for d in json.loads(r.output)}


def test_recognise_twice_changes_nothing(tmp_path, db, listed):
    path = tmp_path / "名单.json"
    r = CliRunner().invoke(main, ["registry", "recognise", "--data", str(path), "--doc-number", DOC,
                                  "--date", "2024-06-15", "--db", db])
    assert r.exit_code == 0
    assert r.output.count("已登记过") == 4


def test_recognise_refuses_a_county_of_another_city(tmp_path, db):
    bad = [dict(CLUSTERS[0], city="宝鸡市")]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad, ensure_ascii=False), encoding="utf-8")
    r = CliRunner().invoke(main, ["registry", "recognise", "--data", str(path), "--doc-number", DOC,
                                  "--date", "2024-06-15", "--db", db])
    assert r.exit_code == 1
    assert "鄠邑区属于西安市，不属于宝鸡市" in r.output


def test_due_json_contract(db, listed):
    r = CliRunner().invoke(main, ["registry", "due", "--on", "2025-04-01", "--json", "--db", db])
    assert r.exit_code == 0
    due = json.loads(r.output)
    assert set(due) == {"on", "annual_overdue", "reviews_due", "revocation_candidates"}
    assert len(due["annual_overdue"]) == 4
    assert {c["ground"] for c in due["revocation_candidates"]} == {"第十九条（三）"}
    r = CliRunner().invoke(main, ["registry", "due", "--on", "2025-04-01", "--db", db])
    assert "逾期未报年度信息表（4 项）" in r.output


def test_review_and_revoke_by_name_or_id(db, listed):
    name = CLUSTERS[0]["cluster_name"]
    r = CliRunner().invoke(main, ["registry", "review", name, "--result", "通过", "--date", "2027-06-01",
                                  "--db", db])
    assert r.exit_code == 0 and "有效期至 2030-06-15" in r.output
    cid = listed[CLUSTERS[1]["cluster_name"]]
    r = CliRunner().invoke(main, ["registry", "revoke", cid, "--ground", "第十九条(三)", "--doc-number",
                                  "陕工信发〔2025〕40号", "--date", "2025-05-01", "--db", db])
    assert r.exit_code == 0 and "第十九条（三）" in r.output
    r = CliRunner().invoke(main, ["registry", "revoke", cid, "--ground", "第二十条", "--doc-number",
                                  "陕工信发〔2025〕41号", "--date", "2025-05-01", "--db", db])
    assert r.exit_code == 2 and "第十九条（一）至（五）" in r.output
    r = CliRunner().invoke(main, ["registry", "show", "不存在的集群", "--db", db])
    assert r.exit_code == 2 and "名录中没有集群" in r.output


def test_export_is_formula_safe(tmp_path, db):
    from openpyxl import load_workbook

    path = tmp_path / "名单.json"
    evil = [dict(CLUSTERS[0], leading_industry="=HYPERLINK(\"http://x\",\"点我\")")]
    path.write_text(json.dumps(evil, ensure_ascii=False), encoding="utf-8")
    assert CliRunner().invoke(main, ["registry", "recognise", "--data", str(path), "--doc-number", DOC,
                                     "--date", "2024-06-15", "--db", db]).exit_code == 0
    out = tmp_path / "名录.xlsx"
    r = CliRunner().invoke(main, ["registry", "export", "-o", str(out), "--on", "2025-04-01", "--db", db])
    assert r.exit_code == 0, r.output
    ws = load_workbook(out).active
    row = [c.value for c in ws[3]]
    assert row[0] == "SX2024-001" and row[9] == "有效期内" and row[11] == "2024"
    assert row[4].startswith("'=")
    assert not any(isinstance(c.value, str) and c.data_type == "f" for r in ws.iter_rows() for c in r)


# --- real files: generated, filled, validated, imported -----------------------------------------

def _fill_annual(folder: Path, cluster: dict, cluster_id: str | None, name: str) -> Path:
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    record = valid_record("annual", 2026, county=cluster["county"], cluster=cluster["cluster_name"])
    record["cluster_id"] = cluster_id
    blank = new_form("annual", folder / ".blank", year=2025)
    return fill_xlsx(blank, record, folder / name)


def test_import_real_files(tmp_path, db, listed):
    folder = tmp_path / "报送"
    folder.mkdir()
    a = _fill_annual(folder, CLUSTERS[0], listed[CLUSTERS[0]["cluster_name"]], "鄠邑区 年度信息表.xlsx")
    b = _fill_annual(folder, CLUSTERS[2], None, "神木市年度信息表.xlsx")
    (folder / "损坏.xlsx").write_bytes(b"PK\x03\x04 truncated")
    import shutil

    shutil.rmtree(folder / ".blank")
    before = {p: p.read_bytes() for p in folder.iterdir()}
    r = CliRunner().invoke(main, ["registry", "import", str(folder), "--json", "--db", db])
    result = json.loads(r.output)
    by_name = {Path(e["path"]).name: e for e in result["files"]}
    assert by_name[a.name]["status"] == "accepted", by_name[a.name]
    assert by_name[a.name]["cluster_id"] == "SX2024-001"
    assert by_name[b.name]["status"] == "accepted" and by_name[b.name]["cluster_id"] == "SX2024-003"
    assert by_name["损坏.xlsx"]["status"] == "rejected"
    assert r.exit_code == 1  # one file is not usable
    assert {p: p.read_bytes() for p in folder.iterdir()} == before  # inputs untouched
    r = CliRunner().invoke(main, ["registry", "import", str(folder), "--json", "--db", db])
    assert [e["action"] for e in json.loads(r.output)["files"]] == ["duplicate"] * 3
    due = json.loads(CliRunner().invoke(main, ["registry", "due", "--on", "2026-04-01", "--json", "--db",
                                               db]).output)
    owed = {(e["cluster_name"], e["report_year"]) for e in due["annual_overdue"]}
    # The 2025 tables of 鄠邑区 and 神木市 are in; 2024 is owed by all, 2025 by the other two.
    assert owed == {(c["cluster_name"], 2024) for c in CLUSTERS} | {
        (CLUSTERS[1]["cluster_name"], 2025), (CLUSTERS[3]["cluster_name"], 2025)}
    r = CliRunner().invoke(main, ["registry", "show", "SX2024-001", "--on", "2026-04-01", "--db", db])
    assert r.exit_code == 0 and "年度信息表 2025 年度" in r.output


def test_evaluation_cli_writes_a_docx(tmp_path, db, listed):
    from docx import Document
    from registry_builders import annual_record, entry, report

    from docgen.registry.db import open_registry
    from docgen.registry.importer import import_report

    with open_registry(db) as reg:
        import_report(reg, report(*[entry("annual", annual_record(c, 2025, scale=1 + i / 5))
                                    for i, c in enumerate(CLUSTERS[:3])]))
    out = tmp_path / "评估报告.docx"
    r = CliRunner().invoke(main, ["report", "evaluation", "--year", "2025", "-o", str(out), "--on",
                                  "2026-04-15", "--db", db])
    assert r.exit_code == 0, r.output
    doc = Document(out)
    assert len(doc.inline_shapes) == 4
    assert any("2025年度陕西省中小企业" in p.text for p in doc.paragraphs)


def test_notice_from_registry(tmp_path, db, listed, monkeypatch):
    """The notices CLI draws its revocation list from `registry due` (DOCGEN_DB names the registry)."""
    from docx import Document

    monkeypatch.setenv("DOCGEN_DB", db)
    out = tmp_path / "撤销通知.docx"
    result = CliRunner().invoke(main, ["notice", "revocation", "--from-registry", "--on", "2025-04-01",
                                       "--doc-number", "陕工信发〔2025〕50号", "--date", "2025-04-20", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "\n".join(c.text for t in Document(out).tables for r in t.rows for c in r.cells)
    for c in CLUSTERS:
        assert c["cluster_name"] in text


def test_the_registry_file_in_an_imported_folder_is_not_taken_for_input(tmp_path, listed, db):
    import shutil

    folder = tmp_path / "报送"
    folder.mkdir()
    inside = str(folder / "registry.sqlite3")
    shutil.copy(db, inside)
    _fill_annual(folder, CLUSTERS[0], None, "年度信息表.xlsx")
    shutil.rmtree(folder / ".blank")
    r = CliRunner().invoke(main, ["registry", "import", str(folder), "--json", "--db", inside])
    assert r.exit_code == 0, r.output
    assert [Path(e["path"]).name for e in json.loads(r.output)["files"]] == ["年度信息表.xlsx"]


def test_help_loads_no_database_or_chart_library():
    import subprocess
    import sys

    code = ("import sys\nfrom docgen.cli import main\nfor argv in (['registry', 'due', '--help'], "
            "['report', 'evaluation', '--help']):\n    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('sqlalchemy', 'alembic', 'matplotlib', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         cwd=Path(__file__).parents[2])
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
