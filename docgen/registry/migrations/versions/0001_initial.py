"""The registry's first schema: clusters, recognitions, files, filings, decisions.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cluster_id", sa.String(32), nullable=False),
        sa.Column("cluster_name", sa.String(120), nullable=False),
        sa.Column("name_key", sa.String(120), nullable=False),
        sa.Column("city", sa.String(20), nullable=False),
        sa.Column("county", sa.String(40), nullable=False),
        sa.Column("leading_industry", sa.String(120), nullable=False),
        sa.Column("applicant_org", sa.String(120), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("cluster_id", name="uq_clusters_cluster_id"),
        sa.UniqueConstraint("county", "name_key", name="uq_clusters_county_name"),
    )
    op.create_table(
        "recognitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cluster_pk", sa.Integer, sa.ForeignKey("clusters.id"), nullable=False, index=True),
        sa.Column("list_year", sa.Integer, nullable=False),
        sa.Column("doc_number", sa.String(60), nullable=False),
        sa.Column("published_on", sa.Date, nullable=False),
        sa.Column("valid_until", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("cluster_pk", "doc_number", name="uq_recognitions_cluster_doc"),
    )
    op.create_table(
        "files",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("form", sa.String(30), nullable=True),
        sa.Column("form_version", sa.String(20), nullable=True),
        sa.Column("valid", sa.Boolean, nullable=False),
        sa.Column("eligible", sa.Boolean, nullable=True),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("cluster_pk", sa.Integer, sa.ForeignKey("clusters.id"), nullable=True, index=True),
        sa.Column("issues", sa.JSON, nullable=False),
        sa.Column("criteria", sa.JSON, nullable=False),
        sa.Column("data", sa.JSON, nullable=True),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("sha256", name="uq_files_sha256"),
    )
    op.create_table(
        "annual_filings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("file_pk", sa.Integer, sa.ForeignKey("files.id"), nullable=False),
        sa.Column("cluster_pk", sa.Integer, sa.ForeignKey("clusters.id"), nullable=False, index=True),
        sa.Column("report_year", sa.Integer, nullable=False),
        sa.Column("fill_date", sa.Date, nullable=True),
        sa.Column("incident", sa.Boolean, nullable=False),
        sa.UniqueConstraint("file_pk", name="uq_annual_filings_file"),
    )
    op.create_table(
        "change_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("file_pk", sa.Integer, sa.ForeignKey("files.id"), nullable=False),
        sa.Column("cluster_pk", sa.Integer, sa.ForeignKey("clusters.id"), nullable=False, index=True),
        sa.Column("change_date", sa.Date, nullable=True),
        sa.Column("fill_date", sa.Date, nullable=True),
        sa.UniqueConstraint("file_pk", name="uq_change_reports_file"),
    )
    op.create_table(
        "review_filings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("file_pk", sa.Integer, sa.ForeignKey("files.id"), nullable=False),
        sa.Column("cluster_pk", sa.Integer, sa.ForeignKey("clusters.id"), nullable=False, index=True),
        sa.Column("fill_date", sa.Date, nullable=True),
        sa.UniqueConstraint("file_pk", name="uq_review_filings_file"),
    )
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cluster_pk", sa.Integer, sa.ForeignKey("clusters.id"), nullable=False, index=True),
        sa.Column("result", sa.String(8), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("doc_number", sa.String(60), nullable=True),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("cluster_pk", "decided_on", name="uq_review_decisions_cluster_date"),
    )
    op.create_table(
        "revocations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("cluster_pk", sa.Integer, sa.ForeignKey("clusters.id"), nullable=False, index=True),
        sa.Column("ground", sa.String(20), nullable=False),
        sa.Column("doc_number", sa.String(60), nullable=False),
        sa.Column("decided_on", sa.Date, nullable=False),
        sa.Column("recorded_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("cluster_pk", "doc_number", name="uq_revocations_cluster_doc"),
    )


def downgrade() -> None:
    for table in ("revocations", "review_decisions", "review_filings", "change_reports", "annual_filings",
                  "files", "recognitions", "clusters"):
        op.drop_table(table)
