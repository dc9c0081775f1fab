"""The province desk's rows of the route matrix (tests/portal/test_matrix.py): every route of
docgen/portal/province.py and POST /api/v1/notices, as every role. The desk is the province's alone: the
counties and cities get 403 on each route, nobody the login page (401 on the API)."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date

ROLES = ("county", "county2", "county_xa", "city", "city_xa", "province", "nobody")
SHORTLIST = [{"city": "宝鸡市", "county": "陈仓区", "cluster_name": "陈仓区钛材料产业集群", "leading_industry": "钛及钛合金"}]
# The preview converts with LibreOffice; without it the page says so (503), as the test of that shows.
PDF = 200 if (shutil.which("soffice") or shutil.which("libreoffice")) else 503


def _province(code: int, nobody: int = 302) -> dict:
    return dict(zip(ROLES, (403, 403, 403, 403, 403, code, nobody), strict=True))


def _api(code: int) -> dict:
    return _province(code, 401)


def _shortlist_file(_objects=None):
    body = json.dumps(SHORTLIST, ensure_ascii=False).encode()
    return {"data": {"year": "2026", "file": (io.BytesIO(body), "入围名单.json")}, "content_type": "multipart/form-data"}


def _publicity_form(_objects=None):
    return {"data": {"kind": "publicity", "year": "2026", "doc_number": "陕工信发〔2026〕33号", "date": "2026-06-02"}}


def _notice_json(_objects=None):
    return {"json": {"kind": "annual-call", "doc_number": "陕工信发〔2026〕9号", "date": "2026-03-20",
                     "data": [{"city": "西安市", "county": "鄠邑区", "cluster_name": "鄠邑区汽车零部件产业集群",
                               "leading_industry": "汽车零部件"}]}}


def _date_form(_objects=None):
    return {"data": {"published_on": "2026-06-22"}}


ROWS = [
    ("GET", "/province/", "/province/", None, _province(200)),
    ("GET", "/province/due", "/province/due", None, _province(200)),
    ("GET", "/province/clusters/<cluster_id>", "/province/clusters/{pcid}", None, _province(200)),
    ("GET", "/province/shortlist", "/province/shortlist", None, _province(200)),
    ("POST", "/province/shortlist", "/province/shortlist", _shortlist_file, _province(303)),
    ("GET", "/province/notices", "/province/notices", None, _province(200)),
    ("GET", "/province/notices/new", "/province/notices/new?kind=publicity&year=2026", None, _province(200)),
    ("POST", "/province/notices", "/province/notices", _publicity_form, _province(303)),
    ("GET", "/province/notices/<int:draft_id>", "/province/notices/{np}", None, _province(200)),
    ("GET", "/province/notices/<int:draft_id>", "/province/notices/999999", None, _province(404)),
    ("GET", "/province/notices/<int:draft_id>/docx", "/province/notices/{np}/docx", None, _province(200)),
    ("GET", "/province/notices/<int:draft_id>/pdf", "/province/notices/{np}/pdf", None, _province(PDF)),
    ("GET", "/province/evaluation", "/province/evaluation", None, _province(200)),
    ("GET", "/province/evaluation.docx", "/province/evaluation.docx?year=2025", None, _province(200)),
    ("GET", "/province/accounts", "/province/accounts", None, _province(200)),
    ("POST", "/api/v1/notices", "/api/v1/notices", _notice_json, _api(201)),
    # state-changing last: a publicity is not recognised (409); the announcement is; an account reset, disabled
    ("POST", "/province/notices/<int:draft_id>/recognise", "/province/notices/{np}/recognise", _date_form,
     _province(409)),
    ("POST", "/province/notices/<int:draft_id>/recognise", "/province/notices/{na}/recognise", _date_form,
     _province(303)),
    ("POST", "/province/accounts/<int:account_id>/reset", "/province/accounts/{acct}/reset", "form", _province(200)),
    ("POST", "/province/accounts/<int:account_id>/disable", "/province/accounts/{acct}/disable", "form",
     _province(303)),
]


def make_objects(portal, accounts, files) -> dict:
    """A registry cluster, the year's shortlist, its publicity and announcement drafts, a spare account."""
    from portal_helpers import add_account

    from docgen.portal import drafting, shortlist
    from docgen.portal import models as m
    from docgen.registry.decisions import recognise

    done = recognise(portal.registry, [{"city": "西安市", "county": "鄠邑区", "cluster_name": "鄠邑区汽车零部件产业集群",
                                        "leading_industry": "汽车零部件"}], "陕工信发〔2024〕20号", date(2024, 6, 15))
    with portal.registry.transaction() as s:
        province = s.get(m.Account, accounts["province"].id)
        shortlist.save(s, province, 2026, SHORTLIST)
    publicity, _ = drafting.draft_notice(portal, province, drafting.DraftRequest(
        kind="publicity", doc_number="陕工信发〔2026〕31号", date="2026-06-01", options={"year": 2026}))
    announcement, _ = drafting.draft_notice(portal, province, drafting.DraftRequest(
        kind="announcement", doc_number="陕工信发〔2026〕40号", date="2026-06-20", options={"year": 2026}))
    spare = add_account(portal, "测试账号", "county", "眉县", "宝鸡市")
    return {"pcid": done[0].cluster_id, "np": publicity.id, "na": announcement.id, "acct": spare.id}
