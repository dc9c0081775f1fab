"""Validation of parsed records: Cerberus schemas mapped to the issue catalogue, the checks Cerberus
cannot express, the Article 12 criteria engine and checks across the forms of one cluster.

    record, issues = docgen.record.build_record(schema, raw)
    result = validate_record(schema, record, raw=raw, policy="shaanxi-2023")
    result.issues, result.criteria, result.eligible
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # what the lazy names are, for type checkers and editors
    from docgen.validation.core import ValidationResult, check_policy, validate_form, validate_record
    from docgen.validation.crossform import cross_check
    from docgen.validation.settings import ValidationSettings

# Names resolved on first use: loading a schema imports `docgen.validation.rules` (the Cerberus
# validator class) and must not pull in the whole engine (criteria, checks) with it.
_EXPORTS = {
    "ValidationResult": "docgen.validation.core", "check_policy": "docgen.validation.core",
    "validate_form": "docgen.validation.core", "validate_record": "docgen.validation.core",
    "cross_check": "docgen.validation.crossform", "ValidationSettings": "docgen.validation.settings",
}

__all__ = ["ValidationResult", "ValidationSettings", "check_policy", "cross_check", "validate_form",
           "validate_record"]


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(importlib.import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
