"""The same data back after LibreOffice re-saves the filled form, and from its PDF export."""

from __future__ import annotations

import pytest
from docx_cases import DOCX_FORMS
from helpers import values
from test_read import expected

from docgen.formats.docx_read import read_docx
from docgen.formats.pdf_read import read_pdf

pytestmark = pytest.mark.soffice


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_libreoffice_resave_reads_by_label_with_the_same_values(resaved, form_id):
    raw = read_docx(resaved[form_id])
    assert raw.form == form_id and raw.read_by_label
    assert raw.manifest is not None and raw.manifest.form == form_id  # custom properties survive
    assert [(i.code, i.severity) for i in raw.issues] == [("form.read_by_label", "warning")]
    assert values(raw) == expected(form_id)


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_pdf_export_reads_back_the_same_values(pdfs, form_id):
    raw = read_pdf(pdfs[form_id])
    assert raw.form == form_id and raw.format == "pdf" and raw.manifest is None and raw.read_by_label
    assert [(i.code, i.severity) for i in raw.issues] == [("form.read_by_label", "warning")]
    assert values(raw) == expected(form_id)
    assert all(v.location.startswith("第") and "页" in v.location for v in raw.values)
    if form_id == "application":  # the years come from the grid header when there is no manifest
        loc = next(v.location for v in raw.values if v.field == "output_total.y1")
        assert loc.endswith("二、主要指标（近三年）「集群总产值」2023年"), loc


def test_resaved_without_manifest_is_identified_and_read_by_label(resaved, tmp_path):
    from helpers import drop_member

    raw = read_docx(drop_member(resaved["application"], tmp_path / "bare.docx", "docProps/custom.xml"))
    assert raw.form == "application" and raw.manifest is None
    assert [i.code for i in raw.issues] == ["form.identified_by_content", "form.read_by_label"]
    assert values(raw) == expected("application")  # year columns taken in ascending order


def test_a_label_changed_after_resave_is_named(resaved, tmp_path):
    from helpers import W, rewrite

    def reword(root):
        for t in root.iter(f"{W}t"):
            if t.text == "联系电话":
                t.text = "电话号码"

    raw = read_docx(rewrite(resaved["change"], tmp_path / "reworded.docx", reword))
    (issue,) = raw.issues
    assert issue.code == "form.label_not_found" and "contact_phone" in issue.message


def test_pdf_placeholders_read_as_blank(pdfs):
    got = values(read_pdf(pdfs["application"]))
    assert got[("city_opinion", None)] is None and got[("energy_efficiency_ok", None)] is None


def test_controls_libreoffice_repeats_count_once_and_real_repeats_stay(filled, tmp_path):
    """A staff template with a plain-text and a block-level control: LibreOffice repeats their text."""
    import copy

    from helpers import W, controls, rewrite, up
    from lxml import etree

    from docgen.formats.pdf_export import to_docx

    def edit(root):
        (plain,) = controls(root, "contact_name")
        plain.find(f"{W}sdtPr").append(etree.Element(f"{W}text"))
        (inline,) = controls(root, "change_reason")  # made block-level: the control wraps the paragraph
        para = up(inline, "p")
        block = etree.Element(f"{W}sdt")
        block.append(copy.deepcopy(inline.find(f"{W}sdtPr")))
        content = etree.SubElement(block, f"{W}sdtContent")
        index = para.index(inline)
        for r in inline.find(f"{W}sdtContent"):
            para.insert(index, r)
            index += 1
        para.remove(inline)
        para.addprevious(block)
        content.append(para)
        (year,) = controls(root, "cluster_id")
        for t in year.iter(f"{W}t"):
            t.text = "2020"

    src = rewrite(filled["change"], tmp_path / "staff.docx", edit)
    before = values(read_docx(src))
    (out,) = to_docx([src], tmp_path / "lo")
    after = values(read_docx(out))
    assert after[("contact_name", None)] == "王五" == before[("contact_name", None)]
    assert after[("change_reason", None)] == before[("change_reason", None)] == "园区扩区并由平台公司统一运营管理。"
    assert after[("cluster_id", None)] == "2020"
    assert after == before
