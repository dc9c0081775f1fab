"""The city's desk: filings (annual tables, change reports) with their submissions, spot checks, the
recommendation workbooks a city made.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_filings",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("unit", sa.String(40), nullable=False, index=True),
        sa.Column("city", sa.String(20), nullable=False, index=True),
        sa.Column("cluster_id", sa.String(32), nullable=False, index=True),
        sa.Column("cluster_name", sa.String(120), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("report_year", sa.Integer, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "portal_spot_checks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("package_id", sa.Integer, sa.ForeignKey("portal_packages.id"), nullable=False, index=True),
        sa.Column("checked_on", sa.Date, nullable=False),
        sa.Column("people", sa.String(200), nullable=False),
        sa.Column("findings", sa.Text, nullable=False),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("portal_accounts.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "portal_recommendations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("city", sa.String(20), nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("package_ids", sa.JSON, nullable=False),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("portal_accounts.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    # A submission belongs to a package, a filing, or neither (a plain check of a file).
    with op.batch_alter_table("portal_submissions") as batch:
        batch.add_column(sa.Column("filing_id", sa.Integer, nullable=True))
        batch.create_foreign_key("fk_portal_submissions_filing_id", "portal_filings", ["filing_id"], ["id"])
        batch.create_index("ix_portal_submissions_filing_id", ["filing_id"])


def downgrade() -> None:
    with op.batch_alter_table("portal_submissions") as batch:
        batch.drop_index("ix_portal_submissions_filing_id")
        batch.drop_constraint("fk_portal_submissions_filing_id", type_="foreignkey")
        batch.drop_column("filing_id")
    op.drop_table("portal_recommendations")
    op.drop_table("portal_spot_checks")
    op.drop_table("portal_filings")
