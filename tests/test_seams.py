"""Seams of the tree held by reading the source: one way to save a file, one way to hold a registry open."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ATOMIC = ROOT / "docgen" / "atomic.py"
REGISTRY_DB = ROOT / "docgen" / "registry" / "db.py"


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py") if ".venv" not in p.parts)


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def renames(tree: ast.AST) -> list[ast.AST]:
    """Calls that move a file into place: os.replace/os.rename, Path.replace/rename, shutil.move, mkstemp."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in {"os", "tempfile", "shutil"}:
            if any(a.name in {"replace", "rename", "mkstemp", "move"} for a in node.names):
                found.append(node)
        if isinstance(node, ast.Attribute) and node.attr == "mkstemp":
            found.append(node)
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        name, owner = node.func.attr, node.func.value
        if isinstance(owner, ast.Name) and owner.id in {"os", "shutil"} and name in {"replace", "rename", "move"}:
            found.append(node)
        elif name == "rename":
            found.append(node)
        elif name == "replace" and len(node.args) == 1 and not node.keywords:  # Path.replace(target)
            found.append(node)                                              # (str.replace takes two)
    return found


def test_only_the_atomic_helper_moves_files_into_place():
    offenders = [where(path, node) for path in sources("docgen", "bench") if path != ATOMIC
                 for node in renames(ast.parse(path.read_text(encoding="utf-8")))]
    assert offenders == [], "save through docgen.atomic.write_atomic instead: " + ", ".join(offenders)


def test_the_seam_scan_sees_what_it_forbids():
    code = ("import os, tempfile\nfrom pathlib import Path\n"
            "fd, t = tempfile.mkstemp()\nos.replace(t, 'x')\nPath(t).replace('x')\nPath(t).rename('y')\n"
            "'ab'.replace('a', 'b')\n")
    assert sorted(n.lineno for n in renames(ast.parse(code))) == [3, 4, 5, 6]
    assert ATOMIC.is_file() and renames(ast.parse(ATOMIC.read_text(encoding="utf-8")))


def _opened_registries(tree: ast.AST) -> tuple[list[ast.Call], set[int]]:
    calls, in_with = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.With | ast.AsyncWith):
            in_with.update(id(item.context_expr) for item in node.items)
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name in {"open_registry", "Registry"}:
                calls.append(node)
    return calls, in_with


def test_every_registry_is_opened_in_a_with_block():
    offenders = []
    for path in sources("docgen", "bench", "tests"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls, in_with = _opened_registries(tree)
        for call in calls:
            is_the_class_itself = path == REGISTRY_DB and isinstance(call.func, ast.Name) and call.func.id == "Registry"
            if id(call) not in in_with and not is_the_class_itself:
                offenders.append(where(path, call))
    assert offenders == [], "open the registry as `with open_registry(...) as reg:` at " + ", ".join(offenders)


def test_the_registry_scan_sees_an_open_outside_with():
    calls, in_with = _opened_registries(ast.parse("reg = open_registry(db)\nwith open_registry(db) as r:\n    pass\n"))
    assert [id(c) in in_with for c in calls] == [False, True]
