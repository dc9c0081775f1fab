"""Whatever text a person types comes back the same (stripped) — CJK, markup characters, line breaks."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docgen.formats.docx_controls import norm, prompts
from docgen.formats.docx_fill import fill_docx
from docgen.formats.docx_read import read_docx
from docgen.schema import load_form

_CHARS = st.sampled_from(list("集群鄠邑區ＡＢ１２３０　，。“”（）&<>\"'{}%# abcXYZ09-_/\\\n") + ["𠀀", "鿕"])
_TEXT = st.text(_CHARS, min_size=0, max_size=40)
_FIELDS = ("cluster_name", "contact_name", "change_reason", "scope_before", "industry_after")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.fixed_dictionaries({f: _TEXT for f in _FIELDS}),
       rows=st.lists(st.fixed_dictionaries({"unit": _TEXT, "baseline": _TEXT}), max_size=14))
def test_typed_text_reads_back_stripped(blanks, tmp_path_factory, texts, rows):
    change = load_form("change")
    out = fill_docx(blanks["change"], texts, tmp_path_factory.mktemp("p") / "c.docx")
    got = {v.field: v.text for v in read_docx(out).values}
    for fid, typed in texts.items():
        want = typed.strip() or None
        if want is not None and norm(want) in prompts(change.field(fid)):
            want = None  # typing the prompt itself reads as blank
        assert got[fid] == want, fid
    review = load_form("review")
    rec = {"review_targets": rows}
    raw = read_docx(fill_docx(blanks["review"], rec, tmp_path_factory.mktemp("r") / "r.docx"))
    kept = [r for r in rows if any(v.strip() and norm(v) not in prompts(review.field(f"review_targets.{k}"))
                                   for k, v in r.items())]
    units = [v.text for v in raw.values if v.field == "review_targets.unit"]
    assert len(units) == len(kept)
    assert [u or "" for u in units] == [r["unit"].strip() if norm(r["unit"]) not in prompts(
        review.field("review_targets.unit")) else "" for r in kept]
    assert not any(i.code == "form.altered" for i in raw.issues)
