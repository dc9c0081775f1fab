"""The five notice kinds: what each supplies to its template, its title and its attachment table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from docgen.catalogue import programme
from docgen.errors import InputError
from docgen.formats.gongwen.spec import Attachment, Layout, Table
from docgen.notices.data import check_doc_number
from docgen.notices.model import GROUNDS, ClusterEntry, date_text
from docgen.notices.workdays import DEFAULT_PUBLICITY_DAYS, WorkCalendar

KINDS: dict[str, str] = {
    "publicity": "公示",
    "announcement": "名单公布通知",
    "annual-call": "年度培育情况报送通知",
    "review": "复核通知／复核结果通知",
    "revocation": "撤销认定通知",
}

COMMON_VARIABLES = frozenset({
    "title", "issuer", "date_text", "doc_number", "recipients", "attachment_note", "cluster_count", "year",
    "measures",
})
KIND_VARIABLES: dict[str, frozenset[str]] = {
    "publicity": frozenset({"period_start", "period_end", "period_days", "contact"}),
    "announcement": frozenset(),
    "annual-call": frozenset({"report_year", "deadline"}),
    "review": frozenset({"has_results", "passed_count", "failed_count", "deadline"}),
    "revocation": frozenset({"grounds_text"}),
}
# A template that drops one of these would print a notice missing its point.
REQUIRED_VARIABLES: dict[str, frozenset[str]] = {
    "publicity": frozenset({"title", "date_text", "issuer", "period_start", "period_end"}),
    "announcement": frozenset({"title", "date_text", "issuer"}),
    "annual-call": frozenset({"title", "date_text", "issuer", "deadline"}),
    "review": frozenset({"title", "date_text", "issuer", "has_results"}),
    "revocation": frozenset({"title", "date_text", "issuer", "grounds_text"}),
}


def template_variables(kind: str) -> set[str]:
    """Every Jinja variable the notice of `kind` supplies to its template."""
    if kind not in KINDS:
        raise InputError(f"未知的公文类型「{kind}」，可用：{'、'.join(KINDS)}。")
    return set(COMMON_VARIABLES | KIND_VARIABLES[kind])


@dataclass
class NoticeRequest:
    """Everything one notice is made from; checked on creation, before anything is written."""

    kind: str
    entries: list[ClusterEntry]
    doc_number: str
    date: date
    issuer: str | None = None  # default: the programme's issuer (陕西省工业和信息化厅)
    cc: list[str] = field(default_factory=list)
    year: int | None = None  # publicity / announcement: the recognition year (default: the date's)
    start: date | None = None  # publicity: first day (default: the date)
    days: int = DEFAULT_PUBLICITY_DAYS
    calendar: WorkCalendar = field(default_factory=WorkCalendar)
    contact: str = ""
    report_year: int | None = None  # annual-call (default: the year before the deadline)
    deadline: date | None = None  # annual-call (default: programme's deadline, see __post_init__); review call

    def __post_init__(self):
        template_variables(self.kind)  # unknown kind → InputError
        self.doc_number = check_doc_number(self.doc_number)
        if not self.entries:
            raise InputError("名单为空：至少需要一个集群。")
        if self.issuer is None:
            self.issuer = programme().issuer
        if not self.issuer.strip():
            raise InputError("发文机关（--issuer）不能为空。")
        if self.doc_number[self.doc_number.index("〔") + 1:self.doc_number.index("〔") + 5] != str(self.date.year):
            # Not fatal in law, but almost always a typo: the 文号's year is the year it is issued.
            raise InputError(f"发文字号「{self.doc_number}」的年份与成文日期 {date_text(self.date)} 不一致，请核对。")
        if self.year is None:
            self.year = self.date.year
        prog = programme()
        if self.kind == "annual-call":
            # Without a deadline: the tables of report year Y are due on 3月31日 of Y+1, so a call
            # drafted on a date asks for the next such deadline on or after it, for the year before it.
            if self.deadline is None:
                self.deadline = (prog.annual_deadline_for(self.report_year) if self.report_year is not None
                                 else prog.next_annual_deadline(self.date))
            if self.report_year is None:
                self.report_year = self.deadline.year - 1
        if self.report_year is None:
            self.report_year = self.date.year - 1
        if self.kind == "review" and self.deadline is None:
            self.deadline = self.date + timedelta(days=30)
        if self.deadline is not None and self.deadline < self.date:
            raise InputError(f"截止日期 {date_text(self.deadline)} 早于成文日期 {date_text(self.date)}，请核对 --deadline。")


def _list_table(entries: list[ClusterEntry], last: tuple[str, Callable[[ClusterEntry], str]] | None = None) -> Table:
    """序号 · 设区市 · 县（市、区） · 集群名称 · 主导产业; review results and revocations put their
    result / ground in the last column instead of 主导产业 (five columns fit 四号 across the 版心)."""
    header, value = last or ("主导产业", lambda e: e.leading_industry)
    columns = ["序号", "设区市", "县（市、区）", "集群名称", header]
    rows = [[str(i), e.city, e.county, e.cluster_name, value(e)] for i, e in enumerate(entries, 1)]
    return Table(columns, rows, [0.7, 1.3, 1.4, 3.0, 1.8], [True, True, True, False, last is not None])


def _title(req: NoticeRequest, has_results: bool) -> str:
    return {
        "publicity": f"关于{req.year}年度陕西省中小企业特色产业集群拟认定名单的公示",
        "announcement": f"关于公布{req.year}年度陕西省中小企业特色产业集群名单的通知",
        "annual-call": f"关于报送{req.report_year}年度陕西省中小企业特色产业集群培育情况的通知",
        "review": ("关于陕西省中小企业特色产业集群复核结果的通知" if has_results
                   else "关于开展陕西省中小企业特色产业集群复核工作的通知"),
        "revocation": "关于撤销部分陕西省中小企业特色产业集群认定的通知",
    }[req.kind]


def _attachment(req: NoticeRequest, has_results: bool) -> Attachment:
    e = req.entries
    if req.kind == "publicity":
        return Attachment(f"{req.year}年度陕西省中小企业特色产业集群拟认定名单", _list_table(e))
    if req.kind == "announcement":
        return Attachment(f"{req.year}年度陕西省中小企业特色产业集群名单", _list_table(e))
    if req.kind == "annual-call":
        return Attachment(f"需报送{req.report_year}年度培育情况的集群名单", _list_table(e))
    if req.kind == "review":
        if has_results:
            return Attachment("陕西省中小企业特色产业集群复核结果", _list_table(e, ("复核结果", lambda x: x.result)))
        return Attachment("有效期届满需复核的集群名单", _list_table(e))
    return Attachment("撤销认定的集群名单", _list_table(e, ("撤销依据", lambda x: x.ground)))


def build(req: NoticeRequest) -> tuple[dict, Layout, list[str]]:
    """(template context, layout, notes for the user) of a checked request."""
    has_results = req.kind == "review" and all(x.result for x in req.entries)
    attachment = _attachment(req, has_results)
    ctx = {
        "title": _title(req, has_results),
        "issuer": req.issuer,
        "date_text": date_text(req.date),
        "doc_number": req.doc_number,
        "recipients": programme().recipients,
        "attachment_note": attachment.title,
        "cluster_count": len(req.entries),
        "year": req.year,
        "measures": programme().measures,
    }
    notes: list[str] = []
    if req.kind == "publicity":
        first, last = req.calendar.period(req.start or req.date, req.days)
        ctx |= {"period_start": date_text(first), "period_end": date_text(last), "period_days": req.days,
                "contact": req.contact}
        notes.append(f"公示期：{date_text(first)}至{date_text(last)}（{req.days}个工作日）")
    elif req.kind == "annual-call":
        ctx |= {"report_year": req.report_year, "deadline": date_text(req.deadline)}
    elif req.kind == "review":
        passed = sum(1 for x in req.entries if x.result == "通过")
        ctx |= {"has_results": has_results, "passed_count": passed,
                "failed_count": len(req.entries) - passed if has_results else 0,
                "deadline": date_text(req.deadline)}
    elif req.kind == "revocation":
        items = sorted({x.ground_item for x in req.entries}, key="一二三四五".index)
        ctx["grounds_text"] = "、".join(f"第十九条第（{i}）项所列“{GROUNDS[i]}”" for i in items)
    layout = Layout(
        issuer_mark=f"{req.issuer}文件",
        doc_number=req.doc_number,
        cc=list(req.cc),
        printer=f"{req.issuer}办公室",
        print_date=date_text(req.date),
        attachments=[attachment],
    )
    return ctx, layout, notes


def template_path(kind: str) -> Path:
    from docgen.resources import forms_dir

    return forms_dir() / "notices" / f"{kind}.docx"
