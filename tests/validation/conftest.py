"""Builders for validation specs: sample records changed by dotted path, validated on a fixed day."""

from __future__ import annotations

import copy
import datetime as dt

from docgen.record import build_record
from docgen.samples import raw_form, valid_record
from docgen.schema import load_form
from docgen.validation import validate_record

TODAY = dt.date(2026, 11, 28)
DELETE = object()


def changed(record: dict, **changes) -> dict:
    """A copy of `record` with dotted paths set (`output_total__y1=30` or `{"output_total.y1": 30}`);
    the value `DELETE` removes the key."""
    out = copy.deepcopy(record)
    for path, value in changes.items():
        parts = path.replace("__", ".").split(".")
        node = out
        for p in parts[:-1]:
            node = node[int(p)] if isinstance(node, list) else node[p]
        last = parts[-1]
        if value is DELETE:
            node.pop(last, None)
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return out


def app(**changes) -> dict:
    return changed(valid_record("application"), **changes)


def validate(form: str, record: dict, **kw):
    kw.setdefault("today", TODAY)
    return validate_record(load_form(form), record, **kw)


def validate_raw(form: str, raw, **kw):
    """build_record + validate_record, as the pipeline does: (record, build issues, result)."""
    schema = load_form(form)
    record, issues = build_record(schema, raw)
    kw.setdefault("today", TODAY)
    return record, issues, validate_record(schema, record, raw=raw, **kw)


def codes(issues) -> list[str]:
    return [i.code for i in issues]


def errors(issues) -> list:
    return [i for i in issues if i.severity == "error"]


def criterion(result, cid: str) -> dict:
    matches = [c for c in result.criteria if c["id"] == cid]
    assert len(matches) == 1, f"criterion {cid} not reported once: {result.criteria}"
    return matches[0]


def failed(result) -> list[str]:
    return [c["id"] for c in result.criteria if c["passed"] is False]


__all__ = ["DELETE", "TODAY", "app", "changed", "codes", "criterion", "errors", "failed", "raw_form", "valid_record",
           "validate", "validate_raw"]
