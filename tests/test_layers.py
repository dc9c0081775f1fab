"""The layers of docgen, held by reading every module's imports (ast, so imports inside functions count).

- Only `docgen/formats/` touches document libraries: a change of python-docx or openpyxl is a change
  there, and what a document says is decided elsewhere and handed in as plain data.
- `formats/` is the bottom of the stack: it does not reach up into what uses it.
- Reading a filled form (normalisation, validation) does not depend on generating a blank one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "docgen"
DOCUMENT_LIBRARIES = {"docx", "docxtpl", "openpyxl", "pdfplumber", "lxml", "python_calamine"}
# Module (path under docgen/) → why it may import a document library outside formats/. None today.
DOCUMENT_LIBRARY_EXCEPTIONS: dict[str, str] = {}

# (modules, prefixes they must not import, why)
RULES = [
    ("formats/", ("docgen.registry", "docgen.report", "docgen.review", "docgen.validation", "docgen.notices", "docgen.cli",
                  "docgen.pipeline", "docgen.generate", "docgen.record", "docgen.typed", "docgen.numfmt"),
     "formats/ lays documents out; what they say is passed in"),
    ("record.py", ("docgen.generate", "docgen.validation"), "normalisation needs no generator and no validator"),
    ("typed.py", ("docgen.generate", "docgen.record", "docgen.numfmt", "docgen.validation", "docgen.formats"),
     "reading a typed value needs nothing but the schema"),
    ("numfmt.py", ("docgen.generate", "docgen.record", "docgen.validation", "docgen.formats"),
     "formatting a number needs nothing but typed values"),
    ("years.py", ("docgen.generate", "docgen.record", "docgen.formats"), "both generator and record use it"),
    ("validation/", ("docgen.generate", "docgen.cli", "docgen.report", "docgen.registry"),
     "validation checks a record; it neither makes forms nor reports"),
]


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "migrations" not in p.parts)


def _name(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def imports_of(path: Path, package: str | None = None) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file; relative imports resolved against its
    package (by default, where the file is under docgen/)."""
    package = package.split(".") if package else ["docgen", *path.relative_to(PACKAGE).parent.parts]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            out.append((node.lineno, module))
            out += [(node.lineno, f"{module}.{a.name}") for a in node.names]  # `from docgen import record`
    return out


def _in(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def test_the_scanner_sees_imports_inside_functions_and_relative_ones(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from openpyxl import Workbook\n    from .. import record\n"
                     "    from .charts import bars\n    import lxml.etree\n", encoding="utf-8")
    found = {m for _, m in imports_of(probe, "docgen.registry")}
    assert {"openpyxl", "docgen.record", "docgen.registry.charts", "lxml.etree"} <= found


def test_document_libraries_are_imported_only_in_formats():
    offenders = [f"{_name(p)}:{line} imports {m}" for p in _modules()
                 if not _name(p).startswith("formats/") and _name(p) not in DOCUMENT_LIBRARY_EXCEPTIONS
                 for line, m in imports_of(p) if m.split(".")[0] in DOCUMENT_LIBRARIES]
    assert offenders == []


def test_every_named_exception_still_needs_its_library():
    for name in DOCUMENT_LIBRARY_EXCEPTIONS:
        assert any(m.split(".")[0] in DOCUMENT_LIBRARIES for _, m in imports_of(PACKAGE / name)), name


@pytest.mark.parametrize(("where", "forbidden", "why"), RULES, ids=[r[0] for r in RULES])
def test_layer_rule(where, forbidden, why):
    modules = [p for p in _modules() if _name(p) == where or (where.endswith("/") and _name(p).startswith(where))]
    assert modules, where
    offenders = [f"{_name(p)}:{line} imports {m}" for p in modules for line, m in imports_of(p)
                 if any(_in(m, f) for f in forbidden)]
    assert offenders == [], why
