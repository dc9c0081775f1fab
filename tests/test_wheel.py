"""The wheel carries templates and schemas: installed into a fresh venv, it generates every form."""

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_generates_every_form(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(dist)],
                   check=True, cwd=tmp_path)
    wheel = next(dist.glob("docgen-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for form in ("application.docx", "plan.docx", "change.docx", "review.docx", "annual.xlsx", "recommendation.xlsx",
                 "experts.xlsx", "review_scores.xlsx"):
        assert f"docgen/forms/{form}" in names
    for schema in ("application", "plan", "annual", "change", "recommendation", "review", "experts", "review_scores"):
        assert f"docgen/schemas/{schema}.yaml" in names
    assert "docgen/schemas/policy/shaanxi-2023.yaml" in names
    assert "docgen/schemas/policy/shaanxi-2023-review.yaml" in names

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=tmp_path)
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run([str(py), "-c", "import docgen, sys; print(docgen.__file__)"], check=True,
                           capture_output=True, text=True, cwd=tmp_path, env=env).stdout.strip()
    assert str(env_dir) in where  # the installed copy, not the checkout
    for form in ("application", "plan", "annual", "change", "recommendation", "review", "experts", "review_scores"):
        extra = {"recommendation": ["--city", "西安市"], "experts": [], "review_scores": []}.get(form, ["--county", "鄠邑区"])
        subprocess.run([str(env_dir / "bin" / "docgen"), "forms", "new", form, "-o", str(out), *extra],
                       check=True, cwd=tmp_path, env=env, capture_output=True)
    made = sorted(p.suffix for p in out.iterdir())
    assert made == [".docx", ".docx", ".docx", ".docx", ".xlsx", ".xlsx", ".xlsx", ".xlsx"]
    listing = subprocess.run([str(env_dir / "bin" / "docgen"), "forms", "list", "--json"], check=True,
                             capture_output=True, text=True, cwd=tmp_path, env=env).stdout
    assert len(json.loads(listing)) == 8
