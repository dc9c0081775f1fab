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
    xml_prolog_bytes: int = 4096  # kept for callers; intake now scans every XML part whole
    # --- limits of the parsers (docs/quality.md, issue 11): what a returned form never comes near ---
    max_xml_part_mb: float = 25.0  # one XML part inflated; lxml's tree is ~10× that (forms: < 2 MB)
    time_per_file_s: float = 60.0  # one file's reading + checks; a generated form takes < 0.2 s, a PDF < 2 s
    max_pdf_pages: int = 60  # the longest export is 7 pages; long answers may reach ~20
    max_pdf_objects: int = 200_000  # xref entries; the 7-page export has 65; declared, so cheap to check
    max_pdf_decoded_mb: float = 50.0  # inflated stream bytes of one PDF, summed (7-page export: 0.35 MB)
    max_pdf_xobject_draws: int = 2_000  # form XObjects drawn (LibreOffice's exports draw none; ~1 ms each)
    max_pdf_layout_objects: int = 100_000  # characters, lines, images laid out (7-page export: 2,819; ~2 KB each)
    max_shared_strings: int = 200_000  # an annual table has a few hundred; one per typed cell at most
    max_shared_strings_mb: float = 20.0  # decoded text of the shared-string table
    max_merge_cells: int = 100_000  # cells covered by merged ranges of one sheet (forms: a few hundred)
    max_merges: int = 10_000  # merged ranges of one sheet
    max_cells: int = 100_000  # cells of a workbook, all sheets (annual form: ~2,000); openpyxl ~1 KB each

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise UsageError(f"设置项 {f.name} 应为数字，现为「{value!r}」。")
            if value <= 0:
                raise UsageError(f"设置项 {f.name} 应大于 0，现为 {value}。")
        for name in ("max_members", "parallel_threshold", "chunk_size", "xml_prolog_bytes", "max_pdf_pages",
                     "max_pdf_objects", "max_pdf_layout_objects", "max_pdf_xobject_draws", "max_shared_strings", "max_merge_cells",
                     "max_merges", "max_cells"):
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
    def max_xml_part_bytes(self) -> int:
        return int(self.max_xml_part_mb * MB)

    @property
    def max_pdf_decoded_bytes(self) -> int:
        return int(self.max_pdf_decoded_mb * MB)

    @property
    def max_shared_strings_bytes(self) -> int:
        return int(self.max_shared_strings_mb * MB)

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
