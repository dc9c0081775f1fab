"""Record validation results in the registry: every file, valid or not, once.

The input is the report of `docgen.pipeline.validate_paths` (design/PRODUCT.md's JSON contract), so
the registry stores exactly what `docgen validate` says. A whole import is one transaction: killed
half-way, it leaves the database as before. Each file is written inside a savepoint, so a file that a
concurrent import recorded first (the unique sha256 constraint fires) is reported as already there
instead of failing the batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from docgen.errors import DependencyError
from docgen.registry import models as m
from docgen.registry.matching import match_record

# Forms that only mean something attached to a registered cluster.
CLUSTER_FORMS = ("annual", "change", "review")
ADDED, DUPLICATE, ATTACHED = "added", "duplicate", "attached"
BAD_STATUSES = (m.REJECTED, m.UNMATCHED, m.AMBIGUOUS)


@dataclass
class ImportResult:
    entries: list[dict] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        out = {"files": len(self.entries), ADDED: 0, DUPLICATE: 0, ATTACHED: 0}
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


def _domain_row(session, file: m.ImportedFile) -> None:
    """The filing an accepted file stands for."""
    data = file.data or {}
    if file.form == "annual":
        safety = data.get("safety") or {}
        session.add(m.AnnualFiling(
            file_pk=file.id, cluster_pk=file.cluster_pk, report_year=int(data["report_year"]),
            fill_date=to_date(data.get("fill_date")),
            incident=any(v is True for v in safety.values()) if isinstance(safety, dict) else False))
    elif file.form == "change":
        session.add(m.ChangeReport(file_pk=file.id, cluster_pk=file.cluster_pk,
                                   change_date=to_date(data.get("change_date")),
                                   fill_date=to_date(data.get("fill_date"))))
    elif file.form == "review":
        session.add(m.ReviewFiling(file_pk=file.id, cluster_pk=file.cluster_pk,
                                   fill_date=to_date(data.get("fill_date"))))


def _status(entry: dict, matched: bool, match_status: str) -> str:
    if not entry.get("form") or not entry.get("valid"):
        return m.REJECTED
    if matched:
        return m.ACCEPTED
    if entry["form"] in CLUSTER_FORMS:
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


def _retry_match(session, file: m.ImportedFile) -> str:
    """A file kept unmatched earlier may match now that its cluster is registered."""
    if file.status not in (m.UNMATCHED, m.AMBIGUOUS, m.UNATTACHED):
        return DUPLICATE
    match = match_record(session, file.data)
    if match.cluster is None:
        return DUPLICATE
    file.cluster_pk = match.cluster.id
    file.cluster = match.cluster
    file.status = m.ACCEPTED
    file.note = match.note or None
    session.flush()
    _domain_row(session, file)
    return ATTACHED


def _record(session, entry: dict, now: datetime) -> dict:
    from sqlalchemy import select

    existing = session.scalar(select(m.ImportedFile).where(m.ImportedFile.sha256 == entry["sha256"]))
    if existing is not None:
        return _outcome(existing, _retry_match(session, existing))
    data = entry.get("data") if isinstance(entry.get("data"), dict) else None
    match = match_record(session, data) if data else None
    cluster = match.cluster if match else None
    status = _status(entry, cluster is not None, match.status if match else "unmatched")
    if status == m.REJECTED:
        note = _rejection_note(entry)
    else:
        note = (match.note if match else "") or None
    file = m.ImportedFile(
        sha256=entry["sha256"], path=str(entry.get("path") or ""), form=entry.get("form"),
        form_version=entry.get("form_version"), valid=bool(entry.get("valid")), eligible=entry.get("eligible"),
        status=status, note=note, cluster_pk=cluster.id if cluster else None, issues=entry.get("issues") or [],
        criteria=entry.get("criteria") or [], data=data, imported_at=now)
    file.cluster = cluster
    session.add(file)
    session.flush()  # the unique sha256 constraint fires here, inside the caller's savepoint
    if status == m.ACCEPTED:
        _domain_row(session, file)
        session.flush()
    return _outcome(file, ADDED)


def import_report(registry, report: dict, *,
                  after_each: Callable[[int, dict], None] | None = None) -> ImportResult:
    """Record every file entry of a validation report, all in one transaction.

    `after_each(index, outcome)` runs after each entry (progress; tests use it to interrupt).
    """
    from sqlalchemy.exc import IntegrityError

    result = ImportResult()
    now = datetime.now().replace(microsecond=0)
    with registry.transaction() as session:
        for i, entry in enumerate(report.get("files") or []):
            try:
                with session.begin_nested():
                    outcome = _record(session, entry, now)
            except IntegrityError:
                # Another import committed the same file first: it is recorded, once.
                outcome = {"path": str(entry.get("path") or ""), "sha256": entry.get("sha256"),
                           "form": entry.get("form"), "action": DUPLICATE, "status": m.ACCEPTED
                           if entry.get("valid") else m.REJECTED, "cluster_id": None,
                           "note": "同一文件已由同时进行的另一次导入记录。"}
            result.entries.append(outcome)
            if after_each is not None:
                after_each(i, outcome)
    return result


def import_paths(registry, paths: Iterable[str], policy: str = "shaanxi-2023") -> tuple[dict, ImportResult]:
    """Validate files and folders as `docgen validate` does, then record them. Returns (report, result)."""
    try:
        from docgen.pipeline import validate_paths
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("docgen"):
            raise DependencyError("本版本 docgen 尚未包含表格校验模块（docgen.pipeline），无法导入文件。") from exc
        raise
    report = validate_paths([str(p) for p in paths], policy=policy)
    return report, import_report(registry, report)
