"""Which program last saved a file, named for a clerk."""

from __future__ import annotations

from docgen.formats.saved_by import pdf_producer, program_name, read_by_label_issue, saved_by


def test_programs_are_named_from_app_xml():
    assert program_name("LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2", "15.0000") == "LibreOffice 7.4"
    assert program_name("WPS Office_11.1.0.11365_F1E327BC-269C-435d-A152-05C5408002CA") == "WPS Office 11.1"
    assert program_name("Microsoft Office Word", "16.0000") == "Microsoft Word（版本 16.0）"
    assert program_name("Microsoft Macintosh Word", None) is None  # python-docx's template: says nothing
    assert program_name("", None) is None


def test_app_xml_damaged_or_hostile_names_nothing():
    assert saved_by(b"<not xml") is None
    assert saved_by(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>') is None
    assert saved_by(None) is None


def test_pdf_producer_and_the_message():
    assert pdf_producer({"Producer": "LibreOffice 7.4", "Creator": "Writer"}) == "LibreOffice 7.4"
    assert pdf_producer({"Producer": b"WPS Office"}) == "WPS"
    assert pdf_producer({}) is None
    issue = read_by_label_issue("docx", "LibreOffice 7.4")
    assert issue.severity == "warning" and issue.message.startswith("此文件最后由 LibreOffice 7.4 保存")
    assert "{" not in read_by_label_issue("pdf", None).message and "请核对" in read_by_label_issue("xlsx", None).message
