"""`docgen serve` and `docgen portal …`: run the portal, create and manage its accounts (docs/portal.md)."""

from __future__ import annotations

from pathlib import Path

import click

_DB = click.option("--db", default=None, help="数据库：文件路径或 postgresql+psycopg://… 地址（默认 DOCGEN_DB 或 outputs/registry.sqlite3）")
_DATA = click.option("--data", default=None, type=click.Path(file_okay=False, path_type=Path),
                     help="门户数据文件夹（上传文件、密钥；默认 outputs/portal）")


def _config(db, data):
    from docgen.portal.config import PortalConfig

    return PortalConfig.from_env(db=db, data=data)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听地址")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="端口")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="工作进程数")
@_DB
@_DATA
@click.pass_context
def serve(ctx, host, port, workers, db, data):
    """运行申报平台（gunicorn）。首次运行前请先 docgen portal init 创建账号。"""
    from docgen.portal.config import ensure_secret
    from docgen.portal.server import serve as run
    from docgen.registry.db import open_registry

    cfg = _config(db, data)
    ensure_secret(cfg)  # made once, before the workers start, so all of them share it
    with open_registry(cfg.db) as reg, reg.reading() as session:  # migrate once here, not in every worker
        from sqlalchemy import func, select

        from docgen.portal.models import Account

        if not session.scalar(select(func.count()).select_from(Account)):
            click.echo("提示：还没有任何账号，无法登录。请先运行 docgen portal init（同样的 --db/--data）。", err=True)
    click.echo(f"申报平台：http://{host}:{port}/ （{workers} 个工作进程；数据 {cfg.data}；按 Ctrl-C 停止）", err=True)
    run(cfg, host, port, workers)
    ctx.exit(0)


@click.group("portal")
def portal():
    """申报平台的账号与令牌。"""


def _show(rows, out: Path | None, cfg, label: str) -> None:
    from docgen.portal.accounts import write_passwords

    if not rows:
        click.echo("没有新建账号（所有单位的账号都已存在）。")
        return
    path = out or cfg.data / f"{label}.xlsx"
    if out is None and path.exists():  # never overwrite passwords handed out earlier
        import datetime as dt

        path = cfg.data / f"{label}-{dt.datetime.now():%Y%m%d-%H%M%S}.xlsx"
    path = write_passwords(rows, path)
    click.echo(f"{label}：{len(rows)} 个账号，一次性密码已写入 {path}（仅本人可读）。请分发后妥善保管或删除此文件。")


@portal.command("init")
@_DB
@_DATA
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="一次性密码表 .xlsx（默认 数据文件夹/一次性密码.xlsx）")
@click.pass_context
def init(ctx, db, data, out):
    """为每个县级、市级单位和省级管理员创建账号，生成门户密钥。"""
    from docgen.portal.accounts import init_accounts
    from docgen.portal.config import ensure_secret
    from docgen.registry.db import open_registry

    cfg = _config(db, data)
    ensure_secret(cfg)
    with open_registry(cfg.db) as reg:
        rows = init_accounts(reg)
    _show(rows, out, cfg, "一次性密码")
    ctx.exit(0)


@portal.group("user")
def user():
    """新建、重设、停用账号。"""


@user.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["county", "city", "province"]), required=True, help="角色")
@click.option("--unit", default=None, help="县级单位名称（county）或设区市（city）")
@_DB
@_DATA
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_context
def user_add(ctx, username, role, unit, db, data, out):
    """新建账号 USERNAME，生成一次性密码。"""
    from docgen.portal.accounts import add_user
    from docgen.registry.db import open_registry

    cfg = _config(db, data)
    with open_registry(cfg.db) as reg:
        row = add_user(reg, username, role, unit)
    _show([row], out, cfg, f"一次性密码-{row['username']}")
    ctx.exit(0)


@user.command("reset")
@click.argument("username")
@_DB
@_DATA
@click.option("-o", "--out", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.pass_context
def user_reset(ctx, username, db, data, out):
    """重设密码（新的一次性密码），立即结束该账号的所有会话和令牌。"""
    from docgen.portal.accounts import reset_user
    from docgen.registry.db import open_registry

    cfg = _config(db, data)
    with open_registry(cfg.db) as reg:
        row = reset_user(reg, username)
    _show([row], out, cfg, f"一次性密码-{row['username']}")
    ctx.exit(0)


@user.command("disable")
@click.argument("username")
@_DB
@click.pass_context
def user_disable(ctx, username, db):
    """停用账号，立即结束它的所有会话和令牌。"""
    from docgen.portal.accounts import disable_user
    from docgen.registry.db import open_registry

    with open_registry(_config(db, None).db) as reg:
        disable_user(reg, username)
    click.echo(f"账号「{username}」已停用，其会话和令牌已失效。")
    ctx.exit(0)


@portal.command("token")
@click.argument("username")
@click.option("--days", type=click.IntRange(1, 3650), default=None, help="有效天数（默认 90）")
@click.option("--list", "show", is_flag=True, help="列出该账号的令牌（编号、有效期、状态），不签发新令牌")
@click.option("--revoke", type=int, default=None, metavar="编号", help="撤销该账号编号为此的令牌")
@_DB
@click.pass_context
def token(ctx, username, days, show, revoke, db):
    """为 USERNAME 签发 API 访问令牌（只显示这一次；库中只存其摘要），或列出、撤销其令牌。"""
    from docgen.portal.accounts import list_tokens, new_token, revoke_token
    from docgen.registry.db import open_registry

    cfg = _config(db, None)
    with open_registry(cfg.db) as reg:
        if show:
            rows = list_tokens(reg, username)
            for r in rows:
                click.echo(f"{r['id']}\t签发 {r['created']:%Y-%m-%d %H:%M}\t有效至 {r['expires']:%Y-%m-%d}\t{r['state']}")
            if not rows:
                click.echo(f"账号「{username}」没有令牌。")
        elif revoke is not None:
            revoke_token(reg, username, revoke)
            click.echo(f"令牌 {revoke} 已撤销。")
        else:
            value, until = new_token(reg, username, days or cfg.token_days)
            click.echo(value)
            click.echo(f"有效至 {until}。请求时加请求头 Authorization: Bearer <令牌>。", err=True)
    ctx.exit(0)
