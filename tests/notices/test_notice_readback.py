"""Each notice kind, generated from data, read back with lxml: the GB/T 9704 numbers are in the file."""

from __future__ import annotations

import pytest
from notice_readback import NS, Docx, w
from notice_samples import DOC_NUMBER, KINDS, ORDERED_NAMES

MM = 56.69


@pytest.fixture(scope="module", params=KINDS)
def doc(request, notices):
    return request.param, Docx(notices[request.param])


def test_page_is_a4_with_the_standards_margins_and_22_lines(doc):
    _, d = doc
    sect = d.sect()
    size = sect.find("w:pgSz", NS)
    assert (size.get(w("w")), size.get(w("h"))) == ("11906", "16838")
    mar = sect.find("w:pgMar", NS)
    for edge, mm in (("top", 37), ("bottom", 35), ("left", 28), ("right", 26)):
        assert abs(int(mar.get(w(edge))) - mm * MM) <= MM, edge
    # 579, not 580: 22 × 580 twips overrun the 12756-twip 版心 and LibreOffice then lays 21 lines.
    assert sect.find("w:docGrid", NS).get(w("linePitch")) == "579"
    spacing = d.style("Normal").find("w:pPr/w:spacing", NS)
    assert (spacing.get(w("line")), spacing.get(w("lineRule"))) == ("579", "exact")


def test_normal_is_sanhao_fangsong_and_every_run_has_an_east_asian_face(doc):
    _, d = doc
    normal = d.style("Normal")
    assert normal.find("w:rPr/w:sz", NS).get(w("val")) == "32"
    assert normal.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    for r in d.runs():
        if Docx.text(r).strip():
            fonts = r.find("w:rPr/w:rFonts", NS)
            assert fonts is not None and fonts.get(w("eastAsia")), Docx.text(r)
            assert fonts.get(w("eastAsiaTheme")) is None


def test_red_mark_doc_number_and_red_line(doc):
    _, d = doc
    paras = d.paragraphs()
    texts = d.texts()
    assert texts[0] == "陕西省工业和信息化厅文件"
    assert paras[0].find(".//w:color", NS).get(w("val")) == "FF0000"
    assert paras[0].find("w:pPr/w:jc", NS).get(w("val")) == "center"
    number = texts.index(DOC_NUMBER)
    assert texts[1:number] == ["", ""]  # two blank lines below the mark
    line = paras[number].find("w:pPr/w:pBdr/w:bottom", NS)
    assert line.get(w("color")) == "FF0000"


def test_title_is_erhao_xiaobiaosong_in_balanced_lines(doc):
    kind, d = doc
    titles = [p for p in d.paragraphs() if p.find("w:pPr/w:pStyle[@w:val='公文标题']", NS) is not None]
    assert len(titles) == 1
    runs = titles[0].findall("w:r", NS)
    assert {r.find("w:rPr/w:sz", NS).get(w("val")) for r in runs} == {"44"}
    assert {r.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) for r in runs} == {"方正小标宋简体"}
    lines = [Docx.text(r) for r in runs]
    assert len(lines) == 2 and all(len(line) <= 20 for line in lines)
    expected = {
        "publicity": "关于2026年度陕西省中小企业特色产业集群拟认定名单的公示",
        "announcement": "关于公布2026年度陕西省中小企业特色产业集群名单的通知",
        "annual-call": "关于报送2025年度陕西省中小企业特色产业集群培育情况的通知",
        "review": "关于陕西省中小企业特色产业集群复核结果的通知",
        "revocation": "关于撤销部分陕西省中小企业特色产业集群认定的通知",
    }[kind]
    assert "".join(lines) == expected
    assert "陕西省" in lines[0] or lines[1].startswith("陕西省")  # never "陕西" | "省"


def test_body_style_is_sanhao_fangsong_indented_two_characters(doc):
    _, d = doc
    body = d.style("公文正文")
    assert body.find("w:rPr/w:sz", NS).get(w("val")) == "32"
    assert body.find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "仿宋_GB2312"
    assert body.find("w:pPr/w:ind", NS).get(w("firstLine")) == "640"
    assert d.style("公文一级标题").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "黑体"
    assert d.style("公文二级标题").find("w:rPr/w:rFonts", NS).get(w("eastAsia")) == "楷体_GB2312"


def test_date_signature_and_attachment_note(doc):
    _, d = doc
    texts = d.texts()
    assert "2026年3月5日" in texts
    at = texts.index("2026年3月5日")
    assert texts[at - 1] == "陕西省工业和信息化厅"
    date_ind = d.paragraphs()[at].find("w:pPr/w:ind", NS)
    assert date_ind.get(w("right")) == "1280"  # 右空四字
    assert any(t.startswith("附件：") and not t.endswith("。") for t in texts)


def test_attachment_table_has_every_cluster_in_city_order(doc):
    kind, d = doc
    heads = [p for p in d.paragraphs() if Docx.text(p) == "附件"]
    assert heads and heads[0].find("w:pPr/w:pageBreakBefore", NS) is not None
    table = d.tables()[0]
    rows = Docx.table_rows(table)
    last = {"review": "复核结果", "revocation": "撤销依据"}.get(kind, "主导产业")
    assert rows[0] == ["序号", "设区市", "县（市、区）", "集群名称", last]
    assert [r[3] for r in rows[1:]] == ORDERED_NAMES
    assert [r[0] for r in rows[1:]] == ["1", "2", "3", "4", "5"]
    trs = table.findall("w:tr", NS)
    assert trs[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(tr.find("w:trPr/w:cantSplit", NS) is not None for tr in trs)
    if kind == "revocation":
        assert [r[4] for r in rows[1:]] == ["第十九条（一）", "第十九条（二）", "第十九条（三）", "第十九条（五）",
                                            "第十九条（四）"]
    if kind == "review":
        assert [r[4] for r in rows[1:]] == ["未通过", "通过", "通过", "通过", "通过"]


def test_banji_lists_cc_and_printer(doc):
    _, d = doc
    table = d.tables()[-1]
    rows = Docx.table_rows(table)
    assert rows == [["抄送：工业和信息化部中小企业局，各设区市人民政府。"], ["陕西省工业和信息化厅办公室2026年3月5日印发"]]
    # 印发机关 left, 印发日期 pushed right by a tab; outer rules 0.35 mm (sz 8), inner 0.25 mm (sz 6)
    assert table.findall("w:tr", NS)[1].find(".//w:tab", NS) is not None
    borders = table.find("w:tblPr/w:tblBorders", NS)
    assert [borders.find(f"w:{e}", NS).get(w("sz")) for e in ("top", "insideH", "bottom")] == ["8", "6", "8"]


def test_footers_hold_a_page_field_between_dashes_for_odd_and_even_pages(doc):
    _, d = doc
    assert d.settings.find("w:evenAndOddHeaders", NS) is not None
    refs = {r.get(w("type")) for r in d.sect().iterfind("w:footerReference", NS)}
    assert refs == {"default", "even"}
    footers = d.footers()
    assert len(footers) >= 2
    aligns = set()
    for f in footers:
        instr = "".join(t.text or "" for t in f.iter(w("instrText")))
        assert instr.strip() == "PAGE"
        texts = [t.text for t in f.iter(w("t"))]
        assert texts[0] == "— " and texts[-1] == " —"
        aligns.add(f.find(".//w:pPr/w:jc", NS).get(w("val")))
        sizes = {sz.get(w("val")) for sz in f.iter(w("sz"))}
        assert sizes == {"28"}
    assert aligns == {"right", "left"}


def test_kind_specific_text(notices):
    pub = " ".join(Docx(notices["publicity"]).texts())
    assert "公示时间：2026年3月5日至2026年3月11日（5个工作日）。" in pub
    assert "匿名异议不予受理" in pub
    call = " ".join(Docx(notices["annual-call"]).texts())
    assert "2026年3月31日前" in call and "第十八条" in call
    rev = " ".join(Docx(notices["revocation"]).texts())
    assert "第十九条第（三）项" in rev
    review = " ".join(Docx(notices["review"]).texts())
    assert "4个集群复核通过" in review and "1个集群复核未通过" in review
    ann = Docx(notices["announcement"]).texts()
    assert ann[ann.index("各设区市工业和信息化局，杨凌示范区工业和商务局，韩城市工信局：")]
