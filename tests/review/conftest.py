"""Fixtures of the expert review tests: a review made by the CLI from generated applications, and small
assignments written by hand for the tally's rules (sheets generated, then filled like an expert)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import review_scenario as scenario  # noqa: E402


@pytest.fixture(scope="module")
def cli_review(tmp_path_factory):
    """Nine applications (two of 陈仓区) and 15 experts through `docgen review assign`."""
    from click.testing import CliRunner

    from docgen.cli import cli

    base = tmp_path_factory.mktemp("review")
    scenario.applications(base / "apps", scenario.COUNTIES)
    experts = scenario.write_experts(base / "experts.json", scenario.experts(15))
    out = base / "sheets"
    result = CliRunner().invoke(cli, ["review", "assign", "--experts", str(experts), "--applications",
                                      str(base / "apps"), "--seed", "7", "--ids", str(base / "ids.json"),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    return base, out, json.loads((out / "assignment.json").read_text(encoding="utf-8"))


@pytest.fixture
def sheets_for(tmp_path):
    """Write each expert's blank sheet for an assignment: {expert_id: path}."""
    from docgen.review.index import load_index
    from docgen.review.sheets import sheet_name, write_sheet

    def make(assignment: dict) -> dict[str, Path]:
        out = tmp_path / "blank"
        out.mkdir(exist_ok=True)
        made = {}
        for e in assignment["experts"]:
            mine = [a for a in assignment["applications"] if e["expert_id"] in a["experts"]]
            made[e["expert_id"]] = write_sheet(e, mine, load_index(), out / sheet_name(e))
        return made

    return make
