"""A seeded mutation fuzzer over valid OOXML files: the ways files break in mail, on USB sticks and in
the hands of people and tools.

Each operator takes the file's bytes and a `random.Random` and returns new bytes (or None when it does
not apply). Byte-level operators (flips, truncation, lost or duplicated members) can only lose data;
structural ones (shuffled elements, hostile XML, bombs) may also change what a form says.
"""

from __future__ import annotations

import io
import random
import warnings
import zipfile
import zlib

from lxml import etree

_MAIN = ("word/document.xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
         "docProps/custom.xml", "[Content_Types].xml")


def members(data: bytes) -> list[zipfile.ZipInfo]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.infolist()


def rezip(data: bytes, *, replace: dict[str, bytes | None] | None = None, extra: list[tuple[str, bytes]] = (),
          stored: bool = False) -> bytes:
    """The same package with members replaced (None: removed) and `extra` members appended (duplicates allowed)."""
    replace = replace or {}
    out = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", method) as dst, \
            warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of some mutants
        for info in src.infolist():
            body = replace.get(info.filename, src.read(info.filename))
            if body is not None:
                dst.writestr(info.filename, body)
        for name, body in extra:
            dst.writestr(name, body)
    return out.getvalue()


def _pick_xml(data: bytes, rng: random.Random) -> str:
    names = [i.filename for i in members(data) if i.filename.endswith((".xml", ".rels"))]
    main = [n for n in names if n in _MAIN]
    return rng.choice(main if main and rng.random() < 0.7 else names)


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
    return bytes(buf)


def truncate_file(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def truncate_member(data: bytes, rng: random.Random) -> bytes:
    name = _pick_xml(data, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read(name)
    return rezip(data, replace={name: body[: rng.randrange(0, max(1, len(body)))]})


def remove_member(data: bytes, rng: random.Random) -> bytes:
    name = rng.choice([i.filename for i in members(data)])
    return rezip(data, replace={name: None})


def duplicate_member(data: bytes, rng: random.Random) -> bytes:
    """A second member of the same name: zip readers disagree about which one counts."""
    name = _pick_xml(data, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read(name)
    other = shuffle_children(body, rng) if rng.random() < 0.5 else body[: len(body) // 2]
    return rezip(data, extra=[(name, other)])


def shuffle_children(xml: bytes, rng: random.Random) -> bytes:
    root = etree.fromstring(xml)
    parents = [el for el in root.iter() if len(el) >= 2]
    if not parents:
        return xml
    for parent in rng.sample(parents, k=min(len(parents), rng.randint(1, 5))):
        kids = list(parent)
        rng.shuffle(kids)
        for kid in kids:
            parent.remove(kid)
        parent.extend(kids)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def shuffle_xml(data: bytes, rng: random.Random) -> bytes:
    name = _pick_xml(data, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read(name)
    return rezip(data, replace={name: shuffle_children(body, rng)})


def garbage_member(data: bytes, rng: random.Random) -> bytes:
    name = _pick_xml(data, rng)
    return rezip(data, replace={name: rng.randbytes(rng.randint(0, 4096))})


def hostile_xml(data: bytes, rng: random.Random) -> bytes:
    """A DOCTYPE with an external entity or billion laughs, or absurd nesting, in a main part."""
    name = _pick_xml(data, rng)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = z.read(name)
    start = body.find(b"?>") + 2 if body.startswith(b"<?xml") else 0
    head, rest = body[:start], body[start:]
    kind = rng.choice(["xxe", "laughs", "nesting"])
    if kind == "xxe":
        dtd = b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        return rezip(data, replace={name: head + dtd + rest.replace(b"<w:t>", b"<w:t>&x;", 1)})
    if kind == "laughs":
        ents = b"".join(b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((i,) + (i - 1,) * 10)
                        for i in range(1, 10))
        dtd = b'<!DOCTYPE r [<!ENTITY l0 "lol">' + ents + b"]>"
        return rezip(data, replace={name: head + dtd + rest})
    depth = rng.choice([300, 5000, 100_000])
    close = rest.rfind(b"</")
    return rezip(data, replace={name: rest[:close] + b"<x>" * depth + b"</x>" * depth + rest[close:]})


def bomb_member(data: bytes, rng: random.Random, mb: int = 64, name: str | None = None) -> bytes:
    """A member that inflates ~1000× (whitespace inside an XML part) — a zip bomb, streamed, never held."""
    name = name or _pick_xml(data, rng)
    out = io.BytesIO()
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename != name:
                dst.writestr(info.filename, body)
                continue
            cut = body.rfind(b"</")
            with dst.open(name, "w", force_zip64=mb >= 2000) as fh:
                fh.write(body[:cut])
                for _ in range(mb):
                    fh.write(chunk)
                fh.write(body[cut:])
    return out.getvalue()


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """The package with `name`'s uncompressed size declared as `size` in its local and central headers."""
    buf = bytearray(data)
    encoded = name.encode()
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = buf.find(sig)
        while pos != -1:
            name_at = pos + (30 if sig == b"PK\x03\x04" else 46)
            if buf[name_at: name_at + len(encoded)] == encoded:
                buf[pos + offset: pos + offset + 4] = size.to_bytes(4, "little")
            pos = buf.find(sig, pos + 4)
    return bytes(buf)


def lying_sizes(data: bytes, rng: random.Random) -> bytes:
    """Declared uncompressed sizes rewritten (small or huge) in both the local and central headers."""
    buf = bytearray(data)
    value = rng.choice([1, 0, 0xFFFFFFFE, 10])
    for sig, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        pos = buf.find(sig)
        while pos != -1:
            if rng.random() < 0.5:
                buf[pos + offset: pos + offset + 4] = value.to_bytes(4, "little")
            pos = buf.find(sig, pos + 4)
    return bytes(buf)


OPERATORS = {
    "flip": flip_bytes, "truncate": truncate_file, "truncate_member": truncate_member,
    "remove_member": remove_member, "duplicate_member": duplicate_member, "shuffle_xml": shuffle_xml,
    "garbage_member": garbage_member, "hostile_xml": hostile_xml, "bomb": lambda d, r: bomb_member(d, r, 24),
    "lying_sizes": lying_sizes,
}
# Operators that can only lose or corrupt bytes: a file they leave valid must read exactly as before.
LOSSY_ONLY = {"flip", "truncate", "remove_member", "lying_sizes"}


def mutants(sources: dict[str, bytes], n: int, seed: int):
    """`n` (name, operator, source form, bytes) — deterministic for a seed; cheap operators weighted up."""
    rng = random.Random(seed)
    ops = list(OPERATORS)
    weights = [4 if o in ("flip", "truncate", "shuffle_xml", "remove_member") else 1 for o in ops]
    forms = sorted(sources)
    for i in range(n):
        op = rng.choices(ops, weights)[0]
        form = forms[i % len(forms)]
        try:
            data = OPERATORS[op](sources[form], rng)
        except (zipfile.BadZipFile, etree.XMLSyntaxError, zlib.error):
            data = flip_bytes(sources[form], rng)
            op = "flip"
        yield f"{i:03d}-{op}-{form}", op, form, data
