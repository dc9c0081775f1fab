"""docgen.atomic: every saved file appears whole, with the mode the umask gives (or 0600 when private)."""

from __future__ import annotations

import os
import stat
import threading

import pytest

from docgen.atomic import write_atomic, write_bytes_atomic, write_text_atomic


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".tmp-"))


def test_generated_forms_and_annotated_copies_are_0644_under_umask_022(umask_022, tmp_path):
    from docgen.generate import new_form
    from docgen.intake import collect_inputs
    from docgen.pipeline import annotate_inputs, validate_inputs

    docx = new_form("application", tmp_path / "in", county="杨陵区", year=2026)
    xlsx = new_form("annual", tmp_path / "in", county="杨陵区", year=2025)
    assert (mode(docx), mode(xlsx)) == (0o644, 0o644)
    inputs = collect_inputs([tmp_path / "in"])
    report = validate_inputs(inputs)
    done = annotate_inputs(report, inputs, tmp_path / "annotated")
    copies = {out.suffix: out for _src, out, _why in done if out is not None}
    assert set(copies) == {".docx", ".xlsx"}  # blank forms: every required field is an issue to annotate
    assert {s: mode(p) for s, p in copies.items()} == {".docx": 0o644, ".xlsx": 0o644}
    assert leftovers(tmp_path / "in") == [] and leftovers(tmp_path / "annotated") == []


def test_the_umask_decides_not_the_helper(tmp_path):
    old = os.umask(0o027)
    try:
        path = write_text_atomic(tmp_path / "a.json", "{}")
    finally:
        os.umask(old)
    assert mode(path) == 0o640


def test_private_files_are_0600_whatever_the_umask(umask_022, tmp_path):
    path = write_bytes_atomic(tmp_path / "key.bin", b"secret", private=True)
    assert mode(path) == 0o600 and path.read_bytes() == b"secret"
    # Replacing a public file with a private one narrows it too (the temp's mode is what lands).
    public = write_text_atomic(tmp_path / "otp.txt", "old")
    assert mode(public) == 0o644
    write_text_atomic(public, "123456", private=True)
    assert mode(public) == 0o600 and public.read_text() == "123456"


@pytest.mark.parametrize("failure", [OSError("disk full"), KeyboardInterrupt()])
def test_a_failing_writer_leaves_the_old_file_and_no_temp(tmp_path, failure):
    target = write_text_atomic(tmp_path / "report.json", "old")

    def write(tmp):
        tmp.write_text("half", encoding="utf-8")
        raise failure

    with pytest.raises(type(failure)):
        write_atomic(target, write)
    assert target.read_text() == "old"
    assert leftovers(tmp_path) == []


def test_a_failing_first_save_leaves_nothing(tmp_path):
    def write(tmp):
        raise ValueError("bad")

    with pytest.raises(ValueError):
        write_atomic(tmp_path / "sub" / "new.xlsx", write)
    assert list((tmp_path / "sub").iterdir()) == []


def test_two_concurrent_saves_to_one_target_both_succeed(tmp_path):
    target = tmp_path / "export.xlsx"
    both_writing = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []
    temps: list = []

    def save(text: str) -> None:
        def write(tmp):
            temps.append(tmp)
            tmp.write_text(text, encoding="utf-8")
            both_writing.wait()  # both temp files exist at once: their names must differ

        try:
            write_atomic(target, write)
        except BaseException as exc:  # noqa: BLE001 — collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(t,)) for t in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(set(temps)) == 2
    assert target.read_text() in {"first", "second"}
    assert leftovers(tmp_path) == []


def test_the_temp_is_beside_the_target_and_keeps_its_suffix(tmp_path):
    seen = []
    write_atomic(tmp_path / "kit.json", lambda tmp: seen.append(tmp) or tmp.write_text("{}"))
    assert seen[0].parent == tmp_path and seen[0].name.startswith(".tmp-") and seen[0].suffix == ".json"
