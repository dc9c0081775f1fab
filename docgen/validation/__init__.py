"""Validation of parsed records: Cerberus schemas mapped to the issue catalogue, the checks Cerberus
cannot express, the Article 12 criteria engine and checks across the forms of one cluster.

    record, issues = docgen.record.build_record(schema, raw)
    result = validate_record(schema, record, raw=raw, policy="shaanxi-2023")
    result.issues, result.criteria, result.eligible
"""

from docgen.validation.core import ValidationResult, check_policy, validate_form, validate_record
from docgen.validation.crossform import cross_check
from docgen.validation.settings import ValidationSettings

__all__ = ["ValidationResult", "ValidationSettings", "check_policy", "cross_check", "validate_form",
           "validate_record"]
