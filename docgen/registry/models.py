"""The registry's tables (SQLAlchemy 2). The schema itself is owned by the Alembic migrations in
`docgen/registry/migrations`; these classes must match the head revision (a test compares them).

Nothing is overwritten: every imported file, filing and decision is its own row; a newer annual
table for the same year supersedes an older one by being newer, and both stay.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# File statuses: what the import made of a file.
ACCEPTED = "accepted"  # valid and attached to its cluster
REJECTED = "rejected"  # invalid or unreadable: kept with its issues, counts for nothing
UNMATCHED = "unmatched"  # no cluster in the registry fits it
AMBIGUOUS = "ambiguous"  # more than one cluster fits it
UNATTACHED = "unattached"  # an application/plan/recommendation of no registered cluster: kept only
STATUSES = (ACCEPTED, REJECTED, UNMATCHED, AMBIGUOUS, UNATTACHED)

PASSED, FAILED = "通过", "未通过"


class Base(DeclarativeBase):
    pass


class Cluster(Base):
    __tablename__ = "clusters"
    __table_args__ = (
        UniqueConstraint("cluster_id", name="uq_clusters_cluster_id"),
        UniqueConstraint("county", "name_key", name="uq_clusters_county_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(32))
    cluster_name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120))  # normalised name, for matching
    city: Mapped[str] = mapped_column(String(20))
    county: Mapped[str] = mapped_column(String(40))
    leading_industry: Mapped[str] = mapped_column(String(120))
    applicant_org: Mapped[str | None] = mapped_column(String(120), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    recognitions: Mapped[list[Recognition]] = relationship(back_populates="cluster", order_by="Recognition.published_on")
    files: Mapped[list[ImportedFile]] = relationship(back_populates="cluster", order_by="ImportedFile.id")


class Recognition(Base):
    """One publication of the list that named the cluster (名单公布)."""

    __tablename__ = "recognitions"
    __table_args__ = (UniqueConstraint("cluster_pk", "doc_number", name="uq_recognitions_cluster_doc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cluster_pk: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    list_year: Mapped[int] = mapped_column(Integer)
    doc_number: Mapped[str] = mapped_column(String(60))
    published_on: Mapped[date] = mapped_column(Date)
    valid_until: Mapped[date] = mapped_column(Date)  # publication + 3 years (Art. 17)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)

    cluster: Mapped[Cluster] = relationship(back_populates="recognitions")


class ImportedFile(Base):
    """Every file an import saw, valid or not, keyed by its content hash (imports are idempotent)."""

    __tablename__ = "files"
    __table_args__ = (UniqueConstraint("sha256", name="uq_files_sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(Text)
    form: Mapped[str | None] = mapped_column(String(30), nullable=True)
    form_version: Mapped[str | None] = mapped_column(String(20), nullable=True)
    valid: Mapped[bool] = mapped_column(Boolean)
    eligible: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    status: Mapped[str] = mapped_column(String(12))
    note: Mapped[str | None] = mapped_column(Text, nullable=True)  # why unmatched / rejected, in Chinese
    cluster_pk: Mapped[int | None] = mapped_column(ForeignKey("clusters.id"), nullable=True, index=True)
    issues: Mapped[list] = mapped_column(JSON)
    criteria: Mapped[list] = mapped_column(JSON)
    data: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime)

    cluster: Mapped[Cluster | None] = relationship(back_populates="files")


class AnnualFiling(Base):
    """An accepted annual information table (Art. 18) for one report year."""

    __tablename__ = "annual_filings"
    __table_args__ = (
        UniqueConstraint("file_pk", name="uq_annual_filings_file"),
        Index("ix_annual_filings_cluster_year", "cluster_pk", "report_year"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_pk: Mapped[int] = mapped_column(ForeignKey("files.id"))
    cluster_pk: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    report_year: Mapped[int] = mapped_column(Integer)
    fill_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    incident: Mapped[bool] = mapped_column(Boolean)  # any safety.* = 是 (Art. 19(五))

    file: Mapped[ImportedFile] = relationship()


class ChangeReport(Base):
    """An accepted major-change report (Art. 19(四))."""

    __tablename__ = "change_reports"
    __table_args__ = (UniqueConstraint("file_pk", name="uq_change_reports_file"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_pk: Mapped[int] = mapped_column(ForeignKey("files.id"))
    cluster_pk: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    change_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    fill_date: Mapped[date | None] = mapped_column(Date, nullable=True)

    file: Mapped[ImportedFile] = relationship()


class ReviewFiling(Base):
    """An accepted review application (复核申请表, Art. 17)."""

    __tablename__ = "review_filings"
    __table_args__ = (UniqueConstraint("file_pk", name="uq_review_filings_file"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    file_pk: Mapped[int] = mapped_column(ForeignKey("files.id"))
    cluster_pk: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    fill_date: Mapped[date | None] = mapped_column(Date, nullable=True)

    file: Mapped[ImportedFile] = relationship()


class ReviewDecision(Base):
    """The province's review result; a pass extends validity three years (Art. 17)."""

    __tablename__ = "review_decisions"
    __table_args__ = (UniqueConstraint("cluster_pk", "decided_on", name="uq_review_decisions_cluster_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cluster_pk: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    result: Mapped[str] = mapped_column(String(8))
    decided_on: Mapped[date] = mapped_column(Date)
    doc_number: Mapped[str | None] = mapped_column(String(60), nullable=True)
    due_on: Mapped[date] = mapped_column(Date)  # the expiry the review answered
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class Revocation(Base):
    """A revocation (撤销认定) with its Article 19 ground."""

    __tablename__ = "revocations"
    __table_args__ = (UniqueConstraint("cluster_pk", "doc_number", name="uq_revocations_cluster_doc"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    cluster_pk: Mapped[int] = mapped_column(ForeignKey("clusters.id"), index=True)
    ground: Mapped[str] = mapped_column(String(20))  # "第十九条（三）"
    doc_number: Mapped[str] = mapped_column(String(60))
    decided_on: Mapped[date] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime)


class Setting(Base):
    """Per-database settings (revision 0002): the annual deadline, the change-report allowance."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
