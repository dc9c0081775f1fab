"""The values an issue's message is made from reach the JSON report too, under `extra`."""

from __future__ import annotations

import copy
import json

from click.testing import CliRunner

from docgen import samples
from docgen.cli import main
from docgen.issues import make_issue


def test_extra_values_are_kept_json_ready():
    import datetime as dt
    import decimal

    issue = make_issue("field.min", field="sme_count", label="其中：中小企业数量", value=-1, limit=decimal.Decimal("0"))
    assert issue.to_dict()["extra"] == {"limit": 0}
    late = make_issue("annual.late", fill_date=dt.date(2026, 4, 2), deadline=dt.date(2026, 3, 31))
    assert late.to_dict()["extra"] == {"fill_date": "2026-04-02", "deadline": "2026-03-31"}
    assert "2026-04-02" in late.message
    assert make_issue("file.empty").to_dict()["extra"] == {}


def test_validate_json_carries_the_extra_values(tmp_path):
    from docgen.formats.docx_fill import fill_docx
    from docgen.generate import new_form

    record = copy.deepcopy(samples.valid_record("application"))
    record["enterprises"].append(dict(record["enterprises"][4]))  # row 11 repeats row 5
    record["sme_count"] = -3
    blank = new_form("application", tmp_path / "blank", year=2026)
    path = fill_docx(blank, record, tmp_path / "申报书.docx")

    result = CliRunner().invoke(main, ["validate", "--json", str(path)])
    assert result.exit_code == 1
    issues = {i["code"]: i for i in json.loads(result.stdout)["files"][0]["issues"]}
    duplicate = issues["field.duplicate"]
    assert (duplicate["row"], duplicate["extra"]) == (11, {"other_row": 5})
    assert "第 5 行" in duplicate["message"]
    assert issues["field.min"]["extra"] == {"limit": "0"}  # as the message shows it
    assert issues["field.min"]["value"] == "-3"
    assert all(set(i) >= {"code", "severity", "message", "field", "row", "label", "location", "value", "extra"}
               for i in issues.values())
