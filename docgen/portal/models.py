"""The portal's tables (revisions 0003–0007), on the registry's declarative base: one database, one migration
chain, one transaction for a step that touches both (PORTAL.md "Shape").

A unit is named by its GB/T 2260 name (`unit`, the county-level unit; `city`, the city-level one), the
same strings the registry's clusters carry, so scoping a query is a plain equality.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from docgen.registry.models import Base

COUNTY, CITY, PROVINCE, EXPERT = "county", "city", "province", "expert"
ROLES = (COUNTY, CITY, PROVINCE, EXPERT)

# Package statuses (PORTAL.md "What moves through it").
DRAFT, SUBMITTED, RETURNED, ACCEPTED, RECOMMENDED = "draft", "submitted", "returned", "accepted", "recommended"
SHORTLISTED, PUBLICISED, RECOGNISED, NOT_SELECTED = "shortlisted", "publicised", "recognised", "not_selected"
FILED = "filed"  # a filing's last state: in the registry (annual table) or recorded on the cluster (change)
STATUS_TEXT = {DRAFT: "草稿", SUBMITTED: "已报送市级", RETURNED: "已退回", ACCEPTED: "市级已受理",
               RECOMMENDED: "已推荐", SHORTLISTED: "已入围", PUBLICISED: "公示中",
               RECOGNISED: "已认定", NOT_SELECTED: "未入选", FILED: "已入名录"}


class Account(Base):
    __tablename__ = "portal_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    roles: Mapped[str] = mapped_column(String(40))  # comma-separated: 韩城市 is county and city
    unit: Mapped[str | None] = mapped_column(String(40), nullable=True)  # county-level unit
    city: Mapped[str | None] = mapped_column(String(20), nullable=True)  # city-level unit
    password_hash: Mapped[str] = mapped_column(String(200))
    must_change: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    epoch: Mapped[int] = mapped_column(Integer, default=0)  # bumped to end every session and token
    created_at: Mapped[datetime] = mapped_column(DateTime)

    @property
    def role_set(self) -> frozenset[str]:
        return frozenset(r for r in self.roles.split(",") if r)

    def has(self, role: str) -> bool:
        return role in self.role_set

    @property
    def city_of_unit(self) -> str | None:
        """The city-level unit the account's county-level unit reports to (杨陵区 → 杨凌示范区)."""
        from docgen.divisions import city_for

        return city_for(self.unit) if self.unit else None


class ApiToken(Base):
    __tablename__ = "portal_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("portal_accounts.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token: never the token
    epoch: Mapped[int] = mapped_column(Integer)  # the account's epoch when issued
    created_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class Package(Base):
    """One application round of one cluster of one county."""

    __tablename__ = "portal_packages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    city: Mapped[str] = mapped_column(String(20), index=True)
    year: Mapped[int] = mapped_column(Integer)
    cluster_name: Mapped[str] = mapped_column(String(120))
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # the city's reason when returned
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class Submission(Base):
    """One uploaded file: its bytes in the store by sha256, its validation report here."""

    __tablename__ = "portal_submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("portal_accounts.id"), index=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    city: Mapped[str] = mapped_column(String(20), index=True)
    package_id: Mapped[int | None] = mapped_column(ForeignKey("portal_packages.id"), nullable=True, index=True)
    filing_id: Mapped[int | None] = mapped_column(ForeignKey("portal_filings.id"), nullable=True, index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    ext: Mapped[str] = mapped_column(String(8))
    size: Mapped[int] = mapped_column(Integer)
    original_name: Mapped[str] = mapped_column(String(255))
    form: Mapped[str | None] = mapped_column(String(30), nullable=True)
    valid: Mapped[bool] = mapped_column(Boolean)
    eligible: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    report: Mapped[dict] = mapped_column(JSON)  # one entry of the validation JSON contract
    annotated_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)  # made on first download
    created_at: Mapped[datetime] = mapped_column(DateTime)

    @property
    def annotatable(self) -> bool:
        from docgen.portal.checker import can_annotate

        return bool(self.annotated_sha256) or can_annotate(self.ext, self.report)


class AuditEntry(Base):
    """Every change of state: who, when, what, from which state."""

    __tablename__ = "portal_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    account_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(20))
    object_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    from_state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    to_state: Mapped[str | None] = mapped_column(String(20), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


class LoginAttempt(Base):
    """Failed logins, in the database so every worker throttles alike."""

    __tablename__ = "portal_login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    username: Mapped[str] = mapped_column(String(60), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)


class Shortlist(Base):
    """The list Article 16's review forms for a year, in the shape `docgen notice publicity --data` reads:
    uploaded by the province as JSON, or made by the expert-review tally. The newest of a year is current;
    earlier ones are kept (a list, once a notice is drawn from it, is evidence)."""

    __tablename__ = "portal_shortlists"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    source: Mapped[str] = mapped_column(String(20))  # "upload" | "tally"
    entries: Mapped[list] = mapped_column(JSON)
    sha256: Mapped[str] = mapped_column(String(64))  # of the canonical JSON of `entries`
    account_id: Mapped[int | None] = mapped_column(ForeignKey("portal_accounts.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Filing(Base):
    """An annual table or a change report of one recognised cluster (revision 0005), sent through the city.

    `cluster_id` is the registry's cluster id; `kind` is the form it carries (catalogue.filing_forms())."""

    __tablename__ = "portal_filings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit: Mapped[str] = mapped_column(String(40), index=True)
    city: Mapped[str] = mapped_column(String(20), index=True)
    cluster_id: Mapped[str] = mapped_column(String(32), index=True)
    cluster_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(30))
    report_year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)  # the city's reason when returned
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class SpotCheck(Base):
    """A city's 实地抽查 of a package (Art. 15): when, who went, what they found."""

    __tablename__ = "portal_spot_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("portal_packages.id"), index=True)
    checked_on: Mapped[date] = mapped_column(Date)
    people: Mapped[str] = mapped_column(String(200))
    findings: Mapped[str] = mapped_column(Text)
    account_id: Mapped[int] = mapped_column(ForeignKey("portal_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Recommendation(Base):
    """A 设区市推荐汇总表 a city made (Art. 15): the workbook in the file store by sha256, the packages it
    recommended. Each is kept; the newest of a city's year is the one the API hands out."""

    __tablename__ = "portal_recommendations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    city: Mapped[str] = mapped_column(String(20), index=True)
    year: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    package_ids: Mapped[list] = mapped_column(JSON)
    account_id: Mapped[int] = mapped_column(ForeignKey("portal_accounts.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


# --- expert review (Art. 16; REVIEW.md; revision 0007) ----------------------------------------------

class ReviewExpert(Base):
    """One expert of the 专家库 and its account; city code and normalised organisation kept for 回避."""

    __tablename__ = "portal_review_experts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    expert_id: Mapped[str] = mapped_column(String(20), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("portal_accounts.id"), unique=True)
    name: Mapped[str] = mapped_column(String(30))
    org: Mapped[str] = mapped_column(String(60))
    org_key: Mapped[str] = mapped_column(String(60))
    city: Mapped[str] = mapped_column(String(20))
    city_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    field: Mapped[str] = mapped_column(String(30))
    phone: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReviewApplication(Base):
    """A recommended package entering review, with its `application_id`: given once (per county and year,
    in sha256 order of the application file), stored here, never changed."""

    __tablename__ = "portal_review_applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[str] = mapped_column(String(30), unique=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    county_code: Mapped[str] = mapped_column(String(6))
    n: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # of the application file it was given to
    package_id: Mapped[int] = mapped_column(ForeignKey("portal_packages.id"), index=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("portal_submissions.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReviewRound(Base):
    """One year's assignment (seed, experts per application); its rows say who owes which score."""

    __tablename__ = "portal_review_rounds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    index_id: Mapped[str] = mapped_column(String(60))
    seed: Mapped[int] = mapped_column(Integer)
    per: Mapped[int] = mapped_column(Integer)
    record: Mapped[dict] = mapped_column(JSON)  # the assignment in `assignment.json`'s shape, for the tally
    account_id: Mapped[int | None] = mapped_column(ForeignKey("portal_accounts.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ReviewAssignment(Base):
    __tablename__ = "portal_review_assignments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("portal_review_rounds.id"), index=True)
    application_row: Mapped[int] = mapped_column(ForeignKey("portal_review_applications.id"), index=True)
    expert_row: Mapped[int] = mapped_column(ForeignKey("portal_review_experts.id"), index=True)


class ReviewScore(Base):
    """One expert's scores of one application, as typed (indicator id → text), checked by the sheet's rules."""

    __tablename__ = "portal_review_scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("portal_review_assignments.id"), unique=True)
    values: Mapped[dict] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(10))  # "browser" | "sheet"
    sheet_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class ReviewTally(Base):
    """A tally run: its result (`review tally --json`'s shape), the 汇总表 in the file store, the shortlist."""

    __tablename__ = "portal_review_tallies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("portal_review_rounds.id"), index=True)
    result: Mapped[dict] = mapped_column(JSON)
    report_sha256: Mapped[str] = mapped_column(String(64))
    shortlist_id: Mapped[int | None] = mapped_column(ForeignKey("portal_shortlists.id"), nullable=True)
    top: Mapped[int | None] = mapped_column(Integer, nullable=True)
    min_score: Mapped[str | None] = mapped_column(String(10), nullable=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("portal_accounts.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class NoticeDraft(Base):
    """A notice the province drafted in the portal (revision 0006): its .docx (and, once previewed, its PDF)
    in the file store, the list it names as drawn, and where that list came from. Kept: a notice once
    drafted is evidence of what was publicised or announced, and the announcement is what is recognised."""

    __tablename__ = "portal_notice_drafts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # docgen.notices.kinds.KINDS
    year: Mapped[int] = mapped_column(Integer, index=True)  # recognition year; report year for annual-call
    doc_number: Mapped[str] = mapped_column(String(60))
    notice_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(20))  # shortlist | publicised | recognised | due | inline
    shortlist_id: Mapped[int | None] = mapped_column(ForeignKey("portal_shortlists.id"), nullable=True)
    entries: Mapped[list] = mapped_column(JSON)  # the list as the notice names it, in its order
    options: Mapped[dict] = mapped_column(JSON)  # the kind's options as given (for the record)
    docx_sha256: Mapped[str] = mapped_column(String(64))
    pdf_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)  # made on first preview
    account_id: Mapped[int | None] = mapped_column(ForeignKey("portal_accounts.id"), nullable=True)
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime)
    recognised_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)  # announcement → registry
