"""One cluster's whole history (`registry show`) and the whole registry as a workbook (`export`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from docgen.atomic import write_atomic
from docgen.registry import models as m
from docgen.registry.decisions import find_cluster
from docgen.registry.due import compute_due, settings_from_db
from docgen.registry.loading import Bundle, load_bundles

STATE_LABELS = {"valid": "有效期内", "expired": "有效期已满", "revoked": "已撤销", "not_recognised": "未认定"}


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def _files(session, cluster_pk: int) -> list[m.ImportedFile]:
    return list(session.scalars(select(m.ImportedFile).where(m.ImportedFile.cluster_pk == cluster_pk)
                                .order_by(m.ImportedFile.id)))


def cluster_history(registry, ref: str, on: date | None = None) -> dict:
    on = on or date.today()
    with registry.reading() as session:
        cluster = find_cluster(session, ref)
        b = load_bundles(session, cluster_pks=[cluster.id])[0]
        st = b.standing
        current = {f.id for f in b.current_annual().values()}
        due = compute_due([b], on, settings_from_db(session))
        files = _files(session, cluster.id)
        return {
            **b.identity(), "applicant_org": cluster.applicant_org,
            "state": st.state_on(on), "state_label": STATE_LABELS[st.state_on(on)],
            "valid_until": _iso(st.valid_until),
            "recognitions": [{"list_year": r.list_year, "doc_number": r.doc_number,
                              "published_on": _iso(r.published_on), "valid_until": _iso(r.valid_until)}
                             for r in sorted(b.recognitions, key=lambda r: r.published_on)],
            "annual_filings": [{"report_year": f.report_year, "fill_date": _iso(f.fill_date),
                                "incident": f.incident, "current": f.id in current, "path": f.file.path,
                                "sha256": f.file.sha256}
                               for f in sorted(b.annual, key=lambda f: (f.report_year, f.id))],
            "change_reports": [{"change_date": _iso(c.change_date), "fill_date": _iso(c.fill_date)}
                               for c in sorted(b.changes, key=lambda c: c.id)],
            "review_filings": [{"fill_date": _iso(f.fill_date)} for f in b.review_filings],
            "review_decisions": [{"result": d.result, "decided_on": _iso(d.decided_on), "doc_number": d.doc_number,
                                  "due_on": _iso(d.due_on)} for d in sorted(b.decisions, key=lambda d: d.decided_on)],
            "revocations": [{"ground": r.ground, "doc_number": r.doc_number, "decided_on": _iso(r.decided_on)}
                            for r in b.revocations],
            "files": [{"path": f.path, "sha256": f.sha256, "form": f.form, "status": f.status, "valid": f.valid,
                       "imported_at": f.imported_at.isoformat(sep=" "), "issues": len(f.issues or []),
                       "note": f.note} for f in files],
            "due": {k: v for k, v in due.items() if k != "on"},
        }


# --- export --------------------------------------------------------------------------------------

COLUMNS = ("集群编号", "集群名称", "设区市", "县（市、区）", "主导产业", "申报单位", "认定文号", "名单公布日期",
           "有效期至", "状态", "已报年度信息表", "逾期未报年度", "复核结果", "撤销依据", "撤销文号")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value):
    """Text a person typed, neutralised so a spreadsheet never runs it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _row(b: Bundle, due: dict, on: date) -> list:
    st = b.standing
    rec = st.recognition
    overdue = [str(o["report_year"]) for o in due["annual_overdue"] if o["cluster_id"] == b.cluster.cluster_id]
    return [b.cluster.cluster_id, b.cluster.cluster_name, b.cluster.city, b.cluster.county,
            b.cluster.leading_industry, b.cluster.applicant_org or "",
            rec.doc_number if rec else "", rec.published_on if rec else None, st.valid_until,
            STATE_LABELS[st.state_on(on)], "、".join(str(y) for y in sorted(b.current_annual())),
            "、".join(overdue),
            f"{st.last_decision.result}（{st.last_decision.decided_on.isoformat()}）" if st.last_decision else "",
            st.revocation.ground if st.revocation else "", st.revocation.doc_number if st.revocation else ""]


def export_xlsx(registry, out_path: Path, on: date | None = None) -> int:
    """Every cluster with its state, one row each; returns the number of clusters. Written atomically."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    on = on or date.today()
    with registry.reading() as session:
        bundles = load_bundles(session, with_files=False)
        due = compute_due(bundles, on, settings_from_db(session))
        rows = [_row(b, due, on) for b in bundles]
    wb = Workbook()
    ws = wb.active
    ws.title = "集群名录"
    ws.append([f"陕西省中小企业特色产业集群名录（截至 {on.year}年{on.month}月{on.day}日）"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(list(COLUMNS))
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        ws.append([safe_text(v) for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            elif isinstance(cell.value, date):
                cell.number_format = "yyyy-mm-dd"
    widths = (12, 30, 11, 13, 20, 26, 22, 13, 12, 11, 16, 14, 20, 15, 22)
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = "C3"
    ws.auto_filter.ref = f"A2:{chr(ord('A') + len(COLUMNS) - 1)}{max(ws.max_row, 2)}"
    write_atomic(out_path, wb.save)
    return len(rows)
