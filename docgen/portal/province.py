"""The province's desk (`/province/…`): recommended packages by city, the registry's due list and records,
the year's shortlist, notices drafted from what the portal holds (previewed as PDF), recognition of the
announced list, the evaluation report, accounts. Every step is a plain form (JavaScript off).

Views only translate HTTP; the work is `desk`, `drafting`, `recognition` and `shortlist`'s, who may do
it `access`'s (each service requires the province role; `login_required` answers 403 before that).
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from docgen.notices.kinds import KINDS
from docgen.portal import access, desk, downloads, drafting, recognition
from docgen.portal import models as m
from docgen.portal.app import portal
from docgen.portal.views import login_required

province = Blueprint("province", __name__, url_prefix="/province")
LIST_OPTIONS = ("year", "source")  # options that choose the list: on the page's GET form, shown before drafting


def _year_arg(default: int) -> int:
    return downloads.parse_year(request.args.get("year")) or default


def _names() -> dict:
    return {"status_text": m.STATUS_TEXT, "kinds": KINDS, "source_text": drafting.SOURCE_TEXT}


@province.route("/")
@login_required(m.PROVINCE)
def home():
    year = _year_arg(portal().config.current_date().year)
    from docgen.portal import shortlist

    with portal().registry.reading() as s:
        current = shortlist.current(s, year)
    return render_template("province/home.html", year=year, years=desk.package_years(portal(), g.account),
                           by_city=desk.recommended_by_city(portal(), g.account, year), shortlist=current, **_names())


@province.route("/due")
@login_required(m.PROVINCE)
def due():
    return render_template("province/due.html", due=desk.due(portal(), g.account))


@province.route("/clusters/<cluster_id>")
@login_required(m.PROVINCE)
def cluster(cluster_id):
    from docgen.registry.labels import STATUS_LABELS

    return render_template("province/cluster.html", h=desk.cluster_record(portal(), g.account, cluster_id),
                           file_status=STATUS_LABELS)


@province.route("/shortlist", methods=["GET", "POST"])
@login_required(m.PROVINCE)
def shortlist_page():
    from docgen.portal import shortlist

    if request.method == "POST":
        year = downloads.parse_year(request.form.get("year")) or portal().config.current_date().year
        f = request.files.get("file")
        if f is None or not f.filename:
            flash("请选择入围名单 JSON 文件。")
            return redirect(url_for("province.shortlist_page", year=year), code=303)
        try:
            entries = shortlist.parse(f.read())
            with portal().registry.transaction() as s:
                n = len(shortlist.save(s, g.account, year, entries).entries)
        except (access.Unprocessable, access.TooLarge) as exc:  # answered on the page, with what is current
            with portal().registry.reading() as s:
                current = shortlist.current(s, year)
            return render_template("province/shortlist.html", year=year, shortlist=current, error=exc.message), exc.status
        flash(f"已保存 {year} 年入围名单（{n} 个集群）；名单所列的已推荐申报已标为“已入围”。")
        return redirect(url_for("province.shortlist_page", year=year), code=303)
    year = _year_arg(portal().config.current_date().year)
    with portal().registry.reading() as s:
        current = shortlist.current(s, year)
    return render_template("province/shortlist.html", year=year, shortlist=current)


@province.route("/notices")
@login_required(m.PROVINCE)
def notices():
    return render_template("province/notices.html", drafts=drafting.drafts(portal(), g.account),
                           year=portal().config.current_date().year, **_names())


def _form_page(kind: str, args, values: dict, error: str | None = None, status: int = 200):
    """The drafting form of `kind`, with the list the portal would draw it from (or why there is none)."""
    if kind not in KINDS:
        raise access.NotFound("没有这种公文。")
    today = portal().config.current_date()
    records, source, list_error = [], None, None
    try:
        opts = drafting.parse_options(kind, {k: args.get(k) for k in LIST_OPTIONS})
        with portal().registry.reading() as s:
            records, source, _sid = drafting.source_list(portal(), s, kind, today, opts)
    except access.Unprocessable as exc:
        list_error, opts = exc.message, {}
    fields = [f for f in drafting.OPTIONS[kind] if f[0] not in LIST_OPTIONS]
    chooser = [f for f in drafting.OPTIONS[kind] if f[0] in LIST_OPTIONS]
    return render_template("province/notice_form.html", kind=kind, records=records, source=source,
                           list_error=list_error, error=error, fields=fields, chooser=chooser,
                           chosen={k: args.get(k) or "" for k in LIST_OPTIONS}, sources=drafting.SOURCES[kind],
                           values=values, today=today, selectable=kind in ("announcement", "review", "revocation"),
                           default_year=opts.get("year") or today.year, **_names()), status


@province.route("/notices/new")
@login_required(m.PROVINCE)
def notice_new():
    return _form_page(request.args.get("kind", "publicity"), request.args, {})


@province.route("/notices", methods=["POST"])
@login_required(m.PROVINCE)
def notice_create():
    form = request.form
    kind = form.get("kind", "")
    results = {k.removeprefix("result:"): v for k, v in form.items() if k.startswith("result:")} or None
    req = drafting.DraftRequest(kind=kind, doc_number=form.get("doc_number", ""), date=form.get("date"),
                                options={k: form.get(k) for k in form}, cc=form.get("cc", ""),
                                keep=form.getlist("keep") if form.get("selection") else None, results=results)
    try:
        row, messages = drafting.draft_notice(portal(), g.account, req)
    except access.Unprocessable as exc:
        return _form_page(kind, form, form.to_dict(), error=exc.message, status=422)
    flash(f"已起草{KINDS[row.kind]}（{row.doc_number}）。" + "".join(messages))
    return redirect(url_for("province.notice", draft_id=row.id), code=303)


@province.route("/notices/<int:draft_id>")
@login_required(m.PROVINCE)
def notice(draft_id):
    with portal().registry.reading() as s:
        row = drafting.get_draft(s, g.account, draft_id)
    return render_template("province/notice.html", d=row, **_names())


@province.route("/notices/<int:draft_id>/docx")
@login_required(m.PROVINCE)
def notice_docx(draft_id):
    return downloads.attachment(*drafting.docx_of(portal(), g.account, draft_id))


@province.route("/notices/<int:draft_id>/pdf")
@login_required(m.PROVINCE)
def notice_pdf(draft_id):
    data, name = drafting.pdf_of(portal(), g.account, draft_id)
    if request.args.get("download"):
        return downloads.attachment(data, name)
    return downloads.generated_pdf(data, name)


@province.route("/notices/<int:draft_id>/recognise", methods=["POST"])
@login_required(m.PROVINCE)
def notice_recognise(draft_id):
    published = drafting.parse_date(request.form.get("published_on"), "名单公布日期")
    out = recognition.recognise(portal(), g.account, draft_id, published)
    flash(f"已登记进名录：{len(out['clusters'])} 个集群（{out['published_on']} 公布，有效期三年）；"
          f"{out['recognised']} 个申报标为“已认定”，{out['not_selected']} 个标为“未入选”。")
    return redirect(url_for("province.notice", draft_id=draft_id), code=303)


@province.route("/evaluation")
@login_required(m.PROVINCE)
def evaluation():
    return render_template("province/evaluation.html", year=portal().config.current_date().year - 1)


@province.route("/evaluation.docx")
@login_required(m.PROVINCE)
def evaluation_docx():
    year = _year_arg(portal().config.current_date().year - 1)
    return downloads.attachment(*desk.evaluation_report(portal(), g.account, year))


@province.route("/accounts")
@login_required(m.PROVINCE)
def accounts():
    q = request.args.get("q", "")
    return render_template("province/accounts.html", rows=desk.account_list(portal(), g.account, q), q=q)


@province.route("/accounts/<int:account_id>/reset", methods=["POST"])
@login_required(m.PROVINCE)
def account_reset(account_id):
    row = desk.reset_account(portal(), g.account, account_id)
    return render_template("province/password_once.html", row=row)  # shown this once; never stored in clear


@province.route("/accounts/<int:account_id>/disable", methods=["POST"])
@login_required(m.PROVINCE)
def account_disable(account_id):
    name = desk.disable_account(portal(), g.account, account_id)
    flash(f"账号「{name}」已停用，其会话和令牌已失效。")
    return redirect(url_for("province.accounts"), code=303)
