"""Forms typed by a person in LibreOffice (reproduced at the XML level, tests/docx/person.py) read back
field by field as typed, with no false alarm, and their PDF export gives the same record and verdict."""

from __future__ import annotations

import pytest
from docx_cases import DOCX_FORMS
from helpers import values
from person import person_typed
from records import RECORDS

from docgen.formats.docx_read import read_docx
from docgen.pipeline import check_file
from docgen.schema import load_form

TODAY = __import__("datetime").date(2026, 7, 1)


def _soffice_or_skip():
    import shutil

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")


def _long_texts(form_id: str, rec: dict) -> list[str]:
    """The form's long-text fields the record fills, in form order."""
    out = []
    for f in load_form(form_id).fields:
        head, _, tail = f.id.partition(".")
        if f.widget == "longtext" and (rec.get(head, {}).get(tail) if tail else rec.get(head)) is not None:
            out.append(f.id)
    return out


def _put(rec: dict, fid: str, value) -> None:
    head, _, tail = fid.partition(".")
    if tail:
        rec[head][tail] = value
    else:
        rec[head] = value


def typed_record(form_id: str) -> dict:
    """The form's record, with line breaks where a person pressed Enter or pasted paragraphs."""
    rec = RECORDS[form_id]()
    first, second, third = _long_texts(form_id, rec)[:3]
    _put(rec, first, "第一段：龙头企业带动配套。\n第二段：形成产业生态。")  # Enter inside the control
    _put(rec, second, "粘贴的第一段。\n粘贴的第二段。\n粘贴的第三段。")  # pasted, lands before the control
    _put(rec, third, "另一次粘贴的第一段。\n另一次粘贴的第二段。")  # pasted, control left empty
    return rec


def habits(form_id: str) -> dict:
    _, second, third = _long_texts(form_id, RECORDS[form_id]())[:3]
    out = {(second, None): "paste", (third, None): "paste_empty",
           ("contact_name", None): "after", ("fill_date", None): "before", ("contact_phone", None): "deleted"}
    if form_id == "application":
        out |= {("area_km2", None): "after", ("output_total.y2", None): "after", ("output_sme.y3", None): "deleted",
                ("enterprises.name", 2): "before", ("enterprises.level", 1): "deleted", ("plan_submitted", None): "after"}
    return out


LEFT = {"after", "before", "paste"}  # habits that leave a prompt beside the typed text


def shown(form_id: str, record: dict) -> dict:
    """{(field, row): text} a person typed for `record` (blanks None)."""
    from docgen.formats.docx_controls import format_value

    schema = load_form(form_id)
    out = {}
    for f in schema.fields:
        node = record
        for key in f.id.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        out[(f.id, None)] = format_value(f, node) or None
    for g in schema.groups:
        for i, row in enumerate(record.get(g.id, []), start=1):
            for f in g.fields:
                out[(f.id, i)] = format_value(f, row.get(f.name)) or None
    return out


@pytest.fixture(scope="module")
def typed(blanks, tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("typed")
    return {fid: person_typed(blanks[fid], fid, typed_record(fid), folder / f"{fid}.docx", habits(fid))
            for fid in DOCX_FORMS}


@pytest.fixture(scope="module")
def typed_pdfs(typed, tmp_path_factory) -> dict:
    _soffice_or_skip()
    from docgen.formats.pdf_export import to_pdf

    out = to_pdf(list(typed.values()), tmp_path_factory.mktemp("typed-pdf"))
    return dict(zip(typed, out, strict=True))


def _codes(entry) -> list[str]:
    return [i["code"] for i in entry["issues"]]


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_typed_in_libreoffice_reads_back_field_by_field(typed, form_id):
    raw = read_docx(typed[form_id])
    assert raw.form == form_id and raw.read_by_label  # every tag gone
    want = shown(form_id, typed_record(form_id))
    got = values(raw)
    for key, text in want.items():
        assert got.get(key) == text, key
    assert set(got) == set(want)
    left = {k for k, h in habits(form_id).items() if h in LEFT}
    assert {(v.field, v.row) for v in raw.values if "field.placeholder_left" in v.notes} == left
    (by_label,) = raw.issues
    assert by_label.code == "form.read_by_label" and "LibreOffice 7.4" in by_label.message
    assert raw.saved_by == "LibreOffice 7.4"


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_typed_in_libreoffice_validates_as_the_same_form_filled_by_code(typed, blanks, tmp_path, form_id):
    from docgen.formats.docx_fill import fill_docx

    by_code = check_file(fill_docx(blanks[form_id], typed_record(form_id), tmp_path / "code.docx"), today=TODAY)
    by_person = check_file(typed[form_id], today=TODAY)
    assert by_person["data"] == by_code["data"]
    assert (by_person["valid"], by_person["eligible"]) == (by_code["valid"], by_code["eligible"])
    extra = [c for c in _codes(by_person) if c not in _codes(by_code)]
    n_left = sum(1 for h in habits(form_id).values() if h in LEFT)
    n_deleted = sum(1 for h in habits(form_id).values() if h == "deleted")
    assert sorted(extra) == sorted(["form.read_by_label"] + ["field.placeholder_left"] * n_left
                                   + ["field.control_missing"] * n_deleted)
    assert not any(c == "field.required" for c in _codes(by_person))  # no "未填写" on a complete form
    for issue in by_person["issues"]:
        if issue["code"] == "field.placeholder_left":
            assert issue["location"] and issue["field"] and issue["severity"] == "warning"


@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_typed_with_tags_kept_and_grey_direct_formatting_reads_by_tag(blanks, tmp_path, form_id):
    """An older form (grey by direct formatting), its tags kept: the flag alone must not blank a field."""
    path = person_typed(blanks[form_id], form_id, typed_record(form_id), tmp_path / "tags.docx",
                        habits(form_id), grey=True, keep_tags=True)
    raw = read_docx(path)
    assert raw.form == form_id and not raw.read_by_label and raw.issues == []
    assert values(raw) == shown(form_id, typed_record(form_id))
    gone = {k for k, h in habits(form_id).items() if h == "deleted"}
    assert {(v.field, v.row) for v in raw.values if "field.control_missing" in v.notes} == gone
    entry = check_file(path, today=TODAY)
    assert "form.altered" not in _codes(entry)
    for issue in entry["issues"]:
        if issue["code"] == "field.control_missing":
            assert issue["location"], issue


def _no_breaks(data):
    """A PDF keeps no line breaks in a cell (wrapped and typed ones look alike): compare without them."""
    if isinstance(data, dict):
        return {k: _no_breaks(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_no_breaks(v) for v in data]
    return data.replace("\n", "") if isinstance(data, str) else data


@pytest.mark.soffice
@pytest.mark.parametrize("form_id", DOCX_FORMS)
def test_the_pdf_export_of_a_typed_form_gives_the_same_record_and_verdict(typed, typed_pdfs, form_id):
    docx, pdf = check_file(typed[form_id], today=TODAY), check_file(typed_pdfs[form_id], today=TODAY)
    assert pdf["form"] == form_id
    assert _no_breaks(pdf["data"]) == _no_breaks(docx["data"])
    assert (pdf["valid"], pdf["eligible"]) == (docx["valid"], docx["eligible"])

    def slots(entry):
        # A PDF has no controls: that one was deleted is known from the .docx only.
        return sorted((i["code"], i["field"], i["row"]) for i in entry["issues"]
                      if i["field"] and i["code"] != "field.control_missing")

    assert slots(pdf) == slots(docx)


@pytest.mark.soffice
def test_a_typed_form_resaved_by_real_libreoffice_still_reads_as_typed(blanks, tmp_path):
    """The structures reproduced here (w:br, paste before the control, remnants) through LibreOffice itself."""
    _soffice_or_skip()
    from docgen.formats.pdf_export import to_docx

    src = {fid: person_typed(blanks[fid], fid, typed_record(fid), tmp_path / f"{fid}.docx", habits(fid),
                             keep_tags=True) for fid in ("application", "change")}
    for fid, out in zip(src, to_docx(list(src.values()), tmp_path / "lo"), strict=True):
        raw = read_docx(out)
        assert raw.read_by_label and raw.saved_by == "LibreOffice 7.4"
        assert values(raw) == shown(fid, typed_record(fid)), fid
        assert {(v.field, v.row) for v in raw.values if "field.placeholder_left" in v.notes} == {
            k for k, h in habits(fid).items() if h in LEFT}
        assert {(v.field, v.row) for v in raw.values if "field.control_missing" in v.notes} == {
            k for k, h in habits(fid).items() if h == "deleted"}


def test_an_annotated_copy_finds_the_row_of_a_typed_form(blanks, tmp_path):
    """A comment on a typed form (flags kept) lands on the typed row's control."""
    from helpers import W, part

    from docgen.formats.docx_annotate import annotate_docx
    from docgen.issues import make_issue

    rec = typed_record("application")
    path = person_typed(blanks["application"], "application", rec, tmp_path / "t.docx", keep_tags=True)
    raw = read_docx(path)
    issue = make_issue("field.uscc_invalid", field="enterprises.uscc", row=2, value="x", detail="y")
    out = annotate_docx(path, [issue], raw, tmp_path / "annotated.docx")
    (start,) = part(out).iter(f"{W}commentRangeStart")
    sdt = start.getnext()
    assert "".join(t.text or "" for t in sdt.iter(f"{W}t")) == rec["enterprises"][1]["uscc"]
