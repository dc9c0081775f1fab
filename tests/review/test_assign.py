"""Assignment: 回避 for any seed (hypothesis), balanced loads, determinism, ids that never change."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from docgen.catalogue import cities
from docgen.divisions import counties_by_city
from docgen.errors import InputError
from docgen.review.assign import assign, loads
from docgen.review.conflicts import city_code, city_code_of_county, conflicts, normalise_org
from docgen.review.ids import give_ids
from docgen.review.inputs import org_keys


def test_cities_compare_by_gbt2260_code():
    assert city_code("宝鸡市") == city_code_of_county("陈仓区") == "610300"
    assert city_code("杨凌示范区") == city_code_of_county("杨陵区") == "610403" != city_code("咸阳市")
    assert city_code("韩城市") == city_code_of_county("韩城市") == "610581" != city_code("渭南市")
    assert city_code_of_county("富平县") == city_code("渭南市")


def test_organisations_compare_after_width_and_spaces():
    assert normalise_org("宝鸡市　工业和信息化局") == normalise_org("宝鸡市工业和信息化局 ")
    assert normalise_org("ＸＹ大学（西安）") == normalise_org("xy大学(西安)")
    assert normalise_org("西北大学") != normalise_org("西北工业大学")


def _app(k: int, county: str, org: str) -> dict:
    return {"application_id": f"A{k:03d}", "cluster_name": f"集群{k}", "county": county,
            "city_code": city_code_of_county(county), "applicant_org": org, "operator_name": f"{county}运营公司"}


def _expert(k: int, city: str, org: str) -> dict:
    return {"expert_id": f"E{k:03d}", "name": f"专家{k}", "org": org, "city": city, "city_code": city_code(city),
            "org_key": normalise_org(org)}


COUNTIES = [c for city in cities() for c in counties_by_city()[city][:2]]
ORGS = ["西北大学", "陕西省科技研究院", "宝鸡市工业和信息化局", "鄠邑区工业和信息化局"]
# The same organisations as an expert may type them: full-width letters, spaces inside.
SPELLINGS = {"西北大学": ["西北 大学", "西北大学　"], "宝鸡市工业和信息化局": ["宝鸡市 工业和信息化局"],
             "鄠邑区工业和信息化局": ["鄠邑区工业和信息化局 "], "陕西省科技研究院": ["陕西省科技研究院"]}


@st.composite
def pools(draw):
    n_apps = draw(st.integers(1, 12))
    apps = [_app(k, draw(st.sampled_from(COUNTIES)), draw(st.sampled_from(ORGS))) for k in range(n_apps)]
    n_exp = draw(st.integers(5, 20))
    experts = []
    for k in range(n_exp):
        org = draw(st.sampled_from(ORGS))
        experts.append(_expert(k, draw(st.sampled_from(cities())), draw(st.sampled_from([org, *SPELLINGS[org]]))))
    return apps, experts, draw(st.integers(1, 5)), draw(st.integers(0, 2**32))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pools())
def test_no_expert_ever_reviews_its_own_city_or_organisation(pool):
    apps, experts, per, seed = pool
    try:
        chosen = assign(experts, apps, per, seed)
    except InputError as exc:  # too few eligible: the message names an application that really is short
        assert "回避后只有" in exc.message
        return
    by_id = {e["expert_id"]: e for e in experts}
    for a in apps:
        ids = chosen[a["application_id"]]
        assert len(ids) == len(set(ids)) == per
        for x in ids:
            e = by_id[x]
            assert e["city_code"] != a["city_code"]
            assert normalise_org(e["org"]) not in {normalise_org(a["applicant_org"]), normalise_org(a["operator_name"])}
    assert assign(experts, apps, per, seed) == chosen  # deterministic for the seed


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 40), st.integers(0, 2**32))
@example(3, 1209)  # single moves are not enough here: the 西安 expert can only take the 铜川 application
def test_loads_are_balanced_within_one_when_conflicts_allow(n_apps, seed):
    apps = [_app(k, COUNTIES[k % len(COUNTIES)], "某县工业和信息化局") for k in range(n_apps)]
    experts = [_expert(k, cities()[k % 12], f"研究院{k}") for k in range(15)]
    got = loads(assign(experts, apps, 5, seed), experts)
    assert max(got.values()) - min(got.values()) <= 1
    assert sum(got.values()) == 5 * n_apps


def test_seeds_differ_and_conflicts_are_read_from_the_application():
    apps = [_app(k, "陈仓区", "陈仓区工业和信息化局") for k in range(6)]
    experts = [_expert(k, c, f"单位{k}") for k, c in enumerate(["宝鸡市", "西安市", "咸阳市", "渭南市", "延安市",
                                                                 "汉中市", "榆林市", "安康市"])]
    experts.append(_expert(99, "西安市", "陈仓区　工业和信息化局"))
    a, b = assign(experts, apps, 3, 1), assign(experts, apps, 3, 2)
    assert a != b
    for chosen in (a, b):
        assert all("E000" not in ids and "E099" not in ids for ids in chosen.values())
    assert conflicts(experts[0], {"city_code": apps[0]["city_code"], "org_keys": org_keys(apps[0])}) == "同一设区市"


def test_too_few_experts_names_the_application():
    apps = [_app(1, "陈仓区", "x"), _app(2, "鄠邑区", "y")]
    experts = [_expert(k, "西安市", f"u{k}") for k in range(6)]
    with pytest.raises(InputError) as exc:
        assign(experts, apps, 5, 0)
    assert "A002" in exc.value.message and "集群2" in exc.value.message and "A001" not in exc.value.message


def _ledger_app(sha: str, county_code: str = "610304") -> dict:
    return {"sha256": sha, "year": 2026, "county_code": county_code, "cluster_name": sha}


def test_ids_count_the_county_in_sha256_order_and_never_change(tmp_path):
    ledger = tmp_path / "ids.json"
    first = give_ids([_ledger_app("c" * 64), _ledger_app("a" * 64), _ledger_app("b" * 64, "610118")], ledger)
    ids = {a["sha256"][0]: a["application_id"] for a in first}
    assert ids == {"a": "2026-610304-1", "c": "2026-610304-2", "b": "2026-610118-1"}
    # A later file that sorts first keeps the others' ids and takes the next number.
    again = give_ids([_ledger_app("0" * 64), _ledger_app("c" * 64), _ledger_app("a" * 64)], ledger)
    assert {a["sha256"][0]: a["application_id"] for a in again} == {"0": "2026-610304-3", "c": "2026-610304-2",
                                                                     "a": "2026-610304-1"}
    stored = json.loads(ledger.read_text(encoding="utf-8"))["applications"]
    assert len(stored) == 4


def test_a_damaged_ledger_stops_rather_than_renumbers(tmp_path):
    ledger = tmp_path / "ids.json"
    ledger.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="编号一经给出不得改变"):
        give_ids([_ledger_app("a" * 64)], ledger)


def test_the_cli_assignment_respects_conflicts_and_writes_a_sheet_each(cli_review):
    from docgen.formats.xlsx_read import read_xlsx

    base, out, plan = cli_review
    assert len(plan["applications"]) == 9 and plan["seed"] == 7
    ids = [a["application_id"] for a in plan["applications"]]
    assert "2026-610304-1" in ids and "2026-610304-2" in ids and "2026-610403-1" in ids
    experts = {e["expert_id"]: e for e in plan["experts"]}
    for a in plan["applications"]:
        assert len(a["experts"]) == 5
        for x in a["experts"]:
            assert city_code(experts[x]["city"]) != city_code_of_county(a["county"])
    counts = [sum(x in a["experts"] for a in plan["applications"]) for x in experts]
    assert max(counts) - min(counts) <= 1
    e = plan["experts"][0]
    raw = read_xlsx(out / e["sheet"])
    assert raw.form == "review_scores" and not [i for i in raw.issues if i.severity == "error"]
    rows = [v.text for v in raw.values if v.field == "scores.application_id"]
    assert rows == [a["application_id"] for a in plan["applications"] if e["expert_id"] in a["experts"]]
    assert {x["reason"] for x in plan["excluded"]} <= set()  # every generated application entered review
