"""What a person types into each blank form, and what docgen must read back from it.

A plan is built from a generated blank (its controls in document order, or its named cells) and a
valid sample record (`docgen.samples.valid_record`): every slot the blank leaves empty gets the text a
person types for that value (是/否, the drop-down item's text, a number as written), and a few slots get
one of the habits people have (HABITS below, per form). `expected` is the record docgen must read: the
sample's values, with the text a habit changes (a typed line break, a pasted second paragraph).
"""

from __future__ import annotations

import copy
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from docgen.catalogue import form_ids
from docgen.samples import raw_form, valid_record
from docgen.schema import load_form

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
YEAR = 2026  # the year the forms are filled in (dates in March of it)
COUNTY = "陈仓区"
FORMS = form_ids()  # every form of the catalogue is typed, a new one too
# The annual table reports on the year before the one it is filled in: `--year` is its report year.
FORM_YEAR = {"annual": YEAR - 1}

FULL = str.maketrans("0123456789.-%", "０１２３４５６７８９．－％")


def full_width(text: str) -> str:
    return text.translate(FULL)


# Habits, per form: slot (field id, row) → (habit, how the typed text is made from the plain text).
#   select  the placeholder selected, then typed (every slot not listed here)
#   beside  Tab into the cell, typed without selecting: "王晓燕" + the placeholder left behind
#   inside  typed one step inside the control, before its placeholder: "12.6请填写"
#   full    full-width digits with the unit: "４５．２亿元"
#   unit    half-width number with its unit: "8200万元", "16%"
#   enter   a long text typed with Enter in the middle (a line break)
#   paste   a two-paragraph text pasted from elsewhere
#   delete  the control deleted, the value typed into its cell
#   cndate  a date written 2026年3月18日
Slot = tuple[str, int | None]
HABITS: dict[str, dict[Slot, str]] = {
    "application": {
        ("contact_name", None): "beside", ("area_km2", None): "inside",
        ("output_total.y1", None): "full", ("output_total.y2", None): "full", ("output_total.y3", None): "full",
        ("rd_sme.y1", None): "unit", ("iip_rate.y2", None): "unit",
        ("narrative.competitiveness", None): "enter", ("narrative.supply_chain", None): "paste",
        ("narrative.governance", None): "delete", ("county_opinion_date", None): "cndate",
        ("enterprises.name", 3): "beside",
    },
    "plan": {
        ("contact_name", None): "beside", ("targets.baseline", 1): "full", ("targets.t1", 3): "inside",
        ("narrative.goals", None): "enter", ("narrative.tasks", None): "paste",
        ("narrative.safeguards", None): "delete", ("fill_date", None): "cndate",
    },
    "change": {
        ("cluster_id", None): "beside", ("area_before_km2", None): "inside", ("area_after_km2", None): "full",
        ("change_reason", None): "enter", ("scope_after", None): "paste", ("county_opinion", None): "delete",
    },
    "review": {
        ("contact_name", None): "inside", ("applicant_org", None): "beside", ("review_targets.actual", 1): "full",
        ("narrative.summary", None): "enter", ("narrative.plan_completion", None): "paste",
        ("narrative.next_plan", None): "delete", ("county_opinion_date", None): "cndate",
    },
    "annual": {
        ("output_total.cur", None): "full", ("iip_rate.cur", None): "unit", ("rd_sme.prev", None): "unit",
        ("work.experience", None): "enter",  # no 2026年3月20日 here: the date cell's validation refuses it
    },
    "recommendation": {
        ("recs.output_latest", 1): "full", ("recs.output_latest", 2): "unit",
    },
    # an expert's comment typed in two lines; scores as plain numbers (the cells' validation refuses text)
    "review_scores": {("scores.comment", 2): "enter"},
}
# Habits after which docgen should warn about that slot (a remnant removed, a slot read by position).
WARNED_HABITS = {"beside", "inside", "delete"}


@dataclass
class Step:
    field: str
    row: int | None
    habit: str  # what the driver does: select beside inside enter paste delete (Writer) / cell (Calc)
    text: str  # what is typed (or pasted)
    kind: str = ""  # the plans' habit name (full, unit, cndate … are typed with `select`)
    slot: int | None = None  # Writer: index of the content control in document order
    placeholder: str | None = None  # Writer: what the control shows before typing
    sheet: str | None = None  # Calc
    cell: str | None = None


@dataclass
class Plan:
    form: str
    kind: str  # writer | calc
    blank: Path
    steps: list[Step] = field(default_factory=list)
    controls: int | None = None
    expected: dict = field(default_factory=dict)  # the record docgen must read back

    def driver_plan(self, out: Path, pdf: Path, log: Path, port: int, timeout: float = 240) -> dict:
        steps = [{k: v for k, v in vars(s).items() if v is not None} for s in self.steps]
        return {"form": self.form, "kind": self.kind, "input": str(self.blank), "out": str(out), "pdf": str(pdf),
                "log": str(log), "port": port, "timeout": timeout, "controls": self.controls, "steps": steps}

    def typed_slots(self) -> list[tuple[str, int | None]]:
        return [(s.field, s.row) for s in self.steps]

    def warned_fields(self) -> set[str]:
        return {s.field for s in self.steps if s.kind in WARNED_HABITS}


# Slots the sample records leave blank, filled too so that every slot of every form is typed once:
# the city's opinion (written on the same form before it goes on), the optional yes/no answers, an
# "其他" target row with its own name, and every kind of change on the change form.
_OTHER_ROW = {"indicator": "other", "name": "钛材出口额", "unit": "亿元", "baseline": 3.2}
EXTRA: dict[str, dict] = {
    "application": {"energy_efficiency_ok": True, "water_efficiency_ok": True,
                    "city_opinion": "经审核，同意推荐。", "city_opinion_date": f"{YEAR}-03-25"},
    "plan": {"targets": [{**_OTHER_ROW, "t1": 3.6, "t2": 4.1, "t3": 4.8}]},
    "change": {"change": {"industry": True, "area": True, "operator": True, "other": True},
               "industry_before": "钛及钛合金材料精深加工", "industry_after": "钛及钛合金材料与高端装备制造",
               "operator_before": "陈仓区经济开发区管理委员会", "operator_after": "陈仓区钛产业发展服务中心",
               "other_description": "集群公共服务平台由园区移交运营管理机构统一运营。",
               "city_opinion": "情况属实，同意报备。", "city_opinion_date": f"{YEAR}-03-25"},
    "review": {"review_targets": [{**_OTHER_ROW, "target": 4.8, "actual": 5.1}],
               "city_opinion": "经核查，同意复核。", "city_opinion_date": f"{YEAR}-03-25"},
}


def record_for(form_id: str, blank: Path | None = None) -> dict:
    """The sample record of a form filled in YEAR (the annual table then reports on YEAR - 1), with
    EXTRA: rows are appended, dicts merged, other values set. A workbook whose rows docgen pre-fills
    (an expert's scoring sheet: one row per assigned application) keeps its pre-filled texts: the
    record then has the blank's rows, each completed from the sample's rows in turn."""
    record = valid_record(form_id, YEAR)
    for key, value in EXTRA.get(form_id, {}).items():
        if isinstance(value, list):
            record[key] = list(record.get(key) or []) + copy.deepcopy(value)
        elif isinstance(value, dict):
            record[key] = {**(record.get(key) or {}), **value}
        else:
            record[key] = value
    if blank is not None and blank.suffix == ".xlsx":
        _keep_prefilled_rows(form_id, record, blank)
    return record


def _keep_prefilled_rows(form_id: str, record: dict, blank: Path) -> None:
    from docgen.formats.xlsx_read import read_xlsx

    schema = load_form(form_id)
    texts = {f.id for f in schema.fields if f.type == "string"}
    groups = {g.id: g for g in schema.groups}
    rows: dict[str, dict[int, dict]] = {}
    scalars = {}
    for rv in read_xlsx(blank).values:
        if rv.text in (None, ""):
            continue
        head, _, tail = rv.field.partition(".")
        if rv.row is not None and head in groups:
            kind = next(f.type for f in groups[head].fields if f.name == tail)
            if kind == "string":
                rows.setdefault(head, {}).setdefault(rv.row, {})[tail] = rv.text
        elif rv.field in texts and not tail:
            scalars[rv.field] = rv.text
    record.update(scalars)
    for head, by_row in rows.items():
        sample = record.get(head) or [{}]
        record[head] = [{**copy.deepcopy(sample[(n - 1) % len(sample)]), **by_row[n]} for n in sorted(by_row)]


def _typed(kind: str, plain: str, unit: str | None, value) -> tuple[str, object]:
    """(what is typed, what it means) for a habit applied to a slot whose plain text is `plain`."""
    if kind == "full":
        return full_width(plain) + (unit or ""), value
    if kind == "unit":
        return plain + (unit or ""), value
    if kind == "cndate":
        y, m, d = (int(x) for x in plain.split("-"))
        return f"{y}年{m}月{d}日", value
    if kind == "enter":
        cut = _cut(plain)
        return plain[:cut] + "\n" + plain[cut:], plain[:cut] + "\n" + plain[cut:]
    if kind == "paste":
        cut = _cut(plain)
        return plain[:cut] + "\n" + plain[cut:], plain[:cut] + "\n" + plain[cut:]
    return plain, value


def _cut(text: str) -> int:
    """Where a person breaks a long text: after its first comma, else in the middle."""
    at = text.find("，")
    return at + 1 if 0 < at < len(text) - 1 else len(text) // 2


def _slot_values(form_id: str, record: dict) -> dict[Slot, str]:
    return {(v.field, v.row): v.text for v in raw_form(form_id, record).values if v.text is not None}


def _get(record: dict, fid: str, row: int | None):
    head, _, tail = fid.partition(".")
    if row is not None:
        rows = record.get(head) or []
        return rows[row - 1].get(tail) if row <= len(rows) else None
    v = record.get(head)
    return v.get(tail) if tail and isinstance(v, dict) else (v if not tail else None)


def _set(record: dict, fid: str, row: int | None, value) -> None:
    head, _, tail = fid.partition(".")
    if row is not None:
        record[head][row - 1][tail] = value
    elif tail:
        record.setdefault(head, {})[tail] = value
    else:
        record[head] = value


def blank_controls(path: Path) -> list[tuple[str | None, str, bool]]:
    """(tag, text shown, showing its placeholder) of every content control, in document order."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    out = []
    for sdt in root.iter(W + "sdt"):
        pr = sdt.find(W + "sdtPr")
        tag = pr.find(W + "tag") if pr is not None else None
        text = "".join(t.text or "" for t in sdt.iter(W + "t"))
        out.append((None if tag is None else tag.get(W + "val"), text,
                    pr is not None and pr.find(W + "showingPlcHdr") is not None))
    return out


def writer_plan(form_id: str, blank: Path) -> Plan:
    schema = load_form(form_id)
    fields = {f.id: f for f in schema.fields}
    groups = {g.id: g for g in schema.groups}
    record = record_for(form_id)
    texts = _slot_values(form_id, record)
    habits = HABITS.get(form_id, {})
    plan = Plan(form_id, "writer", blank)
    expected = copy.deepcopy(record)
    rows_seen: dict[str, int] = {}
    ctrls = blank_controls(blank)
    plan.controls = len(ctrls)
    for slot, (tag, shown, placeholder) in enumerate(ctrls):
        if tag is None:
            continue
        head, _, tail = tag.partition(".")
        row = None
        if head in groups:
            if tail == groups[head].fields[0].name:
                rows_seen[head] = rows_seen.get(head, 0) + 1
            row = rows_seen.get(head, 1)
        if not placeholder and not shown.startswith(("请填写", "请选择")):
            continue  # pre-filled by docgen (city, county …): left as it is
        plain = texts.get((tag, row))
        if plain is None:
            continue
        f = fields.get(tag) or next(gf for gf in groups[head].fields if gf.id == tag)
        kind = habits.get((tag, row), "select")
        text, meaning = _typed(kind, plain, f.unit, _get(record, tag, row))
        _set(expected, tag, row, meaning)
        driver = kind if kind in ("beside", "inside", "enter", "paste", "delete") else "select"
        plan.steps.append(Step(tag, row, driver, text, kind=kind, slot=slot, placeholder=shown))
    plan.expected = expected
    return plan


def calc_plan(form_id: str, blank: Path) -> Plan:
    import openpyxl
    from openpyxl.utils.cell import range_boundaries

    schema = load_form(form_id)
    fields = {f.id: f for f in schema.fields}
    for g in schema.groups:
        fields.update({gf.id: gf for gf in g.fields})
    record = record_for(form_id, blank)
    texts = _slot_values(form_id, record)
    habits = HABITS.get(form_id, {})
    wb = openpyxl.load_workbook(blank)
    plan = Plan(form_id, "calc", blank)
    expected = copy.deepcopy(record)
    names = {}
    for name, dn in wb.defined_names.items():
        sheet, ref = next(iter(dn.destinations))
        names[name] = (sheet, ref.replace("$", ""))
    for (fid, row), plain in texts.items():
        if fid not in names:
            continue
        sheet, ref = names[fid]
        min_col, min_row, _, _ = range_boundaries(ref)
        r = min_row + (row - 1 if row else 0)
        col = openpyxl.utils.get_column_letter(min_col)
        cell = f"{col}{r}"
        if wb[sheet][cell].value not in (None, ""):  # pre-filled by docgen
            continue
        kind = habits.get((fid, row), "select")
        f = fields[fid]
        text, meaning = _typed(kind, plain, f.unit, _get(record, fid, row))
        _set(expected, fid, row, meaning)
        plan.steps.append(Step(fid, row, "cell", text, kind=kind, sheet=sheet, cell=cell))
    plan.expected = expected
    return plan


def build_plan(form_id: str, blank: Path) -> Plan:
    return writer_plan(form_id, blank) if blank.suffix == ".docx" else calc_plan(form_id, blank)


def make_blank(form_id: str, outdir: Path) -> Path:
    """A blank form as its real user gets it. A county's or city's form: `docgen forms new FORM --county
    陈仓区 --year Y`; the province's (no county or city on it): `docgen forms new FORM`; a form docgen
    issues pre-filled by another command (ISSUED): made by that command."""
    import subprocess
    import sys

    outdir.mkdir(parents=True, exist_ok=True)
    if form_id in ISSUED:
        return ISSUED[form_id](outdir)
    slots = load_form(form_id).slot_ids()
    place = ["--county", COUNTY, "--year", str(FORM_YEAR.get(form_id, YEAR))] if {"county", "city"} & set(slots) else []
    subprocess.run([sys.executable, "-m", "docgen", "forms", "new", form_id, *place, "-o", str(outdir)],
                   check=True, capture_output=True)
    (made,) = [p for p in outdir.iterdir() if p.suffix in (".docx", ".xlsx")]
    return made


def _scoring_sheet(outdir: Path) -> Path:
    from review_round import scoring_sheet

    return scoring_sheet(outdir)


# Forms whose user never sees a `forms new` blank: an expert gets the sheet `docgen review assign` made.
ISSUED = {"review_scores": _scoring_sheet}
