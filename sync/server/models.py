"""The permit server's tables (SQLAlchemy 2 ORM), the same on SQLite and PostgreSQL.

Ids are UUID strings (comments and documents take the client's UUID, so a resend cannot make a
second one); mutable rows carry an integer `version` that is their ETag. Money is integer baisa.
Times are stored in UTC. A change to a table needs a migration (sync/server/migrations).
"""
from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import (JSON, BigInteger, Boolean, DateTime, ForeignKey, Integer, LargeBinary,
                        Numeric, String, Text, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class Base(DeclarativeBase):
    pass


class Office(Base):
    __tablename__ = "offices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    registration_no: Mapped[str] = mapped_column(String(40), unique=True)
    office_class: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="active")
    balance_baisa: Mapped[int] = mapped_column(BigInteger, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)


class LedgerEntry(Base):
    """Append-only: the office account's history; the balance is the last balance_after."""

    __tablename__ = "ledger_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    # topup, payment, refund, credit (a re-assessment's credit note), forfeit (amount 0: a
    # paid fee kept when the application closed, recorded so the ledger says where it went)
    kind: Mapped[str] = mapped_column(String(20))
    amount_baisa: Mapped[int] = mapped_column(BigInteger)  # signed: payments are negative
    balance_after_baisa: Mapped[int] = mapped_column(BigInteger)
    reference: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    discipline: Mapped[str | None] = mapped_column(String(40), nullable=True)
    office_id: Mapped[str | None] = mapped_column(ForeignKey("offices.id"), nullable=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class RefreshFamily(Base):
    """One login's chain of refresh tokens. Each refresh hands out a new token and remembers
    only its id: presenting an older one means the chain was copied, and the whole family is
    revoked (RFC 9700 section 4.14). Logging out revokes it too; its access tokens stop working.

    The one exception: the token just replaced, presented again with the same Idempotency-Key
    as the refresh that replaced it, is that request retried after its answer was lost; it
    rotates again instead of ending the login.
    """

    __tablename__ = "refresh_families"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    current_jti: Mapped[str] = mapped_column(String(32))
    previous_jti: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # sha256 of the Idempotency-Key of the refresh that replaced previous_jti
    rotation_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    revoked_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)  # logout, reuse


class ApplicationNumber(Base):
    """Hands out the running number of the human reference MM-<year>-<number>."""

    __tablename__ = "application_numbers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)


class Application(Base):
    __tablename__ = "applications"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    ref: Mapped[str] = mapped_column(String(20), unique=True)
    state: Mapped[str] = mapped_column(String(30), index=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"), index=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    title: Mapped[str] = mapped_column(String(200))
    owner_name: Mapped[str] = mapped_column(String(200))
    governorate: Mapped[str] = mapped_column(String(80))
    wilayat: Mapped[str] = mapped_column(String(80))
    area: Mapped[str] = mapped_column(String(80))
    block: Mapped[str] = mapped_column(String(20))
    plot_no: Mapped[str] = mapped_column(String(20))
    use_class: Mapped[str] = mapped_column(String(30))
    floors: Mapped[int] = mapped_column(Integer)
    gross_area_m2: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    # the area markup a fee assessor took gross_area_m2 from (schemas.GrossAreaSourceOut);
    # None while it is the consultant's own figure
    gross_area_source: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    estimated_cost_baisa: Mapped[int] = mapped_column(BigInteger)
    current_cycle: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class HistoryEntry(Base):
    """Every transition and every audited act on an application: who, when, from, to, note."""

    __tablename__ = "history"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    actor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)  # None: the server
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # the intake checklist's results sent with accept or return (schemas.ChecklistResultIn)
    checklist: Mapped[list | None] = mapped_column(JSON, nullable=True)


class Blob(Base):
    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    media_type: Mapped[str] = mapped_column(String(80))
    pages: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Upload(Base):
    __tablename__ = "uploads"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    offset: Mapped[int] = mapped_column(BigInteger, default=0)
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Document(Base):
    __tablename__ = "documents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    sheet_no: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class DocumentVersion(Base):
    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "n"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), index=True)
    n: Mapped[int] = mapped_column(Integer)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))
    filename: Mapped[str] = mapped_column(String(255))
    cycle: Mapped[int] = mapped_column(Integer)  # the review cycle this version is for
    uploaded_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ReviewCycle(Base):
    __tablename__ = "review_cycles"
    __table_args__ = (UniqueConstraint("application_id", "n"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    n: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    outcome: Mapped[str | None] = mapped_column(String(30), nullable=True)
    # DocumentVersion ids current when the cycle opened: what this cycle reviews
    snapshot: Mapped[list] = mapped_column(JSON, default=list)


class DisciplineReview(Base):
    __tablename__ = "discipline_reviews"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    discipline: Mapped[str] = mapped_column(String(40))
    assignee_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True,
                                                    index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    decision: Mapped[str | None] = mapped_column(String(30), nullable=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    discipline: Mapped[str] = mapped_column(String(40))
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    document_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    document_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sheet_no: Mapped[str] = mapped_column(String(40), default="")
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bbox: Mapped[list | None] = mapped_column(JSON, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    response: Mapped[str] = mapped_column(Text, default="")
    responded_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    predecessor_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Condition(Base):
    __tablename__ = "conditions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    cycle: Mapped[int] = mapped_column(Integer)
    discipline: Mapped[str] = mapped_column(String(40))
    text_en: Mapped[str] = mapped_column(Text)
    text_ar: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    updated_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # deleted conditions stay, with their history, but no longer bind the permit
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class ConditionRevision(Base):
    """Every state a condition of approval had: who wrote what, when (append-only)."""

    __tablename__ = "condition_revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    condition_id: Mapped[str] = mapped_column(ForeignKey("conditions.id"), index=True)
    action: Mapped[str] = mapped_column(String(10))  # create, edit, delete
    discipline: Mapped[str] = mapped_column(String(40))
    text_en: Mapped[str] = mapped_column(Text)
    text_ar: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[str] = mapped_column(String(36))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class FeeItem(Base):
    __tablename__ = "fee_items"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    stage: Mapped[str] = mapped_column(String(20))
    description_en: Mapped[str] = mapped_column(String(200))
    description_ar: Mapped[str] = mapped_column(String(200))
    basis: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[str] = mapped_column(String(30))  # a decimal, exactly as assessed
    rate_baisa: Mapped[int] = mapped_column(BigInteger)
    amount_baisa: Mapped[int] = mapped_column(BigInteger)
    schedule_version: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="ASSESSED")
    invoice_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # a waiver above the threshold waits for a second supervisor: who asked first
    waiver_requested_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Invoice(Base):
    __tablename__ = "invoices"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    total_baisa: Mapped[int] = mapped_column(BigInteger)
    # OPEN, PAID, VOID, CREDITED (a credit note: settled by crediting the office account)
    status: Mapped[str] = mapped_column(String(20), default="OPEN")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    paid_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Payment(Base):
    __tablename__ = "payments"
    __table_args__ = (UniqueConstraint("invoice_id", "status_key"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    invoice_id: Mapped[str] = mapped_column(ForeignKey("invoices.id"), index=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("offices.id"))
    amount_baisa: Mapped[int] = mapped_column(BigInteger)
    # COMPLETED, PARTLY_REFUNDED, REFUNDED
    status: Mapped[str] = mapped_column(String(20), default="COMPLETED")
    # 'live' while the payment stands, so an invoice can have one standing payment only
    status_key: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    refunded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    refunded_baisa: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    version: Mapped[int] = mapped_column(Integer, default=1)


class Permit(Base):
    __tablename__ = "permits"
    permit_no: Mapped[str] = mapped_column(String(30), primary_key=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), unique=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    approver_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    # the signed approved set, and the approval digest its stamps' QR codes carry
    approved_set_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True,
                                                            index=True)
    approval_digest: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)


class Job(Base):
    """Work the server does after answering the request that asked for it (the approved set
    of a permit): queued -> running -> succeeded | failed."""

    __tablename__ = "jobs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(30))  # approved_set
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    state: Mapped[str] = mapped_column(String(12), index=True)
    requested_by: Mapped[str] = mapped_column(String(36))
    note: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # RFC 9457 problem
    result: Mapped[str | None] = mapped_column(String(300), nullable=True)  # a resource path
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Change(Base):
    """The change feed: one row per changed resource, seq strictly increasing in commit order."""

    __tablename__ = "changes"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(String(300))
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    op: Mapped[str] = mapped_column(String(10))  # upsert; the protocol also knows delete
    office_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    # who may see it: all (office and staff), staff (e.g. draft comments), office (drafts)
    audience: Mapped[str] = mapped_column(String(10), default="all")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("principal", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    principal: Mapped[str] = mapped_column(String(36))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    in_flight: Mapped[bool] = mapped_column(Boolean, default=True)
    status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    headers: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    body: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
