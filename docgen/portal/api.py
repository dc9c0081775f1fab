"""`/api/v1` (docs/portal.md "The API"): bearer tokens, JSON in and out, errors as
`{"error": code, "message": 中文}` — never HTML, never a traceback. Filings and the city's recommendation
workbook are routes of this blueprint too, in `api_city.py`.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, g, jsonify, request

from docgen.portal import access, downloads, service
from docgen.portal import models as m
from docgen.portal.app import portal

api = Blueprint("api", __name__, url_prefix="/api/v1")


def token_required(view):
    @wraps(view)
    def inner(*args, **kwargs):
        if g.account is None:
            raise access.Unauthorized("缺少有效的访问令牌（Authorization: Bearer …），或令牌已过期、已撤销。")
        return view(*args, **kwargs)
    return inner


def submission_json(sub: m.Submission) -> dict:
    return {"id": sub.id, "sha256": sub.sha256, "form": sub.form, "status": "valid" if sub.valid else "invalid",
            "file_name": sub.original_name, "package_id": sub.package_id, "created_at": sub.created_at.isoformat(),
            "report": sub.report}


def history_json(session, obj) -> list[dict]:
    """A package's or a filing's history as the API gives it."""
    return [{"at": h.at.isoformat(), "by": h.actor, "action": h.action, "from": h.from_state, "to": h.to_state,
             "detail": h.detail} for h in service.history(session, obj)]


def package_json(session, pkg: m.Package) -> dict:
    versions = service.versions(session, pkg)
    return {"id": pkg.id, "unit": pkg.unit, "city": pkg.city, "year": pkg.year, "cluster_name": pkg.cluster_name,
            "status": pkg.status, "reason": pkg.reason,
            "forms": {form: {"current": submission_json(subs[0]), "versions": [submission_json(s) for s in subs]}
                      for form, subs in versions.items()},
            "history": history_json(session, pkg)}


def _the_file():
    f = request.files.get("file")
    if f is None or not f.filename:
        raise access.PortalError("请在表单字段 file 中上传一个文件。", code="file.missing")
    return f.filename, f.read()


@api.route("/submissions", methods=["POST"])
@token_required
def post_submission():
    name, data = _the_file()
    return jsonify(submission_json(service.upload(portal(), g.account, name, data))), 201


@api.route("/submissions", methods=["GET"])
@token_required
def list_submissions():
    with portal().registry.reading() as s:
        subs = s.scalars(access.scoped(g.account, m.Submission).order_by(m.Submission.id)).all()
    return jsonify([submission_json(x) for x in subs])


def _scoped_submission(sub_id: int) -> m.Submission:
    with portal().registry.reading() as s:
        return access.get_scoped(s, g.account, m.Submission, sub_id)


@api.route("/submissions/<int:sub_id>")
@token_required
def get_submission(sub_id):
    return jsonify(submission_json(_scoped_submission(sub_id)))


@api.route("/submissions/<int:sub_id>/file")
@token_required
def get_submission_file(sub_id):
    sub = _scoped_submission(sub_id)
    return downloads.attachment(portal().store.get(sub.sha256, sub.ext), sub.original_name)


@api.route("/submissions/<int:sub_id>/annotated")
@token_required
def get_submission_annotated(sub_id):
    return downloads.attachment(*service.annotated_copy(portal(), g.account, sub_id))


@api.route("/forms/<form_id>")
@token_required
def get_form(form_id):
    access.require(g.account, m.COUNTY)
    c = downloads.cluster_of(portal(), g.account.unit, request.args.get("cluster_id"))
    data, name = downloads.one_form(g.account.unit, form_id, cluster=c.cluster_name if c else None,
                                    cluster_id=c.cluster_id if c else None,
                                    year=downloads.parse_year(request.args.get("year")))
    return downloads.attachment(data, name)


@api.route("/due")
@token_required
def get_due():
    access.require(g.account, m.COUNTY)
    from docgen.portal.due import due_for

    return jsonify(due_for(portal(), g.account))


@api.route("/packages", methods=["POST"])
@token_required
def post_package():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise access.PortalError("请求体应为 JSON 对象，如 {\"year\": 2026, \"cluster_name\": \"…\"}。")
    year = body.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise access.Unprocessable("year 应为整数年度，如 2026。", code="package.year")
    pkg = service.create_package(portal(), g.account, year, body.get("cluster_name") or "")
    with portal().registry.reading() as s:
        return jsonify(package_json(s, s.get(m.Package, pkg.id))), 201


@api.route("/packages/<int:package_id>/files", methods=["POST"])
@token_required
def post_package_file(package_id):
    name, data = _the_file()
    return jsonify(submission_json(service.upload(portal(), g.account, name, data, package_id))), 201


@api.route("/packages", methods=["GET"])
@token_required
def list_packages():
    with portal().registry.reading() as s:
        return jsonify([package_json(s, p) for p in s.scalars(access.scoped(g.account, m.Package)
                                                               .order_by(m.Package.id)).all()])


@api.route("/packages/<int:package_id>")
@token_required
def get_package(package_id):
    with portal().registry.reading() as s:
        return jsonify(package_json(s, access.get_scoped(s, g.account, m.Package, package_id)))


@api.route("/packages/<int:package_id>/actions", methods=["POST"])
@token_required
def post_action(package_id):
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("action"), str):
        raise access.PortalError("请求体应为 JSON 对象，如 {\"action\": \"submit\"}。")
    service.act(portal(), g.account, package_id, body["action"], body.get("reason"))
    with portal().registry.reading() as s:
        return jsonify(package_json(s, s.get(m.Package, package_id)))
