"""The portal's notice drafts: what the province drafted, from which list, its stored .docx and PDF.

Revision ID: 0006
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_notice_drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False, index=True),
        sa.Column("year", sa.Integer, nullable=False, index=True),
        sa.Column("doc_number", sa.String(60), nullable=False),
        sa.Column("notice_date", sa.Date, nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("shortlist_id", sa.Integer, sa.ForeignKey("portal_shortlists.id"), nullable=True),
        sa.Column("entries", sa.JSON, nullable=False),
        sa.Column("options", sa.JSON, nullable=False),
        sa.Column("docx_sha256", sa.String(64), nullable=False),
        sa.Column("pdf_sha256", sa.String(64), nullable=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("portal_accounts.id"), nullable=True),
        sa.Column("created_by", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("recognised_at", sa.DateTime, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("portal_notice_drafts")
