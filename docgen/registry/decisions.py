"""The province's decisions: recognise a published list (issuing cluster ids), record a review
result, record a revocation. Each is one transaction; recording the same decision twice changes
nothing (unique constraints), so a clerk can safely re-run a command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from docgen.catalogue import programme
from docgen.divisions import city_for
from docgen.errors import InputError, UsageError
from docgen.registry import models as m
from docgen.registry.loading import load_bundles
from docgen.registry.matching import name_key
from docgen.registry.state import add_years, normalise_ground

ID_PREFIX = "SX"


@dataclass
class RecognisedEntry:
    cluster_id: str
    cluster_name: str
    county: str
    action: str  # "new" | "re-recognised" | "unchanged"


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _next_ids(session, year: int):
    """Cluster ids SX{year}-{nnn}, numbered on from the highest already issued that year."""
    prefix = f"{ID_PREFIX}{year}-"
    highest = session.scalar(select(func.max(m.Cluster.cluster_id)).where(m.Cluster.cluster_id.like(prefix + "%")))
    n = int(highest[len(prefix):]) if highest else 0
    while True:
        n += 1
        yield f"{prefix}{n:03d}"



def rows_from_list(path) -> list[dict]:
    """The rows `recognise` takes, from a published list file (.json/.xlsx, the notices' list format):
    each entry's identity, with the applicant organisation when the list carries it (matched by the
    cluster's normalised name, as the registry matches)."""
    from docgen.notices.data import check_entries, read_records

    records = read_records(path)
    entries = check_entries(records, "announcement")
    orgs = {name_key(r.get("cluster_name", "")): r.get("applicant_org") for r in records if isinstance(r, dict)}
    return [{"city": e.city, "county": e.county, "cluster_name": e.cluster_name,
             "leading_industry": e.leading_industry, "applicant_org": orgs.get(name_key(e.cluster_name))}
            for e in entries]


def recognise(registry, records: list[dict], doc_number: str, published_on: date) -> list[RecognisedEntry]:
    """Record a published list. `records`: dicts with city, county, cluster_name, leading_industry
    (and applicant_org when known), already checked by the notices' list loader."""
    with registry.transaction() as session:
        return recognise_in(session, records, doc_number, published_on)


def recognise_in(session, records: list[dict], doc_number: str, published_on: date) -> list[RecognisedEntry]:
    """`recognise` inside the caller's transaction (the portal moves its packages in the same one)."""
    problems = []
    for i, r in enumerate(records, 1):
        actual = city_for(r["county"])
        if actual is None:
            problems.append(f"第{i}条「{r['cluster_name']}」的县（市、区）「{r['county']}」不是陕西省县级区划名称。")
        elif actual != r["city"]:
            problems.append(f"第{i}条「{r['cluster_name']}」：{r['county']}属于{actual}，不属于{r['city']}。")
    if problems:
        raise InputError("名单数据有误，未登记：\n" + "\n".join(problems))
    out: list[RecognisedEntry] = []
    now = _now()
    valid_until = add_years(published_on, programme().term_years)
    ids = _next_ids(session, published_on.year)
    for r in records:
        key = name_key(r["cluster_name"])
        cluster = session.scalar(select(m.Cluster).where(m.Cluster.county == r["county"],
                                                        m.Cluster.name_key == key))
        action = "re-recognised"
        if cluster is None:
            action = "new"
            cluster = m.Cluster(cluster_id=next(ids), cluster_name=r["cluster_name"].strip(), name_key=key,
                                city=r["city"], county=r["county"],
                                leading_industry=r["leading_industry"].strip(),
                                applicant_org=(r.get("applicant_org") or "").strip() or None, created_at=now)
            session.add(cluster)
            session.flush()
        else:
            if r.get("applicant_org") and not cluster.applicant_org:
                cluster.applicant_org = r["applicant_org"].strip()
            seen = session.scalar(select(m.Recognition).where(m.Recognition.cluster_pk == cluster.id,
                                                              m.Recognition.doc_number == doc_number))
            if seen is not None:
                out.append(RecognisedEntry(cluster.cluster_id, cluster.cluster_name, cluster.county, "unchanged"))
                continue
        session.add(m.Recognition(cluster_pk=cluster.id, list_year=published_on.year, doc_number=doc_number,
                                  published_on=published_on, valid_until=valid_until, recorded_at=now))
        out.append(RecognisedEntry(cluster.cluster_id, cluster.cluster_name, cluster.county, action))
    return out


def find_cluster(session, ref: str) -> m.Cluster:
    """A cluster by id (SX2025-001) or by name (normalised); UsageError when none or several."""
    ref = str(ref).strip()
    cluster = session.scalar(select(m.Cluster).where(m.Cluster.cluster_id == ref.upper()))
    if cluster is not None:
        return cluster
    found = list(session.scalars(select(m.Cluster).where(m.Cluster.name_key == name_key(ref))))
    if len(found) == 1:
        return found[0]
    if found:
        listed = "、".join(f"{c.cluster_id}（{c.county}）" for c in found)
        raise UsageError(f"名称「{ref}」对应多个集群：{listed}。请改用集群编号。")
    raise UsageError(f"名录中没有集群「{ref}」。请用 docgen registry export 查看名录中的编号与名称。")


def record_review(registry, ref: str, result: str, decided_on: date, doc_number: str | None = None) -> dict:
    """The province's review result; a pass extends validity three years from the expiry it answers."""
    if result not in (m.PASSED, m.FAILED):
        raise UsageError(f"复核结果「{result}」应为“通过”或“未通过”。")
    with registry.transaction() as session:
        cluster = find_cluster(session, ref)
        bundle = load_bundles(session, with_files=False, cluster_pks=[cluster.id])[0]
        st = bundle.standing
        if st.recognition is None or st.recognition.published_on > decided_on:
            raise InputError(f"「{cluster.cluster_name}」在 {decided_on} 尚未认定，不能记录复核结果。")
        if st.revocation is not None:
            raise InputError(f"「{cluster.cluster_name}」已于 {st.revocation.decided_on} 撤销认定，不能记录复核结果。")
        same = [d for d in bundle.decisions if d.decided_on == decided_on]
        if same:
            if same[0].result != result:
                raise InputError(f"「{cluster.cluster_name}」{decided_on} 已记录复核结果“{same[0].result}”，与本次不同。请核对。")
            return {**bundle.identity(), "result": result, "valid_until": st.valid_until.isoformat(),
                    "action": "unchanged"}
        session.add(m.ReviewDecision(cluster_pk=cluster.id, result=result, decided_on=decided_on,
                                     doc_number=doc_number, due_on=st.valid_until, recorded_at=_now()))
        new_until = add_years(st.valid_until, programme().term_years) if result == m.PASSED else st.valid_until
        return {**bundle.identity(), "result": result, "valid_until": new_until.isoformat(), "action": "added"}


def record_revocation(registry, ref: str, ground: str, doc_number: str, decided_on: date) -> dict:
    norm = normalise_ground(ground)
    if norm is None:
        raise UsageError(f"撤销依据「{ground}」应为第十九条（一）至（五）之一，例如 \"第十九条（三）\"。")
    with registry.transaction() as session:
        cluster = find_cluster(session, ref)
        bundle = load_bundles(session, with_files=False, cluster_pks=[cluster.id])[0]
        seen = [r for r in bundle.revocations if r.doc_number == doc_number]
        if seen:
            return {**bundle.identity(), "ground": seen[0].ground, "action": "unchanged"}
        st = bundle.standing
        if st.recognition is None:
            raise InputError(f"「{cluster.cluster_name}」尚未认定，不能撤销。")
        if st.revocation is not None:
            raise InputError(f"「{cluster.cluster_name}」已于 {st.revocation.decided_on} 撤销认定（{st.revocation.doc_number}）。")
        session.add(m.Revocation(cluster_pk=cluster.id, ground=norm, doc_number=doc_number, decided_on=decided_on,
                                 recorded_at=_now()))
        return {**bundle.identity(), "ground": norm, "action": "added"}
