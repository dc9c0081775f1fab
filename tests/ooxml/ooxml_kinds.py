"""Every kind of file docgen writes, made by the generator and the commands a clerk runs.

`build_all(folder)` gives {kind: path}; KINDS names them all (the test ids). A module with its own
name: `from kinds import` could pick another test folder's module of that name. Forms come blank and filled (docgen.samples' complete records);
annotated copies and the .xlsx report come from `docgen validate` over forms with a field left empty;
the evaluation report and the registry export from a registry fed with filled annual tables.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

FORMS = ("application", "plan", "annual", "change", "recommendation", "review", "experts", "review_scores")
NOTICES = ("publicity", "announcement", "annual-call", "review", "revocation")
YEAR = 2026
COUNTY = "陈仓区"
CLUSTERS = [
    {"city": "宝鸡市", "county": "陈仓区", "cluster_name": "陈仓区钛及钛合金产业集群", "leading_industry": "钛材料",
     "ground": "第十九条（三）", "result": "通过"},
    {"city": "西安市", "county": "鄠邑区", "cluster_name": "鄠邑区汽车零部件产业集群", "leading_industry": "汽车零部件",
     "ground": "第十九条（一）", "result": "未通过"},
    {"city": "杨凌示范区", "county": "杨陵区", "cluster_name": "杨陵区A&B<种业>产业集群", "leading_industry": "现代种业",
     "ground": "第十九条（五）", "result": "通过"},
]


def _cli(*args: str) -> str:
    from docgen.cli import cli

    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return result.output


def _fill(blank: Path, record: dict, out: Path, form: str) -> Path:
    from docgen.formats.docx_fill import fill_docx
    from docgen.formats.xlsx_fill import fill_xlsx

    out.parent.mkdir(parents=True, exist_ok=True)
    if blank.suffix == ".xlsx":
        return fill_xlsx(blank, record, out, form=form)
    return fill_docx(blank, record, out)


def _forms(folder: Path, made: dict[str, Path]) -> None:
    from docgen.generate import new_form
    from docgen.samples import valid_record

    blanks = folder / "blank"
    for form in FORMS:
        blank = new_form(form, blanks, county=COUNTY, year=YEAR, city="宝鸡市")
        made[f"form {form} blank"] = blank
        made[f"form {form} filled"] = _fill(blank, valid_record(form, YEAR, county=COUNTY),
                                            folder / "filled" / f"{form}{blank.suffix}", form)


def _annotated(folder: Path, made: dict[str, Path]) -> None:
    """Forms with a required field left empty and a bad value in a table row, through `docgen validate
    --annotate --report`: comments at a control, at a row's control and at the document's start."""
    from docgen.samples import valid_record

    returned = folder / "returned"
    for form, group, bad in (("application", "enterprises", {"uscc": "91610000000000000X"}),
                             ("annual", "progress", {"actual": "很多"})):
        record = valid_record(form, YEAR, county=COUNTY)
        record["contact_name"] = None
        record[group][1].update(bad)
        blank = made[f"form {form} blank"]
        _fill(blank, record, returned / f"{form}{blank.suffix}", form)
    notes = folder / "annotated"
    _cli("validate", str(returned), "--annotate", str(notes), "--report", str(folder / "report.xlsx"))
    made["annotated application (.docx comments)"] = notes / "application.docx"
    made["annotated annual (.xlsx notes)"] = notes / "annual.xlsx"
    made["validation report (.xlsx)"] = folder / "report.xlsx"


def _notices(folder: Path, made: dict[str, Path]) -> None:
    from docgen.notices import NoticeRequest, load_entries, make_notice

    data = folder / "clusters.json"
    data.write_text(json.dumps(CLUSTERS, ensure_ascii=False), encoding="utf-8")
    for kind in NOTICES:
        request = NoticeRequest(kind, load_entries(data, kind), "陕工信发〔2026〕7号", date(2026, 3, 5),
                                cc=["工业和信息化部中小企业局", "各设区市人民政府"])
        made[f"notice {kind}"] = make_notice(request, out=folder / "notices" / f"{kind}.docx").docx


def _registry(folder: Path, made: dict[str, Path]) -> None:
    """Recognise the clusters, import their filled 2025 annual tables, then write the two outputs."""
    from docgen.generate import new_form
    from docgen.samples import valid_record

    db = f"sqlite:///{folder / 'registry.sqlite3'}"
    data = folder / "recognised.json"
    data.write_text(json.dumps(CLUSTERS, ensure_ascii=False), encoding="utf-8")
    _cli("registry", "recognise", "--data", str(data), "--doc-number", "陕工信发〔2024〕88号",
         "--date", "2024-06-15", "--db", db)
    filed = folder / "filed"
    blank = new_form("annual", folder / "annual-blank", year=YEAR - 1)
    for i, c in enumerate(CLUSTERS):
        record = valid_record("annual", YEAR, county=c["county"], cluster=c["cluster_name"])
        record["cluster_id"] = f"SX2024-{i + 1:03d}"
        _fill(blank, record, filed / f"annual-{i}.xlsx", "annual")
    _cli("registry", "import", str(filed), "--db", db)
    made["evaluation report"] = folder / "evaluation.docx"
    _cli("report", "evaluation", "--year", str(YEAR - 1), "-o", str(made["evaluation report"]),
         "--on", f"{YEAR}-04-15", "--db", db)
    made["registry export (.xlsx)"] = folder / "export.xlsx"
    _cli("registry", "export", "-o", str(made["registry export (.xlsx)"]), "--on", f"{YEAR}-04-15", "--db", db)


def _review(folder: Path, made: dict[str, Path]) -> None:
    """An expert's pre-filled scoring sheet (with its 评分参考) and the tally's 汇总表."""
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.review.index import load_index
    from docgen.review.sheets import write_sheet
    from docgen.review.summary import write_summary
    from docgen.review.tally import tally
    from docgen.samples import valid_record

    apps = [{"application_id": f"{YEAR}-61030{k}-1", "cluster_name": c["cluster_name"], "city": c["city"],
             "county": c["county"], "leading_industry": c["leading_industry"], "experts": ["E001"],
             "data": valid_record("application", YEAR, county=c["county"])} for k, c in enumerate(CLUSTERS, 1)]
    expert = {"expert_id": "E001", "name": "张明", "org": "西北大学", "city": "西安市"}
    sheet = write_sheet(expert, apps, load_index(), folder / "review" / "sheet.xlsx")
    made["review scoring sheet"] = sheet
    scores = {i.id: 5 for i in load_index().indicators}
    rec = {"expert_id": "E001", "expert_name": "张明", "expert_org": "西北大学", "sign_date": f"{YEAR}-05-20",
           "scores": [{"application_id": a["application_id"], "cluster_name": a["cluster_name"], "county": a["county"],
                       **scores, "comment": "=SUM(1)"} for a in apps]}
    filled = fill_xlsx(sheet, rec, folder / "review" / "returned" / "sheet.xlsx")
    plan = {"applications": apps, "experts": [expert]}
    made["review summary (.xlsx)"] = write_summary(tally([filled], plan, load_index()), load_index(),
                                                   folder / "review" / "summary.xlsx")


KINDS = ([f"form {f} {state}" for f in FORMS for state in ("blank", "filled")]
         + ["annotated application (.docx comments)", "annotated annual (.xlsx notes)", "validation report (.xlsx)"]
         + [f"notice {k}" for k in NOTICES] + ["evaluation report", "registry export (.xlsx)"]
         + ["review scoring sheet", "review summary (.xlsx)"])


def build_all(folder: Path) -> dict[str, Path]:
    made: dict[str, Path] = {}
    _forms(folder, made)
    _annotated(folder, made)
    _notices(folder, made)
    _registry(folder, made)
    _review(folder, made)
    assert sorted(made) == sorted(KINDS)
    missing = [k for k, p in made.items() if not p.is_file()]
    assert not missing, missing
    return made
