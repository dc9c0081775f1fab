"""Notices drafted on the province's desk from what the portal holds (docs/portal.md "What each does"):
the publicity from the year's shortlist, the announcement from the list publicised, the annual call from
the registry's valid clusters (or its overdue list), the review and revocation from its due lists — or
any of them from a list given inline. Drafting itself is `docgen.notices.service.draft`, the function
`docgen notice <kind>` calls; here only where the list comes from, the file store and the record.

Drafting the publicity from the shortlist is the act of publicising it: the shortlisted packages it
names move to `publicised` in the transaction that records the draft. The PDF preview is made once, on
first request, by the project's LibreOffice export (a profile of its own per conversion) and stored.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import select

from docgen.catalogue import programme
from docgen.errors import DependencyError, DocgenError
from docgen.notices.kinds import KINDS
from docgen.portal import access
from docgen.portal import models as m
from docgen.registry.matching import name_key

log = logging.getLogger(__name__)

PDF_SECONDS = 60.0  # one notice converts in a few seconds; well inside a web worker's timeout

SOURCE_TEXT = {"shortlist": "本年度入围名单", "publicised": "已公示的名单", "recognised": "名录中有效期内的集群",
               "overdue": "名录中逾期未报年度信息表的集群", "due": "名录到期事项清单", "inline": "随请求提供的名单"}
# Where each kind's list comes from when none is given inline; the first is the default.
SOURCES = {"publicity": ("shortlist",), "announcement": ("publicised",), "annual-call": ("recognised", "overdue"),
           "review": ("due",), "revocation": ("due",)}
# The kind's options: (name, 中文, type, what it is when left empty). Names are the API's JSON keys and the page's form fields.
OPTIONS = {
    "publicity": [("year", "认定年度", "int", "默认成文日期所在年"), ("from", "公示起始日", "date", "默认成文日期"),
                  ("days", "公示工作日数", "int", "默认 5 个工作日"), ("contact", "联系人及电话", "text", "")],
    "announcement": [("year", "认定年度", "int", "默认成文日期所在年")],
    "annual-call": [("report_year", "报送年度", "int", "默认截止日期的上一年"),
                    ("deadline", "截止日期", "date", f"默认成文日期当天或之后的第一个{programme().deadline_text}"),
                    ("source", "名单来源", "source", "")],
    "review": [("deadline", "复核材料截止日期", "date", "默认成文日期后 30 天")],
    "revocation": [],
}
_REQUEST_FIELD = {"from": "start"}  # option name → NoticeRequest field, where they differ

MISSING_TEXT = ("服务器上没有可用的 LibreOffice，暂时无法生成 PDF 预览。公文 .docx 已生成，可先下载用 WPS 或 Word 查看；"
                "请联系系统管理员安装 LibreOffice（scripts/install-system-deps.sh）。")
FAILED_TEXT = "LibreOffice 未能把这份公文转换为 PDF（已记录）。公文 .docx 仍可下载；请稍后重试，若反复出现请联系系统管理员。"


class PdfUnavailable(access.PortalError):
    status, code = 503, "pdf.unavailable"


@dataclass
class DraftRequest:
    """One notice to draft, as the page's form or the API's JSON gives it (values still raw)."""

    kind: str
    doc_number: str
    date: str | date | None
    options: dict = field(default_factory=dict)
    cc: list[str] | str = ()
    data: list | None = None  # the list inline, in the shape `docgen notice … --data` reads
    keep: list[str] | None = None  # the page's checkboxes: cluster names kept (None: all)
    results: dict[str, str] | None = None  # review: cluster name → 通过 / 未通过


def _bad(message: str, code: str = "notice.invalid") -> access.Unprocessable:
    return access.Unprocessable(message, code=code)


def parse_date(raw, label: str) -> date | None:
    """A date as the CLI reads one (`typed.parse_date`: 2026-06-01, 2026年6月1日, …); None when empty."""
    from docgen.typed import parse_date as read_date

    if raw is None or raw == "":
        return None
    if isinstance(raw, date):
        return raw
    day = read_date(str(raw))
    if day is None:
        raise _bad(f"{label}「{raw}」应为 YYYY-MM-DD 格式的日期，例如 2026-06-01。", "notice.date")
    return day


def _int(raw, label: str) -> int | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not str(raw).strip().isdigit():
        raise _bad(f"{label}「{raw}」应为整数。", "notice.option")
    return int(str(raw).strip())


def parse_options(kind: str, raw: dict) -> dict:
    """The kind's options from form or JSON values → typed values (missing ones left to the notice's defaults)."""
    out: dict = {}
    for name, label, kind_of, _default in OPTIONS[kind]:
        value = raw.get(name)
        if kind_of == "int":
            value = _int(value, label)
            if value is not None and name.endswith("year") and not 2000 <= value <= 2100:
                raise _bad(f"{label}应为四位数字年度，如 2026。", "notice.option")
            if name == "days" and value is not None and not 1 <= value <= 60:
                raise _bad("公示工作日数应在 1 到 60 之间。", "notice.option")
        elif kind_of == "date":
            value = parse_date(value, label)
        elif kind_of == "source":
            value = (str(value).strip() if value else "") or SOURCES[kind][0]
            if value not in SOURCES[kind]:
                raise _bad(f"名单来源「{value}」不可用，应为：{'、'.join(SOURCES[kind])}。", "notice.option")
        else:
            value = str(value).strip()[:200] if value else None
        if value is not None:
            out[name] = value
    return out


def _key(county, name) -> tuple[str, str]:
    return name_key(county), name_key(name)


# --- where a list comes from ---------------------------------------------------------------------

def _year(kind: str, day: date, opts: dict) -> int:
    return opts.get("year") or day.year  # NoticeRequest's default for publicity and announcement


def _annual_report_year(day: date, opts: dict) -> int:
    # As NoticeRequest settles it: the year given, else the year before the deadline given, else the year
    # before the next deadline on or after the notice's date. Needed first here to pick who owes it.
    if opts.get("report_year"):
        return opts["report_year"]
    deadline = opts.get("deadline") or programme().next_annual_deadline(day)
    return deadline.year - 1


def _valid_clusters(session, on: date, report_year: int) -> list[dict]:
    """The registry's clusters valid on `on`, recognised in or before `report_year` (they owe its table)."""
    from docgen.registry.loading import load_bundles

    out = []
    for b in load_bundles(session, with_files=False):
        st = b.standing
        if st.state_on(on) == "valid" and st.recognition.published_on.year <= report_year:
            out.append({**b.identity(), "applicant_org": b.cluster.applicant_org})
    return out


def latest_publicity(session, year: int) -> m.NoticeDraft | None:
    return session.scalar(select(m.NoticeDraft).where(m.NoticeDraft.kind == "publicity", m.NoticeDraft.year == year)
                          .order_by(m.NoticeDraft.id.desc()).limit(1))


def source_list(portal, session, kind: str, day: date, opts: dict) -> tuple[list[dict], str, int | None]:
    """(records, source, shortlist id) of the kind's list as the portal holds it; 422 when there is none."""
    from docgen.notices.data import records_from_due
    from docgen.portal import shortlist
    from docgen.registry.due import due_lists

    source = opts.get("source") or SOURCES[kind][0]
    if kind == "publicity":
        year = _year(kind, day, opts)
        row = shortlist.current(session, year)
        if row is None:
            raise _bad(f"{year} 年还没有入围名单：请先在“入围名单”页上传。", "notice.no_list")
        return list(row.entries), source, row.id
    if kind == "announcement":
        year = _year(kind, day, opts)
        row = latest_publicity(session, year)
        if row is None:
            raise _bad(f"{year} 年还没有起草公示：名单公布通知的名单取自已公示的名单，请先起草公示。", "notice.no_list")
        return list(row.entries), source, row.shortlist_id
    if kind == "annual-call" and source == "recognised":
        records = _valid_clusters(session, day, _annual_report_year(day, opts))
        if not records:
            raise _bad(f"名录中截至 {day.isoformat()} 没有有效期内的集群，未生成公文。", "notice.no_list")
        return records, source, None
    try:
        return records_from_due(kind, due_lists(portal.registry, portal.config.current_date())), source, None
    except DocgenError as exc:
        raise _bad(exc.message, "notice.no_list") from None


def _chosen(records: list[dict], keep: list[str] | None, results: dict[str, str] | None) -> list[dict]:
    if keep is not None:
        wanted = {name_key(n) for n in keep}
        records = [r for r in records if name_key(r.get("cluster_name")) in wanted]
    if results:
        by_key = {name_key(k): v for k, v in results.items() if v}
        records = [{**r, "result": by_key.get(name_key(r.get("cluster_name")), r.get("result", ""))} for r in records]
    return records


def _inline(data) -> list[dict]:
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise _bad("data 应为一个列表，每项是一个集群（含 city、county、cluster_name、leading_industry），"
                   "与 docgen notice … --data 读取的格式相同。", "notice.data")
    return data


# --- drafting ----------------------------------------------------------------------------------

def _tmp(portal) -> Path:
    root = portal.config.data / "tmp"
    root.mkdir(parents=True, exist_ok=True)
    return root


def draft_notice(portal, account: m.Account, req: DraftRequest) -> tuple[m.NoticeDraft, list[str]]:
    """Draft, store and record one notice; (the record, messages for the user: calendar warnings, packages moved)."""
    from docgen.notices.service import draft

    access.require(account, m.PROVINCE)
    if req.kind not in KINDS:
        raise _bad(f"未知的公文类型「{req.kind}」，可用：{'、'.join(KINDS)}。", "notice.kind")
    day = parse_date(req.date, "成文日期")
    if day is None:
        raise _bad("请填写成文日期（YYYY-MM-DD）。", "notice.date")
    if not str(req.doc_number or "").strip():
        raise _bad("请填写发文字号，例如 陕工信发〔2026〕12号。", "notice.doc_number")
    opts = parse_options(req.kind, req.options or {})
    with portal.registry.reading() as s:
        if req.data is not None:
            records, source, shortlist_id = _inline(req.data), "inline", None
        else:
            records, source, shortlist_id = source_list(portal, s, req.kind, day, opts)
    records = _chosen(records, req.keep, req.results)
    kwargs = {_REQUEST_FIELD.get(k, k): v for k, v in opts.items() if k != "source"}
    with tempfile.TemporaryDirectory(dir=_tmp(portal)) as tmp:
        try:
            result = draft(req.kind, records, doc_number=str(req.doc_number).strip(), day=day, cc=req.cc,
                           out=Path(tmp) / f"{req.kind}.docx", **kwargs)
        except DocgenError as exc:
            raise _bad(exc.message) from None
        data = result.docx.read_bytes()
    sha = portal.store.put(data, "docx")
    notice = result.request
    extra = {_key(r.get("county"), r.get("cluster_name")): r for r in records}
    entries = []
    for e in notice.entries:
        source_row = extra.get(_key(e.county, e.cluster_name), {})
        entries.append({**asdict(e), **{k: source_row[k] for k in ("cluster_id", "applicant_org") if source_row.get(k)}})
    year = notice.report_year if req.kind == "annual-call" else notice.year
    notes = [*result.notes, *(f"警告：{w}" for w in result.warnings)]
    stored_opts = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in opts.items()}
    stored_opts |= {"cc": list(notice.cc), "notes": notes}
    if notice.deadline is not None:
        stored_opts["deadline"] = notice.deadline.isoformat()
    from docgen.portal.service import audit, now

    with portal.registry.transaction() as s:
        row = m.NoticeDraft(kind=req.kind, year=year, doc_number=notice.doc_number, notice_date=day, source=source,
                            shortlist_id=shortlist_id, entries=entries, options=stored_opts, docx_sha256=sha,
                            pdf_sha256=None, account_id=account.id, created_by=account.username, created_at=now())
        s.add(row)
        s.flush()
        audit(s, account, "notice_drafted", "notice", row.id, None, None,
              f"{KINDS[req.kind]} {notice.doc_number}（{len(entries)} 个集群，名单来自{SOURCE_TEXT[source]}）")
        messages = [f"警告：{w}" for w in result.warnings]
        if req.kind == "publicity" and source == "shortlist":
            moved = _publicise(s, account, year, entries, row.id)
            messages.append(f"名单所列的 {moved} 个已入围申报进入“公示中”。")
    return row, messages


def _publicise(session, account: m.Account, year: int, entries: list[dict], notice_id: int) -> int:
    from docgen.portal.service import move, named_packages

    named = named_packages(session, year, (m.SHORTLISTED,), entries)[0]
    for pkg in named:
        move(session, account, pkg, m.PUBLICISED, "publicised", f"公示 {notice_id}")
    return len(named)


def get_draft(session, account: m.Account, draft_id: int) -> m.NoticeDraft:
    access.require(account, m.PROVINCE)
    row = session.get(m.NoticeDraft, draft_id)
    if row is None:
        raise access.NotFound("没有这份公文草稿。")
    return row


def drafts(portal, account: m.Account) -> list[m.NoticeDraft]:
    access.require(account, m.PROVINCE)
    with portal.registry.reading() as s:
        return s.scalars(select(m.NoticeDraft).order_by(m.NoticeDraft.id.desc()).limit(200)).all()


def file_name(row: m.NoticeDraft, ext: str) -> str:
    return f"{KINDS[row.kind]}-{row.doc_number}.{ext}"


def docx_of(portal, account: m.Account, draft_id: int) -> tuple[bytes, str]:
    with portal.registry.reading() as s:
        row = get_draft(s, account, draft_id)
    return portal.store.get(row.docx_sha256, "docx"), file_name(row, "docx")


def pdf_of(portal, account: m.Account, draft_id: int) -> tuple[bytes, str]:
    """The draft's PDF: converted by LibreOffice the first time it is asked for, then the stored one."""
    from docgen.formats import pdf_export

    with portal.registry.reading() as s:
        row = get_draft(s, account, draft_id)
    name = file_name(row, "pdf")
    if row.pdf_sha256:
        return portal.store.get(row.pdf_sha256, "pdf"), name
    try:
        pdf_export.soffice_path()
    except DependencyError:
        raise PdfUnavailable(MISSING_TEXT) from None
    with tempfile.TemporaryDirectory(dir=_tmp(portal)) as tmp:
        source = Path(tmp) / f"{row.kind}.docx"
        source.write_bytes(portal.store.get(row.docx_sha256, "docx"))
        try:
            made = pdf_export.to_pdf([source], Path(tmp) / "pdf", timeout=PDF_SECONDS)[0]
        except DependencyError as exc:
            log.warning("PDF conversion of notice %s failed: %s", row.id, exc.message)
            raise PdfUnavailable(FAILED_TEXT) from None
        data = made.read_bytes()
    sha = portal.store.put(data, "pdf")
    with portal.registry.transaction() as s:
        stored = s.get(m.NoticeDraft, row.id)
        if stored.pdf_sha256 is None:  # the first conversion stays the preview
            stored.pdf_sha256 = sha
        elif stored.pdf_sha256 != sha:
            return portal.store.get(stored.pdf_sha256, "pdf"), name
    return data, name
