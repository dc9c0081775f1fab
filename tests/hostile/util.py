"""Helpers of the hostile-input tests: a CLI run measured from outside, digests of folders.

`measured` runs `python -m docgen …` in a fresh process under a hard wall-time bound (the subprocess
timeout) and reports the peak RSS as the kernel saw it (ru_maxrss of the reaped children, measured by a
small wrapper: the largest process of the tree; a single-file run has one).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WALL_LIMIT_S = 90  # any single hostile file: far above what each takes (≤ 10 s), far below "hangs"
MEMORY_LIMIT_MB = 500  # the bound for the whole process tree, any single file ≤ 50 MB

_WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "p = subprocess.run([sys.executable, '-m', 'docgen', *sys.argv[2:]], capture_output=True)\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
    "open(sys.argv[1], 'w').write(json.dumps({'rc': p.returncode, 'peak_mb': peak,"
    " 'out': p.stdout.decode('utf-8', 'replace'), 'err': p.stderr.decode('utf-8', 'replace')}))\n"
)


@dataclass
class Run:
    rc: int
    out: str
    err: str
    peak_mb: float

    def json(self) -> dict:
        return json.loads(self.out)


def env() -> dict:
    e = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120")
    e.pop("DOCGEN_DEBUG", None)
    return e


def measured(workdir: Path, *args, cwd: Path | None = None, timeout: float = WALL_LIMIT_S) -> Run:
    result = workdir / f".run-{len(list(workdir.glob('.run-*')))}.json"
    subprocess.run([sys.executable, "-c", _WRAPPER, str(result), *map(str, args)], cwd=cwd or workdir,
                   env=env(), timeout=timeout, check=True)
    d = json.loads(result.read_text(encoding="utf-8"))
    return Run(d["rc"], d["out"], d["err"], d["peak_mb"])


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every regular file under `folder` (links and FIFOs left alone)."""
    out = {}
    for d, _dirs, names in os.walk(folder):
        for n in names:
            p = Path(d) / n
            if p.is_file() and not p.is_symlink():
                out[str(p)] = sha256(p)
    return out
