"""Checks across the files of one cluster, and the samples other suites build on."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc

from docgen.catalogue import form_ids
from docgen.divisions import city_for
from docgen.issues import make_issue
from docgen.samples import make_uscc, raw_form, valid_record
from docgen.schema import load_form
from docgen.validation import cross_check, validate_form
from docgen.validation.schema_errors import validator_for

from .conftest import TODAY, changed


def cluster(**plan_changes):
    return [("application", valid_record("application"), 0), ("plan", changed(valid_record("plan"), **plan_changes), 1),
            ("review", valid_record("review"), 2), ("annual", valid_record("annual"), 3)]


class TestPlanAgainstApplication:
    def test_a_consistent_cluster_gives_no_warning(self):
        assert cross_check(cluster()) == []

    def test_a_baseline_that_differs_from_the_applications_latest_year(self):
        [(index, issue)] = cross_check(cluster(**{"targets.0.baseline": 60}))
        assert index == 1
        assert (issue.code, issue.severity, issue.field, issue.row, issue.value) == (
            "plan.baseline_mismatch", "warning", "targets.baseline", 1, "60")
        assert "集群总产值" in issue.message and "2025" in issue.message and "58.6" in issue.message

    def test_a_share_baseline_is_compared_at_the_precision_written(self):
        assert cross_check(cluster(**{"targets.1.baseline": 75.6})) == []  # 44.3 / 58.6 = 75.597…%
        [(_, issue)] = cross_check(cluster(**{"targets.1.baseline": 75}))
        assert issue.row == 2 and "75.6" in issue.message

    def test_files_of_one_cluster_are_matched_despite_spaces_and_full_width(self):
        records = cluster(**{"targets.0.baseline": 60})
        records[1][1]["cluster_name"] = " 陈仓区钛及钛合金精深加工产业集群 "
        records[1][1]["county"] = "陈仓区\u3000"
        assert len(cross_check(records)) == 1

    def test_files_of_different_clusters_are_not_compared(self):
        records = cluster(**{"targets.0.baseline": 60, "cluster_name": "凤翔区汽车零部件产业集群"})
        assert cross_check(records) == []

    def test_a_plan_for_another_period_is_said_so_not_compared(self):
        records = cluster(plan_start=2027, **{"targets.0.baseline": 60})
        records[1][1]["years"] = {"y0": 2026, "t1": 2027, "t2": 2028, "t3": 2029}
        [(_, issue)] = cross_check(records)
        assert issue.code == "crossform.mismatch" and "2026" in issue.message


class TestReviewAgainstPlan:
    def test_a_review_target_that_is_not_the_plans_third_year_target(self):
        records = cluster()
        records[2][1]["review_targets"][0]["target"] = 75
        [(index, issue)] = cross_check(records)
        assert index == 2 and issue.code == "crossform.mismatch" and issue.row == 1
        assert "75" in issue.message and "80" in issue.message


class TestSamples:
    def test_uscc_are_valid_and_registered_in_the_county(self):
        code = make_uscc(7, "杨陵区")
        assert uscc.is_valid(code) and code[2:8] == "610403"

    def test_the_enterprise_list_has_one_company_with_two_titles(self):
        rows = valid_record("application")["enterprises"]
        assert len(rows) == 10 and len({r["uscc"] for r in rows}) == 9

    @pytest.mark.parametrize("county", ["杨陵区", "韩城市", "神木市"])
    def test_any_county_gives_a_valid_record(self, county):
        for form in form_ids():
            record = valid_record(form, county=county)
            if "county" in record:
                assert city_for(record["county"]) == record["city"]
            _, result = validate_form(raw_form(form, record), today=TODAY)
            assert result.valid, (form, [i.message for i in result.issues if i.severity == "error"])

    def test_other_years_give_valid_records(self):
        for year in (2024, 2025):
            for form in form_ids():
                _, result = validate_form(raw_form(form, valid_record(form, year)), today=TODAY)
                assert result.valid, (form, year, [i.message for i in result.issues if i.severity == "error"])


class TestThePipeline:
    def test_validate_form_returns_every_issue_in_order(self):
        raw = raw_form("application", valid_record("application"))
        raw.issues.append(make_issue("form.read_by_label"))
        for v in raw.values:
            if v.field == "rd_sme.y3":
                v.text = "1.08亿元"
        record, result = validate_form(raw, today=TODAY)
        assert record["rd_sme"]["y3"] == 10800
        assert [i.code for i in result.issues] == ["form.read_by_label", "field.unit_converted", "policy.expired"]
        assert result.eligible is True  # warnings only

    def test_a_readers_error_makes_the_application_not_eligible_but_still_judged(self):
        raw = raw_form("application", valid_record("application"))
        raw.issues.append(make_issue("form.altered", detail="x"))
        _, result = validate_form(raw, today=TODAY)
        assert result.eligible is None and len(result.criteria) == 21

    def test_the_validator_is_built_once_per_form(self):
        assert validator_for(load_form("plan")) is validator_for(load_form("plan"))


class TestAnnualAgainstPlan:
    def test_this_years_targets_are_the_plans_targets_for_the_year(self):
        plan, annual = valid_record("plan", 2026), valid_record("annual", 2027)  # reports on 2026 = t1
        assert cross_check([("plan", plan, 0), ("annual", annual, 1)]) == []
        annual["progress"][1]["target"] = 11000
        [(index, issue)] = cross_check([("plan", plan, 0), ("annual", annual, 1)])
        assert (index, issue.code, issue.field, issue.row) == (1, "crossform.mismatch", "progress.target", 2)
        assert "2026 年目标 11000" in issue.message and "12000" in issue.message

    def test_a_year_outside_the_plan_is_not_compared(self):
        plan, annual = valid_record("plan", 2026), valid_record("annual", 2026)  # reports on 2025
        annual["progress"][1]["target"] = 11000
        assert cross_check([("plan", plan, 0), ("annual", annual, 1)]) == []


def test_a_growth_tolerance_that_is_no_number_is_refused():
    from docgen.errors import ConfigError
    from docgen.validation import ValidationSettings

    with pytest.raises(ConfigError, match="增速容差"):
        ValidationSettings(growth_tolerance_pp="半个点")
