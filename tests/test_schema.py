"""The schemas are the data dictionary's contract: every id it names exists, and broken schemas fail loudly.

The dictionary's ids are kept in the repository (docs/dictionary-ids.json), so the contract is tested on a
fresh clone; the copy is checked against the design's DATA-DICTIONARY.md when that is beside the checkout.
Regenerate the copy: `python tests/test_schema.py`.
"""

import json
import re
from pathlib import Path

import pytest

from docgen import catalogue
from docgen import schema as schema_mod
from docgen.catalogue import form_ids
from docgen.errors import ConfigError, UsageError
from docgen.schema import load_form

REPO = Path(__file__).resolve().parents[1]
IDS_COPY = REPO / "docs" / "dictionary-ids.json"
# Backticked words in a form's section that are not field ids: form names, option ids, directions.
NOT_FIELDS = {"application", "plan", "annual", "change", "recommendation", "review", "up", "down", "other",
              "sme_share", "leading_share", "specialised_smes", "output_total", "co2_intensity", "y3"}
COMMON = ["cluster_name", "city", "county", "contact_name", "contact_phone", "fill_date"]


def _design_dictionary() -> Path | None:
    """../shared/design/DATA-DICTIONARY.md beside the checkout (or beside a folder of worktrees)."""
    for folder in REPO.parents:
        path = folder / "shared" / "design" / "DATA-DICTIONARY.md"
        if path.exists():
            return path
    return None


def _dictionary_sections(text: str) -> dict[str, set[str]]:
    out = {}
    for part in re.split(r"^## ", text, flags=re.M):
        m = re.match(r"`(\w+)`", part)
        if m:
            out[m.group(1)] = set(re.findall(r"`([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)`", part)) - NOT_FIELDS
    return out


def _copy() -> dict[str, set[str]]:
    return {form: set(ids) for form, ids in json.loads(IDS_COPY.read_text(encoding="utf-8"))["forms"].items()}


def test_every_dictionary_id_is_a_schema_field():
    sections = _copy()
    assert set(sections) <= set(form_ids())
    assert {"application", "plan", "annual", "change", "recommendation", "review"} <= set(sections)
    assert sum(len(ids) for ids in sections.values()) >= 130  # the whole dictionary (138 ids), not a stub
    for form_id, ids in sections.items():
        s = load_form(form_id)
        known = set(s.slot_ids()) | {f.parent for f in s.fields if f.parent} | {g.id for g in s.groups} | {"years"}
        assert ids - known == set(), form_id


@pytest.mark.skipif(_design_dictionary() is None, reason="shared/design not beside the checkout")
def test_the_copy_of_the_dictionary_ids_is_current():
    design = _dictionary_sections(_design_dictionary().read_text(encoding="utf-8"))
    assert _copy() == design, "docs/dictionary-ids.json is stale: run `python tests/test_schema.py`"


REPO_DICTIONARY = REPO / "docs" / "data-dictionary.md"


def _repository_sections() -> dict[str, set[str]]:
    """The "### `form`" sections of docs/data-dictionary.md: forms the design's dictionary does not list."""
    text = REPO_DICTIONARY.read_text(encoding="utf-8")
    out = {}
    for part in re.split(r"^### ", text, flags=re.M)[1:]:
        m = re.match(r"`(\w+)`", part)
        if m:
            out[m.group(1)] = set(re.findall(r"`([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)`", part)) - NOT_FIELDS
    return out


def test_every_form_is_in_the_dictionary_or_documented_in_the_repository():
    shared, local = _copy(), _repository_sections()
    assert set(shared) | set(local) == set(form_ids())
    assert not set(shared) & set(local)
    assert {"experts", "review_scores"} <= set(local)


@pytest.mark.parametrize("form_id", sorted(_repository_sections()))
def test_a_repository_documented_form_names_every_slot_and_only_slots(form_id):
    s = load_form(form_id)
    slots = set(s.slot_ids())
    named = _repository_sections()[form_id]
    known = slots | {g.id for g in s.groups}
    assert slots <= named, f"docs/data-dictionary.md does not document {sorted(slots - named)}"
    # Backticked words that are no ids of this form: other forms' names, example values, file names.
    others = {"application_id", "schemas", "e001", "experts", "review_scores"} | set(form_ids())
    assert named - known - others == set(), sorted(named - known - others)


def write_copy(source: Path) -> None:
    sections = _dictionary_sections(source.read_text(encoding="utf-8"))
    data = {"source": "shared/design/DATA-DICTIONARY.md", "forms": {f: sorted(ids) for f, ids in sections.items()}}
    IDS_COPY.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


@pytest.mark.parametrize("form_id", catalogue.kit_forms())
def test_common_identity_fields_on_every_cluster_form(form_id):
    ids = load_form(form_id).slot_ids()
    for fid in COMMON:
        assert fid in ids


def test_application_indicators_have_three_years_and_directions():
    s = load_form("application")
    co2 = [f for f in s.fields if f.parent == "co2_intensity"]
    assert [f.id for f in co2] == ["co2_intensity.y1", "co2_intensity.y2", "co2_intensity.y3"]
    assert {f.direction for f in co2} == {"down"}
    assert s.field("output_total.y3").unit == "亿元"
    assert s.field("rd_sme.y1").unit == "万元"
    assert s.field("enterprises.uscc").group == "enterprises"


def test_yes_no_and_choice_fields_offer_their_options():
    s = load_form("application")
    assert s.field("plan_submitted").display_choices() == ("是", "否")
    assert "管委会" in s.field("operator_type").display_choices()
    plan = load_form("plan")
    ind = plan.field("targets.indicator")
    assert ind.choices[0] == "output_total"
    assert ind.display_choices()[0] == "集群总产值"


def test_fingerprint_changes_when_a_field_is_renamed(tmp_path, monkeypatch):
    original = load_form("change").fingerprint
    text = Path(load_form("change").path).read_text(encoding="utf-8").replace("  change_reason:", "  change_cause:")
    _use_schema_dir(tmp_path, monkeypatch, {"change.yaml": text})
    assert load_form("change").fingerprint != original


def _use_schema_dir(tmp_path, monkeypatch, files: dict[str, str]):
    src = Path(load_form("application").path).parent
    for p in src.glob("*.yaml"):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(schema_mod, "schema_file", lambda name: tmp_path / name)
    schema_mod.load_form.cache_clear()
    schema_mod.indicator_catalogue.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_cache():
    schema_mod.load_form.cache_clear()
    schema_mod.indicator_catalogue.cache_clear()
    yield
    schema_mod.load_form.cache_clear()
    schema_mod.indicator_catalogue.cache_clear()


def test_unknown_cerberus_rule_fails_at_load_naming_file_and_rule(tmp_path, monkeypatch):
    text = Path(load_form("change").path).read_text(encoding="utf-8")
    text = text.replace('"maxlength": 30', '"maxlenght": 30', 1)
    _use_schema_dir(tmp_path, monkeypatch, {"change.yaml": text})
    with pytest.raises(ConfigError) as exc:
        load_form("change")
    assert "change.yaml" in exc.value.message
    assert "maxlenght" in exc.value.message


def test_missing_label_fails_at_load(tmp_path, monkeypatch):
    text = Path(load_form("change").path).read_text(encoding="utf-8").replace('"label": "变动原因", ', "")
    _use_schema_dir(tmp_path, monkeypatch, {"change.yaml": text})
    with pytest.raises(ConfigError, match="change_reason"):
        load_form("change")


def test_invalid_yaml_fails_at_load(tmp_path, monkeypatch):
    _use_schema_dir(tmp_path, monkeypatch, {"plan.yaml": "form: [unclosed\n"})
    with pytest.raises(ConfigError, match="plan.yaml"):
        load_form("plan")


def test_unknown_form_lists_the_valid_ones():
    with pytest.raises(UsageError) as exc:
        load_form("applicaton")
    for fid in form_ids():
        assert fid in exc.value.message


if __name__ == "__main__":
    found = _design_dictionary()
    if found is None:
        raise SystemExit("shared/design/DATA-DICTIONARY.md not found beside the checkout")
    write_copy(found)
    print(IDS_COPY)
