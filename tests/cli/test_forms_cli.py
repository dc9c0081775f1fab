"""`docgen forms` through the CLI, as a clerk runs it."""

import json
import zipfile

from click.testing import CliRunner

from docgen.catalogue import form_ids
from docgen.cli import main
from docgen.formats.custom_props import read_custom_props
from docgen.manifest import Manifest


def test_list_names_every_form_with_title_format_and_version():
    result = CliRunner().invoke(main, ["forms", "list", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["id"] for r in rows] == list(form_ids())
    app = rows[0]
    assert app == {"id": "application", "title": "陕西省中小企业特色产业集群申报书", "format": "docx",
                   "version": "1.0", "filled_by": "县级中小企业主管部门"}


def test_unknown_form_is_a_usage_error_listing_the_forms(tmp_path):
    result = CliRunner().invoke(main, ["forms", "new", "applicaton", "-o", str(tmp_path)])
    assert result.exit_code == 2
    err = result.stderr
    assert err.startswith("错误：未知的表格「applicaton」。") and result.stdout == ""
    assert "applicaton" in err and "application" in err and "recommendation" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_unknown_county_is_a_usage_error_listing_valid_names(tmp_path):
    result = CliRunner().invoke(main, ["forms", "kit", "--county", "户县", "-o", str(tmp_path)])
    assert result.exit_code == 2
    err = result.stderr
    assert "「户县」不是陕西省的县级行政区划名称" in err
    assert "鄠邑区" in err and "杨陵区" in err
    assert "Traceback" not in err


def test_kit_needs_county_or_all(tmp_path):
    result = CliRunner().invoke(main, ["forms", "kit", "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "--county" in result.stderr


def test_help_is_bilingual_everywhere():
    for args in (["--help"], ["forms", "--help"], ["forms", "new", "--help"], ["forms", "kit", "--help"],
                 ["forms", "check", "--help"]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, args
        assert re_cjk(result.stdout) and "Usage: docgen" in result.stdout, args


def re_cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_kit_writes_every_county_form_with_its_manifest(tmp_path):
    result = CliRunner().invoke(main, ["forms", "kit", "--county", "杨陵区", "-o", str(tmp_path), "--year", "2026"])
    assert result.exit_code == 0, result.output
    listing = json.loads((tmp_path / "kit.json").read_text(encoding="utf-8"))
    assert listing["county"] == "杨陵区" and listing["city"] == "杨凌示范区"
    assert [f["form"] for f in listing["forms"]] == ["application", "plan", "annual", "change", "review"]
    for entry in listing["forms"]:
        with zipfile.ZipFile(tmp_path / entry["file"]) as zf:
            m = Manifest.from_props(read_custom_props(zf))
        assert m.form == entry["form"] and m.version == entry["version"]
    with zipfile.ZipFile(tmp_path / listing["forms"][0]["file"]) as zf:
        assert Manifest.from_props(read_custom_props(zf)).years == {"y1": 2023, "y2": 2024, "y3": 2025}
