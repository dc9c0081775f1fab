"""`docgen forms …`: the catalogue, blank forms, a county's kit, and the template lint."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from docgen.cli import CONTEXT_SETTINGS


@click.group(context_settings=CONTEXT_SETTINGS,
             help="空白表格：目录、生成、整套下载、模板检查。\n\nBlank forms: catalogue, generation, county kits, template lint.")
def forms():
    pass


@forms.command("list", help="列出全部表格（编号、中文名、格式、版本）。\n\nList every form: id, Chinese title, format, version.")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
def list_forms(as_json: bool):
    from docgen.catalogue import entries

    rows = [
        {"id": e.id, "title": e.title, "format": e.format, "version": e.version, "filled_by": e.filled_by or None}
        for e in entries()
    ]
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        click.echo(f"{r['id']:<15} {r['format']:<5} v{r['version']:<5} {r['title']}（{r['filled_by']}）")


def _registry_prefill(cluster_id: str) -> dict:
    from docgen.registry.api import prefill_for_cluster

    return prefill_for_cluster(cluster_id)


@forms.command("new", help=(
    "生成一份空白表格（可预填县、集群名称、年度）。FORM 为表格编号，见 `docgen forms list`。\n\n"
    "Render one blank form, pre-filled with what is given. --year means: application → application year "
    "(indicators cover the three years before); annual → report year; plan → first plan year."))
@click.argument("form")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=Path("outputs"),
              show_default=True, help="输出文件夹 / output folder")
@click.option("--county", help="县（市、区），如 杨陵区 / county-level unit")
@click.option("--city", help="设区市（推荐汇总表用）/ city (for the recommendation summary)")
@click.option("--cluster", help="集群名称 / cluster name")
@click.option("--year", type=click.IntRange(2000, 2100), help="年度（含义因表而异）/ year, per-form meaning")
@click.option("--cluster-id", help="集群编号：从集群名录预填 / pre-fill identity from the registry")
@click.option("--pdf", is_flag=True, help="同时导出 PDF（需要 LibreOffice）/ also export a PDF")
def new(form, outdir, county, city, cluster, year, cluster_id, pdf):
    from docgen.generate import new_form
    from docgen.schema import load_form

    load_form(form)  # unknown form → UsageError listing the valid ones
    extra = {}
    if cluster_id:
        extra = _registry_prefill(cluster_id)
        county = county or extra.pop("county", None)
        cluster = cluster or extra.pop("cluster_name", None)
        extra.pop("city", None)
    path = new_form(form, outdir, county=county, city=city, cluster=cluster, year=year,
                    cluster_id=cluster_id, extra=extra)
    click.echo(f"已生成 {path}")
    if pdf:
        _export_pdf([path], outdir)


def _export_pdf(paths: list[Path], outdir: Path) -> None:
    from docgen.formats.pdf_export import to_pdf

    for p in to_pdf(paths, outdir):
        click.echo(f"已导出 {p}")


@forms.command("kit", help=(
    "生成一个县需要的全部表格（一个文件夹，附 kit.json 清单）。--all-counties 为全省每个县各生成一套。\n\n"
    "Every form a county fills, in one folder with a kit.json listing them; --all-counties for every county."))
@click.option("--county", help="县（市、区） / county-level unit")
@click.option("--all-counties", is_flag=True, help="全省所有县级单位 / every county-level unit of Shaanxi")
@click.option("-o", "--output", "outdir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="输出文件夹（默认 outputs/kit-县名）/ output folder")
@click.option("--year", type=click.IntRange(2000, 2100), help="申报年度 / application year")
@click.option("--pdf", is_flag=True, help="同时导出 PDF（需要 LibreOffice）/ also export PDFs")
def kit_cmd(county, all_counties, outdir, year, pdf):
    from docgen.divisions import all_counties as counties_list
    from docgen.errors import UsageError
    from docgen.generate import kit

    if bool(county) == bool(all_counties):
        raise UsageError("请指定 --county 县名，或 --all-counties（二选一）。")
    started = time.perf_counter()
    if county:
        target = outdir or Path("outputs") / f"kit-{county}"
        paths = kit(county, target, year=year)
        click.echo(f"已生成 {len(paths)} 份表格到 {target}（清单 {target / 'kit.json'}）")
    else:
        base = outdir or Path("outputs") / "kits"
        paths = []
        for name in counties_list():
            paths += kit(name, base / name, year=year)
        click.echo(f"已为 {len(counties_list())} 个县级单位生成 {len(paths)} 份表格到 {base}，"
                   f"用时 {time.perf_counter() - started:.1f} 秒")
    if pdf:
        _export_pdf(paths, paths[0].parent if county else base / "pdf")




@forms.command("check", help=(
    "检查一个（可能被工作人员改过的）表格或公文模板：每个字段恰有一个填写框，没有未知标记，模板变量都已知。\n\n"
    "Lint a form or notice template: every schema field has exactly one slot, no unknown tags, known Jinja variables. "
    "Exit 0 when clean, 1 with the problems listed."))
@click.argument("template", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--form", "form_id",
              help="表格编号（默认按清单或填写框识别）/ form id (default: from the manifest or the slots)")
@click.pass_context
def check(ctx: click.Context, template: Path, form_id: str | None):
    from docgen.lint import lint_template

    problems, what = lint_template(template, form_id)
    if problems:
        click.echo(f"{template}：{what}模板有 {len(problems)} 处问题：")
        for p in problems:
            click.echo(f"  - {p}")
        ctx.exit(1)
    click.echo(f"{template}：{what}模板检查通过。")
