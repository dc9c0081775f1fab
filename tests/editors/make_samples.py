"""Type every form in LibreOffice and keep the results, for people working on the readers.

    python tests/editors/make_samples.py OUTDIR [FORM ...]

Writes OUTDIR/<form>/<form>.docx|.xlsx (saved by LibreOffice), <form>.pdf (its PDF export), the
driver's log, and OUTDIR/README.md: per form, each slot's field id → exactly what was typed, the
habit, what the cell holds afterwards, and what docgen should read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from office import Office, missing, type_form  # noqa: E402
from plans import FORMS, build_plan, make_blank  # noqa: E402


def _show(text) -> str:
    return json.dumps(text, ensure_ascii=False).replace("|", "\\|")


def readme_section(plan, log: dict, files: list[str]) -> str:
    lines = [f"## {plan.form}", "", "Files: " + ", ".join(f"`{f}`" for f in files),
             f"Typed in {log['seconds']} s; {len(plan.steps)} slots.", "",
             "| field | row | typed | habit | cell afterwards | docgen should read |", "|---|---|---|---|---|---|"]
    after = {(s["field"], s.get("row")): s for s in log["steps"]}
    for s in plan.steps:
        head, _, tail = s.field.partition(".")
        exp = plan.expected.get(head)
        if s.row is not None:
            exp = exp[s.row - 1].get(tail) if exp and s.row <= len(exp) else None
        elif tail:
            exp = (exp or {}).get(tail)
        a = after.get((s.field, s.row), {})
        lines.append(f"| `{s.field}` | {s.row or ''} | {_show(s.text)} | {s.kind} | {_show(a.get('cell_after'))} "
                     f"| {_show(exp)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    out = Path(argv[1])
    forms = argv[2:] or list(FORMS)
    why = missing()
    if why:
        print(why)
        return 1
    office = Office().start()
    sections = []
    try:
        for form in forms:
            d = out / form
            d.mkdir(parents=True, exist_ok=True)
            blank = make_blank(form, d / "blank")
            plan = build_plan(form, blank)
            typed = d / f"{form}{blank.suffix}"
            pdf = d / f"{form}.pdf"
            log = type_form(office, plan, typed, pdf)
            (d / f"{form}.plan.json").unlink(missing_ok=True)
            sections.append(readme_section(plan, log, [f"{form}/{typed.name}", f"{form}/{pdf.name}",
                                                       f"{form}/blank/{blank.name}"]))
            print(f"{form}: {len(plan.steps)} slots typed in {log['seconds']} s")
    finally:
        office.stop()
    head = ("# Forms typed in LibreOffice 7.4 through its UI\n\n"
            "Made by `tests/editors/make_samples.py`: each blank generated as its user gets it — "
            "`docgen forms new FORM --county 陈仓区 --year 2026` (annual: `--year 2025`, the year it reports on; "
            "the province's 专家库: `docgen forms new experts`; an expert's scoring sheet: `docgen review assign` "
            "over nine applications and the sample pool, see review_round.py), "
            "opened in LibreOffice under Xvfb, every slot typed with key events through the UITest service, "
            "saved as .docx/.xlsx (MS Word 2007 XML / Calc MS Excel 2007 XML) and exported to PDF.\n\n"
            "Habits: `select` the placeholder selected then typed · `beside` Tab into the cell and typed "
            "without selecting (text lands before the control, placeholder left) · `inside` typed one step "
            "inside the control, before its placeholder · `full` full-width digits with the unit · `unit` "
            "half-width number with its unit · `enter` Enter typed in the middle (line break; Ctrl+Enter in "
            "Calc) · `paste` a two-paragraph text pasted (Edit ▸ Paste; it lands before the control, the "
            "control stays empty) · `delete` the cell selected, Delete pressed (the control is gone), the "
            "value typed into the cell · `cndate` a date typed as 2026年3月18日.\n\n"
            "\"cell afterwards\" is the whole table cell's text in LibreOffice after typing (\\n = line break "
            "or paragraph end).\n\n")
    (out / "README.md").write_text(head + "\n".join(sections), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
