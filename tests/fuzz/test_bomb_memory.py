"""Memory stays bounded on a zip bomb: a fresh process validating a ~1000× bomb peaks < 200 MB above one
validating the same valid form (ru_maxrss of each child, measured by the child itself). Two kinds: a
bomb that declares its size honestly (refused before reading), and one whose headers claim 64 KB (the
reader must not inflate past what is declared)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from .mutants import bomb_member, declare_size

ROOT = Path(__file__).resolve().parents[2]
_CHILD = (
    "import json, resource, sys\n"
    "from docgen.pipeline import validate_paths\n"
    "r = validate_paths([sys.argv[1]])['files'][0]\n"
    "print(json.dumps({'rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'valid': r['valid'],"
    " 'codes': [i['code'] for i in r['issues']]}))\n"
)
# form → (member inflated, MB it inflates to)
BOMBS = {"application": ("word/document.xml", 256), "annual": ("xl/worksheets/sheet2.xml", 64)}  # 基本信息


def _peak(path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, env=env, capture_output=True,
                          timeout=120, check=True)
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def bombs(filled) -> dict[str, bytes]:
    return {form: bomb_member(filled[form].read_bytes(), random.Random(1), mb=mb, name=member)
            for form, (member, mb) in BOMBS.items()}


@pytest.mark.parametrize("form", sorted(BOMBS))
@pytest.mark.parametrize("declared", ["honest", "lying"])
def test_a_zip_bomb_is_refused_within_bounded_memory(filled, bombs, tmp_path, form, declared):
    member, mb = BOMBS[form]
    data = bombs[form] if declared == "honest" else declare_size(bombs[form], member, 65536)
    bomb = tmp_path / f"bomb{filled[form].suffix}"
    bomb.write_bytes(data)
    assert bomb.stat().st_size < mb * 1024 * 1024 / 200  # really a bomb: ratio > 200
    base, hit = _peak(filled[form]), _peak(bomb)
    assert hit["valid"] is False
    # A lying header is caught when the member's CRC fails after the declared bytes (reported as corrupt).
    want = {"file.zip_bomb"} if declared == "honest" else {"file.zip_bomb", "file.corrupt", "file.not_zip"}
    assert want & set(hit["codes"]), hit["codes"]
    assert (hit["rss_kb"] - base["rss_kb"]) / 1024 < 200, (base, hit)
