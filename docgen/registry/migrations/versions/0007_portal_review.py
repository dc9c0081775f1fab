"""The portal's expert review (Art. 16): the 专家库 with accounts, stored application ids, the year's
assignment, the scores, the tally runs.

Revision ID: 0007
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_review_experts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("expert_id", sa.String(20), nullable=False, unique=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("portal_accounts.id"), nullable=False, unique=True),
        sa.Column("name", sa.String(30), nullable=False),
        sa.Column("org", sa.String(60), nullable=False),
        sa.Column("org_key", sa.String(60), nullable=False),
        sa.Column("city", sa.String(20), nullable=False),
        sa.Column("city_code", sa.String(6), nullable=True),
        sa.Column("field", sa.String(30), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "portal_review_applications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("application_id", sa.String(30), nullable=False, unique=True),
        sa.Column("year", sa.Integer, nullable=False, index=True),
        sa.Column("county_code", sa.String(6), nullable=False),
        sa.Column("n", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False, index=True),
        sa.Column("package_id", sa.Integer, sa.ForeignKey("portal_packages.id"), nullable=False, index=True),
        sa.Column("submission_id", sa.Integer, sa.ForeignKey("portal_submissions.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "portal_review_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("year", sa.Integer, nullable=False, index=True),
        sa.Column("index_id", sa.String(60), nullable=False),
        sa.Column("seed", sa.Integer, nullable=False),
        sa.Column("per", sa.Integer, nullable=False),
        sa.Column("record", sa.JSON, nullable=False),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("portal_accounts.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "portal_review_assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("portal_review_rounds.id"), nullable=False, index=True),
        sa.Column("application_row", sa.Integer, sa.ForeignKey("portal_review_applications.id"), nullable=False,
                  index=True),
        sa.Column("expert_row", sa.Integer, sa.ForeignKey("portal_review_experts.id"), nullable=False, index=True),
    )
    op.create_table(
        "portal_review_scores",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("assignment_id", sa.Integer, sa.ForeignKey("portal_review_assignments.id"), nullable=False,
                  unique=True),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("source", sa.String(10), nullable=False),
        sa.Column("sheet_sha256", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "portal_review_tallies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("round_id", sa.Integer, sa.ForeignKey("portal_review_rounds.id"), nullable=False, index=True),
        sa.Column("result", sa.JSON, nullable=False),
        sa.Column("report_sha256", sa.String(64), nullable=False),
        sa.Column("shortlist_id", sa.Integer, sa.ForeignKey("portal_shortlists.id"), nullable=True),
        sa.Column("top", sa.Integer, nullable=True),
        sa.Column("min_score", sa.String(10), nullable=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("portal_accounts.id"), nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("portal_review_tallies", "portal_review_scores", "portal_review_assignments",
                  "portal_review_rounds", "portal_review_applications", "portal_review_experts"):
        op.drop_table(table)
