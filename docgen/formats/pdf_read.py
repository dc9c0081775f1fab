"""Read a PDF exported from one of the Word forms: `read_pdf(path) -> RawForm`.

A PDF keeps no tags and no manifest, so the form is identified by its title and labels and read by
labels (docx_labels), from pdfplumber's ruled tables. PDF text needs repair first: wrapped cell
text comes back with newlines (joined without a space), distributed labels with spaces between CJK
characters (removed). A PDF without a text layer is a scan: reported, never guessed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from docgen.catalogue import form_by_title
from docgen.formats.docx_controls import norm, squeeze_cjk
from docgen.formats.docx_labels import Table, identify, read_by_labels
from docgen.formats.pdf_limits import check_document, guarded
from docgen.formats.raw import RawForm
from docgen.formats.saved_by import pdf_producer, read_by_label_issue
from docgen.issues import make_issue
from docgen.schema import load_form
from docgen.settings import DEFAULT, Settings

# pdfminer logs its repairs of damaged streams ("Data-loss while decompressing …") in English on stderr;
# what a clerk needs from a damaged PDF is the issue in the report, so its loggers stay quiet.
logging.getLogger("pdfminer").setLevel(logging.CRITICAL)
logging.getLogger("pdfplumber").setLevel(logging.CRITICAL)

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _cell(text: str | None) -> str | None:
    if text is None:  # part of a merged cell
        return None
    return squeeze_cjk("".join(line.strip() for line in text.split("\n")))


def _open(path: Path, raw: RawForm):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        return pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raw.issues.append(make_issue("file.pdf_encrypted"))
    except PdfminerException as exc:
        inner = exc.args[0] if exc.args else None
        if isinstance(inner, PDFPasswordIncorrect | PDFEncryptionError):
            raw.issues.append(make_issue("file.pdf_encrypted"))
        else:
            raw.issues.append(make_issue("file.corrupt", detail="PDF 结构无法解析"))
    except (PDFSyntaxError, ValueError, KeyError, TypeError):  # pdfminer's English stays out of the message
        raw.issues.append(make_issue("file.corrupt", detail="PDF 结构无法解析"))
    return None


def _continues(prev: Table, first_row: list[str]) -> bool:
    """A row too tall for one page goes on at the top of the next: an empty label cell, same shape."""
    return bool(prev.rows) and len(first_row) == len(prev.rows[-1]) > 1 and first_row[0] == "" and any(first_row)


def _excel_form_title(text: str) -> str | None:
    """The title of an Excel form whose PDF this is (Excel forms are read from the .xlsx only)."""
    found = form_by_title(text, "xlsx")
    return found.title if found else None


def read_pdf(path: Path, limits: Settings = DEFAULT) -> RawForm:
    """Read the PDF at `path`, within the settings' PDF limits (pdf_limits: past one, LimitExceeded)."""
    with guarded(limits):
        return _read_pdf(Path(path), limits)


def _read_pdf(path: Path, limits: Settings) -> RawForm:
    raw = RawForm(path=path, format="pdf", form=None, manifest=None)
    pdf = _open(path, raw)
    if pdf is None:
        return raw
    try:
        check_document(pdf, limits)
    except BaseException:
        pdf.stream.close()  # not pdf.close(): that lays out every page first
        raise
    tables: list[Table] = []
    first_text = ""
    any_text = False
    with pdf:
        try:
            raw.saved_by = pdf_producer(pdf.metadata)
        except Exception:  # noqa: BLE001 — a damaged info dictionary only loses the program's name
            raw.saved_by = None
        for number, page in enumerate(pdf.pages, start=1):
            if page.chars:
                any_text = True
            if number == 1:
                first_text = page.extract_text() or ""
            for i, found in enumerate(page.find_tables(_TABLE_SETTINGS)):
                rows = [r for r in ([c for c in map(_cell, row) if c is not None] for row in found.extract()) if r]
                if i == 0 and tables and rows and _continues(tables[-1], rows[0]):
                    last = tables[-1].rows[-1]
                    tables[-1].rows[-1] = [a + b for a, b in zip(last, rows.pop(0), strict=True)]
                tables.append(Table(rows, where=f"第{number}页"))
    if not any_text:
        raw.issues.append(make_issue("file.pdf_scanned"))
        return raw
    texts = {norm(c) for t in tables for row in t.rows for c in row}
    form_id, _score = identify(texts, squeeze_cjk(first_text))
    if form_id is None:
        excel = _excel_form_title(squeeze_cjk(first_text))
        raw.issues.append(make_issue("file.pdf_of_excel", form_title=excel) if excel else make_issue("form.unknown"))
        return raw
    schema = load_form(form_id)
    raw.form = form_id
    raw.read_by_label = True
    result = read_by_labels(schema, tables)
    raw.values.extend(result.values)
    raw.years = result.years  # the years the grid header prints, as the Word reader takes them
    if result.missing:
        names = "、".join(f"「{f.label}」({f.id})" for f in result.missing)
        raw.issues.append(make_issue("form.label_not_found", detail=names))
    else:  # tell the clerk: read by label, so line breaks and the years behind y1…y3 are not carried
        raw.issues.append(read_by_label_issue("pdf", raw.saved_by))
    return raw
