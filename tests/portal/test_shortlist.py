"""The year's shortlist: checked as the publicity notice will check it, kept (newest current), and the
recommended packages it names move to `shortlisted` with an audit row each."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select


def _recommended(portal, accounts, files, cluster_name):
    from docgen.portal import models as m
    from docgen.portal import service

    with portal.registry.reading() as s:
        county, city = s.get(m.Account, accounts["county"].id), s.get(m.Account, accounts["city"].id)
    pkg = service.create_package(portal, county, 2026, cluster_name)
    for f in (files["good"], files["plan"]):
        service.upload(portal, county, f.name, f.read_bytes(), pkg.id)
    for who, action in ((county, "submit"), (city, "accept"), (city, "recommend")):
        service.act(portal, who, pkg.id, action)
    return pkg.id


def _entry(name, county="陈仓区", city="宝鸡市"):
    return {"city": city, "county": county, "cluster_name": name, "leading_industry": "装备制造"}


def test_saved_list_marks_only_the_packages_it_names(portal, accounts, files):
    from docgen.portal import models as m
    from docgen.portal import shortlist

    named = _recommended(portal, accounts, files, "陈仓区 装备制造集群")
    other = _recommended(portal, accounts, files, "陈仓区食品集群")
    with portal.registry.transaction() as s:
        province = s.get(m.Account, accounts["province"].id)
        # names compared as the registry compares them: spaces, quotes and full width do not matter
        row = shortlist.save(s, province, 2026, [_entry("「陈仓区装备制造集群」", county="陈仓区\u3000")])
        row_id = row.id
    with portal.registry.reading() as s:
        assert s.get(m.Package, named).status == m.SHORTLISTED
        assert s.get(m.Package, other).status == m.RECOMMENDED
        assert shortlist.current(s, 2026).id == row_id
        assert shortlist.current(s, 2025) is None
        moves = s.scalars(select(m.AuditEntry).where(m.AuditEntry.action == "shortlisted")).all()
        assert [(a.object_id, a.from_state, a.to_state) for a in moves] == [(named, "recommended", "shortlisted")]


def test_newest_list_of_a_year_is_current(portal, accounts):
    from docgen.portal import models as m
    from docgen.portal import shortlist

    with portal.registry.transaction() as s:
        province = s.get(m.Account, accounts["province"].id)
        shortlist.save(s, province, 2026, [_entry("甲集群")])
        second = shortlist.save(s, province, 2026, [_entry("乙集群"), _entry("丙集群", "鄠邑区", "西安市")]).id
    with portal.registry.reading() as s:
        now = shortlist.current(s, 2026)
        assert now.id == second and [e["cluster_name"] for e in now.entries] == ["乙集群", "丙集群"]


def test_a_list_the_notice_would_refuse_is_refused_in_chinese(portal, accounts):
    from docgen.portal import access, shortlist
    from docgen.portal import models as m

    with portal.registry.transaction() as s:
        province = s.get(m.Account, accounts["province"].id)
        with pytest.raises(access.Unprocessable) as exc:
            shortlist.save(s, province, 2026, [_entry("甲集群", city="东京市")])
    assert exc.value.status == 422 and "东京市" in exc.value.message and "不在名单范围内" in exc.value.message


def test_only_the_province_saves_a_list(portal, accounts):
    from docgen.portal import access, shortlist
    from docgen.portal import models as m

    with portal.registry.transaction() as s:
        city = s.get(m.Account, accounts["city"].id)
        with pytest.raises(access.Forbidden):
            shortlist.save(s, city, 2026, [_entry("甲集群")])


@pytest.mark.parametrize(("data", "code"), [
    (b"\xff\xfe not utf-8", "shortlist.not_json"),
    (b"{\"cluster_name\": 1}", "shortlist.shape"),
    (b"[1, 2]", "shortlist.shape"),
])
def test_an_upload_that_is_not_a_list_says_so(data, code):
    from docgen.portal import access, shortlist

    with pytest.raises(access.Unprocessable) as exc:
        shortlist.parse(data)
    assert exc.value.code == code


def test_the_tally_file_and_a_wrapped_list_both_parse():
    from docgen.portal import shortlist

    entries = [_entry("甲集群")]
    assert shortlist.parse(json.dumps(entries, ensure_ascii=False).encode("utf-8-sig")) == entries
    assert shortlist.parse(json.dumps({"entries": entries}).encode()) == entries
