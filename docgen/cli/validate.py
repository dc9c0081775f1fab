"""`docgen parse` and `docgen validate`: returned forms → data, issues, criteria, reports.

Exit codes (docs/report.md): 0 every file valid, 1 some file invalid or unreadable, 2 usage error.
Heavy modules are imported inside the commands so `docgen --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from docgen.catalogue import programme
from docgen.cli import CONTEXT_SETTINGS


def _is_tty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@click.command(
    "parse",
    context_settings=CONTEXT_SETTINGS,
    help=(
        "读取一份填好的表格（.docx、.xlsx 或导出的 PDF），输出其中的数据和读取时发现的问题。"
        "不做校验；校验请用 docgen validate。文件名以“-”开头时写在 -- 之后。\n\n"
        "Read one filled form into data (the record keyed by the data dictionary's ids) and the "
        "problems met while reading. No validation: use `docgen validate`. Put file names starting "
        "with '-' after `--`.\n\n退出码 / exit: 0 读取无错误 read without error · 1 无法读取或有错误 unreadable or errors"
    ),
)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="输出 JSON / print JSON for machines.")
@click.pass_context
def parse(ctx: click.Context, file: Path, as_json: bool) -> None:
    from docgen.pipeline import parse_file
    from docgen.report import render_parse
    from docgen.report.json_report import dumps

    result = parse_file(file)  # a folder, a FIFO, a missing file: its issue, as validate reports it
    if as_json:
        click.echo(dumps(result))
    else:
        click.echo(render_parse(result, color=_is_tty(sys.stdout)))
    ctx.exit(1 if any(i.get("severity") == "error" for i in result["issues"]) else 0)


@click.command(
    "validate",
    context_settings=CONTEXT_SETTINGS,
    help=(
        "校验回收的表格：文件或文件夹（递归查找 .docx、.xlsx、.pdf），逐个给出是否有效、是否符合"
        "第十二条条件、问题及其位置和改正方法。从不修改输入文件；一个文件有问题不影响其余文件。"
        "文件名以“-”开头时写在 -- 之后。\n\n"
        "Validate returned forms: files or folders (searched for .docx, .xlsx, .pdf). For each file: "
        "valid or not, eligible under Article 12 or not, and every problem with where it is and how to fix "
        "it. Inputs are never modified; a bad file does not stop the batch.\n\n"
        "退出码 / exit: 0 全部有效 all valid · 1 有无效或无法读取的文件 some invalid or unreadable · 2 用法错误 usage error"
    ),
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出完整报告 / print the full report as JSON.")
@click.option("--report", "report_path", type=click.Path(path_type=Path),
              help="把报告写入 .json 或 .xlsx 文件 / write the report to a .json or .xlsx file.")
@click.option("--annotate", "annotate_dir", type=click.Path(path_type=Path),
              help="在此文件夹中生成带批注的副本（保留相对路径）/ write annotated copies here, mirroring paths.")
@click.option("--policy", default=programme().default_policy, show_default=True,
              help="评判所用的政策 / the criteria set to judge by, one of schemas/policy/ (e.g. miit-2022).")
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="并行进程数（文件较多时）/ worker processes for large batches (default: up to 2).")
@click.pass_context
def validate(ctx: click.Context, paths: tuple[Path, ...], as_json: bool, report_path: Path | None,
             annotate_dir: Path | None, policy: str, jobs: int | None) -> None:
    from docgen.errors import UsageError
    from docgen.intake import collect_inputs
    from docgen.outputs import Output, check_outputs
    from docgen.pipeline import annotate_inputs, check_policy, validate_inputs
    from docgen.safetext import visible

    try:
        check_policy(policy)
    except UsageError as exc:
        raise click.BadParameter(exc.message, param_hint="--policy") from None
    if report_path is not None and report_path.suffix.lower() not in {".json", ".xlsx"}:
        raise click.BadParameter(f"报告文件「{report_path}」的扩展名应为 .json 或 .xlsx。", param_hint="--report")

    if report_path is not None and report_path.is_dir():
        raise click.BadParameter(f"「{report_path}」是一个文件夹。请给出报告文件的名称，如 报告.xlsx。",
                                 param_hint="--report")
    if annotate_dir is not None and annotate_dir.exists() and not annotate_dir.is_dir():
        raise click.BadParameter(f"「{annotate_dir}」已存在且不是文件夹。请为批注副本另选一个文件夹。",
                                 param_hint="--annotate")

    inputs = collect_inputs(list(paths), exclude=[p for p in (annotate_dir, report_path) if p is not None])
    # Before anything is read: no output may land on, in or around an input.
    check_outputs([Output("报告文件", report_path), Output("批注副本文件夹", annotate_dir, folder=True)],
                  paths, [i.path for i in inputs])
    show_progress = not as_json and _is_tty(sys.stderr) and len(inputs) > 1
    if show_progress:
        with click.progressbar(length=len(inputs), label="校验中 / validating", file=sys.stderr) as bar:
            report = validate_inputs(inputs, policy=policy, jobs=jobs, progress=bar.update)
    else:
        report = validate_inputs(inputs, policy=policy, jobs=jobs)

    if report_path is not None:
        _write_report(report, report_path)
    annotated = annotate_inputs(report, inputs, annotate_dir) if annotate_dir is not None else None

    if as_json:
        from docgen.report.json_report import dumps

        click.echo(dumps(report))
    else:
        from docgen.report import render_terminal

        click.echo(render_terminal(report, color=_is_tty(sys.stdout)))
        if report_path is not None:
            click.echo(f"\n报告已写入 / report written: {visible(report_path)}")
        if annotated is not None:
            _echo_annotated(annotated, annotate_dir)
    if annotated is not None and any(out is None and _could_annotate(e) for e, (_s, out, _w)
                                     in zip(report["files"], annotated, strict=True)):
        ctx.exit(1)  # a copy that should have been made was not (disk full, read-only folder …)
    all_valid = bool(report["files"]) and report["summary"]["invalid"] == 0
    ctx.exit(0 if all_valid else 1)


def _could_annotate(entry: dict) -> bool:
    """A Word/Excel file that was read: its annotated copy is expected."""
    return bool(entry.get("form")) and Path(entry["path"]).suffix.lower() in {".docx", ".xlsx"}


def _write_report(report: dict, path: Path) -> None:
    from docgen.errors import InputError
    from docgen.issues import message, os_reason
    from docgen.report import write_report

    try:
        write_report(report, path)
    except OSError as exc:
        raise InputError(message("run.write_failed", what="报告", path=path, reason=os_reason(exc))) from None


def _echo_annotated(annotated, outdir: Path) -> None:
    from docgen.safetext import visible

    made = [out for _src, out, _why in annotated if out is not None]
    click.echo(f"\n批注副本 / annotated copies: {len(made)} 个，位于 {visible(outdir)}")
    for src, out, why in annotated:
        if out is None:
            click.echo(f"  未生成 {visible(src)}：{visible(why)}")
