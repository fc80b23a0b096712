"""Fees, invoices, payments from the office account, and the account itself."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from fastapi import APIRouter, Header, Response
from sqlalchemy import select

from review.fees import format_omr
from review.workflow import FINAL_STATES, Role, State
from sync.server import models as m
from sync.server import schemas as s
from sync.server import service
from sync.server import views as v
from sync.server.context import Caller, IfMatch, Server, check_if_match, etag, require_role
from sync.server.problems import PROBLEM_RESPONSES, Problem, not_found
from sync.server.security import Principal

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES, tags=["fees"])

ASSESSORS = (Role.INTAKE_CLERK, Role.SUPERVISOR)


def _fees_out(ctx, session, app: m.Application) -> s.FeesOut:
    items = session.scalars(select(m.FeeItem).where(m.FeeItem.application_id == app.id)
                            .order_by(m.FeeItem.status, m.FeeItem.code)).all()
    live = [i for i in items if i.status not in ("WAIVED", "VOIDED")]
    names = v.usernames(session, {i.waiver_requested_by for i in items})
    return s.FeesOut(application_id=app.id, items=[v.fee_item_out(i, names) for i in items],
                     total_baisa=sum(i.amount_baisa for i in live),
                     outstanding_baisa=sum(i.amount_baisa for i in live
                                           if i.status in ("ASSESSED", "INVOICED")),
                     schedule_version=ctx.schedule.version)


@router.get("/applications/{app_id}/fees", response_model=s.FeesOut)
def read_fees(ctx: Server, caller: Caller, app_id: str) -> s.FeesOut:
    with ctx.db.read() as session:
        return _fees_out(ctx, session, service.application(session, caller, app_id))


@router.post("/applications/{app_id}/fees/assess", response_model=s.FeesOut,
             summary="(re)assess from the schedule: what is unpaid is replaced, paid fees get a"
                     " supplementary item or a credit; the assessor then invoices")
def assess(ctx: Server, caller: Caller, app_id: str) -> s.FeesOut:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, *ASSESSORS, doing="assess fees")
        service.check_fees_open(app)
        service.assess_fees(ctx, session, app, caller.id)
        service.fees_changed(ctx, session, app)
        session.flush()
        return _fees_out(ctx, session, app)


@router.put("/applications/{app_id}/gross-area", response_model=s.ApplicationOut,
            summary="a fee assessor takes the gross area from an area measurement on the"
            " drawings (If-Match required); fees already assessed are re-assessed")
def take_gross_area(ctx: Server, caller: Caller, app_id: str, body: s.GrossAreaIn,
                    if_match: IfMatch, response: Response) -> s.ApplicationOut:
    source = body.source
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, *ASSESSORS, doing="take the gross area from a measurement")
        check_if_match(if_match, app.version, "this application")
        if app.state in FINAL_STATES or app.state == State.DRAFT:
            raise Problem(409, "application-closed", f"the application is {app.state}")
        service.check_fees_open(app)
        if source.measured_m2.quantize(Decimal("0.01"), ROUND_HALF_UP) != body.gross_area_m2:
            raise Problem(422, "area-mismatch", f"the gross area {body.gross_area_m2} m² is not"
                          f" the measured {source.measured_m2} m² rounded to two places")
        document_id = _measured_document(session, app, source)
        before = f"{app.gross_area_m2:.2f}"
        app.gross_area_m2 = body.gross_area_m2
        app.gross_area_source = {
            "markup_id": str(source.markup_id), "document_id": document_id,
            "document_sha256": source.document_sha256, "sheet": source.sheet,
            "sheet_label": source.sheet_label, "measured_m2": str(source.measured_m2),
            "note": body.note, "set_by": caller.username, "set_at": v.iso(service.utcnow())}
        sheet = source.sheet_label or f"#{source.sheet + 1}"
        service.history(session, app, "gross_area", app.state, caller.id,
                        f"gross area {before} m² -> {body.gross_area_m2} m², from area"
                        f" measurement {source.markup_id} on sheet {sheet} of document"
                        f" {document_id or 'not on the server'} (sha256"
                        f" {source.document_sha256}), measured {source.measured_m2} m²"
                        + (f": {body.note}" if body.note else ""))
        if session.scalar(select(m.FeeItem.id).where(m.FeeItem.application_id == app.id)
                          .limit(1)) is not None:
            service.assess_fees(ctx, session, app, caller.id)
        service.fees_changed(ctx, session, app)
    response.headers.update(etag(app.version))
    return v.application_out(app, caller)


def _measured_document(session, app: m.Application, source: s.GrossAreaSourceIn) -> str:
    """The application's document whose versions include the measured file: the one named
    (which must hold that file), else the one found by the file's sha256, else none."""
    holders = set(session.scalars(
        select(m.Document.id).join(m.DocumentVersion,
                                   m.DocumentVersion.document_id == m.Document.id)
        .where(m.Document.application_id == app.id,
               m.DocumentVersion.blob_sha256 == source.document_sha256)))
    if source.document_id:
        if source.document_id not in holders:
            raise Problem(422, "unknown-document", "the measured file is not a version of"
                          f" document {source.document_id} of this application")
        return source.document_id
    return next(iter(holders)) if len(holders) == 1 else ""


@router.post("/applications/{app_id}/fees/{fee_id}/waive", response_model=s.FeeItemOut,
             summary="the supervisor waives an assessed or invoiced fee, with a note; above the"
                     " threshold a second supervisor confirms by waiving it too")
def waive(ctx: Server, caller: Caller, app_id: str, fee_id: str,
          body: s.WaiveIn) -> s.FeeItemOut:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, Role.SUPERVISOR, doing="waive fees")
        item = session.get(m.FeeItem, fee_id, with_for_update=True)
        if item is None or item.application_id != app.id:
            raise not_found("this fee")
        service.waive_fee(ctx, session, app, item, caller, body.note)
        return v.fee_item_out(item, v.usernames(session, {item.waiver_requested_by}))


@router.post("/applications/{app_id}/invoices", response_model=s.InvoiceOut, status_code=201,
             summary="the assessor invoices every ASSESSED fee (a credit note when credits"
                     " outweigh charges)")
def create_invoice(ctx: Server, caller: Caller, app_id: str,
                   response: Response) -> s.InvoiceOut:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, *ASSESSORS, doing="issue invoices")
        service.check_fees_open(app)
        invoice = service.invoice_assessed(ctx, session, app, caller.id)
        if invoice is None:
            raise Problem(409, "nothing-to-invoice", "there are no assessed fees to invoice;"
                          " assess the fees first")
        response.headers["Location"] = v.invoice_path(invoice.id)
        response.headers.update(etag(invoice.version))
        return v.invoice_out(session, invoice)


@router.get("/applications/{app_id}/invoices", response_model=s.InvoiceList)
def list_invoices(ctx: Server, caller: Caller, app_id: str) -> s.InvoiceList:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        rows = session.scalars(select(m.Invoice).where(m.Invoice.application_id == app.id)
                               .order_by(m.Invoice.created_at)).all()
        return s.InvoiceList(items=[v.invoice_out(session, i) for i in rows])


def _visible_office(caller: Principal, office_id: str) -> bool:
    return caller.is_staff or caller.office_id == office_id


@router.get("/invoices/{invoice_id}", response_model=s.InvoiceOut)
def read_invoice(ctx: Server, caller: Caller, invoice_id: str,
                 response: Response) -> s.InvoiceOut:
    with ctx.db.read() as session:
        invoice = session.get(m.Invoice, invoice_id)
        if invoice is None or not _visible_office(caller, invoice.office_id):
            raise not_found("this invoice")
        response.headers.update(etag(invoice.version))
        return v.invoice_out(session, invoice)


@router.post("/payments", response_model=s.PaymentOut, status_code=201, tags=["payments"],
             summary="pay an invoice from the office account (Idempotency-Key required)")
def pay(ctx: Server, caller: Caller, body: s.PaymentIn, response: Response,
        idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key",
                                                      max_length=255)] = None) -> s.PaymentOut:
    require_role(caller, Role.CONSULTANT, doing="pay invoices")
    if not idempotency_key:
        raise Problem(400, "idempotency-key-required", "a payment needs an Idempotency-Key"
                      " header, so that a retry cannot pay twice")
    with ctx.db.write() as session:
        payment = service.pay_invoice(ctx, session, body.invoice_id, caller)
    response.headers["Location"] = v.payment_path(payment.id)
    response.headers.update(etag(payment.version))
    return v.payment_out(payment)


@router.get("/payments/{payment_id}", response_model=s.PaymentOut, tags=["payments"])
def read_payment(ctx: Server, caller: Caller, payment_id: str,
                 response: Response) -> s.PaymentOut:
    with ctx.db.read() as session:
        payment = session.get(m.Payment, payment_id)
        if payment is None or not _visible_office(caller, payment.office_id):
            raise not_found("this payment")
    response.headers.update(etag(payment.version))
    return v.payment_out(payment)


@router.post("/payments/{payment_id}/refund", response_model=s.PaymentOut, tags=["payments"],
             summary="the supervisor refunds a payment to the office account")
def refund(ctx: Server, caller: Caller, payment_id: str, response: Response) -> s.PaymentOut:
    require_role(caller, Role.SUPERVISOR, doing="refund payments")
    with ctx.db.write() as session:
        payment = service.refund_payment(ctx, session, payment_id, caller)
    response.headers.update(etag(payment.version))
    return v.payment_out(payment)


# -- office accounts ------------------------------------------------------------------------

def _account_out(session, office: m.Office) -> s.AccountOut:
    entries = session.scalars(select(m.LedgerEntry).where(m.LedgerEntry.office_id == office.id)
                              .order_by(m.LedgerEntry.id.desc()).limit(200)).all()
    return s.AccountOut(office=v.office_out(office), balance_baisa=office.balance_baisa,
                        balance_omr=format_omr(office.balance_baisa), version=office.version,
                        entries=[s.LedgerEntryOut(
                            id=e.id, kind=e.kind, amount_baisa=e.amount_baisa,
                            balance_after_baisa=e.balance_after_baisa, reference=e.reference,
                            created_at=v.iso(e.created_at)) for e in entries])


@router.get("/offices/{office_id}/account", response_model=s.AccountOut, tags=["accounts"])
def read_account(ctx: Server, caller: Caller, office_id: str,
                 response: Response) -> s.AccountOut:
    with ctx.db.read() as session:
        office = session.get(m.Office, office_id)
        if office is None or not _visible_office(caller, office_id):
            raise not_found("this office")
        response.headers.update(etag(office.version))
        return _account_out(session, office)


@router.post("/offices/{office_id}/account/topups", response_model=s.AccountOut,
             tags=["accounts"], summary="credit an office account (demo only, admin)")
def top_up(ctx: Server, caller: Caller, office_id: str, body: s.TopupIn,
           response: Response) -> s.AccountOut:
    require_role(caller, Role.ADMIN, doing="top up office accounts")
    if not ctx.settings.demo_topups:
        raise Problem(403, "topups-disabled", "top-ups are a demo feature, off on this server")
    with ctx.db.write() as session:
        if session.get(m.Office, office_id) is None:
            raise not_found("this office")
        office = service.office_locked(session, office_id)
        service.post_ledger(ctx, session, office, "topup", body.amount_baisa,
                            body.note or "demo top-up", caller.id)
        session.flush()
        response.headers.update(etag(office.version))
        return _account_out(session, office)
