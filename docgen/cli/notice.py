"""`docgen notice …`: draft official notices (GB/T 9704-2012) from a cluster list, and check any .docx.

Library code raises `docgen.errors.*`; the root CLI prints them. Heavy modules are imported inside
the commands so `docgen --help` stays fast.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from pathlib import Path

import click

from docgen.catalogue import programme

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


def _date(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    from docgen.typed import require_date as parse_date

    return parse_date(value, what)


def _registry_records(kind: str, on: date | None, db: str | None) -> list[dict]:
    """The hook for `--from-registry --on DATE`: the registry's due lists as notice records."""
    from docgen.errors import UsageError
    from docgen.notices.data import REGISTRY_LISTS, records_from_due
    from docgen.registry.api import due_lists

    if on is None:
        raise UsageError("使用 --from-registry 时须用 --on YYYY-MM-DD 指定名录的查询日期。")
    if kind not in REGISTRY_LISTS:
        raise UsageError(f"「{kind}」的名单来自申报评审结果，名录中没有：请用 --data 提供名单文件。")
    return records_from_due(kind, {**due_lists(on, db_url=db), "on": on.isoformat()})


def _common(func):
    """Options every notice kind takes."""
    options = [
        click.option("--data", "data", type=click.Path(path_type=Path),
                     help="集群名单 .json / .xlsx，或 docgen validate --json 的报告 / cluster list file"),
        click.option("--from-registry", is_flag=True, help="从集群名录取名单（配合 --on） / take the list from the registry"),
        click.option("--on", "on", help="名录查询日期 YYYY-MM-DD / registry date"),
        click.option("--db", "db", help="名录数据库（默认 DOCGEN_DB 或 outputs/registry.sqlite3） / registry database"),
        click.option("--doc-number", required=True, help="发文字号，如 陕工信发〔2026〕12号 / document number"),
        click.option("--date", "date_", required=True, help="成文日期 YYYY-MM-DD / date of the notice"),
        click.option("--issuer", default=programme().issuer, show_default=True, help="发文机关 / issuing authority"),
        click.option("--cc", multiple=True, help="抄送机关，可重复 / copy to (repeatable)"),
        click.option("-o", "--output", type=click.Path(path_type=Path),
                     help="输出文件，默认 outputs/<类型>-<日期>.docx / output .docx"),
        click.option("--pdf", is_flag=True, help="同时用 LibreOffice 导出 PDF / also export a PDF"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _run(kind: str, data, from_registry, on, db, doc_number, date_, issuer, cc, output, pdf, **extra) -> None:
    from docgen.errors import UsageError
    from docgen.notices.data import read_records
    from docgen.notices.service import draft

    if bool(data) == bool(from_registry):
        raise UsageError("请二选一：用 --data FILE 提供名单，或用 --from-registry --on YYYY-MM-DD 从名录取名单。")
    if output is not None and data:  # the notice must never be written over its own cluster list
        from docgen.outputs import Output, check_outputs

        check_outputs([Output("公文文件", output)], [data])
    day = _date(date_, "成文日期 --date")
    records = read_records(data) if data else _registry_records(kind, _date(on, "名录日期 --on"), db)
    result = draft(kind, records, doc_number=doc_number, day=day, issuer=issuer, cc=cc, out=output, pdf=pdf, **extra)
    for w in result.warnings:
        click.echo(f"警告：{w}", err=True)
    click.echo(f"已生成 / written: {result.docx}")
    if result.pdf:
        click.echo(f"已导出 PDF / PDF: {result.pdf}")
    for note in result.notes:
        click.echo(note)


@click.group(context_settings=CONTEXT_SETTINGS, help=(
    "起草公文（GB/T 9704-2012 格式）并检查格式。\n\n"
    "Draft official notices in GB/T 9704-2012 format from a cluster list, and check any .docx."))
def notice():
    pass


def _kind_command(kind: str, zh: str, en: str):
    def decorate(func):
        @functools.wraps(func)
        def wrapper(**kwargs):
            return func(**kwargs)

        return notice.command(kind, context_settings=CONTEXT_SETTINGS, help=f"{zh}\n\n{en}")(_common(wrapper))

    return decorate


@_kind_command("publicity", "拟认定名单公示。公示期按国务院节假日安排计算工作日（含调休）。",
               "Publicity of the shortlist; the period counts State Council working days.")
@click.option("--from", "from_", help="公示起始日 YYYY-MM-DD，默认成文日期 / first day (default: --date)")
@click.option("--days", type=click.IntRange(1, 60), default=5, show_default=True, help="公示工作日数 / working days")
@click.option("--holidays", type=click.Path(path_type=Path),
              help='节假日文件 JSON {"holidays": [...], "workdays": [...]} / holiday file')
@click.option("--year", type=int, help="认定年度，默认成文日期所在年 / recognition year")
@click.option("--contact", default="", help="联系人及电话 / contact line")
def publicity(from_, days, holidays, year, contact, **common):
    from docgen.notices.workdays import WorkCalendar

    _run("publicity", **common, start=_date(from_, "公示起始日 --from"), days=days,
         calendar=WorkCalendar.from_file(holidays), year=year, contact=contact)


@_kind_command("announcement", "公布年度集群名单的通知。", "Notice publishing the year's list of recognised clusters.")
@click.option("--year", type=int, help="认定年度，默认成文日期所在年 / recognition year")
def announcement(year, **common):
    _run("announcement", **common, year=year)


@_kind_command("annual-call", "报送年度培育情况的通知（第十八条）。", "Call for the annual development report (Art. 18).")
@click.option("--report-year", type=int,
              help="报送哪一年度，默认截止日期的上一年 / report year (default: the year before the deadline)")
@click.option("--deadline", help=(
    f"截止日期 YYYY-MM-DD，默认成文日期当天或之后的第一个{programme().deadline_text}（指定 --report-year 时为其次年的"
    f"{programme().deadline_text}）/ deadline (default: the next {programme().deadline_mmdd} on or after --date)"))
def annual_call(report_year, deadline, **common):
    _run("annual-call", **common, report_year=report_year, deadline=_date(deadline, "截止日期 --deadline"))


@_kind_command("review", "复核通知；名单含复核结果（通过/未通过）时为复核结果通知（第十七条）。",
               "Call for review at expiry, or with results the review result notice (Art. 17).")
@click.option("--deadline", help="复核材料截止日期 YYYY-MM-DD，默认成文日期后30天 / deadline")
def review(deadline, **common):
    _run("review", **common, deadline=_date(deadline, "截止日期 --deadline"))


@_kind_command("revocation", "撤销认定的通知；名单每项须有撤销依据，如“第十九条（三）”。",
               "Revocation notice; each entry needs its Art. 19 ground, e.g. 第十九条（三）.")
def revocation(**common):
    _run("revocation", **common)


@notice.command("check", context_settings=CONTEXT_SETTINGS, help=(
    "检查任一 .docx 是否符合 GB/T 9704-2012：逐项列出元素、应为、实际。退出码 0 符合，1 不符合。\n\n"
    "GB/T 9704-2012 conformance of any .docx: each deviation with element, expected and found. "
    "Exit 0 conformant, 1 not."))
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
@click.pass_context
def check(ctx: click.Context, file: Path, as_json: bool) -> None:
    from dataclasses import asdict

    from docgen.formats.gongwen.check import check_docx

    deviations = check_docx(file)
    if as_json:
        click.echo(json.dumps({"path": str(file), "conformant": not deviations,
                               "deviations": [asdict(d) for d in deviations]}, ensure_ascii=False, indent=2))
    elif not deviations:
        click.echo(f"{file}：符合 GB/T 9704-2012 的各项检查。/ conformant.")
    else:
        click.echo(f"{file}：{len(deviations)} 处不符合 GB/T 9704-2012 / deviations:")
        for d in deviations:
            at = f" [{d.where}]" if d.where else ""
            click.echo(f"  · {d.element}{at}\n      应为 expected: {d.expected}\n      实际 found:    {d.found}")
    ctx.exit(1 if deviations else 0)
