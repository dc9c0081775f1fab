"""Signals: SIGTERM and SIGINT during a pooled batch end the workers, leave no temp file and no
half-written output, print a Chinese message and exit 143 / 130."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from docgen.issues import CATALOGUE

from .util import digest, env


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(cond, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture
def batch(tmp_path, forms):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(120):
        (folder / f"{i:03d}.docx").write_bytes(forms["docx"])
    return folder


def _start(*args, cwd: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "docgen", *map(str, args)], cwd=cwd, env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize(("sig", "code", "exit_code"), [(signal.SIGTERM, "run.terminated", 143),
                                                       (signal.SIGINT, "run.interrupted", 130)])
def test_a_signal_during_a_pooled_batch_ends_the_workers(batch, tmp_path, sig, code, exit_code):
    before = digest(batch)
    report = tmp_path / "报告.json"
    proc = _start("validate", batch, "--jobs", "2", "--report", report, cwd=tmp_path)
    _wait_for(lambda: len(_children(proc.pid)) >= 2)  # the pool is up (workers, and the resource tracker)
    workers = _children(proc.pid)
    time.sleep(0.3)
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == exit_code, err
    assert CATALOGUE[code][1] in err and "Traceback" not in err
    _wait_for(lambda: not any(_alive(w) for w in workers), timeout=10)
    assert not report.exists() and not list(tmp_path.glob(".tmp-*"))
    assert digest(batch) == before


def test_sigterm_during_annotation_leaves_no_temp_and_no_half_copy(batch, tmp_path):
    out = tmp_path / "批注"
    proc = _start("validate", batch, "--annotate", out, cwd=tmp_path)
    _wait_for(lambda: out.is_dir() and any(out.iterdir()), timeout=120)
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert CATALOGUE["run.terminated"][1] in err
    left = list(out.iterdir())
    assert not [p for p in left if p.name.startswith(".tmp-")]
    for copy in left:  # every copy there is whole
        with zipfile.ZipFile(copy) as zf:
            assert zf.testzip() is None
    assert len(left) < 120
