"""Annotated copies: Word comments at the offending control, the original untouched."""

from __future__ import annotations

import hashlib
import zipfile

import docx
import pytest
from lxml import etree

from docgen.issues import make_issue

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def filled_application(tmp_path_factory):
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form

    folder = tmp_path_factory.mktemp("annotate")
    blank = new_form("application", folder, county="杨陵区", year=2026)
    record = {"cluster_name": "杨凌农业装备集群", "contact_phone": "12345",
              "enterprises": [{"name": "陕西甲公司", "uscc": "91610000000000000X"}, {}, {"name": "陕西乙公司"}]}
    return fill_docx(blank, record, folder / "filled.docx")


def comments_by_anchor(path):
    """{comment text: tag of the control its range surrounds (None for a paragraph)}."""
    with zipfile.ZipFile(path) as zf:
        body = etree.fromstring(zf.read("word/document.xml"))
    out = {}
    d = docx.Document(str(path))
    texts = {c.comment_id: c.text for c in d.comments}
    for start in body.iter(f"{W}commentRangeStart"):
        cid = int(start.get(f"{W}id"))
        nxt = start.getnext()
        if nxt is not None and nxt.tag == f"{W}sdt":
            tag = nxt.find(f"{W}sdtPr/{W}tag").get(f"{W}val")
        else:  # block control: the range starts inside its first paragraph
            sdt = start.getparent()
            while sdt is not None and sdt.tag != f"{W}sdt":
                sdt = sdt.getparent()
            tag = sdt.find(f"{W}sdtPr/{W}tag").get(f"{W}val") if sdt is not None else None
        out[texts[cid]] = (tag, start)
    return out


def test_comments_sit_at_the_controls_and_python_docx_reads_them(filled_application, tmp_path):
    from docgen.formats.docx_annotate import annotate_docx
    from docgen.formats.docx_read import read_docx

    src = filled_application
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    raw = read_docx(src)
    issues = [
        make_issue("field.pattern", field="contact_phone", label="联系电话", value="12345", hint="请填写手机号。"),
        make_issue("field.uscc_invalid", field="enterprises.uscc", row=1, value="91610000000000000X", detail="校验位错误"),
        make_issue("field.required", field="enterprises.uscc", row=2, label="统一社会信用代码"),
        make_issue("field.commitment", field="commitment"),
        make_issue("form.read_by_label", location="全文"),
    ]
    out = annotate_docx(src, issues, raw, tmp_path / "copy" / "filled.docx")
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    got = comments_by_anchor(out)
    assert len(got) == 5
    by_code = {text.split("（")[-1].rstrip("）"): tag for text, (tag, _) in got.items()}
    assert by_code["field.pattern"] == "contact_phone"
    assert by_code["field.commitment"] == "commitment"
    assert by_code["form.read_by_label"] is None
    # row 1 and row 2 are the first and third table rows: the blank row between is not counted
    rows = {code: start for text, (tag, start) in got.items() for code in [text.split("（")[-1].rstrip("）")]
            if tag == "enterprises.uscc"}
    assert set(rows) == {"field.uscc_invalid", "field.required"}
    tr = {code: next(a for a in s.iterancestors() if a.tag == f"{W}tr") for code, s in rows.items()}
    table_rows = list(tr["field.uscc_invalid"].getparent().iterchildren(f"{W}tr"))
    assert table_rows.index(tr["field.required"]) - table_rows.index(tr["field.uscc_invalid"]) == 2
    assert any("【错误】" in t and "联系电话" in t for t in got)


def test_annotating_twice_keeps_the_first_comments(filled_application, tmp_path):
    from docgen.formats.docx_annotate import annotate_docx
    from docgen.formats.docx_read import read_docx

    raw = read_docx(filled_application)
    once = annotate_docx(filled_application, [make_issue("field.commitment", field="commitment")], raw,
                         tmp_path / "once.docx")
    twice = annotate_docx(once, [make_issue("form.placeholder", field="cluster_name", label="集群名称")],
                          read_docx(once), tmp_path / "twice.docx")
    d = docx.Document(str(twice))
    assert sorted(c.comment_id for c in d.comments) == [0, 1]
