"""Write forms/notices/<kind>.docx from notices/wording.py: `python -m docgen.notices.build_templates`.

Run once to (re)create the templates; afterwards the .docx files are what clerks re-word in Word.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docgen.notices.kinds import KINDS
from docgen.notices.wording import WORDING


def build_all(outdir: Path) -> list[Path]:
    from docgen.formats.gongwen.template import build_template

    return [build_template(outdir / f"{kind}.docx", WORDING[kind]) for kind in KINDS]


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "forms" / "notices"
    for made in build_all(target):
        print(made)
