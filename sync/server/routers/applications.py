"""Applications: create, list, read, change, transitions and history."""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from review.workflow import EDITABLE_BY_CONSULTANT, Role, State
from sync.server import models as m
from sync.server import schemas as s
from sync.server import service
from sync.server import views as v
from sync.server.approval import job_path, request_approved_set
from sync.server.context import Caller, IfMatch, Server, check_if_match, etag, require_role
from sync.server.problems import PROBLEM_RESPONSES, Problem
from sync.server.routers.jobs import job_headers, job_out

router = APIRouter(prefix="/v1/applications", tags=["applications"], responses=PROBLEM_RESPONSES)

PAGE_LIMIT = 200
ISSUE = "issue"  # built by a job: answered with 202 (sync.server.approval)
# the cycle's outcome reaches the consultant when it closes, not each decision on the way
STAFF_ONLY_HISTORY = ("decision", "reopen_review")


def _check_use_class(ctx, use_class: str | None) -> None:
    if use_class is not None and use_class not in ctx.schedule.use_classes:
        raise Problem(422, "unknown-use-class", f"unknown use class {use_class!r}; use one of"
                      f" {', '.join(ctx.schedule.use_classes)}")


@router.post("", response_model=s.ApplicationOut, status_code=201,
             summary="a consultant starts a DRAFT application")
def create(ctx: Server, caller: Caller, body: s.ApplicationIn,
           response: Response) -> s.ApplicationOut:
    require_role(caller, Role.CONSULTANT, doing="create applications")
    if caller.office_id is None:
        raise Problem(403, "forbidden", "this consultant account belongs to no office")
    _check_use_class(ctx, body.use_class)
    with ctx.db.write() as session:
        number = m.ApplicationNumber()
        session.add(number)
        session.flush()
        now = service.utcnow()
        app = m.Application(
            ref=f"MM-{now.year}-{number.id:06d}", state=State.DRAFT, office_id=caller.office_id,
            created_by=caller.id, title=body.title, owner_name=body.owner_name,
            **body.plot.model_dump(), use_class=body.use_class, floors=body.floors,
            gross_area_m2=body.gross_area_m2, estimated_cost_baisa=body.estimated_cost_baisa,
            current_cycle=0, version=0, created_at=now, updated_at=now)
        session.add(app)
        session.flush()
        service.history(session, app, "create", "", caller.id)
        service.application_changed(ctx, session, app)
    response.headers.update(etag(app.version))
    response.headers["Location"] = v.application_path(app.id)
    return v.application_out(app, caller)


@router.get("", response_model=s.ApplicationPage,
            summary="applications visible to the caller, oldest reference first")
def list_applications(
        ctx: Server, caller: Caller,
        state: Annotated[list[State] | None, Query()] = None,
        assigned_to: Annotated[str | None, Query(
            pattern="^me$", description="'me': open reviews assigned to me")] = None,
        updated_after: datetime | None = None,
        cursor: Annotated[str | None, Query(max_length=40,
                                            description="next_cursor of the previous page")] = None,
        limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT)] = 50) -> s.ApplicationPage:
    query = select(m.Application)
    if caller.role == Role.CONSULTANT:
        query = query.where(m.Application.office_id == caller.office_id)
    else:
        query = query.where(m.Application.state != State.DRAFT.value)
    if state:
        query = query.where(m.Application.state.in_([x.value for x in state]))
    if assigned_to == "me":
        query = query.where(m.Application.id.in_(
            select(m.DisciplineReview.application_id)
            .where(m.DisciplineReview.assignee_id == caller.id,
                   m.DisciplineReview.decision.is_(None))))
    if updated_after is not None:
        if updated_after.tzinfo is None:
            updated_after = updated_after.replace(tzinfo=UTC)
        query = query.where(m.Application.updated_at > updated_after)
    if cursor:
        query = query.where(m.Application.ref > cursor)
    with ctx.db.read() as session:
        rows = session.scalars(query.order_by(m.Application.ref).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return s.ApplicationPage(items=[v.application_out(a, caller) for a in rows],
                             next_cursor=rows[-1].ref if more else None)


@router.get("/{app_id}", response_model=s.ApplicationOut)
def read(ctx: Server, caller: Caller, app_id: str, response: Response) -> s.ApplicationOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
    response.headers.update(etag(app.version))
    return v.application_out(app, caller)


@router.patch("/{app_id}", response_model=s.ApplicationOut,
              summary="the consultant corrects registration data (If-Match required)")
def patch(ctx: Server, caller: Caller, app_id: str, body: s.ApplicationPatch,
          if_match: IfMatch, response: Response) -> s.ApplicationOut:
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        require_role(caller, Role.CONSULTANT, doing="change an application's data")
        check_if_match(if_match, app.version, "this application")
        if app.state not in EDITABLE_BY_CONSULTANT:
            raise Problem(409, "not-editable", f"an application that is {app.state} cannot be"
                          " changed; it can be changed while DRAFT, RETURNED or"
                          " CORRECTIONS_REQUIRED")
        _check_use_class(ctx, body.use_class)
        changes = body.model_dump(exclude_unset=True, exclude_none=True)
        plot = changes.pop("plot", None)
        if "gross_area_m2" in changes:
            app.gross_area_source = None  # the consultant's own figure again, not a measurement
        for field, value in {**changes, **(plot or {})}.items():
            setattr(app, field, value)
        service.application_changed(ctx, session, app)
    response.headers.update(etag(app.version))
    return v.application_out(app, caller)


@router.post("/{app_id}/transitions", response_model=s.ApplicationOut,
             responses={202: {"model": s.JobOut, "description": "issue: the approved set is"
                              " being built; follow the job at Location"}},
             summary="a state change of the state table: {action, from_state, note}; 'issue'"
                     " answers 202 with the job that builds the approved set")
def transition(ctx: Server, caller: Caller, app_id: str, body: s.TransitionIn,
               if_match: IfMatch, response: Response) -> s.ApplicationOut | JSONResponse:
    job = None
    with ctx.db.write() as session:
        app = service.application(session, caller, app_id, lock=True)
        if if_match is not None:
            check_if_match(if_match, app.version, "this application")
        if app.state != body.from_state:
            raise Problem(409, "state-changed",
                          f"the application is {app.state} now, not {body.from_state};"
                          " reload it and decide again", state=app.state)
        checklist = None if body.checklist is None else [
            item.model_dump() for item in body.checklist]
        if body.action == ISSUE:
            service.allowed_transition(ctx, session, app, body.action, caller, body.note)
            job = request_approved_set(session, app, caller, body.note)
        else:
            service.transition(ctx, session, app, body.action, caller, body.note, checklist)
    if job is not None:
        ctx.jobs.submit(ctx, job.id)
        return JSONResponse(job_out(job).model_dump(), status_code=202, headers={
            **job_headers(job), "Location": job_path(job.id)})
    response.headers.update(etag(app.version))
    return v.application_out(app, caller)


@router.get("/{app_id}/history", response_model=s.HistoryOut,
            summary="every transition and audited act: who, when, from, to, note")
def read_history(ctx: Server, caller: Caller, app_id: str) -> s.HistoryOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        query = select(m.HistoryEntry).where(m.HistoryEntry.application_id == app.id)
        if not caller.is_staff:
            query = query.where(m.HistoryEntry.action.not_in(STAFF_ONLY_HISTORY))
        rows = session.scalars(query.order_by(m.HistoryEntry.id)).all()
        names = v.usernames(session, {r.actor_id for r in rows})
    return s.HistoryOut(items=[s.HistoryItem(
        id=r.id, action=r.action, from_state=r.from_state, to_state=r.to_state,
        actor_id=r.actor_id, actor=names.get(r.actor_id or ""), note=r.note, at=v.iso(r.at),
        checklist=r.checklist)
        for r in rows])

