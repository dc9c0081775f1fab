"""Official notices of the cluster programme from cluster lists (domain: no python-docx here).

Public entry points: `template_variables(kind)`, `check_notice_template(path)`, `KINDS`,
`NoticeRequest` + `make_notice`, `load_entries`.
"""

from __future__ import annotations

from docgen.notices.data import load_entries
from docgen.notices.kinds import KINDS, NoticeRequest, template_variables
from docgen.notices.service import make_notice
from docgen.notices.templates import check_notice_template

__all__ = ["KINDS", "NoticeRequest", "check_notice_template", "load_entries", "make_notice", "template_variables"]
