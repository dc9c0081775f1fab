"""`POST /api/v1/notices` (docs/portal.md "The API"): the province drafts a notice and gets its .docx —
the list drawn from what the portal holds (publicity: the year's shortlist; announcement: the list
publicised; annual-call: the registry's valid clusters, or "source": "overdue"; review, revocation: the
registry's due lists) or given inline as "data": [...] in the shape `docgen notice … --data` reads.
The same service as the desk's form (`drafting.draft_notice`); the draft is kept (201, Location). As on
the desk, a publicity drawn from the shortlist publicises its packages; a list given inline moves nothing.
"""

from __future__ import annotations

from flask import g, request, url_for

from docgen.portal import access, downloads, drafting
from docgen.portal import models as m
from docgen.portal.api import api, token_required
from docgen.portal.app import portal


def _text(body: dict, key: str, label: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise access.Unprocessable(f"请提供{label}（{key}，字符串）。", code=f"notice.{key}")
    return value


@api.route("/notices", methods=["POST"])
@token_required
def post_notice():
    access.require(g.account, m.PROVINCE)  # before the body is read: another role learns nothing from it
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise access.PortalError("请求体应为 JSON 对象，如 {\"kind\": \"publicity\", \"doc_number\": \"陕工信发〔2026〕12号\", "
                                 "\"date\": \"2026-06-01\"}。")
    cc = body.get("cc") or []
    if not isinstance(cc, str | list) or (isinstance(cc, list) and not all(isinstance(c, str) for c in cc)):
        raise access.Unprocessable("cc 应为抄送机关的字符串或字符串列表。", code="notice.cc")
    req = drafting.DraftRequest(kind=_text(body, "kind", "公文类型"), doc_number=_text(body, "doc_number", "发文字号"),
                                date=_text(body, "date", "成文日期（YYYY-MM-DD）"), options=body, cc=cc,
                                data=body.get("data"))
    row, _messages = drafting.draft_notice(portal(), g.account, req)
    resp = downloads.attachment(portal().store.get(row.docx_sha256, "docx"), drafting.file_name(row, "docx"))
    resp.status_code = 201
    resp.headers["Location"] = url_for("province.notice", draft_id=row.id)
    resp.headers["X-Docgen-Notice-Id"] = str(row.id)
    return resp
