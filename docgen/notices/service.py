"""Make a notice: checked request → rendered .docx (→ PDF). The only place the domain meets the engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docgen.notices.kinds import NoticeRequest, build, template_path


@dataclass
class NoticeResult:
    docx: Path
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)


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
