"""Per-database settings (annual deadline, change-report allowance) and a lookup index.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    # `due` asks "which years has this cluster filed" for every cluster.
    op.create_index("ix_annual_filings_cluster_year", "annual_filings", ["cluster_pk", "report_year"])


def downgrade() -> None:
    op.drop_index("ix_annual_filings_cluster_year", table_name="annual_filings")
    op.drop_table("settings")
