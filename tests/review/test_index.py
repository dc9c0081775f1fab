"""The index system is data: its file, its consistency with the scoring form, `docgen review index`."""

import json
from decimal import Decimal

import pytest
from click.testing import CliRunner

from docgen.cli import cli
from docgen.errors import ConfigError
from docgen.review.index import _load, index_path, load_index
from docgen.schema import load_form


def test_the_default_index_is_article_12_and_totals_100():
    ix = load_index()
    assert ix.id == "shaanxi-2023-review"
    assert ix.ids() == ("competitiveness", "tiered_cultivation", "chain_collaboration", "innovation", "digital",
                        "green", "openness", "governance_plan")
    assert [i.max for i in ix.indicators] == [Decimal(x) for x in (20, 10, 12, 15, 10, 10, 8, 15)]
    assert ix.total == Decimal(100) and "可由省工业和信息化厅调整" in ix.note
    assert (ix.experts_per_application, ix.trim_from, ix.tie_break) == (5, 5, ("competitiveness", "innovation"))


def test_the_scoring_form_has_one_column_per_indicator_with_its_max():
    ix = load_index()
    scores = load_form("review_scores").group("scores")
    by_name = {f.name: f for f in scores.fields}
    for ind in ix.indicators:
        f = by_name[ind.id]
        assert (Decimal(str(f.rule["min"])), Decimal(str(f.rule["max"]))) == (0, ind.max)
        assert f.label.startswith(ind.label)


def test_the_index_is_not_offered_as_a_criteria_policy():
    from docgen.pipeline import available_policies

    assert "shaanxi-2023-review" not in available_policies()
    assert "shaanxi-2023" in available_policies()


def _copy(tmp_path, old: str, new: str):
    path = tmp_path / "bad-review.yaml"
    text = index_path().read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("old", "new", "says"), [
    ('max: "20"', 'max: "21"', "不等于 total"),
    ("evidence: [cooperation, branches_outside]", "evidence: [cooperation, branches_abroad]", "branches_abroad"),
    ("tie_break: [competitiveness, innovation]", "tie_break: [competitiveness, luck]", "luck"),
    ('max: "8"', 'max: "八"', "不是数字"),
])
def test_a_broken_index_names_its_fault(tmp_path, old, new, says):
    with pytest.raises(ConfigError) as exc:
        _load(_copy(tmp_path, old, new))
    assert says in exc.value.message and "bad-review.yaml" in exc.value.message


def test_review_index_json_and_text():
    r = CliRunner().invoke(cli, ["review", "index", "--json"])
    assert r.exit_code == 0
    data = json.loads(r.output)
    assert data == load_index().to_dict()
    assert data["indicators"][0] == {"id": "competitiveness", "article": "第十二条（二）", "label": "核心竞争力",
                                     "max": 20, "guidance": load_index().indicators[0].guidance,
                                     "evidence": list(load_index().indicators[0].evidence)}
    text = CliRunner().invoke(cli, ["review", "index"]).output
    assert "治理服务与三年规划" in text and "满分合计 100 分" in text


def test_an_unknown_index_lists_the_known(tmp_path):
    r = CliRunner().invoke(cli, ["review", "index", "--index", "nope"])
    assert r.exit_code == 2 and "shaanxi-2023-review" in r.output and "Traceback" not in r.output
