import pytest
from damage import docx_bytes, xlsx_bytes


@pytest.fixture(scope="session")
def good_docx() -> bytes:
    return docx_bytes()


@pytest.fixture(scope="session")
def good_xlsx() -> bytes:
    return xlsx_bytes()
