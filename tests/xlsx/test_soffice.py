"""The same filled workbook after LibreOffice re-saves it (another editor) reads back the same; PDFs render."""

from __future__ import annotations

import pytest

from docgen.formats.xlsx_annotate import annotate_xlsx
from docgen.formats.xlsx_fill import fill_xlsx
from docgen.formats.xlsx_read import read_xlsx
from docgen.issues import make_issue

from .conftest import annual_record, needs_soffice, recommendation_record, values_of

pytestmark = [pytest.mark.soffice, needs_soffice]


@pytest.fixture(scope="module")
def resaved(blanks, tmp_path_factory):
    from docgen.formats.pdf_export import to_xlsx

    d = tmp_path_factory.mktemp("lo")
    filled = [fill_xlsx(blanks["annual"], annual_record(), d / "annual.xlsx"),
              fill_xlsx(blanks["recommendation"], recommendation_record(), d / "recommendation.xlsx")]
    return list(zip(filled, to_xlsx(filled, d / "resaved"), strict=True))


def test_libreoffice_resave_keeps_names_manifest_and_values(resaved):
    for original, again in resaved:
        a, b = read_xlsx(original), read_xlsx(again)
        assert b.form == a.form and b.issues == [] and not b.read_by_label
        assert b.manifest == a.manifest
        assert values_of(b) == values_of(a)
        assert [v.location for v in b.values] == [v.location for v in a.values]


def test_a_libreoffice_file_can_be_annotated(resaved, tmp_path):
    _, again = resaved[0]
    raw = read_xlsx(again)
    out = annotate_xlsx(again, [make_issue("field.required", field="contact_name", label="联系人")], raw,
                        tmp_path / "a.xlsx")
    back = read_xlsx(out)
    assert back.issues == [] and values_of(back) == values_of(raw)


def test_blank_and_filled_forms_render_to_pdf_with_their_labels(blanks, resaved, tmp_path):
    import pdfplumber

    from docgen.formats.pdf_export import to_pdf

    pdfs = to_pdf([blanks["annual"], resaved[0][0], blanks["recommendation"]], tmp_path)
    with pdfplumber.open(pdfs[0]) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages).replace(" ", "")
    assert "填表说明" in text and "集群名称" in text and "2024年" in text and "{prev}" not in text
    with pdfplumber.open(pdfs[1]) as pdf:
        text = "".join((p.extract_text() or "") for p in pdf.pages).replace(" ", "")
    assert "共享设计中心服务120家企业" in text and "2026-03-15" in text
