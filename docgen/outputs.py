"""Outputs never land on inputs: every path a command will write is checked against what it reads.

Checked before any input is read (docs/quality.md, "never modify an input file"): an output that is
an input (`os.path.samefile`, so hard links and `./` spellings count), an output inside an input
folder (a report among the county's files, an annotated copy over the original), or an input inside
an output folder (`--annotate` naming the inputs' own folder or a parent of it). Any of these is a
`UsageError` (exit 2) whose message names both paths.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from docgen.errors import UsageError
from docgen.issues import message


@dataclass(frozen=True)
class Output:
    what: str  # how the message names it: 报告文件, 批注副本文件夹, 导出文件 …
    path: Path
    folder: bool = False  # a folder the command writes into (inputs inside it are refused)


def _real(path: Path) -> str:
    """The absolute path with every existing symlink resolved (the target need not exist yet)."""
    return os.path.realpath(os.path.abspath(path))


def _inside(child: str, parent: str) -> bool:
    return child == parent or child.startswith(parent.rstrip(os.sep) + os.sep)


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def check_outputs(outputs: Iterable[Output], inputs: Iterable[Path | str], files: Iterable[Path | str] = ()) -> None:
    """Raise UsageError when an output would write over or into an input.

    `inputs` are the paths as given (files or folders); `files` the files collected from them (a hard
    link elsewhere to one of them is caught by samefile).
    """
    given = [Path(p) for p in inputs]
    collected = [Path(p) for p in files]
    for out in outputs:
        if out.path is None:
            continue
        real_out = _real(out.path)
        for inp in given + collected:
            real_in = _real(inp)
            if _same(out.path, inp) or real_out == real_in:
                code = "run.input_in_output" if out.folder else "run.output_is_input"
                raise UsageError(message(code, what=out.what, output=out.path, input=inp))
            if os.path.isdir(inp) and _inside(real_out, real_in):
                raise UsageError(message("run.output_in_input", what=out.what, output=out.path, input=inp))
            if out.folder and _inside(real_in, real_out):
                raise UsageError(message("run.input_in_output", what=out.what, output=out.path, input=inp))


__all__ = ["Output", "check_outputs"]
