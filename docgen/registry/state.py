"""A cluster's standing at a date, from its rows: recognised when, valid until, reviewed, revoked.

Validity (Art. 17): three years from the list's publication; each passed review extends it by three
years from the expiry it answered. A revocation ends it. Pure functions of loaded rows, so `due`,
`show`, `export` and the evaluation report agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from docgen.catalogue import programme
from docgen.registry.models import PASSED, Cluster, Recognition, ReviewDecision, Revocation

GROUND_RE = re.compile(r"\s*(?:第十九条)?\s*第?[（(]?\s*([一二三四五])\s*[)）]?项?\s*")


def add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February → 28 February
        return d.replace(year=d.year + years, day=28)


def normalise_ground(text: str) -> str | None:
    """"三", "（三）", "第十九条（三）", "第十九条(三)" → "第十九条（三）"; None when not one of (一)–(五)."""
    m = GROUND_RE.fullmatch(str(text or ""))
    return f"第十九条（{m[1]}）" if m else None


@dataclass
class Standing:
    recognition: Recognition | None  # the latest
    valid_until: date | None
    revocation: Revocation | None
    last_decision: ReviewDecision | None

    def state_on(self, on: date) -> str:
        if self.revocation is not None and self.revocation.decided_on <= on:
            return "revoked"
        if self.recognition is None or self.recognition.published_on > on:
            return "not_recognised"
        return "valid" if self.valid_until and on <= self.valid_until else "expired"


def standing(cluster: Cluster, recognitions: list[Recognition], decisions: list[ReviewDecision],
             revocations: list[Revocation]) -> Standing:
    recs = sorted(recognitions, key=lambda r: (r.published_on, r.id))
    latest = recs[-1] if recs else None
    revocation = None
    if latest is not None:
        # A revocation before the latest recognition belongs to an earlier term (re-recognised since).
        later = [r for r in revocations if r.decided_on >= latest.published_on]
        revocation = max(later, key=lambda r: (r.decided_on, r.id)) if later else None
    valid_until = latest.valid_until if latest else None
    last = None
    for d in sorted(decisions, key=lambda d: (d.decided_on, d.id)):
        if latest is None or d.decided_on < latest.published_on:
            continue
        last = d
        if d.result == PASSED and valid_until is not None:
            valid_until = add_years(valid_until, programme().term_years)
    return Standing(latest, valid_until, revocation, last)
