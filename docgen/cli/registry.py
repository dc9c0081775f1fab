"""`docgen registry …`: the cluster registry (Articles 17–19) — import, decisions, due, show, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from docgen.catalogue import programme
from docgen.cli import CONTEXT_SETTINGS
from docgen.registry.db import open_registry  # light: SQLAlchemy is imported when a registry opens
from docgen.registry.labels import ACTION_LABELS, STATUS_LABELS

DB_HELP = "名录数据库：文件路径或地址（默认 outputs/registry.sqlite3，或环境变量 DOCGEN_DB）/ database path or URL"


def _date(value: str | None, what: str):
    if value is None:
        return None
    from docgen.typed import require_date as parse_date

    return parse_date(value, what)


def _echo_json(payload) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def _db_option(f):
    return click.option("--db", help=DB_HELP)(f)


@click.group(context_settings=CONTEXT_SETTINGS, help=(
    "集群名录与动态管理（第十七至十九条）：导入报送表格、登记认定、复核、撤销，查询到期事项。\n\n"
    "The cluster registry: import returned forms, record recognitions, reviews and revocations, list what is due."))
def registry():
    pass


@registry.command("import", help=(
    "校验并登记报送的表格（与 docgen validate 相同的校验）。同一文件重复导入不会重复登记；"
    "不合格的文件连同问题一并记录。\n\nValidate files and folders and record them; idempotent per file."))
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--policy", default=programme().default_policy, show_default=True, help="认定条件 / criteria set")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
@_db_option
@click.pass_context
def import_cmd(ctx, paths, policy, as_json, db):
    from docgen.intake import collect_inputs
    from docgen.pipeline import check_policy, validate_inputs
    from docgen.registry.importer import import_report
    from docgen.safetext import visible

    check_policy(policy)
    with open_registry(db) as reg:
        inputs = collect_inputs([Path(p) for p in paths], exclude=reg.own_files())
        if as_json or not sys.stderr.isatty() or len(inputs) < 2:
            report = validate_inputs(inputs, policy=policy)
        else:
            with click.progressbar(length=len(inputs), label="校验中 / validating", file=sys.stderr) as bar:
                report = validate_inputs(inputs, policy=policy, progress=bar.update)
        result = import_report(reg, report)
    if as_json:
        _echo_json(result.to_dict())
    else:
        for e in result.entries:
            who = f" → {e['cluster_id']}" if e["cluster_id"] else ""
            click.echo(f"{ACTION_LABELS[e['action']]:<4} {STATUS_LABELS[e['status']]}{who}  {visible(e['path'])}")
            if e["note"] and (e["status"] != "accepted" or e["action"] == "skipped"):
                click.echo(f"      {visible(e['note'])}")
        s = result.summary
        click.echo(f"共 {s['files']} 个文件：新增 {s['added']}，已导入过 {s['duplicate']}，补登记 {s['attached']}；"
                   f"已登记 {s['accepted']}，不合格 {s['rejected']}，未匹配 {s['unmatched'] + s['ambiguous']}。")
    ctx.exit(0 if result.ok else 1)


@registry.command("recognise", help=(
    "登记公布的认定名单并编发集群编号（名单格式与公文相同：.json 或 .xlsx）。\n\n"
    "Record a published list (same list format as the notices) and issue cluster ids."))
@click.option("--data", "data", required=True, type=click.Path(path_type=Path), help="名单 .json/.xlsx / list file")
@click.option("--doc-number", required=True, help="名单公布文号，如 陕工信发〔2025〕12号 / 文号")
@click.option("--date", "date_", required=True, help="名单公布日期 YYYY-MM-DD / publication date")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
@_db_option
def recognise_cmd(data, doc_number, date_, as_json, db):
    from docgen.notices.data import check_doc_number
    from docgen.registry.decisions import recognise, rows_from_list

    published = _date(date_, "名单公布日期")
    doc_number = check_doc_number(doc_number)
    rows = rows_from_list(data)
    with open_registry(db) as reg:
        done = recognise(reg, rows, doc_number, published)
    if as_json:
        _echo_json([vars(d) for d in done])
        return
    labels = {"new": "新认定", "re-recognised": "再次认定", "unchanged": "已登记过"}
    for d in done:
        click.echo(f"{d.cluster_id}  {labels[d.action]}  {d.county} {d.cluster_name}")
    click.echo(f"共 {len(done)} 个集群（{doc_number}，{published.isoformat()} 公布，有效期三年）。")


@registry.command("review", help=(
    "记录复核结果；复核通过的有效期延长三年（第十七条）。CLUSTER 为集群编号或名称。\n\n"
    "Record a review result; a pass extends validity by three years."))
@click.argument("cluster")
@click.option("--result", required=True, type=click.Choice(["通过", "未通过"]), help="复核结果 / result")
@click.option("--date", "date_", required=True, help="复核决定日期 YYYY-MM-DD / date of the decision")
@click.option("--doc-number", help="复核结果文号 / 文号 of the decision")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
@_db_option
def review_cmd(cluster, result, date_, doc_number, as_json, db):
    from docgen.registry.decisions import record_review

    with open_registry(db, create=False) as reg:
        out = record_review(reg, cluster, result, _date(date_, "复核决定日期"), doc_number)
    if as_json:
        _echo_json(out)
        return
    done = "已记录" if out["action"] == "added" else "此前已记录"
    click.echo(f"{done}：{out['cluster_id']} {out['cluster_name']} 复核{result}，有效期至 {out['valid_until']}。")


@registry.command("revoke", help=(
    "记录撤销认定（第十九条）。CLUSTER 为集群编号或名称。\n\nRecord a revocation with its Article 19 ground."))
@click.argument("cluster")
@click.option("--ground", required=True, help="撤销依据，如 第十九条（三）/ Art. 19 ground")
@click.option("--doc-number", required=True, help="撤销文号 / 文号")
@click.option("--date", "date_", required=True, help="撤销日期 YYYY-MM-DD / date")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
@_db_option
def revoke_cmd(cluster, ground, doc_number, date_, as_json, db):
    from docgen.notices.data import check_doc_number
    from docgen.registry.decisions import record_revocation

    with open_registry(db, create=False) as reg:
        out = record_revocation(reg, cluster, ground, check_doc_number(doc_number), _date(date_, "撤销日期"))
    if as_json:
        _echo_json(out)
        return
    done = "已记录" if out["action"] == "added" else "此前已记录"
    click.echo(f"{done}：{out['cluster_id']} {out['cluster_name']} 依据{out['ground']}撤销认定。")


def _print_due(due: dict) -> None:
    def who(e):
        return f"{e['cluster_id']} {e['city']}{e['county']} {e['cluster_name']}"

    click.echo(f"截至 {due['on']}：")
    click.echo(f"一、逾期未报年度信息表（{len(due['annual_overdue'])} 项）")
    for e in due["annual_overdue"]:
        click.echo(f"  {who(e)}：{e['report_year']} 年度，应于 {e['due']} 前报送")
    click.echo(f"二、复核到期（{len(due['reviews_due'])} 项）")
    for e in due["reviews_due"]:
        state = "已到期" if e["status"] == "expired" else "即将到期"
        filed = f"，已于 {e['filed']} 提交复核申请" if e.get("filed") else ""
        click.echo(f"  {who(e)}：有效期至 {e['due']}（{state}{filed}）")
    click.echo(f"三、可能撤销认定的情形（{len(due['revocation_candidates'])} 项）")
    for e in due["revocation_candidates"]:
        click.echo(f"  {who(e)}：{e['ground']} {e['detail']}")


@registry.command("due", help=(
    "列出到期事项：逾期未报的年度信息表、到期复核、可能撤销的情形（含第十九条依据）。\n\n"
    "What is due on a date: overdue annual tables, reviews due, revocation candidates."))
@click.option("--on", "on", help="截至日期 YYYY-MM-DD（默认今天）/ as of date (default today)")
@click.option("--horizon", type=click.IntRange(0, 3650), help="复核提前提示天数（默认 90）/ review horizon days")
@click.option("--deadline", help=f"年度信息表截止月日 MM-DD（默认 {programme().deadline_mmdd}）/ annual deadline")
@click.option("--change-days", type=click.IntRange(0, 3650),
              help=f"重大变动报备期限天数（默认 {programme().change_report_days}）/ days allowed")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
@_db_option
def due_cmd(on, horizon, deadline, change_days, as_json, db):
    from datetime import date

    from docgen.registry.due import due_lists, parse_month_day

    on_date = _date(on, "截至日期") or date.today()
    overrides = {"review_horizon_days": horizon, "change_days": change_days,
                 "annual_deadline": parse_month_day(deadline) if deadline else None}
    with open_registry(db, create=False) as reg:
        due = due_lists(reg, on_date, **overrides)
    if as_json:
        _echo_json(due)
    else:
        _print_due(due)


@registry.command("settings", help=(
    "查看或修改本名录的期限设置：年度信息表截止月日、重大变动报备天数、复核提前提示天数。\n\n"
    "Show or change this registry's deadlines."))
@click.option("--annual-deadline", help="年度信息表截止月日 MM-DD，如 03-30 / annual deadline")
@click.option("--change-days", type=click.IntRange(0, 3650), help="重大变动报备期限（天）/ days allowed")
@click.option("--review-horizon", type=click.IntRange(0, 3650), help="复核提前提示（天）/ review horizon")
@_db_option
def settings_cmd(annual_deadline, change_days, review_horizon, db):
    from docgen.registry.due import parse_month_day, save_settings

    with open_registry(db) as reg:
        s = save_settings(reg, annual_deadline=parse_month_day(annual_deadline) if annual_deadline else None,
                          change_days=change_days, review_horizon_days=review_horizon)
    month, day = s.annual_deadline
    click.echo(f"年度信息表截止：填报年度次年 {month}月{day}日；重大变动报备期限：{s.change_days} 天；"
               f"复核提前提示：{s.review_horizon_days} 天。")


@registry.command("show", help="一个集群的全部记录（CLUSTER 为编号或名称）。\n\nOne cluster's whole history.")
@click.argument("cluster")
@click.option("--on", "on", help="状态的截至日期（默认今天）/ as of date")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / print JSON")
@_db_option
def show_cmd(cluster, on, as_json, db):
    from docgen.registry.history import cluster_history

    with open_registry(db, create=False) as reg:
        h = cluster_history(reg, cluster, _date(on, "截至日期"))
    if as_json:
        _echo_json(h)
        return
    click.echo(f"{h['cluster_id']} {h['cluster_name']}（{h['city']}{h['county']}，主导产业：{h['leading_industry']}）")
    click.echo(f"状态：{h['state_label']}，有效期至 {h['valid_until'] or '—'}")
    for r in h["recognitions"]:
        click.echo(f"  认定 {r['published_on']} {r['doc_number']}，有效期至 {r['valid_until']}")
    for f in h["annual_filings"]:
        flag = "" if f["current"] else "（已被更新的报送替代）"
        inc = "，声明发生第十九条（五）情形" if f["incident"] else ""
        click.echo(f"  年度信息表 {f['report_year']} 年度，填报 {f['fill_date']}{inc}{flag}")
    for c in h["change_reports"]:
        click.echo(f"  重大变动报备：发生 {c['change_date']}，填报 {c['fill_date']}")
    for r in h["review_filings"]:
        click.echo(f"  复核申请：填报 {r['fill_date']}")
    for d in h["review_decisions"]:
        click.echo(f"  复核结果 {d['decided_on']}：{d['result']} {d['doc_number'] or ''}")
    for r in h["revocations"]:
        click.echo(f"  撤销 {r['decided_on']}：{r['ground']} {r['doc_number']}")
    bad = [f for f in h["files"] if f["status"] != "accepted"]
    click.echo(f"导入文件 {len(h['files'])} 个，其中未采用 {len(bad)} 个。")
    for f in bad:
        click.echo(f"  {STATUS_LABELS.get(f['status'], f['status'])}：{f['path']}  {f['note'] or ''}")


@registry.command("export", help="导出名录（每个集群一行，含状态）为 .xlsx。\n\nExport every cluster with its state.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="输出 .xlsx / file")
@click.option("--on", "on", help="状态的截至日期（默认今天）/ as of date")
@_db_option
def export_cmd(output, on, db):
    from docgen.errors import InputError, UsageError
    from docgen.issues import message, os_reason
    from docgen.outputs import Output, check_outputs
    from docgen.registry.history import export_xlsx
    from docgen.safetext import visible

    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"输出文件应为 .xlsx：{output}")
    with open_registry(db, create=False) as reg:
        check_outputs([Output("导出文件", output)], reg.own_files())
        try:
            n = export_xlsx(reg, output, _date(on, "截至日期"))
        except OSError as exc:
            raise InputError(message("run.write_failed", what="导出文件", path=output, reason=os_reason(exc))) from None
    click.echo(f"已导出 {n} 个集群到 {visible(output)}")
