"""The review's two forms typed in LibreOffice go on through review as they are: the typed 专家库 is the
pool `docgen review assign` reads, and the scores an expert typed into the sheet `docgen review assign`
made come out of `docgen review tally` — each typed row's total, and the trimmed mean built on it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest
from plans import FORMS
from review_round import ASSIGNMENT, fill_others

pytestmark = [pytest.mark.editor, pytest.mark.soffice]
need = pytest.mark.skipif("review_scores" not in FORMS or "experts" not in FORMS, reason="no review forms")


@need
def test_typed_expert_pool_is_what_assign_reads(typed):
    from docgen.review.inputs import EXPERT_KEYS, load_experts

    t = typed("experts")
    pool = load_experts(t.file)  # what `docgen review assign --experts` reads
    assert [{k: e[k] for k in EXPERT_KEYS} for e in pool] == t.plan.expected["experts"]
    assert len(pool) == 15


@need
def test_typed_scores_come_out_in_the_tally(typed, tmp_path):
    from docgen.review.index import load_index
    from docgen.review.tally import final_score

    t = typed("review_scores")
    eid = t.plan.expected["expert_id"]
    indicators = [i.id for i in load_index().indicators]
    typed_totals = {r["application_id"]: sum(Decimal(str(r[i])) for i in indicators) for r in t.plan.expected["scores"]}
    others = fill_others(t.file, t.plan.blank, tmp_path / "returned")
    assignment = t.plan.blank.parent / ASSIGNMENT
    proc = subprocess.run([sys.executable, "-m", "docgen", "review", "tally", str(tmp_path / "returned"),
                           "--assignment", str(assignment), "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    result = json.loads(proc.stdout)
    assert not [i for i in result["issues"] if i["severity"] == "error"]
    assert not [i for i in result["issues"] if t.plan.blank.name in (i.get("location") or "")], result["issues"]
    apps = {a["application_id"]: a for a in result["applications"]}
    assert all(a["complete"] and a["rank"] for a in apps.values())
    assert len(typed_totals) == 3
    for aid, total in typed_totals.items():
        a = apps[aid]
        assert Decimal(str(a["scores"][eid])) == total, (aid, a["scores"])
        totals = [total] + [Decimal(str(others[e][aid])) for e in a["scores"] if e != eid]
        assert len(totals) == 5
        want = final_score(totals, load_index().trim_from).quantize(Decimal("0.01"))
        assert Decimal(str(a["final"])) == want, (aid, totals, a["final"])
