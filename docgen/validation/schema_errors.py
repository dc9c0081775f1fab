"""Cerberus with the form schemas, its errors mapped onto the issue catalogue in Chinese.

One `DocgenValidator` per form, built once and reused (building one costs more than a validation).
`IssueErrorHandler` is the Cerberus error handler that turns Cerberus's error tree into `Issue`s: each
with the field id, the 1-based row of a repeating group, the schema's label, where the slot is and what
was typed there.
"""

from __future__ import annotations

from cerberus import errors as ce

from docgen.issues import Issue
from docgen.numfmt import fmt
from docgen.record import field_index
from docgen.schema import FormSchema
from docgen.validation.context import Context
from docgen.validation.rules import DocgenValidator, to_date

_TYPE_CODES = {"number": "field.type_number", "integer": "field.type_integer", "date": "field.type_date",
               "yesno": "field.type_yesno"}
_MISSING = {ce.REQUIRED_FIELD.code, ce.NOT_NULLABLE.code, ce.EMPTY_NOT_ALLOWED.code}
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_problem(code: str) -> str:
    """Why a USCC is invalid, in words a clerk can act on: the right check character when computable."""
    from stdnum.cn import uscc

    if len(code) != 18:
        return f"应为 18 位，实为 {len(code)} 位"
    if not code[:8].isdigit():
        return "前 8 位应为数字（登记管理部门、机构类别和行政区划码）"
    bad = sorted({c for c in code[8:] if c not in _USCC_ALPHABET})
    if bad:
        return f"含有不允许的字符 {'、'.join(bad)}（代码中不使用 I、O、Z、S、V）"
    right = uscc.calc_check_digit(code[:17])
    if code[-1] != right:
        return f"校验位错误，第 18 位应为 {right}"
    return "格式不正确"


class IssueErrorHandler(ce.BasicErrorHandler):
    """Cerberus error handler whose output is a list of docgen Issues for the current `Context`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ctx: Context | None = None

    def __call__(self, errors) -> list[Issue]:  # noqa: D401 - Cerberus's protocol
        out: list[Issue] = []
        self._walk(errors, out)
        return out

    def _walk(self, errors, out: list[Issue]) -> None:
        for error in errors:
            if error.is_group_error:
                self._walk(error.child_errors, out)
            else:
                issue = self._map(error)
                if issue is not None:
                    out.append(issue)

    def _map(self, error) -> Issue | None:
        ctx = self.ctx
        parts, row = [], None
        for p in error.document_path:
            if isinstance(p, int):
                row = p + 1
            else:
                parts.append(str(p))
        fid = ".".join(parts)
        f = field_index(ctx.schema).get(fid)
        value = error.value
        shown = ctx.texts.get((fid, row))
        if shown is None and value is not None and not isinstance(value, dict | list):
            shown = ctx.shown(fid, row, value=value) if not hasattr(value, "isoformat") else value.isoformat()
        code = error.code

        def issue(c: str, **extra) -> Issue:
            return ctx.issue(c, fid, row, value=shown, **extra)

        if code in _MISSING:
            if (fid, row) in ctx.unreadable:
                return None  # it held text the record builder could not read, and said so
            return issue("field.required")
        if code == ce.BAD_TYPE.code:
            if (fid, row) in ctx.unreadable:
                return None
            widget = f.widget if f else None
            return issue(_TYPE_CODES.get(widget, "field.other"), unit=(f.unit if f and f.unit else "无单位"),
                         detail="类型不正确")
        if code == ce.MIN_LENGTH.code:
            if isinstance(value, list):
                return issue("field.required")
            return issue("field.too_short", length=len(value), limit=error.constraint)
        if code == ce.MAX_LENGTH.code:
            return issue("field.too_long", length=len(value), limit=error.constraint)
        if code == ce.REGEX_MISMATCH.code:
            return issue("field.pattern", hint=(f.help if f and f.help else ""))
        if code == ce.MIN_VALUE.code:
            return issue("field.min", limit=fmt(error.constraint))
        if code == ce.MAX_VALUE.code:
            return issue("field.max", limit=fmt(error.constraint))
        if code == ce.UNALLOWED_VALUE.code:
            if fid == "commitment":
                return issue("field.commitment")
            choices = "、".join(f.display_choices()) if f else "、".join(map(str, error.constraint))
            return issue("field.choice", choices=choices)
        if code == ce.UNKNOWN_FIELD.code:
            return issue("field.other", detail="不是本表格的字段，已忽略。请使用 docgen 下载的空白表格")
        if code == ce.CUSTOM.code:
            return self._custom(error, issue, value)
        return issue("field.other", detail=f"不符合填写要求（{error.rule}）")

    def _custom(self, error, issue, value) -> Issue:
        message = str(error.info[0]) if error.info else ""
        if message.startswith("uscc:"):
            return issue("field.uscc_invalid", detail=uscc_problem(str(value)))
        if message == "county:unknown":
            return issue("field.county_unknown")
        if message == "date:future":
            return issue("field.date_future")
        if message.startswith("must be greater than"):
            return issue("field.gt", limit=message.rsplit(" ", 1)[-1])
        return issue("field.other", detail=message)


_VALIDATORS: dict[tuple[str, str, str], DocgenValidator] = {}


def validator_for(schema: FormSchema) -> DocgenValidator:
    """The form's validator, built once (schemas are not hashable, so keyed by id, version and path)."""
    key = (schema.id, schema.version, schema.path)
    v = _VALIDATORS.get(key)
    if v is None:
        v = _VALIDATORS[key] = DocgenValidator(_flat_schema(_rules_only(schema.cerberus)),
                                               error_handler=IssueErrorHandler())
    return v


def _flat_schema(rules: dict) -> dict:
    """Dicts of leaves (`output_total` → `output_total.y1` …) as top-level dotted keys: Cerberus builds a
    child validator for every nested dict, which was most of its time; the error paths stay the field ids."""
    flat = {}
    for key, rule in rules.items():
        sub = rule.get("schema") if rule.get("type") == "dict" else None
        if isinstance(sub, dict) and sub and all(isinstance(r, dict) and r.get("type") != "dict" for r in sub.values()):
            for leaf, leaf_rule in sub.items():
                flat[f"{key}.{leaf}"] = leaf_rule
        else:
            flat[key] = rule
    return flat


def _flat_document(doc: dict, flat_schema: dict) -> dict:
    out = {}
    for key, value in doc.items():
        if isinstance(value, dict) and any(k.startswith(key + ".") for k in flat_schema):
            for leaf, leaf_value in value.items():
                out[f"{key}.{leaf}"] = leaf_value
        else:
            out[key] = value
    return out


def _rules_only(node):
    """The schema without `meta`: labels come from FormSchema, and Cerberus re-hashes every sub-schema
    for each child validator, so the meta text alone doubled the cost of a validation."""
    if isinstance(node, dict):
        return {k: _rules_only(v) for k, v in node.items() if k != "meta"}
    if isinstance(node, list):
        return [_rules_only(v) for v in node]
    return node


def _with_dates(ctx: Context) -> dict:
    """The record with its ISO dates as `date`s: the schemas' only normalisation is `coerce: to_date`,
    and doing it here lets Cerberus skip normalising (two thirds of its time)."""
    doc = dict(ctx.record)
    for f in ctx.schema.fields:
        if f.widget == "date" and "." not in f.id and isinstance(doc.get(f.id), str):
            doc[f.id] = to_date(doc[f.id])
    return doc


def schema_issues(ctx: Context) -> list[Issue]:
    """Cerberus's verdict on the record, as Issues."""
    v = validator_for(ctx.schema)
    v.today = ctx.today
    v.error_handler.ctx = ctx
    try:
        v.validate(_flat_document(_with_dates(ctx), v.schema), normalize=False)
        return list(v.errors)
    finally:
        v.error_handler.ctx = None
