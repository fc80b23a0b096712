"""Review cycles, discipline reviews and decisions, comments and conditions."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from sqlalchemy import select

from review.workflow import INTAKE, Decision, Role, State
from sync.server import models as m
from sync.server import schemas as s
from sync.server import service
from sync.server import views as v
from sync.server.context import (Caller, IfMatch, Server, check_if_match, client_uuid, etag,
                                 require_role)
from sync.server.problems import PROBLEM_RESPONSES, Problem, not_found
from sync.server.security import Principal

router = APIRouter(prefix="/v1/applications/{app_id}", responses=PROBLEM_RESPONSES)

REVIEWERS = (Role.ENGINEER, Role.SUPERVISOR)
VISIBLE_TO_CONSULTANT = ("released", "responded", "resolved", "carried_over", "withdrawn")


# -- cycles and reviews ---------------------------------------------------------------------

def _cycle_out(session, cycle: m.ReviewCycle, caller: Principal) -> s.CycleOut:
    reviews = session.scalars(select(m.DisciplineReview).where(
        m.DisciplineReview.application_id == cycle.application_id,
        m.DisciplineReview.cycle == cycle.n).order_by(m.DisciplineReview.discipline)).all()
    names = v.usernames(session, {r.assignee_id for r in reviews})
    return s.CycleOut(n=cycle.n, opened_at=v.iso(cycle.opened_at),
                      closed_at=v.iso(cycle.closed_at), outcome=cycle.outcome,
                      documents=[s.SnapshotItem(**item) for item in cycle.snapshot],
                      reviews=[v.review_out(r, names, consultant=not caller.is_staff,
                                            cycle_closed=cycle.closed_at is not None)
                               for r in reviews])


def _cycle(session, app: m.Application, n: int) -> m.ReviewCycle:
    cycle = session.scalars(select(m.ReviewCycle).where(
        m.ReviewCycle.application_id == app.id, m.ReviewCycle.n == n)).one_or_none()
    if cycle is None:
        raise not_found(f"review cycle {n}")
    return cycle


@router.get("/cycles", response_model=s.CycleList, tags=["reviews"])
def list_cycles(ctx: Server, caller: Caller, app_id: str) -> s.CycleList:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        cycles = session.scalars(select(m.ReviewCycle).where(m.ReviewCycle.application_id == app.id)
                                 .order_by(m.ReviewCycle.n)).all()
        return s.CycleList(items=[_cycle_out(session, c, caller) for c in cycles])


@router.get("/cycles/{n}", response_model=s.CycleOut, tags=["reviews"])
def read_cycle(ctx: Server, caller: Caller, app_id: str, n: int) -> s.CycleOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        return _cycle_out(session, _cycle(session, app, n), caller)


@router.get("/cycles/{n}/reviews", response_model=s.ReviewList, tags=["reviews"])
def list_reviews(ctx: Server, caller: Caller, app_id: str, n: int) -> s.ReviewList:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        return s.ReviewList(items=_cycle_out(session, _cycle(session, app, n), caller).reviews)


def _review(session, app: m.Application, n: int, review_id: str, *,
            lock: bool = False) -> m.DisciplineReview:
    query = select(m.DisciplineReview).where(m.DisciplineReview.id == review_id)
    review = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if review is None or review.application_id != app.id or review.cycle != n:
        raise not_found("this review")
    return review


def _review_response(session, review: m.DisciplineReview, caller: Principal,
                     response: Response) -> s.ReviewOut:
    response.headers.update(etag(review.version))
    cycle = session.scalars(select(m.ReviewCycle).where(
        m.ReviewCycle.application_id == review.application_id,
        m.ReviewCycle.n == review.cycle)).one()
    return v.review_out(review, v.usernames(session, {review.assignee_id}),
                        consultant=not caller.is_staff, cycle_closed=cycle.closed_at is not None)


@router.get("/cycles/{n}/reviews/{review_id}", response_model=s.ReviewOut, tags=["reviews"])
def read_review(ctx: Server, caller: Caller, app_id: str, n: int, review_id: str,
                response: Response) -> s.ReviewOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        return _review_response(session, _review(session, app, n, review_id), caller, response)


@router.patch("/cycles/{n}/reviews/{review_id}", response_model=s.ReviewOut, tags=["reviews"],
              summary="supervisor assigns or reopens; the assigned engineer keeps notes"
                      " (If-Match required)")
def patch_review(ctx: Server, caller: Caller, app_id: str, n: int, review_id: str,
                 body: s.ReviewPatch, if_match: IfMatch, response: Response) -> s.ReviewOut:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        review = _review(session, app, n, review_id, lock=True)
        require_role(caller, *REVIEWERS, doing="change a review")
        service.refuse_if_frozen(app, "its reviews")
        if caller.role == Role.ENGINEER and (body.assignee_id is not None or body.reopen):
            raise Problem(403, "forbidden", "only the supervisor can assign or reopen reviews")
        if caller.role == Role.ENGINEER:
            _check_engineer(caller, review)
        check_if_match(if_match, review.version, "this review")
        if body.assignee_id is not None:
            _assign(session, review, body.assignee_id)
        if body.notes is not None:
            review.notes = body.notes
        if body.reopen:
            _reopen(ctx, session, app, review, caller)
        service.changed(ctx, session, v.review_path(app.id, n, review.id), review,
                        office_id=app.office_id)
        return _review_response(session, review, caller, response)


def _assign(session, review: m.DisciplineReview, assignee_id: str) -> None:
    user = session.get(m.User, assignee_id)
    if user is None or user.role != Role.ENGINEER or user.discipline != review.discipline:
        raise Problem(422, "bad-assignee",
                      f"the assignee must be a {review.discipline} engineer")
    review.assignee_id = user.id


def _reopen(ctx, session, app: m.Application, review: m.DisciplineReview,
            caller: Principal) -> None:
    """A decision of the open cycle is reopened; so is the last decision of a cycle that
    closed REJECTED, while the rejection waits for the supervisor (the cycle opens again)."""
    cycle = _cycle(session, app, review.cycle)
    awaiting_rejection = (cycle.closed_at is not None and cycle.outcome == Decision.REJECTED
                          and cycle.n == app.current_cycle)
    if app.state != State.IN_REVIEW or (cycle.closed_at is not None
                                        and not awaiting_rejection):
        raise Problem(409, "cycle-closed", "only a decision of the open review cycle, or of a"
                      " cycle closed REJECTED and not yet confirmed, can be reopened; send the"
                      " application back to review instead")
    if review.decision is None:
        raise Problem(409, "not-decided", "this review has no decision to reopen")
    note = f"{review.discipline} decision {review.decision} reopened"
    if awaiting_rejection:
        cycle.closed_at = cycle.outcome = None
        note += f"; cycle {cycle.n} is open again"
    service.history(session, app, "reopen_review", app.state, caller.id, note)
    review.decision = review.decided_by = review.decided_at = None


def _check_engineer(caller: Principal, review: m.DisciplineReview) -> None:
    if review.discipline != caller.discipline:
        raise Problem(403, "forbidden", f"this is a {review.discipline} review; you review"
                      f" {caller.discipline}")
    if review.assignee_id not in (None, caller.id):
        raise Problem(403, "forbidden", "this review is assigned to another engineer")


@router.post("/cycles/{n}/reviews/{review_id}/decision", response_model=s.ReviewOut,
             tags=["reviews"],
             summary="the discipline's decision (If-Match required); the last one closes the"
                     " cycle")
def decide(ctx: Server, caller: Caller, app_id: str, n: int, review_id: str,
           body: s.DecisionIn, if_match: IfMatch, response: Response) -> s.ReviewOut:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        review = _review(session, app, n, review_id, lock=True)
        require_role(caller, *REVIEWERS, doing="decide a review")
        service.refuse_if_frozen(app, "its decisions")
        if caller.role == Role.ENGINEER:
            _check_engineer(caller, review)
        check_if_match(if_match, review.version, "this review")
        record_decision(ctx, session, app, review, caller, Decision(body.decision), body.summary)
        return _review_response(session, review, caller, response)


def record_decision(ctx, session, app: m.Application, review: m.DisciplineReview,
                    caller: Principal, decision: Decision, summary: str) -> None:
    """Records a discipline decision and closes the cycle when it was the last one."""
    if app.state != State.IN_REVIEW or review.cycle != app.current_cycle:
        raise Problem(409, "not-in-review", f"decisions are taken while the application is"
                      f" IN_REVIEW in its current cycle (it is {app.state}, cycle"
                      f" {app.current_cycle})")
    if review.decision is not None:
        raise Problem(409, "already-decided", f"this review was decided ({review.decision});"
                      " a supervisor can reopen it")
    if review.discipline == INTAKE:
        raise Problem(409, "already-decided", "the intake check is decided by accepting")
    if decision == Decision.REVISION_REQUIRED and not session.scalars(select(m.Comment).where(
            m.Comment.application_id == app.id, m.Comment.cycle == review.cycle,
            m.Comment.discipline == review.discipline,
            m.Comment.status.in_(("draft", "released", "responded")))).first():
        raise Problem(409, "no-open-corrections", "REVISION_REQUIRED needs at least one open"
                      f" {review.discipline} comment saying what to correct")
    review.decision = decision
    review.summary = summary
    review.decided_by = caller.id
    review.decided_at = service.utcnow()
    if review.assignee_id is None:
        review.assignee_id = caller.id
    service.history(session, app, "decision", app.state, caller.id,
                    f"{review.discipline}: {decision}" + (f" - {summary}" if summary else ""))
    service.changed(ctx, session, v.review_path(app.id, review.cycle, review.id), review,
                    office_id=app.office_id)
    service.close_cycle_if_decided(ctx, session, app)


# -- comments -------------------------------------------------------------------------------

def _visible_comment(caller: Principal, comment: m.Comment) -> bool:
    return caller.is_staff or comment.released_at is not None


def _comment(session, caller, app: m.Application, comment_id: str, *,
             lock: bool = False) -> m.Comment | None:
    query = select(m.Comment).where(m.Comment.id == comment_id)
    comment = session.scalars(query.with_for_update() if lock else query).one_or_none()
    if comment is None:
        return None
    if comment.application_id != app.id or not _visible_comment(caller, comment):
        raise not_found("this comment")
    return comment


def _comment_response(session, comment: m.Comment, response: Response) -> s.CommentOut:
    response.headers.update(etag(comment.version))
    return v.comment_out(comment, v.usernames(session, {comment.author_id}))


@router.put("/comments/{comment_id}", response_model=s.CommentOut, tags=["comments"],
            summary="a reviewer creates (client UUID) or edits a comment (If-Match to edit)")
def put_comment(ctx: Server, caller: Caller, app_id: str, comment_id: str, body: s.CommentIn,
                if_match: IfMatch, response: Response) -> s.CommentOut:
    comment_id = client_uuid(comment_id, "comment id")
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, *REVIEWERS, doing="write review comments")
        service.refuse_if_frozen(app, "its review comments")
        comment = _comment(session, caller, app, comment_id, lock=True)
        if comment is None:
            comment = new_comment(session, app, caller, comment_id, body)
        else:
            if caller.role == Role.ENGINEER and comment.author_id != caller.id:
                raise Problem(403, "forbidden", "only the author or a supervisor can change a"
                              " comment")
            check_if_match(if_match, comment.version, "this comment")
            _edit_comment(session, app, comment, body)
        service.changed(ctx, session, v.comment_path(app.id, comment.id), comment,
                        office_id=app.office_id,
                        audience="all" if comment.released_at else "staff")
        return _comment_response(session, comment, response)


def new_comment(session, app: m.Application, caller: Principal, comment_id: str,
                body: s.CommentIn) -> m.Comment:
    if app.state != State.IN_REVIEW:
        raise Problem(409, "not-in-review", f"comments are written while the application is"
                      f" IN_REVIEW (it is {app.state})")
    discipline = body.discipline or caller.discipline
    if discipline is None or (caller.role == Role.ENGINEER and discipline != caller.discipline):
        raise Problem(422, "bad-discipline", "an engineer comments for their own discipline;"
                      " a supervisor names the discipline")
    if body.status not in (None, "draft"):
        raise Problem(422, "bad-status", "a new comment is a draft")
    _check_anchor(session, app, body)
    now = service.utcnow()
    comment = m.Comment(
        id=comment_id, application_id=app.id, cycle=app.current_cycle, discipline=discipline,
        author_id=caller.id, body=body.body, document_id=body.document_id,
        document_version=body.document_version, sheet_no=body.sheet_no, page=body.page,
        bbox=body.bbox, status="draft", version=0, created_at=now, updated_at=now)
    session.add(comment)
    return comment


_REVIEWER_STATUS_CHANGES = {("draft", "withdrawn"), ("released", "withdrawn"),
                            ("responded", "withdrawn"), ("released", "resolved"),
                            ("responded", "resolved")}


def _check_anchor(session, app: m.Application, body: s.CommentIn) -> None:
    """A comment anchored to a drawing names a document (and version) of this application."""
    if body.document_id is None:
        if body.document_version is not None:
            raise Problem(422, "bad-anchor", "document_version needs document_id")
        return
    document = session.get(m.Document, body.document_id)
    if document is None or document.application_id != app.id:
        raise Problem(422, "bad-anchor", "document_id is not a document of this application")
    if body.document_version is not None and session.scalars(select(m.DocumentVersion).where(
            m.DocumentVersion.document_id == document.id,
            m.DocumentVersion.n == body.document_version)).first() is None:
        raise Problem(422, "bad-anchor", f"this document has no version {body.document_version}")


def _edit_comment(session, app: m.Application, comment: m.Comment, body: s.CommentIn) -> None:
    if body.status is not None and body.status != comment.status:
        if (comment.status, body.status) not in _REVIEWER_STATUS_CHANGES:
            raise Problem(409, "bad-status-change",
                          f"a {comment.status} comment cannot become {body.status}")
        comment.status = body.status
    if comment.status == "draft":
        _check_anchor(session, app, body)
        for field in ("body", "document_id", "document_version", "sheet_no", "page", "bbox"):
            setattr(comment, field, getattr(body, field))
    elif body.body != comment.body:
        raise Problem(409, "comment-released", "a released comment's text cannot change;"
                      " resolve or withdraw it")
    comment.updated_at = service.utcnow()


@router.delete("/comments/{comment_id}", status_code=204, tags=["comments"],
               summary="withdraw a comment (If-Match required)")
def delete_comment(ctx: Server, caller: Caller, app_id: str, comment_id: str,
                   if_match: IfMatch) -> Response:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, *REVIEWERS, doing="withdraw review comments")
        service.refuse_if_frozen(app, "its review comments")
        comment = _comment(session, caller, app, comment_id, lock=True)
        if comment is None:
            raise not_found("this comment")
        if caller.role == Role.ENGINEER and comment.author_id != caller.id:
            raise Problem(403, "forbidden", "only the author or a supervisor can withdraw it")
        check_if_match(if_match, comment.version, "this comment")
        if comment.status not in ("withdrawn", "resolved", "carried_over"):
            comment.status = "withdrawn"
            comment.updated_at = service.utcnow()
            service.changed(ctx, session, v.comment_path(app.id, comment.id), comment,
                            office_id=app.office_id,
                            audience="all" if comment.released_at else "staff")
    return Response(status_code=204)


@router.post("/comments/{comment_id}/response", response_model=s.CommentOut,
             tags=["comments"], summary="the consultant answers a released comment"
                                        " (If-Match required)")
def respond(ctx: Server, caller: Caller, app_id: str, comment_id: str,
            body: s.CommentResponseIn, if_match: IfMatch, response: Response) -> s.CommentOut:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, Role.CONSULTANT, doing="answer review comments")
        service.refuse_if_frozen(app, "its review comments")
        comment = _comment(session, caller, app, comment_id, lock=True)
        if comment is None:
            raise not_found("this comment")
        check_if_match(if_match, comment.version, "this comment")
        if comment.status not in ("released", "responded"):
            raise Problem(409, "not-answerable", f"a {comment.status} comment cannot be"
                          " answered")
        comment.response = body.response
        comment.responded_by = caller.id
        comment.status = "responded"
        comment.updated_at = service.utcnow()
        service.changed(ctx, session, v.comment_path(app.id, comment.id), comment,
                        office_id=app.office_id)
        return _comment_response(session, comment, response)


@router.get("/comments", response_model=s.CommentList, tags=["comments"],
            summary="comments; consultants see released ones only")
def list_comments(ctx: Server, caller: Caller, app_id: str,
                  cycle: Annotated[int | None, Query(ge=1, le=10**6)] = None,
                  status: s.CommentStatus | None = None,
                  released: bool | None = None) -> s.CommentList:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        query = select(m.Comment).where(m.Comment.application_id == app.id)
        if not caller.is_staff or released is True:
            query = query.where(m.Comment.released_at.is_not(None))
        elif released is False:
            query = query.where(m.Comment.released_at.is_(None))
        if cycle is not None:
            query = query.where(m.Comment.cycle == cycle)
        if status is not None:
            query = query.where(m.Comment.status == status)
        rows = session.scalars(query.order_by(m.Comment.cycle, m.Comment.sheet_no,
                                              m.Comment.created_at)).all()
        names = v.usernames(session, {c.author_id for c in rows})
        return s.CommentList(items=[v.comment_out(c, names) for c in rows])


@router.get("/comments/{comment_id}", response_model=s.CommentOut, tags=["comments"])
def read_comment(ctx: Server, caller: Caller, app_id: str, comment_id: str,
                 response: Response) -> s.CommentOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        comment = _comment(session, caller, app, comment_id)
        if comment is None:
            raise not_found("this comment")
        return _comment_response(session, comment, response)


# -- conditions -----------------------------------------------------------------------------

def _condition_visible(session, caller: Principal, condition: m.Condition) -> bool:
    if caller.is_staff:
        return True
    cycle = session.scalars(select(m.ReviewCycle).where(
        m.ReviewCycle.application_id == condition.application_id,
        m.ReviewCycle.n == condition.cycle)).one_or_none()
    return cycle is not None and cycle.closed_at is not None


def _editable_condition(session, caller: Principal, app: m.Application, condition_id: str
                        ) -> m.Condition | None:
    """The condition to change (None: a new one), locked; refused when the application is
    frozen or past approval, when it was deleted, or when it is another discipline's."""
    require_role(caller, *REVIEWERS, doing="set conditions of approval")
    service.refuse_if_frozen(app, "its conditions of approval")
    condition = session.get(m.Condition, condition_id, with_for_update=True)
    if condition is not None and condition.application_id != app.id:
        raise not_found("this condition")
    if app.state not in (State.IN_REVIEW, State.PENDING_APPROVAL):
        raise Problem(409, "not-in-review", "conditions are set during review or before"
                      f" approval (the application is {app.state})")
    if condition is None:
        return None
    if condition.deleted_at is not None:
        raise Problem(409, "condition-deleted", "this condition was deleted; its history"
                      " stays, but it cannot change: write a new condition instead")
    if caller.role == Role.ENGINEER and condition.discipline != caller.discipline:
        raise Problem(403, "forbidden", f"this is a {condition.discipline} condition; an"
                      f" engineer changes only their own discipline's ({caller.discipline})"
                      " and a supervisor any")
    return condition


def _record_condition(ctx, session, app: m.Application, condition: m.Condition,
                      caller: Principal, action: str) -> None:
    """Stamps the edit on the condition, appends its revision and announces the change."""
    now = service.utcnow()
    condition.updated_at, condition.updated_by = now, caller.id
    if action == "delete":
        condition.deleted_at = now
    session.add(m.ConditionRevision(condition_id=condition.id, action=action,
                                    discipline=condition.discipline,
                                    text_en=condition.text_en, text_ar=condition.text_ar,
                                    actor_id=caller.id, at=now))
    service.changed(ctx, session, v.condition_path(app.id, condition.id), condition,
                    office_id=app.office_id)


def _condition_response(session, condition: m.Condition, response: Response
                        ) -> s.ConditionOut:
    response.headers.update(etag(condition.version))
    return v.condition_out(condition, v.usernames(
        session, {condition.author_id, condition.updated_by}))


@router.put("/conditions/{condition_id}", response_model=s.ConditionOut, tags=["conditions"],
            summary="a condition of approval (client UUID; If-Match to edit); an engineer"
                    " writes their own discipline's, a supervisor any")
def put_condition(ctx: Server, caller: Caller, app_id: str, condition_id: str,
                  body: s.ConditionIn, if_match: IfMatch, response: Response) -> s.ConditionOut:
    condition_id = client_uuid(condition_id, "condition id")
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        condition = _editable_condition(session, caller, app, condition_id)
        discipline = (body.discipline or (condition.discipline if condition else None)
                      or caller.discipline or "general")
        if caller.role == Role.ENGINEER and discipline != caller.discipline:
            raise Problem(422, "bad-discipline", "an engineer sets conditions for their own"
                          " discipline")
        if condition is None:
            condition = m.Condition(id=condition_id, application_id=app.id,
                                    cycle=app.current_cycle, author_id=caller.id, version=0,
                                    discipline=discipline, text_en=body.text_en,
                                    text_ar=body.text_ar, created_at=service.utcnow())
            session.add(condition)
            action = "create"
        else:
            check_if_match(if_match, condition.version, "this condition")
            condition.discipline, condition.text_en = discipline, body.text_en
            condition.text_ar = body.text_ar
            action = "edit"
        _record_condition(ctx, session, app, condition, caller, action)
        return _condition_response(session, condition, response)


@router.delete("/conditions/{condition_id}", status_code=204, tags=["conditions"],
               summary="delete a condition of approval (If-Match required): it is no longer"
                       " listed or printed; its history stays")
def delete_condition(ctx: Server, caller: Caller, app_id: str, condition_id: str,
                     if_match: IfMatch) -> Response:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        condition = _editable_condition(session, caller, app, condition_id)
        if condition is None:
            raise not_found("this condition")
        check_if_match(if_match, condition.version, "this condition")
        _record_condition(ctx, session, app, condition, caller, "delete")
    return Response(status_code=204)


def _visible_condition(session, caller: Principal, app: m.Application,
                       condition_id: str) -> m.Condition:
    """A condition the caller may read; deleted ones are shown to staff only."""
    condition = session.get(m.Condition, condition_id)
    if (condition is None or condition.application_id != app.id
            or not _condition_visible(session, caller, condition)
            or (condition.deleted_at is not None and not caller.is_staff)):
        raise not_found("this condition")
    return condition


@router.get("/conditions", response_model=s.ConditionList, tags=["conditions"],
            summary="the conditions of approval in force (deleted ones are not listed)")
def list_conditions(ctx: Server, caller: Caller, app_id: str) -> s.ConditionList:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        rows = session.scalars(select(m.Condition).where(
            m.Condition.application_id == app.id, m.Condition.deleted_at.is_(None))
            .order_by(m.Condition.cycle, m.Condition.created_at, m.Condition.id)).all()
        rows = [c for c in rows if _condition_visible(session, caller, c)]
        names = v.usernames(session, {c.author_id for c in rows}
                            | {c.updated_by for c in rows})
        return s.ConditionList(items=[v.condition_out(c, names) for c in rows])


@router.get("/conditions/{condition_id}", response_model=s.ConditionOut, tags=["conditions"])
def read_condition(ctx: Server, caller: Caller, app_id: str, condition_id: str,
                   response: Response) -> s.ConditionOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        condition = _visible_condition(session, caller, app, condition_id)
        return _condition_response(session, condition, response)


@router.get("/conditions/{condition_id}/history", response_model=s.ConditionHistoryOut,
            tags=["conditions"], summary="every edit of a condition, oldest first: who, when,"
                                         " the texts before and after")
def condition_history(ctx: Server, caller: Caller, app_id: str,
                      condition_id: str) -> s.ConditionHistoryOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        condition = _visible_condition(session, caller, app, condition_id)
        revisions = session.scalars(select(m.ConditionRevision).where(
            m.ConditionRevision.condition_id == condition.id)
            .order_by(m.ConditionRevision.id)).all()
        return v.condition_history_out(list(revisions), v.usernames(
            session, {r.actor_id for r in revisions}))
