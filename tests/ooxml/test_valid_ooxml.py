"""Every file docgen writes is valid OOXML (ISO/IEC 29500 Transitional), as Word and WPS need.

Validator: openxml-audit (PyPI), a pure-Python port of the Open XML SDK validator — the schema
checks Word's own SDK makes (child order, attributes, values) plus its package and semantic checks,
over every part of the package. The XSDs cannot be downloaded here, and the SDK's particle data is
stricter than the XSDs where Word is (CT_Font as a sequence), so it answers what Word will do.
Format: Office 2010, the first version that writes ISO/IEC 29500 Transitional (2007 wrote ECMA-376
1st edition, which lacks e.g. the tblLook attributes python-docx writes); no w14/w15 extensions.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from ooxml_kinds import KINDS

try:
    import openxml_audit
except ImportError:  # in CI the test extra is installed: missing there is a failure, not a skip
    if os.environ.get("CI"):
        raise
    pytest.skip("openxml-audit is not installed (pip install -e '.[test]')", allow_module_level=True)
from openxml_audit import FileFormat, OpenXmlValidator, ValidationSeverity  # noqa: E402

from docgen.formats.ooxml import EXCEL_FONT_ORDER, ORDERS, insert_child, set_child, w  # noqa: E402

# Findings the test allows, by validator id, each with its reason. Nothing else may be reported —
# no error, and no warning either.
ALLOWED = {
    "Excel_InlineStrCells": (
        "a warning, not a schema error: cells written as inline strings (<c t=\"inlineStr\"><is>, valid "
        "CT_Cell) — openpyxl 3.1 writes every string so, and docgen's filler does so on purpose to leave "
        "the template's shared strings alone. Excel opens them as they are and moves them to the "
        "shared-string table when it next saves."),
}


@pytest.fixture(scope="module")
def validator():
    return OpenXmlValidator(file_format=FileFormat.OFFICE_2010, max_errors=0)


def findings(validator, path: Path) -> list:
    return [e for e in validator.validate(path).errors if e.id not in ALLOWED]


def describe(found: list) -> str:
    counts = Counter((e.severity.name, e.part_uri, e.path.split("[")[0] if e.path else "", e.description[:160])
                     for e in found)
    return "\n".join(f"{n:4d} × {sev} {part} {where}: {what}" for (sev, part, where, what), n in counts.most_common())


@pytest.mark.parametrize("kind", KINDS)
def test_every_generated_kind_validates(generated, validator, kind):
    found = findings(validator, generated[kind])
    assert not found, f"{kind}: {len(found)} findings\n{describe(found)}"


def test_the_kinds_carry_what_they_are_named_for(generated):
    """The annotated copies hold their comments/notes and the .xlsx forms their drop-downs, so those
    parts are among the validated ones."""
    with zipfile.ZipFile(generated["annotated application (.docx comments)"]) as zf:
        assert b"<w:comment " in zf.read("word/comments.xml")
    with zipfile.ZipFile(generated["annotated annual (.xlsx notes)"]) as zf:
        names = zf.namelist()
        assert any(n.startswith("xl/comments") for n in names)
        sheets = b"".join(zf.read(n) for n in names if n.startswith("xl/worksheets/sheet"))
        assert b"<dataValidation " in sheets
    with zipfile.ZipFile(generated["form application filled"]) as zf:
        assert "docProps/custom.xml" in zf.namelist()
        assert b"<w:dropDownList>" in zf.read("word/document.xml")
    with zipfile.ZipFile(generated["evaluation report"]) as zf:
        assert len([n for n in zf.namelist() if n.startswith("word/media/")]) == 4


def test_the_validator_catches_what_word_repairs(generated, validator, tmp_path):
    """The test can fail: the red masthead's colour put after its size, as docgen once wrote it."""
    src = generated["notice publicity"]
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                color = next(root.iter(w("color")))
                color.getparent().append(color)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(info, data)
    found = findings(validator, bad)
    assert [e.node for e in found if e.severity == ValidationSeverity.ERROR] == ["color"]


# --- the orders docgen builds by, against the SDK's schema data -------------------------------------

_SDK_TYPES = {"pPr": "w:CT_PPr/w:pPr", "rPr": "w:CT_RPr/w:rPr", "tblPr": "w:CT_TblPr/w:tblPr",
              "tcPr": "w:CT_TcPr/w:tcPr", "sectPr": "w:CT_SectPr/w:sectPr", "pBdr": "w:CT_PBdr/w:pBdr",
              "tblBorders": "w:CT_TblBorders/w:tblBorders", "tblCellMar": "w:CT_TblCellMar/w:tblCellMar"}


def _sdk_schema(name: str) -> dict:
    data = Path(openxml_audit.__file__).parent / "data" / "openxml" / "schemas" / name
    return {t["Name"]: t for t in json.loads(data.read_text(encoding="utf-8"))["Types"]}


def _sequence(particle) -> list[str]:
    """Element names of a particle in document order (a choice's alternatives in their listed order)."""
    if "Kind" not in particle:
        return [particle["Name"].rsplit("/", 1)[-1]]
    return [n for item in particle.get("Items", []) for n in _sequence(item)]


@pytest.mark.parametrize("parent", sorted(_SDK_TYPES))
def test_child_orders_match_the_sdk_schema(parent):
    sdk = [n.removeprefix("w:") for n in _sequence(_sdk_schema(
        "schemas_openxmlformats_org_wordprocessingml_2006_main.json")[_SDK_TYPES[parent]]["Particle"])
        if n.startswith("w:")]
    ours = [t for t in ORDERS[parent] if t in sdk]
    assert ours == [t for t in sdk if t in ours]
    # What the SDK knows and we do not: only revision marks and elements docgen never writes.
    assert set(sdk) - set(ORDERS[parent]) <= {"ins", "del", "moveFrom", "moveTo"}


def test_excel_font_order_matches_the_sdk_schema():
    font = _sdk_schema("schemas_openxmlformats_org_spreadsheetml_2006_main.json")["x:CT_Font/x:font"]
    sdk = [n.removeprefix("x:") for n in _sequence(font["Particle"])]
    ours = [t if isinstance(t, str) else t[0] for t in EXCEL_FONT_ORDER]
    assert ours == sdk


# --- the helpers ---------------------------------------------------------------------------------

def test_insert_child_puts_children_at_their_schema_position():
    rpr = etree.Element(w("rPr"))
    set_child(rpr, "sz", val="32")
    set_child(rpr, "rFonts", eastAsia="仿宋_GB2312")
    set_child(rpr, "color", val="FF0000")
    set_child(rpr, "lang", val="zh-CN")
    assert [c.tag for c in rpr] == [w("rFonts"), w("color"), w("sz"), w("lang")]
    set_child(rpr, "color", val="000000")  # an existing child is updated, not doubled
    assert len(rpr.findall(w("color"))) == 1 and rpr.find(w("color")).get(w("val")) == "000000"
    replaced = insert_child(rpr, etree.Element(w("sz"), {w("val"): "28"}))
    assert rpr.findall(w("sz")) == [replaced] and rpr.index(replaced) == 2


def test_insert_child_keeps_unknown_extensions_and_rejects_strangers():
    ppr = etree.Element(w("pPr"))
    ext = etree.SubElement(ppr, "{http://schemas.microsoft.com/office/word/2010/wordml}ext")
    set_child(ppr, "jc", val="center")
    set_child(ppr, "snapToGrid", val="0")
    set_child(ppr, "keepNext")
    assert [c.tag for c in ppr] == [ext.tag, w("keepNext"), w("snapToGrid"), w("jc")]
    with pytest.raises(ValueError):
        set_child(ppr, "tblLook")
    with pytest.raises(ValueError):
        set_child(etree.Element(w("trPr")), "cantSplit")  # a choice: no order to keep


def test_python_docx_elements_stay_python_docx_elements():
    from docx import Document

    p = Document().add_paragraph()._p
    ppr = p.get_or_add_pPr()
    set_child(ppr, "jc", val="center")
    spacing = set_child(ppr, "spacing", line="579", lineRule="exact")
    assert type(spacing).__name__ == "CT_Spacing"  # made by python-docx's parser: its API works on it
    assert [c.tag for c in ppr] == [w("spacing"), w("jc")]
