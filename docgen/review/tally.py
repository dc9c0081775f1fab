"""The tally (REVIEW.md): returned scoring sheets read back by the form readers, every rule checked with
its issue code, the final score, the ranking and the shortlist.

Scores are exact decimals read from the cells' text. Final score: with `trim_from` (5) or more
complete totals, drop one highest and one lowest and average the rest; fewer, the plain mean. Ranked
on the exact value; equal finals are broken by the mean of each `tie_break` indicator in turn; still
equal → the same rank (并列). An application is ranked only when every assigned expert's score for it
is complete and valid.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

from docgen.issues import ERROR, Issue, make_issue
from docgen.review.index import ReviewIndex
from docgen.typed import NumberError, clean_text, parse_number

FORM = "review_scores"
_PREC = 50  # digits of a mean: far past any tie a person could see


@dataclass
class AppResult:
    application_id: str
    cluster_name: str
    city: str
    county: str
    leading_industry: str
    experts: list[str]  # assigned, in order
    scores: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # expert → indicator → score
    complete: bool = False
    final: Decimal | None = None
    rank: int | None = None
    tied: bool = False
    shortlisted: bool = False

    def total(self, expert: str) -> Decimal | None:
        s = self.scores.get(expert)
        return sum(s.values(), Decimal(0)) if s is not None else None

    def totals(self) -> dict[str, Decimal]:
        return {e: self.total(e) for e in self.experts if e in self.scores}

    def mean_of(self, indicator: str) -> Decimal:
        vals = [s[indicator] for s in self.scores.values()]
        with localcontext() as ctx:
            ctx.prec = _PREC
            return sum(vals, Decimal(0)) / len(vals) if vals else Decimal(0)

    @property
    def final_shown(self) -> Decimal | None:
        """Rounded half-up to two places, as printed."""
        return None if self.final is None else self.final.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Tally:
    applications: list[AppResult]
    issues: list[Issue]
    sheets: list[Path]

    def to_dict(self) -> dict:
        """`docgen review tally --json`."""
        def num(d):
            return None if d is None else (int(d) if d == d.to_integral_value() else float(d))

        return {
            "applications": [{
                "application_id": a.application_id, "cluster_name": a.cluster_name, "city": a.city, "county": a.county,
                "scores": {e: num(t) for e, t in a.totals().items()}, "final": num(a.final_shown),
                "rank": a.rank, "tied": a.tied, "shortlisted": a.shortlisted, "complete": a.complete,
            } for a in self.applications],
            "issues": [i.to_dict() for i in self.issues],
        }

    def shortlist(self) -> list[dict]:
        """The shortlist in the shape `docgen notice publicity --data` reads (extra keys are ignored there)."""
        chosen = sorted((a for a in self.applications if a.shortlisted), key=lambda a: (a.rank, a.application_id))
        return [{"city": a.city, "county": a.county, "cluster_name": a.cluster_name,
                 "leading_industry": a.leading_industry, "application_id": a.application_id,
                 "final": float(a.final_shown), "rank": a.rank} for a in chosen]


def final_score(totals: list[Decimal], trim_from: int) -> Decimal:
    """去掉一个最高分和一个最低分 when there are `trim_from` or more, then the mean; exact."""
    vals = sorted(totals)
    if len(vals) >= trim_from:
        vals = vals[1:-1]
    with localcontext() as ctx:
        ctx.prec = _PREC
        return sum(vals, Decimal(0)) / len(vals)


def _where(path: Path, rv) -> str:
    return f"{path.name} {rv.location}" if rv is not None and rv.location else path.name


def _text(rv) -> str:
    if rv is None:
        return ""
    return clean_text(rv.text if rv.text is not None else ("" if rv.native is None else str(rv.native)))


def check_scores(index: ReviewIndex, texts: dict[str, str], *, expert_id: str, application_id: str,
                 row: int | None = None, labels: dict[str, str] | None = None,
                 where=None) -> tuple[dict[str, Decimal] | None, list[Issue]]:
    """One expert's scores of one application as typed (indicator id → text): every indicator present,
    a number, within 0…max. The values when all pass, else None; the issues either way. The sheet read back
    and the portal's scoring page both check through here."""
    got, issues = {}, []
    for ind in index.indicators:
        label = (labels or {}).get(ind.id, ind.label)
        location = where(ind.id) if where else None
        common = {"field": f"scores.{ind.id}", "row": row, "label": label, "location": location,
                  "expert_id": expert_id, "application_id": application_id}
        text = clean_text(texts.get(ind.id) or "")
        if not text:
            issues.append(make_issue("review.score_missing", **common, detail=f"的「{label}」未评分"))
            continue
        try:
            value, _ = parse_number(text, None)
        except NumberError:
            issues.append(make_issue("field.type_number", field=common["field"], row=row, label=label,
                                     location=location, value=text, unit="分"))
            continue
        if value < 0 or value > ind.max:
            issues.append(make_issue("review.score_out_of_range", **common, value=text, max=ind.max))
            continue
        got[ind.id] = value
    return (got if len(got) == len(index.indicators) else None), issues


class _Reader:
    """Reads sheets and collects issues; knows the assignment."""

    def __init__(self, assignment: dict, index: ReviewIndex):
        self.index = index
        self.issues: list[Issue] = []
        self.apps = {a["application_id"]: AppResult(
            a["application_id"], a.get("cluster_name") or "", a.get("city") or "", a.get("county") or "",
            a.get("leading_industry") or "", list(a.get("experts") or [])) for a in assignment["applications"]}
        self.owed: dict[str, set[str]] = {}
        for aid, a in self.apps.items():
            for e in a.experts:
                self.owed.setdefault(e, set()).add(aid)
        from docgen.schema import load_form

        self.labels = {f.name: f.label for g in load_form(FORM).groups for f in g.fields}

    def issue(self, code: str, **kw) -> None:
        self.issues.append(make_issue(code, **kw))

    def read(self, paths: list[Path]) -> dict[str, list[tuple[Path, object]]]:
        from docgen.formats.xlsx_read import read_xlsx

        by_expert: dict[str, list[tuple[Path, object]]] = {}
        for path in paths:
            raw = read_xlsx(path)
            errors = [i for i in raw.issues if i.severity == ERROR]
            if raw.form != FORM:
                detail = errors[0].message if errors else "读到的是其他表格"
                self.issue("review.not_scores", location=path.name, detail=detail.rstrip("。"), file=path.name)
                continue
            for i in raw.issues:  # reading problems (altered, read by label …) stay visible, with the file
                i.location = f"{path.name} {i.location}" if i.location else path.name
                self.issues.append(i)
            if any(i.code.startswith("file.") for i in errors):
                continue
            values = raw.by_field()
            eid = _text((values.get("expert_id") or [None])[0])
            if eid not in self.owed:
                self.issue("review.not_assigned", location=path.name, value=eid, file=path.name,
                           detail=f"评分表 {path.name} 的专家编号「{eid or '（空）'}」不在分配记录中")
                continue
            by_expert.setdefault(eid, []).append((path, raw))
        return by_expert

    def scores(self, eid: str, path: Path, raw) -> None:
        rows: dict[int, dict[str, object]] = {}
        for rv in raw.values:
            if rv.row is not None and rv.field.startswith("scores."):
                rows.setdefault(rv.row, {})[rv.field.split(".", 1)[1]] = rv
        seen: dict[str, int] = {}
        for n in sorted(rows):
            row = rows[n]
            aid = _text(row.get("application_id"))
            at = _where(path, row.get("application_id"))
            if aid not in self.owed[eid]:
                what = f"申报 {aid}" if aid else "没有申报编号的一行"
                self.issue("review.not_assigned", field="scores.application_id", row=n, location=at, value=aid or None,
                           expert_id=eid, application_id=aid, file=path.name,
                           detail=f"专家 {eid} 的评分表第{n}行评了{what}，该申报未分配给他")
                continue
            if aid in seen:
                self.issue("field.duplicate", field="scores.application_id", row=n, label="申报编号", location=at,
                           value=aid, other_row=seen[aid])
                continue
            seen[aid] = n
            if not any(_text(row.get(i.id)) for i in self.index.indicators):  # a row left blank: one issue
                self.issue("review.score_missing", row=n, location=at, expert_id=eid, application_id=aid,
                           detail="的各项评分均未填写")
                continue
            got, issues = check_scores(self.index, {i.id: _text(row.get(i.id)) for i in self.index.indicators},
                                       expert_id=eid, application_id=aid, row=n, labels=self.labels,
                                       where=lambda iid, row=row: _where(path, row.get(iid) or row.get("application_id")))
            self.issues.extend(issues)
            if got is not None:
                self.apps[aid].scores[eid] = got
        for aid in sorted(self.owed[eid] - set(seen)):
            self.issue("review.score_missing", location=path.name, expert_id=eid, application_id=aid,
                       detail="的评分（评分表中没有这一行）")


def tally(paths: list[Path], assignment: dict, index: ReviewIndex, *, top: int | None = None,
          min_score: Decimal | None = None) -> Tally:
    reader = _Reader(assignment, index)
    by_expert = reader.read(paths)
    for eid in sorted(reader.owed):
        sheets = by_expert.get(eid)
        if not sheets:
            for aid in sorted(reader.owed[eid]):
                reader.issue("review.score_missing", expert_id=eid, application_id=aid, detail="的评分表未提交")
        elif len(sheets) > 1:
            names = sorted(p.name for p, _ in sheets)
            reader.issue("review.duplicate_sheet", location="、".join(names), expert_id=eid, n=len(sheets),
                         files="、".join(names))
        else:
            reader.scores(eid, *sheets[0])
    apps = sorted(reader.apps.values(), key=lambda a: a.application_id)
    for a in apps:
        _outliers(reader, a, index)
        a.complete = bool(a.experts) and all(e in a.scores for e in a.experts)
        if a.complete:
            a.final = final_score(list(a.totals().values()), index.trim_from)
    _rank(apps, index)
    floor = index.min_score if min_score is None else min_score
    for a in apps:
        a.shortlisted = a.complete and a.rank is not None and (top is None or a.rank <= top) and a.final >= floor
    return Tally(apps, reader.issues, list(paths))


def _outliers(reader: _Reader, a: AppResult, index: ReviewIndex) -> None:
    totals = a.totals()
    if len(totals) < 3:
        return
    median = statistics.median(totals.values())
    for e, t in totals.items():
        diff = abs(t - median)
        if diff > index.outlier_points:
            reader.issue("review.outlier", expert_id=e, application_id=a.application_id, total=t, median=median,
                         diff=diff, limit=index.outlier_points)


def _rank(apps: list[AppResult], index: ReviewIndex) -> None:
    ranked = [a for a in apps if a.complete]

    def key(a: AppResult) -> tuple:
        return (a.final, *(a.mean_of(t) for t in index.tie_break))

    keys = {a.application_id: key(a) for a in ranked}
    for a in ranked:
        k = keys[a.application_id]
        a.rank = 1 + sum(1 for o in ranked if keys[o.application_id] > k)
        a.tied = sum(1 for o in ranked if keys[o.application_id] == k) > 1
    apps.sort(key=lambda a: (a.rank is None, a.rank or 0, a.application_id))


def sheet_files(folder: Path) -> list[Path]:
    """The .xlsx files under `folder` (Excel's ~$ lock files left out), in name order."""
    folder = Path(folder)
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*.xlsx") if not p.name.startswith("~$") and p.is_file())
