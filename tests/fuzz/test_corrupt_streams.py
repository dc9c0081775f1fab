"""A damaged deflate stream (a flipped bit inside a member's compressed data) is a corrupt file: the
clerk is told so in Chinese (`file.corrupt`), not shown zlib's English error text."""

from __future__ import annotations

import random
import zipfile
import zlib
from pathlib import Path

import pytest

from docgen.pipeline import validate_paths


def _damage_stream(path: Path, member: str, out: Path, seed: int = 7) -> None:
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    # Local header: 30 bytes + name + extra, then the compressed data.
    name_len = int.from_bytes(data[info.header_offset + 26: info.header_offset + 28], "little")
    extra_len = int.from_bytes(data[info.header_offset + 28: info.header_offset + 30], "little")
    start = info.header_offset + 30 + name_len + extra_len
    rng = random.Random(seed)
    for _ in range(200):  # flip bits until zlib itself rejects the stream (not merely a CRC mismatch)
        trial = bytearray(data)
        pos = start + rng.randrange(8, info.compress_size - 8)
        trial[pos] ^= 0xFF
        try:
            zlib.decompressobj(-15).decompress(bytes(trial[start: start + info.compress_size]))
        except zlib.error:
            out.write_bytes(bytes(trial))
            return
    pytest.skip("no bit flip broke the deflate stream")


@pytest.mark.parametrize("form,member", [("application", "word/document.xml"), ("annual", "xl/worksheets/sheet1.xml")])
def test_a_broken_deflate_stream_is_reported_as_corrupt(filled, tmp_path, form, member):
    bad = tmp_path / f"bad{filled[form].suffix}"
    _damage_stream(filled[form], member, bad)
    [entry] = validate_paths([bad])["files"]
    assert entry["valid"] is False
    codes = [i["code"] for i in entry["issues"]]
    assert "file.corrupt" in codes, [(i["code"], i["message"]) for i in entry["issues"]]
    assert not any("Error -3" in i["message"] for i in entry["issues"])
