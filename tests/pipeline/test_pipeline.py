"""The pipeline: every file gets an entry of the contract, bad files never stop the batch."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from docgen import pipeline
from docgen.formats.raw import RawForm
from docgen.formats.safexml import UnsafeXML
from docgen.pipeline import parse_file, validate_paths

ENTRY_KEYS = {"path", "sha256", "form", "form_version", "valid", "eligible", "issues", "criteria", "data"}
ISSUE_KEYS = {"code", "severity", "field", "row", "label", "location", "value", "message", "extra"}


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file() and not p.is_symlink()}


class TestBadInputs:
    def test_each_robustness_case_gets_its_issue_and_the_batch_goes_on(self, bad_batch):
        folder, expected = bad_batch
        before = digest(folder)
        report = validate_paths([folder])
        got = {Path(e["path"]).name: [i["code"] for i in e["issues"]] for e in report["files"]}
        assert got == {name: [code] for name, code in expected.items()}
        assert report["summary"] == {"files": len(expected), "valid": 0, "invalid": len(expected), "eligible": 0}
        assert digest(folder) == before

    def test_entries_follow_the_contract_exactly(self, bad_batch):
        folder, _ = bad_batch
        report = validate_paths([folder])
        assert set(report) == {"policy", "files", "summary"}
        assert report["policy"] == "shaanxi-2023"
        for e in report["files"]:
            assert set(e) == ENTRY_KEYS
            assert e["valid"] is False and e["eligible"] is None and e["form"] is None
            assert all(set(i) == ISSUE_KEYS for i in e["issues"])
            assert all(i["message"] and "{" not in i["message"] for i in e["issues"])
        empty = next(e for e in report["files"] if e["path"].endswith("empty.docx"))
        assert empty["sha256"] == hashlib.sha256(b"").hexdigest()

    def test_a_missing_path_is_an_entry_not_an_exception(self, tmp_path):
        report = validate_paths([tmp_path / "nope.docx"])
        assert [i["code"] for i in report["files"][0]["issues"]] == ["file.not_found"]
        assert report["files"][0]["sha256"] is None

    def test_an_unknown_policy_is_a_usage_error_listing_the_valid_ones(self, tmp_path):
        from docgen.errors import UsageError

        with pytest.raises(UsageError) as exc:
            validate_paths([tmp_path], policy="beijing-2099")
        for name in pipeline.available_policies():
            assert name in exc.value.message


class TestReaderFailures:
    """Whatever a reader raises on a file becomes that file's issue."""

    @pytest.mark.parametrize("exc, code", [
        (UnsafeXML("DOCTYPE"), "file.unsafe_xml"),
        (zipfile.BadZipFile("Bad CRC-32 for file 'word/document.xml'"), "file.corrupt"),
        (RuntimeError("boom"), "file.internal"),  # a reader's bug: Chinese only, no exception text
        (KeyError("word/document.xml"), "file.internal"),
    ])
    def test_reader_exceptions_become_file_issues(self, tmp_path, monkeypatch, exc, code):
        from damage import docx_bytes

        def reader(path, kind, settings=None):
            raise exc

        monkeypatch.setattr(pipeline, "read_raw", reader)
        (tmp_path / "a.docx").write_bytes(docx_bytes())
        (tmp_path / "b.docx").write_bytes(b"")
        report = validate_paths([tmp_path])
        assert [[i["code"] for i in e["issues"]] for e in report["files"]] == [[code], ["file.empty"]]

    def test_a_file_of_no_known_form_is_invalid(self, tmp_path, monkeypatch):
        from damage import docx_bytes

        monkeypatch.setattr(pipeline, "read_raw", lambda p, k, s=None: RawForm(Path(p), k, None, None))
        (tmp_path / "a.docx").write_bytes(docx_bytes())
        entry = validate_paths([tmp_path])["files"][0]
        assert [i["code"] for i in entry["issues"]] == ["form.unknown"]
        assert entry["valid"] is False

    def test_parse_file_reports_reading_issues_without_validating(self, tmp_path):
        (tmp_path / "a.xlsx").write_bytes(b"plain text")
        result = parse_file(tmp_path / "a.xlsx")
        assert set(result) == {"path", "sha256", "form", "form_version", "issues", "data"}
        assert [i["code"] for i in result["issues"]] == ["file.not_zip"]


class TestBatches:
    def test_a_large_batch_runs_in_a_pool_with_results_in_input_order(self, tmp_path):
        from bad_batch import make_bad_batch

        folders = [tmp_path / f"county{n:02d}" for n in range(3)]
        expected = []
        for f in folders:
            codes = make_bad_batch(f)
            expected += [codes[name] for name in sorted(codes)]
        seen = []
        report = validate_paths(folders, jobs=2, progress=seen.append)
        assert len(report["files"]) == len(expected) > 20
        assert [e["issues"][0]["code"] for e in report["files"]] == expected
        assert sum(seen) == len(expected)
        serial = validate_paths(folders, jobs=1)
        assert serial == report


class TestWorkerCrash:
    def test_a_worker_that_dies_is_blamed_on_its_file_only(self, tmp_path, monkeypatch):
        import os

        from damage import docx_bytes

        real = pipeline.check_file

        def crashing(path, *args):
            if Path(path).name == "crash.docx":
                os._exit(3)  # as if the kernel killed the worker (out of memory)
            return real(path, *args)

        monkeypatch.setattr(pipeline, "check_file", crashing)  # inherited by forked workers
        names = [f"f{i:02d}.docx" for i in range(30)]
        names[7] = "crash.docx"
        for n in names:
            (tmp_path / n).write_bytes(b"" if n != "crash.docx" else docx_bytes())
        report = validate_paths([tmp_path / n for n in names], jobs=2)
        got = [(Path(e["path"]).name, [i["code"] for i in e["issues"]]) for e in report["files"]]
        assert got == [(n, ["file.unreadable"] if n == "crash.docx" else ["file.empty"]) for n in names]


class TestExclude:
    def test_our_own_outputs_inside_an_input_folder_are_not_inputs(self, tmp_path):
        from docgen.intake import collect_inputs

        (tmp_path / "a.docx").write_bytes(b"x")
        (tmp_path / "批注").mkdir()
        (tmp_path / "批注" / "a.docx").write_bytes(b"x")
        (tmp_path / "report.xlsx").write_bytes(b"x")
        got = collect_inputs([tmp_path], exclude=[tmp_path / "批注", tmp_path / "report.xlsx"])
        assert [str(i.rel) for i in got] == ["a.docx"]
