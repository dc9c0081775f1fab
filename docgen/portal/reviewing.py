"""Expert review in the portal (Art. 16; REVIEW.md): the 专家库 with accounts, the year's assignment, the
scores an expert enters or uploads, the tally and the shortlist.

Nothing here re-computes what docgen.review does: the pool is normalised by `inputs.normalise_experts`,
ids numbered by `ids.number_new` (stored in a table, not the JSON ledger), experts assigned by
`assign.assign`, a typed score checked by `tally.check_scores`, an uploaded sheet read by `tally.tally`,
and the tally is `tally.tally` over one scoring sheet per expert filled with what the portal holds —
the very files an expert would have returned, so the CLI over them gives the same result.
"""

from __future__ import annotations

import re
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sqlalchemy import delete, select

from docgen.errors import DocgenError
from docgen.portal import access
from docgen.portal import models as m
from docgen.portal.service import audit, check, now, require_size, versions

BROWSER, SHEET = "browser", "sheet"
APPLICATION_FORM = "application"  # the package's form whose data the experts review
EXPERTS_FORM = "experts"  # the 专家库
SCORES_FORM = "review_scores"  # the 专家评分表


def review_index():
    from docgen.review.index import load_index

    return load_index()


def _labels() -> dict[str, str]:
    from docgen.schema import load_form

    return {f.name: f.label for g in load_form(SCORES_FORM).groups for f in g.fields}


def _check(portal, filename: str, data: bytes) -> dict:
    """The upload's validation entry, as any upload gets it (service.check: the CLI's check and limits)."""
    require_size(portal.config, data)
    return check(portal, filename, data)[1]


def _errors(entry: dict) -> list[dict]:
    return [i for i in entry.get("issues") or () if i.get("severity") == "error"]


# --- the 专家库 -------------------------------------------------------------------------------------

def import_experts(portal, account: m.Account, filename: str, data: bytes) -> dict:
    """A filled `experts` workbook → one `expert` account per new expert (one-time passwords returned, never
    stored), changed rows updated. {"created": [...], "updated": [...], "issues": [...]}; with issues, nothing."""
    from docgen.portal.accounts import new_account
    from docgen.portal.auth import one_time_password
    from docgen.review.inputs import normalise_experts

    access.require(account, m.PROVINCE)
    filename = (Path(filename or "").name or "专家库.xlsx")[:255]
    entry = _check(portal, filename, data)
    if entry.get("form") != EXPERTS_FORM:
        issues = _errors(entry) or [{"severity": "error", "code": "review.not_experts", "location": filename,
                                     "message": "这个文件不是评审专家库（experts）表格。请下载空白专家库填写后上传。"}]
        return {"created": [], "updated": [], "issues": issues}
    if _errors(entry):
        return {"created": [], "updated": [], "issues": entry["issues"]}
    try:
        rows = normalise_experts(list((entry.get("data") or {}).get("experts") or []), filename)
    except DocgenError as exc:
        raise access.Unprocessable(exc.message, code="review.experts") from None
    portal.store.put(data, "xlsx")
    created, updated = [], []
    with portal.registry.transaction() as s:
        for e in rows:
            row = s.scalar(select(m.ReviewExpert).where(m.ReviewExpert.expert_id == e["expert_id"]))
            fields = {k: e[k] for k in ("name", "org", "org_key", "city", "city_code", "field", "phone")}
            if row is not None:
                changed = {k: v for k, v in fields.items() if getattr(row, k) != v}
                if changed:
                    before = f"{row.org}，{row.city}"
                    for k, v in changed.items():
                        setattr(row, k, v)
                    audit(s, account, "expert_updated", "expert", row.id, None, None,
                          f"{e['expert_id']} {e['name']}：{before} → {row.org}，{row.city}")
                    updated.append(e["expert_id"])
                continue
            if s.scalar(select(m.Account).where(m.Account.username == e["expert_id"])) is not None:
                raise access.Conflict(f"专家编号「{e['expert_id']}」与已有账号重名，请换一个专家编号。")
            password = one_time_password()
            acc = new_account(s, e["expert_id"], m.EXPERT, None, None, password)
            row = m.ReviewExpert(expert_id=e["expert_id"], account_id=acc.id, created_at=now(), **fields)
            s.add(row)
            s.flush()
            audit(s, account, "expert_imported", "expert", row.id, None, "active",
                  f"{e['expert_id']} {e['name']}（{e['org']}，{e['city']}）来自 {filename}")
            created.append({"username": e["expert_id"], "roles": m.EXPERT, "unit": e["org"], "city": e["city"],
                            "name": e["name"], "password": password})
    return {"created": created, "updated": updated, "issues": [i for i in entry.get("issues") or ()]}


def experts(session) -> list[m.ReviewExpert]:
    return session.scalars(select(m.ReviewExpert).order_by(m.ReviewExpert.expert_id)).all()


def _expert_dict(e: m.ReviewExpert) -> dict:
    return {"expert_id": e.expert_id, "name": e.name, "org": e.org, "city": e.city, "field": e.field,
            "phone": e.phone, "city_code": e.city_code, "org_key": e.org_key}


def password_book(session, rows: list[tuple[str, str]], out: Path) -> Path:
    """The one-time passwords just shown, as the formula-safe workbook `docgen portal init` writes; only
    expert accounts whose password is still that one-time password."""
    from docgen.portal.accounts import write_passwords
    from docgen.portal.auth import check_password

    book = []
    for username, password in rows:
        acc = session.scalar(select(m.Account).where(m.Account.username == username))
        e = session.scalar(select(m.ReviewExpert).where(m.ReviewExpert.account_id == acc.id)) if acc else None
        if e is None or not acc.must_change or not check_password(acc.password_hash, password):
            raise access.Unprocessable("密码表只能包含刚创建、尚未登录的专家账号。", code="review.passwords")
        book.append({"username": username, "roles": "评审专家", "unit": e.org, "city": e.city, "password": password})
    return write_passwords(book, out)


# --- applications and their ids ---------------------------------------------------------------------

def candidates(session, year: int) -> list[tuple[m.Package, m.Submission]]:
    """The year's recommended packages with their application's current version (the ones entering review)."""
    out = []
    for pkg in session.scalars(select(m.Package).where(m.Package.year == year, m.Package.status == m.RECOMMENDED)
                               .order_by(m.Package.id)):
        current = versions(session, pkg).get(APPLICATION_FORM)
        if current:
            out.append((pkg, current[0]))
    return out


def _app_dict(pkg: m.Package, sub: m.Submission, year: int) -> dict:
    from docgen.review.conflicts import city_code_of_county, county_code
    from docgen.review.inputs import org_keys

    data = (sub.report or {}).get("data") or {}
    a = {"sha256": sub.sha256, "year": year, "county_code": county_code(pkg.unit, pkg.city),
         "cluster_name": pkg.cluster_name, "city": pkg.city, "county": pkg.unit,
         "leading_industry": data.get("leading_industry"), "applicant_org": data.get("applicant_org"),
         "operator_name": data.get("operator_name"), "city_code": city_code_of_county(pkg.unit), "data": data,
         "package_id": pkg.id, "submission_id": sub.id}
    a["org_keys"] = sorted(org_keys(a))
    return a


def give_ids(session, apps: list[dict]) -> None:
    """Each app's `application_id`: the one stored for its package, else numbered by `ids.number_new`
    after every id already given (all years: the table is the ledger) and stored — never changed."""
    from docgen.review.ids import number_new

    stored = session.scalars(select(m.ReviewApplication)).all()
    by_package = {r.package_id: r for r in stored}
    given = [{"sha256": r.sha256, "year": r.year, "county_code": r.county_code, "n": r.n} for r in stored]
    fresh = [a for a in apps if a["package_id"] not in by_package]
    taken = {r.sha256: None for r in stored}
    for a in fresh:
        if a["sha256"] in taken:
            twin = taken[a["sha256"]]
            raise access.Conflict(f"「{a['cluster_name']}」的申报书与" + (f"「{twin}」" if twin else "另一份已编号申报")
                                  + "的文件完全相同，请核实后再分配。")
        taken[a["sha256"]] = a["cluster_name"]  # two packages of this batch with one file: the same question
        if a["county_code"] is None:
            raise access.Conflict(f"无法确定「{a['cluster_name']}」所在县（{a['county']}）的区划代码。")
    rows = {r["sha256"]: r for r in number_new(fresh, given)}
    for a in fresh:
        r = rows[a["sha256"]]
        row = m.ReviewApplication(application_id=r["application_id"], year=a["year"], county_code=r["county_code"],
                                  n=r["n"], sha256=a["sha256"], package_id=a["package_id"],
                                  submission_id=a["submission_id"], created_at=now())
        session.add(row)
        session.flush()
        by_package[a["package_id"]] = row
    for a in apps:
        a["application_id"] = by_package[a["package_id"]].application_id
        a["row"] = by_package[a["package_id"]].id


# --- assignment -------------------------------------------------------------------------------------

def current_round(session, year: int) -> m.ReviewRound | None:
    return session.scalar(select(m.ReviewRound).where(m.ReviewRound.year == year).order_by(m.ReviewRound.id.desc())
                          .limit(1))


def _scored(session, rnd: m.ReviewRound) -> int:
    from sqlalchemy import func

    return session.scalar(select(func.count(m.ReviewScore.id)).join(
        m.ReviewAssignment, m.ReviewAssignment.id == m.ReviewScore.assignment_id).where(
        m.ReviewAssignment.round_id == rnd.id))


_RECORD_KEYS = ("application_id", "sha256", "cluster_name", "city", "county", "leading_industry", "applicant_org",
                "operator_name", "city_code", "org_keys", "package_id")


def assign_year(portal, account: m.Account, year: int, seed: int = 0, per: int | None = None) -> m.ReviewRound:
    """`docgen review assign` over the portal: the year's recommended packages, the 专家库, the same
    assignment (deterministic by seed, 回避, balanced), stored. Again, while nobody has scored, replaces it."""
    from docgen.review.assign import assign
    from docgen.review.service import assignment_record

    access.require(account, m.PROVINCE)
    index = review_index()
    per = per or index.experts_per_application
    with portal.registry.transaction() as s:
        pool = [_expert_dict(e) for e in experts(s)]
        if not pool:
            raise access.Conflict("专家库为空：请先上传评审专家库。")
        apps = [_app_dict(p, sub, year) for p, sub in candidates(s, year)]
        if not apps:
            raise access.Conflict(f"{year} 年还没有设区市推荐的申报，无法分配。")
        old = current_round(s, year)
        if old is not None and _scored(s, old):
            raise access.Conflict(f"{year} 年的评审已有专家评分，不能重新分配。")
        give_ids(s, apps)
        apps.sort(key=lambda a: a["application_id"])
        try:
            chosen = assign(pool, apps, per, seed)
        except DocgenError as exc:
            raise access.Unprocessable(exc.message, code="review.assign") from None
        record = assignment_record(index.id, seed, per, pool, apps, chosen, app_keys=_RECORD_KEYS) | {"year": year}
        if old is not None:
            s.execute(delete(m.ReviewAssignment).where(m.ReviewAssignment.round_id == old.id))
        rnd = m.ReviewRound(year=year, index_id=index.id, seed=seed, per=per, record=record, account_id=account.id,
                            created_at=now())
        s.add(rnd)
        s.flush()
        rows = {e.expert_id: e.id for e in experts(s)}
        for a in apps:
            for eid in chosen[a["application_id"]]:
                s.add(m.ReviewAssignment(round_id=rnd.id, application_row=a["row"], expert_row=rows[eid]))
        audit(s, account, "review_assigned", "review_round", rnd.id, None, "assigned",
              f"{year} 年 {len(apps)} 份申报、{len(pool)} 位专家、每份 {per} 位、种子 {seed}"
              + ("（替换此前的分配）" if old is not None else ""))
        return rnd


# --- the expert's side ------------------------------------------------------------------------------

def my_work(session, account: m.Account) -> list[dict]:
    """The calling expert's assigned applications of the current rounds, with whether each is scored."""
    expert = access.expert_of(session, account)
    rows = session.execute(
        select(m.ReviewAssignment, m.ReviewApplication, m.ReviewRound, m.ReviewScore)
        .join(m.ReviewApplication, m.ReviewApplication.id == m.ReviewAssignment.application_row)
        .join(m.ReviewRound, m.ReviewRound.id == m.ReviewAssignment.round_id)
        .outerjoin(m.ReviewScore, m.ReviewScore.assignment_id == m.ReviewAssignment.id)
        .where(m.ReviewAssignment.expert_row == expert.id, m.ReviewAssignment.round_id.in_(access.current_rounds()))
        .order_by(m.ReviewApplication.application_id)).all()
    out = []
    for _asg, app, rnd, score in rows:
        try:
            access.assigned_to(session, account, app.id)  # 回避 checked for every row shown
        except access.NotFound:
            continue
        entry = _entry(rnd, app)
        out.append({"row": app.id, "application_id": app.application_id, "year": rnd.year,
                    "cluster_name": entry["cluster_name"], "county": entry["county"],
                    "leading_industry": entry.get("leading_industry"),
                    "total": _total(score.values) if score else None, "source": score.source if score else None,
                    "updated_at": score.updated_at if score else None})
    return out


def _entry(rnd: m.ReviewRound, app: m.ReviewApplication) -> dict:
    return next(a for a in rnd.record["applications"] if a["application_id"] == app.application_id)


def _total(values: dict) -> Decimal:
    return sum((Decimal(v) for v in values.values()), Decimal(0))


def application_view(session, account: m.Account, row: int) -> dict:
    """One assigned application as the scoring page shows it: per indicator its guidance, the key figures
    the index names as evidence, and the saved score; the package's current files."""
    from docgen.review.sheets import key_figures

    asg, app, rnd, _expert = access.assigned_to(session, account, row)
    sub = session.get(m.Submission, app.submission_id)
    pkg = session.get(m.Package, app.package_id)
    data = (sub.report or {}).get("data") or {}
    score = session.scalar(select(m.ReviewScore).where(m.ReviewScore.assignment_id == asg.id))
    files = [subs[0] for _form, subs in sorted(versions(session, pkg).items(), key=lambda kv: str(kv[0]))]
    index = review_index()
    return {"row": app.id, "application_id": app.application_id, "year": rnd.year, "entry": _entry(rnd, app),
            "indicators": [{"id": i.id, "label": i.label, "article": i.article, "max": i.max, "guidance": i.guidance,
                            "figures": key_figures(data, i.evidence)} for i in index.indicators],
            "index": index, "files": files, "score": score,
            "total": _total(score.values) if score else None}


def package_file(session, account: m.Account, row: int, sub_id: int) -> m.Submission:
    """A current file of the assigned application's package (any other: NotFound)."""
    _asg, app, _rnd, _e = access.assigned_to(session, account, row)
    pkg = session.get(m.Package, app.package_id)
    for _form, subs in versions(session, pkg).items():
        if subs[0].id == sub_id:
            return subs[0]
    raise access.NotFound(access.NOT_FOUND_TEXT)


def _store_score(session, account, asg: m.ReviewAssignment, app: m.ReviewApplication, values: dict,
                 comment: str | None, source: str, sheet_sha: str | None = None) -> m.ReviewScore:
    score = session.scalar(select(m.ReviewScore).where(m.ReviewScore.assignment_id == asg.id))
    before = None if score is None else str(_total(score.values))
    if score is None:
        score = m.ReviewScore(assignment_id=asg.id, values=values, comment=comment, source=source,
                              sheet_sha256=sheet_sha, updated_at=now())
        session.add(score)
    else:
        score.values, score.comment, score.source, score.sheet_sha256 = values, comment, source, sheet_sha
        score.updated_at = now()
    session.flush()
    shown = "；".join(f"{k} {v}" for k, v in values.items())
    audit(session, account, "score_saved", "review_score", score.id, before, str(_total(values)),
          f"{app.application_id}（{'网页' if source == BROWSER else '评分表'}）：{shown}")
    return score


def save_scores(portal, account: m.Account, row: int, typed: dict[str, str], comment: str | None) -> list[dict]:
    """Scores typed in the browser, checked by the sheet's own rules (`tally.check_scores`): saved when all
    pass; the issues (Chinese, with codes) otherwise, nothing saved."""
    from docgen.review.tally import check_scores

    index = review_index()
    comment = (comment or "").strip()[:500] or None
    with portal.registry.transaction() as s:
        asg, app, _rnd, expert = access.assigned_to(s, account, row)
        got, issues = check_scores(index, {i.id: typed.get(i.id) or "" for i in index.indicators},
                                   expert_id=expert.expert_id, application_id=app.application_id, labels=_labels(),
                                   where=lambda iid: f"得分「{index.indicator(iid).label}」")
        if got is None:
            return [i.to_dict() for i in issues]
        _store_score(s, account, asg, app, {k: str(v) for k, v in got.items()}, comment, BROWSER)
    return []


def _my_apps(session, expert: m.ReviewExpert, rnd: m.ReviewRound, with_data: bool) -> list[dict]:
    rows = session.execute(select(m.ReviewApplication, m.ReviewAssignment).join(
        m.ReviewAssignment, m.ReviewAssignment.application_row == m.ReviewApplication.id).where(
        m.ReviewAssignment.round_id == rnd.id, m.ReviewAssignment.expert_row == expert.id)
        .order_by(m.ReviewApplication.application_id)).all()
    out = []
    for app, asg in rows:
        a = dict(_entry(rnd, app), assignment_id=asg.id, row=app.id)
        if with_data:
            sub = session.get(m.Submission, app.submission_id)
            a["data"] = (sub.report or {}).get("data") or {}
        out.append(a)
    return out


def _filled_sheet(session, expert: m.ReviewExpert, rnd: m.ReviewRound, out: Path, *, with_data: bool = True,
                  only_scored: bool = False) -> Path | None:
    """The expert's scoring sheet (`review.sheets.write_sheet`, as `review assign` writes it) with the saved
    scores entered as typed (`formats.xlsx_fill`); None when `only_scored` and nothing is saved."""
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.review.sheets import write_sheet

    apps = _my_apps(session, expert, rnd, with_data)
    scores = {sc.assignment_id: sc for sc in session.scalars(select(m.ReviewScore).where(
        m.ReviewScore.assignment_id.in_([a["assignment_id"] for a in apps])))}
    if only_scored and not scores:
        return None
    if not scores:
        return write_sheet(_expert_dict(expert), apps, review_index(), out)
    blank = write_sheet(_expert_dict(expert), apps, review_index(), out.with_name("blank-" + out.name))
    ids = review_index().ids()
    rows = []
    for a in apps:
        sc = scores.get(a["assignment_id"])
        rows.append({"application_id": a["application_id"], "cluster_name": a["cluster_name"], "county": a["county"],
                     **{i: (_cell(sc.values.get(i)) if sc else None) for i in ids}, "comment": sc.comment if sc else None})
    record = {"expert_id": expert.expert_id, "expert_name": expert.name, "expert_org": expert.org, "scores": rows}
    fill_xlsx(blank, record, out)
    blank.unlink()
    return out


def _cell(text: str | None):
    """A saved score as a number cell, as Excel holds one typed there (its shortest repr reads back exact)."""
    if text is None:
        return None
    d = Decimal(text)
    return int(d) if d == d.to_integral_value() else float(d)


def sheet_for(portal, account: m.Account, year: int | None = None) -> tuple[bytes, str]:
    """The calling expert's pre-filled scoring sheet of its current round (saved scores entered)."""
    from docgen.review.sheets import sheet_name

    with portal.registry.reading() as s:
        expert = access.expert_of(s, account)
        rnd = _expert_round(s, expert, year)
        with tempfile.TemporaryDirectory() as tmp:
            out = _filled_sheet(s, expert, rnd, Path(tmp) / "sheet.xlsx")
            return out.read_bytes(), sheet_name(_expert_dict(expert))


def _expert_round(session, expert: m.ReviewExpert, year: int | None) -> m.ReviewRound:
    q = (select(m.ReviewRound).join(m.ReviewAssignment, m.ReviewAssignment.round_id == m.ReviewRound.id)
         .where(m.ReviewAssignment.expert_row == expert.id, m.ReviewRound.id.in_(access.current_rounds())))
    if year is not None:
        q = q.where(m.ReviewRound.year == year)
    rnd = session.scalar(q.order_by(m.ReviewRound.year.desc()).limit(1))
    if rnd is None:
        raise access.NotFound("目前没有分配给您的评审任务。")
    return rnd


def upload_sheet(portal, account: m.Account, filename: str, data: bytes) -> dict:
    """A returned scoring sheet: validated like any upload, then read by the tally's own reader
    (`tally.tally` over this expert's part of the assignment), so every rule and issue code is the
    sheet's. The rows that pass are saved (each audited); {"saved": [application ids], "issues": [...]}."""
    from docgen.review.tally import tally

    filename = (Path(filename or "").name or "评分表.xlsx")[:120]
    with portal.registry.reading() as s:
        expert = access.expert_of(s, account)
        rnd = _expert_round(s, expert, None)
        mine = _my_apps(s, expert, rnd, False)
    entry = _check(portal, filename, data)
    if entry.get("form") != SCORES_FORM:
        detail = (_errors(entry) or [{"message": "读到的是其他表格"}])[0]["message"].rstrip("。")
        from docgen.issues import make_issue

        return {"saved": [], "issues": [make_issue("review.not_scores", location=filename, detail=detail,
                                                   file=filename).to_dict()]}
    plan = {"applications": [{k: a.get(k) for k in ("application_id", "cluster_name", "city", "county",
                                                       "leading_industry")} | {"experts": [expert.expert_id]}
                             for a in mine], "experts": [_expert_dict(expert)]}
    safe = re.sub(r"[\x00-\x1f\\/]", "_", filename)  # named in the issues' locations, never a path of the user's
    safe = safe if safe.lower().endswith(".xlsx") and not safe.startswith(".") else "评分表.xlsx"
    with tempfile.TemporaryDirectory(dir=_tmp(portal)) as tmp:
        path = Path(tmp) / safe
        path.write_bytes(data)
        result = tally([path], plan, review_index())
    sha = portal.store.put(data, "xlsx")
    saved = []
    with portal.registry.transaction() as s:
        for a in result.applications:
            got = a.scores.get(expert.expert_id)
            if got is None:
                continue
            asg, app, _rnd, _e = access.assigned_to(s, account, next(x["row"] for x in mine
                                                                       if x["application_id"] == a.application_id))
            _store_score(s, account, asg, app, {k: str(v) for k, v in got.items()}, None, SHEET, sha)
            saved.append(a.application_id)
    return {"saved": saved, "issues": [i.to_dict() for i in result.issues]}


def _tmp(portal) -> Path:
    d = portal.config.data / "tmp"
    d.mkdir(parents=True, exist_ok=True)
    return d


# --- the tally --------------------------------------------------------------------------------------

def parse_min_score(raw: str | None) -> Decimal | None:
    if raw is None or not str(raw).strip():
        return None
    try:
        d = Decimal(str(raw).strip())
    except InvalidOperation:
        raise access.PortalError("最低分应为数字，如 60。", code="review.min_score") from None
    if not d.is_finite() or d < 0 or d > review_index().total:
        raise access.PortalError(f"最低分应在 0 至 {review_index().total} 之间。", code="review.min_score")
    return d


def tally_year(portal, account: m.Account, year: int, top: int | None = None,
               min_score: Decimal | None = None) -> m.ReviewTally:
    """`docgen review tally` over what the portal holds: one sheet per expert with saved scores, filled and
    read back by the same readers; the 汇总表 kept in the file store; the shortlist saved (`shortlist.save`)."""
    from docgen.portal import shortlist
    from docgen.review.summary import write_summary
    from docgen.review.tally import tally

    access.require(account, m.PROVINCE)
    if top is not None and top < 1:
        raise access.PortalError("入围名额应为正整数。", code="review.top")
    index = review_index()
    with portal.registry.reading() as s:
        rnd = current_round(s, year)
        if rnd is None:
            raise access.Conflict(f"{year} 年还没有分配评审专家，无法汇总。")
        pool = {e.expert_id: e for e in experts(s)}
        with tempfile.TemporaryDirectory(dir=_tmp(portal)) as tmp:
            from docgen.review.sheets import sheet_name

            paths = []
            for eid in sorted({x for a in rnd.record["applications"] for x in a["experts"]}):
                e = pool[eid]
                out = _filled_sheet(s, e, rnd, Path(tmp) / sheet_name(_expert_dict(e)), with_data=False,
                                    only_scored=True)
                if out is not None:
                    paths.append(out)
            result = tally(paths, rnd.record, index, top=top, min_score=min_score)
            report = Path(tmp) / "汇总.xlsx"
            write_summary(result, index, report)
            report_sha = portal.store.put(report.read_bytes(), "xlsx")
    entries = result.shortlist()
    with portal.registry.transaction() as s:
        saved = shortlist.save(s, account, year, entries, source=shortlist.TALLY) if entries else None
        row = m.ReviewTally(round_id=rnd.id, result=result.to_dict(), report_sha256=report_sha,
                            shortlist_id=saved.id if saved else None, top=top,
                            min_score=None if min_score is None else str(min_score), account_id=account.id,
                            created_at=now())
        s.add(row)
        s.flush()
        ranked = sum(1 for a in result.applications if a.complete)
        audit(s, account, "review_tallied", "review_tally", row.id, None, "tallied",
              f"{year} 年：{len(result.applications)} 份申报，{ranked} 份评分完整，入围 {len(entries)} 个，"
              f"问题 {len(result.issues)} 条")
        return row


def latest_tally(session, year: int) -> m.ReviewTally | None:
    return session.scalar(select(m.ReviewTally).join(m.ReviewRound, m.ReviewRound.id == m.ReviewTally.round_id)
                          .where(m.ReviewRound.year == year).order_by(m.ReviewTally.id.desc()).limit(1))


def progress(session, rnd: m.ReviewRound) -> dict[str, dict]:
    """Per expert of the round: assigned and scored counts (the province's overview)."""
    from sqlalchemy import func

    rows = session.execute(
        select(m.ReviewExpert.expert_id, func.count(m.ReviewAssignment.id), func.count(m.ReviewScore.id))
        .join(m.ReviewAssignment, m.ReviewAssignment.expert_row == m.ReviewExpert.id)
        .outerjoin(m.ReviewScore, m.ReviewScore.assignment_id == m.ReviewAssignment.id)
        .where(m.ReviewAssignment.round_id == rnd.id).group_by(m.ReviewExpert.expert_id)).all()
    return {eid: {"assigned": n, "scored": k} for eid, n, k in rows}
