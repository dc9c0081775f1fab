"""Intake: what is this file, and is it safe to hand to a parser? Decided before any parser runs.

Every case of docs/quality.md's robustness list that can be told from the bytes is answered here
with a `file.*` issue of the catalogue: empty, too large, not a zip, truncated, old binary format,
encrypted OOXML, macro-enabled, zip bomb, DOCTYPE/entities, wrong extension. Scanned and encrypted
PDFs are the PDF reader's to report. Inputs are only ever opened for reading.

Issue 11's hostile inputs too: only regular files are read (a FIFO, socket, device or a link to one
is decided by lstat/stat and never opened), reads stop at the size limit, and the sha256 is of the
bytes checked. A package Word or Excel would not open as it is — a member twice, LZMA/bzip2
compression, a zip-encrypted member, an XML part past its size, a DOCTYPE in any part, any encoding,
anywhere in it — is refused here, so no reader and no annotated copy ever sees it.

`collect_inputs` turns the command line's files and folders into a list of inputs, walking folders
without following a symlink into a folder already on the path (a loop is reported, not followed).
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from docgen.formats.safexml import UnsafeXML, check_bytes, looks_like_xml, scan_stream
from docgen.issues import Issue, make_issue, os_reason
from docgen.settings import DEFAULT, MB, Settings

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
PDF_MAGIC = b"%PDF-"
# "EncryptionInfo" as an OLE2 directory entry name (UTF-16LE): an encrypted OOXML package.
_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")

SUFFIX_KIND = {".docx": "docx", ".xlsx": "xlsx", ".pdf": "pdf"}
LEGACY = {".doc", ".xls", ".wps", ".et"}
MACRO = {".docm", ".xlsm", ".dotm", ".xltm"}
# What a folder walk picks up; a file named explicitly is always taken.
ACCEPTED_SUFFIXES = set(SUFFIX_KIND) | LEGACY | MACRO
_KIND_TEXT = {"docx": "Word（.docx）", "xlsx": "Excel（.xlsx）", "pdf": "PDF"}  # "内容是 {actual} 文件"


@dataclass(frozen=True)
class Sniffed:
    kind: str | None  # docx | xlsx | pdf, or None when the file must not be parsed
    issue: Issue | None = None
    sha256: str | None = None  # of the bytes checked; None when the file is not a regular file


@dataclass(frozen=True)
class Input:
    """One file to validate: its path as given, its path relative to the batch (for --annotate)."""

    path: Path
    rel: Path
    issue: Issue | None = None  # set when the file cannot even be reached (loop, missing)


def _refuse(code: str, sha: str | None = None, **kw) -> Sniffed:
    return Sniffed(None, make_issue(code, **kw), sha)


# --- only regular files are read ---------------------------------------------------------------

_KINDS = ((stat.S_ISFIFO, "命名管道"), (stat.S_ISSOCK, "套接字"), (stat.S_ISCHR, "字符设备"),
          (stat.S_ISBLK, "块设备"), (stat.S_ISDIR, "文件夹"))
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


def _kind_text(mode: int) -> str:
    return next((text for test, text in _KINDS if test(mode)), "特殊文件")


def regular_file(path: Path) -> tuple[os.stat_result | None, Issue | None]:
    """(stat, None) for a regular file (or a link to one); (None, issue) for anything else.

    Decided by `lstat`/`stat` alone, before the file is opened: opening a FIFO waits for a writer,
    reading /dev/zero never ends.
    """
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        return None, make_issue("file.not_found", value=str(path))
    except OSError as exc:
        return None, make_issue("file.unreadable", detail=os_reason(exc))
    try:
        st = os.stat(path) if stat.S_ISLNK(link.st_mode) else link
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, make_issue("file.symlink_loop", value=str(path))
        if exc.errno == errno.ENOENT:
            return None, make_issue("file.not_found", value=str(path))
        return None, make_issue("file.unreadable", detail=os_reason(exc))
    if stat.S_ISREG(st.st_mode):
        return st, None
    what = _kind_text(st.st_mode)
    if stat.S_ISDIR(st.st_mode):
        return None, make_issue("file.unsupported_type", suffix="（文件夹）")
    if stat.S_ISLNK(link.st_mode):
        what = f"指向{what}的符号链接"
    return None, make_issue("file.not_regular", kind=what)


def open_regular(path: Path, expected: os.stat_result | None = None):
    """A binary file object of a regular file, or an Issue.

    Opened non-blocking (a FIFO swapped in after the stat cannot stall the open), then checked again
    on the open descriptor: what is read is the regular file that was stat'ed, nothing else.
    """
    if expected is None:
        expected, issue = regular_file(path)
        if issue is not None:
            return issue
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        return make_issue("file.unreadable", detail=os_reason(exc))
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode) or (st.st_dev, st.st_ino) != (expected.st_dev, expected.st_ino):
        os.close(fd)
        return make_issue("file.not_regular", kind="读取时已被替换为其他文件")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def sha256_of(path: Path, limit: int | None = None) -> str | None:
    """sha256 of a regular file (never of a FIFO or device), reading at most `limit` bytes + 1."""
    fh = open_regular(Path(path))
    if isinstance(fh, Issue):
        return None
    h = hashlib.sha256()
    left = (limit + 1) if limit is not None else None
    try:
        with fh:
            while left is None or left > 0:
                block = fh.read(1 << 20 if left is None else min(1 << 20, left))
                if not block:
                    break
                h.update(block)
                if left is not None:
                    left -= len(block)
    except OSError:
        return None
    return h.hexdigest()


def sniff(path: Path, settings: Settings = DEFAULT) -> Sniffed:
    """The file's kind by content, or the file-level issue that stops it being parsed.

    The type is checked first (a FIFO or a device is never opened), then the size; only then are the
    bytes read, at most the size limit, and hashed: `sha256` is of exactly what was checked.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    st, issue = regular_file(path)
    if issue is not None:
        return Sniffed(None, issue)
    if st.st_size == 0:
        return _refuse("file.empty", hashlib.sha256(b"").hexdigest())
    if st.st_size > settings.max_file_bytes:
        return _refuse("file.too_large", sha256_of(path, st.st_size), size_mb=f"{st.st_size / MB:.1f}",
                       limit_mb=f"{settings.max_file_mb:g}")
    fh = open_regular(path, st)
    if isinstance(fh, Issue):
        return Sniffed(None, fh)
    try:
        with fh:
            data = fh.read(settings.max_file_bytes + 1)
    except OSError as exc:
        return _refuse("file.unreadable", detail=os_reason(exc))
    sha = hashlib.sha256(data).hexdigest()
    if len(data) > settings.max_file_bytes:  # grew since the stat
        return _refuse("file.too_large", sha, size_mb=f"{len(data) / MB:.1f}", limit_mb=f"{settings.max_file_mb:g}")
    found = _sniff_bytes(data, suffix, settings)
    return Sniffed(found.kind, found.issue, sha)


def _sniff_bytes(data: bytes, suffix: str, settings: Settings) -> Sniffed:
    head = data[:8]
    if head.startswith(OLE2_MAGIC):
        return _sniff_ole2(data, suffix)
    if head.startswith(PDF_MAGIC):
        if suffix == ".pdf":
            return Sniffed("pdf")
        return _refuse("file.wrong_extension", suffix=suffix or "（无）", actual=_KIND_TEXT["pdf"])
    if suffix in LEGACY:
        return _refuse("file.legacy_format", suffix=suffix)
    if head.startswith(ZIP_MAGICS):
        return _sniff_zip(data, suffix, settings)
    if suffix in {".docx", ".xlsx"} | MACRO:
        return _refuse("file.not_zip")
    if suffix == ".pdf":
        return _refuse("file.corrupt", detail="文件头不是 PDF")
    return _refuse("file.unsupported_type", suffix=suffix or "（无扩展名）")


def _sniff_ole2(data: bytes, suffix: str) -> Sniffed:
    """An OLE2 compound file: a .doc/.xls, or an OOXML package encrypted with a password."""
    if _ENCRYPTION_INFO in data:
        return _refuse("file.encrypted")
    shown = suffix if suffix in LEGACY else f"{suffix or '无扩展名'}，实为 .doc/.xls"
    return _refuse("file.legacy_format", suffix=shown)


# Compression methods Word, Excel and WPS read: stored and deflated. LZMA, bzip2 … they cannot open.
_OFFICE_METHODS = {zipfile.ZIP_STORED: None, zipfile.ZIP_DEFLATED: None}
_METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA", 9: "Deflate64", 93: "Zstandard",
                 95: "XZ", 98: "PPMd"}


def _sniff_zip(data: bytes, suffix: str, settings: Settings) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            bomb = _bomb_detail(infos, settings)
            if bomb:
                return _refuse("file.zip_bomb", detail=bomb)
            big = next((i for i in infos if i.filename.lower().endswith((".xml", ".rels", ".vml"))
                        and i.file_size > settings.max_xml_part_bytes), None)
            if big is not None:
                return _refuse("file.limit", detail=f"部件「{big.filename}」解压后 {big.file_size / MB:.0f} MB，"
                                                    f"上限 {settings.max_xml_part_mb:g} MB")
            bad = _package_detail(infos)
            if bad is not None:
                code, detail = bad
                return _refuse(code, detail=detail) if detail else _refuse(code)
            names = {i.filename for i in infos}
            actual = _ooxml_kind(names)
            if suffix in MACRO or any(n.lower().endswith("vbaproject.bin") for n in names):
                return _refuse("file.macro_enabled", suffix=suffix if suffix in MACRO else f"{suffix}，内含宏")
            if actual is None:
                what = "OpenDocument（.odt/.ods）" if "mimetype" in names else "普通 zip 压缩包"
                return _refuse("file.wrong_extension", suffix=suffix or "（无）", actual=what)
            if SUFFIX_KIND.get(suffix) != actual:
                return _refuse("file.wrong_extension", suffix=suffix or "（无）", actual=_KIND_TEXT[actual])
            if _has_doctype(zf, infos):
                return _refuse("file.unsafe_xml")
    except zipfile.BadZipFile:
        return _refuse("file.corrupt", detail="压缩包不完整或已截断")
    except (zlib.error, EOFError):
        return _refuse("file.corrupt", detail="压缩数据已损坏")
    except RuntimeError:  # zipfile: "File is encrypted, password required"
        return _refuse("file.encrypted")
    except (OSError, ValueError, NotImplementedError):
        return _refuse("file.corrupt", detail="压缩包无法解开")
    return Sniffed(actual)


def _package_detail(infos: list[zipfile.ZipInfo]) -> tuple[str, str | None] | None:
    """(code, detail) when the package is not one Word or Excel would open: zip-encrypted members,
    compression Office does not use, one part name twice (which of the two counts is undefined)."""
    seen: set[str] = set()
    for i in infos:
        if i.flag_bits & 0x1:
            return "file.encrypted", None
        if i.compress_type not in _OFFICE_METHODS:
            method = _METHOD_NAMES.get(i.compress_type, f"方式 {i.compress_type}")
            return "file.package_invalid", f"部件「{i.filename}」使用了 Office 不支持的压缩方式 {method}"
        key = i.filename.replace("\\", "/").lstrip("/").casefold()
        if key in seen:
            return "file.package_invalid", f"部件「{i.filename}」出现了不止一次"
        seen.add(key)
    return None


def _bomb_detail(infos: list[zipfile.ZipInfo], settings: Settings) -> str | None:
    """Why this zip must not be inflated, from its declared sizes (zipfile never inflates past them)."""
    if len(infos) > settings.max_members:
        return f"包含 {len(infos)} 个部件，上限 {settings.max_members}"
    total = sum(i.file_size for i in infos)
    if total > settings.max_uncompressed_bytes:
        return f"解压后 {total / MB:.0f} MB，上限 {settings.max_uncompressed_mb:g} MB"
    floor = settings.ratio_min_mb * MB
    for i in infos:
        if i.file_size > floor and i.file_size > settings.max_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            return f"部件「{i.filename}」压缩比 {ratio:.0f}:1，上限 {settings.max_ratio:g}:1"
    return None


def _ooxml_kind(names: set[str]) -> str | None:
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


_BINARY_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".emf", ".wmf", ".tif", ".tiff", ".bin", ".ttf",
                    ".odttf", ".fntdata")


_WHOLE = 4 << 20  # parts up to this size are scanned in one piece; larger ones in chunks


def _has_doctype(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> bool:
    """Whether any XML part, in whatever encoding and wherever in it, declares a DOCTYPE or entity.

    Every part is looked at (an annotated copy carries them all), not just those the readers parse;
    pictures are known by name and skipped, anything else that starts like XML is scanned whole.
    """
    for info in infos:
        if info.is_dir() or info.filename.lower().endswith(_BINARY_SUFFIXES):
            continue
        if info.file_size <= _WHOLE:  # most parts: one read, one search
            with zf.open(info) as fh:  # read(n), not read(): inflates no further than the declared size
                data = fh.read(info.file_size)
            if looks_like_xml(data[:4]):
                try:
                    check_bytes(data)
                except UnsafeXML:
                    return True
            continue
        with zf.open(info) as fh:
            head = fh.read(4)
            if not looks_like_xml(head):
                continue
            first = [head]

            def read(n: int, fh=fh, first=first) -> bytes:
                if first:
                    return first.pop() + fh.read(max(0, n - 4))
                return fh.read(n)

            try:
                scan_stream(read)
            except UnsafeXML:
                return True
    return False


# --- walking the command line's paths --------------------------------------------------------


def collect_inputs(paths: list[Path | str], exclude: list[Path | str] = ()) -> list[Input]:
    """Files to validate, in command-line order, folders walked in sorted order.

    A symlink to a folder that is already being walked (a loop) becomes an input with a
    `file.symlink_loop` issue; a path that does not exist becomes one with `file.not_found`.
    `exclude` names our own outputs (the --annotate folder, the --report file) that a folder
    walk must not take for inputs on the next run.
    """
    found: list[tuple[Path, Path | None, Issue | None]] = []  # (path, folder root, issue)
    skip = frozenset(os.path.realpath(e) for e in exclude)
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            _walk(p, found, skip)
        elif p.exists() or p.is_symlink():
            issue = _loop_issue(p)
            found.append((p, None, issue))
        else:
            found.append((p, None, make_issue("file.not_found", value=str(p))))
    return _with_relative_paths(found)


def _loop_issue(p: Path) -> Issue | None:
    try:
        p.stat()
    except OSError as exc:
        if exc.errno == 40 or "loop" in str(exc).lower():  # ELOOP
            return make_issue("file.symlink_loop", value=str(p))
        return make_issue("file.not_found", value=str(p))
    return None


def _walk(root: Path, found: list, skip: frozenset[str] = frozenset()) -> None:
    def visit(folder: Path, ancestors: frozenset[str]) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            found.append((folder, root, make_issue("file.unreadable", detail=exc.strerror or str(exc))))
            return
        for entry in entries:
            p = Path(entry.path)
            if entry.name.startswith((".", "~$")):  # hidden files, Office lock files
                continue
            if skip and os.path.realpath(p) in skip:
                continue
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
            except OSError:
                is_dir = False
            if is_dir:
                real = os.path.realpath(p)
                if real in ancestors:
                    found.append((p, root, make_issue("file.symlink_loop", value=str(p))))
                    continue
                visit(p, ancestors | {real})
            else:
                issue = _loop_issue(p) if entry.is_symlink() else None
                if issue is not None or p.suffix.lower() in ACCEPTED_SUFFIXES:
                    found.append((p, root, issue))

    visit(root, frozenset({os.path.realpath(root)}))


def _with_relative_paths(found: list[tuple[Path, Path | None, Issue | None]]) -> list[Input]:
    """Relative paths that keep two same-named files from different folders apart.

    Paths are taken relative to the deepest folder common to every input, so `a/表.docx` and
    `b/表.docx` stay `a/…` and `b/…`; the same file given twice gets a numbered name.
    """
    if not found:
        return []
    parents = [os.path.abspath(p.parent) for p, _, _ in found]
    try:
        base = Path(os.path.commonpath(parents))
    except ValueError:  # different drives
        base = None
    out: list[Input] = []
    seen: set[str] = set()
    for p, _root, issue in found:
        absolute = Path(os.path.abspath(p))
        rel = absolute.relative_to(base) if base is not None else Path(*absolute.parts[1:])
        key, n = str(rel), 2
        while key.casefold() in seen:
            key = str(rel.with_name(f"{rel.stem}-{n}{rel.suffix}"))
            n += 1
        seen.add(key.casefold())
        out.append(Input(p, Path(key), issue))
    return out
