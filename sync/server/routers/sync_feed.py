"""The change feed, permits and the public check of an approved set."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse
from sqlalchemy import func, select

from review.workflow import Role
from sync.server import models as m
from sync.server import schemas as s
from sync.server import service
from sync.server import verify_page
from sync.server import views as v
from sync.server.blobs import is_sha256
from sync.server.context import Caller, Server
from sync.server.problems import PROBLEM_RESPONSES, Problem, not_found

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)

MAX_PAGE = 1000


@router.get("/changes", response_model=s.ChangePage, tags=["sync"],
            summary="what changed after seq, oldest first; paths are GET-able resources")
def changes(ctx: Server, caller: Caller,
            after: Annotated[int, Query(ge=0, le=2**62)] = 0,
            limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 500) -> s.ChangePage:
    query = select(m.Change).where(m.Change.seq > after)
    if caller.role == Role.CONSULTANT:
        query = query.where(m.Change.office_id == caller.office_id,
                            m.Change.audience.in_(("all", "office")))
    else:
        query = query.where(m.Change.audience.in_(("all", "staff")))
    with ctx.db.read() as session:
        rows = session.scalars(query.order_by(m.Change.seq).limit(limit + 1)).all()
        last = session.scalar(select(func.max(m.Change.seq))) or 0
    more = len(rows) > limit
    return s.ChangePage(items=[s.ChangeOut(seq=c.seq, path=c.path, version=c.version, op=c.op,
                                           deleted=c.op == "delete", at=v.iso(c.at))
                               for c in rows[:limit]], has_more=more, last_seq=last)


def _permit(session, caller, permit_no: str) -> tuple[m.Permit, m.Application]:
    permit = session.get(m.Permit, permit_no)
    if permit is None:
        raise not_found("this permit")
    app = session.get(m.Application, permit.application_id)
    if not service.can_see(caller, app):
        raise not_found("this permit")
    return permit, app


def _permit_out(session, permit: m.Permit, app: m.Application) -> s.PermitOut:
    approver = v.usernames(session, {permit.approver_id}).get(permit.approver_id, "")
    return s.PermitOut(permit_no=permit.permit_no, application_id=app.id,
                       application_ref=app.ref, issued_at=v.iso(permit.issued_at),
                       expires_at=v.iso(permit.expires_at), approver=approver,
                       approved_set_sha256=permit.approved_set_sha256)


@router.get("/permits/{permit_no}", response_model=s.PermitOut, tags=["permits"])
def read_permit(ctx: Server, caller: Caller, permit_no: str) -> s.PermitOut:
    with ctx.db.read() as session:
        permit, app = _permit(session, caller, permit_no)
        return _permit_out(session, permit, app)


@router.get("/applications/{app_id}/permit", response_model=s.PermitOut, tags=["permits"],
            summary="the permit issued for an application")
def application_permit(ctx: Server, caller: Caller, app_id: str) -> s.PermitOut:
    with ctx.db.read() as session:
        app = service.application(session, caller, app_id)
        permit = session.scalars(select(m.Permit).where(
            m.Permit.application_id == app.id)).one_or_none()
        if permit is None:
            raise Problem(404, "no-permit", "no permit has been issued for this application")
        return _permit_out(session, permit, app)


@router.get("/trust-root", tags=["permits"], response_class=PlainTextResponse,
            responses={200: {"content": {"application/x-pem-file": {}}}},
            summary="public: the root certificate approved sets are signed under (PEM)")
def trust_root(ctx: Server) -> PlainTextResponse:
    root = ctx.signing.identity().trust_root
    if root is None:
        raise Problem(404, "trust-root-unknown", "this server signs with a certificate whose"
                      " root it does not publish; ask the municipality for its root certificate")
    return PlainTextResponse(root.read_text("ascii"), media_type="application/x-pem-file")


@router.get("/permits/{permit_no}/approved-set", tags=["permits"], response_class=FileResponse,
            responses={200: {"content": {"application/pdf": {}}}})
def approved_set(ctx: Server, caller: Caller, permit_no: str) -> FileResponse:
    with ctx.db.read() as session:
        permit, _ = _permit(session, caller, permit_no)
    if permit.approved_set_sha256 is None:
        raise Problem(404, "approved-set-not-built",
                      "the stamped, signed approved set of this permit has not been built yet")
    return FileResponse(ctx.blobs.path(permit.approved_set_sha256), media_type="application/pdf",
                        filename=f"{permit.permit_no}-approved-set.pdf",
                        headers={"ETag": f'"{permit.approved_set_sha256}"'})


@router.get("/verify/{sha256}", response_model=s.VerifyOut, tags=["permits"],
            responses={200: {"content": {"text/html": {}}},
                       422: {**PROBLEM_RESPONSES[422],
                             "content": {**PROBLEM_RESPONSES[422]["content"], "text/html": {}}}},
            summary="public: is this an issued approved set? Give the signed file's sha256 or"
                    " the approval digest in its stamps' QR code. A browser (Accept: text/html)"
                    " gets a page in English or Arabic (?lang=en|ar, else Accept-Language)")
def verify(ctx: Server, sha256: str, request: Request,
           lang: Annotated[str | None, Query(max_length=20, description="en or ar; another"
                                             " value is ignored")] = None) -> Response:
    as_page = verify_page.wants_html(request.headers.get("accept"))
    page_language = verify_page.language(lang, request.headers.get("accept-language"))
    if not is_sha256(sha256):
        if as_page:
            return HTMLResponse(verify_page.page(None, page_language, sha256), status_code=422,
                                headers=verify_page.PAGE_HEADERS)
        raise Problem(422, "bad-sha256", "give the file's sha256 as 64 lowercase hex digits")
    with ctx.db.read() as session:
        permit = session.scalars(select(m.Permit).where(
            (m.Permit.approved_set_sha256 == sha256)
            | (m.Permit.approval_digest == sha256))).one_or_none()
        if permit is None:
            answer = s.VerifyOut(sha256=sha256, issued=False)
        else:
            approver = session.get(m.User, permit.approver_id)
            # the name the stamp shows, never the login: a login is half of a credential
            answer = s.VerifyOut(sha256=sha256, issued=True, permit_no=permit.permit_no,
                                 issued_at=v.iso(permit.issued_at),
                                 expires_at=v.iso(permit.expires_at),
                                 approver=approver.full_name if approver else None)
    if as_page:
        return HTMLResponse(verify_page.page(answer, page_language, sha256),
                            headers=verify_page.PAGE_HEADERS)
    return JSONResponse(answer.model_dump(), headers={"Vary": "Accept, Accept-Language"})
