"""`check_docx`: GB/T 9704 conformance of any .docx, each deviation named with expected and found."""

from __future__ import annotations

import zipfile

import pytest
from docx import Document
from docx.shared import Pt
from notice_samples import KINDS

from docgen.errors import InputError
from docgen.formats.gongwen.check import check_docx


@pytest.mark.parametrize("kind", KINDS)
def test_every_generated_notice_conforms(notices, kind):
    assert check_docx(notices[kind]) == []


def test_python_docx_default_document_has_named_deviations(tmp_path):
    path = tmp_path / "default.docx"
    Document().save(path)
    found = {d.element: d for d in check_docx(path)}
    assert found["纸张"].found == "215.9 mm × 279.4 mm" and "A4" in found["纸张"].expected
    assert found["上边距（天头）"].found == "25.4 mm"
    assert found["左边距（订口）"].found == "31.8 mm"
    assert {"下边距", "右边距", "每页行数", "发文字号", "发文机关标志", "标题", "成文日期", "奇偶页页码",
            "奇数页页码"} <= set(found)


def _edit(src, dst, replacements: dict[str, str], part="word/document.xml"):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                for old, new in replacements.items():
                    assert old.encode() in data, old
                    data = data.replace(old.encode(), new.encode())
            zout.writestr(item, data)


def test_a_clerks_mistakes_are_each_reported_where_they_are(notices, tmp_path):
    bad = tmp_path / "bad.docx"
    _edit(notices["announcement"], bad, {
        "陕工信发〔2026〕7号": "陕工信发[2026]07号",
        ">2026年3月5日<": ">2026年03月05日<",
        'w:top="2098"': 'w:top="1440"',
    })
    found = {d.element: d for d in check_docx(bad)}
    assert found["发文字号"].found == "「陕工信发[2026]07号」"
    assert found["成文日期"].found == "「2026年03月05日」"
    assert found["上边距（天头）"].expected == "37.0 mm ± 1 mm" and found["上边距（天头）"].found == "25.4 mm"


def test_body_size_and_face_deviations_name_the_paragraph(tmp_path, notices):
    path = tmp_path / "typed.docx"
    doc = Document(notices["publicity"])
    para = next(p for p in doc.paragraphs if p.text.startswith("公示期间"))
    for run in para.runs:
        run.font.size = Pt(14)
    doc.save(path)
    deviations = [d for d in check_docx(path) if d.element == "正文字号"]
    assert len(deviations) == 1
    assert deviations[0].found == "14 磅（w:sz=28）" and "公示期间" in deviations[0].where


def test_not_a_docx_is_an_input_error(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="不是有效的 .docx"):
        check_docx(path)
