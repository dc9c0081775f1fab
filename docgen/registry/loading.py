"""Load the whole registry into plain per-cluster bundles in a handful of queries.

`due` over 500 clusters, `export` and the evaluation report all need every cluster with its rows;
one query per table (not one per cluster) keeps that fast on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from docgen.registry import models as m
from docgen.registry.state import Standing, standing


@dataclass
class Bundle:
    cluster: m.Cluster
    recognitions: list[m.Recognition] = field(default_factory=list)
    annual: list[m.AnnualFiling] = field(default_factory=list)
    changes: list[m.ChangeReport] = field(default_factory=list)
    review_filings: list[m.ReviewFiling] = field(default_factory=list)
    decisions: list[m.ReviewDecision] = field(default_factory=list)
    revocations: list[m.Revocation] = field(default_factory=list)

    @property
    def standing(self) -> Standing:
        return standing(self.cluster, self.recognitions, self.decisions, self.revocations)

    def current_annual(self) -> dict[int, m.AnnualFiling]:
        """Report year → the filing that counts: the newest; older ones stay, superseded."""
        out: dict[int, m.AnnualFiling] = {}
        for f in sorted(self.annual, key=lambda f: (f.fill_date or date.min, f.id)):
            out[f.report_year] = f
        return out

    def identity(self) -> dict:
        c = self.cluster
        return {"cluster_id": c.cluster_id, "cluster_name": c.cluster_name, "city": c.city,
                "county": c.county, "leading_industry": c.leading_industry}


def load_bundles(session, *, with_files: bool = True, cluster_pks: list[int] | None = None) -> list[Bundle]:
    clusters_q = select(m.Cluster).order_by(m.Cluster.cluster_id)
    if cluster_pks is not None:
        clusters_q = clusters_q.where(m.Cluster.id.in_(cluster_pks))
    bundles = {c.id: Bundle(c) for c in session.scalars(clusters_q)}

    def rows(model, attr, *options):
        q = select(model).options(*options)
        if cluster_pks is not None:
            q = q.where(model.cluster_pk.in_(cluster_pks))
        grouped = defaultdict(list)
        for row in session.scalars(q):
            grouped[row.cluster_pk].append(row)
        for pk, items in grouped.items():
            if pk in bundles:
                setattr(bundles[pk], attr, items)

    file_opt = (selectinload(m.AnnualFiling.file),) if with_files else ()
    rows(m.Recognition, "recognitions")
    rows(m.AnnualFiling, "annual", *file_opt)
    rows(m.ChangeReport, "changes")
    rows(m.ReviewFiling, "review_filings")
    rows(m.ReviewDecision, "decisions")
    rows(m.Revocation, "revocations")
    return list(bundles.values())
