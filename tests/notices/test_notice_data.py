"""Cluster lists: JSON, .xlsx, a validate report; every problem found before anything is written."""

from __future__ import annotations

import json
from datetime import date

import pytest
from notice_samples import CLUSTERS, ORDERED_NAMES
from openpyxl import Workbook

from docgen.errors import InputError
from docgen.notices import NoticeRequest, make_notice
from docgen.notices.data import check_doc_number, check_entries, load_entries, read_records
from docgen.typed import require_date as parse_date


def _json(tmp_path, records, name="list.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def test_entries_are_ordered_by_the_city_list_then_as_given(clusters_json):
    assert [e.cluster_name for e in load_entries(clusters_json, "announcement")] == ORDERED_NAMES


def test_xlsx_with_chinese_headers(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年度名单"])
    ws.append(["序号", "设区市", "县（市、区）", "集群名称", "主导产业", "撤销依据"])
    ws.append([1, "榆林市", "神木市", "神木市兰炭产业集群", "兰炭", "（三）"])
    ws.append([None, None, None, None, None, None])
    ws.append([2, "西安市", "高陵区", "高陵区新能源商用车产业集群", "新能源汽车", "第十九条(二)"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    entries = load_entries(path, "revocation")
    assert [(e.city, e.cluster_name, e.ground) for e in entries] == [
        ("西安市", "高陵区新能源商用车产业集群", "第十九条（二）"),
        ("榆林市", "神木市兰炭产业集群", "第十九条（三）"),
    ]


def test_validate_report_gives_the_applications_data(tmp_path):
    report = {"policy": "shaanxi-2023", "files": [
        {"path": "a.docx", "form": "application", "valid": True, "data": CLUSTERS[0]},
        {"path": "b.xlsx", "form": "annual", "valid": True, "data": {"cluster_name": "不是申报书"}},
        {"path": "c.docx", "form": None, "valid": False, "data": None},
    ], "summary": {}}
    records = read_records(_json(tmp_path, report, "report.json"))
    assert [r["cluster_name"] for r in records] == ["凤翔区白酒产业集群"]


def test_every_problem_is_listed_in_one_chinese_message():
    records = [
        {"city": "西安", "county": "鄠邑区", "cluster_name": "鄠邑区汽车零部件产业集群", "leading_industry": "汽车"},
        {"city": "西安市", "county": "高陵区", "cluster_name": "鄠邑区汽车零部件产业集群", "leading_industry": "汽车"},
        {"city": "宝鸡市", "county": "", "cluster_name": "凤翔区白酒产业集群", "leading_industry": "白酒"},
    ]
    with pytest.raises(InputError) as err:
        check_entries(records, "announcement")
    message = err.value.message
    assert "第1条「鄠邑区汽车零部件产业集群」设区市「西安」不在名单范围内" in message
    assert "第2条「鄠邑区汽车零部件产业集群」与第1条集群名称重复" in message
    assert "第3条「凤翔区白酒产业集群」缺少县（市、区）" in message


def test_empty_list_and_missing_ground():
    with pytest.raises(InputError, match="名单为空"):
        check_entries([], "publicity")
    with pytest.raises(InputError, match="缺少撤销依据"):
        check_entries([{k: v for k, v in CLUSTERS[0].items() if k != "ground"}], "revocation")
    with pytest.raises(InputError, match="第十九条（一）至（五）"):
        check_entries([{**CLUSTERS[0], "ground": "第二十条"}], "revocation")


def test_review_results_all_or_none():
    mixed = [CLUSTERS[0], {**CLUSTERS[1], "result": ""}]
    with pytest.raises(InputError, match="要么全部填写"):
        check_entries(mixed, "review")
    with pytest.raises(InputError, match="应为“通过”或“未通过”"):
        check_entries([{**CLUSTERS[0], "result": "合格"}], "review")


@pytest.mark.parametrize("number, hint", [
    ("陕工信发[2026]12号", "六角括号"),
    ("陕工信发〔2026〕012号", "不编虚位"),
    ("陕工信发〔2026〕第12号", "不加“第”"),
    ("陕工信发〔26〕12号", "格式不对"),
])
def test_malformed_doc_numbers(number, hint):
    with pytest.raises(InputError, match=hint):
        check_doc_number(number)
    assert check_doc_number("陕工信发〔2026〕12号") == "陕工信发〔2026〕12号"


def test_dates():
    assert parse_date("2026-03-05") == date(2026, 3, 5)
    assert parse_date("2026年3月5日") == date(2026, 3, 5)
    for bad in ("2026-02-30", "5/3/2026", "明天"):
        with pytest.raises(InputError, match="不是有效日期"):
            parse_date(bad)


def test_nothing_is_written_when_the_data_is_bad(tmp_path):
    out = tmp_path / "notice.docx"
    with pytest.raises(InputError):
        make_notice(NoticeRequest("publicity", [], "陕工信发〔2026〕1号", date(2026, 3, 5)), out=out)
    entries = check_entries(CLUSTERS, "publicity")
    with pytest.raises(InputError, match="年份与成文日期"):
        NoticeRequest("publicity", entries, "陕工信发〔2025〕1号", date(2026, 3, 5))
    with pytest.raises(InputError, match="早于成文日期"):  # 2025's tables were due 2026-03-31
        NoticeRequest("annual-call", entries, "陕工信发〔2026〕1号", date(2026, 5, 5), report_year=2025)
    assert list(tmp_path.iterdir()) == []


def test_control_characters_pasted_into_cells_are_dropped():
    [entry] = check_entries([{**CLUSTERS[0], "cluster_name": "凤翔区白酒\n产业\x0b集群"}], "announcement")
    assert entry.cluster_name == "凤翔区白酒产业集群"


def test_annual_call_defaults_to_the_next_deadline_and_the_year_before_it():
    entries = check_entries(CLUSTERS, "annual-call")
    december = NoticeRequest("annual-call", entries, "陕工信发〔2026〕9号", date(2026, 12, 1))
    assert (december.deadline, december.report_year) == (date(2027, 3, 31), 2026)
    january = NoticeRequest("annual-call", entries, "陕工信发〔2027〕1号", date(2027, 1, 5))
    assert (january.deadline, january.report_year) == (date(2027, 3, 31), 2026)
    on_the_day = NoticeRequest("annual-call", entries, "陕工信发〔2027〕2号", date(2027, 3, 31))
    assert (on_the_day.deadline, on_the_day.report_year) == (date(2027, 3, 31), 2026)
    given = NoticeRequest("annual-call", entries, "陕工信发〔2026〕8号", date(2026, 12, 1), report_year=2026)
    assert given.deadline == date(2027, 3, 31)
    explicit = NoticeRequest("annual-call", entries, "陕工信发〔2026〕7号", date(2026, 12, 1),
                             deadline=date(2027, 4, 15))
    assert explicit.report_year == 2026


def test_a_due_list_names_each_cluster_once_with_its_first_ground():
    from docgen.notices.data import one_per_cluster

    items = [{"cluster_id": "SX-1", "ground": "第十九条（一）"}, {"cluster_id": "SX-2", "ground": "第十九条（三）"},
             {"cluster_id": "SX-1", "ground": "第十九条（三）"}, {"cluster_name": "无编号集群", "ground": "第十九条（二）"}]
    assert one_per_cluster(items) == [items[0], items[1], items[3]]
