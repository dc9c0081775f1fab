"""PDF export through LibreOffice: many notices, one soffice process, every cluster in the text."""

from __future__ import annotations

import re
import shutil

import pytest
from notice_samples import KINDS, ORDERED_NAMES

from docgen.errors import DependencyError
from docgen.formats import pdf_export


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_notices_convert_in_one_call_and_keep_every_cluster_name(notices, tmp_path):
    import pdfplumber

    grid = _grid_document(tmp_path / "grid.docx")
    pdfs = pdf_export.to_pdf([*(notices[k] for k in KINDS), grid], tmp_path / "pdf")
    assert [p.name for p in pdfs] == [f"{k}.pdf" for k in KINDS] + ["grid.pdf"]
    with pdfplumber.open(pdfs.pop()) as doc:
        lines = {}
        for ch in doc.pages[0].chars:
            lines.setdefault(round(ch["top"]), []).append(ch["text"])
    assert len(lines) == 22  # lines on a full page
    assert {len(chars) for chars in lines.values()} == {28}  # characters on a full line
    for pdf in pdfs:
        with pdfplumber.open(pdf) as doc:
            first = doc.pages[0].extract_text()
            # A wrapped cell's lines interleave with its neighbours' in plain text: read the tables.
            cells = [re.sub(r"\s+", "", cell or "") for page in doc.pages
                     for table in page.extract_tables() for row in table for cell in row]
        for name in ORDERED_NAMES:
            assert name in cells, (pdf.name, name)
        assert "陕西省工业和信息化厅文件" in re.sub(r"\s+", "", first)
        assert re.search(r"—\s*1\s*—", first)


def _grid_document(path):
    """A page and a half of 三号 text in the 公文 styles, to count lines and characters."""
    from docx import Document

    from docgen.formats import gbt9704 as g
    from docgen.formats.gongwen import styles

    document = Document()
    styles.ensure_styles(document)
    g.apply_page_setup(document.sections[0])
    g.apply_doc_grid(document.sections[0])
    for _ in range(30):
        document.add_paragraph("版" * 28, style=styles.RECIPIENTS)
    document.save(path)
    return path


def test_missing_soffice_says_how_to_install(monkeypatch, notices, tmp_path):
    monkeypatch.setattr(pdf_export.shutil, "which", lambda name: None)
    with pytest.raises(DependencyError) as err:
        pdf_export.to_pdf([notices["review"]], tmp_path)
    assert "sudo bash scripts/install-system-deps.sh" in err.value.message
    assert "libreoffice-writer-nogui" in err.value.message
    assert list(tmp_path.iterdir()) == []


def test_fontconfig_maps_the_office_faces():
    conf = pdf_export.FONTS_CONF.read_text(encoding="utf-8")
    for face, free in (("仿宋_GB2312", "FandolFang"), ("楷体_GB2312", "FandolKai"),
                       ("方正小标宋简体", "Noto Serif CJK SC"), ("黑体", "Noto Sans CJK SC")):
        assert re.search(rf"<family>{face}</family><prefer><family>{free}</family>", conf)


@pytest.mark.soffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_a_timeout_is_reported_and_leaves_nothing(notices, tmp_path):
    with pytest.raises(DependencyError, match="超过"):
        pdf_export.to_pdf([notices["review"]], tmp_path, timeout=0.05)
    assert list(tmp_path.iterdir()) == []


def test_same_stem_twice_is_refused(notices, tmp_path):
    from docgen.errors import InputError

    other = tmp_path / "in" / "review.docx"
    other.parent.mkdir()
    shutil.copy(notices["review"], other)
    with pytest.raises(InputError, match="同名"):
        pdf_export.to_pdf([notices["review"], other], tmp_path / "out")
