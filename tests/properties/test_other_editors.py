"""A fixed sample of every form through another editor: LibreOffice re-saves the filled .docx/.xlsx,
and exports the Word forms to PDF. The same data must come back.

What a format cannot carry is named here, and the comparison applies exactly that loss and no other:

- a LibreOffice-re-saved .docx has lost every control's tag: it is read by label, and says so
  (`form.read_by_label`), with nothing else lost — rare characters included;
- a PDF cannot carry (PDF_CANNOT_CARRY): line breaks typed inside a cell (a PDF cannot tell them from
  wrapping, so lines are joined); spaces between two CJK characters (distributed labels put them there,
  so they are removed); the manifest (no form version); and characters that no installed font has
  (CJK Extension B such as 𠀀 needs a font such as fonts-hanazono; without one LibreOffice prints a blank
  box and the text layer maps every missing glyph to one character). The report must warn that a PDF
  was read.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from docgen.catalogue import form_ids
from docgen.pipeline import validate_paths
from docgen.samples import valid_record
from docgen.schema import load_form

from .conftest import soffice_or_skip
from .roundtrip import differences, errors, fill, flat, parse

pytestmark = pytest.mark.soffice

EXT_B = "𠀀𪚥"  # no font installed here covers CJK Extension B
RARE_IN_FONTS = "鿏"  # U+9FCF, Unicode 8.0: Noto CJK has it
NARRATIVE = '第一段：{rare}集群 A&B<公司> "引号"。\n第二段：两个 空格 与 Latin words 相邻。'
PDF_CANNOT_CARRY = ("line breaks inside a cell", "spaces between two CJK characters", "the manifest",
                    "characters no installed font has")
_CJK_SPACE = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])")


def sample(form: str, rare: str) -> dict:
    """The form's valid sample record with rare characters in its names and every narrative."""
    rec = valid_record(form)
    if "cluster_name" in rec:
        rec["cluster_name"] = rec["cluster_name"][:2] + rare + rec["cluster_name"][2:]
    if "contact_name" in rec:
        rec["contact_name"] = "欧阳" + rare
    for f in load_form(form).fields:
        if f.widget == "longtext" and f.required:
            head, _, tail = f.id.partition(".")
            holder = rec[head] if tail else rec
            key = tail or head
            holder[key] = NARRATIVE.format(rare=rare) + holder[key]
    return rec


@pytest.fixture(scope="module")
def editors(tmp_path_factory, blanks):
    """Filled samples, re-saved and exported with one LibreOffice run per kind (start-up is the cost)."""
    soffice_or_skip()
    from docgen.formats.pdf_export import convert

    root = tmp_path_factory.mktemp("editors")
    records, resave, pdf_src = {}, {"docx": [], "xlsx": []}, []
    for form in form_ids():
        fmt = load_form(form).format
        records[form] = sample(form, RARE_IN_FONTS + EXT_B)
        resave[fmt].append(fill(blanks[form], records[form], root / "filled" / f"{form}.{fmt}"))
        if fmt == "docx":
            records[f"{form}.pdf"] = sample(form, RARE_IN_FONTS)
            pdf_src.append(fill(blanks[form], records[f"{form}.pdf"], root / "for-pdf" / f"{form}.docx"))
    out = {}
    for fmt, paths in resave.items():
        for p in convert(paths, fmt, root / f"resaved-{fmt}"):
            out[(p.stem, fmt)] = p
    for p in convert(pdf_src, "pdf", root / "pdf"):
        out[(p.stem, "pdf")] = p
    for p in convert(resave["xlsx"], "pdf", root / "pdf-xlsx"):  # inputs of the Excel forms, as filled
        out[(p.stem, "xlsx.pdf")] = p
    ext_b = fill(blanks["change"], sample("change", EXT_B), root / "ext-b" / "change.docx")
    [out[("change-ext-b", "pdf")]] = convert([ext_b], "pdf", root / "pdf-ext-b")
    return records, out


DOCX = [f for f in form_ids() if load_form(f).format == "docx"]
XLSX = [f for f in form_ids() if load_form(f).format == "xlsx"]


@pytest.mark.parametrize("form", DOCX)
def test_a_word_form_resaved_by_libreoffice_reads_back_by_label_unchanged(editors, form):
    records, out = editors
    path = out[(form, "docx")]
    raw, got, issues = parse(path, form)
    assert raw.read_by_label, "LibreOffice 7.4 strips every control's tag: the reader must have used labels"
    assert "form.read_by_label" in {i.code for i in issues}
    assert differences(records[form], got) == []
    assert errors(issues) == []
    [entry] = validate_paths([path])["files"]
    assert entry["valid"], [(i["code"], i["message"]) for i in entry["issues"] if i["severity"] == "error"]


@pytest.mark.parametrize("form", XLSX)
def test_an_excel_form_resaved_by_libreoffice_reads_back_unchanged(editors, form):
    records, out = editors
    path = out[(form, "xlsx")]
    _raw, got, issues = parse(path, form)
    assert differences(records[form], got) == []
    assert errors(issues) == []
    [entry] = validate_paths([path])["files"]
    assert entry["valid"], [(i["code"], i["message"]) for i in entry["issues"] if i["severity"] == "error"]


def as_a_pdf_carries_it(record: dict) -> dict:
    """The record with exactly PDF_CANNOT_CARRY's losses applied to its text."""
    def squash(v):
        if isinstance(v, str):
            return _CJK_SPACE.sub("", v.replace("\n", ""))
        return v

    out: dict = {}
    for key, v in record.items():
        if key == "years":
            continue
        if isinstance(v, dict):
            out[key] = {k: squash(x) for k, x in v.items()}
        elif isinstance(v, list):
            out[key] = [{k: squash(x) for k, x in row.items()} for row in v]
        else:
            out[key] = squash(v)
    return out


@pytest.mark.parametrize("form", DOCX)
def test_a_pdf_export_reads_back_all_but_what_a_pdf_cannot_carry(editors, form):
    records, out = editors
    _raw, got, issues = parse(out[(form, "pdf")], form)
    assert errors(issues) == []
    want = as_a_pdf_carries_it(records[f"{form}.pdf"])
    assert differences(want, got) == []
    # The loss is real, not hypothetical: the sample's narratives had line breaks the PDF dropped.
    assert any("\n" in str(v) for v in flat(records[f"{form}.pdf"]).values())


@pytest.mark.parametrize("form", DOCX)
def test_the_report_on_a_pdf_warns_that_it_was_read_from_a_pdf(editors, form):
    _records, out = editors
    [entry] = validate_paths([out[(form, "pdf")]])["files"]
    assert entry["form"] == form and entry["form_version"] is None
    warnings = {i["code"] for i in entry["issues"] if i["severity"] == "warning"}
    assert warnings & {"form.read_by_label", "form.identified_by_content"}, entry["issues"]


def _font_covers_extension_b() -> bool:
    fc = shutil.which("fc-list")
    return bool(fc and subprocess.run([fc, ":charset=20000"], capture_output=True, text=True).stdout.strip())


# Without a font for CJK Extension B (scripts/install-system-deps.sh installs fonts-hanazono), LibreOffice
# prints a blank box and the PDF text layer maps every missing glyph to the first one.
@pytest.mark.skipif(not _font_covers_extension_b(), reason="no installed font covers CJK Extension B")
def test_a_pdf_carries_extension_b_characters(editors):
    _records, out = editors
    _raw, got, _issues = parse(out[("change-ext-b", "pdf")], "change")
    assert got["contact_name"] == "欧阳" + EXT_B


@pytest.mark.parametrize("form", XLSX)
def test_a_pdf_of_an_excel_form_is_refused_with_the_right_advice(editors, form):
    """An Excel form's PDF cannot be read back (its cells are not a Word form's labelled table): named
    here; the answer must be an error that asks for the .xlsx."""
    _records, out = editors
    [entry] = validate_paths([out[(form, "xlsx.pdf")]])["files"]
    assert entry["valid"] is False
    assert any(".xlsx" in i["message"] or "Excel" in i["message"] for i in entry["issues"]), entry["issues"]
