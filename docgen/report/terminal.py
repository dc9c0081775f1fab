"""The terminal summary a clerk reads at a glance: one line per file, then the issues by file.

Colour only when the caller says the output is a terminal (click.style codes in a pipe or a file
are noise). Chinese throughout; the codes stay visible so a message can be looked up in docs/issues.md.
"""

from __future__ import annotations

import click

from docgen.formats.xlsx_report import display_width
from docgen.report.common import SEVERITY_TEXT, counts, eligible_text, form_text, valid_text
from docgen.safetext import visible

_COLOURS = {"有效": "green", "无效": "red", "符合": "green", "不符合": "yellow", "错误": "red", "警告": "yellow"}


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _style(text: str, color: bool, bold: bool = False) -> str:
    if not color:
        return text
    return click.style(text, fg=_COLOURS.get(text.strip()), bold=bold)


def _cell(text: str, width: int, color: bool) -> str:
    return _style(_pad(text, width), color)


def render_terminal(report: dict, color: bool = False) -> str:
    files = report["files"]
    s = report["summary"]
    lines = [_style(f"校验结果（政策 {report['policy']}）：共 {s['files']} 个文件，有效 {s['valid']}，"
                    f"无效 {s['invalid']}，符合条件 {s['eligible']}", color, bold=True), ""]
    if not files:
        lines.append("没有找到要校验的文件（.docx、.xlsx、.pdf）。")
        return "\n".join(lines)
    rows = []
    for e in files:
        errors, warnings = counts(e)
        version = f" {e['form_version']}" if e.get("form_version") else ""
        rows.append((valid_text(e), eligible_text(e), str(errors), str(warnings), visible(form_text(e) + version),
                     visible(e["path"])))
    header = ("有效", "符合条件", "错误", "警告", "表格", "文件")
    widths = [max(display_width(r[c]) for r in rows + [header]) for c in range(5)]
    lines.append("  ".join(_pad(h, w) for h, w in zip(header[:5], widths, strict=True)) + "  " + header[5])
    for r in rows:
        cells = [_cell(r[0], widths[0], color), _cell(r[1], widths[1], color),
                 " " * (widths[2] - len(r[2])) + r[2], " " * (widths[3] - len(r[3])) + r[3], _pad(r[4], widths[4])]
        lines.append("  ".join(cells) + "  " + r[5])
    detailed = [e for e in files if e["issues"] or _failed(e)]
    if detailed:
        lines += ["", _style("问题明细", color, bold=True)]
    for e in detailed:
        errors, warnings = counts(e)
        lines.append(_style(f"■ {visible(e['path'])}（错误 {errors}，警告 {warnings}）", color, bold=True))
        lines += _issue_lines(e["issues"], color)
        failed = _failed(e)
        if failed and not e["valid"]:
            # Criteria of an invalid file mostly repeat its missing fields: fix those first.
            lines.append(f"  另有 {len(failed)} 项第十二条条件未通过（多因缺项），改正上述错误后重新校验。")
            continue
        for c in failed:
            threshold = f"（要求 {c['threshold']}" if c.get("threshold") else "（"
            value = c.get("value")
            shown = f"，实际 {value}）" if isinstance(value, int | float | str) else "）"
            lines.append(f"  {_style('不符合', color)} {visible(c.get('article', ''))}「{visible(c.get('id'))}」"
                         f"{visible(threshold)}{visible(shown)}{visible(c.get('message', ''))}")
    return "\n".join(lines)


def _failed(entry: dict) -> list[dict]:
    return [c for c in entry.get("criteria") or [] if c.get("passed") is False]


def _issue_lines(issues: list[dict], color: bool) -> list[str]:
    out = []
    for i in issues:  # the report's order: the form's own (sections, then rows), as the clerk reads it
        sev = SEVERITY_TEXT.get(i.get("severity"), i.get("severity") or "")
        place = i.get("location") or (f"第{i['row']}行" if i.get("row") else "")
        where = f"〔{visible(place)}〕" if place else ""
        out.append(f"  {_style(sev, color)} {where}{visible(i.get('message', ''))}（{visible(i.get('code'))}）")
    return out


def render_parse(result: dict, color: bool = False) -> str:
    """`docgen parse` for a person: the form, the reading issues, then field = value lines."""
    form = form_text(result)
    version = f" {result['form_version']}" if result.get("form_version") else ""
    lines = [_style(f"{visible(result['path'])}：{visible(form)}{visible(version)}", color, bold=True)]
    lines += _issue_lines(result["issues"], color)
    lines.append("")
    lines += [f"{visible(k)} = {visible(v)}" for k, v in _flatten(result.get("data") or {})]
    return "\n".join(lines)


def _flatten(data, prefix: str = ""):
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _flatten(v, f"{prefix}.{k}" if prefix else str(k))
    elif isinstance(data, list):
        for n, item in enumerate(data, start=1):
            yield from _flatten(item, f"{prefix}[{n}]")
    else:
        yield prefix, _show(data)


def _show(v) -> str:
    if v is True:
        return "是"
    if v is False:
        return "否"
    return "" if v is None else str(v)
