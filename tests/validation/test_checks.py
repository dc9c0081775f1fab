"""Validation of each form: Cerberus errors in Chinese from the catalogue, and every check Cerberus
cannot express — each fires with the right code, field and row, and the valid samples stay clean."""

from __future__ import annotations

import pytest
from stdnum.cn import uscc

from docgen.catalogue import form_ids
from docgen.errors import ConfigError
from docgen.validation import ValidationSettings

from .conftest import DELETE, app, changed, codes, errors, raw_form, valid_record, validate, validate_raw


def found(result, code):
    return [(i.field, i.row) for i in result.issues if i.code == code]


def on(form, settings=None, **changes):
    return validate(form, changed(valid_record(form), **changes), settings=settings)


class TestEverySample:
    @pytest.mark.parametrize("form", form_ids())
    def test_it_is_valid(self, form):
        result = validate(form, valid_record(form))
        assert errors(result.issues) == []
        assert result.valid
        assert result.eligible is (True if form == "application" else None)

    @pytest.mark.parametrize("form", form_ids())
    def test_it_is_valid_read_from_what_a_person_typed(self, form):
        _, issues, result = validate_raw(form, raw_form(form, valid_record(form)))
        assert issues == [] and errors(result.issues) == []


class TestSchemaErrorsInChinese:
    def test_a_missing_required_field(self):
        result = validate("application", app(operator_name=DELETE))
        [i] = errors(result.issues)
        assert (i.code, i.field, i.label) == ("field.required", "operator_name", "运营管理机构名称")
        assert i.message == "「运营管理机构名称」未填写，此项必填。"

    def test_a_missing_year_value_is_named_with_its_calendar_year(self):
        [i] = errors(validate("application", app(**{"rd_sme.y2": DELETE})).issues)
        assert (i.code, i.field, i.label) == ("field.required", "rd_sme.y2", "中小企业研发经费（2024年）")

    def test_a_value_below_the_minimum(self):
        [i] = errors(validate("application", app(**{"iip_rate.y1": -1})).issues)
        assert (i.code, i.field, i.value) == ("field.min", "iip_rate.y1", "-1")
        assert "不能小于 0" in i.message

    def test_a_value_not_greater_than_zero(self):
        [i] = errors(validate("application", app(area_km2=0)).issues)
        assert (i.code, i.field) == ("field.gt", "area_km2")

    def test_a_wrong_type_in_a_hand_made_record(self):
        [i] = errors(validate("application", app(enterprise_count="许多")).issues)
        assert (i.code, i.field, i.value) == ("field.type_integer", "enterprise_count", "许多")

    def test_a_choice_that_is_not_offered(self):
        [i] = errors(validate("application", app(operator_type="街道办")).issues)
        assert i.code == "field.choice" and "平台公司" in i.message

    def test_a_narrative_that_is_only_a_placeholder(self):
        [i] = errors(validate("application", app(**{"narrative.green": "见附件"})).issues)
        assert (i.code, i.field) == ("field.too_short", "narrative.green")
        assert "3 字" in i.message and "20 字" in i.message

    @pytest.mark.parametrize("phone, ok", [("13991712345", True), ("029-86212345", True), ("02986212345", True),
                                           ("139917123459999", False), ("86212345", False)])
    def test_a_phone_number(self, phone, ok):
        result = validate("application", app(contact_phone=phone))
        assert found(result, "field.pattern") == ([] if ok else [("contact_phone", None)])

    def test_a_fill_date_in_the_future(self):
        result = validate("application", app(fill_date="2026-12-01"))
        assert found(result, "field.date_future") == [("fill_date", None)]

    def test_an_unknown_county(self):
        [i] = errors(validate("application", app(county="西咸新区")).issues)
        assert (i.code, i.field, i.value) == ("field.county_unknown", "county", "西咸新区")

    def test_the_commitment_must_be_yes(self):
        [i] = errors(validate("application", app(commitment=False)).issues)
        assert (i.code, i.field, i.value) == ("field.commitment", "commitment", "否")

    def test_an_issue_carries_the_location_and_the_text_as_typed(self):
        raw = raw_form("application", valid_record("application"))
        for v in raw.values:
            if v.field == "area_km2":
                v.text, v.location = "０", "基本信息表 第5行"
        _, _, result = validate_raw("application", raw)
        [i] = errors(result.issues)
        assert (i.code, i.value, i.location) == ("field.gt", "０", "基本信息表 第5行")


class TestEnterpriseList:
    def test_a_wrong_uscc_check_character_is_named_with_the_right_one(self):
        good = valid_record("application")["enterprises"][3]["uscc"]
        wrong = good[:17] + ("0" if good[17] != "0" else "1")
        [i] = errors(validate("application", app(**{"enterprises.3.uscc": wrong})).issues)
        assert (i.code, i.field, i.row, i.value) == ("field.uscc_invalid", "enterprises.uscc", 4, wrong)
        assert f"第 18 位应为 {uscc.calc_check_digit(good[:17])}" in i.message

    @pytest.mark.parametrize("code, words", [("9161030412345678", "18 位"), ("9161030412345678IO", "I、O")])
    def test_a_malformed_uscc_says_what_is_wrong(self, code, words):
        [i] = errors(validate("application", app(**{"enterprises.0.uscc": code})).issues)
        assert i.code == "field.uscc_invalid" and words in i.message

    def test_the_same_company_with_the_same_title_twice(self):
        record = app()
        record["enterprises"].append(dict(record["enterprises"][4]))
        result = validate("application", record)
        assert found(result, "field.duplicate") == [("enterprises.uscc", 11)]
        assert "第 5 行" in [i for i in result.issues if i.code == "field.duplicate"][0].message

    def test_a_title_recognised_after_the_application_year(self):
        result = validate("application", app(**{"enterprises.2.year": 2027}))
        assert found(result, "field.year_range") == [("enterprises.year", 3)]

    def test_a_title_year_before_2000(self):
        assert found(validate("application", app(**{"enterprises.2.year": 1999})), "field.min") == [
            ("enterprises.year", 3)]


class TestApplicationConsistency:
    def test_a_county_of_another_city(self):
        [i] = errors(validate("application", app(county="凤翔区", city="西安市")).issues)
        assert (i.code, i.field, i.value) == ("field.county_city_mismatch", "county", "凤翔区")
        assert "不属于西安市（属于宝鸡市）" in i.message

    def test_yangling_is_its_own_city_here(self):
        assert found(validate("application", app(county="杨陵区", city="杨凌示范区")), "field.county_city_mismatch") == []
        assert found(validate("application", app(county="杨陵区", city="咸阳市")), "field.county_city_mismatch") == [
            ("county", None)]

    def test_a_part_of_output_above_the_total(self):
        result = validate("application", app(**{"output_leading.y2": 52}))
        [i] = errors(result.issues)
        assert (i.code, i.field) == ("field.exceeds_total", "output_leading.y2")
        assert "集群总产值（2024年）」51.8" in i.message

    def test_more_smes_than_enterprises(self):
        assert found(validate("application", app(sme_count=237)), "field.exceeds_total") == [("sme_count", None)]

    @pytest.mark.parametrize("flag, answer", [("high_energy", "energy_efficiency_ok"), ("high_water", "water_efficiency_ok")])
    def test_efficiency_is_required_in_a_high_consumption_industry(self, flag, answer):
        result = validate("application", app(**{flag: True}))
        [i] = errors(result.issues)
        assert (i.code, i.field) == ("field.conditional_required", answer)

    def test_a_declared_growth_far_from_the_computed_one(self):
        assert found(validate("application", app(declared_output_growth=13.4)), "application.growth_mismatch") == []
        result = validate("application", app(declared_output_growth=14.5))
        [w] = [i for i in result.issues if i.code == "application.growth_mismatch"]
        assert w.severity == "warning" and "13.86%" in w.message


class TestPlan:
    def test_it_needs_output_and_two_more_indicators(self):
        rows = valid_record("plan")["targets"]
        result = on("plan", targets=rows[:2])
        [i] = errors(result.issues)
        assert (i.code, i.field) == ("plan.too_few_targets", "targets")
        assert "另外 1 项指标" in i.message
        [i] = errors(on("plan", targets=rows[1:]).issues)
        assert "集群总产值" in i.message

    def test_a_target_against_its_indicators_direction_is_a_warning(self):
        result = on("plan", **{"targets.4.t3": 0.8, "targets.0.t2": 64})
        warnings = [(i.field, i.row, i.severity) for i in result.issues if i.code == "plan.against_direction"]
        assert warnings == [("targets.t3", 1, "warning"), ("targets.t3", 5, "warning")]
        messages = [i.message for i in result.issues if i.code == "plan.against_direction"]
        assert "单位产值二氧化碳排放" in messages[1] and "上升" in messages[1]

    def test_other_needs_a_name(self):
        record = valid_record("plan")
        record["targets"].append({"indicator": "other", "unit": "个", "baseline": 2, "t1": 3, "t2": 4, "t3": 5})
        assert found(validate("plan", record), "plan.other_needs_name") == [("targets.name", 6)]


class TestAnnual:
    def test_a_report_year_that_is_not_last_year(self):
        result = on("annual", report_year=2024)
        assert found(result, "annual.report_year") == [("report_year", None)]

    def test_late_filing_after_the_31st_of_march(self):
        assert found(on("annual", fill_date="2026-03-31"), "annual.late") == []
        result = on("annual", fill_date="2026-04-01")
        [w] = [i for i in result.issues if i.code == "annual.late"]
        assert w.severity == "warning" and "2026-03-31" in w.message

    def test_the_deadline_is_a_setting(self):
        settings = ValidationSettings(annual_deadline_month=3, annual_deadline_day=30)
        assert found(on("annual", fill_date="2026-03-31", settings=settings), "annual.late") == [("fill_date", None)]

    def test_a_declared_incident_names_article_19(self):
        result = on("annual", **{"safety.pollution_accident": True})
        [w] = [i for i in result.issues if i.code == "annual.incident"]
        assert (w.field, w.severity) == ("safety.pollution_accident", "warning")
        assert "较大及以上环境污染事故" in w.message and "第十九条（五）" in w.message

    def test_completion_is_computed_never_trusted(self):
        result = on("annual", **{"progress.0.actual": 60, "progress.3.actual": 0.8})
        assert [(i.field, i.row) for i in result.issues if i.code == "annual.target_not_met"] == [
            ("progress.actual", 1), ("progress.actual", 4)]
        assert result.derived["progress"][0] == {"row": 1, "indicator": "output_total", "completion": 92.31,
                                                 "met": False}
        assert result.derived["progress"][3]["completion"] == 93.75  # down: target / actual = 0.75 / 0.8

    def test_exactly_the_target_is_met(self):
        result = on("annual", **{"progress.0.actual": 65})
        assert result.derived["progress"][0] == {"row": 1, "indicator": "output_total", "completion": 100.0, "met": True}


class TestChange:
    def test_at_least_one_change_must_be_flagged(self):
        result = on("change", **{"change.area": False})
        assert found(result, "change.no_flag") == [("change", None)]

    def test_a_flagged_change_needs_both_sides(self):
        [i] = errors(on("change", scope_after=DELETE).issues)
        assert (i.code, i.field) == ("change.pair_incomplete", "change.area")
        assert "变更后空间范围" in i.message

    def test_a_flagged_change_must_change_something(self):
        [i] = errors(on("change", area_after_km2=12.6, scope_after="陈仓区经济开发区东区").issues)
        assert (i.code, i.field) == ("change.pair_same", "change.area")

    def test_an_area_over_100_is_a_warning(self):
        result = on("change", area_after_km2=120)
        assert found(result, "change.area_over_100") == [("area_after_km2", None)]
        assert result.valid

    def test_reporting_more_than_30_days_late(self):
        assert found(on("change", change_date="2026-02-18"), "change.late") == []  # exactly 30 days
        assert found(on("change", change_date="2026-02-17"), "change.late") == [("fill_date", None)]
        lenient = ValidationSettings(change_report_days=60)
        assert found(on("change", change_date="2026-02-17", settings=lenient), "change.late") == []


class TestRecommendation:
    def test_ranks_run_from_one_without_gaps(self):
        result = on("recommendation", **{"recs.2.rank": 4})
        [i] = errors(result.issues)
        assert (i.code, i.field) == ("recommendation.rank_gap", "recs.rank")
        assert "1、2、4" in i.message

    def test_each_county_belongs_to_the_city(self):
        result = on("recommendation", **{"recs.1.county": "鄠邑区"})
        assert found(result, "field.county_city_mismatch") == [("recs.county", 2)]
        assert found(on("recommendation", **{"recs.1.county": "高新区"}), "field.county_unknown") == [("recs.county", 2)]


class TestReview:
    def test_it_needs_three_target_rows(self):
        rows = valid_record("review")["review_targets"]
        assert found(on("review", review_targets=rows[:2]), "review.too_few_targets") == [("review_targets", None)]

    def test_rows_not_met_are_listed_as_warnings(self):
        result = on("review", **{"review_targets.2.actual": 14000})
        [w] = [i for i in result.issues if i.code == "review.target_not_met"]
        assert (w.field, w.row, w.severity) == ("review_targets.actual", 3, "warning")
        assert "93.33%" in w.message
        assert result.valid


class TestSettings:
    def test_an_impossible_deadline_is_refused(self):
        with pytest.raises(ConfigError, match="2月30日"):
            ValidationSettings(annual_deadline_month=2, annual_deadline_day=30)

    def test_a_negative_reporting_period_is_refused(self):
        with pytest.raises(ConfigError):
            ValidationSettings(change_report_days=-1)

    def test_codes_are_stable(self):
        assert codes(on("change", **{"change.area": False}).issues) == ["change.no_flag"]
