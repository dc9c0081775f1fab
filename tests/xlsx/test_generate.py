"""Generated Excel forms, opened independently of the generator (zipfile + lxml) and checked cell by cell."""

from __future__ import annotations

import hashlib
import re
import zipfile

import pytest
from lxml import etree

from docgen.formats.custom_props import read_custom_props
from docgen.generate import new_form
from docgen.resources import form_template
from docgen.schema import load_form

from .conftest import NS, YEAR, workbook_xml

M = f"{{{NS['m']}}}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _cells_of(ref: str) -> set[str]:
    """Every cell of `C4:C33`, `$C$4` or a space-separated sqref."""
    out = set()
    for part in ref.replace("$", "").split():
        a, _, b = part.partition(":")
        ca, ra = re.match(r"([A-Z]+)(\d+)", a).groups()
        cb, rb = re.match(r"([A-Z]+)(\d+)", b or a).groups()
        for c in range(_col(ca), _col(cb) + 1):
            for r in range(int(ra), int(rb) + 1):
                letters = ""
                n = c
                while n:
                    n, rem = divmod(n - 1, 26)
                    letters = chr(65 + rem) + letters
                out.add(f"{letters}{r}")
    return out


class Book:
    """Just enough of a workbook, read with lxml: sheets, names, styles, strings of cells."""

    def __init__(self, path):
        self.zf = zipfile.ZipFile(path)
        self.wb = workbook_xml(path)
        rels = etree.fromstring(self.zf.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        self.sheets = {s.get("name"): etree.fromstring(self.zf.read("xl/" + target[s.get(REL)].lstrip("/").removeprefix("xl/")))
                       for s in self.wb.iter(M + "sheet")}
        self.sheet_order = [s.get("name") for s in self.wb.iter(M + "sheet")]
        self.names = [(d.get("name"), d.get("localSheetId"), d.text) for d in self.wb.iter(M + "definedName")]
        styles = etree.fromstring(self.zf.read("xl/styles.xml"))
        fmts = {int(n.get("numFmtId")): n.get("formatCode") for n in styles.iter(M + "numFmt")}
        self.xfs = []
        for xf in styles.find(M + "cellXfs"):
            prot = xf.find(M + "protection")
            fid = int(xf.get("numFmtId", 0))
            self.xfs.append({"locked": prot is None or prot.get("locked") not in ("0", "false"),
                             "fmt": fmts.get(fid, {0: "General", 1: "0", 49: "@"}.get(fid, str(fid)))})

    def target(self, text: str) -> tuple[str, set[str]]:
        sheet, _, ref = text.rpartition("!")
        return sheet.strip("'"), _cells_of(ref)

    def cell(self, sheet: str, ref: str):
        found = self.sheets[sheet].xpath(f"//m:c[@r='{ref}']", namespaces=NS)
        return found[0] if found else None

    def text(self, sheet: str, ref: str) -> str | None:
        c = self.cell(sheet, ref)
        if c is None:
            return None
        return "".join(c.itertext()) or None

    def style(self, sheet: str, ref: str) -> dict:
        c = self.cell(sheet, ref)
        return self.xfs[int(c.get("s", 0))] if c is not None else self.xfs[0]

    def validations(self, sheet: str) -> list[tuple[str, str, set[str]]]:
        out = []
        for dv in self.sheets[sheet].iter(M + "dataValidation"):
            f1 = dv.find(M + "formula1")
            out.append((dv.get("type"), f1.text if f1 is not None else "", _cells_of(dv.get("sqref"))))
        return out


@pytest.fixture(scope="module", params=["annual", "recommendation"])
def form(request, blanks):
    return load_form(request.param), Book(blanks[request.param])


def test_sheets_are_the_instructions_then_the_schema_sections(form):
    schema, book = form
    assert book.sheet_order == ["填表说明"] + [s.title for s in schema.sections]


def test_every_field_has_exactly_one_workbook_name_on_an_unlocked_cell(form):
    schema, book = form
    names = [n for n, _, _ in book.names]
    for f in schema.all_fields():
        assert names.count(f.id) == 1, f.id
        _, local, text = next(x for x in book.names if x[0] == f.id)
        assert local is None, f"{f.id} is sheet-scoped"
        sheet, cells = book.target(text)
        for ref in cells:
            assert not book.style(sheet, ref)["locked"], f"{f.id} {sheet}!{ref} is locked"
        if f.group is None:
            assert len(cells) == 1, f.id
    assert {n for n in names if not n.startswith("_xlnm.")} == set(schema.slot_ids())


def test_repeating_tables_are_single_columns_of_at_least_30_rows_under_their_labels(form):
    schema, book = form
    for g in schema.groups:
        heights = set()
        for f in g.fields:
            text = next(t for n, _, t in book.names if n == f.id)
            sheet, cells = book.target(text)
            cols = {re.match(r"[A-Z]+", c)[0] for c in cells}
            rows = sorted(int(re.search(r"\d+", c)[0]) for c in cells)
            assert len(cols) == 1 and len(rows) >= 30 and rows == list(range(rows[0], rows[0] + len(rows))), f.id
            heights.add(len(rows))
            heading = book.text(sheet, f"{cols.pop()}{rows[0] - 1}")
            assert heading.startswith(f.label), (f.id, heading)
        assert len(heights) == 1


def test_the_dictionary_example_range(blanks):
    book = Book(blanks["annual"])
    assert ("progress.actual", None, "'目标进展'!$C$4:$C$33") in book.names


def test_labels_are_locked_and_every_sheet_is_protected_without_password(form):
    schema, book = form
    for name, sheet in book.sheets.items():
        prot = sheet.find(M + "sheetProtection")
        assert prot is not None and prot.get("sheet") in ("1", "true"), name
        assert not ({"password", "hashValue", "algorithmName"} & set(prot.attrib)), name
    first = next(f for f in schema.fields)
    sheet, cells = book.target(next(t for n, _, t in book.names if n == first.id))
    (ref,) = cells
    label_ref = "B" + re.search(r"\d+", ref)[0]
    assert book.text(sheet, label_ref) == first.label
    assert book.style(sheet, label_ref)["locked"]


def test_drop_downs_for_every_yes_no_and_choice_cell_and_date_checks(form):
    schema, book = form
    for f in schema.all_fields():
        sheet, cells = book.target(next(t for n, _, t in book.names if n == f.id))
        dvs = book.validations(sheet)
        if f.widget in ("yesno", "choice"):
            lists = [f1 for typ, f1, sq in dvs if typ == "list" and cells <= sq]
            assert len(lists) == 1, f.id
            assert lists[0].strip('"').replace('""', '"').split(",") == list(f.display_choices()), f.id
        if f.widget == "date":
            assert any(typ == "date" and cells <= sq for typ, _, sq in dvs), f.id
            assert all(book.style(sheet, c)["fmt"] == "yyyy-mm-dd" for c in cells)
        if f.widget == "integer":
            assert all(book.style(sheet, c)["fmt"] == "0" for c in cells), f.id
        if f.id == "contact_phone":  # text format keeps 029-… and leading zeros as typed
            assert all(book.style(sheet, c)["fmt"] == "@" for c in cells)


def test_indicator_drop_down_offers_every_indicator_label(blanks):
    book = Book(blanks["annual"])
    f = load_form("annual").field("progress.indicator")
    lists = [f1 for typ, f1, sq in book.validations("目标进展") if typ == "list" and "A4" in sq and "A33" in sq]
    assert lists and "专精特新“小巨人”企业数" in lists[0] and "其中：中小企业产值" in lists[0]
    assert len(f.display_choices()) == 16


def test_manifest_is_embedded(blanks):
    for fid, path in blanks.items():
        schema = load_form(fid)
        with zipfile.ZipFile(path) as zf:
            props = read_custom_props(zf)
        assert props["docgen.form"] == fid
        assert props["docgen.version"] == schema.version
        assert props["docgen.fingerprint"] == schema.fingerprint
    with zipfile.ZipFile(blanks["annual"]) as zf:
        assert read_custom_props(zf)["docgen.years"] == '{"cur": 2025, "prev": 2024}'


def test_years_are_written_into_the_headings_and_no_token_is_left(blanks):
    book = Book(blanks["annual"])
    assert (book.text("主要指标", "D3"), book.text("主要指标", "E3")) == (f"{YEAR - 1}年", f"{YEAR}年")
    assert str(YEAR) in book.text("目标进展", "A1")
    with zipfile.ZipFile(blanks["annual"]) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"{prev}" not in zf.read(name) and b"{cur}" not in zf.read(name), name


def test_known_values_are_pre_filled(blanks):
    book = Book(blanks["annual"])
    got = {}
    for name, _, text in book.names:
        if name.startswith("_xlnm."):
            continue
        sheet, cells = book.target(text)
        if len(cells) == 1:
            got[name] = book.text(sheet, next(iter(cells)))
    assert got["county"] == "杨陵区" and got["city"] == "杨凌示范区"
    assert got["cluster_name"] == "杨凌农业装备“智造”产业集群" and got["cluster_id"] == "SX-2024-007"
    assert got["report_year"] == str(YEAR)
    assert got["contact_name"] is None and got["output_total.cur"] is None


def test_label_columns_show_the_chinese_labels_whole(form):
    schema, book = form
    for name, sheet in book.sheets.items():
        widths = {}
        for col in sheet.iter(M + "col"):
            for i in range(int(col.get("min")), int(col.get("max")) + 1):
                widths[i] = float(col.get("width"))
        if name == "填表说明":
            continue
        for c in sheet.iter(M + "c"):
            ref = c.get("r")
            col = _col(re.match(r"[A-Z]+", ref)[0])
            row = int(re.search(r"\d+", ref)[0])
            text = "".join(c.itertext())
            if row < 3 or col != 2 or not text:
                continue
            need = sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)
            assert widths.get(col, 8.43) >= need, (name, ref, text, widths.get(col))


def test_print_setup_is_a4(form):
    _, book = form
    for name, sheet in book.sheets.items():
        assert sheet.find(M + "pageSetup").get("paperSize") == "9", name


def test_rendering_leaves_the_template_alone_and_no_temp_files(tmp_path):
    template = form_template("annual.xlsx")
    before = hashlib.sha256(template.read_bytes()).hexdigest()
    for county in ("鄠邑区", "神木市", "韩城市"):
        new_form("annual", tmp_path, county=county)
    assert hashlib.sha256(template.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"集群年度培育情况信息表-{c}.xlsx" for c in ("鄠邑区", "神木市", "韩城市"))


def test_instructions_say_what_who_when_and_how(blanks):
    book = Book(blanks["annual"])
    text = "".join(book.text("填表说明", f"B{r}") or "" for r in range(1, 20))
    assert "陕工信发〔2023〕89号" in text and "第十八条" in text
    assert f"{YEAR + 1} 年 3 月 31 日前" in text and "亿元" in text and "无密码" in text
    assert "{" not in text
    rec = "".join(Book(blanks["recommendation"]).text("填表说明", f"B{r}") or "" for r in range(1, 20))
    assert "第十五条" in rec and "设区市" in rec and "3 月 31 日" not in rec
