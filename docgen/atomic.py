"""The one way docgen saves a file: atomically, with the mode a new file would get.

`write_atomic(path, write)` has `write(tmp)` fill a fresh temp file beside `path` (same folder, so the
rename cannot cross filesystems; a unique name, so two runs saving one target never share a temp),
flushes it to disk, then moves it over `path` with `os.replace`: a reader, or the disk after a crash,
has the old file or the new one, never half of either. Whatever the writer raises (KeyboardInterrupt
too), the temp file goes and the old target stays as it was. The folder is not fsynced after the
rename: that would make the rename itself survive a crash at ~6 ms a file (more than doubling the
county kit's time), and the promise is old-or-new, not which.

The temp file is created by `os.open(…, 0o666)`, so the kernel applies the umask (and a folder's
default ACL) exactly as for any new file: 0644 under umask 022, readable on a shared folder or behind a
web server. `tempfile.mkstemp` would create it 0600, and that mode would survive the rename.
`private=True` is for secrets (one-time passwords, keys): 0600 whatever the umask.
"""

from __future__ import annotations

import io
import os
import secrets
from collections.abc import Callable
from pathlib import Path

PUBLIC_MODE = 0o666  # narrowed by the umask, as open() does
PRIVATE_MODE = 0o600
_ATTEMPTS = 100


def write_atomic(path: Path | str, write: Callable[[Path], object], *, private: bool = False) -> Path:
    """Save `path` through `write(tmp)`, which writes the whole content to the Path `tmp`; returns `path`.

    The writer may open `tmp` for writing as often as it likes (it exists, empty); replacing it with
    another file would bring that file's mode instead. The target's folder is created when missing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _create_temp(path, PRIVATE_MODE if private else PUBLIC_MODE)
    try:
        write(tmp)
        _fsync(tmp)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_text_atomic(path: Path | str, text: str, *, private: bool = False) -> Path:
    """`write_atomic` for UTF-8 text."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"), private=private)


def write_bytes_atomic(path: Path | str, data: bytes, *, private: bool = False) -> Path:
    """`write_atomic` for bytes already in memory."""
    return write_atomic(path, lambda tmp: tmp.write_bytes(data), private=private)


def via_memory(save: Callable[[object], object]) -> Callable[[Path], None]:
    """A writer for `write_atomic` from `save(file_object)` (openpyxl's `wb.save`, a ZipFile builder).

    The content is built in memory and written to the temp file in one call, so a full disk or a
    read-only folder is one OSError: no half-closed ZipFile left to fail again when collected.
    """
    def write(tmp: Path) -> None:
        buf = io.BytesIO()
        save(buf)
        tmp.write_bytes(buf.getvalue())

    return write


def _create_temp(path: Path, mode: int) -> Path:
    # Hidden, unique and ending in the target's suffix (a writer that looks at the extension still sees it).
    for _ in range(_ATTEMPTS):
        tmp = path.with_name(f".tmp-{secrets.token_hex(6)}-{path.name}")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), mode)
        except FileExistsError:
            continue
        os.close(fd)
        return tmp
    raise FileExistsError(f"no free temporary name beside {path}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = ["PRIVATE_MODE", "via_memory", "write_atomic", "write_bytes_atomic", "write_text_atomic"]
