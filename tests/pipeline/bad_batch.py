"""The batch of damaged files, one per robustness case intake decides (shared by pipeline and CLI tests).

A module of its own name: test files import it directly, which a `conftest` cannot be (each folder's
conftest is a module called `conftest`, and the last one imported wins).
"""

import os
import sys
from pathlib import Path

# The damaged-file makers of tests/intake.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "intake"))

from damage import BILLION_LAUGHS, docx_bytes, ole2_bytes, pdf_bytes, rezip, xlsx_bytes  # noqa: E402


def make_bad_batch(folder: Path) -> dict[str, str]:
    """One file per robustness case that intake decides; name → expected issue code."""
    docx, xlsx = docx_bytes(), xlsx_bytes()
    cases = {
        "empty.docx": (b"", "file.empty"),
        "not-zip.docx": ("这不是文档".encode(), "file.not_zip"),
        "truncated.xlsx": (xlsx[: len(xlsx) // 3], "file.corrupt"),
        "really-xlsx.docx": (xlsx, "file.wrong_extension"),
        "really-docx.xlsx": (docx, "file.wrong_extension"),
        "old.doc": (ole2_bytes("WordDocument"), "file.legacy_format"),
        "old.xls": (ole2_bytes("Workbook"), "file.legacy_format"),
        "password.docx": (ole2_bytes("EncryptionInfo", "EncryptedPackage"), "file.encrypted"),
        "macro.docm": (docx, "file.macro_enabled"),
        "bomb.docx": (rezip(docx, add={"word/media/z.bin": b"\0" * (5 * 1024 * 1024)}), "file.zip_bomb"),
        "laughs.docx": (rezip(docx, replace={"word/document.xml": BILLION_LAUGHS}), "file.unsafe_xml"),
        "-leading dash 空格.docx": (b"", "file.empty"),
        "scan.pdf": (pdf_bytes(), "file.pdf_scanned"),
        "locked.pdf": (pdf_bytes(encrypted=True), "file.pdf_encrypted"),
    }
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _code) in cases.items():
        (folder / name).write_bytes(data)
    os.symlink(folder, folder / "loop")  # a link back to the folder itself
    codes = {name: code for name, (_data, code) in cases.items()}
    codes["loop"] = "file.symlink_loop"
    return codes
