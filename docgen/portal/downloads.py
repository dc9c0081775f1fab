"""Files leaving the portal: blank forms made for the caller's unit, stored files, all as attachments.

Every download is `Content-Disposition: attachment` with an RFC 5987 file name (werkzeug writes
`filename*=UTF-8''…`), and `nosniff` (set for every response): a browser never renders an upload inline.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from flask import send_file

from docgen.portal import access

_MIME = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "pdf": "application/pdf", "zip": "application/zip"}


def attachment(data: bytes, name: str):
    ext = Path(name).suffix.lower().lstrip(".")
    return send_file(io.BytesIO(data), mimetype=_MIME.get(ext, "application/octet-stream"), as_attachment=True,
                     download_name=name, max_age=0)


def generated_pdf(data: bytes, name: str):
    """A PDF docgen itself made (a notice's preview), served inline so the browser shows it: the one
    exception to "always an attachment", never for a file a user uploaded."""
    return send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=False, download_name=name, max_age=0)


def kit_forms() -> list[tuple[str, str, str]]:
    """(form id, 中文名, format) of the forms a county fills: the catalogue's kit, not restated."""
    from docgen.catalogue import kit_forms as kit
    from docgen.schema import load_form

    return [(fid, load_form(fid).title, load_form(fid).format) for fid in kit()]


def unit_clusters(portal, unit: str) -> list:
    """The registry's clusters of this county-level unit (what a form can be pre-filled with)."""
    from sqlalchemy import select

    from docgen.registry import models as r

    with portal.registry.reading() as s:
        return s.scalars(select(r.Cluster).where(r.Cluster.county == unit).order_by(r.Cluster.cluster_id)).all()


def cluster_of(portal, unit: str, cluster_id: str | None):
    """The unit's cluster of that id; NotFound for any other (another county's is as if it did not exist)."""
    if not cluster_id:
        return None
    for c in unit_clusters(portal, unit):
        if c.cluster_id == cluster_id:
            return c
    raise access.NotFound("本单位没有这个集群编号。")


def one_form(unit: str, form_id: str, *, cluster: str | None, year: int | None,
             cluster_id: str | None = None) -> tuple[bytes, str]:
    from docgen.errors import UsageError
    from docgen.generate import new_form

    if form_id not in {f for f, _t, _x in kit_forms()}:
        raise access.NotFound("没有这种表格。")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            path = new_form(form_id, Path(tmp), county=unit, cluster=cluster or None, year=year,
                            cluster_id=cluster_id or None)
        except UsageError as exc:
            raise access.PortalError(exc.message, code="form.options") from None
        return path.read_bytes(), path.name


def kit_zip(unit: str, year: int | None) -> tuple[bytes, str]:
    from docgen.generate import kit

    with tempfile.TemporaryDirectory() as tmp:
        paths = kit(unit, Path(tmp), year=year)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for p in [*paths, Path(tmp) / "kit.json"]:
                zf.write(p, p.name)
        return buf.getvalue(), f"申报表格-{unit}.zip"


def parse_year(raw: str | None) -> int | None:
    if not raw:
        return None
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise access.PortalError("年度应为四位数字，如 2026。", code="form.year")
    return int(raw)
