"""`docgen notice …` as a clerk runs it: exit codes, messages, files written (or not)."""

from __future__ import annotations

import json

from click.testing import CliRunner
from docx import Document
from notice_readback import Docx
from notice_samples import ORDERED_NAMES

from docgen.cli import main

COMMON = ["--doc-number", "陕工信发〔2026〕7号", "--date", "2026-09-29"]


def test_publicity_across_national_day(clusters_json, tmp_path):
    out = tmp_path / "公示.docx"
    result = CliRunner().invoke(main, ["notice", "publicity", "--data", str(clusters_json), *COMMON, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"已生成 / written: {out}" in result.output
    assert "公示期：2026年9月29日至2026年10月10日（5个工作日）" in result.output
    text = " ".join(Docx(out).texts())
    assert "公示时间：2026年9月29日至2026年10月10日（5个工作日）。" in text
    assert "2026年9月29日" in Docx(out).texts()


def test_each_kind_writes_the_default_output_name(clusters_json, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    for kind, extra in (("announcement", []), ("annual-call", ["--report-year", "2025", "--deadline", "2026-12-31"]),
                        ("review", []), ("revocation", ["--cc", "工业和信息化部中小企业局、各设区市人民政府"])):
        result = runner.invoke(main, ["notice", kind, "--data", str(clusters_json), *COMMON, *extra])
        assert result.exit_code == 0, result.output
        path = tmp_path / "outputs" / f"{kind}-2026-09-29.docx"
        rows = Docx.table_rows(Docx(path).tables()[0])
        assert [r[3] for r in rows[1:]] == ORDERED_NAMES
    banji = Docx.table_rows(Docx(tmp_path / "outputs" / "revocation-2026-09-29.docx").tables()[-1])
    assert banji[0] == ["抄送：工业和信息化部中小企业局，各设区市人民政府。"]


def test_publicity_beyond_the_calendar_warns(clusters_json, tmp_path):
    r = CliRunner().invoke(main, ["notice", "publicity", "--data", str(clusters_json), "--doc-number", "陕工信发〔2031〕3号",
                                  "--date", "2031-09-29", "-o", str(tmp_path / "p.docx")])
    assert r.exit_code == 0
    assert "警告：2031年的法定节假日安排不在日历数据中" in r.stderr
    assert "公示期：2031年9月29日至2031年10月3日" in r.stdout


def test_bad_data_exits_1_and_writes_nothing(tmp_path):
    data = tmp_path / "bad.json"
    data.write_text(json.dumps([{"city": "西安", "county": "x", "cluster_name": "某某产业集群",
                                 "leading_industry": "y"}], ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "n.docx"
    r = CliRunner().invoke(main, ["notice", "announcement", "--data", str(data), *COMMON, "-o", str(out)])
    assert r.exit_code == 1
    assert "设区市「西安」不在名单范围内" in r.stderr and "Traceback" not in r.output
    assert not out.exists()


def test_bad_doc_number_and_date_are_reported(clusters_json, tmp_path):
    r = CliRunner().invoke(main, ["notice", "announcement", "--data", str(clusters_json), "--doc-number",
                                  "陕工信发〔2026〕第7号", "--date", "2026-09-29", "-o", str(tmp_path / "n.docx")])
    assert r.exit_code == 1 and "不加“第”" in r.stderr
    r = CliRunner().invoke(main, ["notice", "announcement", "--data", str(clusters_json), "--doc-number",
                                  "陕工信发〔2026〕7号", "--date", "2026-02-30", "-o", str(tmp_path / "n.docx")])
    assert r.exit_code == 1 and "「2026-02-30」不是有效日期" in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_data_or_registry_is_a_usage_error(tmp_path):
    r = CliRunner().invoke(main, ["notice", "review", *COMMON, "-o", str(tmp_path / "n.docx")])
    assert r.exit_code == 2 and "--data" in r.stderr
    r = CliRunner().invoke(main, ["notice", "publicity", "--from-registry", "--on", "2026-09-29", *COMMON])
    assert r.exit_code == 2 and "--data" in r.stderr


def test_check_exit_codes(notices, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(main, ["notice", "check", str(notices["review"])])
    assert ok.exit_code == 0 and "符合 GB/T 9704-2012" in ok.output
    plain = tmp_path / "plain.docx"
    Document().save(plain)
    bad = runner.invoke(main, ["notice", "check", str(plain)])
    assert bad.exit_code == 1
    assert "纸张" in bad.output and "215.9 mm × 279.4 mm" in bad.output
    as_json = runner.invoke(main, ["notice", "check", "--json", str(plain)])
    report = json.loads(as_json.output)
    assert report["conformant"] is False
    assert {"element": "上边距（天头）", "expected": "37.0 mm ± 1 mm", "found": "25.4 mm", "where": ""} in report["deviations"]


def test_help_is_bilingual():
    result = CliRunner().invoke(main, ["notice", "--help"])
    assert result.exit_code == 0
    assert "起草公文" in result.output and "Draft official notices" in result.output


def test_from_registry_takes_the_due_list_one_row_per_cluster(monkeypatch, tmp_path):
    import docgen.registry.api as api

    calls = []

    def due_lists(on, db_url=None):
        calls.append((on.isoformat(), db_url))
        row = {"cluster_id": "SX-2023-001", "cluster_name": "凤翔区白酒产业集群", "city": "宝鸡市", "county": "凤翔区",
               "leading_industry": "白酒酿造"}
        return {"annual_overdue": [], "reviews_due": [],
                "revocation_candidates": [{**row, "ground": "第十九条（一）"}, {**row, "ground": "第十九条（三）"}]}

    monkeypatch.setattr(api, "due_lists", due_lists)
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(main, ["notice", "revocation", "--from-registry", "--on", "2026-09-01", "--db", "x.db",
                                      *COMMON, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert calls == [("2026-09-01", "x.db")]
    assert Docx.table_rows(Docx(out).tables()[0])[1:] == [["1", "宝鸡市", "凤翔区", "凤翔区白酒产业集群", "第十九条（一）"]]
    r = CliRunner().invoke(main, ["notice", "review", "--from-registry", "--on", "2026-09-01", *COMMON,
                                  "-o", str(tmp_path / "x.docx")])
    assert r.exit_code == 1 and "没有有效期届满需复核的集群" in r.stderr


def test_annual_call_in_december_asks_for_next_spring(clusters_json, tmp_path):
    out = tmp_path / "通知.docx"
    result = CliRunner().invoke(main, ["notice", "annual-call", "--data", str(clusters_json), "--doc-number",
                                      "陕工信发〔2026〕30号", "--date", "2026-12-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = " ".join(Docx(out).texts())
    assert "关于报送2026年度陕西省中小企业特色产业集群培育情况的通知" in text
    assert "于2027年3月31日前将信息表" in text
