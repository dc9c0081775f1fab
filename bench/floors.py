"""Floors and peers, measured on the same files in the same run.

The floor of a parse is what no OOXML reader can avoid: open the zip, parse the XML parts that hold
the data with lxml, and walk every element once (reading its text). Peers are the libraries a reader
could have been built on.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _walk(xml: bytes) -> int:
    n = 0
    for el in etree.fromstring(xml, _PARSER).iter():
        if el.text:
            n += 1
    return n


def docx_parts(names: list[str]) -> list[str]:
    return [n for n in names if n == "word/document.xml" or n == "docProps/custom.xml"]


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def xlsx_parts(z: zipfile.ZipFile) -> list[str]:
    """Workbook, shared strings, manifest, and the sheets that defined names point into (the data
    sheets; an instructions sheet no name refers to is not a reader's work)."""
    names = set(z.namelist())
    wb = etree.fromstring(z.read("xl/workbook.xml"), _PARSER)
    rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"), _PARSER)
    target = {r.get("Id"): r.get("Target").lstrip("/") for r in rels}
    target = {k: v if v.startswith("xl/") else "xl/" + v for k, v in target.items()}
    refs = " ".join(d.text or "" for d in wb.iter(_NS_MAIN + "definedName"))
    sheets = [target[s.get(_NS_R + "id")] for s in wb.iter(_NS_MAIN + "sheet")
              if f"{s.get('name')}'!" in refs or f"{s.get('name')}!" in refs]
    keep = ["xl/workbook.xml", "xl/sharedStrings.xml", "docProps/custom.xml", *sheets]
    return [n for n in keep if n in names]


def lxml_floor(path: Path) -> int:
    """zip + lxml parse + walk of the parts a reader of this file needs (document/sheets, names, manifest)."""
    with zipfile.ZipFile(path) as z:
        parts = docx_parts(z.namelist()) if path.suffix == ".docx" else xlsx_parts(z)
        return sum(_walk(z.read(n)) for n in parts)


def python_docx_cells(path: Path) -> int:
    """python-docx: open and read the text of every table cell (it does not see content controls)."""
    import docx

    doc = docx.Document(str(path))
    n = 0
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def docx2python_text(path: Path) -> int:
    from docx2python import docx2python

    with docx2python(str(path)) as result:
        return len(result.text)


def calamine_values(path: Path) -> int:
    """python-calamine: every sheet's values (no defined names — a peer, not a substitute)."""
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    n = 0
    for name in wb.sheet_names:
        n += sum(len(r) for r in wb.get_sheet_by_name(name).to_python())
    return n


def openpyxl_values(path: Path) -> int:
    """openpyxl: load (with defined names, as docgen needs) and read every cell value."""
    import openpyxl

    wb = openpyxl.load_workbook(str(path), data_only=True)
    n = len(wb.defined_names)
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += sum(v is not None for v in row)
    wb.close()
    return n


def pdfplumber_text(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return len(pdf.pages)
