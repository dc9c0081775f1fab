"""The city desk (`/city`): its counties' packages and filings with their status, 实地抽查, the
recommendation (设区市推荐汇总表) and what its clusters have not yet filed. Every step is a plain form.

Views only translate HTTP; what happens is `service`, `filings`, `spot_checks`, `recommend`; who may see
what is `access`'s.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from docgen.portal import access, downloads, recommend, spot_checks
from docgen.portal import models as m
from docgen.portal.app import portal
from docgen.portal.views import login_required

city = Blueprint("city", __name__, url_prefix="/city")

PACKAGE_STATUSES = (m.SUBMITTED, m.RETURNED, m.ACCEPTED, m.RECOMMENDED, m.SHORTLISTED, m.PUBLICISED, m.RECOGNISED,
                    m.NOT_SELECTED)
FILING_STATUSES = (m.SUBMITTED, m.RETURNED, m.FILED)


def _year_arg() -> int | None:
    return downloads.parse_year((request.args.get("year") or "").strip() or None)


@city.route("/")
@login_required(m.CITY)
def desk():
    year, status = _year_arg(), request.args.get("status") or ""
    with portal().registry.reading() as s:
        pq = access.scoped(g.account, m.Package).where(m.Package.city == g.account.city)
        fq = access.scoped(g.account, m.Filing).where(m.Filing.city == g.account.city)
        if year:
            pq, fq = pq.where(m.Package.year == year), fq.where(m.Filing.report_year == year)
        if status:
            pq, fq = pq.where(m.Package.status == status), fq.where(m.Filing.status == status)
        packages = s.scalars(pq.order_by(m.Package.unit, m.Package.id)).all()
        filings = s.scalars(fq.order_by(m.Filing.unit, m.Filing.id)).all()
    return render_template("city_desk.html", packages=packages, filings=filings, year=year, status=status,
                           statuses=[(k, m.STATUS_TEXT[k]) for k in dict.fromkeys(PACKAGE_STATUSES + FILING_STATUSES)],
                           status_text=m.STATUS_TEXT)


@city.route("/due")
@login_required(m.CITY)
def due():
    from docgen.portal.due import city_due

    return render_template("city_due.html", due=city_due(portal(), g.account), status_text=m.STATUS_TEXT)


@city.route("/recommend", methods=["GET", "POST"])
@login_required(m.CITY)
def recommend_page():
    if request.method == "POST":
        try:
            ids = [int(i) for i in request.form.getlist("package_id")]
            ranks = {i: int(request.form.get(f"rank_{i}") or 999) for i in ids}  # unranked: after the ranked
        except ValueError:
            raise access.PortalError("所选申报或推荐排序无效：推荐排序请填写数字。", code="recommend.ids") from None
        ids.sort(key=lambda i: ranks[i])  # stable: equal ranks keep the page's order
        rec = recommend.recommend(portal(), g.account, ids, request.form.get("contact_name", ""),
                                  request.form.get("contact_phone", ""))
        flash(f"已推荐 {len(rec.package_ids)} 个集群，设区市推荐汇总表已生成。")
        return redirect(url_for("city.recommend_page"), code=303)
    with portal().registry.reading() as s:
        accepted = s.scalars(access.scoped(g.account, m.Package).where(
            m.Package.city == g.account.city, m.Package.status == m.ACCEPTED).order_by(m.Package.year, m.Package.unit,
                                                                                   m.Package.id)).all()
        checked = {p.id: bool(spot_checks.of_package(s, p.id)) for p in accepted}
        made = recommend.listed(s, g.account)
        names = {p.id: p.cluster_name for p in s.scalars(access.scoped(g.account, m.Package).where(
            m.Package.id.in_([i for r in made for i in r.package_ids])))}
    return render_template("city_recommend.html", accepted=accepted, checked=checked, made=made, names=names)


@city.route("/recommendations/<int:rec_id>.xlsx")
@login_required(m.CITY)
def recommendation_file(rec_id):
    with portal().registry.reading() as s:
        rec = access.get_scoped(s, g.account, m.Recommendation, rec_id)
    return downloads.attachment(portal().store.get(rec.sha256, "xlsx"), recommend.file_name(rec))


@city.route("/packages/<int:package_id>/spot-checks", methods=["POST"])
@login_required()
def spot_check(package_id):
    spot_checks.record(portal(), g.account, package_id, request.form.get("checked_on", ""),
                       request.form.get("people", ""), request.form.get("findings", ""))
    flash("实地抽查记录已保存。")
    return redirect(url_for("pages.package", package_id=package_id) + "#spot-checks", code=303)
