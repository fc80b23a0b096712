"""What every route needs: the server's parts, who is asking, and the preconditions they send."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Header, Request
from fastapi.security import OAuth2PasswordBearer

from review.fees import FeeSchedule
from sync.server.approval import BackgroundJobRunner, CadConverter, JobRunner, SigningKeys
from review.workflow import Role
from sync.server.blobs import BlobStore
from sync.server.db import Database
from sync.server.models import RefreshFamily, User
from sync.server.problems import Problem
from sync.server.security import ClientAddress, LoginThrottle, Passwords, Principal, Tokens
from sync.server.settings import ServerSettings


@dataclass(frozen=True)
class ServerContext:
    settings: ServerSettings
    db: Database
    passwords: Passwords
    tokens: Tokens
    throttle: LoginThrottle
    client_address: ClientAddress
    blobs: BlobStore
    schedule: FeeSchedule
    schedule_json: dict
    signing: SigningKeys
    # turns a DXF/DWG drawing into PDF pages for the approved set; None: PDF drawings only
    cad_to_pdf: CadConverter | None = None
    # where jobs (approved sets) run after the request that asked for them has answered
    jobs: JobRunner = field(default_factory=BackgroundJobRunner)


def server(request: Request) -> ServerContext:
    return request.app.state.server


Server = Annotated[ServerContext, Depends(server)]

_bearer = OAuth2PasswordBearer(tokenUrl="/v1/auth/token", auto_error=False)


def principal(ctx: Server, token: Annotated[str | None, Depends(_bearer)]) -> Principal:
    if token is None:
        raise Problem(401, "unauthenticated", "log in first: this needs a bearer access token",
                      headers={"WWW-Authenticate": "Bearer"})
    claims = ctx.tokens.claims(token, "access")
    with ctx.db.read() as session:
        user = session.get(User, claims.user_id)
        if user is None or not user.active:
            raise Problem(401, "unauthenticated", "this account no longer exists or is disabled",
                          headers={"WWW-Authenticate": "Bearer"})
        # a logged-out login's access tokens end with it, not 15 minutes later
        family = session.get(RefreshFamily, claims.family_id)
        if family is None or family.revoked_at is not None:
            raise Problem(401, "unauthenticated", "this login has ended; log in again",
                          headers={"WWW-Authenticate": "Bearer"})
        return principal_of(user)


def principal_of(user: User) -> Principal:
    return Principal(user.id, user.username, Role(user.role), user.office_id, user.discipline)


Caller = Annotated[Principal, Depends(principal)]


def require_role(caller: Principal, *roles: Role, doing: str) -> None:
    """Problem 403 unless the caller has one of the roles."""
    if caller.role not in roles:
        who = " or ".join(r.value.replace("_", " ") for r in roles)
        raise Problem(403, "forbidden", f"only the {who} can {doing}")


def if_match_header(if_match: Annotated[str | None, Header(
        description='the version read, as its ETag: "3"')] = None) -> str | None:
    return if_match


IfMatch = Annotated[str | None, Depends(if_match_header)]


def check_if_match(if_match: str | None, current_version: int, what: str) -> None:
    """428 without If-Match, 412 when it is not the current version (`*` matches any)."""
    if if_match is None:
        raise Problem(428, "if-match-required",
                      f"changing {what} needs If-Match with the version you read"
                      f' (ETag "{current_version}")')
    wanted = {tag.strip().removeprefix("W/").strip('"') for tag in if_match.split(",")}
    if "*" not in wanted and str(current_version) not in wanted:
        raise Problem(412, "stale-version",
                      f"{what} was changed by someone else since you read it (now version"
                      f" {current_version}); fetch it again and reapply your change",
                      current_version=current_version)


def etag(version: int) -> dict[str, str]:
    return {"ETag": f'"{version}"'}


def client_uuid(text: str, what: str) -> str:
    """A resource id the client chose (so a resend cannot create a second one): a UUID."""
    try:
        return str(uuid.UUID(text))
    except ValueError as exc:
        raise Problem(422, "bad-id", f"the {what} must be a UUID chosen by the client") from exc
