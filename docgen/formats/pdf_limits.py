"""Bounds on pdfminer while one PDF is read: decoded stream bytes, objects laid out, pages, xref size.

pdfminer has no limits of its own: a 1 MB flate bomb inflates to gigabytes, a 5 KB file of nested
XObjects lays out millions of objects, an xref stream with `/Index [0 2147483647]` has it walk two
billion object numbers. Within `guarded(settings)` its inflate step is bounded (the output, not the
input, is counted, so a bomb stops at the limit instead of after it), every decoded stream is
charged to one budget per file, and every character, path, image and XObject drawn to another. Past
a limit, `LimitExceeded` (a BaseException, which pdfplumber's wrappers let through) ends the read.

The patches are installed once and do nothing outside `guarded` (no budget set).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from docgen.formats.limits import LimitExceeded
from docgen.settings import MB, Settings


@dataclass
class _Budget:
    decoded: int  # bytes of decoded streams left
    drawn: int  # layout objects left
    decoded_mb: float
    drawn_max: int
    xobjects: int = 0  # XObject draws left
    xobjects_max: int = 0


_current: list[_Budget] = []  # the budget of the PDF being read (one at a time per process)
_installed = False


def _charge_decoded(n: int) -> None:
    if _current:
        b = _current[-1]
        b.decoded -= n
        if b.decoded < 0:
            raise LimitExceeded(f"PDF 解压后的数据超过 {b.decoded_mb:g} MB")


def _charge_drawn(n: int = 1) -> None:
    if _current:
        b = _current[-1]
        b.drawn -= n
        if b.drawn < 0:
            raise LimitExceeded(f"PDF 页面中的文字和图形对象超过 {b.drawn_max} 个")


def _charge_xobject() -> None:
    if _current:
        b = _current[-1]
        b.xobjects -= 1
        if b.xobjects < 0:
            raise LimitExceeded(f"PDF 页面中嵌套绘制的图形对象超过 {b.xobjects_max} 次")


class _BoundedDecompressor:
    """zlib.decompressobj whose output is charged as it is produced."""

    def __init__(self, *args):
        self._d = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = []
        budget = _current[-1].decoded if _current else None
        step = 1 << 20
        chunk = self._d.decompress(data, step if budget is not None else max_length)
        while True:
            out.append(chunk)
            _charge_decoded(len(chunk))
            if budget is None or not self._d.unconsumed_tail:
                break
            chunk = self._d.decompress(self._d.unconsumed_tail, step)
        return b"".join(out)

    def flush(self, *args) -> bytes:
        out = self._d.flush(*args)
        _charge_decoded(len(out))
        return out

    def __getattr__(self, name):
        return getattr(self._d, name)


class _BoundedZlib:
    """Stands in for the `zlib` module inside pdfminer.pdftypes."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    @staticmethod
    def decompress(data: bytes, *args) -> bytes:
        d = _BoundedDecompressor(*args[:1])
        out = d.decompress(data) + d.flush()
        if not d.eof:
            raise zlib.error("incomplete or truncated stream")
        return out

    @staticmethod
    def decompressobj(*args):
        return _BoundedDecompressor(*args)

    def __getattr__(self, name):
        return getattr(zlib, name)


def _install() -> None:
    global _installed
    if _installed:
        return
    from pdfminer import converter, pdfinterp, pdftypes

    pdftypes.zlib = _BoundedZlib()
    original_decode = pdftypes.PDFStream.decode

    def decode(self):
        original_decode(self)
        if self.data is not None and not _flate_only(self):
            _charge_decoded(len(self.data))  # other filters (LZW, run-length …) counted once done

    pdftypes.PDFStream.decode = decode
    for name in ("render_char", "paint_path", "render_image"):
        _count_calls(converter.PDFLayoutAnalyzer, name)
    original_do = pdfinterp.PDFPageInterpreter.do_Do

    def do_Do(self, xobjid_arg):  # explicit: pdfminer counts an operator's arguments from its signature
        _charge_xobject()
        return original_do(self, xobjid_arg)

    pdfinterp.PDFPageInterpreter.do_Do = do_Do
    _installed = True


def _flate_only(stream) -> bool:
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    try:
        return all(f in LITERALS_FLATE_DECODE for f, _ in stream.get_filters())
    except Exception:  # noqa: BLE001 — a broken filter list is pdfminer's to report
        return False


def _count_calls(cls, name: str) -> None:
    original = getattr(cls, name)

    def counted(self, *args, **kwargs):
        _charge_drawn()
        return original(self, *args, **kwargs)

    counted.__name__ = name
    setattr(cls, name, counted)


@contextmanager
def guarded(settings: Settings) -> Iterator[None]:
    """Reading one PDF within the settings' decoded-bytes and layout-object limits."""
    _install()
    _current.append(_Budget(settings.max_pdf_decoded_bytes, settings.max_pdf_layout_objects,
                            settings.max_pdf_decoded_mb, settings.max_pdf_layout_objects,
                            settings.max_pdf_xobject_draws, settings.max_pdf_xobject_draws))
    try:
        yield
    finally:
        _current.pop()


def check_document(pdf, settings: Settings) -> None:
    """Refuse an opened PDF whose cross-reference table or page tree is past the limits.

    Called before any page is laid out: the xref size is what the file declares, and pages are
    counted one by one up to the limit (a /Count entry can lie).
    """
    from pdfminer.pdfpage import PDFPage

    doc = pdf.doc
    objects = 0
    for xref in getattr(doc, "xrefs", []):
        ranges = getattr(xref, "ranges", None)
        if ranges is not None:
            objects += sum(max(0, int(n)) for _start, n in ranges)
        else:
            objects += len(getattr(xref, "offsets", {}) or {})
        if objects > settings.max_pdf_objects:
            raise LimitExceeded(f"PDF 声明的对象超过 {settings.max_pdf_objects} 个")
    for n, _page in enumerate(PDFPage.create_pages(doc), start=1):
        if n > settings.max_pdf_pages:
            raise LimitExceeded(f"PDF 超过 {settings.max_pdf_pages} 页")


__all__ = ["MB", "LimitExceeded", "check_document", "guarded"]
