"""The tally's rules on generated sheets filled like an expert would, each rule with its issue code."""

from __future__ import annotations

import shutil
from decimal import Decimal

import pytest
import review_scenario as scenario
from review_scenario import small_assignment

from docgen.review.index import load_index
from docgen.review.tally import final_score, tally

IX = load_index()
ALL_EIGHT = {"competitiveness": 16, "tiered_cultivation": 8, "chain_collaboration": 10, "innovation": 12,
             "digital": 8, "green": 8, "openness": 6, "governance_plan": 12}  # total 80


def _fill_all(blank: dict, folder, scores_by_expert: dict | None = None, **kw):
    folder.mkdir(exist_ok=True)
    kw.setdefault("base", ALL_EIGHT)
    return [scenario.fill_sheet(p, folder / p.name, (scores_by_expert or {}).get(e), **kw) for e, p in blank.items()]


def _codes(result) -> list[str]:
    return [i.code for i in result.issues]


@pytest.mark.parametrize(("totals", "expected"), [
    ([70, 80, 90, 85, 60], Decimal(235) / 3),  # 5: drop 90 and 60
    ([70, 80, 90, 85], Decimal("81.25")),  # 4: the plain mean
    ([50, 50, 90, 90, 90, 90], Decimal(80)),  # 6: one of each extreme only
    ([77], Decimal(77)),
])
def test_trimmed_mean_drops_one_highest_and_one_lowest_from_five(totals, expected):
    got = final_score([Decimal(t) for t in totals], 5)
    assert abs(got - expected) < Decimal("1e-25")  # `expected` is computed at the default 28 digits


def test_five_complete_sheets_rank_on_the_trimmed_mean(sheets_for, tmp_path):
    plan = small_assignment(2)
    blank = sheets_for(plan)
    a1, a2 = (a["application_id"] for a in plan["applications"])
    spread = {"E001": 0, "E002": 2, "E003": -2, "E004": 10, "E005": -10}  # competitiveness moved by this
    scores = {e: {a1: dict(ALL_EIGHT, competitiveness=10 + d), a2: dict(ALL_EIGHT, competitiveness=12)}
              for e, d in spread.items()}
    res = tally(_fill_all(blank, tmp_path / "in", scores), plan, IX)
    by = {a.application_id: a for a in res.applications}
    assert by[a1].final == Decimal(74)  # totals 74, 76, 72, 84, 64: 84 and 64 dropped, (74+76+72)/3
    assert by[a2].final == Decimal(76)
    assert [a.application_id for a in res.applications] == [a2, a1]  # ranked order
    ranked = {a.application_id: a.rank for a in res.applications}
    assert ranked == {a2: 1, a1: 2}
    assert _codes(res) == []


def test_an_exact_tie_is_broken_by_competitiveness_then_shared(sheets_for, tmp_path):
    plan = small_assignment(3)
    blank = sheets_for(plan)
    a1, a2, a3 = (a["application_id"] for a in plan["applications"])
    # All three total 80.15 exactly (floats would not: 0.1 + 0.05 …); a2 has more competitiveness.
    s1 = dict(ALL_EIGHT, digital=8.1, green=8.05)
    s2 = dict(ALL_EIGHT, competitiveness=17, innovation=11.1, green=8.05)
    s3 = dict(s1)
    scores = {e: {a1: s1, a2: s2, a3: s3} for e in ("E001", "E002", "E003", "E004", "E005")}
    res = tally(_fill_all(blank, tmp_path / "in", scores), plan, IX)
    by = {a.application_id: a for a in res.applications}
    assert by[a1].final == by[a2].final == by[a3].final == Decimal("80.15")
    assert by[a2].rank == 1 and not by[a2].tied
    assert by[a1].rank == by[a3].rank == 2 and by[a1].tied and by[a3].tied
    assert str(by[a1].final_shown) == "80.15"


def test_a_score_above_its_max_and_a_missing_score(sheets_for, tmp_path):
    plan = small_assignment(2)
    blank = sheets_for(plan)
    a1, a2 = (a["application_id"] for a in plan["applications"])
    scores = {"E001": {a1: dict(ALL_EIGHT, competitiveness=20.5)}, "E002": {a2: dict(ALL_EIGHT, innovation=None)}}
    res = tally(_fill_all(blank, tmp_path / "in", scores), plan, IX)
    over = [i for i in res.issues if i.code == "review.score_out_of_range"]
    assert len(over) == 1 and over[0].severity == "error"
    assert over[0].extra["expert_id"] == "E001" and over[0].extra["application_id"] == a1
    assert over[0].value == "20.5" and over[0].location.endswith("评分!D4") and "20" in over[0].message
    missing = [i for i in res.issues if i.code == "review.score_missing"]
    assert [(i.extra["expert_id"], i.extra["application_id"], i.field) for i in missing] == [("E002", a2, "scores.innovation")]
    assert missing[0].location.endswith("评分!G5")
    assert all(not a.complete and a.rank is None and not a.shortlisted for a in res.applications)


def test_a_sheet_for_an_unassigned_application_and_an_unknown_expert(sheets_for, tmp_path):
    from docgen.formats.xlsx_fill import fill_xlsx

    plan = small_assignment(2)
    plan["applications"][1]["experts"] = ["E002", "E003", "E004", "E005"]  # E001 does not review a2
    blank = sheets_for(plan)
    a1, a2 = (a["application_id"] for a in plan["applications"])
    files = _fill_all(blank, tmp_path / "in")
    # E001 adds a row for a2, which is not theirs.
    rec = {"expert_id": "E001", "expert_name": "专家1", "expert_org": "西北大学", "sign_date": "2026-05-20",
           "scores": [dict(application_id=a1, cluster_name="x", county="陈仓区", **ALL_EIGHT),
                      dict(application_id=a2, cluster_name="y", county="陈仓区", **ALL_EIGHT)]}
    fill_xlsx(blank["E001"], rec, files[0])
    stranger = tmp_path / "in" / "stranger.xlsx"
    fill_xlsx(blank["E002"], dict(rec, expert_id="E999"), stranger)
    res = tally(sorted(files + [stranger]), plan, IX)
    wrong = [i for i in res.issues if i.code == "review.not_assigned"]
    assert len(wrong) == 2
    row = next(i for i in wrong if i.row == 2)
    assert row.extra["application_id"] == a2 and row.location.endswith("评分!A5")
    assert any("E999" in i.message and i.location == "stranger.xlsx" for i in wrong)
    by = {a.application_id: a for a in res.applications}
    assert by[a1].complete and by[a2].complete and "E001" not in by[a2].scores


def test_two_sheets_from_one_expert_neither_wins(sheets_for, tmp_path):
    plan = small_assignment(1)
    blank = sheets_for(plan)
    files = _fill_all(blank, tmp_path / "in")
    later = tmp_path / "in" / "again.xlsx"
    scenario.fill_sheet(blank["E003"], later, sign_date="2026-05-28", base=dict(ALL_EIGHT, green=9))
    res = tally(sorted(files + [later]), plan, IX)
    dup = [i for i in res.issues if i.code == "review.duplicate_sheet"]
    assert len(dup) == 1 and dup[0].extra["expert_id"] == "E003" and dup[0].extra["n"] == 2
    assert "again.xlsx" in dup[0].message
    a = res.applications[0]
    assert not a.complete and "E003" not in a.scores and a.rank is None


def test_an_outlier_is_a_warning_and_still_counts(sheets_for, tmp_path):
    plan = small_assignment(1)
    blank = sheets_for(plan)
    aid = plan["applications"][0]["application_id"]
    low = {k: 0 for k in ALL_EIGHT} | {"competitiveness": 10}  # 10 against a median of 80
    res = tally(_fill_all(blank, tmp_path / "in", {"E005": {aid: low}}), plan, IX)
    out = [i for i in res.issues if i.code == "review.outlier"]
    assert len(out) == 1 and out[0].severity == "warning" and out[0].extra["expert_id"] == "E005"
    assert out[0].extra["diff"] == 70 and out[0].extra["median"] == 80
    assert res.applications[0].complete and res.applications[0].final == Decimal(80)  # the 10 is trimmed


def test_a_sheet_never_returned_leaves_its_scores_missing(sheets_for, tmp_path):
    plan = small_assignment(1, 4)
    blank = sheets_for(plan)
    files = _fill_all(blank, tmp_path / "in")
    res = tally(files[:3], plan, IX)
    missing = [i for i in res.issues if i.code == "review.score_missing"]
    assert [(i.extra["expert_id"], "未提交" in i.message) for i in missing] == [("E004", True)]
    assert not res.applications[0].complete


def test_four_scores_are_the_plain_mean(sheets_for, tmp_path):
    plan = small_assignment(1, 4)
    blank = sheets_for(plan)
    aid = plan["applications"][0]["application_id"]
    scores = {"E001": {aid: dict(ALL_EIGHT, competitiveness=6)}}  # totals 70, 80, 80, 80
    res = tally(_fill_all(blank, tmp_path / "in", scores), plan, IX)
    assert res.applications[0].final == Decimal("77.5")


def test_not_a_scoring_sheet_is_reported_and_skipped(sheets_for, tmp_path):
    from docgen.generate import new_form

    plan = small_assignment(1)
    files = _fill_all(sheets_for(plan), tmp_path / "in")
    other = new_form("experts", tmp_path / "in")
    res = tally(files + [other], plan, IX)
    assert [i.code for i in res.issues] == ["review.not_scores"]
    assert res.applications[0].complete


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_sheet_resaved_by_libreoffice_still_reads(sheets_for, tmp_path):
    import subprocess

    plan = small_assignment(1)
    blank = sheets_for(plan)
    aid = plan["applications"][0]["application_id"]
    files = _fill_all(blank, tmp_path / "in", {"E002": {aid: dict(ALL_EIGHT, green=7.5)}})
    resaved = tmp_path / "lo"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(resaved), str(files[1])], check=True, capture_output=True, timeout=180)
    again = resaved / files[1].name
    assert again.read_bytes() != files[1].read_bytes()
    res = tally([files[0], again, *files[2:]], plan, IX)
    a = res.applications[0]
    assert a.complete and a.total("E002") == Decimal("79.5") and a.final == Decimal(80)
    assert not [i for i in res.issues if i.severity == "error"]


def test_a_row_left_blank_is_one_issue_not_eight(sheets_for, tmp_path):
    plan = small_assignment(2)
    a2 = plan["applications"][1]["application_id"]
    res = tally(_fill_all(sheets_for(plan), tmp_path / "in", drop=(a2,)), plan, IX)
    missing = [i for i in res.issues if i.code == "review.score_missing"]
    assert len(missing) == 5 and all("均未填写" in i.message and i.row == 2 for i in missing)
    assert {a.application_id: a.complete for a in res.applications} == {plan["applications"][0]["application_id"]: True,
                                                                          a2: False}
