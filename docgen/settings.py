"""Limits and run settings of intake and the validate pipeline: one dataclass, checked when built.

Every limit protects a clerk's machine from a hostile or broken upload (docs/quality.md): a file
over the size limit, or a zip that would inflate past the caps, is refused before a parser sees it.
Validation rules' own settings (deadlines, days) live in `docgen.validation`'s settings.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields

from docgen.errors import UsageError

MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    max_file_mb: float = 50.0  # a returned form is well under 5 MB; 50 leaves room for pictures
    max_uncompressed_mb: float = 200.0  # sum of the zip members' declared sizes
    max_members: int = 2000  # a generated form has ~15 parts; thousands means something odd
    max_ratio: float = 200.0  # compression ratio of one member (XML compresses ~10–30×, bombs ~1000×)
    ratio_min_mb: float = 1.0  # the ratio check applies to members larger than this once inflated
    parallel_threshold: int = 20  # a process pool pays off only past this many files
    jobs: int | None = None  # worker processes; None → min(2, CPU count)
    chunk_size: int = 8  # files in flight per worker, bounding the results held in memory
    xml_prolog_bytes: int = 4096  # how much of each XML part intake reads to look for a DOCTYPE

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise UsageError(f"设置项 {f.name} 应为数字，现为「{value!r}」。")
            if value <= 0:
                raise UsageError(f"设置项 {f.name} 应大于 0，现为 {value}。")
        for name in ("max_members", "parallel_threshold", "chunk_size", "xml_prolog_bytes"):
            if not isinstance(getattr(self, name), int):
                raise UsageError(f"设置项 {name} 应为整数，现为 {getattr(self, name)!r}。")
        if self.jobs is not None and not isinstance(self.jobs, int):
            raise UsageError(f"设置项 jobs 应为整数，现为 {self.jobs!r}。")
        if self.max_uncompressed_mb < self.max_file_mb:
            raise UsageError("设置项 max_uncompressed_mb 不应小于 max_file_mb。")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MB)

    @property
    def max_uncompressed_bytes(self) -> int:
        return int(self.max_uncompressed_mb * MB)

    def workers(self, n_files: int) -> int:
        """How many worker processes to use for `n_files` files (1 = run in this process)."""
        if n_files <= self.parallel_threshold:
            return 1
        jobs = self.jobs if self.jobs is not None else min(2, os.cpu_count() or 1)
        return max(1, min(jobs, n_files))


DEFAULT = Settings()
