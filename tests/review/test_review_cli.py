"""`docgen review assign` → sheets filled → `docgen review tally` → the shortlist straight into
`docgen notice publicity`, whose notice passes `docgen notice check`."""

from __future__ import annotations

import json

import review_scenario as scenario
from click.testing import CliRunner

from docgen.cli import cli


def _run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _returned(cli_review, tmp_path, low: set[str] = frozenset()):
    """Every sheet filled; applications in `low` scored 6 per indicator (below 60)."""
    base, out, plan = cli_review
    folder = tmp_path / "returned"
    folder.mkdir()
    for e in plan["experts"]:
        if e["sheet"]:
            scores = {aid: {k: 6 for k in ("competitiveness", "tiered_cultivation", "chain_collaboration", "innovation",
                                          "digital", "green", "openness", "governance_plan")} for aid in low}
            scenario.fill_sheet(out / e["sheet"], folder / e["sheet"], scores, default=9)
    return folder


def test_tally_shortlist_feeds_the_publicity_notice(cli_review, tmp_path):
    base, out, plan = cli_review
    low = {plan["applications"][0]["application_id"]}
    folder = _returned(cli_review, tmp_path, low)
    report, shortlist = tmp_path / "汇总表.xlsx", tmp_path / "shortlist.json"
    r = _run("review", "tally", str(folder), "--assignment", str(out / "assignment.json"), "--top", "6",
             "--report", str(report), "--shortlist", str(shortlist), "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    apps = {a["application_id"]: a for a in data["applications"]}
    assert len(apps) == 9 and all(a["complete"] for a in apps.values())
    assert apps[next(iter(low))]["final"] == 48 and not apps[next(iter(low))]["shortlisted"]
    assert sum(a["shortlisted"] for a in apps.values()) == 8  # 8 tie at rank 1 (71 each), all within --top 6
    chosen = json.loads(shortlist.read_text(encoding="utf-8"))
    assert {c["application_id"] for c in chosen} == {k for k, a in apps.items() if a["shortlisted"]}
    assert {"city", "county", "cluster_name", "leading_industry"} <= set(chosen[0])

    notice = tmp_path / "publicity.docx"
    r = _run("notice", "publicity", "--data", str(shortlist), "--doc-number", "陕工信发〔2026〕21号",
             "--date", "2026-06-08", "-o", str(notice))
    assert r.exit_code == 0, r.output
    r = _run("notice", "check", str(notice))
    assert r.exit_code == 0, r.output
    import docx

    doc = docx.Document(str(notice))
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    for c in chosen:
        assert c["cluster_name"] in text
    # After the publicity period the same list is recognised in the registry.
    r = _run("registry", "recognise", "--data", str(shortlist), "--doc-number", "陕工信发〔2026〕30号",
             "--date", "2026-07-01", "--db", f"sqlite:///{tmp_path / 'registry.sqlite3'}")
    assert r.exit_code == 0, r.output
    assert f"共 {len(chosen)} 个集群" in r.output


def test_the_summary_workbook(cli_review, tmp_path):
    from openpyxl import load_workbook

    base, out, plan = cli_review
    folder = _returned(cli_review, tmp_path)
    report = tmp_path / "汇总表.xlsx"
    r = _run("review", "tally", str(folder), "--assignment", str(out / "assignment.json"), "--report", str(report))
    assert r.exit_code == 0, r.output
    wb = load_workbook(report)
    assert wb.sheetnames[0] == "汇总" and wb.sheetnames[-1] == "问题" and len(wb.sheetnames) == 10
    ws = wb["汇总"]
    head = [c.value for c in ws[1]]
    assert head[:6] == ["名次", "申报编号", "设区市", "县（市、区）", "集群名称", "主导产业"]
    assert head[6:11] == [f"专家{k}总分" for k in range(1, 6)] and "最终得分" in head
    row = [c.value for c in ws[2]]
    assert row[0] == "1（并列）" and row[6] == 71 and row[head.index("最终得分")] == 71  # 9 each, openness capped at 8
    assert wb["核心竞争力（20分）"]["C2"].value == 9


def test_tally_reports_errors_with_exit_1_and_no_traceback(cli_review, tmp_path):
    base, out, plan = cli_review
    folder = _returned(cli_review, tmp_path)
    victim = sorted(folder.glob("*.xlsx"))[0]
    victim.unlink()
    r = _run("review", "tally", str(folder), "--assignment", str(out / "assignment.json"))
    assert r.exit_code == 1
    assert "review.score_missing" in r.stderr and "未提交" in r.stderr and "Traceback" not in r.output


def test_assign_excludes_an_invalid_application_with_its_reason(tmp_path):
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.samples import valid_record

    apps = tmp_path / "apps"
    scenario.applications(apps, ["陈仓区", "鄠邑区"])
    rec = valid_record("application", 2026, county="富平县")
    rec["iip_rate"] = {"y1": 3.0, "y2": 4.0, "y3": 5.0}  # under 15 %: valid but not eligible (Art. 12(六))
    fill_docx(new_form("application", tmp_path / "b", year=2026), rec, apps / "small.docx")
    experts = scenario.write_experts(tmp_path / "experts.json", scenario.experts(8))
    r = _run("review", "assign", "--experts", str(experts), "--applications", str(apps), "--per", "3",
             "--ids", str(tmp_path / "ids.json"), "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "small.docx" in r.output and "不符合认定条件" in r.output
    plan = json.loads((tmp_path / "out" / "assignment.json").read_text(encoding="utf-8"))
    assert len(plan["applications"]) == 2 and plan["excluded"][0]["reason"].startswith("不符合认定条件")


def test_assign_from_a_validate_report_gives_the_same_ids(cli_review, tmp_path):
    base, out, plan = cli_review
    report = tmp_path / "report.json"
    r = _run("validate", str(base / "apps"), "--json")
    report.write_text(r.stdout, encoding="utf-8")
    r = _run("review", "assign", "--experts", str(base / "experts.json"), "--applications", str(report),
             "--seed", "7", "--ids", str(base / "ids.json"), "-o", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    again = json.loads((tmp_path / "out" / "assignment.json").read_text(encoding="utf-8"))
    assert [(a["application_id"], a["sha256"], a["experts"]) for a in again["applications"]] == \
           [(a["application_id"], a["sha256"], a["experts"]) for a in plan["applications"]]


def test_an_experts_workbook_is_read_as_a_form(tmp_path):
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.generate import new_form
    from docgen.review.inputs import load_experts

    rows = scenario.experts(6)
    book = fill_xlsx(new_form("experts", tmp_path), {"experts": rows}, tmp_path / "专家库.xlsx")
    got = load_experts(book)
    assert [e["expert_id"] for e in got] == [r["expert_id"] for r in rows]
    assert got[0]["city_code"] == "610100" and got[0]["org_key"] == "西安市第1研究院"
    bad = fill_xlsx(new_form("experts", tmp_path / "b"), {"experts": [dict(rows[0], city="西咸新区")]},
                    tmp_path / "bad.xlsx")
    r = _run("review", "assign", "--experts", str(bad), "--applications", str(tmp_path), "-o", str(tmp_path / "o"))
    assert r.exit_code == 1 and "西咸新区" in r.output and "Traceback" not in r.output
