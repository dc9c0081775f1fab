"""Expert review (Art. 16): assigning and tallying 60 applications × 15 experts (budget ≤ 5 s, QUALITY.md).

Inputs made once: 60 filled, valid, eligible applications over 30 counties, validated into a
`docgen validate --json` report (the clerk's step before review), 15 experts of the 12 cities. The
figure is `assign` from that report (ids, 回避, 15 pre-filled scoring sheets with their 评分参考) plus
`tally` of the 15 returned sheets (read back, every rule, ranking, 汇总表, shortlist). Filling the
sheets in between is the experts' work and is not timed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bench.rows import Row, join, yes
from bench.timing import measure

N_APPS, N_EXPERTS, PER, BUDGET_S = 60, 15, 5, 5.0


def _applications(folder: Path) -> Path:
    from docgen.divisions import counties_by_city
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form
    from docgen.pipeline import validate_paths
    from docgen.report.json_report import write_json
    from docgen.samples import valid_record

    pool = [c for city in ("宝鸡市", "西安市", "咸阳市", "渭南市", "延安市", "汉中市", "榆林市", "安康市", "商洛市", "铜川市")
            for c in counties_by_city()[city][:3]]
    blank = new_form("application", folder / "blank", year=2026)
    apps = folder / "apps"
    for k in range(N_APPS):
        county = pool[k % len(pool)]
        rec = valid_record("application", 2026, county=county, cluster=f"{county}第{k + 1}特色产业集群")
        fill_docx(blank, rec, apps / f"app-{k + 1:02d}.docx")
    report = folder / "report.json"
    write_json(validate_paths([apps]), report)
    return report


def _experts(folder: Path) -> Path:
    from docgen.catalogue import cities

    cs = cities()
    rows = [{"expert_id": f"E{k + 1:03d}", "name": f"专家{k + 1}", "org": f"{cs[k % 12]}研究院{k}", "city": cs[k % 12],
             "field": "产业经济", "phone": f"139{29000000 + k:08d}"} for k in range(N_EXPERTS)]
    path = folder / "experts.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def _fill(sheets: Path, returned: Path) -> None:
    """Every expert scores every row: 7–9 per indicator, capped at its max, varied by row."""
    from docgen.formats.xlsx_fill import fill_xlsx
    from docgen.formats.xlsx_read import read_xlsx
    from docgen.review.index import load_index

    ix = load_index()
    returned.mkdir(parents=True, exist_ok=True)
    for sheet in sorted(sheets.glob("*.xlsx")):
        raw = read_xlsx(sheet)
        head = {v.field: v.text for v in raw.values if v.row is None}
        rows: dict[int, dict] = {}
        for v in raw.values:
            if v.row is not None:
                rows.setdefault(v.row, {})[v.field.split(".", 1)[1]] = v.text
        filled = [{**{k: rows[n].get(k) for k in ("application_id", "cluster_name", "county")},
                   **{i.id: min(float(i.max), 7 + (n + j) % 3) for j, i in enumerate(ix.indicators)}} for n in sorted(rows)]
        fill_xlsx(sheet, {"expert_id": head["expert_id"], "expert_name": head["expert_name"],
                          "expert_org": head["expert_org"], "sign_date": "2026-05-20", "scores": filled},
                  returned / sheet.name)


def review_60x15(tmp: Path, repeat: int) -> list[Row]:
    from docgen.review.index import load_index
    from docgen.review.service import read_assignment, run_assign
    from docgen.review.summary import write_summary
    from docgen.review.tally import sheet_files, tally

    folder = tmp / "review"
    report, experts = _applications(folder), _experts(folder)
    out, returned = folder / "sheets", folder / "returned"

    def do_assign():
        shutil.rmtree(out, ignore_errors=True)
        (folder / "ids.json").unlink(missing_ok=True)
        return run_assign(experts, [report], out, per=PER, seed=1, ids=folder / "ids.json")

    result = do_assign()
    _fill(out, returned)
    ix = load_index()

    def do_tally():
        res = tally(sheet_files(returned), read_assignment(out / "assignment.json"), ix, top=30)
        write_summary(res, ix, folder / "汇总表.xlsx")
        (folder / "shortlist.json").write_text(json.dumps(res.shortlist(), ensure_ascii=False), encoding="utf-8")
        return res

    ta = measure(do_assign, repeat)
    tt = measure(do_tally, repeat)

    def from_files():  # the clerk who skips `validate --json`: assign validates the 60 files itself
        shutil.rmtree(folder / "sheets2", ignore_errors=True)
        (folder / "ids2.json").unlink(missing_ok=True)
        run_assign(experts, [folder / "apps"], folder / "sheets2", per=PER, seed=1, ids=folder / "ids2.json")

    tf = measure(from_files, 1, warmup=0)
    res = do_tally()
    both = ta.median + tt.median
    loads = result.loads.values()
    ranked = sum(1 for a in res.applications if a.rank is not None)
    errors = sum(1 for i in res.issues if i.severity == "error")
    note = join(f"{len(result.applications)} applications, {len(result.sheets)} sheets, loads {min(loads)}–{max(loads)}",
                f"{ranked} ranked, {len(res.shortlist())} shortlisted, {errors} error issues",
                f"CPU {ta.cpu + tt.cpu:.2f} s", "inputs: a validate --json report (validation not timed)")
    return [
        Row(f"review: assign + tally {N_APPS} applications × {N_EXPERTS} experts", measured=f"{both:.2f} s",
            budget=f"≤ {BUDGET_S:g} s", met=yes(both <= BUDGET_S), met_cpu=yes(ta.cpu + tt.cpu <= BUDGET_S), note=note),
        Row("  assign (ids, 回避, 15 scoring sheets with 评分参考, assignment.json)", measured=f"{ta.median:.2f} s",
            note=f"CPU {ta.cpu:.2f} s; best {ta.low:.2f} s"),
        Row("  tally (read 15 sheets, rules, ranking, 汇总表, shortlist)", measured=f"{tt.median:.2f} s",
            note=f"CPU {tt.cpu:.2f} s; best {tt.low:.2f} s"),
        Row("  assign from the 60 .docx files (validating them first)", measured=f"{tf.median:.2f} s",
            note=f"one run; CPU of this process {tf.cpu:.2f} s (validation may use a process pool)"),
    ]


if __name__ == "__main__":
    import sys
    import tempfile

    from bench.run import table

    with tempfile.TemporaryDirectory(prefix="docgen-bench-review-") as d:
        print(table(review_60x15(Path(d), int(sys.argv[1]) if len(sys.argv) > 1 else 3)))
