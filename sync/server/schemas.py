"""The JSON shapes of the permit protocol v1: request and response bodies.

These models are the OpenAPI document's schemas, so the document is complete and precise:
the desktop client and schemathesis both read it. Money is integer baisa; times are RFC 3339
UTC strings; ids are UUID strings.
"""
from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from review.workflow import ACTIONS, Decision, State

Text = Annotated[str, StringConstraints(max_length=200)]
LongText = Annotated[str, StringConstraints(max_length=20000)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Baisa = Annotated[int, Field(ge=0, le=10**15)]
GrossArea = Annotated[Decimal, Field(gt=0, le=10_000_000, max_digits=12, decimal_places=2)]

DocumentKind = Literal["architectural", "structural", "site", "title_deed", "soil_report",
                       "calculation", "other"]
Action = Literal[ACTIONS]  # type: ignore[valid-type]
ReviewDecision = Literal[tuple(d.value for d in Decision)]  # type: ignore[valid-type]
StateName = Literal[tuple(s.value for s in State)]  # type: ignore[valid-type]
CommentStatus = Literal["draft", "released", "responded", "resolved", "carried_over",
                        "withdrawn"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- auth and users -------------------------------------------------------------------------

class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="seconds the access token is valid")
    refresh_token: str
    refresh_expires_in: int


class OfficeOut(BaseModel):
    id: str
    name: str
    registration_no: str
    office_class: str
    status: str


class UserOut(BaseModel):
    id: str
    username: str
    full_name: str
    role: str
    discipline: str | None
    office: OfficeOut | None


class UserList(BaseModel):
    items: list[UserOut]


# -- applications ---------------------------------------------------------------------------

class Plot(Strict):
    governorate: Name
    wilayat: Name
    area: Name
    block: Short
    plot_no: Short


class ApplicationIn(Strict):
    title: Name
    owner_name: Name
    plot: Plot
    use_class: Short = Field(description="one of the fee schedule's use classes")
    floors: int = Field(ge=1, le=200)
    gross_area_m2: GrossArea
    estimated_cost_baisa: Baisa


class ApplicationPatch(Strict):
    title: Name | None = None
    owner_name: Name | None = None
    plot: Plot | None = None
    use_class: Short | None = None
    floors: int | None = Field(None, ge=1, le=200)
    gross_area_m2: Decimal | None = Field(None, gt=0, le=10_000_000, max_digits=12,
                                          decimal_places=2)
    estimated_cost_baisa: Baisa | None = None


class GrossAreaSourceIn(Strict):
    """The area markup a gross area was taken from, as the reviewer's drawing holds it."""

    markup_id: uuid.UUID
    document_id: Annotated[str, StringConstraints(max_length=36)] = Field(
        "", description="the server document the drawing is a version of; empty for a drawing"
        " the server does not hold")
    document_sha256: Sha256
    sheet: int = Field(ge=0, le=100000, description="sheet position in the file, from 0")
    sheet_label: Annotated[str, StringConstraints(max_length=40)] = ""
    measured_m2: Decimal = Field(gt=0, le=10_000_000, max_digits=16, decimal_places=6)


class GrossAreaIn(Strict):
    gross_area_m2: GrossArea = Field(description="the measured area rounded to two places")
    source: GrossAreaSourceIn
    note: Annotated[str, StringConstraints(max_length=2000)] = ""


class GrossAreaSourceOut(BaseModel):
    markup_id: str
    document_id: str
    document_sha256: str
    sheet: int
    sheet_label: str
    measured_m2: str
    note: str
    set_by: str = Field(description="user name of the fee assessor who took it")
    set_at: str


class ApplicationOut(BaseModel):
    id: str
    ref: str = Field(description="human reference, MM-<year>-<number>")
    state: StateName
    office_id: str
    created_by: str
    title: str
    owner_name: str
    plot: Plot
    use_class: str
    floors: int
    gross_area_m2: str = Field(description="decimal, two places")
    gross_area_source: GrossAreaSourceOut | None = Field(
        None, description="the area measurement the gross area was taken from; null when it is"
        " the consultant's figure")
    estimated_cost_baisa: int
    current_cycle: int
    version: int
    created_at: str
    updated_at: str
    submitted_at: str | None
    actions: list[str] = Field(description="the actions the caller's role may take in this state")


class ApplicationPage(BaseModel):
    items: list[ApplicationOut]
    next_cursor: str | None


class ChecklistResultIn(Strict):
    """One item of the intake checklist as the clerk ticked it (review.checklists)."""

    item: Annotated[str, StringConstraints(min_length=1, max_length=80)]
    text: Annotated[str, StringConstraints(max_length=500)] = ""
    status: Literal["unchecked", "pass", "fail", "not_applicable"]
    note: Annotated[str, StringConstraints(max_length=2000)] = ""


class TransitionIn(Strict):
    action: Action
    from_state: StateName
    note: LongText = ""
    # accept and return only: the intake checklist's results, kept with the history entry
    checklist: Annotated[list[ChecklistResultIn], Field(max_length=200)] | None = None


class HistoryItem(BaseModel):
    id: int
    action: str
    from_state: str
    to_state: str
    actor_id: str | None
    actor: str | None = Field(description="user name; null when the server acted itself")
    note: str
    at: str
    checklist: list[ChecklistResultIn] | None = None


class HistoryOut(BaseModel):
    items: list[HistoryItem]


# -- uploads, blobs, documents --------------------------------------------------------------

class UploadIn(Strict):
    filename: Annotated[str, StringConstraints(max_length=1000)]
    size: int = Field(ge=1, le=2**50)
    sha256: Sha256


class UploadOut(BaseModel):
    id: str
    filename: str
    size: int
    sha256: str
    offset: int
    complete: bool
    blob_sha256: str | None
    max_size: int
    created_at: str


class DocumentIn(Strict):
    upload_id: Annotated[str, StringConstraints(min_length=1, max_length=36)]
    kind: DocumentKind
    sheet_no: Annotated[str, StringConstraints(max_length=40)] = ""
    title: Text = ""


class DocumentVersionOut(BaseModel):
    n: int
    sha256: str
    size: int
    media_type: str
    pages: int | None
    filename: str
    cycle: int
    uploaded_by: str
    uploaded_at: str


class DocumentOut(BaseModel):
    id: str
    application_id: str
    kind: str
    sheet_no: str
    title: str
    version: int
    current: DocumentVersionOut
    versions: list[DocumentVersionOut]


class DocumentList(BaseModel):
    items: list[DocumentOut]


# -- cycles, reviews, comments, conditions --------------------------------------------------

class ReviewOut(BaseModel):
    id: str
    application_id: str
    cycle: int
    discipline: str
    assignee_id: str | None
    assignee: str | None
    notes: str
    decision: ReviewDecision | None
    summary: str
    decided_by: str | None
    decided_at: str | None
    version: int


class ReviewPatch(Strict):
    assignee_id: Annotated[str, StringConstraints(max_length=36)] | None = None
    notes: LongText | None = None
    reopen: bool = False


class DecisionIn(Strict):
    decision: ReviewDecision
    summary: LongText = ""


class SnapshotItem(BaseModel):
    document_id: str
    n: int
    sha256: str


class CycleOut(BaseModel):
    n: int
    opened_at: str
    closed_at: str | None
    outcome: ReviewDecision | None
    documents: list[SnapshotItem]
    reviews: list[ReviewOut]


class CycleList(BaseModel):
    items: list[CycleOut]


class ReviewList(BaseModel):
    items: list[ReviewOut]


Coordinate = Annotated[float, Field(allow_inf_nan=False)]
BBox = Annotated[list[Coordinate], Field(min_length=4, max_length=4)]


class CommentIn(Strict):
    body: Annotated[str, StringConstraints(min_length=1, max_length=20000)]
    discipline: Short | None = Field(None, description="defaults to the engineer's discipline")
    document_id: Annotated[str, StringConstraints(max_length=36)] | None = None
    document_version: int | None = Field(None, ge=1, le=10**6)
    sheet_no: Annotated[str, StringConstraints(max_length=40)] = ""
    page: int | None = Field(None, ge=0, le=100000)
    bbox: BBox | None = None
    status: Literal["draft", "resolved", "withdrawn"] | None = Field(
        None, description="reviewers resolve or withdraw; new comments are drafts")


class CommentResponseIn(Strict):
    response: Annotated[str, StringConstraints(min_length=1, max_length=20000)]


class CommentOut(BaseModel):
    id: str
    application_id: str
    cycle: int
    discipline: str
    author_id: str
    author: str
    body: str
    document_id: str | None
    document_version: int | None
    sheet_no: str
    page: int | None
    bbox: list[float] | None
    status: CommentStatus
    released: bool
    response: str
    predecessor_id: str | None
    version: int
    created_at: str
    updated_at: str


class CommentList(BaseModel):
    items: list[CommentOut]


class ConditionIn(Strict):
    text_en: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    text_ar: Annotated[str, StringConstraints(max_length=5000)] = ""
    discipline: Short | None = None


class ConditionOut(BaseModel):
    id: str
    application_id: str
    cycle: int
    discipline: str
    text_en: str
    text_ar: str
    author_id: str
    author: str | None = None  # who wrote it first
    version: int
    created_at: str | None = None
    updated_at: str | None = None
    updated_by: str | None = None
    editor: str | None = None  # who changed it last (the author until someone edits it)
    deleted: bool = False


class ConditionRevisionOut(BaseModel):
    """One edit of a condition: the condition after it, and before it (None for the first)."""

    action: Literal["create", "edit", "delete"]
    discipline: str
    text_en: str
    text_ar: str
    before_discipline: str | None = None
    before_text_en: str | None = None
    before_text_ar: str | None = None
    actor_id: str
    actor: str | None
    at: str


class ConditionHistoryOut(BaseModel):
    items: list[ConditionRevisionOut]


class ConditionList(BaseModel):
    items: list[ConditionOut]


# -- fees, invoices, payments, accounts -----------------------------------------------------

class FeeItemOut(BaseModel):
    id: str
    code: str
    stage: str
    description_en: str
    description_ar: str
    basis: str
    quantity: str
    rate_baisa: int
    amount_baisa: int
    amount_omr: str
    schedule_version: str
    status: Literal["ASSESSED", "INVOICED", "PAID", "WAIVED", "VOIDED", "CREDITED",
                    "REFUNDED"]
    invoice_id: str | None
    note: str
    waiver_requested_by: str | None = Field(
        None, description="user name of the supervisor whose waiver awaits a second one")
    version: int


class FeesOut(BaseModel):
    application_id: str
    items: list[FeeItemOut]
    total_baisa: int = Field(description="every item not waived or voided")
    outstanding_baisa: int = Field(description="assessed or invoiced, not yet paid")
    schedule_version: str


class WaiveIn(Strict):
    note: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


class InvoiceOut(BaseModel):
    id: str
    application_id: str
    office_id: str
    total_baisa: int
    total_omr: str
    status: Literal["OPEN", "PAID", "VOID", "CREDITED"]
    items: list[FeeItemOut]
    created_at: str
    paid_at: str | None
    version: int


class InvoiceList(BaseModel):
    items: list[InvoiceOut]


class PaymentIn(Strict):
    invoice_id: Annotated[str, StringConstraints(min_length=1, max_length=36)]


class PaymentOut(BaseModel):
    id: str
    invoice_id: str
    office_id: str
    amount_baisa: int
    amount_omr: str
    status: Literal["COMPLETED", "PARTLY_REFUNDED", "REFUNDED"]
    created_by: str
    created_at: str
    refunded_at: str | None
    refunded_baisa: int = 0
    version: int


class LedgerEntryOut(BaseModel):
    id: int
    kind: str
    amount_baisa: int
    balance_after_baisa: int
    reference: str
    created_at: str


class AccountOut(BaseModel):
    office: OfficeOut
    balance_baisa: int
    balance_omr: str
    entries: list[LedgerEntryOut] = Field(description="newest first, at most 200")
    version: int


class TopupIn(Strict):
    amount_baisa: int = Field(gt=0, le=10**12)
    note: Text = ""


# -- jobs ---------------------------------------------------------------------------------

class JobOut(BaseModel):
    """Work the server does after answering (the approved set of a permit)."""

    id: str
    kind: str
    application_id: str
    state: Literal["queued", "running", "succeeded", "failed"]
    created_at: str
    started_at: str | None
    finished_at: str | None
    result: str | None = Field(None, description="what the job made: a resource path")
    error: dict | None = Field(None, description="why it failed: an RFC 9457 problem")
    version: int


# -- permits, verification, changes, health -------------------------------------------------

class PermitOut(BaseModel):
    permit_no: str
    application_id: str
    application_ref: str
    issued_at: str
    expires_at: str
    approver: str
    approved_set_sha256: str | None


class VerifyOut(BaseModel):
    sha256: str
    issued: bool
    permit_no: str | None = None
    issued_at: str | None = None
    expires_at: str | None = None
    approver: str | None = Field(None, description="the approver's name, as the stamp shows it")


class ChangeOut(BaseModel):
    seq: int
    path: str
    version: int | None
    op: Literal["upsert", "delete"]
    deleted: bool
    at: str


class ChangePage(BaseModel):
    items: list[ChangeOut]
    has_more: bool
    last_seq: int = Field(description="the newest seq on the server; pass it as after= next")


class HealthOut(BaseModel):
    status: Literal["ok"]
    database: str
    protocol: str
    max_upload_bytes: int


class FeeScheduleOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    schema_version: int
    version: str
    currency: str
    illustrative: bool
    notice_en: str
    notice_ar: str
    items: list[dict[str, Any]]
