"""The validate pipeline: paths in, the report of docs/report.md out.

Per file: intake (`sniff`) → the format's reader → `build_record` → `validate_record`; then the
checks across forms of one cluster. Nothing a file contains can stop the batch: whatever a reader
raises becomes a file-level issue of that file. Large batches run in a small process pool, a
bounded window of files in flight (memory), results in input order (determinism).
"""

from __future__ import annotations

import hashlib
import importlib
import multiprocessing
import os
import signal
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, is_dataclass, replace
from datetime import date
from pathlib import Path

from docgen.catalogue import programme
from docgen.errors import DocgenError, UsageError
from docgen.intake import Input, collect_inputs, sniff
from docgen.issues import ERROR, Issue, make_issue
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


def sha256_of(path: Path) -> str | None:
    h = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return h.hexdigest()


def _blank_entry(path: Path) -> dict:
    return {"path": str(path), "sha256": None, "form": None, "form_version": None, "valid": False,
            "eligible": None, "issues": [], "criteria": [], "data": {}}


def _reader_failure(exc: BaseException) -> Issue:
    """The file-level issue for whatever a reader raised (a reader's bug must not stop a batch)."""
    from docgen.formats.safexml import UnsafeXML

    if isinstance(exc, UnsafeXML):
        return make_issue("file.unsafe_xml")
    if isinstance(exc, zlib.error):  # a damaged deflate stream: zlib's English text helps no clerk
        return make_issue("file.corrupt", detail="压缩数据已损坏")
    if isinstance(exc, zipfile.BadZipFile | EOFError):
        return make_issue("file.corrupt", detail=_short(f"{exc}" or type(exc).__name__))
    if isinstance(exc, DocgenError):
        return make_issue("file.unreadable", detail=_short(exc.message))
    if isinstance(exc, MemoryError):
        return make_issue("file.zip_bomb", detail="读取时内存不足")
    return make_issue("file.unreadable", detail=_short(f"{type(exc).__name__}: {exc}"))


def _short(text: str) -> str:
    return text if len(text) <= _DETAIL_MAX else text[: _DETAIL_MAX - 1] + "…"


def read_raw(path: Path, kind: str):
    """The reader's RawForm for a sniffed file; raises whatever the reader raises."""
    return _resolve(READERS[kind])(Path(path))


def _read_and_build(path: Path, settings: Settings, pre_issue: Issue | None = None):
    """(entry, raw, schema): the entry carries sha256, form, reading issues and the record."""
    entry = _blank_entry(path)
    if pre_issue is not None:
        entry["issues"].append(pre_issue.to_dict())
        return entry, None, None
    entry["sha256"] = sha256_of(path)
    sniffed = sniff(path, settings)
    if sniffed.issue is not None:
        entry["issues"].append(sniffed.issue.to_dict())
        return entry, None, None
    try:
        raw = read_raw(path, sniffed.kind)
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
    return entry, raw, schema


def _locate(issues: list[dict], raw, schema) -> None:
    """Give every field issue a location (policy and criteria checks name a field but not where it is)."""
    from docgen.record import field_index, group_rows

    fields, rows = field_index(schema), group_rows(raw)
    where: dict = {}
    for rv in raw.values:
        f = fields.get(rv.field)
        if f is None or not rv.location:
            continue
        row = None
        if f.group:
            if rv.row not in rows.get(f.group, ()):
                continue
            row = rows[f.group].index(rv.row) + 1
        where.setdefault((f.id, row), rv.location)
    for issue in issues:
        if issue.get("field") and not issue.get("location"):
            issue["location"] = where.get((issue["field"], issue.get("row")))


def in_form_order(form_id: str | None, issues: list[dict]) -> list[dict]:
    from docgen.report.order import in_form_order as order  # the report package is not needed to read

    return order(form_id, issues)


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
    """One file's report entry (docs/report.md). Never raises for anything the file contains."""
    try:
        entry, raw, schema = _read_and_build(Path(path), settings, pre_issue)
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
        entry = _blank_entry(Path(path))
        entry["sha256"] = sha256_of(Path(path))
        entry["issues"].append(_reader_failure(exc).to_dict())
        return entry


def parse_file(path: Path | str, settings: Settings | None = None) -> dict:
    """For `docgen parse`: the record and the reading issues (no validation, no criteria)."""
    entry, _raw, _schema = _read_and_build(Path(path), settings or DEFAULT)
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


def _ignore_sigint() -> None:
    # Ctrl-C is the parent's to handle: workers that also caught it would print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _work(path, policy, settings, today, pre_issue) -> dict:
    return check_file(path, policy, settings, today, pre_issue)


def _pool(workers: int, ctx) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_ignore_sigint)


def _run_pool(inputs, workers, policy, settings, today, progress) -> Iterator[dict]:
    """In-order results from a pool, at most `workers × chunk_size` files in flight."""
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    window = workers * settings.chunk_size
    todo = deque(inputs)
    pool = _pool(workers, ctx)
    pending: deque = deque()
    try:
        while todo or pending:
            while todo and len(pending) < window:
                try:
                    fut = pool.submit(_work, todo[0].path, policy, settings, today, todo[0].issue)
                except BrokenProcessPool:
                    break  # a worker died meanwhile: the futures in flight say which file
                pending.append((todo.popleft(), fut))
            if not pending:  # broken with nothing in flight: start afresh
                pool.shutdown(wait=False, cancel_futures=True)
                pool = _pool(workers, ctx)
                continue
            inp, fut = pending.popleft()
            try:
                entry = fut.result()
            except BrokenProcessPool:
                # A worker died (killed, out of memory) on some file in flight. Run the first one
                # alone to learn whether it is the culprit; resubmit the rest to a fresh pool.
                pool.shutdown(wait=False, cancel_futures=True)
                entry = _isolated(inp, ctx, policy, settings, today)
                todo.extendleft(reversed([p for p, _ in pending]))
                pending.clear()
                pool = _pool(workers, ctx)
            yield entry
            if progress:
                progress(1)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _isolated(inp: Input, ctx, policy, settings, today) -> dict:
    with _pool(1, ctx) as alone:
        try:
            return alone.submit(_work, inp.path, policy, settings, today, inp.issue).result()
        except BrokenProcessPool:
            entry = _blank_entry(inp.path)
            entry["sha256"] = sha256_of(inp.path)
            entry["issues"].append(make_issue("file.unreadable", detail="读取此文件时处理进程异常退出").to_dict())
            return entry


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

    Returns (input, copy or None, why not) per input. The inputs are re-read (readers' anchors
    are not picklable across the pool); the originals are only opened for reading.
    """
    settings = settings or DEFAULT
    outdir = Path(outdir)
    done: list[tuple[Path, Path | None, str | None]] = []
    for entry, inp in zip(report["files"], inputs, strict=True):
        out = outdir / inp.rel
        if inp.issue is not None:
            done.append((inp.path, None, "无法读取的文件不生成批注副本"))
            continue
        sniffed = sniff(inp.path, settings)
        if sniffed.kind not in ANNOTATORS:
            why = "PDF 无法批注" if sniffed.kind == "pdf" else "无法读取的文件不生成批注副本"
            done.append((inp.path, None, why))
            continue
        if out.exists() and out.resolve() == Path(inp.path).resolve():
            raise UsageError(f"批注副本会覆盖原文件 {inp.path}，请为 --annotate 指定另一个文件夹。")
        try:
            raw = read_raw(inp.path, sniffed.kind)
            out.parent.mkdir(parents=True, exist_ok=True)
            issues = [Issue(**{k: i.get(k) for k in _ISSUE_FIELDS}) for i in entry["issues"]]
            _resolve(ANNOTATORS[sniffed.kind])(Path(inp.path), issues, raw, out)
        except Exception as exc:  # noqa: BLE001 — one file's copy failing must not stop the others
            if os.environ.get("DOCGEN_DEBUG"):
                raise
            done.append((inp.path, None, _short(f"生成批注副本失败：{type(exc).__name__}: {exc}")))
            continue
        done.append((inp.path, out, None))
    return done
