"""What `CliRunner` sees is what a user sees: the same exit code and the same error text as `python -m docgen`."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from docgen import samples
from docgen.cli import main
from docgen.limits import Terminated


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form

    folder = tmp_path_factory.mktemp("exit")
    blank = new_form("application", folder / "blank", year=2026)
    valid = fill_docx(blank, samples.valid_record("application"), folder / "申报书.docx")
    broken = folder / "损坏.docx"
    broken.write_bytes(b"PK\x03\x04 truncated")
    return {"valid": valid, "broken": broken, "folder": folder}


# (argv, exit code a user gets); {name} is filled from `files`.
CASES = [
    (["forms", "list"], 0),
    (["validate", "{valid}"], 0),
    (["forms", "new", "nope"], 2),                                     # DocgenError UsageError
    (["forms", "kit"], 2),                                             # the same, raised by the command itself
    (["notice", "review", "--date", "2026-09-29"], 2),                  # a missing option: click's usage error
    (["--bogus"], 2),
    (["validate", "{broken}"], 1),                                     # ctx.exit(1)
    (["registry", "due", "--db", "{folder}/none.sqlite3"], 1),           # DocgenError InputError
    (["registry", "import", "{broken}", "--db", "{folder}/r.sqlite3"], 1),  # the code the command ends with
]


@pytest.mark.parametrize(("argv", "expected"), CASES, ids=[" ".join(a) for a, _ in CASES])
def test_the_runner_sees_the_exit_code_and_message_of_a_real_run(files, argv, expected, tmp_path):
    argv = [a.format(**files) for a in argv]
    env = {**os.environ, "COLUMNS": "80"}
    env.pop("DOCGEN_DEBUG", None)
    real = subprocess.run([sys.executable, "-m", "docgen", *argv], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env=env)
    seen = CliRunner(env={"COLUMNS": "80"}).invoke(main, argv)
    assert (seen.exit_code, real.returncode) == (expected, expected), (seen.output, real.stderr)
    assert seen.stderr == real.stderr
    assert "Traceback" not in real.stderr
    if expected and argv[0] != "validate" and argv[:2] != ["registry", "import"]:
        assert real.stderr.strip(), "a failure says why"


@pytest.mark.parametrize(("raised", "code", "line"), [
    (RuntimeError("boom"), 1, "内部错误：RuntimeError: boom。请将命令和输入文件报告给维护人员（设置 DOCGEN_DEBUG=1 可查看详情）。"),
    (KeyboardInterrupt(), 130, "已中断（Ctrl-C）：处理进程已结束，未写完的输出已删除。"),
    (Terminated(), 143, "已被终止（收到终止信号）：处理进程已结束，未写完的输出已删除。"),
])
def test_a_bug_or_an_interrupt_is_one_chinese_line(monkeypatch, raised, code, line):
    import docgen.catalogue

    def entries():
        raise raised

    monkeypatch.delenv("DOCGEN_DEBUG", raising=False)
    monkeypatch.setattr(docgen.catalogue, "entries", entries)
    result = CliRunner().invoke(main, ["forms", "list"])
    assert (result.exit_code, result.stderr, result.stdout) == (code, line + "\n", "")
