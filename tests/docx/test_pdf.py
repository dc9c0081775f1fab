"""PDFs that cannot be read are said so: scans, encryption, garbage."""

from __future__ import annotations

from docgen.formats.pdf_read import read_pdf


def _encrypted_pdf(path):
    """A one-page PDF with a Standard security handler whose empty user password does not open it."""
    objs = [b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
            b"<</Filter/Standard/V 1/R 2/O<" + b"11" * 32 + b">/U<" + b"22" * 32 + b">/P -4>>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += (b"trailer\n<</Size %d/Root 1 0 R/Encrypt 4 0 R/ID[<00112233445566778899aabbccddeeff>"
            b"<00112233445566778899aabbccddeeff>]>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    path.write_bytes(bytes(out))
    return path


def test_a_scan_without_text_layer_is_reported(tmp_path):
    from PIL import Image

    path = tmp_path / "扫描件.pdf"
    Image.new("RGB", (600, 800), "white").save(path)
    raw = read_pdf(path)
    assert [i.code for i in raw.issues] == ["file.pdf_scanned"] and raw.form is None
    assert "扫描件" in raw.issues[0].message


def test_an_encrypted_pdf_is_reported(tmp_path):
    raw = read_pdf(_encrypted_pdf(tmp_path / "locked.pdf"))
    assert [i.code for i in raw.issues] == ["file.pdf_encrypted"]


def test_garbage_is_a_corrupt_file(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4 nothing else")
    assert [i.code for i in read_pdf(path).issues] == ["file.corrupt"]
