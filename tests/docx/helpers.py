"""Open generated files independently of the generator: zipfile + lxml, nothing of docgen's readers."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}


def part(path: Path, name: str = "word/document.xml"):
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(name))


def tags(root) -> list[str]:
    return [t.get(f"{W}val") for t in root.iter(f"{W}tag")]


def controls(root, tag: str) -> list:
    return [t.getparent().getparent() for t in root.iter(f"{W}tag") if t.get(f"{W}val") == tag]


def text(el) -> str:
    return "".join(t.text or "" for t in el.iter(f"{W}t"))


def rewrite(path: Path, out: Path, edit) -> Path:
    """Copy a package with document.xml passed through `edit(root)` — damage done as a person would."""
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data)
    return out


def drop_member(path: Path, out: Path, member: str) -> Path:
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != member:
                dst.writestr(info, src.read(info.filename))
    return out


def values(raw) -> dict:
    """{(field, row): text} of a RawForm."""
    return {(v.field, v.row): v.text for v in raw.values}


def up(el, tag: str):
    """The nearest ancestor `w:<tag>` of an element."""
    node = el.getparent()
    while node is not None and node.tag != f"{W}{tag}":
        node = node.getparent()
    return node
