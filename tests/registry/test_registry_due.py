"""The time rules (Articles 17–19) as `registry due` answers them."""

from __future__ import annotations

from datetime import date

from registry_builders import CLUSTERS, annual_record, change_record, entry, report

from docgen.registry.due import DueSettings, due_lists
from docgen.registry.importer import import_report

HUYI, CHENCANG, SHENMU, YANGLING = (c["cluster_name"] for c in CLUSTERS)


def _by(items, key="cluster_name"):
    return sorted((i[key], i.get("report_year")) for i in items)


def test_recognition_issues_stable_ids(registry, recognised):
    assert sorted(recognised.values()) == ["SX2024-001", "SX2024-002", "SX2024-003", "SX2024-004"]


def test_due_names_exactly_the_clusters_that_did_not_file(registry, recognised):
    # Two of four file the 2024 table (the recognition year's: the first owed).
    rep = report(entry("annual", annual_record(CLUSTERS[0], 2024)),
                 entry("annual", annual_record(CLUSTERS[2], 2024, cluster_id=recognised[SHENMU])))
    result = import_report(registry, rep)
    assert [e["status"] for e in result.entries] == ["accepted", "accepted"]
    due = due_lists(registry, date(2025, 4, 1))
    assert _by(due["annual_overdue"]) == sorted([(CHENCANG, 2024), (YANGLING, 2024)])
    assert {e["due"] for e in due["annual_overdue"]} == {"2025-03-31"}
    first = due["annual_overdue"][0]
    assert set(first) >= {"cluster_id", "cluster_name", "city", "county", "leading_industry", "report_year", "due"}
    grounds = {(c["cluster_name"], c["ground"]) for c in due["revocation_candidates"]}
    assert grounds == {(CHENCANG, "第十九条（三）"), (YANGLING, "第十九条（三）")}


def test_nothing_is_overdue_on_the_deadline_itself(registry, recognised):
    assert due_lists(registry, date(2025, 3, 31))["annual_overdue"] == []
    assert len(due_lists(registry, date(2025, 4, 1))["annual_overdue"]) == 4


def test_configured_deadline(registry, recognised):
    # One Shaanxi notice says 3月30日.
    due = due_lists(registry, date(2025, 3, 31), annual_deadline=(3, 30))
    assert {e["due"] for e in due["annual_overdue"]} == {"2025-03-30"}
    assert DueSettings(annual_deadline=(3, 30)).deadline(2024) == date(2025, 3, 30)


def test_deadline_stored_in_the_database(registry, recognised):
    from docgen.registry.due import save_settings

    save_settings(registry, annual_deadline=(3, 30))
    save_settings(registry, change_days=15)  # the other setting stays
    due = due_lists(registry, date(2025, 3, 31))
    assert {e["due"] for e in due["annual_overdue"]} == {"2025-03-30"}
    # An explicit override still wins for one run.
    assert due_lists(registry, date(2025, 3, 31), annual_deadline=(3, 31))["annual_overdue"] == []


def test_every_unfiled_year_is_listed(registry, recognised):
    import_report(registry, report(entry("annual", annual_record(CLUSTERS[0], 2025))))
    due = due_lists(registry, date(2026, 4, 1))
    huyi = [e["report_year"] for e in due["annual_overdue"] if e["cluster_name"] == HUYI]
    assert huyi == [2024]
    assert len([e for e in due["annual_overdue"] if e["cluster_name"] == CHENCANG]) == 2


def test_a_rejected_table_does_not_count_as_filed(registry, recognised):
    result = import_report(registry, report(entry("annual", annual_record(CLUSTERS[1], 2024), valid=False)))
    assert result.entries[0]["status"] == "rejected"
    assert result.entries[0]["cluster_id"] == recognised[CHENCANG]  # kept in its history all the same
    due = due_lists(registry, date(2025, 4, 1))
    assert CHENCANG in {e["cluster_name"] for e in due["annual_overdue"]}


def test_review_due_three_years_after_publication(registry, recognised):
    assert due_lists(registry, date(2027, 3, 16))["reviews_due"] == []  # 91 days before
    due = due_lists(registry, date(2027, 3, 17))  # 90 days before 2027-06-15
    assert {(e["cluster_name"], e["due"], e["status"]) for e in due["reviews_due"]} == {
        (c["cluster_name"], "2027-06-15", "due") for c in CLUSTERS}
    expired = due_lists(registry, date(2027, 6, 16))
    assert {e["status"] for e in expired["reviews_due"]} == {"expired"}
    ground_one = {c["cluster_name"] for c in expired["revocation_candidates"] if c["ground"] == "第十九条（一）"}
    assert ground_one == {c["cluster_name"] for c in CLUSTERS}


def test_a_passed_review_extends_validity_three_years(registry, recognised):
    from docgen.registry.decisions import record_review

    out = record_review(registry, recognised[HUYI], "通过", date(2027, 6, 1))
    assert out["valid_until"] == "2030-06-15"
    due = due_lists(registry, date(2027, 6, 16))
    assert HUYI not in {e["cluster_name"] for e in due["reviews_due"]}
    assert HUYI not in {c["cluster_name"] for c in due["revocation_candidates"] if c["ground"] == "第十九条（一）"}
    later = due_lists(registry, date(2030, 4, 1))
    assert [(e["cluster_name"], e["due"]) for e in later["reviews_due"] if e["cluster_name"] == HUYI] == [
        (HUYI, "2030-06-15")]
    # Recording the same decision again changes nothing.
    assert record_review(registry, HUYI, "通过", date(2027, 6, 1))["action"] == "unchanged"


def test_a_failed_review_is_ground_one(registry, recognised):
    from docgen.registry.decisions import record_review

    record_review(registry, CHENCANG, "未通过", date(2027, 6, 1))
    due = due_lists(registry, date(2027, 6, 2))
    assert [(c["ground"], c["detail"]) for c in due["revocation_candidates"] if c["cluster_name"] == CHENCANG] == [
        ("第十九条（一）", "2027-06-01 复核未通过"),
        ("第十九条（三）", "未报送 2024、2025、2026 年度集群年度培育情况信息表")]
    assert CHENCANG not in {e["cluster_name"] for e in due["reviews_due"]}


def test_late_change_report_is_ground_four(registry, recognised):
    rep = report(entry("change", change_record(CLUSTERS[0], "2025-01-10", "2025-02-09")),  # 30 days: in time
                 entry("change", change_record(CLUSTERS[1], "2025-01-10", "2025-02-10")))  # 31 days
    import_report(registry, rep)
    due = due_lists(registry, date(2025, 3, 1))
    assert [(c["cluster_name"], c["ground"]) for c in due["revocation_candidates"]] == [(CHENCANG, "第十九条（四）")]


def test_incident_in_annual_table_is_ground_five(registry, recognised):
    import_report(registry, report(entry("annual", annual_record(CLUSTERS[3], 2024, incident=True))))
    due = due_lists(registry, date(2025, 3, 1))
    assert [(c["cluster_name"], c["ground"], c["report_year"]) for c in due["revocation_candidates"]] == [
        (YANGLING, "第十九条（五）", 2024)]


def test_newer_filing_supersedes_and_both_remain(registry, recognised):
    from docgen.registry.history import cluster_history

    import_report(registry, report(entry("annual", annual_record(CLUSTERS[3], 2024, incident=True))))
    import_report(registry, report(entry("annual", annual_record(CLUSTERS[3], 2024, fill_date="2025-03-20"))))
    h = cluster_history(registry, YANGLING, on=date(2025, 4, 1))
    assert [(f["report_year"], f["incident"], f["current"]) for f in h["annual_filings"]] == [
        (2024, True, False), (2024, False, True)]
    due = due_lists(registry, date(2025, 4, 1))
    assert YANGLING not in {c["cluster_name"] for c in due["revocation_candidates"]}


def test_revoked_cluster_owes_nothing(registry, recognised):
    from docgen.registry.decisions import record_revocation

    out = record_revocation(registry, recognised[CHENCANG], "（三）", "陕工信发〔2025〕40号", date(2025, 5, 1))
    assert out["ground"] == "第十九条（三）"
    due = due_lists(registry, date(2025, 6, 1))
    assert CHENCANG not in {e["cluster_name"] for e in due["annual_overdue"]}
    # Before the revocation date it still owed.
    assert CHENCANG in {e["cluster_name"] for e in due_lists(registry, date(2025, 4, 15))["annual_overdue"]}
