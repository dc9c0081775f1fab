"""Normalisation (docgen.record): what people type becomes the typed record of the data dictionary,
the raw text and where it was are kept for the report, nothing unreadable is silently dropped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from docgen.catalogue import form_ids
from docgen.formats.raw import RawValue
from docgen.record import build_record
from docgen.schema import load_form
from docgen.typed import exact, parse_date, parse_number

from .conftest import codes, errors, raw_form, valid_record, validate_raw


def typed(form: str, field: str, text, native=None, row=None):
    """Read the sample form with one slot's text (and native value) replaced: (record, build issues)."""
    raw = raw_form(form, valid_record(form))
    hits = [v for v in raw.values if v.field == field and v.row == row]
    assert len(hits) == 1, (field, row)
    hits[0].text, hits[0].native = text, native
    return build_record(load_form(form), raw) + (raw,)


def value_of(record, dotted, row=None):
    head, _, tail = dotted.partition(".")
    if row is not None:
        return record[head][row - 1].get(tail)
    node = record.get(head)
    return node.get(tail) if tail and isinstance(node, dict) else node


class TestRoundTrip:
    @pytest.mark.parametrize("form", form_ids())
    def test_it_reads_back_every_sample_record_exactly(self, form):
        record = valid_record(form)
        again, issues = build_record(load_form(form), raw_form(form, record))
        assert issues == []
        assert again == record

    def test_it_takes_the_years_from_the_manifest(self):
        record, _, _ = typed("application", "cluster_name", "陈仓区钛及钛合金精深加工产业集群")
        assert record["years"] == {"y1": 2023, "y2": 2024, "y3": 2025}


class TestNumbers:
    @pytest.mark.parametrize("field, text, expected", [
        ("iip_rate.y3", "７２．５％", 72.5),
        ("iip_rate.y3", "72.5 %", 72.5),
        ("iip_rate.y3", "百分之七十二点五", 72.5),
        ("rd_sme.y1", "1,234.5", 1234.5),
        ("rd_sme.y1", "  8200 万元 ", 8200),
        ("output_total.y3", "58.6亿元", 58.6),
        ("output_total.y3", "５８．６亿", 58.6),
        ("innovation_platforms", "三十", 30),
        ("enterprise_count", "一百二十", 120),
        ("enterprise_count", "236家", 236),
        ("employees.y3", "18,500", 18500),
        ("employees.y3", "18500.0", 18500),
    ])
    def test_it_normalises_what_people_type(self, field, text, expected):
        record, issues, _ = typed("application", field, text)
        assert issues == []
        assert value_of(record, field) == expected
        assert type(value_of(record, field)) is type(expected)

    def test_it_converts_another_money_unit_with_a_warning(self):
        record, issues, _ = typed("application", "rd_sme.y3", "3.5亿元")
        assert record["rd_sme"]["y3"] == 35000
        [w] = issues
        assert (w.code, w.severity, w.field, w.value, w.location) == (
            "field.unit_converted", "warning", "rd_sme.y3", "3.5亿元", "「中小企业研发经费（y3）」")
        assert "35000 万元" in w.message and "中小企业研发经费（2025年）" in w.message

    def test_it_converts_wan_yuan_into_yi_yuan(self):
        record, issues, _ = typed("application", "output_sme.y1", "2000万元")
        assert record["output_sme"]["y1"] == 0.2
        assert codes(issues) == ["field.unit_converted"]

    def test_it_rejects_a_unit_of_another_kind(self):
        record, issues, raw = typed("application", "output_total.y3", "58.6%")
        assert "y3" not in record["output_total"]
        assert [(i.code, i.severity, i.value) for i in issues] == [("field.unit_mismatch", "error", "58.6%")]

    def test_it_reports_text_that_is_no_number_once_not_again_as_missing(self):
        record, issues, result = validate_raw("application", _with("application", "output_total.y3", "约六十"))
        assert [(i.code, i.field, i.value) for i in issues] == [("field.type_number", "output_total.y3", "约六十")]
        assert "output_total.y3" not in [i.field for i in result.issues]  # not also "未填写"
        assert result.eligible is None  # the file has an error
        assert [c["passed"] for c in result.criteria if c["id"] == "output_each_year"] == [False]

    def test_it_wants_integers_in_integer_fields(self):
        _, issues, _ = typed("application", "enterprise_count", "12.5")
        assert codes(issues) == ["field.type_integer"]

    def test_it_trusts_a_spreadsheet_cells_number_and_reads_percent_cells_as_percent(self):
        record, issues, _ = typed("application", "rd_sme.y1", "1,234.50", native=1234.5)
        assert record["rd_sme"]["y1"] == 1234.5 and issues == []
        record, issues, _ = typed("application", "iip_rate.y3", "72.5%", native=0.725)
        assert record["iip_rate"]["y3"] == 72.5 and issues == []

    def test_it_keeps_the_exact_decimal_for_the_criteria(self):
        record, _, _ = typed("application", "output_sme.y3", "41.02")
        assert exact(record["output_sme"]["y3"]) * 100 == Decimal(70) * exact(58.6)

    @pytest.mark.parametrize("text, unit, expected", [
        ("一亿二千万", None, Decimal(120_000_000)), ("三点五亿元", "万元", Decimal(35000)), ("－5", "万元", Decimal(-5)),
        ("1.2万人", "人", Decimal(12000)), ("15 公顷", "平方公里", Decimal("0.15")),
    ])
    def test_it_parses_numbers_exactly(self, text, unit, expected):
        assert parse_number(text, unit)[0] == expected


def _with(form, field, text, native=None, row=None):
    raw = raw_form(form, valid_record(form))
    for v in raw.values:
        if v.field == field and v.row == row:
            v.text, v.native = text, native
    return raw


class TestDates:
    @pytest.mark.parametrize("text, native", [
        ("2026年3月5日", None), ("2026/3/5", None), ("2026-03-05", None), ("2026.3.5", None),
        ("二〇二六年三月五日", None), ("２０２６－０３－０５", None), ("2026-03-05 00:00:00", None),
        (None, dt.date(2026, 3, 5)), (None, dt.datetime(2026, 3, 5, 0, 0)), ("46086", 46086),
    ])
    def test_it_reads_the_ways_dates_are_written(self, text, native):
        record, issues, _ = typed("application", "fill_date", text, native=native)
        assert issues == []
        assert record["fill_date"] == "2026-03-05"

    @pytest.mark.parametrize("text", ["2026-02-30", "三月五日", "下周"])
    def test_it_reports_what_is_no_date(self, text):
        record, issues, _ = typed("application", "fill_date", text)
        assert "fill_date" not in record
        assert [(i.code, i.value) for i in issues] == [("field.type_date", text)]

    def test_parse_date_leaves_blank_as_none(self):
        assert parse_date(None) is None and parse_date("") is None


class TestYesNoAndChoices:
    @pytest.mark.parametrize("text, expected", [("是", True), ("否", False), (" 是 ", True), ("√", True), ("N", False)])
    def test_it_reads_yes_and_no(self, text, expected):
        record, issues, _ = typed("application", "cooperation", text)
        assert issues == [] and record["cooperation"] is expected

    def test_it_reports_an_answer_that_is_neither(self):
        _, issues, _ = typed("application", "cooperation", "有")
        assert codes(issues) == ["field.type_yesno"]

    @pytest.mark.parametrize("text", ['专精特新"小巨人"企业', "专精特新“小巨人”企业", "专精特新「小巨人」企业",
                                      " 专精特新‘小巨人’企业 "])
    def test_it_accepts_any_quotes_around_little_giant(self, text):
        record, issues, _ = typed("application", "enterprises.level", text, row=3)
        assert issues == []
        assert record["enterprises"][2]["level"] == "专精特新“小巨人”企业"

    @pytest.mark.parametrize("text", ["集群总产值", "output_total"])
    def test_it_stores_an_indicators_id_whether_label_or_id_was_chosen(self, text):
        record, issues, _ = typed("plan", "targets.indicator", text, row=1)
        assert issues == [] and record["targets"][0]["indicator"] == "output_total"

    def test_it_lists_the_choices_when_the_answer_is_not_one(self):
        _, issues, _ = typed("application", "operator_type", "街道办")
        [i] = issues
        assert i.code == "field.choice" and "管委会、园区管理机构、行业协会商会、平台公司、其他" in i.message


class TestTextAndRows:
    def test_it_tidies_codes_typed_with_spaces_full_width_or_lower_case(self):
        uscc = valid_record("application")["enterprises"][0]["uscc"]
        spaced = " ".join(uscc[i:i + 6] for i in range(0, 18, 6)).lower()
        record, issues, _ = typed("application", "enterprises.uscc", spaced, row=1)
        assert issues == [] and record["enterprises"][0]["uscc"] == uscc
        record, _, _ = typed("application", "contact_phone", "（０９１７）６２１２３４５")
        assert record["contact_phone"] == "0917-6212345"

    def test_it_drops_blank_rows_and_numbers_rows_in_document_order(self):
        raw = raw_form("application", valid_record("application"))
        rows = [v for v in raw.values if v.field.startswith("enterprises.")]
        for v in rows:  # the reader's row 2 left blank; row 3 holds a typo
            if v.row == 2:
                v.text = None
            if v.row == 3 and v.field == "enterprises.year":
                v.text = "二〇二四年度"
        record, issues = build_record(load_form("application"), raw)
        assert len(record["enterprises"]) == 9
        assert [(i.code, i.field, i.row, i.location) for i in issues] == [
            ("field.type_integer", "enterprises.year", 2, "梯度培育企业名单 第3行「认定年份」")]

    def test_it_ignores_slots_the_form_does_not_have(self):
        raw = raw_form("change", valid_record("change"))
        raw.values.append(RawValue("mystery", "42"))
        record, issues = build_record(load_form("change"), raw)
        assert "mystery" not in record and issues == []

    def test_a_blank_required_field_is_reported_as_missing_with_its_place(self):
        raw = _with("application", "contact_name", "   ")
        record, issues, result = validate_raw("application", raw)
        assert "contact_name" not in record and issues == []
        [i] = errors(result.issues)
        assert (i.code, i.field, i.label, i.location) == ("field.required", "contact_name", "联系人", "「联系人」")
