"""The validate pipeline: paths in, the report of docs/report.md out.

Per file: intake (`sniff`) → the format's reader → `build_record` → `validate_record`; then the
checks across forms of one cluster. Nothing a file contains can stop the batch: whatever a reader
raises becomes a file-level issue of that file. Large batches run in a small process pool, a
bounded window of files in flight (memory), results in input order (determinism).
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, is_dataclass, replace
from datetime import date
from pathlib import Path

from docgen.catalogue import programme
from docgen.errors import DocgenError, UsageError
from docgen.formats.limits import LimitExceeded
from docgen.intake import Input, collect_inputs, sha256_of, sniff
from docgen.issues import ERROR, Issue, make_issue, message, os_reason
from docgen.limits import Overrun, deadline, worker_signals
from docgen.safetext import hidden_characters
from docgen.settings import DEFAULT, Settings

READERS = {
    "docx": "docgen.formats.docx_read:read_docx",
    "xlsx": "docgen.formats.xlsx_read:read_xlsx",
    "pdf": "docgen.formats.pdf_read:read_pdf",
}
ANNOTATORS = {
    "docx": "docgen.formats.docx_annotate:annotate_docx",
    "xlsx": "docgen.formats.xlsx_annotate:annotate_xlsx",
}
_DETAIL_MAX = 200
_ISSUE_FIELDS = ("code", "severity", "message", "field", "row", "label", "location", "value")


def _resolve(spec: str):
    module, attr = spec.split(":")
    return getattr(importlib.import_module(module), attr)


def available_policies() -> list[str]:
    from docgen.resources import schema_file

    # `<name>-review.yaml` beside the criteria sets is an index system for experts (docgen.review), not one.
    return sorted(p.stem for p in schema_file("policy").glob("*.yaml") if not p.stem.endswith("-review"))


def check_policy(policy: str) -> None:
    """UsageError listing the valid names when `policy` is not one of ours."""
    names = available_policies()
    if policy not in names:
        raise UsageError(f"未知的政策「{policy}」。可用：{'、'.join(names) or '（无）'}")


def _blank_entry(path: Path) -> dict:
    return {"path": str(path), "sha256": None, "form": None, "form_version": None, "valid": False,
            "eligible": None, "issues": [], "criteria": [], "data": {}}


def _reader_failure(exc: BaseException, step: str = "读取") -> Issue:
    """The file-level issue for whatever a reader raised (a reader's bug must not stop a batch).

    Only Chinese reaches the message: a library's text (zipfile's, libxml2's, pdfminer's) never does.
    """
    from docgen.formats.safexml import UnsafeXML

    if isinstance(exc, LimitExceeded):
        return make_issue("file.limit", detail=exc.detail)
    if isinstance(exc, UnsafeXML):
        return make_issue("file.unsafe_xml")
    if isinstance(exc, zlib.error):  # a damaged deflate stream: zlib's English text helps no clerk
        return make_issue("file.corrupt", detail="压缩数据已损坏")
    if isinstance(exc, zipfile.BadZipFile | EOFError):
        return make_issue("file.corrupt", detail="压缩包不完整或已损坏")
    if type(exc).__module__.split(".")[0] in ("pdfminer", "pdfplumber"):  # a page tree pdfminer cannot walk
        return make_issue("file.corrupt", detail="PDF 结构无法解析")
    if isinstance(exc, SyntaxError):  # lxml's XMLSyntaxError is one (lxml itself stays in formats/)
        return make_issue("file.corrupt", detail="表格内部的 XML 内容已损坏或嵌套过深")
    if isinstance(exc, RuntimeError) and "encrypted" in str(exc):
        return make_issue("file.encrypted")
    if isinstance(exc, DocgenError):
        return make_issue("file.unreadable", detail=_short(exc.message))
    if isinstance(exc, MemoryError):
        return make_issue("file.limit", detail="读取时内存不足")
    if isinstance(exc, OSError):
        return make_issue("file.unreadable", detail=os_reason(exc))
    return make_issue("file.internal", step=step)


def _short(text: str) -> str:
    return text if len(text) <= _DETAIL_MAX else text[: _DETAIL_MAX - 1] + "…"


def read_raw(path: Path, kind: str, settings: Settings = DEFAULT):
    """The reader's RawForm for a sniffed file; raises whatever the reader raises."""
    reader = _resolve(READERS[kind])
    if kind == "docx":  # the Word reader has no limits of its own beyond intake's
        return reader(Path(path))
    return reader(Path(path), limits=settings)


def _read_and_build(path: Path, settings: Settings, pre_issue: Issue | None = None):
    """(entry, raw, schema): the entry carries sha256, form, reading issues and the record."""
    entry = _blank_entry(path)
    if pre_issue is not None:
        entry["issues"].append(pre_issue.to_dict())
        return entry, None, None
    sniffed = sniff(path, settings)  # the file's type first: a FIFO or a device is never opened
    entry["sha256"] = sniffed.sha256
    if sniffed.issue is not None:
        entry["issues"].append(sniffed.issue.to_dict())
        return entry, None, None
    try:
        raw = read_raw(path, sniffed.kind, settings)
    except LimitExceeded as exc:  # a BaseException: no reader's `except Exception` re-words it
        entry["issues"].append(make_issue("file.limit", detail=exc.detail).to_dict())
        return entry, None, None
    except ImportError:
        raise  # a broken install is ours to fix: it fails the run, never passes as this file's fault
    except Exception as exc:  # noqa: BLE001 — any reader failure is this file's issue, never the batch's
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        entry["issues"].append(_reader_failure(exc).to_dict())
        return entry, None, None
    entry["form"] = raw.form
    entry["form_version"] = raw.manifest.version if raw.manifest is not None else None
    entry["issues"].extend(i.to_dict() for i in raw.issues)
    if raw.form is None:
        if not _has_error(entry["issues"]):
            entry["issues"].append(make_issue("form.unknown").to_dict())
        return entry, raw, None
    from docgen.record import build_record
    from docgen.schema import load_form

    schema = load_form(raw.form)
    record, issues = build_record(schema, raw)
    entry["data"] = record
    entry["issues"].extend(i.to_dict() for i in issues)
    entry["issues"].extend(i.to_dict() for i in _hidden_character_issues(schema, raw))
    return entry, raw, schema


def _locate(issues: list[dict], raw, schema) -> None:
    """Give every field issue a location (policy and criteria checks name a field but not where it is)."""
    from docgen.record import slots

    where: dict = {}
    for slot, rv in slots(schema, raw):
        if rv.location:
            where.setdefault(slot, rv.location)
    for issue in issues:
        if issue.get("field") and not issue.get("location"):
            issue["location"] = where.get((issue["field"], issue.get("row")))


def in_form_order(form_id: str | None, issues: list[dict]) -> list[dict]:
    from docgen.report.order import in_form_order as order  # the report package is not needed to read

    return order(form_id, issues)


def _hidden_character_issues(schema, raw) -> list[Issue]:
    """A warning for each value holding controls or bidi overrides: shown, it may not read as it is."""
    out = []
    for v in raw.values:
        names = hidden_characters(v.text)
        if not names:
            continue
        try:
            label = schema.field(v.field).label
        except (KeyError, AttributeError, ValueError):
            label = v.field
        out.append(make_issue("file.hidden_characters", field=v.field, row=v.row, label=label,
                              location=v.location or None, detail="、".join(names[:5])))
    return out


def _has_error(issues: list[dict]) -> bool:
    return any(i.get("severity") == ERROR for i in issues)


def _plain(obj):
    if is_dataclass(obj) and not isinstance(obj, type):
        return asdict(obj)
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return dict(obj)


def check_file(path: Path, policy: str | None = None, settings: Settings = DEFAULT,
               today: date | None = None, pre_issue: Issue | None = None) -> dict:
    """One file's report entry (docs/report.md). Never raises for anything the file contains.

    The whole of it (reading and checks) runs under the settings' time limit per file.
    """
    try:
        with deadline(settings.time_per_file_s):
            return _check_file(Path(path), policy, settings, today, pre_issue)
    except Overrun:
        return _failed_entry(Path(path), make_issue("file.timeout", limit_s=f"{settings.time_per_file_s:g}"))
    except LimitExceeded as exc:
        return _failed_entry(Path(path), make_issue("file.limit", detail=exc.detail))


def _failed_entry(path: Path, issue: Issue) -> dict:
    entry = _blank_entry(path)
    entry["sha256"] = sha256_of(path)
    entry["issues"].append(issue.to_dict())
    return entry


def _check_file(path: Path, policy: str, settings: Settings, today: date | None, pre_issue: Issue | None) -> dict:
    try:
        entry, raw, schema = _read_and_build(path, settings, pre_issue)
        # A file that could not be read whole is reported as such, not as a form left unfilled.
        damaged = any(i["code"].startswith("file.") and i["severity"] == ERROR for i in entry["issues"])
        if schema is not None and not damaged:
            from docgen.validation import validate_record

            result = validate_record(schema, entry["data"], raw=raw, policy=policy, today=today)
            entry["issues"].extend(_plain(i) for i in result.issues)
            entry["criteria"] = [_plain(c) for c in result.criteria]
            entry["valid"] = not _has_error(entry["issues"])
            entry["eligible"] = result.eligible if entry["valid"] else None
        if raw is not None and schema is not None:
            _locate(entry["issues"], raw, schema)
        entry["issues"] = in_form_order(entry["form"], entry["issues"])
        return entry
    except ImportError:
        raise
    except Exception as exc:  # noqa: BLE001 — a bug on one file is reported on that file
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        return _failed_entry(path, _reader_failure(exc, "校验"))


def parse_file(path: Path | str, settings: Settings | None = None) -> dict:
    """For `docgen parse`: the record and the reading issues (no validation, no criteria).

    An unreadable file answers as in `validate`: its issue, never an exception.
    """
    settings = settings or DEFAULT
    path = Path(path)
    try:
        with deadline(settings.time_per_file_s):
            entry, _raw, _schema = _read_and_build(path, settings)
    except Overrun:
        entry = _failed_entry(path, make_issue("file.timeout", limit_s=f"{settings.time_per_file_s:g}"))
    except ImportError:
        raise
    except Exception as exc:  # noqa: BLE001 — as check_file: the file's issue, not a crash
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        entry = _failed_entry(path, _reader_failure(exc))
    entry["issues"] = in_form_order(entry["form"], entry["issues"])
    return {k: entry[k] for k in ("path", "sha256", "form", "form_version", "issues", "data")}


# --- the batch -------------------------------------------------------------------------------


def _run(inputs: list[Input], policy: str, settings: Settings, today: date | None,
         progress: Callable[[int], None] | None) -> Iterator[dict]:
    workers = settings.workers(len(inputs))
    if workers == 1:
        for inp in inputs:
            yield check_file(inp.path, policy, settings, today, inp.issue)
            if progress:
                progress(1)
        return
    yield from _run_pool(inputs, workers, policy, settings, today, progress)


def _work(path, policy, settings, today, pre_issue) -> dict:
    return check_file(path, policy, settings, today, pre_issue)


def _pool(workers: int, ctx) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=worker_signals)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool now: its workers are killed, not waited for (a stuck parser never returns)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        proc.join(timeout=2)
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=2)


def _backstop(settings: Settings) -> float:
    # Each worker ends its own overrun (limits.deadline); this catches a worker stuck where no
    # signal reaches Python (a C loop), from when the file became the oldest in flight.
    return settings.time_per_file_s * 1.5 + 15


def _run_pool(inputs, workers, policy, settings, today, progress) -> Iterator[dict]:
    """In-order results from a pool, at most `workers × chunk_size` files in flight.

    However the loop ends (done, an exception, Ctrl-C, SIGTERM as `Terminated`), no worker outlives it.
    """
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    window = workers * settings.chunk_size
    todo = deque(inputs)
    pool = _pool(workers, ctx)
    pending: deque = deque()
    finished = False
    try:
        while todo or pending:
            while todo and len(pending) < window:
                try:
                    fut = pool.submit(_work, todo[0].path, policy, settings, today, todo[0].issue)
                except BrokenProcessPool:
                    break  # a worker died meanwhile: the futures in flight say which file
                pending.append((todo.popleft(), fut))
            if not pending:  # broken with nothing in flight: start afresh
                _end_workers(pool)
                pool = _pool(workers, ctx)
                continue
            inp, fut = pending.popleft()
            try:
                entry = fut.result(timeout=_backstop(settings))
            except FutureTimeout:
                _end_workers(pool)
                entry = _failed_entry(inp.path, make_issue("file.timeout", limit_s=f"{settings.time_per_file_s:g}"))
                todo.extendleft(reversed([p for p, _ in pending]))
                pending.clear()
                pool = _pool(workers, ctx)
            except BrokenProcessPool:
                # A worker died (killed, out of memory) on some file in flight. Run the first one
                # alone to learn whether it is the culprit; resubmit the rest to a fresh pool.
                _end_workers(pool)
                entry = _isolated(inp, ctx, policy, settings, today)
                todo.extendleft(reversed([p for p, _ in pending]))
                pending.clear()
                pool = _pool(workers, ctx)
            yield entry
            if progress:
                progress(1)
        finished = True
    finally:
        if finished:
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            _end_workers(pool)


def _isolated(inp: Input, ctx, policy, settings, today) -> dict:
    alone = _pool(1, ctx)
    try:
        return alone.submit(_work, inp.path, policy, settings, today, inp.issue).result(timeout=_backstop(settings))
    except FutureTimeout:
        return _failed_entry(inp.path, make_issue("file.timeout", limit_s=f"{settings.time_per_file_s:g}"))
    except BrokenProcessPool:
        return _failed_entry(inp.path, make_issue("file.unreadable", detail="读取此文件时处理进程异常退出"))
    finally:
        _end_workers(alone)


def _cross_check(entries: list[dict]) -> None:
    """Checks across the forms of one cluster (the validation layer matches the clusters)."""
    records = [(e["form"], e["data"], i) for i, e in enumerate(entries) if e["form"] and e["data"]]
    if len(records) < 2:
        return
    from docgen.validation import cross_check

    for index, issue in cross_check(records):
        e = entries[index]
        e["issues"].append(_plain(issue))
        if _has_error(e["issues"]):
            e["valid"], e["eligible"] = False, None


def summarize(files: list[dict]) -> dict:
    return {
        "files": len(files),
        "valid": sum(1 for f in files if f["valid"]),
        "invalid": sum(1 for f in files if not f["valid"]),
        "eligible": sum(1 for f in files if f["eligible"] is True),
    }


def validate_inputs(inputs: list[Input], *, policy: str | None = None, settings: Settings | None = None,
                    today: date | None = None, progress: Callable[[int], None] | None = None,
                    jobs: int | None = None) -> dict:
    """The report for already collected inputs (see `validate_paths`)."""
    policy = policy or programme().default_policy
    check_policy(policy)
    settings = settings or DEFAULT
    if jobs is not None:
        settings = replace(settings, jobs=jobs)
    files = list(_run(inputs, policy, settings, today, progress))
    _cross_check(files)
    return {"policy": policy, "files": files, "summary": summarize(files)}


def validate_paths(paths, *, policy: str | None = None, settings: Settings | None = None,
                   today: date | None = None, progress: Callable[[int], None] | None = None,
                   jobs: int | None = None) -> dict:
    """Validate files and folders; the JSON contract of docs/report.md.

    `progress`, when given, is called with 1 after each file (click's progressbar.update fits).
    Raises only UsageError (unknown policy); every problem of an input is an issue in its entry.
    """
    return validate_inputs(collect_inputs(list(paths)), policy=policy, settings=settings, today=today,
                           progress=progress, jobs=jobs)


# --- annotated copies ------------------------------------------------------------------------


def annotate_inputs(report: dict, inputs: list[Input], outdir: Path,
                    settings: Settings | None = None) -> list[tuple[Path, Path | None, str | None]]:
    """An annotated copy of each Word/Excel input under `outdir`, mirroring `Input.rel`.

    Returns (input, copy or None, why not) per input. A file refused at intake or by its reader (any
    `file.*` error) gets no copy: what was refused is not opened again. The inputs are re-read
    (readers' anchors are not picklable across the pool), each under the time limit; the originals
    are only opened for reading, and one copy failing never stops the others.
    """
    settings = settings or DEFAULT
    outdir = Path(outdir)
    done: list[tuple[Path, Path | None, str | None]] = []
    for entry, inp in zip(report["files"], inputs, strict=True):
        done.append(_annotate_one(entry, inp, outdir / inp.rel, settings))
    return done


def _refused(entry: dict) -> bool:
    return any(i.get("code", "").startswith("file.") and i.get("severity") == ERROR for i in entry["issues"])


def _annotate_one(entry: dict, inp: Input, out: Path, settings: Settings) -> tuple[Path, Path | None, str | None]:
    if inp.issue is not None or _refused(entry):
        return inp.path, None, message("run.annotate_refused")
    try:
        with deadline(settings.time_per_file_s):
            sniffed = sniff(inp.path, settings)
            if sniffed.kind not in ANNOTATORS or sniffed.sha256 != entry.get("sha256"):
                code = "run.annotate_pdf" if sniffed.kind == "pdf" else "run.annotate_refused"
                return inp.path, None, message(code)
            if os.path.lexists(out) and os.path.samefile(out, inp.path):
                raise UsageError(message("run.output_is_input", what="批注副本", output=out, input=inp.path))
            raw = read_raw(inp.path, sniffed.kind, settings)
            issues = [Issue(**{k: i.get(k) for k in _ISSUE_FIELDS}) for i in entry["issues"]]
            _resolve(ANNOTATORS[sniffed.kind])(Path(inp.path), issues, raw, out)
    except (UsageError, ImportError):
        raise
    except Overrun:
        return inp.path, None, message("run.annotate_failed", reason=f"超过 {settings.time_per_file_s:g} 秒")
    except LimitExceeded as exc:
        return inp.path, None, message("run.annotate_failed", reason=exc.detail)
    except OSError as exc:
        return inp.path, None, message("run.annotate_failed", reason=os_reason(exc))
    except Exception as exc:  # noqa: BLE001 — one file's copy failing must not stop the others
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        return inp.path, None, message("run.annotate_failed", reason=_reader_failure(exc, "批注").message)
    return inp.path, out, None
