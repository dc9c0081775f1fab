"""`docgen report …`: the 集群发展评估报告 (Art. 18) drawn from the registry."""

from __future__ import annotations

from pathlib import Path

import click

from docgen.catalogue import programme
from docgen.cli import CONTEXT_SETTINGS


@click.group(context_settings=CONTEXT_SETTINGS, help="集群发展评估报告（第十八条）。\n\nEvaluation report (Art. 18).")
def report():
    pass


@report.command("evaluation", help=(
    "由名录中的年度信息表生成集群发展评估报告（.docx，含图表）：指标变化、规划目标完成、认定条件保持、报送情况。\n\n"
    "The evaluation report for a year from the registry's annual tables, with charts, in the official style."))
@click.option("--year", required=True, type=click.IntRange(2000, 2100), help="评估年度（填报年度）/ report year")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="输出 .docx / file")
@click.option("--on", "on", help="评估截至日期 YYYY-MM-DD（默认今天）/ as of date")
@click.option("--policy", default=programme().default_policy, show_default=True, help="认定条件 / criteria set")
@click.option("--pdf", is_flag=True, help="同时导出 PDF（需要 LibreOffice）/ also export a PDF")
@click.option("--db", help="名录数据库（默认 outputs/registry.sqlite3 或 DOCGEN_DB）/ database path or URL")
def evaluation(year, output, on, policy, pdf, db):
    from docgen.errors import UsageError
    from docgen.outputs import Output, check_outputs
    from docgen.registry.db import open_registry
    from docgen.registry.evaluation import evaluate
    from docgen.registry.evaluation_report import write_evaluation
    from docgen.typed import require_date as parse_date

    if output.suffix.lower() != ".docx":
        raise UsageError(f"输出文件应为 .docx：{output}")
    on_date = parse_date(on, "截至日期") if on else None
    with open_registry(db, create=False) as reg:
        if reg.url.startswith("sqlite:///"):
            check_outputs([Output("评估报告", output)], [Path(reg.url.removeprefix("sqlite:///"))])
        ev = evaluate(reg, year, on_date, policy)
    path = write_evaluation(ev, output)
    click.echo(f"已生成 {path}（{len(ev.clusters)} 个集群）")
    if pdf:
        from docgen.formats.pdf_export import to_pdf

        for p in to_pdf([path], path.parent):
            click.echo(f"已导出 {p}")
