"""What the rest of docgen asks the registry. Each call opens the database (`db_url`, else DOCGEN_DB,
else outputs/registry.sqlite3), answers and closes it; results are plain JSON-ready dicts."""

from __future__ import annotations

from datetime import date

from docgen.errors import UsageError


def due_lists(on: date, db_url: str | None = None, **settings) -> dict:
    """`registry due`: {"annual_overdue", "reviews_due", "revocation_candidates"} (+ "on"), each a list
    of {cluster_id, cluster_name, city, county, leading_industry, …} with `report_year` + `due`
    (ISO date), `due` + `status` ("due"|"expired"), or `ground` ("第十九条（三）") + `detail`.
    `settings`: annual_deadline=(3, 31), change_days=30, review_horizon_days=90 override the DB's."""
    from docgen.registry.db import open_registry
    from docgen.registry.due import due_lists as compute

    with open_registry(db_url, create=False) as registry:
        return compute(registry, on, **settings)


def prefill_for_cluster(cluster_id: str, db_url: str | None = None) -> dict:
    """Identity fields for `forms new … --cluster-id ID`: cluster_id, cluster_name, city, county,
    recognition_year, and applicant_org when the registry knows it. UsageError for an unknown id."""
    from sqlalchemy import select

    from docgen.registry import models as m
    from docgen.registry.db import open_registry
    from docgen.registry.loading import load_bundles

    with open_registry(db_url, create=False) as registry, registry.reading() as session:
        cluster = session.scalar(select(m.Cluster).where(m.Cluster.cluster_id == str(cluster_id).strip().upper()))
        if cluster is None:
            raise UsageError(f"名录中没有集群编号「{cluster_id}」。请用 docgen registry export 查看已登记的编号。")
        b = load_bundles(session, with_files=False, cluster_pks=[cluster.id])[0]
        rec = b.standing.recognition
        out = {"cluster_id": cluster.cluster_id, "cluster_name": cluster.cluster_name, "city": cluster.city,
               "county": cluster.county}
        if rec is not None:
            out["recognition_year"] = rec.list_year
        if cluster.applicant_org:
            out["applicant_org"] = cluster.applicant_org
        return out
