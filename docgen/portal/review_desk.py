"""The province's review desk (/province/review): the 专家库 and its accounts, the year's assignment, the
progress of scoring, the tally with its issues and 汇总表, the shortlist it saves. Views only translate
HTTP; the work is `reviewing`'s."""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from docgen.portal import access, downloads, reviewing
from docgen.portal import models as m
from docgen.portal.app import portal
from docgen.portal.views import login_required

review_desk = Blueprint("review_desk", __name__, url_prefix="/province/review")


def _year() -> int:
    raw = request.values.get("year")
    return downloads.parse_year(raw) or portal().config.current_date().year


_FIELDS = {"seed": "随机种子", "per": "每份专家数", "top": "入围名额"}


def _int(name: str, default: int | None) -> int | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise access.PortalError(f"「{_FIELDS.get(name, name)}」应为非负整数。", code=f"review.{name}")
    return int(raw)


@review_desk.route("/")
@login_required(m.PROVINCE)
def home():
    from docgen.portal import shortlist

    year = _year()
    with portal().registry.reading() as s:
        pool = reviewing.experts(s)
        cands = reviewing.candidates(s, year)
        rnd = reviewing.current_round(s, year)
        progress = reviewing.progress(s, rnd) if rnd else {}
        last = reviewing.latest_tally(s, year)
        current = shortlist.current(s, year)
    return render_template("review_home.html", year=year, pool=pool, candidates=cands, rnd=rnd, progress=progress,
                           last=last, current=current, index=reviewing.review_index())


@review_desk.route("/experts", methods=["POST"])
@login_required(m.PROVINCE)
def experts_upload():
    f = request.files.get("file")
    if not f or not f.filename:
        flash("请选择填好的评审专家库（.xlsx）。")
        return redirect(url_for("review_desk.home"), code=303)
    result = reviewing.import_experts(portal(), g.account, f.filename, f.read())
    bad = any(i.get("severity") == "error" for i in result["issues"])
    return render_template("review_experts.html", result=result, name=f.filename), (422 if bad else 200)


@review_desk.route("/experts/blank.xlsx")
@login_required(m.PROVINCE)
def experts_blank():
    from docgen.generate import new_form

    with tempfile.TemporaryDirectory() as tmp:
        path = new_form(reviewing.EXPERTS_FORM, Path(tmp))
        return downloads.attachment(path.read_bytes(), path.name)


@review_desk.route("/experts/passwords.xlsx", methods=["POST"])
@login_required(m.PROVINCE)
def experts_passwords():
    rows = list(zip(request.form.getlist("username"), request.form.getlist("password"), strict=False))
    if not rows:
        raise access.PortalError("没有要写入密码表的账号。", code="review.passwords")
    with portal().registry.reading() as s, tempfile.TemporaryDirectory() as tmp:
        out = reviewing.password_book(s, rows, Path(tmp) / "passwords.xlsx")
        return downloads.attachment(out.read_bytes(), "评审专家账号与一次性密码.xlsx")


@review_desk.route("/assign", methods=["POST"])
@login_required(m.PROVINCE)
def assign():
    year = _year()
    rnd = reviewing.assign_year(portal(), g.account, year, seed=_int("seed", 0), per=_int("per", None))
    flash(f"已分配：{len(rnd.record['applications'])} 份申报，每份 {rnd.per} 位专家（种子 {rnd.seed}）。")
    return redirect(url_for("review_desk.home", year=year), code=303)


@review_desk.route("/tally", methods=["POST"])
@login_required(m.PROVINCE)
def tally():
    year = _year()
    row = reviewing.tally_year(portal(), g.account, year, top=_int("top", None),
                               min_score=reviewing.parse_min_score(request.form.get("min_score")))
    flash("汇总完成，入围名单已保存。" if row.shortlist_id else "汇总完成；没有达到入围条件的申报，未保存入围名单。")
    return redirect(url_for("review_desk.home", year=year), code=303)


@review_desk.route("/tallies/<int:tally_id>/report.xlsx")
@login_required(m.PROVINCE)
def report(tally_id):
    with portal().registry.reading() as s:
        row = s.get(m.ReviewTally, tally_id)
        if row is None:
            raise access.NotFound(access.NOT_FOUND_TEXT)
        year = s.get(m.ReviewRound, row.round_id).year
    return downloads.attachment(portal().store.get(row.report_sha256, "xlsx"), f"专家评审结果汇总表-{year}-{row.id}.xlsx")
