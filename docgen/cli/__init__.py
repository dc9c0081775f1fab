"""`docgen` command line. Subcommands are imported only when run, so `docgen --help` stays fast.

Each command group lives in its own module here and is registered in `_COMMANDS` by its import path.
Errors: `DocgenError` subclasses carry their exit code (0 ok, 1 invalid input, 2 usage); anything else
is reported in one Chinese line, never as a traceback (set DOCGEN_DEBUG=1 to see it).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

# name -> ("module:attribute", short help shown in `docgen --help`)
_COMMANDS: dict[str, tuple[str, str]] = {
    "forms": ("docgen.cli.forms:forms", "空白表格：目录、生成、整套下载、模板检查 / blank forms: list, new, kit, check"),
    "parse": ("docgen.cli.validate:parse", "读取填好的表格为数据 / read a filled form into data"),
    "validate": ("docgen.cli.validate:validate", "校验回收的表格并出具报告 / validate returned forms, write reports"),
    "notice": ("docgen.cli.notice:notice", "起草公文（GB/T 9704-2012） / draft official notices"),
    "registry": ("docgen.cli.registry:registry", "集群名录与动态管理 / cluster registry (Art. 17–19)"),
    "report": ("docgen.cli.report:report", "集群发展评估报告 / evaluation report (Art. 18)"),
}

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 110}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def __init__(self, *args, lazy: dict[str, tuple[str, str]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._lazy = lazy or {}

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(self._lazy))

    def get_command(self, ctx, name):
        if name in self._lazy:
            path = self._lazy[name][0]
            module, attr = path.split(":")
            try:
                return getattr(importlib.import_module(module), attr)
            except ModuleNotFoundError as exc:
                if exc.name and exc.name.startswith("docgen.cli"):
                    return None  # command not built in this version
                raise
        return super().get_command(ctx, name)

    def format_commands(self, ctx, formatter):
        # Short help from the table, so listing commands imports nothing.
        rows = [(name, self._lazy[name][1]) for name in sorted(self._lazy) if self._module_exists(name)]
        if rows:
            with formatter.section("命令 / Commands"):
                formatter.write_dl(rows)

    def _module_exists(self, name: str) -> bool:
        import importlib.util

        module = self._lazy[name][0].split(":")[0]
        return importlib.util.find_spec(module) is not None


@click.group(
    cls=LazyGroup,
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
def cli():
    pass


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turning every failure into a message and an exit code."""
    from docgen.errors import DocgenError

    try:
        rv = cli.main(args=argv, prog_name="docgen", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("已中止。/ Aborted.", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)
    except DocgenError as exc:
        click.echo(f"错误：{exc.message}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("已中断。/ Interrupted.", err=True)
        sys.exit(130)
    except Exception as exc:  # last line of defence: no traceback reaches a user
        if os.environ.get("DOCGEN_DEBUG"):
            raise
        click.echo(
            f"内部错误：{type(exc).__name__}: {exc}。请将命令和输入文件报告给维护人员（设置 DOCGEN_DEBUG=1 可查看详情）。",
            err=True,
        )
        sys.exit(1)
    sys.exit(rv if isinstance(rv, int) else 0)
