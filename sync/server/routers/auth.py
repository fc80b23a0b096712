"""Login (OAuth2 password flow), token refresh with rotation, logout, the caller, the users list
and health."""
from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Header, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select

from review.workflow import Role
from sync.server import models as m
from sync.server import schemas as s
from sync.server import views as v
from sync.server.context import Caller, Server, require_role
from sync.server.problems import PROBLEM_RESPONSES, Problem
from sync.server.security import TokenClaims, bearer_token

router = APIRouter(prefix="/v1", responses=PROBLEM_RESPONSES)

FormText = Annotated[str, Form(max_length=2000)]
NO_STORE = {"Cache-Control": "no-store"}


def _tokens(ctx, family: m.RefreshFamily) -> JSONResponse:
    """The answer holding a new access token and the family's current refresh token."""
    out = s.TokenOut(
        access_token=ctx.tokens.issue(family.user_id, "access", family.id),
        expires_in=int(ctx.tokens.access_ttl.total_seconds()),
        refresh_token=ctx.tokens.issue(family.user_id, "refresh", family.id, family.current_jti),
        refresh_expires_in=int(ctx.tokens.refresh_ttl.total_seconds()))
    return JSONResponse(out.model_dump(), headers=NO_STORE)


def _ended(detail: str) -> Problem:
    return Problem(401, "unauthenticated", detail, headers={"WWW-Authenticate": "Bearer"})


def _key_digest(idempotency_key: str | None) -> str | None:
    return hashlib.sha256(idempotency_key.encode()).hexdigest() if idempotency_key else None


@router.post("/auth/token", response_model=s.TokenOut, tags=["auth"],
             summary="OAuth2 password grant: access (15 min) and refresh (8 h) tokens")
def login(ctx: Server, request: Request, username: FormText, password: FormText,
          grant_type: Annotated[Literal["password"], Form()] = "password") -> JSONResponse:
    address = ctx.client_address.of(request.client.host if request.client else None,
                                    request.headers)
    ctx.throttle.check(username, address)
    with ctx.db.read() as session:
        user = session.scalars(select(m.User).where(m.User.username == username)).one_or_none()
        stored_hash = user.password_hash if user is not None and user.active else None
        user_id = user.id if user is not None else ""
    if not ctx.passwords.verify(stored_hash, password):
        ctx.throttle.failed(username, address)
        raise Problem(401, "invalid-credentials", "wrong user name or password",
                      headers={"WWW-Authenticate": "Bearer"})
    ctx.throttle.succeeded(username, address)
    with ctx.db.write() as session:
        family = m.RefreshFamily(user_id=user_id, current_jti=ctx.tokens.new_token_id(),
                                 expires_at=m.now() + ctx.tokens.refresh_ttl)
        session.add(family)
    return _tokens(ctx, family)


@router.post("/auth/refresh", response_model=s.TokenOut, tags=["auth"],
             summary="a new access token and a new refresh token for a refresh token; the old"
                     " refresh token is spent, and presenting a spent one ends the login")
def refresh(ctx: Server, refresh_token: FormText,
            grant_type: Annotated[Literal["refresh_token"], Form()] = "refresh_token",
            idempotency_key: Annotated[str | None, Header(max_length=200)] = None,
            ) -> JSONResponse:
    claims = ctx.tokens.claims(refresh_token, "refresh")
    key = _key_digest(idempotency_key)
    refused: str | None = None
    with ctx.db.write() as session:
        family = session.get(m.RefreshFamily, claims.family_id, with_for_update=True)
        user = session.get(m.User, claims.user_id)
        if family is None or family.user_id != claims.user_id:
            refused = "this login is not known to the server; log in again"
        elif family.revoked_at is not None:
            refused = "this login has ended (logged out, or its refresh token was used twice);" \
                      " log in again"
        elif user is None or not user.active:
            refused = "this account no longer exists or is disabled"
        elif claims.token_id == family.current_jti or (
                claims.token_id == family.previous_jti and key is not None
                and key == family.rotation_key):
            family.previous_jti, family.rotation_key = claims.token_id, key
            family.current_jti = ctx.tokens.new_token_id()
            family.expires_at = m.now() + ctx.tokens.refresh_ttl
        else:
            # A spent token came back: someone holds a copy. End the login for both holders.
            _revoke(family, "reuse")
            refused = "this refresh token was already used, so the login has been ended to" \
                      " protect the account; log in again"
    if refused:
        raise _ended(refused)
    return _tokens(ctx, family)


@router.post("/auth/logout", status_code=204, tags=["auth"],
             responses={204: {"description": "the login is ended; its tokens are refused"}},
             summary="ends the login: its refresh token and every access token of it are refused"
                     " from now on. Send the refresh token, or the access token as Bearer")
def logout(ctx: Server, refresh_token: Annotated[str | None, Form(max_length=2000)] = None,
           authorization: Annotated[str | None, Header()] = None) -> Response:
    claims = _logout_claims(ctx, refresh_token, authorization)
    with ctx.db.write() as session:
        family = session.get(m.RefreshFamily, claims.family_id, with_for_update=True)
        if family is not None and family.user_id == claims.user_id:
            _revoke(family, "logout")
    return Response(status_code=204, headers=NO_STORE)


def _logout_claims(ctx, refresh_token: str | None, authorization: str | None) -> TokenClaims:
    """Which login to end: a refresh token works even after the access token expired."""
    if refresh_token:
        return ctx.tokens.claims(refresh_token, "refresh")
    access = bearer_token(authorization)
    if access is None:
        raise _ended("send the refresh token (or the access token as Bearer) of the login to end")
    return ctx.tokens.claims(access, "access")


def _revoke(family: m.RefreshFamily, reason: str) -> None:
    if family.revoked_at is None:  # the first reason stays
        family.revoked_at, family.revoked_reason = m.now(), reason


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
