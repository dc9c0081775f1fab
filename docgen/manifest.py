"""The manifest every generated form carries: which form, which version, which field layout.

Stored as custom document properties (docProps/custom.xml) named `docgen.*`, which Word, WPS, Excel
and LibreOffice keep when they re-save. The parser reads it to identify a returned file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from docgen import __version__

PREFIX = "docgen."


@dataclass(frozen=True)
class Manifest:
    form: str
    version: str
    fingerprint: str
    years: dict = field(default_factory=dict)  # {"y1": 2023, …} or {"prev": 2024, "cur": 2025}
    generator: str = f"docgen {__version__}"

    def to_props(self) -> dict[str, str]:
        return {
            PREFIX + "form": self.form,
            PREFIX + "version": self.version,
            PREFIX + "fingerprint": self.fingerprint,
            PREFIX + "years": json.dumps(self.years, ensure_ascii=False, sort_keys=True),
            PREFIX + "generator": self.generator,
        }

    @classmethod
    def from_props(cls, props: dict[str, str]) -> Manifest | None:
        """The manifest in a file's custom properties, or None when it has none (or a broken one)."""
        form = props.get(PREFIX + "form")
        if not form:
            return None
        try:
            years = json.loads(props.get(PREFIX + "years") or "{}")
            if not isinstance(years, dict):
                years = {}
        except ValueError:
            years = {}
        return cls(
            form=form, version=props.get(PREFIX + "version", ""), fingerprint=props.get(PREFIX + "fingerprint", ""),
            years={k: int(v) for k, v in years.items() if isinstance(v, int | str) and str(v).isdigit()},
            generator=props.get(PREFIX + "generator", ""),
        )
