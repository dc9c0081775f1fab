"""The file store: every uploaded or derived file by its sha256 (`files/ab/cdef….docx`), written once.

A name a user chose never becomes a path; the original name is metadata in the database. Storing the
same bytes twice writes nothing the second time, so a file once stored is never modified.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from docgen.atomic import write_bytes_atomic

_EXT = re.compile(r"^[a-z0-9]{1,8}$")
_SHA = re.compile(r"^[0-9a-f]{64}$")


class FileStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha256: str, ext: str) -> Path:
        if not _SHA.match(sha256) or not _EXT.match(ext):
            raise ValueError("bad store key")
        return self.root / sha256[:2] / f"{sha256[2:]}.{ext}"

    def put(self, data: bytes, ext: str) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha, ext)
        if not target.exists():
            write_bytes_atomic(target, data)
        return sha

    def get(self, sha256: str, ext: str) -> bytes:
        return self.path(sha256, ext).read_bytes()

    def used_bytes(self, shas: list[tuple[str, str]]) -> int:
        return sum(self.path(s, e).stat().st_size for s, e in set(shas) if self.path(s, e).exists())


def safe_ext(filename: str) -> str:
    """The store suffix for a user's file name: its lowercased extension when plain, else "bin"."""
    ext = Path(filename).suffix.lower().lstrip(".")
    return ext if _EXT.match(ext) else "bin"
