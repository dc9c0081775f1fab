"""Article 12 criteria (design/CRITERIA.md): each fails alone when its data crosses the boundary and
passes exactly at a ≥ boundary; arithmetic is exact; the national set judges the same record differently."""

from __future__ import annotations

import pytest

from docgen.errors import ConfigError, UsageError
from docgen.validation import criteria as engine

from .conftest import DELETE, app, codes, criterion, errors, failed, validate

SHAANXI_IDS = ["safety", "area", "output_each_year", "sme_share", "leading_share", "output_growth", "enterprises",
               "rd_growth", "patent_growth", "patents_per_10k", "iip_rate", "software_rising", "nonfossil_rising",
               "co2_falling", "energy_efficiency", "water_efficiency", "cooperation", "governance", "supply_chain",
               "innovation_system", "standing"]


def judged(record, policy="shaanxi-2023"):
    result = validate("application", record, policy=policy)
    assert errors(result.issues) == [], [i.message for i in errors(result.issues)]
    return result


class TestACompleteValidApplication:
    def test_it_is_valid_and_eligible(self):
        result = judged(app())
        assert result.eligible is True
        assert codes(result.issues) == ["policy.expired"]  # filled in 2026, the measures ran to 2025-04-27

    def test_it_reports_every_criterion_of_the_policy_in_order(self):
        result = judged(app())
        assert [c["id"] for c in result.criteria] == SHAANXI_IDS
        assert {tuple(c) for c in result.criteria} == {("id", "article", "passed", "value", "threshold", "message")}

    def test_it_shows_values_in_the_units_a_person_reads(self):
        result = judged(app())
        assert criterion(result, "sme_share") | {"message": ""} == {
            "id": "sme_share", "article": "第十二条（二）", "passed": True, "value": 75.6, "threshold": "> 70%",
            "message": ""}
        assert criterion(result, "output_each_year")["value"] == 45.2
        assert criterion(result, "output_each_year")["threshold"] == "≥ 30 亿元"
        assert criterion(result, "leading_share")["value"] == 80.38
        assert criterion(result, "output_growth")["value"] == 13.86
        assert criterion(result, "patents_per_10k")["value"] == 32.97

    def test_it_leaves_the_qualitative_criteria_to_the_experts_with_the_facts(self):
        result = judged(app())
        for cid in ("supply_chain", "innovation_system", "standing"):
            assert criterion(result, cid)["passed"] is None
            assert "专家评审" in criterion(result, cid)["message"]
        assert "人力共享机制" not in criterion(result, "supply_chain")["value"]
        assert criterion(result, "innovation_system")["value"]["innovation_platforms"] == 14


class TestOutputEachYear:
    def test_it_passes_at_exactly_30(self):
        result = judged(app(**{"output_total.y1": 30, "output_sme.y1": 22, "output_leading.y1": 25}))
        assert criterion(result, "output_each_year")["passed"] is True
        assert failed(result) == []

    def test_it_fails_alone_just_below_30(self):
        result = judged(app(**{"output_total.y1": 29.99, "output_sme.y1": 22, "output_leading.y1": 25}))
        assert failed(result) == ["output_each_year"]
        assert result.eligible is False
        assert criterion(result, "output_each_year")["value"] == 29.99


SHARE_BASE = {"output_total.y1": 40, "output_total.y2": 45, "output_total.y3": 50, "declared_output_growth": 11.8}


class TestShares:
    @pytest.mark.parametrize("cid, part", [("sme_share", "output_sme"), ("leading_share", "output_leading")])
    def test_it_fails_alone_at_exactly_70_percent_because_the_rule_is_strictly_greater(self, cid, part):
        result = judged(app(**SHARE_BASE, **{f"{part}.y3": 35}))
        assert failed(result) == [cid]
        assert criterion(result, cid)["value"] == 70.0

    @pytest.mark.parametrize("cid, part", [("sme_share", "output_sme"), ("leading_share", "output_leading")])
    def test_it_passes_just_above_70_percent(self, cid, part):
        result = judged(app(**SHARE_BASE, **{f"{part}.y3": 35.01}))
        assert criterion(result, cid)["passed"] is True
        assert failed(result) == []

    def test_it_compares_exactly_where_binary_floats_would_not(self):
        # 41.02 / 58.6 is 0.7000000000000001 in binary floating point; exactly 70 % it is.
        assert 41.02 / 58.6 > 0.7
        result = judged(app(**{"output_sme.y3": 41.02}))
        assert criterion(result, "sme_share")["passed"] is False


class TestGrowth:
    def test_it_fails_output_growth_of_exactly_8_percent(self):
        # y3 / y1 = 58.32 / 50 = 1.1664 = 1.08²
        result = judged(app(**{"output_total.y1": 50, "output_total.y3": 58.32, "declared_output_growth": 8}))
        assert failed(result) == ["output_growth"]
        assert criterion(result, "output_growth")["value"] == 8.0

    def test_it_passes_output_growth_just_above_8_percent(self):
        result = judged(app(**{"output_total.y1": 50, "output_total.y3": 58.33, "declared_output_growth": 8}))
        assert failed(result) == []

    def test_it_fails_rd_growth_of_exactly_8_percent(self):
        result = judged(app(**{"rd_sme.y1": 10000, "rd_sme.y2": 10800, "rd_sme.y3": 11664}))
        assert failed(result) == ["rd_growth"]

    def test_it_passes_patent_growth_of_exactly_10_percent(self):
        # y3 / y1 = 121 / 100 = 1.21 = 1.10²: "不低于 10%" includes 10 %
        result = judged(app(**{"invention_patents.y1": 100, "invention_patents.y2": 110, "invention_patents.y3": 121}))
        assert criterion(result, "patent_growth")["passed"] is True
        assert criterion(result, "patent_growth")["value"] == 10.0
        assert failed(result) == []

    def test_it_fails_patent_growth_just_below_10_percent(self):
        result = judged(app(**{"invention_patents.y1": 100, "invention_patents.y2": 110, "invention_patents.y3": 120}))
        assert failed(result) == ["patent_growth"]

    def test_it_fails_growth_from_a_zero_base_saying_so(self):
        result = judged(app(**{"rd_sme.y1": 0}))
        c = criterion(result, "rd_growth")
        assert c["passed"] is False and c["value"] is None
        assert "零" in c["message"] and "中小企业研发经费（2023年）" in c["message"]


class TestPatentsPer10k:
    EMPLOYEES = {"employees.y3": 25000, "invention_patents.y1": 23, "invention_patents.y2": 26}

    def test_it_passes_at_exactly_12(self):
        result = judged(app(**self.EMPLOYEES, **{"invention_patents.y3": 30}))
        assert criterion(result, "patents_per_10k")["value"] == 12.0
        assert failed(result) == []

    def test_it_fails_alone_below_12(self):
        result = judged(app(**self.EMPLOYEES, **{"invention_patents.y3": 29}))
        assert failed(result) == ["patents_per_10k"]


class TestDigitalAndGreen:
    def test_it_passes_iip_rate_at_exactly_15(self):
        assert failed(judged(app(**{"iip_rate.y3": 15}))) == []

    def test_it_fails_iip_rate_alone_below_15(self):
        assert failed(judged(app(**{"iip_rate.y3": 14.99}))) == ["iip_rate"]

    @pytest.mark.parametrize("y1, y2, y3, passed", [(35, 35, 36, True), (35, 40, 39, False), (35, 35, 35, False)])
    def test_it_wants_software_rate_rising_steadily(self, y1, y2, y3, passed):
        result = judged(app(**{"software_rate.y1": y1, "software_rate.y2": y2, "software_rate.y3": y3}))
        assert criterion(result, "software_rising")["passed"] is passed
        assert failed(result) == ([] if passed else ["software_rising"])

    def test_it_wants_the_nonfossil_share_higher_than_in_y1(self):
        assert failed(judged(app(**{"nonfossil_share.y3": 18.2}))) == ["nonfossil_rising"]

    def test_it_wants_co2_intensity_falling_every_year(self):
        assert failed(judged(app(**{"co2_intensity.y3": 0.86}))) == ["co2_falling"]


class TestGates:
    def test_it_fails_safety_naming_the_declared_incident(self):
        result = judged(app(**{"safety.tax_evasion": True}))
        assert failed(result) == ["safety"]
        assert criterion(result, "safety")["value"] == ["偷税漏税行为"]

    def test_it_judges_energy_efficiency_only_for_high_energy_industries(self):
        assert failed(judged(app(high_energy=True, energy_efficiency_ok=True))) == []
        assert failed(judged(app(high_energy=True, energy_efficiency_ok=False))) == ["energy_efficiency"]
        assert failed(judged(app(high_water=True, water_efficiency_ok=False))) == ["water_efficiency"]

    def test_it_fails_cooperation_and_governance_alone(self):
        assert failed(judged(app(cooperation=False))) == ["cooperation"]
        assert failed(judged(app(plan_submitted=False))) == ["governance"]


class TestArea:
    def test_it_passes_at_100_without_a_warning(self):
        result = judged(app(area_km2=100))
        assert criterion(result, "area")["passed"] is True
        assert "criteria.area" not in codes(result.issues)

    def test_it_warns_over_100_but_still_passes(self):
        result = judged(app(area_km2=100.5))
        assert criterion(result, "area")["passed"] is True
        assert result.eligible is True
        warning = [i for i in result.issues if i.code == "criteria.area"][0]
        assert (warning.severity, warning.field, warning.value) == ("warning", "area_km2", "100.5")


def enterprises(*rows):
    """Rows of (uscc seed, level, leading, year)."""
    from docgen.samples import make_uscc

    return [{"name": f"企业{seed}", "uscc": make_uscc(seed), "level": level, "year": year, "leading": leading}
            for seed, level, leading, year in rows]


class TestEnterprises:
    def test_it_passes_with_one_leading_industry_little_giant(self):
        rows = enterprises((1, "专精特新“小巨人”企业", True, 2024))
        result = judged(app(enterprises=rows))
        assert criterion(result, "enterprises")["value"] == {"leading_top": 1, "distinct": 1}
        assert failed(result) == []

    def test_it_does_not_count_a_little_giant_outside_the_leading_industry_for_the_first_branch(self):
        rows = enterprises((1, "专精特新“小巨人”企业", False, 2024))
        assert failed(judged(app(enterprises=rows))) == ["enterprises"]

    def test_it_passes_with_exactly_8_distinct_titled_enterprises(self):
        rows = enterprises(*[(i, "高新技术企业", False, 2024) for i in range(1, 9)])
        assert failed(judged(app(enterprises=rows))) == []

    def test_it_counts_distinct_enterprises_by_uscc_not_rows(self):
        rows = enterprises(*[(i, "高新技术企业", False, 2024) for i in range(1, 8)], (7, "创新型中小企业", False, 2024))
        result = judged(app(enterprises=rows))
        assert criterion(result, "enterprises")["value"] == {"leading_top": 0, "distinct": 7}
        assert failed(result) == ["enterprises"]

    def test_it_counts_an_old_title_but_asks_to_confirm_it(self):
        rows = enterprises((1, "专精特新“小巨人”企业", True, 2022), (2, "高新技术企业", False, 2023))
        result = judged(app(enterprises=rows))
        assert failed(result) == []
        old = [i for i in result.issues if i.code == "application.title_outdated"]
        assert [(i.field, i.row, i.value, i.severity) for i in old] == [("enterprises.year", 1, "2022", "warning")]


class TestMissingData:
    def test_it_fails_a_criterion_naming_the_missing_field_and_still_computes_the_rest(self):
        result = validate("application", app(**{"output_total.y3": DELETE}))
        assert result.eligible is None  # not valid: the field is required
        c = criterion(result, "output_each_year")
        assert c["passed"] is False and "集群总产值（2025年）" in c["message"]
        assert criterion(result, "iip_rate")["passed"] is True

    def test_it_still_judges_an_invalid_application(self):
        result = validate("application", app(commitment=False))
        assert "field.commitment" in codes(result.issues)
        assert result.eligible is None
        assert failed(result) == []


class TestTheNationalStandard:
    def test_it_judges_the_same_record_with_its_own_thresholds_and_criteria(self):
        record = app(**{"output_total.y1": 35, "output_leading.y1": 30})
        shaanxi, miit = judged(record), judged(record, "miit-2022")
        assert criterion(shaanxi, "output_each_year")["passed"] is True
        assert criterion(miit, "output_each_year")["passed"] is False
        assert criterion(miit, "output_each_year")["threshold"] == "≥ 40 亿元"
        assert [c["id"] for c in miit.criteria] == ["area", "output_each_year", "sme_share", "leading_share",
                                                    "output_growth", "enterprises"]
        assert (shaanxi.eligible, miit.eligible) == (True, False)

    def test_it_accepts_exactly_70_percent_where_the_national_rule_says_at_least(self):
        record = app(**SHARE_BASE, **{"output_sme.y3": 35})
        assert criterion(judged(record), "sme_share")["passed"] is False
        assert criterion(judged(record, "miit-2022"), "sme_share")["passed"] is True

    def test_it_needs_ten_enterprises_in_the_second_branch(self):
        rows = enterprises(*[(i, "高新技术企业", False, 2024) for i in range(1, 10)])
        assert criterion(judged(app(enterprises=rows), "miit-2022"), "enterprises")["passed"] is False


class TestPolicyValidity:
    def test_it_warns_when_the_form_is_dated_after_the_measures_expired(self):
        issue = [i for i in judged(app()).issues if i.code == "policy.expired"][0]
        assert issue.severity == "warning" and issue.field == "fill_date"
        assert "2023-04-28" in issue.message and "2025-04-27" in issue.message and "2026-03-16" in issue.message
        assert "《陕西省促进中小企业特色产业集群发展实施办法（暂行）》（陕工信发〔2023〕89号）" in issue.message
        assert "shaanxi-2023" not in issue.message  # the file id means nothing to a clerk

    def test_it_is_silent_inside_the_validity(self):
        result = validate("application", app(fill_date="2024-06-01", county_opinion_date="2024-06-02"))
        assert "policy.expired" not in codes(result.issues)

    def test_it_names_an_unknown_policy(self):
        with pytest.raises(UsageError, match="shaanxi-2023"):
            validate("application", app(), policy="nowhere-1999")

    def test_it_refuses_a_policy_naming_an_unknown_criterion(self, monkeypatch):
        engine.policy.cache_clear()
        monkeypatch.setattr(engine, "load_policy", lambda name: {"policy": {"id": name},
                                                                 "criteria": [{"id": "vibes", "article": "—"}]})
        try:
            with pytest.raises(ConfigError, match="vibes"):
                engine.policy("broken")
        finally:
            engine.policy.cache_clear()

    def test_it_refuses_an_unknown_comparison(self, monkeypatch):
        engine.policy.cache_clear()
        monkeypatch.setattr(engine, "load_policy", lambda name: {
            "policy": {"id": name}, "criteria": [{"id": "area", "op": "≈", "threshold": "100"}]})
        try:
            with pytest.raises(ConfigError, match="≈"):
                engine.policy("broken")
        finally:
            engine.policy.cache_clear()


def test_it_has_a_function_for_every_criterion_of_the_spec():
    assert set(SHAANXI_IDS) <= set(engine.CRITERIA)
