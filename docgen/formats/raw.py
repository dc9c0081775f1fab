"""What a format reader hands to the domain: the slots' raw contents, before normalisation.

Readers (`docx_read.read_docx`, `xlsx_read.read_xlsx`, `pdf_read.read_pdf`) return a `RawForm`;
`docgen.record` turns its values into a typed record, `docgen.validation` checks it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.issues import Issue
from docgen.manifest import Manifest


@dataclass
class RawValue:
    field: str  # field id; in a repeating group the GROUP.FIELD id (`enterprises.uscc`)
    text: str | None  # what the cell/control shows; None when blank or still the placeholder
    native: Any = None  # the format's own typed value (xlsx number, date, bool), when it has one
    row: int | None = None  # 1-based row of a repeating group, blank rows dropped, document order
    location: str = ""  # where a person finds it: "表3 第4行", "基本信息!C5", "第2页"
    anchor: Any = None  # the reader's handle for annotating this slot (sdt index, cell coordinate)
    notes: tuple[str, ...] = ()  # issue codes the reader met at this slot (field.placeholder_left …)


@dataclass
class RawForm:
    path: Path
    format: str  # docx | xlsx | pdf
    form: str | None  # identified form id, None when unidentified
    manifest: Manifest | None
    values: list[RawValue] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)  # reading problems: altered, by label, outdated …
    read_by_label: bool = False
    saved_by: str | None = None  # the program that last saved the file ("LibreOffice 7.4"), when it says
    years: dict = field(default_factory=dict)  # calendar years read from the headings, when no manifest has them

    def by_field(self) -> dict[str, list[RawValue]]:
        out: dict[str, list[RawValue]] = {}
        for v in self.values:
            out.setdefault(v.field, []).append(v)
        return out
