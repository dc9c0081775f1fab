"""Check an Excel form template (possibly re-worded by staff in Excel) against its schema.

Every schema field needs exactly one defined name, pointing at an existing cell (a repeating
field: a one-column range of at least one row, the same height for the whole group) that is not
locked; a name that looks like a field id but is none of this form's is reported too (a typo or a
renamed field). Messages are Chinese sentences naming the field id and its label.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from docgen.formats import safexml
from docgen.formats.xlsx_package import NS, STYLES_PART, Area, col_letter, parse_area, parse_workbook
from docgen.schema import FormSchema

_OUR_NAME = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")


def _locked_styles(data: bytes | None) -> list[bool]:
    """For each cell style index: is a cell of that style locked (the default when unset)?"""
    if not data:
        return []
    root = safexml.parse(data)
    xfs = root.find(f"{{{NS}}}cellXfs")
    out = []
    for xf in xfs if xfs is not None else ():
        prot = xf.find(f"{{{NS}}}protection")
        out.append(prot is None or prot.get("locked") not in ("0", "false"))
    return out


def _cell_styles(data: bytes) -> dict[str, int]:
    root = safexml.parse(data)
    return {c.get("r"): int(c.get("s") or 0) for c in root.iter(f"{{{NS}}}c") if c.get("r")}


def lint_xlsx_template(path: Path, schema: FormSchema) -> list[str]:
    """Problems of the template at `path` for `schema`; an empty list when it is fit to render."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            members = {n: zf.read(n) for n in zf.namelist() if n.endswith(".xml") or n.endswith(".rels")}
    except (OSError, zipfile.BadZipFile) as exc:
        return [f"模板 {path.name} 无法打开（{exc}），应为 .xlsx 文件。"]
    try:
        info = parse_workbook(lambda name: members[name])
        locked = _locked_styles(members.get(STYLES_PART))
    except (KeyError, etree.XMLSyntaxError, safexml.UnsafeXML) as exc:
        return [f"模板 {path.name} 不是有效的 Excel 工作簿（{exc}）。"]
    problems: list[str] = []
    by_name: dict[str, list] = {}
    for dn in info.names:
        by_name.setdefault(dn.name, []).append(dn)
    styles_of: dict[str, dict[str, int]] = {}
    group_heights: dict[str, dict[int, list[str]]] = {}
    for f in schema.all_fields():
        what = f"字段 {f.id}「{f.label}」"
        found = by_name.get(f.id, [])
        if not found:
            problems.append(f"{what}没有对应的名称（填写单元格），请在“名称管理器”中新建名称 {f.id}。")
            continue
        if len(found) > 1:
            problems.append(f"{what}的名称出现 {len(found)} 次，应只有一个（复制工作表会复制名称）。")
        area = parse_area(found[0].text)
        if area is None or area.sheet not in info.part_of:
            problems.append(f"{what}的名称指向无效的位置「{found[0].text}」。")
            continue
        if f.group is None and not area.is_cell:
            problems.append(f"{what}的名称应指向单个单元格，现为 {_where(area)}。")
        if f.group is not None:
            if area.width != 1 or area.height < 1:
                problems.append(f"{what}是重复表格的一列，其名称应指向一列至少 1 行的区域，现为 {_where(area)}。")
            group_heights.setdefault(f.group, {}).setdefault(area.height, []).append(f.id)
        part = info.part_of[area.sheet]
        if part not in styles_of:
            styles_of[part] = _cell_styles(members[part]) if part in members else {}
        first = f"{col_letter(area.col1)}{area.row1}"
        s = styles_of[part].get(first, 0)
        if s < len(locked) and locked[s] or (not locked and s == 0):
            problems.append(f"{what}的单元格 {area.sheet}!{first} 是锁定的，工作表保护后无法填写；"
                            "请在“设置单元格格式→保护”中取消“锁定”。")
    for gid, heights in group_heights.items():
        if len(heights) > 1:
            detail = "；".join(f"{'、'.join(ids)} 为 {h} 行" for h, ids in sorted(heights.items()))
            problems.append(f"重复表格 {gid} 各列的行数不一致：{detail}。")
    known = set(schema.slot_ids())
    for name in sorted(by_name):
        if name not in known and _OUR_NAME.match(name):
            problems.append(f"名称 {name} 不是「{schema.title}」的字段（可能被改名或拼写有误）。")
    return problems


def _where(area: Area) -> str:
    return area.formula()


__all__ = ["lint_xlsx_template"]
