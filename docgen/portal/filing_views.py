"""The filing pages (`/filings`), the county's and its city's alike: start a filing of a recognised cluster
(from 待办), upload its table and read its report, submit; the city accepts or returns it. Plain forms.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from docgen.catalogue import filing_forms
from docgen.portal import access, downloads, filings, service
from docgen.portal import models as m
from docgen.portal.app import portal
from docgen.portal.views import login_required

filing_pages = Blueprint("filings", __name__, url_prefix="/filings")


@filing_pages.route("/", methods=["GET", "POST"])
@login_required()
def index():
    if request.method == "POST":
        try:
            year = int(request.form.get("report_year") or "")
        except ValueError:
            year = 0
        filing = filings.create(portal(), g.account, request.form.get("cluster_id", ""),
                                request.form.get("kind", ""), year)
        return redirect(url_for("filings.filing", filing_id=filing.id), code=303)
    with portal().registry.reading() as s:
        rows = s.scalars(access.scoped(g.account, m.Filing).order_by(m.Filing.id.desc())).all()
    clusters = downloads.unit_clusters(portal(), g.account.unit) if g.account.has(m.COUNTY) else []
    return render_template("filings.html", filings=rows, clusters=clusters, kinds=filing_forms(),
                           year=portal().config.current_date().year, status_text=m.STATUS_TEXT)


@filing_pages.route("/<int:filing_id>")
@login_required()
def filing(filing_id):
    with portal().registry.reading() as s:
        f = access.get_scoped(s, g.account, m.Filing, filing_id)
        subs = filings.versions(s, f)
        problems = filings.problems(s, f)
        history = service.history(s, f)
    return render_template("filing.html", f=f, subs=subs, problems=problems, history=history,
                           status_text=m.STATUS_TEXT, owner=access.owns(g.account, f),
                           city=g.account.has(m.CITY) and f.city == g.account.city)


@filing_pages.route("/<int:filing_id>/files", methods=["POST"])
@login_required()
def files(filing_id):
    f = request.files.get("file")
    if f is None or not f.filename:
        flash("请选择要上传的文件。")
        return redirect(url_for("filings.filing", filing_id=filing_id), code=303)
    sub = filings.upload(portal(), g.account, filing_id, f.filename, f.read())
    return render_template("reports.html", subs=[sub], filing_id=filing_id)


@filing_pages.route("/<int:filing_id>/actions", methods=["POST"])
@login_required()
def action(filing_id):
    what = request.form.get("action", "")
    f = filings.act(portal(), g.account, filing_id, what, request.form.get("reason"))
    flash({"submit": f"已报送{f.city}，等待市级审核。", "return": "已退回，县级单位会看到退回理由。",
           "accept": "已受理，并已记入集群名录。"}.get(what, "操作已完成。"))
    return redirect(url_for("filings.filing", filing_id=filing_id), code=303)
