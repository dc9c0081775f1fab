"""Lint a Word form template, possibly re-worded by staff: `lint_docx_template(path, schema)`.

For `docgen forms check`: every schema field has exactly one slot (a repeating table's fields one
per row, at least one row), no tag the schema does not know, and no Jinja variable the renderer
does not supply. Each problem is one Chinese sentence naming the field id and label.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from docgen.formats import safexml
from docgen.formats.docx_controls import W_DROPDOWN, W_SDT, W_SDTPR, W_TR, ancestor, list_items, tag_of
from docgen.formats.docx_read import read_member
from docgen.schema import FormSchema

DOCUMENT = "word/document.xml"


def lint_docx_template(path: Path, schema: FormSchema) -> list[str]:
    """Problems found in the template at `path`, as sentences; [] when it is sound."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            root = safexml.parse(read_member(zf, DOCUMENT))
    except (zipfile.BadZipFile, KeyError, OSError, EOFError):
        return [f"{path.name} 不是有效的 Word（.docx）文件，无法检查。"]
    except (safexml.UnsafeXML, etree.XMLSyntaxError) as exc:
        return [f"{path.name} 的正文 XML 无法解析（{exc}）。"]
    problems: list[str] = []
    counts: dict[str, int] = {}
    rows: dict[str, list] = {}
    singles = {f.id: f for f in schema.fields}
    grouped = {f.id: f for g in schema.groups for f in g.fields}
    for sdt in root.iter(W_SDT):
        tag = tag_of(sdt)
        if not tag:
            continue
        counts[tag] = counts.get(tag, 0) + 1
        if tag in grouped:
            rows.setdefault(tag, []).append(ancestor(sdt, W_TR))
        elif tag not in singles:
            problems.append(f"填写框标记「{tag}」不是表格「{schema.title}」的字段，请删除或改为正确的字段编号。")
    for fid, f in singles.items():
        n = counts.get(fid, 0)
        if n == 0:
            problems.append(f"缺少字段「{f.label}」({fid}) 的填写框。")
        elif n > 1:
            problems.append(f"字段「{f.label}」({fid}) 的填写框出现了 {n} 次，应只有一个。")
    for g in schema.groups:
        for f in g.fields:
            trs = rows.get(f.id, [])
            if not trs:
                problems.append(f"重复表「{g.label}」缺少字段「{f.label}」({f.id}) 的填写框（每行应有一个）。")
            elif None in trs:
                problems.append(f"字段「{f.label}」({f.id}) 的填写框不在表格行中，应放在「{g.label}」的每一行里。")
            elif len(set(trs)) != len(trs):
                problems.append(f"字段「{f.label}」({f.id}) 在「{g.label}」的同一行中出现了多次。")
        row_sets = [set(t for t in rows.get(f.id, []) if t is not None) for f in g.fields]
        if row_sets and any(s != row_sets[0] for s in row_sets):
            problems.append(f"重复表「{g.label}」各行的填写框不齐：每一行都应包含全部 {len(g.fields)} 个字段。")
    problems.extend(_kind_problems(root, schema))
    problems.extend(_jinja_problems(path))
    return problems


def _kind_problems(root, schema: FormSchema) -> list[str]:
    """是/否 and choice slots must stay drop-downs with their items (a person must not type them)."""
    out = []
    wanted = {f.id: f for f in schema.all_fields() if f.widget in ("yesno", "choice")}
    seen = set()
    for sdt in root.iter(W_SDT):
        f = wanted.get(tag_of(sdt))
        if f is None or f.id in seen:
            continue
        dd = sdt.find(f"{W_SDTPR}/{W_DROPDOWN}")
        items = list_items(dd) if dd is not None else None
        if items != list(f.display_choices()):
            seen.add(f.id)
            out.append(f"字段「{f.label}」({f.id}) 应为下拉列表，选项为：{'、'.join(f.display_choices())}。")
    return out


def _jinja_problems(path: Path) -> list[str]:
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError

    from docgen.formats.docx_controls import JINJA_VARIABLES

    try:
        names = DocxTemplate(str(path)).get_undeclared_template_variables()
    except (TemplateError, etree.XMLSyntaxError, ValueError, KeyError) as exc:
        return [f"模板中的 Jinja 语法有误：{exc}。请检查 {{{{ }}}} 与 {{% %}} 是否成对。"]
    unknown = sorted(set(names) - JINJA_VARIABLES)
    return [f"模板使用了未知的变量「{n}」；可用的变量：{'、'.join(sorted(JINJA_VARIABLES))}。" for n in unknown]
