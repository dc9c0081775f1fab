"""Validate one upload as the CLI does, in a process of its own with a time and memory bound; make its
annotated copy the same way when it is first asked for.

A hostile file can then neither stall the web worker nor take it down (an address-space limit; the
child dies, not the worker). The child runs `docgen.pipeline`'s public functions, the CLI's own, with the
CLI's limits (`docgen.settings`, handed in as the portal config's `limits`): the entry is exactly one
entry of the JSON contract, a file past its time limit answered with the CLI's `file.timeout`. The
parent kills a child that has not answered `GRACE_S` after that limit (stuck where no signal reaches
Python). The annotated copy is made
on first download, not on upload: it costs as much as the validation again, and most are never fetched.
"""

from __future__ import annotations

import json
import multiprocessing
import tempfile
from datetime import date
from pathlib import Path

from docgen.issues import make_issue
from docgen.settings import Settings

_NAME = "upload"
ANNOTATABLE = ("docx", "xlsx")
GRACE_S = 5.0  # past the file's own time limit, for the child to report it itself


def _limit_memory(memory_mb: int) -> None:
    try:
        import resource

        # The fork starts with the web worker's address space: the bound is on what the file adds.
        limit = _address_space() + memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _validate_job(path: Path, outdir: Path, today, entry, limits: Settings) -> tuple[str, None]:
    from docgen.intake import collect_inputs
    from docgen.pipeline import validate_inputs
    from docgen.report.json_report import dumps

    report = validate_inputs(collect_inputs([path]), today=today, settings=limits)
    return dumps(report["files"][0], indent=None), None


def _annotate_job(path: Path, outdir: Path, today, entry, limits: Settings) -> tuple[str, str | None]:
    from docgen.intake import collect_inputs
    from docgen.pipeline import annotate_inputs

    done = annotate_inputs({"files": [entry]}, collect_inputs([path]), outdir, settings=limits)
    return "", (str(done[0][1]) if done and done[0][1] else None)


def _child(conn, job, path: str, outdir: str, today, entry, limits: Settings, memory_mb: int) -> None:
    _limit_memory(memory_mb)
    try:
        conn.send(job(Path(path), Path(outdir), today, entry, limits))
    except BaseException as exc:  # noqa: BLE001 — whatever happens, the parent gets an answer or EOF
        conn.send((None, f"{type(exc).__name__}"))
    finally:
        conn.close()


def _in_child(job, data: bytes, filename: str, *, today, entry, limits: Settings, seconds: float, memory_mb: int,
              workdir: Path):
    """("ok", (text, annotated bytes | None)) | ("timeout", None) | ("died", None); killed after `seconds`."""
    workdir.mkdir(parents=True, exist_ok=True)
    ext = Path(filename).suffix.lower()[:9]
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        src = Path(tmp) / f"{_NAME}{ext}"
        src.write_bytes(data)
        out = Path(tmp) / "annotated"
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        parent, child = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(child, job, str(src), str(out), today, entry, limits, memory_mb), daemon=True)
        proc.start()
        child.close()
        try:
            if not parent.poll(seconds):
                proc.kill()
                return "timeout", None
            try:
                result = parent.recv()
            except EOFError:  # the child died (memory limit, a crash in a parser's C code)
                return "died", None
        finally:
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()
            parent.close()
        if result[0] is None:
            return "died", None
        return "ok", (result[0], Path(result[1]).read_bytes() if result[1] else None)


def backstop(limits: Settings) -> float:
    """How long the parent waits for a check's answer before it kills the checking process."""
    return limits.time_per_file_s + GRACE_S


def check_upload(data: bytes, filename: str, sha256: str, *, today: date | None, limits: Settings,
                 memory_mb: int, workdir: Path) -> dict:
    """The report entry of one upload; its path is the user's file name."""
    seconds = backstop(limits)
    state, result = _in_child(_validate_job, data, filename, today=today, entry=None, limits=limits,
                              seconds=seconds, memory_mb=memory_mb, workdir=workdir)
    if state == "timeout":  # what the CLI's own backstop answers (pipeline._run_pool)
        return _failed_entry(filename, sha256, make_issue("file.timeout", limit_s=f"{limits.time_per_file_s:g}"))
    if state == "died":
        return _failed_entry(filename, sha256, make_issue("file.unreadable", detail="读取此文件时处理进程异常退出"))
    entry = json.loads(result[0])
    entry["path"] = filename
    return entry


def can_annotate(ext: str, entry: dict) -> bool:
    """Word/Excel files docgen could read, with something to point at."""
    readable = not any(i["code"].startswith("file.") and i["severity"] == "error" for i in entry.get("issues", []))
    return ext in ANNOTATABLE and bool(entry.get("issues")) and readable


def annotate_upload(data: bytes, filename: str, entry: dict, *, limits: Settings, memory_mb: int,
                    workdir: Path) -> bytes | None:
    """The annotated copy's bytes, or None when it could not be made."""
    state, result = _in_child(_annotate_job, data, filename, today=None, entry=entry, limits=limits,
                              seconds=backstop(limits), memory_mb=memory_mb, workdir=workdir)
    return result[1] if state == "ok" else None


_warm = False


def warm() -> None:
    """Import and exercise the readers, validation and annotators once in this (parent) process, so every
    forked check starts with them loaded: a cold check pays ~1.5 s of imports, a warm one ~0.1 s."""
    global _warm
    if _warm:
        return
    from docgen.catalogue import forms_of_format
    from docgen.generate import new_form
    from docgen.intake import collect_inputs
    from docgen.pipeline import annotate_inputs, validate_inputs

    with tempfile.TemporaryDirectory() as tmp:
        paths = [new_form(fid, Path(tmp) / "in", county="陈仓区") for fid in (forms_of_format("docx")[0], forms_of_format("xlsx")[0])]
        inputs = collect_inputs(paths)
        annotate_inputs(validate_inputs(inputs), inputs, Path(tmp) / "out")
    _warm = True


def _address_space() -> int:
    try:
        import os

        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _failed_entry(name: str, sha256: str, issue) -> dict:
    return {"path": name, "sha256": sha256, "form": None, "form_version": None, "valid": False, "eligible": None,
            "issues": [issue.to_dict()], "criteria": [], "data": {}}
