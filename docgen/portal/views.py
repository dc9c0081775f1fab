"""The browser pages (Chinese, server-rendered, every core flow a plain form: they work with JavaScript off).

Views only translate between HTTP and `docgen.portal.service`; who may see what is `access`'s.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, flash, g, redirect, render_template, request, session, url_for
from sqlalchemy import select

from docgen.catalogue import package_forms
from docgen.portal import access, auth, downloads, service
from docgen.portal import models as m
from docgen.portal.app import portal

pages = Blueprint("pages", __name__)


def login_required(*roles: str):
    """The page needs a live session (else the login page) whose password is not a one-time one, and,
    when roles are given, one of them (else 403)."""
    def wrap(view):
        @wraps(view)
        def inner(*args, **kwargs):
            if g.account is None:
                return redirect(url_for("pages.login", next=request.path))
            if g.account.must_change and request.endpoint != "pages.password":
                return redirect(url_for("pages.password"))
            if roles:
                access.require(g.account, *roles)
            return view(*args, **kwargs)
        return inner
    return wrap


def _client_address() -> str:
    return request.remote_addr or "unknown"  # ProxyFix has applied the trusted-proxy setting


@pages.route("/")
def home():
    if g.account is None:
        return redirect(url_for("pages.login"))
    if g.account.has(m.COUNTY):
        return redirect(url_for("pages.due"))
    if g.account.has(m.CITY):
        return redirect(url_for("city.desk"))
    if g.account.has(m.EXPERT):
        return redirect(url_for("expert.home"))
    return redirect(url_for("province.home"))


@pages.route("/login", methods=["GET", "POST"])
def login():
    error = None
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()
        password = request.form.get("password") or ""
        p, t = portal(), service.now()
        with p.registry.transaction() as s:
            if auth.throttled(s, username, _client_address(), t, p.config.login_limit, p.config.login_window_minutes):
                abort(429)
            account = s.scalar(select(m.Account).where(m.Account.username == username))
            if account is None or account.disabled or not auth.check_password(account.password_hash, password):
                auth.record_failure(s, username, _client_address(), t)
                error = "账号或密码不正确（已停用的账号也无法登录）。"
            else:
                session.clear()
                session["account"], session["epoch"] = account.id, account.epoch
                return redirect(url_for("pages.password") if account.must_change else url_for("pages.home"))
    return render_template("login.html", error=error), (401 if error else 200)


@pages.route("/logout", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("pages.login"))


@pages.route("/password", methods=["GET", "POST"])
@login_required()
def password():
    error = None
    if request.method == "POST":
        current, new, again = (request.form.get(k) or "" for k in ("current", "new", "again"))
        account = g.account
        if not auth.check_password(account.password_hash, current):
            error = "当前密码不正确。"
        elif new != again:
            error = "两次输入的新密码不一致。"
        elif new == current:
            error = "新密码不能与当前密码相同。"
        else:
            error = auth.password_problem(new, account.username)
        if error is None:
            with portal().registry.transaction() as s:
                acc = s.get(m.Account, account.id)
                acc.password_hash, acc.must_change, acc.epoch = auth.hash_password(new), False, acc.epoch + 1
                service.audit(s, acc, "password_changed", "account", acc.id)
                epoch = acc.epoch
            session["epoch"] = epoch  # other sessions of this account end; this one goes on
            flash("密码已修改。")
            return redirect(url_for("pages.home"))
    return render_template("password.html", error=error), (400 if error else 200)


# --- county ------------------------------------------------------------------------------------

@pages.route("/county/")
@login_required(m.COUNTY)
def due():
    from docgen.portal.due import due_for

    return render_template("due.html", due=due_for(portal(), g.account))


@pages.route("/county/forms")
@login_required(m.COUNTY)
def forms():
    return render_template("forms.html", forms=downloads.kit_forms(), year=portal().config.current_date().year,
                           clusters=downloads.unit_clusters(portal(), g.account.unit))


@pages.route("/county/kit.zip")
@login_required(m.COUNTY)
def kit():
    data, name = downloads.kit_zip(g.account.unit, downloads.parse_year(request.args.get("year")))
    return downloads.attachment(data, name)


@pages.route("/county/forms/<form_id>")
@login_required(m.COUNTY)
def one_form(form_id):
    c = downloads.cluster_of(portal(), g.account.unit, request.args.get("cluster_id"))
    data, name = downloads.one_form(g.account.unit, form_id,
                                    cluster=c.cluster_name if c else request.args.get("cluster", "").strip(),
                                    cluster_id=c.cluster_id if c else None,
                                    year=downloads.parse_year(request.args.get("year")))
    return downloads.attachment(data, name)


@pages.route("/county/upload", methods=["GET", "POST"])
@login_required(m.COUNTY)
def upload():
    if request.method == "GET":
        return render_template("upload.html")
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        return render_template("upload.html", error="请选择要上传的文件（可一次选择多个）。"), 400
    subs = [service.upload(portal(), g.account, f.filename, f.read()) for f in files]
    return render_template("reports.html", subs=subs)


@pages.route("/submissions/")
@login_required()
def submissions():
    with portal().registry.reading() as s:
        subs = s.scalars(access.scoped(g.account, m.Submission).order_by(m.Submission.id.desc()).limit(200)).all()
    return render_template("submissions.html", subs=subs)


@pages.route("/submissions/<int:sub_id>")
@login_required()
def submission(sub_id):
    with portal().registry.reading() as s:
        sub = access.get_scoped(s, g.account, m.Submission, sub_id)
    return render_template("reports.html", subs=[sub])


@pages.route("/submissions/<int:sub_id>/file")
@login_required()
def submission_file(sub_id):
    with portal().registry.reading() as s:
        sub = access.get_scoped(s, g.account, m.Submission, sub_id)
    return downloads.attachment(portal().store.get(sub.sha256, sub.ext), sub.original_name)


@pages.route("/submissions/<int:sub_id>/annotated")
@login_required()
def submission_annotated(sub_id):
    return downloads.attachment(*service.annotated_copy(portal(), g.account, sub_id))


@pages.route("/packages/", methods=["GET", "POST"])
@login_required()
def packages():
    if request.method == "POST":
        try:
            year = int(request.form.get("year") or "")
        except ValueError:
            year = 0
        package = service.create_package(portal(), g.account, year, request.form.get("cluster_name", ""))
        return redirect(url_for("pages.package", package_id=package.id), code=303)
    with portal().registry.reading() as s:
        rows = s.scalars(access.scoped(g.account, m.Package).order_by(m.Package.id.desc())).all()
        filings = s.scalars(access.scoped(g.account, m.Filing).order_by(m.Filing.id.desc()).limit(200)).all()
    return render_template("packages.html", packages=rows, filings=filings, year=portal().config.current_date().year,
                           status_text=m.STATUS_TEXT)


@pages.route("/packages/<int:package_id>")
@login_required()
def package(package_id):
    with portal().registry.reading() as s:
        pkg = access.get_scoped(s, g.account, m.Package, package_id)
        versions = service.versions(s, pkg)
        problems = service.missing_or_invalid(s, pkg)
        history = service.history(s, pkg)
        from docgen.portal.spot_checks import of_package

        spot_checks = of_package(s, pkg.id)
    from docgen.schema import load_form

    titles = {f: load_form(f).title for f in package_forms()}
    return render_template("package.html", pkg=pkg, versions=versions, problems=problems, history=history,
                           titles=titles, forms=package_forms(), status_text=m.STATUS_TEXT,
                           owner=access.owns(g.account, pkg), city=g.account.has(m.CITY) and pkg.city == g.account.city,
                           spot_checks=spot_checks, today=portal().config.current_date().isoformat())


@pages.route("/packages/<int:package_id>/files", methods=["POST"])
@login_required(m.COUNTY)
def package_files(package_id):
    files = [f for f in request.files.getlist("file") if f and f.filename]
    if not files:
        flash("请选择要上传的文件。")
        return redirect(url_for("pages.package", package_id=package_id), code=303)
    subs = [service.upload(portal(), g.account, f.filename, f.read(), package_id) for f in files]
    return render_template("reports.html", subs=subs, package_id=package_id)


@pages.route("/packages/<int:package_id>/actions", methods=["POST"])
@login_required()
def package_action(package_id):
    action = request.form.get("action", "")
    pkg = service.act(portal(), g.account, package_id, action, request.form.get("reason"))
    flash({"submit": f"已报送{pkg.city}，等待市级初审。", "accept": "已受理。", "return": "已退回，县级单位会看到退回理由。",
           "recommend": "已推荐。"}.get(action, "操作已完成。"))
    return redirect(url_for("pages.package", package_id=package_id), code=303)
