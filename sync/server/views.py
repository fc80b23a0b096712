"""Rows to protocol JSON (schemas), one function per resource, and the resources' paths."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from review.fees import format_omr
from review.workflow import Role, actions_for
from sync.server import models as m
from sync.server import schemas as s
from sync.server.security import Principal


def iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def application_path(app_id: str) -> str:
    return f"/v1/applications/{app_id}"


def document_path(app_id: str, doc_id: str) -> str:
    return f"{application_path(app_id)}/documents/{doc_id}"


def review_path(app_id: str, cycle: int, review_id: str) -> str:
    return f"{application_path(app_id)}/cycles/{cycle}/reviews/{review_id}"


def comment_path(app_id: str, comment_id: str) -> str:
    return f"{application_path(app_id)}/comments/{comment_id}"


def condition_path(app_id: str, condition_id: str) -> str:
    return f"{application_path(app_id)}/conditions/{condition_id}"


def fees_path(app_id: str) -> str:
    return f"{application_path(app_id)}/fees"


def invoice_path(invoice_id: str) -> str:
    return f"/v1/invoices/{invoice_id}"


def payment_path(payment_id: str) -> str:
    return f"/v1/payments/{payment_id}"


def permit_path(permit_no: str) -> str:
    return f"/v1/permits/{permit_no}"


def account_path(office_id: str) -> str:
    return f"/v1/offices/{office_id}/account"


def office_out(office: m.Office) -> s.OfficeOut:
    return s.OfficeOut(id=office.id, name=office.name, registration_no=office.registration_no,
                       office_class=office.office_class, status=office.status)


def user_out(session: Session, user: m.User) -> s.UserOut:
    office = session.get(m.Office, user.office_id) if user.office_id else None
    return s.UserOut(id=user.id, username=user.username, full_name=user.full_name, role=user.role,
                     discipline=user.discipline, office=office_out(office) if office else None)


def application_out(app: m.Application, caller: Principal) -> s.ApplicationOut:
    return s.ApplicationOut(
        id=app.id, ref=app.ref, state=app.state, office_id=app.office_id,
        created_by=app.created_by, title=app.title, owner_name=app.owner_name,
        plot=s.Plot(governorate=app.governorate, wilayat=app.wilayat, area=app.area,
                    block=app.block, plot_no=app.plot_no),
        use_class=app.use_class, floors=app.floors,
        gross_area_m2=f"{app.gross_area_m2:.2f}", gross_area_source=app.gross_area_source,
        estimated_cost_baisa=app.estimated_cost_baisa,
        current_cycle=app.current_cycle, version=app.version, created_at=iso(app.created_at),
        updated_at=iso(app.updated_at), submitted_at=iso(app.submitted_at),
        actions=list(actions_for(app.state, caller.role)))


def usernames(session: Session, ids: set[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.execute(select(m.User.id, m.User.username).where(m.User.id.in_(wanted)))
    return {row.id: row.username for row in rows}


def document_out(session: Session, doc: m.Document) -> s.DocumentOut:
    rows = session.execute(
        select(m.DocumentVersion, m.Blob)
        .join(m.Blob, m.Blob.sha256 == m.DocumentVersion.blob_sha256)
        .where(m.DocumentVersion.document_id == doc.id).order_by(m.DocumentVersion.n)).all()
    versions = [s.DocumentVersionOut(
        n=v.n, sha256=v.blob_sha256, size=b.size, media_type=b.media_type, pages=b.pages,
        filename=v.filename, cycle=v.cycle, uploaded_by=v.uploaded_by,
        uploaded_at=iso(v.uploaded_at)) for v, b in rows]
    return s.DocumentOut(id=doc.id, application_id=doc.application_id, kind=doc.kind,
                         sheet_no=doc.sheet_no, title=doc.title, version=doc.version,
                         current=versions[-1], versions=versions)


def review_out(review: m.DisciplineReview, names: dict[str, str], *, consultant: bool,
               cycle_closed: bool) -> s.ReviewOut:
    """Consultants never see working notes, and see decisions once the cycle has closed."""
    hidden = consultant and not cycle_closed
    return s.ReviewOut(
        id=review.id, application_id=review.application_id, cycle=review.cycle,
        discipline=review.discipline, assignee_id=review.assignee_id,
        assignee=names.get(review.assignee_id or ""), notes="" if consultant else review.notes,
        decision=None if hidden else review.decision, summary="" if hidden else review.summary,
        decided_by=None if hidden else review.decided_by,
        decided_at=None if hidden else iso(review.decided_at), version=review.version)


def comment_out(comment: m.Comment, names: dict[str, str]) -> s.CommentOut:
    return s.CommentOut(
        id=comment.id, application_id=comment.application_id, cycle=comment.cycle,
        discipline=comment.discipline, author_id=comment.author_id,
        author=names.get(comment.author_id, ""), body=comment.body,
        document_id=comment.document_id, document_version=comment.document_version,
        sheet_no=comment.sheet_no, page=comment.page, bbox=comment.bbox, status=comment.status,
        released=comment.released_at is not None, response=comment.response,
        predecessor_id=comment.predecessor_id, version=comment.version,
        created_at=iso(comment.created_at), updated_at=iso(comment.updated_at))


def condition_out(condition: m.Condition, names: dict[str, str]) -> s.ConditionOut:
    editor_id = condition.updated_by or condition.author_id
    return s.ConditionOut(id=condition.id, application_id=condition.application_id,
                          cycle=condition.cycle, discipline=condition.discipline,
                          text_en=condition.text_en, text_ar=condition.text_ar,
                          author_id=condition.author_id, author=names.get(condition.author_id),
                          version=condition.version, created_at=iso(condition.created_at),
                          updated_at=iso(condition.updated_at), updated_by=editor_id,
                          editor=names.get(editor_id), deleted=condition.deleted_at is not None)


def condition_history_out(revisions: list[m.ConditionRevision],
                          names: dict[str, str]) -> s.ConditionHistoryOut:
    """Revisions oldest first, each with the texts it replaced."""
    items, before = [], None
    for revision in revisions:
        items.append(s.ConditionRevisionOut(
            action=revision.action, discipline=revision.discipline, text_en=revision.text_en,
            text_ar=revision.text_ar, before_discipline=before and before.discipline,
            before_text_en=before and before.text_en, before_text_ar=before and before.text_ar,
            actor_id=revision.actor_id, actor=names.get(revision.actor_id),
            at=iso(revision.at)))
        before = revision
    return s.ConditionHistoryOut(items=items)


def fee_item_out(item: m.FeeItem, names: dict[str, str] | None = None) -> s.FeeItemOut:
    requested = item.waiver_requested_by
    return s.FeeItemOut(
        id=item.id, code=item.code, stage=item.stage, description_en=item.description_en,
        description_ar=item.description_ar, basis=item.basis, quantity=item.quantity,
        rate_baisa=item.rate_baisa, amount_baisa=item.amount_baisa,
        amount_omr=format_omr(item.amount_baisa), schedule_version=item.schedule_version,
        status=item.status, invoice_id=item.invoice_id, note=item.note, version=item.version,
        waiver_requested_by=(names or {}).get(requested, requested) if requested else None)


def invoice_out(session: Session, invoice: m.Invoice) -> s.InvoiceOut:
    items = session.scalars(select(m.FeeItem).where(m.FeeItem.invoice_id == invoice.id)
                            .order_by(m.FeeItem.code)).all()
    return s.InvoiceOut(id=invoice.id, application_id=invoice.application_id,
                        office_id=invoice.office_id, total_baisa=invoice.total_baisa,
                        total_omr=format_omr(invoice.total_baisa), status=invoice.status,
                        items=[fee_item_out(i) for i in items], created_at=iso(invoice.created_at),
                        paid_at=iso(invoice.paid_at), version=invoice.version)


def payment_out(payment: m.Payment) -> s.PaymentOut:
    return s.PaymentOut(id=payment.id, invoice_id=payment.invoice_id, office_id=payment.office_id,
                        amount_baisa=payment.amount_baisa,
                        amount_omr=format_omr(payment.amount_baisa), status=payment.status,
                        created_by=payment.created_by, created_at=iso(payment.created_at),
                        refunded_at=iso(payment.refunded_at),
                        refunded_baisa=payment.refunded_baisa or 0, version=payment.version)


def is_reviewer(caller: Principal) -> bool:
    return caller.role in (Role.ENGINEER, Role.SUPERVISOR)
