"""The year's shortlist (Art. 16, 择优): where the publicity notice's list comes from.

Until the portal's expert review forms it, the province uploads it as JSON in the shape
`docgen notice publicity --data` reads (a list of {city, county, cluster_name, leading_industry, …};
`docgen review tally`'s shortlist file is that shape). The same `save` takes the tally's list. Saving
checks the entries exactly as the notice will (`notices.data.check_entries`), so a list that is saved
can be drawn into a notice, and moves each recommended package it names to `shortlisted`.
"""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select

from docgen.errors import InputError
from docgen.portal import access
from docgen.portal import models as m

UPLOAD, TALLY = "upload", "tally"
MAX_BYTES = 2 * 1024 * 1024  # a province's list is a few kB; more is not a list


def parse(data: bytes) -> list[dict]:
    """An uploaded shortlist file → its entries; Unprocessable (Chinese) when it is not one."""
    if len(data) > MAX_BYTES:
        raise access.TooLarge("入围名单文件过大（上限 2 MB）。请上传 review tally 生成的名单 JSON。")
    try:
        payload = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise access.Unprocessable("入围名单应为 UTF-8 编码的 JSON 文件（review tally 生成的名单，"
                                   "或与 notice publicity --data 相同格式的列表）。", code="shortlist.not_json") from None
    if isinstance(payload, dict) and isinstance(payload.get("entries"), list):
        payload = payload["entries"]
    if not isinstance(payload, list) or not all(isinstance(e, dict) for e in payload):
        raise access.Unprocessable("入围名单应为一个列表，每项是一个集群（含 city、county、cluster_name、leading_industry）。",
                                   code="shortlist.shape")
    return payload


def save(session, account: m.Account, year: int, entries: list[dict], source: str = UPLOAD) -> m.Shortlist:
    """Store `entries` as the year's current shortlist (province only) and mark the packages it names."""
    from docgen.notices.data import check_entries
    from docgen.portal.service import audit, move, named_packages, now

    access.require(account, m.PROVINCE)
    try:
        check_entries(entries, "publicity")
    except InputError as exc:
        raise access.Unprocessable(str(exc), code="shortlist.invalid") from None
    canonical = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    row = m.Shortlist(year=year, source=source, entries=entries, account_id=account.id, created_at=now(),
                      sha256=hashlib.sha256(canonical.encode()).hexdigest())
    session.add(row)
    session.flush()
    audit(session, account, "shortlist_saved", "shortlist", row.id, None, None,
          f"{year} 年入围名单 {len(entries)} 个集群（{'上传' if source == UPLOAD else '专家评审汇总'}）")
    for pkg in named_packages(session, year, (m.RECOMMENDED,), entries)[0]:
        move(session, account, pkg, m.SHORTLISTED, "shortlisted", f"入围名单 {row.id}")
    return row


def current(session, year: int) -> m.Shortlist | None:
    """The newest shortlist of `year`, or None."""
    return session.scalar(select(m.Shortlist).where(m.Shortlist.year == year).order_by(m.Shortlist.id.desc()).limit(1))
