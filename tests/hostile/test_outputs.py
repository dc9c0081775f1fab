"""Outputs never land on inputs: a report, annotated copies or `-o` that would write over, into or
around an input is refused before anything is read (exit 2, a Chinese message naming both paths), and
every input keeps its sha256."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.issues import CATALOGUE

from .util import digest

ANNUAL = "集群年度培育情况信息表.xlsx"
APPLICATION = "申报书.docx"


@pytest.fixture
def batch(tmp_path, forms):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ANNUAL).write_bytes(forms["xlsx"])
    (folder / "sub" / APPLICATION).write_bytes(forms["docx"])
    return folder


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _refused(result, code: str) -> None:
    assert result.exit_code == 2, result.output
    fixed = CATALOGUE[code][1].split("{")[0]  # the template's words before the first value
    assert fixed in result.stderr
    assert "报告已写入" not in result.output and "Traceback" not in result.output


def _cases(folder: Path) -> list[tuple[list, str]]:
    return [
        # the report named as a file inside the input folder (the county's own workbook)
        (["validate", folder, "--report", folder / ANNUAL], "run.output_in_input"),
        # … or as a new file in it: it would be taken for an input on the next run
        (["validate", folder, "--report", folder / "报告.xlsx"], "run.output_in_input"),
        # the report is one of the input files named on the command line
        (["validate", folder / ANNUAL, "--report", folder / ANNUAL], "run.output_is_input"),
        # annotated copies into the inputs' own folder, or a parent of it
        (["validate", folder / "sub", "--annotate", folder], "run.input_in_output"),
        (["validate", folder, "--annotate", folder], "run.input_in_output"),
        (["validate", folder / "sub" / APPLICATION, "--annotate", folder / "sub"], "run.input_in_output"),
        # copies inside an input folder
        (["validate", folder, "--annotate", folder / "sub" / "批注"], "run.output_in_input"),
    ]


@pytest.mark.parametrize("index", range(7))
def test_an_output_on_or_in_an_input_is_refused_before_reading(batch, index):
    argv, code = _cases(batch)[index]
    before = digest(batch)
    _refused(run(*argv), code)
    assert digest(batch) == before  # nothing written, nothing replaced
    assert not (batch / "报告.xlsx").exists() and not (batch / "sub" / "批注").exists()


def test_a_relative_spelling_from_inside_the_folder_is_the_same_file(batch, monkeypatch):
    monkeypatch.chdir(batch)
    before = digest(batch)
    _refused(run("validate", ".", "--report", f"./{ANNUAL}"), "run.output_in_input")
    _refused(run("validate", ANNUAL, "--report", f"./sub/../{ANNUAL}"), "run.output_is_input")
    assert digest(batch) == before


def test_a_hard_link_to_an_input_is_the_input(batch, tmp_path):
    link = tmp_path / "报告.xlsx"
    os.link(batch / ANNUAL, link)
    before = digest(batch)
    _refused(run("validate", batch / ANNUAL, "--report", link), "run.output_is_input")
    assert digest(batch) == before


def test_a_symlinked_output_folder_pointing_into_the_inputs_is_refused(batch, tmp_path):
    (tmp_path / "out").symlink_to(batch / "sub", target_is_directory=True)
    before = digest(batch)
    _refused(run("validate", batch, "--annotate", tmp_path / "out"), "run.output_in_input")
    assert digest(batch) == before


def test_outputs_beside_the_inputs_are_written(batch, tmp_path):
    before = digest(batch)
    result = run("validate", batch, "--report", tmp_path / "报告.xlsx", "--annotate", tmp_path / "批注")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "报告.xlsx").stat().st_size > 0
    assert (tmp_path / "批注" / "sub" / APPLICATION).is_file() and (tmp_path / "批注" / ANNUAL).is_file()
    assert digest(batch) == before


def test_parse_of_a_folder_answers_like_validate(batch):
    result = run("parse", "--json", batch)
    assert result.exit_code == 1
    assert '"file.unsupported_type"' in result.stdout
    assert "Error" not in result.output and "Usage" not in result.output


def test_registry_export_onto_its_database_is_refused(tmp_path):
    db = tmp_path / "名录.xlsx"  # a database file that happens to end in .xlsx
    assert run("registry", "import", "--db", db, tmp_path / "无").exit_code in (0, 1)
    before = db.read_bytes()
    _refused(run("registry", "export", "--db", db, "-o", db), "run.output_is_input")
    assert db.read_bytes() == before


def test_a_notice_over_its_own_cluster_list_is_refused(tmp_path):
    data = tmp_path / "名单.json"
    data.write_text("[]", encoding="utf-8")
    _refused(run("notice", "publicity", "--data", data, "--doc-number", "陕工信发〔2026〕1号", "--date", "2026-03-02",
                 "-o", data), "run.output_is_input")
    assert data.read_text(encoding="utf-8") == "[]"
