"""The evaluation report's content (exact at the thresholds) and its document."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from registry_builders import CLUSTERS, annual_record, entry, report

from docgen.registry.evaluation import evaluate
from docgen.registry.importer import import_report


def _by_name(ev):
    return {c.cluster_name: c for c in ev.clusters}


def test_filings_on_time_late_missing(registry, recognised):
    import_report(registry, report(
        entry("annual", annual_record(CLUSTERS[0], 2025, fill_date="2026-03-31")),
        entry("annual", annual_record(CLUSTERS[1], 2025, fill_date="2026-04-01"))))
    rows = _by_name(evaluate(registry, 2025, date(2026, 4, 15)))
    assert [rows[c["cluster_name"]].filing for c in CLUSTERS] == ["on_time", "late", "missing", "missing"]
    before = _by_name(evaluate(registry, 2025, date(2026, 3, 1)))
    assert before[CLUSTERS[2]["cluster_name"]].filing == "not_yet_due"


def test_target_completion_reads_the_direction(registry, recognised):
    progress = [{"indicator": "output_total", "target": 50, "actual": 50, "note": None},  # exactly 100 %: met
                {"indicator": "co2_intensity", "target": 0.8, "actual": 0.85, "note": None},  # down: 0.8/0.85
                {"indicator": "co2_intensity", "target": 0.8, "actual": 0.8, "note": None},
                {"indicator": "rd_sme", "target": 100, "actual": 99.99, "note": None}]
    import_report(registry, report(entry("annual", annual_record(CLUSTERS[0], 2025, progress=progress))))
    row = _by_name(evaluate(registry, 2025, date(2026, 4, 15)))[CLUSTERS[0]["cluster_name"]]
    assert [(t["completion"], t["met"]) for t in row.targets] == [
        (100.0, True), (94.1, False), (100.0, True), (99.9, False)]  # shown rounded down
    assert row.targets_met == (2, 4)


def test_criteria_at_the_thresholds(registry, recognised):
    rec = annual_record(CLUSTERS[0], 2025)
    rec["output_total"]["cur"] = 30  # ≥ 30 亿元: met
    rec["output_sme"]["cur"] = 21  # exactly 70 %: "高于" fails
    rec["output_leading"]["cur"] = 21.03  # 70.1 %: met
    rec["invention_patents"]["cur"], rec["employees"]["cur"] = 24, 20000  # exactly 12 per 10k: met
    rec["iip_rate"]["cur"] = 14.99
    rec["co2_intensity"] = {"prev": 0.8, "cur": 0.8}  # not falling
    import_report(registry, report(entry("annual", rec)))
    row = _by_name(evaluate(registry, 2025, date(2026, 4, 15)))[CLUSTERS[0]["cluster_name"]]
    passed = {c["id"]: c["passed"] for c in row.criteria}
    assert passed == {"safety": True, "output_each_year": True, "sme_share": False, "leading_share": True,
                      "patents_per_10k": True, "iip_rate": False, "nonfossil_rising": True, "co2_falling": False}
    sme = next(c for c in row.criteria if c["id"] == "sme_share")
    assert (sme["value"], sme["threshold"], sme["article"]) == (70.0, "> 70%", "第十二条（二）")


def test_trends_and_totals(registry, recognised):
    import_report(registry, report(entry("annual", annual_record(CLUSTERS[0], 2024)),
                                   entry("annual", annual_record(CLUSTERS[0], 2025, scale=1.1)),
                                   entry("annual", annual_record(CLUSTERS[1], 2025, scale=2))))
    ev = evaluate(registry, 2025, date(2026, 4, 15))
    huyi = _by_name(ev)[CLUSTERS[0]["cluster_name"]]
    # 2023 from the 2024 table's prev; 2024 from the 2024 table itself, not the 2025 table's prev.
    assert huyi.series["output_total"] == {2023: 40.0, 2024: 46.0, 2025: 50.6}
    # Totals compare like with like: both years from the 2025 tables.
    assert ev.totals["output_total"] == {2024: 44.0 + 80.0, 2025: 50.6 + 92.0}


def test_revoked_and_later_clusters_are_out_of_scope(registry, recognised):
    from docgen.registry.decisions import recognise, record_revocation

    record_revocation(registry, CLUSTERS[3]["cluster_name"], "三", "陕工信发〔2025〕40号", date(2025, 5, 1))
    recognise(registry, [{"city": "汉中市", "county": "勉县", "cluster_name": "勉县航空零部件产业集群",
                          "leading_industry": "航空"}], "陕工信发〔2026〕9号", date(2026, 2, 1))
    names = {c.cluster_name for c in evaluate(registry, 2025, date(2026, 4, 15)).clusters}
    assert names == {c["cluster_name"] for c in CLUSTERS[:3]}


def _document(registry, recognised, path):
    from docgen.registry.evaluation_report import write_evaluation

    if not registry.url.startswith("sqlite"):
        pytest.skip("the document does not depend on the database: checked once, on SQLite")
    import_report(registry, report(*[entry("annual", annual_record(c, 2025, scale=1 + i / 4))
                                     for i, c in enumerate(CLUSTERS[:3])]))
    return write_evaluation(evaluate(registry, 2025, date(2026, 4, 15)), path)


def test_document_in_the_official_style(registry, recognised, tmp_path):
    import zipfile

    from docx import Document
    from docx.oxml.ns import qn

    path = _document(registry, recognised, tmp_path / "评估.docx")
    doc = Document(path)
    sec = doc.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    assert (round(sec.top_margin.mm), round(sec.left_margin.mm)) == (37, 28)
    assert len(doc.inline_shapes) == 4
    texts = [p.text for p in doc.paragraphs]
    assert "一、总体情况" in texts and "六、各集群评估" in texts
    assert any("未报送1个" in t for t in texts)
    runs = [r for p in doc.paragraphs for r in p.runs if r.text.strip()]
    assert all(r._r.rPr is not None and r._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) for r in runs)
    with zipfile.ZipFile(path) as zf:
        assert any(n.startswith("word/footer") for n in zf.namelist())
        assert len([n for n in zf.namelist() if n.startswith("word/media/")]) == 4
    assert not list(tmp_path.glob(".*.tmp"))


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_document_renders_to_pdf_with_chinese_text(registry, recognised, tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    path = _document(registry, recognised, tmp_path / "evaluation.docx")
    from docgen.formats.pdf_export import to_pdf

    pdf = to_pdf([path], tmp_path)[0]
    with pdfplumber.open(pdf) as doc:
        text = "".join((p.extract_text() or "") for p in doc.pages).replace(" ", "")
        pages = len(doc.pages)
    assert pages >= 3
    for phrase in ("2025年度陕西省中小企业", "一、总体情况", "表1", "图1", CLUSTERS[0]["cluster_name"]):
        assert phrase in text
