"""Custom document properties (docProps/custom.xml) of any OOXML package, at the zip level.

python-docx has no API for them and openpyxl's drops nothing we need, so one writer serves both
formats: it adds the part, its content-type override and the package relationship.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from docgen.atomic import write_atomic

CUSTOM_PART = "docProps/custom.xml"
_NS_CP = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_NS_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_NS_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def props_xml(props: dict[str, str]) -> bytes:
    root = etree.Element(f"{{{_NS_CP}}}Properties", nsmap={None: _NS_CP, "vt": _NS_VT})
    for pid, (name, value) in enumerate(sorted(props.items()), start=2):
        prop = etree.SubElement(root, f"{{{_NS_CP}}}property", fmtid=_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_NS_VT}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def parse_props(xml: bytes) -> dict[str, str]:
    root = etree.fromstring(xml, _PARSER)
    out = {}
    for prop in root.iter(f"{{{_NS_CP}}}property"):
        name = prop.get("name")
        if name and len(prop):
            out[name] = prop[0].text or ""
    return out


def read_custom_props(zf: zipfile.ZipFile) -> dict[str, str]:
    """Custom properties of an open package; {} when it has none."""
    try:
        return parse_props(zf.read(CUSTOM_PART))
    except KeyError:
        return {}


def write_custom_props(path: Path, props: dict[str, str]) -> None:
    """Set custom properties on the package at `path` (merged with any it has), rewriting it atomically."""
    path = Path(path)
    with zipfile.ZipFile(path) as src:
        existing = read_custom_props(src)
        existing.update(props)

        def write(tmp: Path) -> None:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
                for item in src.infolist():
                    if item.filename == CUSTOM_PART:
                        continue
                    data = src.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        data = _with_override(data)
                    elif item.filename == "_rels/.rels":
                        data = _with_rel(data)
                    dst.writestr(item, data)
                dst.writestr(CUSTOM_PART, props_xml(existing))

        write_atomic(path, write)


def _with_override(data: bytes) -> bytes:
    root = etree.fromstring(data, _PARSER)
    for o in root.findall(f"{{{_NS_CT}}}Override"):
        if o.get("PartName") == "/" + CUSTOM_PART:
            return data
    etree.SubElement(root, f"{{{_NS_CT}}}Override", PartName="/" + CUSTOM_PART, ContentType=_CT)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _with_rel(data: bytes) -> bytes:
    root = etree.fromstring(data, _PARSER)
    ids = set()
    for rel in root.findall(f"{{{_NS_REL}}}Relationship"):
        if rel.get("Type") == _REL_TYPE:
            return data
        ids.add(rel.get("Id"))
    n = 1
    while f"rId{n}" in ids:
        n += 1
    etree.SubElement(root, f"{{{_NS_REL}}}Relationship", Id=f"rId{n}", Type=_REL_TYPE, Target=CUSTOM_PART)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
