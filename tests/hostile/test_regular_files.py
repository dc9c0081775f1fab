"""Only regular files are read: a FIFO, a socket, a device or a link to one is a file-level issue,
decided by stat before any open (so nothing hangs), in validate, parse and registry import alike."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from docgen.intake import sha256_of, sniff

from .util import MEMORY_LIMIT_MB, digest


@pytest.fixture
def odd_folder(tmp_path, forms):
    """A folder of returned forms with every kind of non-regular file among them."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "申报书.docx").write_bytes(forms["docx"])
    os.mkfifo(folder / "pipe.docx")
    (folder / "zero.docx").symlink_to("/dev/zero")
    (folder / "null.xlsx").symlink_to("/dev/null")
    os.mkfifo(tmp_path / "fifo-target")
    (folder / "link-to-pipe.xlsx").symlink_to(tmp_path / "fifo-target")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(folder / "sock.docx"))
    yield folder
    sock.close()


EXPECTED = {
    "pipe.docx": ("file.not_regular", "命名管道"),
    "zero.docx": ("file.not_regular", "指向字符设备的符号链接"),
    "null.xlsx": ("file.not_regular", "指向字符设备的符号链接"),
    "link-to-pipe.xlsx": ("file.not_regular", "指向命名管道的符号链接"),
    "sock.docx": ("file.not_regular", "套接字"),
}


def test_sniff_refuses_without_opening(odd_folder):
    for name, (code, kind) in EXPECTED.items():
        s = sniff(odd_folder / name)
        assert (s.kind, s.issue.code, s.sha256) == (None, code, None)
        assert kind in s.issue.message
        assert sha256_of(odd_folder / name) is None  # no hash of what is not a file


def test_validate_reports_each_and_goes_on(odd_folder, run_measured):
    before = digest(odd_folder)
    r = run_measured("validate", "--json", odd_folder)
    assert r.rc == 1 and r.peak_mb < MEMORY_LIMIT_MB
    got = {Path(e["path"]).name: [i["code"] for i in e["issues"]] for e in r.json()["files"]}
    assert not any(c.startswith("file.") for c in got.pop("申报书.docx"))  # the real form beside them is read
    assert got == {name: [code] for name, (code, _kind) in EXPECTED.items()}
    assert digest(odd_folder) == before


def test_a_pooled_batch_with_fifos_completes(tmp_path, forms, run_measured):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(24):  # past the pool's threshold
        (folder / f"{i:02d}.docx").write_bytes(forms["docx"])
    for i in range(3):
        os.mkfifo(folder / f"pipe-{i}.docx")
    r = run_measured("validate", "--json", folder)
    assert r.rc == 1 and r.peak_mb < MEMORY_LIMIT_MB
    report = r.json()
    assert report["summary"]["files"] == 27 and report["summary"]["valid"] == 24


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_parse_answers_like_validate(odd_folder, run_measured, name):
    r = run_measured("parse", "--json", odd_folder / name)
    assert r.rc == 1, r.err
    assert [i["code"] for i in r.json()["issues"]] == [EXPECTED[name][0]]
    assert r.err == ""


def test_parse_of_a_missing_file_or_folder_is_an_issue(tmp_path, run_measured):
    r = run_measured("parse", tmp_path / "无此文件.docx")
    assert r.rc == 1 and "找不到文件" in r.out and r.err == ""


def test_registry_import_skips_them(odd_folder, tmp_path, run_measured):
    db = tmp_path / "名录.sqlite3"
    r = run_measured("registry", "import", "--db", db, "--json", odd_folder)
    assert r.rc in (0, 1), r.err
    assert "Traceback" not in r.err and r.peak_mb < MEMORY_LIMIT_MB
    entries = {Path(e["path"]).name: e for e in r.json()["files"]}
    for name in EXPECTED:
        assert entries[name]["sha256"] is None  # nothing hashed, nothing recorded as a file
