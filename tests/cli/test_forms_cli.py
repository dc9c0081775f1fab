"""`docgen forms` through the CLI, as a clerk runs it."""

import json
import zipfile

from docgen.formats.custom_props import read_custom_props
from docgen.manifest import Manifest
from docgen.schema import FORM_IDS


def _main(args):
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from docgen.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_list_names_every_form_with_title_format_and_version():
    code, out, _ = _main(["forms", "list", "--json"])
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == list(FORM_IDS)
    app = rows[0]
    assert app == {"id": "application", "title": "陕西省中小企业特色产业集群申报书", "format": "docx",
                   "version": "1.0", "filled_by": "县级中小企业主管部门"}


def test_unknown_form_is_a_usage_error_listing_the_forms(tmp_path):
    code, _, err = _main(["forms", "new", "applicaton", "-o", str(tmp_path)])
    assert code == 2
    assert "applicaton" in err and "application" in err and "recommendation" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_unknown_county_is_a_usage_error_listing_valid_names(tmp_path):
    code, _, err = _main(["forms", "kit", "--county", "户县", "-o", str(tmp_path)])
    assert code == 2
    assert "「户县」不是陕西省的县级行政区划名称" in err
    assert "鄠邑区" in err and "杨陵区" in err
    assert "Traceback" not in err


def test_kit_needs_county_or_all(tmp_path):
    code, _, err = _main(["forms", "kit", "-o", str(tmp_path)])
    assert code == 2
    assert "--county" in err


def test_help_is_bilingual_everywhere():
    for args in (["--help"], ["forms", "--help"], ["forms", "new", "--help"], ["forms", "kit", "--help"],
                 ["forms", "check", "--help"]):
        code, out, _ = _main(args)
        assert code == 0, args
        assert re_cjk(out) and "Usage" in out, args


def re_cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_kit_writes_every_county_form_with_its_manifest(tmp_path):
    code, out, err = _main(["forms", "kit", "--county", "杨陵区", "-o", str(tmp_path), "--year", "2026"])
    assert code == 0, err
    listing = json.loads((tmp_path / "kit.json").read_text(encoding="utf-8"))
    assert listing["county"] == "杨陵区" and listing["city"] == "杨凌示范区"
    assert [f["form"] for f in listing["forms"]] == ["application", "plan", "annual", "change", "review"]
    for entry in listing["forms"]:
        with zipfile.ZipFile(tmp_path / entry["file"]) as zf:
            m = Manifest.from_props(read_custom_props(zf))
        assert m.form == entry["form"] and m.version == entry["version"]
    with zipfile.ZipFile(tmp_path / listing["forms"][0]["file"]) as zf:
        assert Manifest.from_props(read_custom_props(zf)).years == {"y1": 2023, "y2": 2024, "y3": 2025}
