"""Record validation results in the registry: every file, valid or not, once.

The input is the report of `docgen.pipeline.validate_paths` (docs/report.md's JSON contract), so
the registry stores exactly what `docgen validate` says. A whole import is one transaction: killed
half-way, it leaves the database as before. Each file is written inside a savepoint, so a file that a
concurrent import recorded first (the unique sha256 constraint fires) is reported as already there
instead of failing the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from docgen.catalogue import cluster_forms
from docgen.registry import models as m
from docgen.registry.matching import ClusterIndex

ADDED, DUPLICATE, ATTACHED, SKIPPED = "added", "duplicate", "attached", "skipped"
BAD_STATUSES = (m.REJECTED, m.UNMATCHED, m.AMBIGUOUS)


@dataclass
class ImportResult:
    entries: list[dict] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        out = {"files": len(self.entries), ADDED: 0, DUPLICATE: 0, ATTACHED: 0, SKIPPED: 0}
        for status in m.STATUSES:
            out[status] = 0
        for e in self.entries:
            out[e["action"]] += 1
            out[e["status"]] += 1
        return out

    @property
    def ok(self) -> bool:
        return not any(e["status"] in BAD_STATUSES for e in self.entries)

    def to_dict(self) -> dict:
        return {"files": self.entries, "summary": self.summary}


def to_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _domain_row(file: m.ImportedFile):
    """The filing an accepted file stands for (linked by relationship: one flush inserts both)."""
    data = file.data or {}
    if file.form == "annual":
        safety = data.get("safety") or {}
        return m.AnnualFiling(
            file=file, cluster_pk=file.cluster_pk, report_year=int(data["report_year"]),
            fill_date=to_date(data.get("fill_date")),
            incident=any(v is True for v in safety.values()) if isinstance(safety, dict) else False)
    if file.form == "change":
        return m.ChangeReport(file=file, cluster_pk=file.cluster_pk, change_date=to_date(data.get("change_date")),
                              fill_date=to_date(data.get("fill_date")))
    if file.form == "review":
        return m.ReviewFiling(file=file, cluster_pk=file.cluster_pk, fill_date=to_date(data.get("fill_date")))
    return None


def _status(entry: dict, matched: bool, match_status: str) -> str:
    if not entry.get("form") or not entry.get("valid"):
        return m.REJECTED
    if matched:
        return m.ACCEPTED
    if entry["form"] in cluster_forms():  # only means something attached to a registered cluster
        return m.AMBIGUOUS if match_status == "ambiguous" else m.UNMATCHED
    return m.UNATTACHED


def _rejection_note(entry: dict) -> str:
    if not entry.get("form"):
        return "无法识别或无法读取的文件，已记录其问题，不计入报送。"
    errors = [i for i in entry.get("issues") or [] if i.get("severity") == "error"]
    first = errors[0]["message"] if errors else ""
    return f"表格有 {len(errors)} 处错误，不计入报送（首个问题：{first}）。请改正后重新提交并导入。"


def _outcome(file: m.ImportedFile, action: str) -> dict:
    return {"path": file.path, "sha256": file.sha256, "form": file.form, "action": action,
            "status": file.status, "cluster_id": file.cluster.cluster_id if file.cluster else None,
            "note": file.note or ""}


class _Batch:
    """One import's state: the clusters (matched in memory) and the files already known by hash."""

    def __init__(self, session, entries: list[dict]):
        from sqlalchemy import select

        self.session = session
        self.index = ClusterIndex(session)
        self.known: dict[str, m.ImportedFile] = {}
        hashes = sorted({e["sha256"] for e in entries if e.get("sha256")})
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            for f in session.scalars(select(m.ImportedFile).where(m.ImportedFile.sha256.in_(chunk))):
                self.known[f.sha256] = f
        self.now = datetime.now().replace(microsecond=0)

    def record(self, entry: dict) -> dict:
        existing = self.known.get(entry["sha256"])
        if existing is not None:
            return _outcome(existing, self._retry_match(existing))
        data = entry.get("data") if isinstance(entry.get("data"), dict) else None
        match = self.index.match(data) if data else None
        cluster = match.cluster if match else None
        status = _status(entry, cluster is not None, match.status if match else "unmatched")
        note = _rejection_note(entry) if status == m.REJECTED else ((match.note if match else "") or None)
        file = m.ImportedFile(
            sha256=entry["sha256"], path=str(entry.get("path") or ""), form=entry.get("form"),
            form_version=entry.get("form_version"), valid=bool(entry.get("valid")), eligible=entry.get("eligible"),
            status=status, note=note, cluster_pk=cluster.id if cluster else None, issues=entry.get("issues") or [],
            criteria=entry.get("criteria") or [], data=data, imported_at=self.now)
        file.cluster = cluster
        self.session.add(file)
        if status == m.ACCEPTED:
            row = _domain_row(file)
            if row is not None:
                self.session.add(row)
        self.known[file.sha256] = file  # the same file twice in one batch is recorded once
        return _outcome(file, ADDED)

    def _retry_match(self, file: m.ImportedFile) -> str:
        """A file kept unmatched earlier may match now that its cluster is registered."""
        if file.status not in (m.UNMATCHED, m.AMBIGUOUS, m.UNATTACHED):
            return DUPLICATE
        match = self.index.match(file.data)
        if match.cluster is None:
            return DUPLICATE
        file.cluster_pk = match.cluster.id
        file.cluster = match.cluster
        file.status = m.ACCEPTED
        file.note = match.note or None
        row = _domain_row(file)
        if row is not None:
            self.session.add(row)
        return ATTACHED


def _run(registry, entries: list[dict], after_each, careful: bool) -> ImportResult:
    """Fast: all rows in one flush at the end. Careful: each file in a savepoint, flushed at once, so
    a unique-constraint clash with a concurrent import skips that file only."""
    with registry.transaction() as session:
        return _record_all(session, entries, after_each, careful)


def _record_all(session, entries: list[dict], after_each, careful: bool) -> ImportResult:
    from sqlalchemy.exc import IntegrityError

    result = ImportResult()
    batch = _Batch(session, entries)
    for i, entry in enumerate(entries):
        if careful:
            try:
                with session.begin_nested():
                    outcome = batch.record(entry)
                    session.flush()
            except IntegrityError:
                batch.known.pop(entry["sha256"], None)
                outcome = {"path": str(entry.get("path") or ""), "sha256": entry.get("sha256"),
                           "form": entry.get("form"), "action": DUPLICATE,
                           "status": m.ACCEPTED if entry.get("valid") else m.REJECTED, "cluster_id": None,
                           "note": "同一文件已由同时进行的另一次导入记录。"}
        else:
            outcome = batch.record(entry)
        result.entries.append(outcome)
        if after_each is not None:
            after_each(i, outcome)
    session.flush()
    return result


def import_report(registry, report: dict, *,
                  after_each: Callable[[int, dict], None] | None = None) -> ImportResult:
    """Record every file entry of a validation report, all in one transaction.

    A concurrent import that commits one of the same files first makes the fast path's flush fail on
    the unique sha256; the batch is then redone file by file. `after_each(index, outcome)` runs after
    each entry (progress; tests use it to interrupt).
    """
    from sqlalchemy.exc import IntegrityError

    entries = [e for e in report.get("files") or [] if isinstance(e, dict)]
    # No content, no hash (a path that vanished, a symlink loop): nothing to keep, but say so.
    skipped = [{"path": str(e.get("path") or ""), "sha256": None, "form": None, "action": SKIPPED,
                "status": m.REJECTED, "cluster_id": None,
                "note": "未记录：" + ((e.get("issues") or [{}])[0].get("message") or "文件无法读取。")}
               for e in entries if not e.get("sha256")]
    entries = [e for e in entries if e.get("sha256")]
    try:
        result = _run(registry, entries, after_each, careful=False)
    except IntegrityError:
        result = _run(registry, entries, after_each, careful=True)
    result.entries.extend(skipped)
    return result


def import_into(session, report: dict) -> ImportResult:
    """`import_report` inside the caller's transaction (the portal's accept: the filing's state and the
    registry's rows commit together or not at all). Each file in its own savepoint, as the careful path."""
    entries = [e for e in report.get("files") or [] if isinstance(e, dict) and e.get("sha256")]
    return _record_all(session, entries, None, careful=True)


def import_paths(registry, paths: Iterable[str], policy: str | None = None,
                 progress: Callable[[int], None] | None = None) -> tuple[dict, ImportResult]:
    """Validate files and folders as `docgen validate` does, then record them. Returns (report, result)."""
    from docgen.pipeline import validate_paths

    report = validate_paths([str(p) for p in paths], policy=policy, progress=progress)
    return report, import_report(registry, report)
