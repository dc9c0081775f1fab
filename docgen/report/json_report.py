"""The JSON report: exactly the contract of docs/report.md, UTF-8, Chinese unescaped."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path

from docgen.atomic import write_text_atomic
from docgen.safetext import json_safe


def _default(obj):
    # Records are plain JSON already; these cover a reader or rule that let a typed value through.
    if isinstance(obj, dt.date | dt.datetime):
        return obj.isoformat()
    if isinstance(obj, decimal.Decimal):
        return int(obj) if obj == obj.to_integral_value() else float(obj)
    if isinstance(obj, set | tuple):
        return list(obj)
    return str(obj)


def dumps(report: dict, indent: int | None = 2) -> str:
    """The report as JSON: every value exact; C1, bidi and separator characters as \\u escapes (the same
    value to any JSON reader, harmless on a terminal); Chinese unescaped."""
    return json_safe(json.dumps(report, ensure_ascii=False, indent=indent, default=_default))


def write_json(report: dict, path: Path | str) -> None:
    """Write the report atomically: an interrupted run leaves the old file or none, never half."""
    write_text_atomic(path, dumps(report) + "\n")
