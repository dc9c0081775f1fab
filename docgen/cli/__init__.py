"""`docgen` command line. Subcommands are imported only when run, so `docgen --help` stays fast.

Each command group lives in its own module here and is registered in `_COMMANDS` by its import path.
`main` is the root group and the entry point. Errors become click exceptions inside its `invoke`, so
click's own machinery (and `CliRunner`) prints them and exits with the code a user sees: `DocgenError`
subclasses carry theirs (1 invalid input, 2 usage), anything else is one Chinese line with exit 1, never
a traceback (set DOCGEN_DEBUG=1 to see it). Commands end with `ctx.exit(code)`.
"""

from __future__ import annotations

import importlib
import os

import click

# name -> ("module:attribute", short help shown in `docgen --help`)
_COMMANDS: dict[str, tuple[str, str]] = {
    "forms": ("docgen.cli.forms:forms", "空白表格：目录、生成、整套下载、模板检查 / blank forms: list, new, kit, check"),
    "parse": ("docgen.cli.validate:parse", "读取填好的表格为数据 / read a filled form into data"),
    "validate": ("docgen.cli.validate:validate", "校验回收的表格并出具报告 / validate returned forms, write reports"),
    "notice": ("docgen.cli.notice:notice", "起草公文（GB/T 9704-2012） / draft official notices"),
    "registry": ("docgen.cli.registry:registry", "集群名录与动态管理 / cluster registry (Art. 17–19)"),
    "report": ("docgen.cli.report:report", "集群发展评估报告 / evaluation report (Art. 18)"),
    "review": ("docgen.cli.review:review", "专家评审：指标、回避分配、评分汇总 / expert review (Art. 16)"),
    "serve": ("docgen.cli.portal:serve", "运行申报平台 / run the portal (gunicorn)"),
    "portal": ("docgen.cli.portal:portal", "申报平台账号与令牌 / portal accounts and API tokens"),
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


class Failure(click.ClickException):
    """One Chinese line on stderr and our exit code: what a user sees when a command stops."""

    def __init__(self, line: str, exit_code: int):
        super().__init__(line)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(self.message, file=file, err=file is None)


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def __init__(self, *args, lazy: dict[str, tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._lazy = lazy or {}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self._lazy))

    def get_command(self, ctx, name):
        if name in self._lazy:
            module, attr = self._lazy[name][0].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        # Short help from the table, so listing commands imports nothing.
        with formatter.section("命令 / Commands"):
            formatter.write_dl([(name, self._lazy[name][1]) for name in sorted(self._lazy)])


class RootGroup(LazyGroup):
    """The `docgen` group: every failure of a subcommand becomes a click exception with our exit code."""

    def main(self, args=None, prog_name=None, **kwargs):
        return super().main(args, prog_name or "docgen", **kwargs)

    def invoke(self, ctx):
        from docgen.errors import DocgenError
        from docgen.issues import message
        from docgen.limits import Terminated, terminable

        try:
            with terminable():  # SIGTERM unwinds like Ctrl-C: workers ended, temp files removed
                return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit):
            raise
        except click.exceptions.Abort:
            raise Failure("已中止。/ Aborted.", 1) from None
        except KeyboardInterrupt:
            raise Failure(message("run.interrupted"), 130) from None
        except Terminated:
            raise Failure(message("run.terminated"), 143) from None
        except DocgenError as exc:
            raise Failure(f"错误：{exc.message}", exc.exit_code) from exc
        except Exception as exc:  # last line of defence: no traceback reaches a user
            if os.environ.get("DOCGEN_DEBUG"):
                raise
            raise Failure(f"内部错误：{type(exc).__name__}: {exc}。请将命令和输入文件报告给维护人员"
                          "（设置 DOCGEN_DEBUG=1 可查看详情）。", 1) from exc


@click.group(
    "docgen",
    cls=RootGroup,
    lazy=_COMMANDS,
    context_settings=CONTEXT_SETTINGS,
    help=(
        "docgen —— 陕西省中小企业特色产业集群申报、校验与公文工具（陕工信发〔2023〕89号）。\n\n"
        "docgen — forms, validation and official notices for Shaanxi's SME characteristic industrial "
        "clusters.\n\n退出码 / exit codes: 0 全部有效 all valid · 1 有无效或无法读取的输入 some input invalid · "
        "2 用法错误 usage error"
    ),
)
@click.version_option(package_name="docgen", message="docgen %(version)s")
def main():
    pass


cli = main  # the name older callers and tests import
