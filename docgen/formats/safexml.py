"""Parse XML from users' files safely: no DTDs, no entities, no network, bounded size.

A returned form is hostile until proven otherwise (docs/quality.md): DOCTYPE declarations,
external entities and billion-laughs payloads are refused, never resolved.
"""

from __future__ import annotations

from lxml import etree


class UnsafeXML(ValueError):
    """The XML declares a DOCTYPE or entities."""


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False,
                          huge_tree=False, remove_comments=False)


def parse(data: bytes):
    """Parse bytes into an lxml root element, refusing any DOCTYPE (checked before parsing)."""
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        raise UnsafeXML("DOCTYPE/ENTITY")
    root = etree.fromstring(data, _PARSER)
    if root.getroottree().docinfo.doctype:
        raise UnsafeXML("DOCTYPE")
    return root
