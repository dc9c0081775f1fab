"""docs/issues.md is generated from the catalogue and must not go stale."""

from docgen.issues import CATALOGUE
from docgen.report import issue_docs


def test_the_issue_reference_is_up_to_date():
    assert issue_docs.DOC_PATH.read_text(encoding="utf-8") == issue_docs.render(), (
        "docs/issues.md is stale: run `python -m docgen.report.issue_docs`")


def test_every_code_is_documented_with_its_severity():
    text = issue_docs.render()
    for code, (severity, _template) in CATALOGUE.items():
        line = next(line for line in text.splitlines() if line.startswith(f"| `{code}` |"))
        assert severity in line
