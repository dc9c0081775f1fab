"""The route matrix's rows for the city desk, the filings and their API (joined into test_matrix.MATRIX).

Objects (make_objects): a recognised cluster of 陈仓区; its draft change report `fd`, two submitted annual ones
(`fs` for the API, `fs2` for the pages); 陈仓区 packages `cps` (submitted), `cpa` and `cpa2` (accepted) and the
recommendation `rec` 宝鸡市 made of another package. State-changing successes come last."""

from __future__ import annotations

import io

ROLES = ("county", "county2", "county_xa", "city", "city_xa", "province", "nobody")  # test_matrix's order


def _codes(*codes):
    return dict(zip(ROLES, codes, strict=True))


def _page(ok_county, ok_city, ok_province):
    return _codes(ok_county, ok_county, ok_county, ok_city, ok_city, ok_province, 302)


def _api(codes):
    return {r: (401 if r == "nobody" else c) for r, c in codes.items()}


EVERYONE = _codes(200, 200, 200, 200, 200, 200, 302)
CITY_ONLY = _page(403, 200, 403)
DRAFT = _codes(200, 404, 404, 404, 404, 200, 302)
SUBMITTED = _codes(200, 404, 404, 200, 404, 200, 302)


def _junk(_objects):
    return {"data": {"file": (io.BytesIO(b"not really a form"), "x.xlsx")}, "content_type": "multipart/form-data"}


def _new_filing(objects):
    return {"data": {"cluster_id": objects["cid"], "kind": "change", "report_year": "2026"}}


def _new_filing_json(objects):
    return {"json": {"cluster_id": objects["cid"], "kind": "annual", "report_year": 2023}}


def _recommend(objects):
    return {"data": {"package_id": str(objects["cpa"]), "contact_name": "李建国", "contact_phone": "0917-3261234"}}


def _recommend_json(objects):
    return {"json": {"package_ids": [objects["cpa2"]], "contact_name": "李建国", "contact_phone": "0917-3261234"}}


def _spot_check(_objects):
    return {"data": {"checked_on": "2026-03-18", "people": "张伟", "findings": "属实"}}


def _form(**values):
    return lambda _objects: {"data": values}


def _json(**values):
    return lambda _objects: {"json": values}


ROWS = [
    ("GET", "/city/", "/city/", None, CITY_ONLY),
    ("GET", "/city/due", "/city/due", None, CITY_ONLY),
    ("GET", "/city/recommend", "/city/recommend", None, CITY_ONLY),
    ("GET", "/city/recommendations/<int:rec_id>.xlsx", "/city/recommendations/{rec}.xlsx", None,
     _codes(403, 403, 403, 200, 404, 403, 302)),
    ("GET", "/filings/", "/filings/", None, EVERYONE),
    ("GET", "/filings/<int:filing_id>", "/filings/{fd}", None, DRAFT),
    ("GET", "/filings/<int:filing_id>", "/filings/{fs}", None, SUBMITTED),
    ("POST", "/filings/<int:filing_id>/files", "/filings/{fd}/files", _junk, _codes(422, 404, 404, 404, 404, 403, 302)),
    ("POST", "/filings/<int:filing_id>/files", "/filings/{fs}/files", _junk, _codes(409, 404, 404, 403, 404, 403, 302)),
    ("POST", "/filings/<int:filing_id>/actions", "/filings/{fd}/actions", _form(action="submit"),
     _codes(409, 404, 404, 404, 404, 403, 302)),
    ("GET", "/api/v1/filings", "/api/v1/filings", None, _api(EVERYONE)),
    ("GET", "/api/v1/filings/<int:filing_id>", "/api/v1/filings/{fd}", None, _api(DRAFT)),
    ("GET", "/api/v1/filings/<int:filing_id>", "/api/v1/filings/{fs}", None, _api(SUBMITTED)),
    ("POST", "/api/v1/filings/<int:filing_id>/files", "/api/v1/filings/{fd}/files", _junk,
     _api(_codes(422, 404, 404, 404, 404, 403, 0))),
    ("POST", "/api/v1/filings/<int:filing_id>/actions", "/api/v1/filings/{fd}/actions", _json(action="submit"),
     _api(_codes(409, 404, 404, 404, 404, 403, 0))),
    ("GET", "/api/v1/recommendation", "/api/v1/recommendation", None, _api(_codes(403, 403, 403, 200, 404, 403, 0))),
    # state-changing successes last
    ("POST", "/filings/", "/filings/", _new_filing, _codes(303, 404, 404, 403, 403, 403, 302)),
    ("POST", "/api/v1/filings", "/api/v1/filings", _new_filing_json, _api(_codes(201, 404, 404, 403, 403, 403, 0))),
    ("POST", "/city/packages/<int:package_id>/spot-checks", "/city/packages/{cps}/spot-checks", _spot_check,
     _codes(403, 404, 404, 303, 404, 403, 302)),
    ("POST", "/city/recommend", "/city/recommend", _recommend, _codes(403, 403, 403, 303, 404, 403, 302)),
    ("POST", "/api/v1/recommendation", "/api/v1/recommendation", _recommend_json,
     _api(_codes(403, 403, 403, 201, 404, 403, 0))),
    ("POST", "/filings/<int:filing_id>/actions", "/filings/{fs2}/actions", _form(action="accept"),
     _codes(403, 404, 404, 303, 404, 403, 302)),
    ("POST", "/api/v1/filings/<int:filing_id>/actions", "/api/v1/filings/{fs}/actions", _json(action="accept"),
     _api(_codes(403, 404, 404, 200, 404, 403, 0))),
]


def make_objects(portal, accounts, files) -> dict:
    from portal_helpers import filled_annual, filled_application, recognise_cluster

    from docgen.portal import filings, recommend, service
    from docgen.portal import models as m

    with portal.registry.reading() as s:
        county, city = s.get(m.Account, accounts["county"].id), s.get(m.Account, accounts["city"].id)
    cid = recognise_cluster(portal)
    folder = portal.config.data.parent / "matrix-city"
    out = {"cid": cid, "fd": filings.create(portal, county, cid, "change", 2026).id}
    for key, year in (("fs", 2024), ("fs2", 2025)):
        f = filings.create(portal, county, cid, "annual", year)
        path = filled_annual(folder, cid, year)
        filings.upload(portal, county, f.id, path.name, path.read_bytes())
        out[key] = filings.act(portal, county, f.id, "submit").id

    def submitted(name):
        # each cluster's own application file: one file in two packages is a question for expert review
        application = filled_application(folder, name=f"申报书-{name}.docx", cluster_name=f"陈仓区{name}")
        pkg = service.create_package(portal, county, 2026, name)
        for path in (application, files["plan"]):
            service.upload(portal, county, path.name, path.read_bytes(), pkg.id)
        return service.act(portal, county, pkg.id, "submit").id

    out["cps"] = submitted("丁集群")
    out["cpa"] = service.act(portal, city, submitted("戊集群"), "accept").id
    out["cpa2"] = service.act(portal, city, submitted("庚集群"), "accept").id
    rec_pkg = service.act(portal, city, submitted("己集群"), "accept").id
    out["rec"] = recommend.recommend(portal, city, [rec_pkg], "李建国", "0917-3261234").id
    return out
