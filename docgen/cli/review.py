"""`docgen review …`: expert review (Art. 16) — the index system, assignment with 回避, the tally."""

from __future__ import annotations

import json
from pathlib import Path

import click

from docgen.cli import CONTEXT_SETTINGS


@click.group(context_settings=CONTEXT_SETTINGS, help=(
    "专家评审（第十六条）：评审指标体系、回避分配与评分表、评分汇总与拟认定名单。\n\n"
    "Expert review (Art. 16): the index system, conflict-free assignment and scoring sheets, the tally and shortlist."))
def review():
    pass


@review.command("index", context_settings=CONTEXT_SETTINGS, help=(
    "显示评审指标体系（各项满分、评分要点、对应的申报书字段）。\n\nShow the index system experts score against."))
@click.option("--index", "index_name", help="指标体系名称（schemas/policy/<名称>.yaml）/ index system")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
def index_cmd(index_name, as_json):
    from docgen.numfmt import fmt
    from docgen.review.index import load_index

    ix = load_index(index_name)
    if as_json:
        click.echo(json.dumps(ix.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(f"{ix.title}（{ix.id}，依据 {ix.source}）\n{ix.note}。满分合计 {fmt(ix.total)} 分。")
    for i in ix.indicators:
        click.echo(f"  {i.id:<20} {i.label}（{i.article}） 满分 {fmt(i.max)}\n      {i.guidance}")
    click.echo(f"每份申报 {ix.experts_per_application} 位专家；评分人数不少于 {ix.trim_from} 人时去掉一个最高分和一个最低分；"
               f"与中位数相差超过 {fmt(ix.outlier_points)} 分提示核实；入围最低分 {fmt(ix.min_score)}。")


@review.command("assign", context_settings=CONTEXT_SETTINGS, help=(
    "为校验通过且符合条件的申报书编号、按回避规则（同设区市、同单位）分配专家，并为每位专家生成预填的评分表。\n\n"
    "Give ids, assign experts (回避 respected, loads balanced, deterministic by --seed), one scoring sheet each."))
@click.option("--experts", "experts_file", required=True, type=click.Path(path_type=Path),
              help="专家库 .xlsx（docgen forms new experts）或 .json / expert pool")
@click.option("--applications", "applications", required=True, multiple=True, type=click.Path(path_type=Path),
              help="申报书文件或文件夹，或 docgen validate --json 的报告；可重复 / application files, folder or report")
@click.option("--per", type=click.IntRange(1, 50), help="每份申报的专家人数（默认见指标体系，5）/ experts per application")
@click.option("--seed", type=int, default=0, show_default=True, help="随机种子：同一种子结果相同 / seed")
@click.option("--ids", "ids", type=click.Path(path_type=Path),
              help="申报编号登记文件（默认 DOCGEN_REVIEW_IDS 或 outputs/review-ids.json）/ id ledger")
@click.option("--index", "index_name", help="指标体系名称 / index system")
@click.option("-o", "--output", required=True, type=click.Path(file_okay=False, path_type=Path), help="输出文件夹 / folder")
def assign_cmd(experts_file, applications, per, seed, ids, index_name, output):
    from docgen.review.service import run_assign

    r = run_assign(experts_file, list(applications), output, per=per, seed=seed, ids=ids, index_name=index_name)
    click.echo(f"已分配 {len(r.applications)} 份申报，生成 {len(r.sheets)} 份评分表：{output}")
    lo, hi = (min(r.loads.values()), max(r.loads.values())) if r.loads else (0, 0)
    click.echo(f"每位专家评审 {lo}–{hi} 份；分配记录：{r.assignment}")
    for x in r.excluded:
        click.echo(f"未进入评审：{x['path']}（{x.get('cluster_name') or ''}）：{x['reason']}")


@review.command("tally", context_settings=CONTEXT_SETTINGS, help=(
    "读取回收的评分表，逐条检查（超出满分、漏评、未分配、重复提交、离群），计算最终得分与名次，"
    "输出汇总表和可直接用于 docgen notice publicity --data 的拟认定名单。退出码 0 无错误，1 有错误。\n\n"
    "Read the returned sheets, check every rule, rank, write the summary and the shortlist."))
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--assignment", type=click.Path(dir_okay=False, path_type=Path),
              help="分配记录（默认 FOLDER/assignment.json）/ assignment.json")
@click.option("--top", type=click.IntRange(1, 10000), help="入围名次上限 / shortlist size by rank")
@click.option("--min-score", "min_score", help="入围最低分（默认 60）/ minimum final score")
@click.option("--index", "index_name", help="指标体系名称 / index system")
@click.option("--report", "report", type=click.Path(dir_okay=False, path_type=Path), help="汇总表 .xlsx / summary")
@click.option("--shortlist", type=click.Path(dir_okay=False, path_type=Path), help="拟认定名单 .json / shortlist")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果 / print JSON")
@click.pass_context
def tally_cmd(ctx, folder, assignment, top, min_score, index_name, report, shortlist, as_json):
    from decimal import Decimal, InvalidOperation

    from docgen.atomic import write_text_atomic
    from docgen.errors import InputError, UsageError
    from docgen.review.index import load_index
    from docgen.review.service import ASSIGNMENT, read_assignment
    from docgen.review.summary import write_summary
    from docgen.review.tally import sheet_files, tally

    if not folder.exists():
        raise InputError(f"找不到评分表文件夹：{folder}")
    floor = None
    if min_score is not None:
        try:
            floor = Decimal(min_score)
        except InvalidOperation:
            raise UsageError(f"--min-score 应为数字：{min_score}") from None
    if report is not None and report.suffix.lower() != ".xlsx":
        raise UsageError(f"汇总表应为 .xlsx：{report}")
    plan = read_assignment(assignment or (folder if folder.is_dir() else folder.parent) / ASSIGNMENT)
    ix = load_index(index_name or plan.get("index"))
    result = tally(sheet_files(folder), plan, ix, top=top, min_score=floor)
    if report:
        write_summary(result, ix, report)
    if shortlist:
        write_text_atomic(shortlist, json.dumps(result.shortlist(), ensure_ascii=False, indent=1) + "\n")
    errors = [i for i in result.issues if i.severity == "error"]
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        ranked = sum(1 for a in result.applications if a.rank is not None)
        click.echo(f"读取评分表 {len(result.sheets)} 份；{ranked}/{len(result.applications)} 份申报评分完整并排名，"
                   f"入围 {sum(1 for a in result.applications if a.shortlisted)} 份。")
        for a in result.applications:
            if a.rank is not None:
                mark = "（并列）" if a.tied else ""
                click.echo(f"  {a.rank}{mark}  {a.final_shown}  {a.application_id}  {a.cluster_name}"
                           + ("  入围" if a.shortlisted else ""))
        for i in result.issues:
            click.echo(f"{'错误' if i.severity == 'error' else '警告'} [{i.code}] {i.location or ''} {i.message}", err=True)
        for path, what in ((report, "汇总表"), (shortlist, "拟认定名单")):
            if path:
                click.echo(f"已生成{what}：{path}")
    ctx.exit(1 if errors else 0)
