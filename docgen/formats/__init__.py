"""The formats layer: the only code that knows OOXML, python-docx/docxtpl, openpyxl and pdfplumber.

Domain code (parse, validate, notices, registry) sees plain records and paths.
"""
