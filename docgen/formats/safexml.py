"""Parse XML from users' files safely: no DTDs, no entities, no network, bounded size.

A returned form is hostile until proven otherwise (docs/quality.md): DOCTYPE declarations,
external entities and billion-laughs payloads are refused, never resolved. A DOCTYPE is looked for
in the encoding the part is really in (UTF-16 and UTF-32 hide `<!DOCTYPE` from a byte search) and
anywhere in the part, not just its first kilobytes; an XML part in an encoding Office never writes
(UTF-7, EBCDIC …), where markup could hide, is refused as well.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree


class UnsafeXML(ValueError):
    """The XML declares a DOCTYPE or entities, or is in an encoding that could hide one."""


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False,
                          huge_tree=False, remove_comments=False)

# First bytes → the codec to read the part with (XML 1.0 Appendix F); None = ASCII-compatible, see the declaration.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, None),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
         (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"),
         (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))
_EBCDIC = b"\x4c\x6f\xa7\x94"
_DECL_ENCODING = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", re.I)
# Encodings in which "<!DOCTYPE" is the same bytes as in ASCII (what Office and WPS write, and kin).
_ASCII_SAFE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin-1", "latin1", "gb2312", "gbk", "gb18030",
               "big5", "windows-1252", "cp1252", "windows-936", "cp936", "iso-8859-15", "shift_jis", "euc-kr"}
# Case-insensitive without lowering a copy of the part: the literal "<!" keeps the search fast.
_MARK_RE = re.compile(rb"<!(?:[Dd][Oo][Cc][Tt][Yy][Pp][Ee]|[Ee][Nn][Tt][Ii][Tt][Yy])")
_OVERLAP = 16
_CHUNK = 1 << 20


def looks_like_xml(head: bytes) -> bool:
    """Whether a part's first bytes are those of an XML document in some encoding."""
    stripped = head.lstrip(b" \t\r\n")
    return (stripped.startswith(b"<") or head.startswith(_EBCDIC)
            or any(head.startswith(bom) for bom, _codec in _BOMS))


def _codec(head: bytes) -> str | None:
    """The codec to decode before searching, None for ASCII-compatible; raises UnsafeXML for the rest."""
    if head.startswith(_EBCDIC):
        raise UnsafeXML("EBCDIC")
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    m = _DECL_ENCODING.match(head)
    if m and m.group(1).decode("ascii").lower() not in _ASCII_SAFE:
        raise UnsafeXML(f"encoding {m.group(1)!r}")
    return None


def scan_stream(read) -> None:
    """Raise UnsafeXML when the XML produced by `read(n) -> bytes` declares a DOCTYPE or an entity.

    Reads in chunks (memory stays bounded by the chunk, not the part), in the part's own encoding.
    """
    head = read(_CHUNK)
    codec = _codec(head[:256])
    if codec is None:
        tail = b""
        chunk = head
        while chunk:
            window = tail + chunk if tail else chunk
            if _MARK_RE.search(window):
                raise UnsafeXML("DOCTYPE/ENTITY")
            tail = window[-_OVERLAP:]
            chunk = read(_CHUNK)
        return
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    tail = ""
    chunk = head
    while True:
        text = tail + decoder.decode(chunk, final=not chunk)
        low = text.lower()
        if "<!doctype" in low or "<!entity" in low:
            raise UnsafeXML("DOCTYPE/ENTITY")
        if not chunk:
            return
        tail = text[-_OVERLAP:]
        chunk = read(_CHUNK)


def check_bytes(data: bytes) -> None:
    """`scan_stream` for a part already in memory."""
    pos = 0

    def read(n: int) -> bytes:
        nonlocal pos
        out = data[pos:pos + n]
        pos += len(out)
        return out

    scan_stream(read)


def parse(data: bytes):
    """Parse bytes into an lxml root element, refusing any DOCTYPE (checked before parsing)."""
    check_bytes(data)
    root = etree.fromstring(data, _PARSER)
    if root.getroottree().docinfo.doctype:
        raise UnsafeXML("DOCTYPE")
    return root
