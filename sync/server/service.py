"""What the routes share: who may see what, versions and the change feed, and the workflow.

Every change to a resource goes through `changed(...)`, which bumps its version and appends a
row to the change feed in the same transaction. Transitions go through `transition(...)`, which
applies the state table of review.workflow, writes the history and then takes any automatic
(SYSTEM) transitions that have become possible.
"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from review import workflow as wf
from review.fees import FeeBasis, assess, format_omr, total_baisa
from sync.server import models as m
from sync.server import views as v
from sync.server.context import ServerContext
from sync.server.problems import Problem, not_found
from sync.server.security import Principal

PERMIT_VALIDITY = timedelta(days=730)
SETTLED_FEES = ("PAID", "WAIVED", "CREDITED")
CHARGED_FEES = ("INVOICED", "PAID", "WAIVED", "CREDITED")
OWED_FEES = ("ASSESSED", "INVOICED")


def utcnow() -> datetime:
    return datetime.now(UTC)


# -- visibility ---------------------------------------------------------------------------

def can_see(caller: Principal, app: m.Application) -> bool:
    """Consultants see their office's applications; staff see everything once submitted."""
    if caller.role == wf.Role.CONSULTANT:
        return app.office_id == caller.office_id
    return app.state != wf.State.DRAFT


def application(session: Session, caller: Principal, app_id: str, *,
                lock: bool = False) -> m.Application:
    query = select(m.Application).where(m.Application.id == app_id)
    if lock:
        query = query.with_for_update()
    app = session.scalars(query).one_or_none()
    if app is None or not can_see(caller, app):
        raise not_found("this application")
    return app


# -- versions and the change feed ---------------------------------------------------------

def changed(ctx: ServerContext, session: Session, path: str, row=None, *,
            office_id: str | None, audience: str = "all", version: int | None = None) -> None:
    """Bumps row.version (when a row is given) and records the change in the feed."""
    if row is not None:
        row.version = (row.version or 0) + 1
        version = row.version
    session.flush()
    ctx.db.lock_change_feed(session)
    session.add(m.Change(path=path, version=version, op="upsert", office_id=office_id,
                         audience=audience, at=utcnow()))


def application_changed(ctx: ServerContext, session: Session, app: m.Application) -> None:
    app.updated_at = utcnow()
    changed(ctx, session, v.application_path(app.id), app, office_id=app.office_id,
            audience="office" if app.state == wf.State.DRAFT else "all")


def history(session: Session, app: m.Application, action: str, from_state: str,
            actor_id: str | None, note: str = "", checklist: list | None = None) -> None:
    session.add(m.HistoryEntry(application_id=app.id, action=action, from_state=from_state,
                               to_state=app.state, actor_id=actor_id, note=note, at=utcnow(),
                               checklist=checklist))


# -- housekeeping -------------------------------------------------------------------------

def forget_abandoned_uploads(ctx: ServerContext) -> int:
    """Deletes unfinished uploads older than upload_ttl and their bytes; returns how many."""
    cutoff = utcnow() - ctx.settings.upload_ttl
    with ctx.db.write() as session:
        stale = session.scalars(select(m.Upload).where(m.Upload.blob_sha256.is_(None),
                                                       m.Upload.created_at < cutoff)).all()
        for upload in stale:
            ctx.blobs.discard_part(upload.id)
            session.delete(upload)
        return len(stale)


# -- the workflow -------------------------------------------------------------------------

def facts(ctx: ServerContext, session: Session, app: m.Application, note: str = "") -> wf.Facts:
    documents = session.scalar(select(func.count()).select_from(m.Document)
                               .where(m.Document.application_id == app.id)) or 0
    cycle = latest_cycle(session, app)
    fees = session.scalars(select(m.FeeItem).where(m.FeeItem.application_id == app.id,
                                                   m.FeeItem.status != "VOIDED")).all()
    invoiced = any(f.status in CHARGED_FEES for f in fees)
    return wf.Facts(
        document_count=documents, note=note,
        cycle_outcome=wf.Decision(cycle.outcome) if cycle and cycle.outcome else None,
        cycle_open=bool(cycle and cycle.closed_at is None),
        application_fee_settled=(not ctx.settings.application_fee_gate or any(
            f.stage == "application" and f.status in SETTLED_FEES for f in fees)),
        permit_fees_settled=invoiced and all(f.status in SETTLED_FEES for f in fees),
        fees_owed=any(f.status in OWED_FEES for f in fees),
        fee_gates=ctx.settings.fee_gates)


def transition(ctx: ServerContext, session: Session, app: m.Application, action: str,
               caller: Principal | None, note: str = "", checklist: list | None = None) -> None:
    """Applies one transition of the state table (caller None: the server's own)."""
    row = allowed_transition(ctx, session, app, action, caller, note, checklist)
    _apply(ctx, session, app, row, caller.id if caller else None, note, checklist)
    while (auto := wf.automatic_transition(app.state, facts(ctx, session, app))) is not None:
        _apply(ctx, session, app, auto, None, "")


def allowed_transition(ctx: ServerContext, session: Session, app: m.Application, action: str,
                       caller: Principal | None, note: str = "",
                       checklist: list | None = None) -> wf.Transition:
    """The state table's row for this action now; Problem 403 or 409 saying why not."""
    role = caller.role if caller else wf.Role.SYSTEM
    if checklist is not None and action not in wf.INTAKE_CHECK_ACTIONS:
        raise Problem(422, "checklist-not-expected", "checklist results are sent with the"
                      f" intake check ({' or '.join(wf.INTAKE_CHECK_ACTIONS)}), not with"
                      f" {action}")
    try:
        row = wf.find_transition(app.state, action, role)
        wf.check_guard(row, facts(ctx, session, app, note))
    except wf.RoleNotAllowedError as exc:
        raise Problem(403, "forbidden", str(exc)) from exc
    except wf.TransitionError as exc:
        raise Problem(409, "invalid-transition", str(exc), state=app.state) from exc
    if row.action == "approve" and caller is not None:
        check_separation_of_duties(ctx, session, app, caller)
    return row


def refuse_if_frozen(app: m.Application, what: str) -> None:
    """The one rule: an issued permit's review record (comments, conditions, decisions) is
    what its approved set printed, and stays so. Problem 409 when `what` would change it."""
    if app.state in wf.FROZEN_STATES:
        raise Problem(409, "application-frozen", f"{what} cannot change: the application is"
                      f" {app.state} and its approved set printed the review as it stands",
                      state=app.state)


def lock_application(session: Session, app_id: str) -> m.Application:
    return session.scalars(select(m.Application).where(m.Application.id == app_id)
                           .with_for_update().execution_options(populate_existing=True)).one()


def check_separation_of_duties(ctx: ServerContext, session: Session, app: m.Application,
                               caller: Principal) -> None:
    """The approver may not be the only one who decided the approved cycle's disciplines."""
    if not ctx.settings.separation_of_duties:
        return
    cycle = latest_cycle(session, app)
    deciders = set(session.scalars(select(m.DisciplineReview.decided_by).where(
        m.DisciplineReview.application_id == app.id, m.DisciplineReview.cycle == cycle.n,
        m.DisciplineReview.discipline.in_(wf.REVIEW_DISCIPLINES))))
    if deciders == {caller.id}:
        raise Problem(409, "separation-of-duties", f"you decided every discipline review of"
                      f" cycle {cycle.n} yourself; another supervisor must approve it")


def _apply(ctx: ServerContext, session: Session, app: m.Application, row: wf.Transition,
           actor_id: str | None, note: str, checklist: list | None = None) -> None:
    from_state = app.state
    app.state = row.to_state
    if row.to_state == wf.State.SUBMITTED and app.submitted_at is None:
        app.submitted_at = utcnow()
    history(session, app, row.action, from_state, actor_id, note, checklist)
    if row.opens_cycle:
        open_cycle(ctx, session, app, actor_id, note)
    if row.action == "complete_review":
        # the assessor reviews what the schedule gives and then invoices it (POST .../invoices)
        assess_fees(ctx, session, app, None)
    if row.to_state in wf.CLOSED_UNISSUED:
        close_accounts(ctx, session, app, actor_id)
    if row.to_state == wf.State.ISSUED:
        _permit_issued(ctx, session, app, actor_id)
    application_changed(ctx, session, app)


def latest_cycle(session: Session, app: m.Application) -> m.ReviewCycle | None:
    return session.scalars(select(m.ReviewCycle).where(m.ReviewCycle.application_id == app.id)
                           .order_by(m.ReviewCycle.n.desc()).limit(1)).one_or_none()


def open_cycle(ctx: ServerContext, session: Session, app: m.Application,
               actor_id: str | None, note: str) -> m.ReviewCycle:
    """Opens cycle n+1 on the current drawings; cycle 1 records the intake check."""
    n = app.current_cycle + 1
    latest = (select(m.DocumentVersion.document_id, func.max(m.DocumentVersion.n).label("n"))
              .join(m.Document, m.Document.id == m.DocumentVersion.document_id)
              .where(m.Document.application_id == app.id)
              .group_by(m.DocumentVersion.document_id).subquery())
    current = session.scalars(select(m.DocumentVersion).join(
        latest, (latest.c.document_id == m.DocumentVersion.document_id)
        & (latest.c.n == m.DocumentVersion.n)).order_by(m.DocumentVersion.document_id)).all()
    cycle = m.ReviewCycle(application_id=app.id, n=n, opened_at=utcnow(), snapshot=[
        {"document_id": dv.document_id, "n": dv.n, "sha256": dv.blob_sha256} for dv in current])
    session.add(cycle)
    app.current_cycle = n
    reviews = []
    if n == 1:
        reviews.append(m.DisciplineReview(
            application_id=app.id, cycle=n, discipline=wf.INTAKE, assignee_id=actor_id,
            decision=wf.Decision.APPROVED, summary=note, decided_by=actor_id,
            decided_at=utcnow()))
    reviews += [m.DisciplineReview(application_id=app.id, cycle=n, discipline=d)
                for d in wf.REVIEW_DISCIPLINES]
    session.add_all(reviews)
    session.flush()
    for review in reviews:
        changed(ctx, session, v.review_path(app.id, n, review.id), office_id=app.office_id,
                version=review.version)
    _carry_over_comments(ctx, session, app, n)
    return cycle


def _carry_over_comments(ctx: ServerContext, session: Session, app: m.Application,
                         n: int) -> None:
    """Open comments of the previous cycle move to cycle n, linked to their predecessor."""
    open_items = session.scalars(select(m.Comment).where(
        m.Comment.application_id == app.id, m.Comment.cycle == n - 1,
        m.Comment.status.in_(("released", "responded")))).all()
    for old in open_items:
        old.status = "carried_over"
        old.updated_at = utcnow()
        changed(ctx, session, v.comment_path(app.id, old.id), old, office_id=app.office_id)
        new = m.Comment(id=m.new_id(), application_id=app.id, cycle=n,
                        discipline=old.discipline, author_id=old.author_id, body=old.body,
                        document_id=old.document_id, document_version=old.document_version,
                        sheet_no=old.sheet_no, page=old.page, bbox=old.bbox, status="released",
                        response=old.response, predecessor_id=old.id, released_at=utcnow(),
                        version=0, created_at=utcnow(), updated_at=utcnow())
        session.add(new)
        changed(ctx, session, v.comment_path(app.id, new.id), new, office_id=app.office_id)


def close_cycle_if_decided(ctx: ServerContext, session: Session, app: m.Application) -> None:
    """When every review of the open cycle has a decision: outcome, release, next state."""
    cycle = latest_cycle(session, app)
    if cycle is None or cycle.closed_at is not None:
        return
    reviews = session.scalars(select(m.DisciplineReview).where(
        m.DisciplineReview.application_id == app.id, m.DisciplineReview.cycle == cycle.n)).all()
    if any(r.decision is None for r in reviews):
        return
    cycle.closed_at = utcnow()
    cycle.outcome = wf.cycle_outcome(r.decision for r in reviews)
    drafts = session.scalars(select(m.Comment).where(
        m.Comment.application_id == app.id, m.Comment.cycle == cycle.n,
        m.Comment.status == "draft")).all()
    for comment in drafts:
        comment.status = "released"
        comment.released_at = comment.updated_at = utcnow()
        changed(ctx, session, v.comment_path(app.id, comment.id), comment,
                office_id=app.office_id)
    history(session, app, "close_cycle", app.state, None,
            f"cycle {cycle.n} closed: {cycle.outcome}; {len(drafts)} comments released")
    run_automatic(ctx, session, app)
    application_changed(ctx, session, app)


def run_automatic(ctx: ServerContext, session: Session, app: m.Application) -> None:
    while (auto := wf.automatic_transition(app.state, facts(ctx, session, app))) is not None:
        _apply(ctx, session, app, auto, None, "")


def permit_number(app: m.Application) -> str:
    year, number = app.ref.split("-")[1:3]
    return f"BP-{year}-{number}"


def _permit_issued(ctx: ServerContext, session: Session, app: m.Application,
                   actor_id: str | None) -> None:
    """The permit row, with its built approved set, was added by the approved-set job
    (sync.server.approval) in this transaction; issuing has no other way in."""
    permit = session.scalars(select(m.Permit).where(m.Permit.application_id == app.id)
                             ).one_or_none()
    if permit is None or permit.approved_set_sha256 is None:
        raise Problem(409, "approved-set-needed", "a permit is issued when its approved set"
                      " is built: ask for 'issue' and follow the job it answers with")
    changed(ctx, session, v.permit_path(permit.permit_no), office_id=app.office_id, version=1)
    pages = session.get(m.Blob, permit.approved_set_sha256).pages
    history(session, app, "approved_set", app.state, actor_id,
            f"permit {permit.permit_no}: approved set of {pages} pages, sha256"
            f" {permit.approved_set_sha256}")


# -- fees ---------------------------------------------------------------------------------
# The money rules (docs/permit-api.md, "Money rules") live here, one function each.

def check_fees_open(app: m.Application) -> None:
    """Fees change only while the application is live and not yet approved."""
    if app.state in wf.FEES_FINAL:
        raise Problem(409, "fees-final", f"the application is {app.state}: its fees were"
                      " settled at approval and can no longer change")
    if app.state in wf.FINAL_STATES:
        raise Problem(409, "application-closed", f"the application is {app.state}")


def chargeable_resubmissions(session: Session, app: m.Application) -> int:
    steps = session.execute(select(m.HistoryEntry.from_state, m.HistoryEntry.action).where(
        m.HistoryEntry.application_id == app.id)).all()
    return wf.chargeable_resubmissions((row.from_state, row.action) for row in steps)


def assess_fees(ctx: ServerContext, session: Session, app: m.Application,
                actor_id: str | None) -> None:
    """Re-assesses from the schedule. What is not paid yet is replaced: ASSESSED items go and
    open invoices are voided. Against what was paid or waived, a code whose amount grew gets a
    supplementary item and one whose amount shrank a credit (never more than was paid)."""
    basis = FeeBasis(use_class=app.use_class, gross_area_m2=Decimal(app.gross_area_m2),
                     resubmissions=chargeable_resubmissions(session, app))
    _void_unpaid(ctx, session, app)
    items = session.scalars(select(m.FeeItem).where(m.FeeItem.application_id == app.id,
                                                    m.FeeItem.status.in_(SETTLED_FEES))).all()
    assessed = assess(ctx.schedule, basis)
    for fee in assessed:
        same = [i for i in items if i.code == fee.code]
        paid = sum(i.amount_baisa for i in same if i.status != "WAIVED")
        waived = sum(i.amount_baisa for i in same if i.status == "WAIVED")
        amount = fee.amount_baisa - paid - waived
        if amount < 0:
            amount = -min(-amount, paid)  # a credit gives back paid money only
        if amount == 0:
            continue
        quantity = fee.quantity - sum((Decimal(i.quantity) for i in same), Decimal(0))
        session.add(m.FeeItem(
            application_id=app.id, code=fee.code, stage=fee.stage, basis=fee.basis,
            description_en=fee.description_en, description_ar=fee.description_ar,
            quantity=str(quantity), rate_baisa=fee.rate_baisa, amount_baisa=amount,
            schedule_version=fee.schedule_version, status="ASSESSED"))
    history(session, app, "assess_fees", app.state, actor_id,
            f"fees assessed under schedule {ctx.schedule.version}: {format_omr(total_baisa(assessed))}"
            f" for {app.gross_area_m2:.2f} m² {app.use_class}")
    changed(ctx, session, v.fees_path(app.id), office_id=app.office_id)


def _void_unpaid(ctx: ServerContext, session: Session, app: m.Application) -> None:
    """Assessed items are dropped; open invoices and their items become VOID(ED)."""
    for item in session.scalars(select(m.FeeItem).where(m.FeeItem.application_id == app.id,
                                                        m.FeeItem.status == "ASSESSED")):
        session.delete(item)
    invoices = session.scalars(select(m.Invoice).where(m.Invoice.application_id == app.id,
                                                       m.Invoice.status == "OPEN")
                               .with_for_update()).all()
    for invoice in invoices:
        invoice.status = "VOID"
        for item in session.scalars(select(m.FeeItem).where(m.FeeItem.invoice_id == invoice.id,
                                                            m.FeeItem.status == "INVOICED")):
            item.status = "VOIDED"
            item.version += 1
        changed(ctx, session, v.invoice_path(invoice.id), invoice, office_id=app.office_id)
    session.flush()


def invoice_assessed(ctx: ServerContext, session: Session, app: m.Application,
                     actor_id: str) -> m.Invoice | None:
    """The assessor's step: one invoice for every ASSESSED item; None when there is none.
    An invoice whose credits outweigh its charges is a credit note: settled at once by
    crediting the office account."""
    items = session.scalars(select(m.FeeItem).where(m.FeeItem.application_id == app.id,
                                                    m.FeeItem.status == "ASSESSED")).all()
    if not items:
        return None
    total = sum(i.amount_baisa for i in items)
    invoice = m.Invoice(application_id=app.id, office_id=app.office_id, total_baisa=total,
                        status="OPEN", created_at=utcnow(), version=0)
    session.add(invoice)
    session.flush()
    for item in items:
        item.status = "INVOICED"
        item.invoice_id = invoice.id
        item.version += 1
    if total <= 0:
        invoice.status, invoice.paid_at = "CREDITED", utcnow()
        for item in items:
            item.status = "CREDITED" if item.amount_baisa < 0 else "PAID"
        if total < 0:
            post_ledger(ctx, session, office_locked(session, app.office_id), "credit", -total,
                        f"credit note {invoice.id}", actor_id)
    history(session, app, "invoice", app.state, actor_id,
            f"{'credit note' if total < 0 else 'invoice'} {format_omr(total)}")
    changed(ctx, session, v.invoice_path(invoice.id), invoice, office_id=app.office_id)
    changed(ctx, session, v.fees_path(app.id), office_id=app.office_id)
    fees_changed(ctx, session, app)
    return invoice


def fees_changed(ctx: ServerContext, session: Session, app: m.Application) -> None:
    """After any change to what is owed: the payment gate moves the application if it must."""
    run_automatic(ctx, session, app)
    application_changed(ctx, session, app)


def waive_fee(ctx: ServerContext, session: Session, app: m.Application, item: m.FeeItem,
              caller: Principal, note: str) -> None:
    """Waives an unpaid fee; above the threshold the first supervisor's waiver is a request
    that a second supervisor confirms (separation of duties)."""
    check_fees_open(app)
    if item.status not in OWED_FEES:
        raise Problem(409, "not-waivable", f"a {item.status} fee cannot be waived")
    needs_second = (ctx.settings.separation_of_duties
                    and item.amount_baisa > ctx.settings.waiver_second_approval_baisa)
    if needs_second and item.waiver_requested_by is None:
        item.waiver_requested_by, item.note = caller.id, note
        item.version += 1
        history(session, app, "waiver_requested", app.state, caller.id,
                f"{item.code} {format_omr(item.amount_baisa)}: {note}; a second supervisor"
                " must confirm the waiver")
        changed(ctx, session, v.fees_path(app.id), office_id=app.office_id)
        return
    if needs_second and item.waiver_requested_by == caller.id:
        raise Problem(409, "second-approval-needed", "a waiver of more than"
                      f" {format_omr(ctx.settings.waiver_second_approval_baisa)} needs a second"
                      " supervisor; you asked for this one already")
    if item.invoice_id:
        invoice = session.get(m.Invoice, item.invoice_id, with_for_update=True)
        invoice.total_baisa -= item.amount_baisa
        if invoice.total_baisa == 0:
            invoice.status = "VOID"
        changed(ctx, session, v.invoice_path(invoice.id), invoice, office_id=app.office_id)
    if needs_second:
        asked_by = v.usernames(session, {item.waiver_requested_by}).get(
            item.waiver_requested_by, "")
        note = f"{item.note} (asked by {asked_by}); confirmed: {note}"
    item.status, item.note = "WAIVED", note
    item.version += 1
    history(session, app, "waive_fee", app.state, caller.id,
            f"{item.code} {format_omr(item.amount_baisa)} waived: {note}")
    changed(ctx, session, v.fees_path(app.id), office_id=app.office_id)
    fees_changed(ctx, session, app)


def close_accounts(ctx: ServerContext, session: Session, app: m.Application,
                   actor_id: str | None) -> None:
    """Withdrawn or rejected: nothing stays owed (open invoices voided, assessed items
    dropped); paid permit-stage fees go back to the office account; the application fee is
    forfeited (a ledger entry of 0 saying so) unless the settings refund it too."""
    _void_unpaid(ctx, session, app)
    refundable_stages = {"permit", "application"} if (
        ctx.settings.refund_application_fee_on_close) else {"permit"}
    payments = session.scalars(select(m.Payment).join(
        m.Invoice, m.Invoice.id == m.Payment.invoice_id).where(
        m.Invoice.application_id == app.id, m.Payment.status != "REFUNDED")
        .order_by(m.Payment.created_at).with_for_update()).all()
    paid_items = session.scalars(select(m.FeeItem).where(
        m.FeeItem.application_id == app.id, m.FeeItem.status.in_(("PAID", "CREDITED")))).all()
    # credit notes already gave part of the paid permit fees back
    credited = -sum(i.amount_baisa for i in paid_items if i.status == "CREDITED"
                    and i.stage in refundable_stages)
    if not payments:
        return
    office = office_locked(session, app.office_id)
    refunded = forfeited = 0
    for payment in payments:
        remaining = payment.amount_baisa - (payment.refunded_baisa or 0)
        own = sum(i.amount_baisa for i in paid_items if i.invoice_id == payment.invoice_id
                  and i.status == "PAID" and i.stage in refundable_stages)
        refund = max(0, min(remaining, own - credited))
        credited = max(0, credited - own)
        if refund:
            post_ledger(ctx, session, office, "refund", refund,
                        f"refund of payment {payment.id} ({app.state.lower()})",
                        actor_id or "")
            _refunded(ctx, session, payment, refund)
            refunded += refund
        if remaining - refund:
            post_ledger(ctx, session, office, "forfeit", 0,
                        f"forfeit {format_omr(remaining - refund)} of payment {payment.id}",
                        actor_id or "")
            forfeited += remaining - refund
    for item in paid_items:
        if item.stage in refundable_stages and item.status == "PAID":
            item.status = "REFUNDED"
            item.version += 1
    history(session, app, "close_accounts", app.state, actor_id,
            f"{app.state.lower()}: {format_omr(refunded)} refunded to the office account,"
            f" {format_omr(forfeited)} forfeited (application fee)")
    changed(ctx, session, v.fees_path(app.id), office_id=app.office_id)


def _refunded(ctx: ServerContext, session: Session, payment: m.Payment, amount: int) -> None:
    payment.refunded_baisa = (payment.refunded_baisa or 0) + amount
    payment.refunded_at = utcnow()
    if payment.refunded_baisa >= payment.amount_baisa:
        payment.status, payment.status_key = "REFUNDED", None
    else:
        payment.status = "PARTLY_REFUNDED"
    changed(ctx, session, v.payment_path(payment.id), payment, office_id=payment.office_id)


# -- payments -----------------------------------------------------------------------------
# Locks are always taken in one order, so concurrent writers queue instead of deadlocking on
# PostgreSQL: the application, then its rows (invoice, payment), then the office account, and
# the change feed's lock last (changed() takes it when the first change is recorded).

def _lock_application_then(session: Session, app_id: str,
                           row) -> tuple[m.Application, object]:
    app = session.get(m.Application, app_id, with_for_update=True, populate_existing=True)
    return app, session.get(type(row), row.id, with_for_update=True, populate_existing=True)


def office_locked(session: Session, office_id: str) -> m.Office:
    return session.scalars(select(m.Office).where(m.Office.id == office_id)
                           .with_for_update()).one()


def post_ledger(ctx: ServerContext, session: Session, office: m.Office, kind: str, amount: int,
                reference: str, actor_id: str) -> None:
    """Appends to the office's ledger; the balance never goes below zero."""
    if office.balance_baisa + amount < 0:
        raise Problem(409, "insufficient-balance",
                      f"the office account holds {format_omr(office.balance_baisa)}; this needs"
                      f" {format_omr(-amount)}. Top up the account and pay again",
                      balance_baisa=office.balance_baisa, needed_baisa=-amount)
    office.balance_baisa += amount
    session.add(m.LedgerEntry(office_id=office.id, kind=kind, amount_baisa=amount,
                              balance_after_baisa=office.balance_baisa, reference=reference,
                              created_by=actor_id, created_at=utcnow()))
    changed(ctx, session, v.account_path(office.id), office, office_id=office.id)


def pay_invoice(ctx: ServerContext, session: Session, invoice_id: str,
                caller: Principal) -> m.Payment:
    """Debits the office account for the whole invoice, once; Problem 409 when it cannot."""
    invoice = session.get(m.Invoice, invoice_id)
    if invoice is None or (caller.role == wf.Role.CONSULTANT
                           and invoice.office_id != caller.office_id):
        raise not_found("this invoice")
    app, invoice = _lock_application_then(session, invoice.application_id, invoice)
    office = office_locked(session, invoice.office_id)
    if invoice.status != "OPEN":
        standing = session.scalars(select(m.Payment).where(
            m.Payment.invoice_id == invoice.id, m.Payment.status == "COMPLETED")).first()
        raise Problem(409, "invoice-not-open", f"this invoice is {invoice.status}; it needs no"
                      " payment", payment_id=standing.id if standing else None)
    post_ledger(ctx, session, office, "payment", -invoice.total_baisa,
                f"invoice {invoice.id}", caller.id)
    payment = m.Payment(invoice_id=invoice.id, office_id=office.id,
                        amount_baisa=invoice.total_baisa, status="COMPLETED", status_key="live",
                        created_by=caller.id, created_at=utcnow(), version=0)
    session.add(payment)
    invoice.status, invoice.paid_at = "PAID", utcnow()
    for item in session.scalars(select(m.FeeItem).where(m.FeeItem.invoice_id == invoice.id,
                                                        m.FeeItem.status == "INVOICED")):
        item.status = "PAID"
        item.version += 1
    history(session, app, "payment", app.state, caller.id,
            f"invoice paid: {format_omr(invoice.total_baisa)}")
    changed(ctx, session, v.invoice_path(invoice.id), invoice, office_id=office.id)
    changed(ctx, session, v.payment_path(payment.id), payment, office_id=office.id)
    changed(ctx, session, v.fees_path(app.id), office_id=office.id)
    state = app.state
    run_automatic(ctx, session, app)
    if app.state == state:
        application_changed(ctx, session, app)
    return payment


def refund_payment(ctx: ServerContext, session: Session, payment_id: str,
                   caller: Principal) -> m.Payment:
    """Credits what is left of a payment back to the office account. Before approval the
    invoice is open again (the application returns to the payment gate); a withdrawn or
    rejected application's invoice stays closed; after approval a refund is refused."""
    payment = session.get(m.Payment, payment_id)
    if payment is None:
        raise not_found("this payment")
    invoice = session.get(m.Invoice, payment.invoice_id)
    app, invoice = _lock_application_then(session, invoice.application_id, invoice)
    payment = session.get(m.Payment, payment_id, with_for_update=True, populate_existing=True)
    office = office_locked(session, payment.office_id)
    if payment.status == "REFUNDED":
        raise Problem(409, "already-refunded", "this payment was refunded already")
    if app.state in wf.FEES_FINAL:
        raise Problem(409, "fees-final", f"the application is {app.state}: its fees were"
                      " settled at approval and are not refunded")
    amount = payment.amount_baisa - (payment.refunded_baisa or 0)
    post_ledger(ctx, session, office, "refund", amount, f"refund of payment {payment.id}",
                caller.id)
    _refunded(ctx, session, payment, amount)
    closed = app.state in wf.CLOSED_UNISSUED
    if not closed:
        invoice.status, invoice.paid_at = "OPEN", None
    for item in session.scalars(select(m.FeeItem).where(
            m.FeeItem.invoice_id == invoice.id, m.FeeItem.status.in_(("PAID", "REFUNDED")))):
        item.status = "REFUNDED" if closed else "INVOICED"
        item.version += 1
    history(session, app, "refund", app.state, caller.id,
            f"payment refunded: {format_omr(amount)}"
            + ("" if closed else "; its invoice is open again"))
    changed(ctx, session, v.invoice_path(invoice.id), invoice, office_id=office.id)
    changed(ctx, session, v.fees_path(app.id), office_id=office.id)
    fees_changed(ctx, session, app)
    return payment
