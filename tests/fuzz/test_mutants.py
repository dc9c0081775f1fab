"""Hostile inputs: a seeded mutation fuzzer over valid filled forms, bounded for CI.

Every mutant goes through `docgen.pipeline.validate_paths`. Nothing may raise, hang (each file has a
time limit) or leak a traceback; every entry follows the report contract; a mutant that only lost or
corrupted bytes and is still `valid` must read exactly as the original did (nothing lost silently).
The same mutants also go through `docgen validate DIR --json` (the process pool): exit 1, no traceback.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from docgen.issues import CATALOGUE
from docgen.pipeline import validate_paths

from .mutants import LOSSY_ONLY, mutants

N_MUTANTS = int(os.environ.get("DOCGEN_FUZZ_N", "150"))
SEED = int(os.environ.get("DOCGEN_FUZZ_SEED", "20260328"))
PER_FILE_SECONDS = 10
ROOT = Path(__file__).resolve().parents[2]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TRACE = re.compile(r"Traceback|File \"[^\"]+\", line \d+")


class FileTimeout(BaseException):
    """BaseException, so the pipeline's own `except Exception` cannot swallow the time limit."""


def _alarm(signum, frame):
    raise FileTimeout()


def check_one(path: Path) -> dict:
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(PER_FILE_SECONDS)
    try:
        return validate_paths([path])
    except FileTimeout:
        pytest.fail(f"{path.name}: no answer within {PER_FILE_SECONDS} s (hang)")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def assert_contract(entry: dict, name: str) -> None:
    assert set(entry) >= {"path", "sha256", "form", "form_version", "valid", "eligible", "issues", "criteria", "data"}
    assert isinstance(entry["valid"], bool)
    for issue in entry["issues"]:
        assert issue["code"] in CATALOGUE, (name, issue["code"])
        assert issue["severity"] in ("error", "warning")
        assert _CJK.search(issue["message"]), (name, issue)
        assert not _TRACE.search(json.dumps(issue, ensure_ascii=False)), (name, issue)
    if not entry["valid"]:
        assert any(i["severity"] == "error" for i in entry["issues"]), (name, entry["issues"])
    json.dumps(entry, ensure_ascii=False)  # the report must serialise


@pytest.fixture(scope="module")
def mutant_dir(filled, tmp_path_factory) -> tuple[Path, list[tuple[str, str, str]]]:
    folder = tmp_path_factory.mktemp("mutants")
    sources = {fid: p.read_bytes() for fid, p in filled.items()}
    made = []
    for name, op, form, data in mutants(sources, N_MUTANTS, SEED):
        (folder / f"{name}{filled[form].suffix}").write_bytes(data)
        made.append((name, op, form))
    return folder, made


@pytest.fixture(scope="module")
def originals(filled) -> dict[str, dict]:
    out = {}
    for fid, p in filled.items():
        entry = validate_paths([p])["files"][0]
        assert entry["valid"], (fid, entry["issues"])
        out[fid] = entry["data"]
    return out


def test_every_mutant_gets_an_answer_and_loses_nothing_silently(mutant_dir, filled, originals):
    folder, made = mutant_dir
    outcomes: dict[str, list[str]] = {}
    for name, op, form in made:
        path = folder / f"{name}{filled[form].suffix}"
        before = path.read_bytes()
        report = check_one(path)
        assert path.read_bytes() == before, f"{name}: the input was modified"
        [entry] = report["files"]
        assert_contract(entry, name)
        if entry["valid"] and op in LOSSY_ONLY:
            data, want = dict(entry["data"]), dict(originals[form])
            if "years" in want and "years" not in data:
                # The years live in the manifest: a file that lost it must say it was identified by content.
                assert "form.identified_by_content" in {i["code"] for i in entry["issues"]}, (name, entry["issues"])
                want.pop("years", None)
            assert data == want, f"{name}: valid, but reads differently from the original"
        outcomes.setdefault(op, []).append("valid" if entry["valid"] else
                                           next(i["code"] for i in entry["issues"] if i["severity"] == "error"))
    # The fuzzer must really be hostile: many mutants are rejected, every operator was exercised.
    rejected = sum(o != "valid" for v in outcomes.values() for o in v)
    assert rejected >= len(made) // 3, outcomes
    assert len(outcomes) >= 8, sorted(outcomes)


def test_the_cli_answers_the_whole_mutant_folder_without_a_traceback(mutant_dir):
    folder, made = mutant_dir
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("DOCGEN_DEBUG", None)
    proc = subprocess.run([sys.executable, "-m", "docgen", "validate", str(folder), "--json"], cwd=ROOT, env=env,
                          capture_output=True, timeout=300)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 1, err[-2000:]
    assert not _TRACE.search(err), err[-2000:]
    report = json.loads(proc.stdout)
    assert report["summary"]["files"] == len(made)
    assert report["summary"]["invalid"] >= len(made) // 3
    for entry in report["files"]:
        assert_contract(entry, entry["path"])


def test_a_damaged_file_is_not_also_reported_as_unfilled(mutant_dir, filled):
    folder, made = mutant_dir
    cascades = []
    for name, _op, form in made:
        [entry] = check_one(folder / f"{name}{filled[form].suffix}")["files"]
        codes = [i["code"] for i in entry["issues"]]
        if any(c.startswith("file.") for c in codes) and any(c.startswith("field.") for c in codes):
            cascades.append((name, [c for c in codes if c.startswith("file.")], len(codes)))
    assert cascades == []
