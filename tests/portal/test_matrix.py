"""Every route tried as every role and as nobody (design/PORTAL.md "Security, as tests"): another unit's
object → 404 as if it did not exist, a route or action not of the caller's role → 403, an action the
object's state does not allow → 409; nobody → the login page (pages) or 401 (API)."""

from __future__ import annotations

import io

import matrix_province
import pytest
from matrix_city import ROWS as CITY_ROWS
from matrix_city import make_objects as city_objects
from matrix_expert import ROWS as EXPERT_ROWS
from matrix_expert import make_objects as expert_objects
from matrix_expert import with_expert
from portal_helpers import login

ROLES = ("county", "county2", "county_xa", "city", "city_xa", "province", "nobody")


def _codes(county, county2, xa, city, city_xa, province, nobody):
    return dict(zip(ROLES, (county, county2, xa, city, city_xa, province, nobody), strict=True))


def _page(ok_county, ok_city, ok_province, **kw):
    # a page of one audience: the others get 403, nobody the login page
    return _codes(ok_county, ok_county, ok_county, ok_city, ok_city, ok_province, 302, **kw)


EVERYONE = _codes(200, 200, 200, 200, 200, 200, 302)
COUNTY_ONLY = _page(200, 403, 403)
PLAIN = _codes(200, 404, 404, 404, 404, 200, 302)  # the county's own upload, in no package
SUBMITTED = _codes(200, 404, 404, 200, 404, 200, 302)  # its city sees it from `submitted` on
DRAFT = _codes(200, 404, 404, 404, 404, 200, 302)  # a draft: only the county (and the province)


def _api(codes):
    return {r: (401 if r == "nobody" else c) for r, c in codes.items()}


def _file():
    return {"file": (io.BytesIO(b"not really a form"), "x.docx")}


# (method, rule, concrete path, body kind, expected codes)
MATRIX = [
    ("GET", "/", "/", None, _codes(302, 302, 302, 302, 302, 302, 302)),
    ("GET", "/login", "/login", None, _codes(200, 200, 200, 200, 200, 200, 200)),
    ("POST", "/login", "/login", "form", _codes(401, 401, 401, 401, 401, 401, 401)),
    ("POST", "/logout", "/logout", "form", _codes(302, 302, 302, 302, 302, 302, 302)),
    ("GET", "/password", "/password", None, EVERYONE),
    ("POST", "/password", "/password", "form", _codes(400, 400, 400, 400, 400, 400, 302)),
    ("GET", "/county/", "/county/", None, COUNTY_ONLY),
    ("GET", "/county/forms", "/county/forms", None, COUNTY_ONLY),
    ("GET", "/county/kit.zip", "/county/kit.zip", None, COUNTY_ONLY),
    ("GET", "/county/forms/<form_id>", "/county/forms/plan", None, COUNTY_ONLY),
    ("GET", "/county/upload", "/county/upload", None, COUNTY_ONLY),
    ("POST", "/county/upload", "/county/upload", "file", COUNTY_ONLY),
    ("GET", "/submissions/", "/submissions/", None, EVERYONE),
    ("GET", "/submissions/<int:sub_id>", "/submissions/{sp}", None, PLAIN),
    ("GET", "/submissions/<int:sub_id>", "/submissions/{ss}", None, SUBMITTED),
    ("GET", "/submissions/<int:sub_id>/file", "/submissions/{sp}/file", None, PLAIN),
    ("GET", "/submissions/<int:sub_id>/file", "/submissions/{ss}/file", None, SUBMITTED),
    ("GET", "/submissions/<int:sub_id>/annotated", "/submissions/{sp}/annotated", None, PLAIN),
    ("GET", "/packages/", "/packages/", None, EVERYONE),
    ("POST", "/packages/", "/packages/", "package", _page(303, 403, 403)),
    ("GET", "/packages/<int:package_id>", "/packages/{pd}", None, DRAFT),
    ("GET", "/packages/<int:package_id>", "/packages/{ps}", None, SUBMITTED),
    ("POST", "/packages/<int:package_id>/files", "/packages/{pd}/files", "file",
     _codes(422, 404, 404, 403, 403, 403, 302)),
    ("POST", "/packages/<int:package_id>/files", "/packages/{ps}/files", "file",
     _codes(409, 404, 404, 403, 403, 403, 302)),
    ("POST", "/packages/<int:package_id>/actions", "/packages/{pd}/actions", "submit",
     _codes(409, 404, 404, 404, 404, 403, 302)),
    ("POST", "/api/v1/submissions", "/api/v1/submissions", "file", _api(_page(201, 403, 403))),
    ("GET", "/api/v1/submissions", "/api/v1/submissions", None, _api(EVERYONE)),
    ("GET", "/api/v1/submissions/<int:sub_id>", "/api/v1/submissions/{sp}", None, _api(PLAIN)),
    ("GET", "/api/v1/submissions/<int:sub_id>", "/api/v1/submissions/{ss}", None, _api(SUBMITTED)),
    ("GET", "/api/v1/submissions/<int:sub_id>/file", "/api/v1/submissions/{sp}/file", None, _api(PLAIN)),
    ("GET", "/api/v1/submissions/<int:sub_id>/annotated", "/api/v1/submissions/{ss}/annotated", None,
     _api(SUBMITTED)),
    ("GET", "/api/v1/forms/<form_id>", "/api/v1/forms/plan", None, _api(COUNTY_ONLY)),
    ("GET", "/api/v1/due", "/api/v1/due", None, _api(COUNTY_ONLY)),
    ("POST", "/api/v1/packages", "/api/v1/packages", "json_package", _api(_page(201, 403, 403))),
    ("GET", "/api/v1/packages", "/api/v1/packages", None, _api(EVERYONE)),
    ("GET", "/api/v1/packages/<int:package_id>", "/api/v1/packages/{pd}", None, _api(DRAFT)),
    ("GET", "/api/v1/packages/<int:package_id>", "/api/v1/packages/{ps}", None, _api(SUBMITTED)),
    ("POST", "/api/v1/packages/<int:package_id>/files", "/api/v1/packages/{pd}/files", "file",
     _api(_codes(422, 404, 404, 403, 403, 403, 0))),
    ("POST", "/api/v1/packages/<int:package_id>/actions", "/api/v1/packages/{pd}/actions", "json_submit",
     _api(_codes(409, 404, 404, 404, 404, 403, 0))),
    # state-changing successes last: a city accepting its county's submitted package
    ("POST", "/api/v1/packages/<int:package_id>/actions", "/api/v1/packages/{ps}/actions", "json_accept",
     _api(_codes(403, 404, 404, 200, 404, 403, 0))),
    ("POST", "/packages/<int:package_id>/actions", "/packages/{ps}/actions", "return",
     _codes(403, 404, 404, 409, 404, 403, 302)),  # the city accepted it just above: no return now
]
# each desk's rows in its own module; the expert's column derived where a desk's rows do not give it
MATRIX = with_expert(MATRIX + CITY_ROWS + matrix_province.ROWS) + EXPERT_ROWS


def test_the_matrix_covers_every_route(app):
    rules = {(method, r.rule) for r in app.url_map.iter_rules() if r.endpoint != "static"
             for method in r.methods - {"HEAD", "OPTIONS"}}
    assert rules == {(method, rule) for method, rule, *_ in MATRIX}


@pytest.fixture
def objects(portal, accounts, files):
    """As 陈仓区: a draft package, a submitted one (valid application and plan), an upload in no package."""
    from docgen.portal import models as m
    from docgen.portal import service

    with portal.registry.reading() as s:
        county = s.get(m.Account, accounts["county"].id)
    draft = service.create_package(portal, county, 2026, "甲集群")
    sub = service.create_package(portal, county, 2026, "乙集群")
    ss = service.upload(portal, county, files["good"].name, files["good"].read_bytes(), sub.id)
    service.upload(portal, county, files["plan"].name, files["plan"].read_bytes(), sub.id)
    service.act(portal, county, sub.id, "submit")
    sp = service.upload(portal, county, files["bad"].name, files["bad"].read_bytes())
    return {"pd": draft.id, "ps": sub.id, "ss": ss.id, "sp": sp.id, **city_objects(portal, accounts, files),
            **matrix_province.make_objects(portal, accounts, files), **expert_objects(portal, accounts, files)}


def _request(client, method, path, body, headers, objects=None):
    kinds = {None: {}, "form": {"data": {}}, "file": {"data": _file(), "content_type": "multipart/form-data"},
             "package": {"data": {"year": "2026", "cluster_name": "丙集群"}},
             "submit": {"data": {"action": "submit"}}, "return": {"data": {"action": "return", "reason": "材料不全"}},
             "json_package": {"json": {"year": 2026, "cluster_name": "丙集群"}},
             "json_submit": {"json": {"action": "submit"}}, "json_accept": {"json": {"action": "accept"}}}
    # a desk's row may give its body as a function of the objects (fresh file objects for every request)
    return client.open(path, method=method, headers=headers, **(body(objects) if callable(body) else kinds[body]))


@pytest.mark.parametrize("role", (*ROLES, "expert"))
def test_every_route_as_every_role(role, app, accounts, objects, token_for):
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own test; here only authorisation
    headers = {} if role == "nobody" else token_for(role)
    wrong = []
    for method, _rule, path, body, expected in MATRIX:
        client = app.test_client()
        if role != "nobody" and not path.startswith("/api/"):
            assert login(client, accounts[role].username).status_code == 302
        resp = _request(client, method, path.format(**objects), body, headers if path.startswith("/api/") else {},
                        objects)
        if resp.status_code != expected[role]:
            wrong.append(f"{method} {path}: {resp.status_code} (expected {expected[role]})")
        if resp.status_code >= 400:
            if path.startswith("/api/"):
                assert resp.is_json and set(resp.get_json()) == {"error", "message"}, path
            else:
                assert "<!doctype html>" in resp.text and "Traceback" not in resp.text
    assert wrong == [], "\n".join(wrong)
