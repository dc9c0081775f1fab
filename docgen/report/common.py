"""What every report writer shares: counts, the words a person reads."""

from __future__ import annotations

SEVERITY_TEXT = {"error": "错误", "warning": "警告"}


def counts(entry: dict) -> tuple[int, int]:
    """(errors, warnings) of one file's entry."""
    errors = sum(1 for i in entry["issues"] if i.get("severity") == "error")
    return errors, len(entry["issues"]) - errors


def valid_text(entry: dict) -> str:
    return "有效" if entry["valid"] else "无效"


def eligible_text(entry: dict) -> str:
    return {True: "符合", False: "不符合"}.get(entry["eligible"], "—")


def form_text(entry: dict) -> str:
    """The form's Chinese title (from its schema), or 未识别."""
    form = entry.get("form")
    if not form:
        return "未识别"
    try:
        from docgen.schema import load_form

        return load_form(form).title
    except Exception:  # noqa: BLE001 — a name for display only
        return form
