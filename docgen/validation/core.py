"""validate_record: Cerberus, the custom checks and, for an application, the criteria — one result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from docgen.formats.raw import RawForm
from docgen.issues import ERROR, Issue
from docgen.record import build_record
from docgen.schema import FormSchema, load_form
from docgen.validation.checks import run_checks
from docgen.validation.context import Context
from docgen.validation.criteria import evaluate, policy_dates_issue
from docgen.validation.criteria import policy as checked_policy
from docgen.validation.schema_errors import schema_issues
from docgen.validation.settings import DEFAULT_SETTINGS, ValidationSettings


@dataclass
class ValidationResult:
    issues: list[Issue]  # found by validation (not the reader's nor the record builder's: the caller has those)
    criteria: list[dict]  # the report contract's criterion objects, policy order; [] unless an application
    eligible: bool | None  # None unless a valid application
    derived: dict = field(default_factory=dict)  # computed figures: target completion per row …

    @property
    def valid(self) -> bool:
        return not any(i.severity == ERROR for i in self.issues)


def validate_record(schema: FormSchema, record: dict, *, raw: RawForm | None = None, policy: str | None = None,
                    today: dt.date | None = None, settings: ValidationSettings | None = None) -> ValidationResult:
    """Check a record against its form's schema and rules; judge an application against `policy`.

    `raw` (the file the record was read from) gives issues their location and the text as typed, and
    tells apart a blank slot from one the record builder could not read (already reported there).
    `eligible` counts the reader's errors (`raw.issues`) and unreadable slots too: an application with
    any error is not valid, so its eligibility is None — its criteria are still computed and returned.
    """
    settings = settings or DEFAULT_SETTINGS
    policy_name = policy or settings.policy
    ctx = Context.build(schema, record, raw, settings, today or dt.date.today())
    issues = schema_issues(ctx) + run_checks(ctx)
    criteria: list[dict] = []
    eligible = None
    if schema.id == "application":
        results = evaluate(record, policy_name)
        for r in results:
            issues.extend(r.issues)
        expired = policy_dates_issue(record, policy_name)
        if expired:
            issues.append(expired)
        criteria = [r.to_dict() for r in results]
        failed_before = bool(ctx.unreadable) or (raw is not None and any(i.severity == ERROR for i in raw.issues))
        if not failed_before and not any(i.severity == ERROR for i in issues):
            eligible = all(r.passed for r in results if r.passed is not None)
    return ValidationResult(issues, criteria, eligible, ctx.derived)


def validate_form(raw: RawForm, *, policy: str | None = None, today: dt.date | None = None,
                  settings: ValidationSettings | None = None) -> tuple[dict, ValidationResult]:
    """Read and validate one identified RawForm: (record, result with every issue — reader's, record
    builder's and validation's — in that order)."""
    schema = load_form(raw.form)
    record, build_issues = build_record(schema, raw)
    result = validate_record(schema, record, raw=raw, policy=policy, today=today, settings=settings)
    result.issues = list(raw.issues) + build_issues + result.issues
    return record, result


def check_policy(name: str) -> None:
    """Raise ConfigError/UsageError now if a policy is unknown or broken (for the CLI's --policy)."""
    checked_policy(name)
