"""Constants the Word-form tests share, in a module of its own name (not `conftest`, which collides
with every other folder's conftest when test files import from it)."""

from records import RECORDS

DOCX_FORMS = tuple(RECORDS)
YEAR = 2026
