"""What a reader raises when a file goes past one of the settings' limits (docgen.settings).

A BaseException, like KeyboardInterrupt: no library's `except Exception` (pdfplumber wraps every
exception of pdfminer) can swallow or re-word it on its way to the pipeline, which reports
`file.limit` with `detail`, a Chinese phrase naming the limit.
"""

from __future__ import annotations


class LimitExceeded(BaseException):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail
