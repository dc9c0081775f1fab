"""`/api/v1` routes of the filings and the city's recommendation (docs/portal.md "The API"), on the same
`api` blueprint (app.py imports this module before registering it). The same services as the pages."""

from __future__ import annotations

from flask import g, jsonify, request

from docgen.portal import access, downloads, filings, recommend
from docgen.portal import models as m
from docgen.portal.api import _the_file, api, history_json, submission_json, token_required
from docgen.portal.app import portal


def filing_json(session, f: m.Filing) -> dict:
    subs = filings.versions(session, f)
    return {"id": f.id, "unit": f.unit, "city": f.city, "cluster_id": f.cluster_id, "cluster_name": f.cluster_name,
            "kind": f.kind, "report_year": f.report_year, "status": f.status, "reason": f.reason,
            "current": submission_json(subs[0]) if subs else None, "versions": [submission_json(s) for s in subs],
            "history": history_json(session, f)}


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise access.PortalError("请求体应为 JSON 对象。")
    return body


def _one(filing_id: int):
    with portal().registry.reading() as s:
        return jsonify(filing_json(s, access.get_scoped(s, g.account, m.Filing, filing_id)))


@api.route("/filings", methods=["POST"])
@token_required
def post_filing():
    body = _body()
    year = body.get("report_year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise access.Unprocessable("report_year 应为整数年度，如 2025。", code="filing.year")
    f = filings.create(portal(), g.account, str(body.get("cluster_id") or ""), str(body.get("kind") or ""), year)
    return _one(f.id), 201


@api.route("/filings", methods=["GET"])
@token_required
def list_filings():
    with portal().registry.reading() as s:
        return jsonify([filing_json(s, f) for f in s.scalars(access.scoped(g.account, m.Filing).order_by(m.Filing.id))])


@api.route("/filings/<int:filing_id>")
@token_required
def get_filing(filing_id):
    return _one(filing_id)


@api.route("/filings/<int:filing_id>/files", methods=["POST"])
@token_required
def post_filing_file(filing_id):
    name, data = _the_file()
    return jsonify(submission_json(filings.upload(portal(), g.account, filing_id, name, data))), 201


@api.route("/filings/<int:filing_id>/actions", methods=["POST"])
@token_required
def post_filing_action(filing_id):
    body = _body()
    if not isinstance(body.get("action"), str):
        raise access.PortalError("请求体应为 JSON 对象，如 {\"action\": \"submit\"}。")
    filings.act(portal(), g.account, filing_id, body["action"], body.get("reason"))
    return _one(filing_id)


@api.route("/recommendation")
@token_required
def get_recommendation():
    year = downloads.parse_year(request.args.get("year"))
    with portal().registry.reading() as s:
        rec = recommend.latest(s, g.account, year)
    return downloads.attachment(portal().store.get(rec.sha256, "xlsx"), recommend.file_name(rec))


@api.route("/recommendation", methods=["POST"])
@token_required
def post_recommendation():
    """The desk's 推荐 for API clients: {"package_ids": [...] in 推荐排序, "contact_name", "contact_phone"}
    → 201 {"id", "city", "year", "package_ids", "sha256"}; the workbook is GET /recommendation."""
    body = _body()
    ids = body.get("package_ids")
    if not isinstance(ids, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise access.Unprocessable("package_ids 应为申报编号（整数）的列表，按推荐排序。", code="recommend.ids")
    rec = recommend.recommend(portal(), g.account, ids, str(body.get("contact_name") or ""),
                              str(body.get("contact_phone") or ""))
    return jsonify({"id": rec.id, "city": rec.city, "year": rec.year, "package_ids": rec.package_ids,
                    "sha256": rec.sha256}), 201
