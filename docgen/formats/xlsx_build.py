"""Build the Excel form templates (`forms/annual.xlsx`, `forms/recommendation.xlsx`) from their schemas.

Run `python -m docgen.formats.xlsx_build` after changing a schema; the .xlsx files are committed so
staff can re-word labels in Excel. Layout (docs/data-dictionary.md, "Excel"):

- a first sheet 填表说明, then one sheet per schema section;
- single fields as rows 序号 | 项目 | 填写内容 | 说明, the input in column C;
- fields keyed by year (`output_total.prev`, `.cur`) as a matrix: one row per indicator, one column
  per year, the heading holding a `{prev}` / `{cur}` token that `render_form` replaces with the year;
- a repeating group as a fixed block of blank rows (`meta.rows.xlsx`, ≥ 30) under a header of the
  fields' labels, starting at A4, each column's input range named `GROUP.FIELD`.

Every input cell carries a workbook-scoped defined name equal to its field id; labels are locked and
inputs unlocked on sheets protected without a password. The 填表说明 lines a form adds (its deadline,
its notes) are its `instructions:` block (docgen.catalogue); a yes/no block's question and a table's
title suffix are `meta.question` / `meta.title_suffix` of the schema field.
"""

from __future__ import annotations

import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from docgen.atomic import write_atomic
from docgen.catalogue import forms_of_format, programme, wording, year_keys
from docgen.formats.ooxml import use_excel_font_order
from docgen.formats.xlsx_package import Area, col_letter
from docgen.schema import Field, FormSchema, Group, load_form

MIN_GROUP_ROWS = 30
HEADER_ROW = 3  # tables: title in row 1, a hint in row 2, headings in row 3, inputs from row 4

SONG, FANG, HEI = "宋体", "仿宋", "黑体"
F_TITLE = Font(name=HEI, size=14, bold=True)
F_HEAD = Font(name=SONG, size=11, bold=True)
F_LABEL = Font(name=SONG, size=11)
F_HINT = Font(name=SONG, size=10, color="FF555555")
F_INPUT = Font(name=FANG, size=12)
FILL_HEAD = PatternFill("solid", fgColor="FFD9E1F2")
FILL_LABEL = PatternFill("solid", fgColor="FFF2F2F2")
FILL_INPUT = PatternFill("solid", fgColor="FFFFFBE6")  # pale yellow: "write here"
_THIN = Side(style="thin", color="FF808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
LOCKED, UNLOCKED = Protection(locked=True), Protection(locked=False)
WRAP = Alignment(wrap_text=True, vertical="center")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

NUMBER_FORMATS = {"integer": "0", "number": "General", "date": "yyyy-mm-dd", "text": "@", "longtext": "@",
                  "choice": "@", "yesno": "@"}



def text_width(text: str) -> float:
    """Excel column width units a text needs: CJK and full-width characters count 2, others 1."""
    return sum(2 if ord(ch) > 0x2E7F else 1.1 for ch in text)


def field_hint(f: Field) -> str:
    """The 说明 cell: required or not, how to enter it, the schema's help."""
    said = wording("xlsx")["hint"]
    parts = [said["required"] if f.required else said["optional"]]
    if f.widget in ("yesno", "choice", "date", "integer"):
        parts.append(said[f.widget])
    if f.unit and f.unit not in f.label:
        parts.append(said["unit"].format(unit=f.unit))
    if f.help:
        parts.append(f.help)
    return "；".join(parts)


def _heading(f: Field) -> str:
    return f"{f.label}（{f.unit}）" if f.unit and f.unit not in f.label else f.label


class _Sheet:
    """One worksheet being laid out, collecting its defined names and drop-downs."""

    def __init__(self, wb: Workbook, title: str, names: dict[str, str]):
        self.ws = wb.create_sheet(title)
        self.title = title
        self.names = names
        self.range_ids: set[str] | None = None
        self.lists: dict[tuple[str, ...], list[str]] = {}
        self.dates: list[str] = []
        self.ranges: list[tuple[Field, str]] = []  # number inputs checked against the schema's min…max
        self.widths: dict[int, float] = {}

    def put(self, row: int, col: int, value=None, *, font=F_LABEL, fill=None, align=WRAP, locked=True,
            fmt: str | None = None, border=True):
        c = self.ws.cell(row=row, column=col, value=value)
        c.font, c.alignment = font, align
        c.protection = LOCKED if locked else UNLOCKED
        if fill:
            c.fill = fill
        if border:
            c.border = BORDER
        if fmt:
            c.number_format = fmt
        return c

    def width(self, col: int, text: str, cap: float = 60) -> None:
        self.widths[col] = min(cap, max(self.widths.get(col, 6), text_width(text) + 2))

    def input_cells(self, f: Field, area: Area) -> None:
        """Style the input cells of a field and record its drop-down / date validation."""
        for ref in area.cells():
            c = self.ws[ref]
            c.font, c.fill, c.border = F_INPUT, FILL_INPUT, BORDER
            c.protection = UNLOCKED
            c.number_format = NUMBER_FORMATS[f.widget]
            c.alignment = WRAP_TOP if f.widget == "longtext" else WRAP
        span = area.cells()[0] if area.is_cell else f"{area.cells()[0]}:{area.cells()[-1]}"
        if f.widget in ("yesno", "choice"):
            self.lists.setdefault(f.display_choices(), []).append(span)
        elif f.widget == "date":
            self.dates.append(span)
        elif f.widget == "number" and "min" in f.rule and "max" in f.rule and self.range_checked(f):
            self.ranges.append((f, span))
        self.names[f.id] = area.formula()

    def range_checked(self, f: Field) -> bool:
        """`meta.validation: range` on a number field: Excel refuses a value outside min…max."""
        return self.range_ids is not None and f.id in self.range_ids

    def title_rows(self, title: str, hint: str, last_col: int) -> None:
        self.ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
        self.put(1, 1, title, font=F_TITLE, align=CENTER, border=False)
        self.ws.row_dimensions[1].height = 30
        self.ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
        self.put(2, 1, hint, font=F_HINT, border=False)
        self.ws.row_dimensions[2].height = 30

    def finish(self, *, landscape: bool = False, title_rows: str | None = None) -> None:
        ws = self.ws
        said = wording("xlsx")
        for choices, spans in self.lists.items():
            formula = '"' + ",".join(choices).replace('"', '""') + '"'
            dv = DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                                showErrorMessage=True, errorTitle=said["choice_error_title"],
                                error=said["choice_error"].format(choices="、".join(choices)),
                                promptTitle=said["choice_prompt_title"], prompt=said["choice_prompt"],
                                showInputMessage=False)
            dv.sqref = " ".join(spans)
            ws.add_data_validation(dv)
        for f, span in self.ranges:
            lo, hi = f.rule["min"], f.rule["max"]
            dv = DataValidation(type="decimal", operator="between", formula1=str(lo), formula2=str(hi),
                                allow_blank=True, showErrorMessage=True, errorTitle="超出范围",
                                error=f"「{f.label}」应填写 {lo} 至 {hi} 之间的数。")
            dv.sqref = span
            ws.add_data_validation(dv)
        if self.dates:
            dv = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                                formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True,
                                errorStyle="warning", errorTitle=said["date_error_title"],
                                error=said["date_error"])
            dv.sqref = " ".join(self.dates)
            ws.add_data_validation(dv)
        for col, w in self.widths.items():
            ws.column_dimensions[col_letter(col)].width = round(w, 1)
        # Protected without a password; people may still resize rows and columns.
        ws.protection.sheet = True
        ws.protection.formatColumns = False
        ws.protection.formatRows = False
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.6
        ws.page_margins.top = ws.page_margins.bottom = 0.7
        if title_rows:
            ws.print_title_rows = title_rows


def _list_sheet(sh: _Sheet, schema: FormSchema, fields: list[Field]) -> None:
    """Single fields as rows: 序号 | 项目 | 填写内容 | 说明 (input in column C)."""
    long = any(f.widget == "longtext" for f in fields)
    sh.title_rows(f"{schema.title} — {sh.title}", "请在浅黄色单元格中填写；灰色为标签，已锁定。", 4)
    for col, text in enumerate(("序号", "项目", "填写内容", "说明"), start=1):
        sh.put(HEADER_ROW, col, text, font=F_HEAD, fill=FILL_HEAD, align=CENTER)
    sh.width(1, "序号")
    sh.width(3, "填写内容" if not long else "x" * 70, cap=72)
    sh.widths[3] = max(sh.widths[3], 30)
    row, n, parent = HEADER_ROW + 1, 0, None
    for f in fields:
        if f.parent and f.parent != parent and f.parent_label and f.parent_label != sh.title:
            # A heading row for a block of related declarations (安全与诚信声明 …).
            text = f.parent_label + (f"（{f.article}）" if f.article else "")
            question = _meta(schema, f.parent).get("question")
            if question:
                text += "：" + question
            sh.ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
            sh.put(row, 1, text, font=F_HEAD, fill=FILL_LABEL)
            sh.ws.row_dimensions[row].height = 22
            row += 1
        parent = f.parent
        n += 1
        sh.put(row, 1, n, align=CENTER, fill=FILL_LABEL)
        sh.put(row, 2, _heading(f), fill=FILL_LABEL)
        sh.width(2, _heading(f), cap=40)
        sh.input_cells(f, Area(sh.title, 3, row, 3, row))
        hint = field_hint(f)
        sh.put(row, 4, hint, font=F_HINT, fill=FILL_LABEL)
        sh.width(4, hint, cap=44)
        sh.ws.row_dimensions[row].height = 180 if f.widget == "longtext" else (32 if text_width(hint) > 44 else 20)
        row += 1
    sh.finish()


def _matrix_sheet(sh: _Sheet, schema: FormSchema, fields: list[Field]) -> None:
    """Year-keyed fields: 序号 | 指标 | 单位 | {prev}年 | {cur}年 — one row per indicator."""
    keys = [k for k in year_keys() if any(f.key == k for f in fields)]
    last = 3 + len(keys)
    sh.title_rows(f"{schema.title} — {sh.title}",
                  "请在浅黄色单元格中填写数值（不带单位）；比率类指标按百分数填写，如 72.5 表示 72.5%。", last)
    heads = ["序号", "指标", "单位"] + [f"{{{k}}}年" for k in keys]
    for col, text in enumerate(heads, start=1):
        sh.put(HEADER_ROW, col, text, font=F_HEAD, fill=FILL_HEAD, align=CENTER)
        sh.width(col, text.replace("{", "").replace("}", "") + "0000")
    rows: dict[str, int] = {}
    for f in fields:
        if f.parent not in rows:
            r = HEADER_ROW + 1 + len(rows)
            rows[f.parent] = r
            sh.put(r, 1, len(rows), align=CENTER, fill=FILL_LABEL)
            sh.put(r, 2, f.parent_label, fill=FILL_LABEL)
            sh.width(2, f.parent_label, cap=40)
            sh.put(r, 3, f.unit or "", align=CENTER, fill=FILL_LABEL)
            sh.width(3, f.unit or "")
            for col in range(4, last + 1):  # years an indicator does not have: locked dashes
                sh.put(r, col, "—", align=CENTER, fill=FILL_LABEL)
            sh.ws.row_dimensions[r].height = 20
        col = 4 + keys.index(f.key)
        sh.input_cells(f, Area(sh.title, col, rows[f.parent], col, rows[f.parent]))
        sh.ws.cell(rows[f.parent], col).value = None
    for col in range(4, last + 1):
        sh.widths[col] = max(sh.widths[col], 14)
    sh.finish()


def _group_sheet(sh: _Sheet, schema: FormSchema, group: Group) -> None:
    """A repeating group: headings in row 3, a fixed block of blank input rows from row 4, column A on."""
    n_rows = max(MIN_GROUP_ROWS, int(group.rows.get("xlsx") or 0))
    last = len(group.fields)
    title = f"{schema.title} — {group.label}" + _meta(schema, group.id).get("title_suffix", "")
    sh.title_rows(title, f"每行填写一项，最多 {n_rows} 行，空行自动忽略；请从第一行起连续填写。", last)
    sh.range_ids = {f.id for f in group.fields if (_row_meta(schema, group.id, f.name).get("validation") == "range")}
    first, end = HEADER_ROW + 1, HEADER_ROW + n_rows
    sh.ws.row_dimensions[HEADER_ROW].height = 34
    for col, f in enumerate(group.fields, start=1):
        head = _heading(f)
        sh.put(HEADER_ROW, col, head, font=F_HEAD, fill=FILL_HEAD, align=CENTER)
        sh.width(col, head, cap=24)
        for text in f.display_choices():
            sh.width(col, text + "xx", cap=36)
        if f.widget == "text":
            sh.widths[col] = max(sh.widths[col], 30 if f.name in ("note", "cluster_name") else 18)
        if f.widget in ("number", "integer"):
            sh.widths[col] = max(sh.widths[col], 12)
        sh.input_cells(f, Area(sh.title, col, first, col, end))
    for r in range(first, end + 1):
        sh.ws.row_dimensions[r].height = 20
    sh.ws.freeze_panes = f"A{first}"
    sh.finish(landscape=last > 5, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")


def _row_meta(schema: FormSchema, group_id: str, name: str) -> dict:
    """The `meta` of a repeating group's row field."""
    row = ((schema.cerberus.get(group_id) or {}).get("schema") or {}).get("schema") or {}
    return (row.get(name) or {}).get("meta") or {}


def _reference_sheet(wb: Workbook, schema: FormSchema, spec: dict) -> None:
    """A locked sheet the form declares (`form.reference: {title, rows, columns}`), blank but styled:
    what it shows is written when a form is rendered (the 评分参考 of review_scores). No input cells."""
    ws = wb.create_sheet(str(spec["title"]))
    rows, cols = int(spec.get("rows", 30)) + 4, int(spec.get("columns", 8))
    for r in range(1, rows + 1):
        for c in range(1, cols + 1):
            cell = ws.cell(row=r, column=c)
            cell.font = F_TITLE if r == 1 else (F_HEAD if r == 3 else (F_HINT if r in (2, 4) else F_LABEL))
            cell.alignment = CENTER if r == 1 else WRAP_TOP
            cell.protection = LOCKED
            if r >= 3:
                cell.border = BORDER
                cell.fill = FILL_HEAD if r == 3 else (FILL_LABEL if r == 4 else PatternFill())
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=cols)
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=cols)
    ws.row_dimensions[1].height = 30
    ws.row_dimensions[2].height = 30
    ws.row_dimensions[4].height = 90
    for c in range(1, cols + 1):
        ws.column_dimensions[col_letter(c)].width = 15 if c == 1 else (26 if c == 2 else (10 if c == 3 else 30))
    ws.freeze_panes = "D5"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:4"


def _instructions(wb: Workbook, schema: FormSchema) -> None:
    ws = wb.active
    said = wording("xlsx")
    ws.title = said["instructions_sheet"]
    info = schema.info
    own = schema.entry.instructions
    month, day = programme().annual_deadline
    rows_n = max([MIN_GROUP_ROWS] + [int(g.rows.get("xlsx") or 0) for g in schema.groups])
    sheets = "、".join(f"「{s.title}」" for s in schema.sections)
    lines = [
        said["basis"].format(title=schema.title, measures=programme().measures, articles=info.get("articles", "")),
        said["filled_by"].format(filled_by=info.get("filled_by", "")),
    ]
    if own.get("deadline"):
        lines.append(said["deadline"].format(
            deadline=own["deadline"].replace("{month}", str(month)).replace("{day}", str(day))))
    lines += [
        said["sheets"].format(sheets=sheets),
        said["how"],
        *[t.replace("{rows}", str(rows_n)) for t in own.get("notes") or ()],
        said["protection"],
        said["submit"],
        said["version"].format(version=schema.version),
    ]
    ws.merge_cells("A1:B1")
    c = ws.cell(1, 1, said["instructions_title"].format(title=schema.title))
    c.font, c.alignment = F_TITLE, CENTER
    ws.row_dimensions[1].height = 36
    for i, text in enumerate(lines, start=1):
        ws.cell(i + 2, 1, f"{i}.").font = F_LABEL
        ws.cell(i + 2, 1).alignment = Alignment(horizontal="right", vertical="top")
        c = ws.cell(i + 2, 2, text)
        c.font, c.alignment = Font(name=FANG, size=12), WRAP_TOP
        ws.row_dimensions[i + 2].height = 18 * max(1, -(-int(text_width(text)) // 84))
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 90
    ws.protection.sheet = True
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def build_workbook(schema: FormSchema) -> Workbook:
    """The template workbook of an .xlsx form, laid out from its schema."""
    use_excel_font_order()
    wb = Workbook()
    wb.properties.title = schema.title
    wb.properties.creator = "docgen"
    _instructions(wb, schema)
    names: dict[str, str] = {}
    for section in schema.sections:
        sh = _Sheet(wb, section.title, names)
        singles = [f for f in schema.fields if f.section == section.id]
        groups = [g for g in schema.groups if g.section == section.id]
        if groups and singles or len(groups) > 1:
            raise ValueError(f"{schema.id}: section {section.id} mixes a repeating table with other fields")
        if groups:
            _group_sheet(sh, schema, groups[0])
        elif singles and all(f.key in year_keys() for f in singles):
            _matrix_sheet(sh, schema, singles)
        else:
            _list_sheet(sh, schema, singles)
    if schema.info.get("reference"):
        _reference_sheet(wb, schema, schema.info["reference"])
    for name, formula in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=formula)
    return wb


def build(form_id: str, out: Path) -> Path:
    """Write the template of `form_id` to `out` atomically."""
    schema = load_form(form_id)
    if schema.format != "xlsx":
        raise ValueError(f"{form_id} is not an Excel form")
    return write_atomic(out, build_workbook(schema).save)


def _meta(schema: FormSchema, field_id: str | None) -> dict:
    """The `meta` of a top-level schema field (a dict's or a group's wording)."""
    return ((schema.cerberus.get(field_id) or {}).get("meta") or {}) if field_id else {}


def main(argv: list[str] | None = None) -> int:
    from docgen.resources import forms_dir

    outdir = Path(argv[0]) if argv else forms_dir()
    for fid in forms_of_format("xlsx"):
        print(build(fid, outdir / load_form(fid).template))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
