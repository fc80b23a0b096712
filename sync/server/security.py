"""Passwords, tokens and who is asking.

Passwords are argon2id hashes (argon2-cffi). Tokens are HS256 JWTs (PyJWT): an access token
lives 15 minutes, a refresh token 8 hours; `typ` keeps one from being used as the other.
Failed logins are counted per user name and per client address; too many within the window
answer 429 with Retry-After.
"""
from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import UTC, datetime

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from review.workflow import Role
from sync.server.problems import Problem
from sync.server.settings import ServerSettings

ALGORITHM = "HS256"
ISSUER = "planreview-permit-server"


@dataclass(frozen=True)
class Principal:
    """The logged-in user a request acts for."""

    id: str
    username: str
    role: Role
    office_id: str | None
    discipline: str | None

    @property
    def is_staff(self) -> bool:
        return self.role != Role.CONSULTANT


class Passwords:
    def __init__(self, settings: ServerSettings):
        self._hasher = PasswordHasher(time_cost=settings.argon2_time_cost,
                                      memory_cost=settings.argon2_memory_kib)
        # verifying against this when the user does not exist costs the same time
        self._dummy = self._hasher.hash(uuid.uuid4().hex)

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._dummy, password) and bool(stored_hash)
        except (VerificationError, InvalidHashError):
            return False


class Tokens:
    def __init__(self, settings: ServerSettings):
        self._secret = settings.resolved_token_secret()
        self.access_ttl = settings.access_token_ttl
        self.refresh_ttl = settings.refresh_token_ttl

    def issue(self, user_id: str, kind: str) -> str:
        ttl = self.access_ttl if kind == "access" else self.refresh_ttl
        issued = datetime.now(UTC)
        claims = {"sub": user_id, "typ": kind, "iss": ISSUER, "iat": issued,
                  "exp": issued + ttl, "jti": uuid.uuid4().hex}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def subject(self, token: str, kind: str) -> str:
        """The user id the token was issued to; Problem 401 when it is not a valid `kind`."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=[ALGORITHM], issuer=ISSUER,
                                options={"require": ["sub", "exp", "typ"]})
        except jwt.ExpiredSignatureError as exc:
            raise _unauthenticated(f"the {kind} token has expired; log in again") from exc
        except jwt.PyJWTError as exc:
            raise _unauthenticated(f"the {kind} token is not valid") from exc
        if claims.get("typ") != kind or not isinstance(claims.get("sub"), str):
            raise _unauthenticated(f"this token cannot be used as the {kind} token")
        return claims["sub"]

    def subject_or_none(self, authorization: str | None) -> str | None:
        """The access token's user id from an Authorization header, None when unusable."""
        token = bearer_token(authorization)
        if token is None:
            return None
        try:
            return self.subject(token, "access")
        except Problem:
            return None


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def _unauthenticated(detail: str) -> Problem:
    return Problem(401, "unauthenticated", detail, headers={"WWW-Authenticate": "Bearer"})


class LoginThrottle:
    """Failed logins per user name and per client address within a sliding window.

    An address gets more attempts than a name: several people may log in from one machine
    (or one office's network), and a typo of one must not lock the others out.
    """

    def __init__(self, per_user: int, per_address: int, window_s: float):
        self.limits = {"user": per_user, "address": per_address}
        self.window_s = window_s
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, username: str, address: str) -> None:
        """Problem 429 when the name or the address has used up its attempts."""
        now = time.monotonic()
        with self._lock:
            for key in (("user", username.lower()), ("address", address)):
                failures = self._failures[key]
                while failures and failures[0] < now - self.window_s:
                    failures.popleft()
                if len(failures) >= self.limits[key[0]]:
                    wait = int(failures[0] + self.window_s - now) + 1
                    raise Problem(429, "too-many-logins",
                                  f"too many failed logins; try again in {wait} seconds",
                                  headers={"Retry-After": str(wait)})

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            now = time.monotonic()
            self._failures[("user", username.lower())].append(now)
            self._failures[("address", address)].append(now)

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(("user", username.lower()), None)
