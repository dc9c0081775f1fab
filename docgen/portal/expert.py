"""The expert's pages (/expert): its assigned applications only (another's → 404, as if it did not exist;
回避 checked again by `access.assigned_to`), each with its key figures and files, scored in the browser
or through the pre-filled scoring sheet. Views only translate HTTP; the work is `reviewing`'s."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from docgen.portal import downloads, reviewing
from docgen.portal import models as m
from docgen.portal.app import portal
from docgen.portal.views import login_required

expert = Blueprint("expert", __name__, url_prefix="/expert")


@expert.route("/")
@login_required(m.EXPERT)
def home():
    with portal().registry.reading() as s:
        work = reviewing.my_work(s, g.account)
    return render_template("expert_list.html", work=work, done=sum(1 for w in work if w["total"] is not None))


@expert.route("/applications/<int:row>", methods=["GET", "POST"])
@login_required(m.EXPERT)
def application(row):
    issues, typed, status = [], None, 200
    if request.method == "POST":
        typed = {k[len("score_"):]: v for k, v in request.form.items() if k.startswith("score_")}
        issues = reviewing.save_scores(portal(), g.account, row, typed, request.form.get("comment"))
        if not issues:
            flash("评分已保存。")
            return redirect(url_for("expert.application", row=row), code=303)
        status = 422
    with portal().registry.reading() as s:
        view = reviewing.application_view(s, g.account, row)
    return render_template("expert_score.html", v=view, issues=issues, typed=typed,
                           comment=request.form.get("comment") if typed is not None else None), status


@expert.route("/applications/<int:row>/files/<int:sub_id>")
@login_required(m.EXPERT)
def application_file(row, sub_id):
    with portal().registry.reading() as s:
        sub = reviewing.package_file(s, g.account, row, sub_id)
    return downloads.attachment(portal().store.get(sub.sha256, sub.ext), sub.original_name)


@expert.route("/sheet.xlsx")
@login_required(m.EXPERT)
def sheet():
    return downloads.attachment(*reviewing.sheet_for(portal(), g.account))


@expert.route("/sheet", methods=["POST"])
@login_required(m.EXPERT)
def sheet_upload():
    f = request.files.get("file")
    if not f or not f.filename:
        flash("请选择要上传的评分表。")
        return redirect(url_for("expert.home"), code=303)
    result = reviewing.upload_sheet(portal(), g.account, f.filename, f.read())
    status = 200 if result["saved"] and not any(i["severity"] == "error" for i in result["issues"]) else 422
    return render_template("expert_sheet.html", result=result, name=f.filename), status
