"""Memory stays bounded on a zip bomb: a fresh process validating a ~1000× bomb peaks < 200 MB above one
validating the same valid form (ru_maxrss of each child, measured by the child itself)."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from .mutants import bomb_member

ROOT = Path(__file__).resolve().parents[2]
_CHILD = (
    "import json, resource, sys\n"
    "from docgen.pipeline import validate_paths\n"
    "r = validate_paths([sys.argv[1]])['files'][0]\n"
    "print(json.dumps({'rss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, 'valid': r['valid'],"
    " 'codes': [i['code'] for i in r['issues']]}))\n"
)


def _peak(path: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT, env=env, capture_output=True,
                          timeout=120, check=True)
    return json.loads(proc.stdout)


@pytest.mark.parametrize("form", ["application", "annual"])
@pytest.mark.parametrize("inflated_mb", [300, 1024])
def test_a_zip_bomb_is_refused_within_bounded_memory(filled, tmp_path, form, inflated_mb):
    seed = filled[form]
    bomb = tmp_path / f"bomb{seed.suffix}"
    bomb.write_bytes(bomb_member(seed.read_bytes(), random.Random(1), mb=inflated_mb,
                                 name="word/document.xml" if form == "application" else "xl/worksheets/sheet1.xml"))
    assert bomb.stat().st_size < inflated_mb * 1024 * 1024 / 200  # really a bomb: ratio > 200
    base, hit = _peak(seed), _peak(bomb)
    assert hit["valid"] is False
    assert "file.zip_bomb" in hit["codes"], hit["codes"]
    assert (hit["rss_kb"] - base["rss_kb"]) / 1024 < 200, (base, hit)
