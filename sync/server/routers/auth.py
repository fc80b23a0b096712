"""Login (OAuth2 password flow), token refresh, the caller, the users list and health."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from review.workflow import Role
from sync.server import models as m
from sync.server import schemas as s
from sync.server import views as v
from sync.server.context import Caller, Server, require_role
from sync.server.problems import PROBLEM_RESPONSES, Problem

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)

FormText = Annotated[str, Form(max_length=2000)]


def _tokens(ctx, user_id: str) -> s.TokenOut:
    return s.TokenOut(access_token=ctx.tokens.issue(user_id, "access"),
                      expires_in=int(ctx.tokens.access_ttl.total_seconds()),
                      refresh_token=ctx.tokens.issue(user_id, "refresh"),
                      refresh_expires_in=int(ctx.tokens.refresh_ttl.total_seconds()))


@router.post("/auth/token", response_model=s.TokenOut, tags=["auth"],
             summary="OAuth2 password grant: access (15 min) and refresh (8 h) tokens")
def login(ctx: Server, request: Request, username: FormText, password: FormText,
          grant_type: Annotated[Literal["password"], Form()] = "password") -> JSONResponse:
    address = request.client.host if request.client else "unknown"
    ctx.throttle.check(username, address)
    with ctx.db.read() as session:
        user = session.scalars(select(m.User).where(m.User.username == username)).one_or_none()
        stored_hash = user.password_hash if user is not None and user.active else None
        user_id = user.id if user is not None else ""
    if not ctx.passwords.verify(stored_hash, password):
        ctx.throttle.failed(username, address)
        raise Problem(401, "invalid-credentials", "wrong user name or password",
                      headers={"WWW-Authenticate": "Bearer"})
    ctx.throttle.succeeded(username)
    return JSONResponse(_tokens(ctx, user_id).model_dump(), headers={"Cache-Control": "no-store"})


@router.post("/auth/refresh", response_model=s.TokenOut, tags=["auth"],
             summary="a new access token for a refresh token")
def refresh(ctx: Server, refresh_token: FormText,
            grant_type: Annotated[Literal["refresh_token"], Form()] = "refresh_token",
            ) -> JSONResponse:
    user_id = ctx.tokens.subject(refresh_token, "refresh")
    with ctx.db.read() as session:
        user = session.get(m.User, user_id)
        if user is None or not user.active:
            raise Problem(401, "unauthenticated", "this account no longer exists or is disabled")
    return JSONResponse(_tokens(ctx, user_id).model_dump(), headers={"Cache-Control": "no-store"})


@router.get("/me", response_model=s.UserOut, tags=["auth"])
def me(ctx: Server, caller: Caller) -> s.UserOut:
    with ctx.db.read() as session:
        return v.user_out(session, session.get(m.User, caller.id))


@router.get("/users", response_model=s.UserList, tags=["auth"],
            summary="staff accounts (for assigning reviews); staff only")
def users(ctx: Server, caller: Caller, role: Role | None = None) -> s.UserList:
    require_role(caller, Role.INTAKE_CLERK, Role.ENGINEER, Role.SUPERVISOR, Role.ADMIN,
                 doing="list users")
    with ctx.db.read() as session:
        query = select(m.User).where(m.User.role != Role.CONSULTANT.value)
        if role is not None:
            query = query.where(m.User.role == role.value)
        rows = session.scalars(query.order_by(m.User.username)).all()
        return s.UserList(items=[v.user_out(session, u) for u in rows])


@router.get("/health", response_model=s.HealthOut, tags=["server"])
def health(ctx: Server) -> s.HealthOut:
    with ctx.db.read() as session:
        session.execute(select(1))
    return s.HealthOut(status="ok", database=ctx.db.dialect, protocol="v1",
                       max_upload_bytes=ctx.settings.max_upload_bytes)


@router.get("/fee-schedules/current", response_model=s.FeeScheduleOut, tags=["fees"],
            summary="the fee schedule in force; the desktop previews fees with it offline")
def fee_schedule(ctx: Server, caller: Caller) -> JSONResponse:
    return JSONResponse(ctx.schedule_json, headers={"ETag": f'"{ctx.schedule.version}"'})
