"""Lint a notice template: its Jinja variables against what the notice of its kind supplies.

`docgen forms check` calls `check_notice_template` for files under forms/notices or named after a kind.
"""

from __future__ import annotations

from pathlib import Path

from docgen.errors import ConfigError
from docgen.notices.kinds import KINDS, REQUIRED_VARIABLES, template_variables


def kind_of_template(path: Path) -> str | None:
    """The notice kind a template file is for, from its name (publicity.docx → publicity)."""
    stem = Path(path).stem
    return stem if stem in KINDS else None


def check_notice_template(path: Path, kind: str | None = None) -> list[str]:
    """Problems of a notice template, in Chinese; an empty list when it matches its notice."""
    from docgen.formats.gongwen.template import undeclared_variables

    path = Path(path)
    kind = kind or kind_of_template(path)
    if kind is None:
        return [f"无法判断 {path.name} 是哪类公文的模板：文件名应为 {'、'.join(f'{k}.docx' for k in KINDS)} 之一。"]
    try:
        used = undeclared_variables(path)
    except ConfigError as exc:
        return [exc.message]
    supplied = template_variables(kind)
    problems = [
        f"{path.name}：模板使用了变量 {{{{ {name} }}}}，但「{KINDS[kind]}」不提供它（可用变量：{'、'.join(sorted(supplied))}）。"
        for name in sorted(used - supplied)
    ]
    problems += [
        f"{path.name}：模板缺少必需变量 {{{{ {name} }}}}，生成的公文会缺少这项内容。"
        for name in sorted(REQUIRED_VARIABLES[kind] - used)
    ]
    return problems
