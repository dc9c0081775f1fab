"""Make a notice: checked request → rendered .docx (→ PDF). The only place the domain meets the engine."""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from docgen.notices.kinds import NoticeRequest, build, template_path


@dataclass
class NoticeResult:
    docx: Path
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. a year the holiday calendar has no data for
    request: NoticeRequest | None = None  # what it was made from: its entries in the notice's order, the defaults filled


def default_output(kind: str, day) -> Path:
    return Path("outputs") / f"{kind}-{day.isoformat()}.docx"


def make_notice(req: NoticeRequest, out: Path | None = None, pdf: bool = False,
                template: Path | None = None) -> NoticeResult:
    """Write the notice of `req` to `out` (default outputs/<kind>-<date>.docx); optionally its PDF."""
    from docgen.formats.gongwen.engine import render_notice

    context, layout, notes = build(req)  # every check is done by now: nothing written yet on error
    out = Path(out) if out else default_output(req.kind, req.date)
    render_notice(template or template_path(req.kind), context, layout, out)
    result = NoticeResult(out, notes=notes)
    if pdf:
        from docgen.formats.pdf_export import to_pdf

        result.pdf = to_pdf([out], out.parent)[0]
    return result


def split_cc(items) -> list[str]:
    """抄送机关 as typed (repeated, or one line separated by 、，,) → one name each."""
    if isinstance(items, str):
        items = [items]
    return [part.strip() for item in items or () for part in str(item).replace("、", "，").replace(",", "，").split("，")
            if part.strip()]


def draft(kind: str, records: list[dict], *, doc_number: str, day: date, issuer: str | None = None, cc=(),
          out: Path | None = None, pdf: bool = False, **options) -> NoticeResult:
    """The notice of `kind` from plain list records (the shape `--data` reads): checked, requested, made.
    What `docgen notice <kind>` and the portal both call; `options` are the kind's (NoticeRequest fields)."""
    from docgen.notices.data import check_entries

    with _warnings.catch_warnings(record=True) as caught:
        _warnings.simplefilter("always")
        entries = check_entries(records, kind)
        request = NoticeRequest(kind=kind, entries=entries, doc_number=doc_number, date=day, issuer=issuer,
                                cc=split_cc(cc), **options)
        result = make_notice(request, out=out, pdf=pdf)
    result.warnings = [str(w.message) for w in caught]
    result.request = request
    return result
