"""The expert review routes in the route matrix, the `expert` role's column for every other route, and the
review scenario the expert tests share (recommended packages, a 专家库 uploaded, an assignment made).

Scenario: three recommended packages — 陈仓区 and 凤翔区 (宝鸡市), 鄠邑区 (西安市) — and three experts:
E001 of 西安市, E002 of 咸阳市, E003 of 宝鸡市; two experts per application, seed 0. 回避 leaves one way:
the two 宝鸡 applications go to E001 and E002, the 西安 one to E002 and E003. The matrix's `expert` is E001.
"""

from __future__ import annotations

from pathlib import Path

from portal_helpers import PASSWORD, YEAR, filled_application

EXPERTS = [
    {"expert_id": "E001", "name": "张明", "org": "西北大学", "city": "西安市", "field": "产业经济", "phone": "13900000001"},
    {"expert_id": "E002", "name": "李华", "org": "咸阳师范学院", "city": "咸阳市", "field": "材料工程", "phone": "13900000002"},
    {"expert_id": "E003", "name": "王强", "org": "宝鸡文理学院", "city": "宝鸡市", "field": "数字化", "phone": "13900000003"},
]
ALL_EIGHT = {"competitiveness": "16", "tiered_cultivation": "8", "chain_collaboration": "10", "innovation": "12",
             "digital": "8", "green": "8", "openness": "6", "governance_plan": "12"}  # total 80

ROLES = ("county", "county2", "county_xa", "city", "city_xa", "province", "nobody", "expert")


def _codes(county, county2, xa, city, city_xa, province, nobody, expert):
    return dict(zip(ROLES, (county, county2, xa, city, city_xa, province, nobody, expert), strict=True))


EXPERT_PAGE = _codes(403, 403, 403, 403, 403, 403, 302, 200)
PROVINCE_PAGE = _codes(403, 403, 403, 403, 403, 200, 302, 403)

ROWS = [
    ("GET", "/expert/", "/expert/", None, EXPERT_PAGE),
    ("GET", "/expert/applications/<int:row>", "/expert/applications/{ra}", None, EXPERT_PAGE),
    ("GET", "/expert/applications/<int:row>", "/expert/applications/{rx}", None,  # 回避: E001 is of 西安市
     _codes(403, 403, 403, 403, 403, 403, 302, 404)),
    ("POST", "/expert/applications/<int:row>", "/expert/applications/{ra}", "form",  # nothing typed: refused
     _codes(403, 403, 403, 403, 403, 403, 302, 422)),
    ("GET", "/expert/applications/<int:row>/files/<int:sub_id>", "/expert/applications/{ra}/files/{fa}", None,
     EXPERT_PAGE),
    ("GET", "/expert/applications/<int:row>/files/<int:sub_id>", "/expert/applications/{ra}/files/{fx}", None,
     _codes(403, 403, 403, 403, 403, 403, 302, 404)),  # another package's file through an assigned one
    ("GET", "/expert/sheet.xlsx", "/expert/sheet.xlsx", None, EXPERT_PAGE),
    ("POST", "/expert/sheet", "/expert/sheet", "file", _codes(403, 403, 403, 403, 403, 403, 302, 422)),
    ("GET", "/province/review/", "/province/review/", None, PROVINCE_PAGE),
    ("GET", "/province/review/experts/blank.xlsx", "/province/review/experts/blank.xlsx", None, PROVINCE_PAGE),
    ("POST", "/province/review/experts", "/province/review/experts", "file",
     _codes(403, 403, 403, 403, 403, 422, 302, 403)),
    ("POST", "/province/review/experts/passwords.xlsx", "/province/review/experts/passwords.xlsx", "form",
     _codes(403, 403, 403, 403, 403, 400, 302, 403)),
    ("GET", "/province/review/tallies/<int:tally_id>/report.xlsx", "/province/review/tallies/{tl}/report.xlsx", None,
     PROVINCE_PAGE),
    # E002 has scored: the year cannot be assigned again (409); the tally can run (303)
    ("POST", "/province/review/assign", "/province/review/assign", "form", _codes(403, 403, 403, 403, 403, 409, 302, 403)),
    ("POST", "/province/review/tally", "/province/review/tally", "form", _codes(403, 403, 403, 403, 403, 303, 302, 403)),
]

# The expert's code on every route of tests/portal/test_matrix.py's MATRIX: an account of no unit sees no
# unit's object (404), and no county, city or province page (403).
_EXPERT_ON = {
    "/": 302, "/login": 200, "POST /login": 401, "POST /logout": 302, "/password": 200, "POST /password": 400,
    "/submissions/": 200, "/packages/": 200, "/api/v1/submissions": 200, "/api/v1/packages": 200,
}


def expert_code(method: str, path: str, codes: dict | None = None) -> int:
    key = path if method == "GET" else f"{method} {path}"
    if key in _EXPERT_ON:
        return _EXPERT_ON[key]
    other = (codes or {}).get("county2")
    if "{" in path and other in (403, 404) and not (method == "POST" and path.endswith("/files") and "/packages/" in path):
        return other  # another unit's object: the expert is answered as a county of another unit is
    if path.startswith(("/county/", "/city/", "/province/", "/api/v1/forms/", "/api/v1/due")):
        return 403
    if method == "POST" and path.rstrip("/") in ("/packages", "/api/v1/packages", "/api/v1/submissions"):
        return 403  # creating is the county's
    if method == "POST" and path.endswith("/files") and "/packages/" in path:
        return 403  # the package upload routes are the county's before any object is looked up
    if path.startswith(("/submissions/", "/packages/", "/api/v1/submissions/", "/api/v1/packages/")):
        return 404  # another unit's submission or package
    # a route added by another desk: a role's route (someone got 403) is not the expert's; an object of a
    # unit (someone got 404) is not its either; a list everyone reads is empty for it
    units = [c for r, c in (codes or {}).items() if r not in ("nobody", "expert")]
    return 403 if 403 in units else 404 if 404 in units else (codes or {}).get("county", 404)


def with_expert(matrix: list) -> list:
    """MATRIX rows with the expert's column added where it is missing."""
    return [(me, rule, path, body, codes if "expert" in codes else {**codes, "expert": expert_code(me, path, codes)})
            for me, rule, path, body, codes in matrix]


def experts_workbook(folder: Path, rows: list[dict] = EXPERTS) -> Path:
    """A filled 专家库 (form `experts`), generated and filled as a person would."""
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.generate import new_form

    folder.mkdir(parents=True, exist_ok=True)
    blank = new_form("experts", folder, filename="blank-experts.xlsx")
    return fill_xlsx(blank, {"experts": rows}, folder / "专家库.xlsx")


def recommended(portal, accounts: dict, county_key: str, city_key: str, application: Path, plan: Path,
                cluster: str):
    """A package of that county: uploaded, submitted, accepted and recommended by its city."""
    from docgen.portal import models as m
    from docgen.portal import service

    with portal.registry.reading() as s:
        county = s.get(m.Account, accounts[county_key].id)
        city = s.get(m.Account, accounts[city_key].id)
    pkg = service.create_package(portal, county, YEAR, cluster)
    sub = service.upload(portal, county, application.name, application.read_bytes(), pkg.id)
    service.upload(portal, county, plan.name, plan.read_bytes(), pkg.id)
    service.act(portal, county, pkg.id, "submit")
    service.act(portal, city, pkg.id, "accept")
    service.act(portal, city, pkg.id, "recommend")
    return pkg, sub


def set_password(portal, username: str, password: str = PASSWORD):
    from sqlalchemy import select

    from docgen.portal import auth
    from docgen.portal import models as m

    with portal.registry.transaction() as s:
        acc = s.scalar(select(m.Account).where(m.Account.username == username))
        acc.password_hash, acc.must_change = auth.hash_password(password), False
        return acc


def review_scenario(portal, accounts: dict, files: dict, *, experts: list[dict] = EXPERTS, per: int = 2,
                    seed: int = 0) -> dict:
    """Three recommended packages, the 专家库 uploaded (accounts with PASSWORD), the year assigned."""
    from sqlalchemy import select

    from docgen.portal import models as m
    from docgen.portal import reviewing

    made = portal.config.data / "made"
    xa_app = filled_application(made, "鄠邑区")
    with portal.registry.reading() as s:
        province = s.get(m.Account, accounts["province"].id)
    p1, s1 = recommended(portal, accounts, "county", "city", files["good"], files["plan"], "陈仓区钛产业集群")
    p2, s2 = recommended(portal, accounts, "county2", "city", files["other"], files["plan"], "凤翔区特色产业集群")
    p3, s3 = recommended(portal, accounts, "county_xa", "city_xa", xa_app, files["plan"], "鄠邑区特色产业集群")
    book = experts_workbook(made, experts)
    result = reviewing.import_experts(portal, province, book.name, book.read_bytes())
    assert result["issues"] == [] and len(result["created"]) == len(experts), result
    for e in experts:
        accounts[e["expert_id"]] = set_password(portal, e["expert_id"])
    reviewing.assign_year(portal, province, YEAR, seed=seed, per=per)
    with portal.registry.reading() as s:
        rows = {r.package_id: r for r in s.scalars(select(m.ReviewApplication))}
    return {"province": province, "packages": (p1, p2, p3), "subs": (s1, s2, s3),
            "rows": {"陈仓区": rows[p1.id].id, "凤翔区": rows[p2.id].id, "鄠邑区": rows[p3.id].id},
            "ids": {"陈仓区": rows[p1.id].application_id, "凤翔区": rows[p2.id].application_id,
                    "鄠邑区": rows[p3.id].application_id}}


def make_objects(portal, accounts: dict, files: dict) -> dict:
    """The scenario; the matrix's `expert` account is E001; E002 has scored 鄠邑区; a tally has run."""
    from docgen.portal import models as m
    from docgen.portal import reviewing

    sc = review_scenario(portal, accounts, files)
    accounts["expert"] = accounts["E001"]
    with portal.registry.reading() as s:
        e2 = s.get(m.Account, accounts["E002"].id)
    assert reviewing.save_scores(portal, e2, sc["rows"]["鄠邑区"], ALL_EIGHT, None) == []
    tl = reviewing.tally_year(portal, sc["province"], YEAR)
    return {"ra": sc["rows"]["陈仓区"], "rx": sc["rows"]["鄠邑区"], "fa": sc["subs"][0].id, "fx": sc["subs"][2].id,
            "tl": tl.id}
