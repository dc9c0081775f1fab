"""Intake: what is this file, and is it safe to hand to a parser? Decided before any parser runs.

Every case of docs/quality.md's robustness list that can be told from the bytes is answered here
with a `file.*` issue of the catalogue: empty, too large, not a zip, truncated, old binary format,
encrypted OOXML, macro-enabled, zip bomb, DOCTYPE/entities, wrong extension. Scanned and encrypted
PDFs are the PDF reader's to report. Inputs are only ever opened for reading.

`collect_inputs` turns the command line's files and folders into a list of inputs, walking folders
without following a symlink into a folder already on the path (a loop is reported, not followed).
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docgen.issues import Issue, make_issue
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


@dataclass(frozen=True)
class Input:
    """One file to validate: its path as given, its path relative to the batch (for --annotate)."""

    path: Path
    rel: Path
    issue: Issue | None = None  # set when the file cannot even be reached (loop, missing)


def _refuse(code: str, **kw) -> Sniffed:
    return Sniffed(None, make_issue(code, **kw))


def sniff(path: Path, settings: Settings = DEFAULT) -> Sniffed:
    """The file's kind by content, or the file-level issue that stops it being parsed."""
    path = Path(path)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return _refuse("file.not_found", value=str(path))
    except OSError as exc:
        return _refuse("file.unreadable", detail=exc.strerror or type(exc).__name__)
    if not path.is_file():
        return _refuse("file.unsupported_type", suffix=suffix or "（文件夹或设备）")
    if size == 0:
        return _refuse("file.empty")
    if size > settings.max_file_bytes:
        return _refuse("file.too_large", size_mb=f"{size / MB:.1f}", limit_mb=f"{settings.max_file_mb:g}")
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
            if head.startswith(OLE2_MAGIC):
                return _sniff_ole2(fh, suffix)
    except OSError as exc:
        return _refuse("file.unreadable", detail=exc.strerror or type(exc).__name__)
    if head.startswith(PDF_MAGIC):
        if suffix == ".pdf":
            return Sniffed("pdf")
        return _refuse("file.wrong_extension", suffix=suffix or "（无）", actual=_KIND_TEXT["pdf"])
    if suffix in LEGACY:
        return _refuse("file.legacy_format", suffix=suffix)
    if head.startswith(ZIP_MAGICS):
        return _sniff_zip(path, suffix, settings)
    if suffix in {".docx", ".xlsx"} | MACRO:
        return _refuse("file.not_zip")
    if suffix == ".pdf":
        return _refuse("file.corrupt", detail="文件头不是 PDF")
    return _refuse("file.unsupported_type", suffix=suffix or "（无扩展名）")


def _sniff_ole2(fh, suffix: str) -> Sniffed:
    """An OLE2 compound file: a .doc/.xls, or an OOXML package encrypted with a password."""
    fh.seek(0)
    data = fh.read()  # bounded by the size limit checked before
    if _ENCRYPTION_INFO in data:
        return _refuse("file.encrypted")
    shown = suffix if suffix in LEGACY else f"{suffix or '无扩展名'}，实为 .doc/.xls"
    return _refuse("file.legacy_format", suffix=shown)


def _sniff_zip(path: Path, suffix: str, settings: Settings) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            bomb = _bomb_detail(infos, settings)
            if bomb:
                return _refuse("file.zip_bomb", detail=bomb)
            names = {i.filename for i in infos}
            actual = _ooxml_kind(names)
            if suffix in MACRO or any(n.lower().endswith("vbaproject.bin") for n in names):
                return _refuse("file.macro_enabled", suffix=suffix if suffix in MACRO else f"{suffix}，内含宏")
            if actual is None:
                what = "OpenDocument（.odt/.ods）" if "mimetype" in names else "普通 zip 压缩包"
                return _refuse("file.wrong_extension", suffix=suffix or "（无）", actual=what)
            if SUFFIX_KIND.get(suffix) != actual:
                return _refuse("file.wrong_extension", suffix=suffix or "（无）", actual=_KIND_TEXT[actual])
            if _has_doctype(zf, infos, settings):
                return _refuse("file.unsafe_xml")
    except zipfile.BadZipFile as exc:
        return _refuse("file.corrupt", detail=f"压缩包不完整或已截断：{exc}")
    except (OSError, EOFError, ValueError, NotImplementedError) as exc:
        return _refuse("file.corrupt", detail=f"压缩包无法解开：{exc}")
    return Sniffed(actual)


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
            return f"部件 {i.filename} 压缩比 {ratio:.0f}:1，上限 {settings.max_ratio:g}:1"
    return None


def _ooxml_kind(names: set[str]) -> str | None:
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


# The parts docgen's readers parse (the rest of a package is copied as bytes, never parsed).
_PARSED_PARTS = ("[content_types].xml", "_rels/", "docprops/", "word/document.xml", "word/_rels/",
                 "xl/workbook.xml", "xl/_rels/", "xl/sharedstrings.xml", "xl/worksheets/sheet")


def _has_doctype(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], settings: Settings) -> bool:
    """A DOCTYPE must precede the root element, so the first few KB of each parsed part tell."""
    for info in infos:
        name = info.filename.lower()
        if not name.endswith((".xml", ".rels")) or not name.startswith(_PARSED_PARTS):
            continue
        with zf.open(info) as fh:
            prolog = fh.read(settings.xml_prolog_bytes).lower()
        if b"<!doctype" in prolog or b"<!entity" in prolog:
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
