"""Hostile inputs beyond QUALITY.md's list (issue 11), built by the tests themselves.

Each builder takes the bytes of a valid filled form (or nothing) and returns the bytes of a file an
attacker or an unlucky clerk could send: PDFs that make pdfminer work without end, workbooks whose
merged ranges or shared strings are huge, packages Word and Excel would not open.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

# --- PDFs, written by hand (a few objects, an xref table) ----------------------------------------


def pdf(objects: list[bytes], *, root: int = 1, xref: bool = True) -> bytes:
    """A PDF of `objects` (object 1 … n, bodies without `obj`/`endobj`) with a classic xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    start = out.tell()
    if xref:
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
        for off in offsets:
            out.write(b"%010d 00000 n \n" % off)
        out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root))
    out.write(b"startxref\n%d\n%%%%EOF\n" % start)
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", *, flate: bool = False) -> bytes:
    if flate:
        data = zlib.compress(data, 9)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_index_bomb() -> bytes:
    """An xref stream declaring two billion objects (`/Index [0 2147483647]`) in a few hundred bytes."""
    body = b"\x01\x00\x00\x00"
    objs = [b"<< /Type /Catalog >>",
            stream(body, b" /Type /XRef /Size 2147483647 /Index [0 2147483647] /W [1 2 1] /Root 1 0 R")]
    raw = io.BytesIO()
    raw.write(b"%PDF-1.7\n")
    offsets = []
    for n, b in enumerate(objs, start=1):
        offsets.append(raw.tell())
        raw.write(b"%d 0 obj\n" % n + b + b"\nendobj\n")
    raw.write(b"startxref\n%d\n%%%%EOF\n" % offsets[1])
    return raw.getvalue()


def pdf_xobject_bomb(depth: int = 12, fanout: int = 8) -> bytes:
    """Form XObjects each drawing the next one `fanout` times: fanout**depth draws from a few KB."""
    objs: list[bytes] = []
    # 1 catalog, 2 pages, 3 page, 4 font, 5 page content, 6.. xobjects (6 is the top)
    first = 6
    objs += [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R "
             b"/Resources << /Font << /F1 4 0 R >> /XObject << /X 6 0 R >> >> >>", _FONT,
             stream(b"BT /F1 12 Tf 72 720 Td (bomb) Tj ET /X Do")]
    for level in range(depth):
        n = first + level
        if level == depth - 1:
            content = b"BT /F1 1 Tf (x) Tj ET 0 0 1 1 re f"
            res = b"<< /Font << /F1 4 0 R >> >>"
        else:
            content = b" ".join([b"q /X Do Q"] * fanout)
            res = b"<< /XObject << /X %d 0 R >> >>" % (n + 1)
        objs.append(stream(content, b" /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources " + res))
    return pdf(objs)


def pdf_pages(n: int) -> bytes:
    """`n` pages of text sharing one content stream (a long PDF from a small file)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(n))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
            _FONT, stream(b"BT /F1 10 Tf 72 720 Td (" + b"text " * 40 + b") Tj ET")]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
             b"/Resources << /Font << /F1 3 0 R >> >> >>"] * n
    return pdf(objs)


def pdf_flate_bomb(mb: int = 400) -> bytes:
    """A page whose content stream inflates to `mb` MB of spaces (about 1000:1)."""
    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    data = b"".join(comp.compress(chunk) for _ in range(mb)) + comp.flush()
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>", content]
    return pdf(objs)


# --- packages ------------------------------------------------------------------------------------


def rezip(data: bytes, *, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None,
          method: dict[str, int] | None = None) -> bytes:
    """The package with parts replaced or added, or stored with another compression method."""
    replace, add, method = replace or {}, add or {}, method or {}
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = replace.get(item.filename, src.read(item.filename))
            dst.writestr(item.filename, body, compress_type=method.get(item.filename, zipfile.ZIP_DEFLATED))
        for name, part in add.items():
            dst.writestr(name, part)
    return buf.getvalue()


def duplicate_member(data: bytes, name: str, body: bytes) -> bytes:
    """A second member of the same name (zipfile keeps the last: which one Word reads is undefined)."""
    import warnings

    buf = io.BytesIO(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns "Duplicate name"
        with zipfile.ZipFile(buf, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(name, body)
    return buf.getvalue()


def _member_offsets(data: bytes, name: str) -> tuple[int, int]:
    """(offset of the local header, offset of the central directory entry) of member `name`."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(name)
    local = info.header_offset
    encoded = name.encode("utf-8")
    central = data.rindex(b"PK\x01\x02", 0, data.rindex(encoded) + 1)
    while data[central + 46:central + 46 + len(encoded)] != encoded:
        central = data.rindex(b"PK\x01\x02", 0, central)
    return local, central


def encrypted_flag(data: bytes, name: str) -> bytes:
    """Member `name` flagged as encrypted (general purpose bit 0) in both its headers."""
    local, central = _member_offsets(data, name)
    out = bytearray(data)
    for pos in (local + 6, central + 8):
        (flags,) = struct.unpack_from("<H", out, pos)
        struct.pack_into("<H", out, pos, flags | 1)
    return bytes(out)


def broken_deflate(data: bytes, name: str) -> bytes:
    """Member `name` with its deflate stream's first bytes replaced by an invalid block header."""
    local, _central = _member_offsets(data, name)
    n, m = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + n + m
    out = bytearray(data)
    out[start:start + 4] = b"\xff\xff\xff\xff"  # block type 3: reserved, an error for every inflater
    return bytes(out)


def merge_range(xlsx: bytes, sheet: str, ref: str = "D2:XFD1048576") -> bytes:
    """A worksheet with one merged range, `ref`, added (after sheetData, where the schema puts it)."""
    zf = zipfile.ZipFile(io.BytesIO(xlsx))
    xml = zf.read(sheet).decode("utf-8")
    cell = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
    if "<mergeCells" in xml:
        xml = xml.replace("</mergeCells>", f'<mergeCell ref="{ref}"/></mergeCells>', 1)
    else:
        xml = xml.replace("</sheetData>", "</sheetData>" + cell, 1)
    return rezip(xlsx, replace={sheet: xml.encode("utf-8")})


def shared_strings(xlsx: bytes, count: int, text: str = "") -> bytes:
    """A shared-string table of `count` distinct strings, each `text` + its number (docgen's forms use
    inline strings, so no cell refers to them: the reader must still refuse to load them whole)."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    head = f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}" count="{count}" uniqueCount="{count}">'
    body = "".join(f"<si><t>{text}{i}</t></si>" for i in range(count))
    part = (head + body + "</sst>").encode("utf-8")
    name = "xl/sharedStrings.xml"
    if name in zipfile.ZipFile(io.BytesIO(xlsx)).namelist():
        return rezip(xlsx, replace={name: part})
    return rezip(xlsx, add={name: part})


def doctype_utf16(data: bytes, part: str) -> bytes:
    """Part `part` re-encoded as UTF-16 with a DOCTYPE (a byte search for `<!DOCTYPE` misses it)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    xml = zf.read(part).decode("utf-8")
    body = xml.split("?>", 1)[1] if xml.startswith("<?xml") else xml
    root = body.lstrip().split()[0].lstrip("<").rstrip(">")
    text = f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE {root} [<!ENTITY e "x">]>' + body
    return rezip(data, replace={part: text.encode("utf-16")})


def doctype_late(data: bytes, part: str, pad: int = 8192) -> bytes:
    """A DOCTYPE after `pad` bytes of comment (valid XML: a comment may precede the DOCTYPE)."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    xml = zf.read(part).decode("utf-8")
    decl, _, body = xml.partition("?>")
    root = body.lstrip().split()[0].lstrip("<").rstrip(">")
    text = decl + "?><!--" + "x" * pad + f'--><!DOCTYPE {root} [<!ENTITY e "x">]>' + body
    return rezip(data, replace={part: text.encode("utf-8")})


def padded_document(docx: bytes, mb: float) -> bytes:
    """The body led by paragraphs of random text until document.xml is about `mb` MB: big, but allowed."""
    import random

    rng = random.Random(5)
    xml = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode("utf-8")
    n = int(mb * (1 << 20)) // 160
    paras = "".join(f"<w:p><w:r><w:t>{rng.randbytes(60).hex()}</w:t></w:r></w:p>" for _ in range(n))
    return rezip(docx, replace={"word/document.xml": xml.replace("<w:body>", "<w:body>" + paras, 1).encode()})


def padded_sheets(xlsx: bytes, rows: int, cols: int = 8) -> bytes:
    """Every worksheet given `rows` × `cols` more numeric cells (below and right of the form)."""
    import random

    rng = random.Random(6)
    zf = zipfile.ZipFile(io.BytesIO(xlsx))
    replace = {}
    letters = [f"A{chr(65 + i)}" for i in range(cols)]
    for name in zf.namelist():
        if name.startswith("xl/worksheets/sheet"):
            xml = zf.read(name).decode("utf-8")
            body = "".join(f'<row r="{200 + i}">' + "".join(f'<c r="{c}{200 + i}"><v>{rng.random():.6f}</v></c>'
                                                          for c in letters) + "</row>" for i in range(rows))
            replace[name] = xml.replace("</sheetData>", body + "</sheetData>", 1).encode("utf-8")
    return rezip(xlsx, replace=replace)


def pdf_dense(pages: int, chars_per_page: int) -> bytes:
    """`pages` pages sharing one content stream of `chars_per_page` characters (no form: text only)."""
    per_line = 100
    lines = [b"BT /F1 6 Tf 20 %d Td (" % (820 - k * 7 % 800) + b"x" * per_line + b") Tj ET"
             for k in range(chars_per_page // per_line)]
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages,
            _FONT, stream(b"\n".join(lines), flate=True)]
    objs += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
             b"/Resources << /Font << /F1 3 0 R >> >> >>"] * pages
    return pdf(objs)
