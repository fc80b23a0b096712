"""Passwords, tokens and who is asking.

Passwords are argon2id hashes (argon2-cffi). Tokens are HS256 JWTs (PyJWT): an access token
lives 15 minutes, a refresh token 8 hours; `typ` keeps one from being used as the other. Both
carry `fam`, the login (refresh family, see models.RefreshFamily) they belong to, so logging
out or a reused refresh token ends every token of that login.
Failed logins are counted per user name and per (user name, client address); too many within
the window answer 429 with Retry-After. The client address is the peer's, or what a trusted
reverse proxy says it is.
"""
from __future__ import annotations

import ipaddress
import threading
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Iterable, Mapping
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


@dataclass(frozen=True)
class TokenClaims:
    """What a valid token says: whose it is, which login (refresh family) and which token."""

    user_id: str
    family_id: str
    token_id: str


class Tokens:
    def __init__(self, settings: ServerSettings):
        self._secret = settings.resolved_token_secret()
        self.access_ttl = settings.access_token_ttl
        self.refresh_ttl = settings.refresh_token_ttl

    @staticmethod
    def new_token_id() -> str:
        return uuid.uuid4().hex

    def issue(self, user_id: str, kind: str, family_id: str, token_id: str | None = None) -> str:
        ttl = self.access_ttl if kind == "access" else self.refresh_ttl
        issued = datetime.now(UTC)
        claims = {"sub": user_id, "typ": kind, "iss": ISSUER, "iat": issued,
                  "exp": issued + ttl, "fam": family_id, "jti": token_id or self.new_token_id()}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM)

    def claims(self, token: str, kind: str) -> TokenClaims:
        """The token's claims; Problem 401 when it is not a valid `kind` token.
        Tokens from before refresh families (no `fam`) are not valid: their users log in again."""
        try:
            claims = jwt.decode(token, self._secret, algorithms=[ALGORITHM], issuer=ISSUER,
                                options={"require": ["sub", "exp", "typ"]})
        except jwt.ExpiredSignatureError as exc:
            raise _unauthenticated(f"the {kind} token has expired; log in again") from exc
        except jwt.PyJWTError as exc:
            raise _unauthenticated(f"the {kind} token is not valid") from exc
        if claims.get("typ") != kind:
            raise _unauthenticated(f"this token cannot be used as the {kind} token")
        fields = (claims.get("sub"), claims.get("fam"), claims.get("jti"))
        if not all(isinstance(value, str) and value for value in fields):
            raise _unauthenticated(f"the {kind} token is not valid; log in again")
        return TokenClaims(*fields)

    def subject(self, token: str, kind: str) -> str:
        """The user id the token was issued to; Problem 401 when it is not a valid `kind`."""
        return self.claims(token, kind).user_id

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
    """Failed logins within a sliding window, per (user name, client address) and per user name.

    Never per address alone: an office behind one reverse proxy or NAT shares an address, and
    one person's typos must not lock the others out. The (name, address) limit is the small one
    (a person mistyping); the name limit is larger and stops guessing one password from many
    addresses.
    """

    def __init__(self, per_user_address: int, per_user: int, window_s: float):
        self.limits = {"user-address": per_user_address, "user": per_user}
        self.window_s = window_s
        self._failures: dict[tuple[str, ...], deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    @staticmethod
    def _keys(username: str, address: str) -> tuple[tuple[str, ...], ...]:
        name = username.lower()
        return ("user-address", name, address), ("user", name)

    def check(self, username: str, address: str) -> None:
        """Problem 429 when the name, or the name from this address, has used up its attempts."""
        now = time.monotonic()
        with self._lock:
            for key in self._keys(username, address):
                failures = self._failures.get(key)
                if failures is None:
                    continue
                while failures and failures[0] < now - self.window_s:
                    failures.popleft()
                if not failures:
                    del self._failures[key]  # forgotten keys do not pile up
                elif len(failures) >= self.limits[key[0]]:
                    wait = int(failures[0] + self.window_s - now) + 1
                    raise Problem(429, "too-many-logins",
                                  f"too many failed logins; try again in {wait} seconds",
                                  headers={"Retry-After": str(wait)})

    def failed(self, username: str, address: str) -> None:
        with self._lock:
            now = time.monotonic()
            for key in self._keys(username, address):
                self._failures[key].append(now)

    def succeeded(self, username: str, address: str) -> None:
        """The person got in: their own typos are forgiven; other addresses' failures stay."""
        with self._lock:
            self._failures.pop(self._keys(username, address)[0], None)


class ClientAddress:
    """The address a request comes from: the peer's, or, when the peer is one of the trusted
    reverse proxies, the nearest untrusted address in their forwarding header (proxies append
    the address they saw, so the rightmost entries are the ones our own proxies wrote)."""

    def __init__(self, trusted_proxies: Iterable[str], header: str = "X-Forwarded-For"):
        self.trusted = tuple(ipaddress.ip_network(p.strip(), strict=False)
                             for p in trusted_proxies)
        self.header = header.lower()

    def _is_trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in self.trusted)

    def of(self, peer: str | None, headers: Mapping[str, str]) -> str:
        address = peer or "unknown"
        if not self.trusted or not self._is_trusted(address):
            return address
        forwarded = [part.strip() for part in headers.get(self.header, "").split(",")]
        for hop in reversed([part for part in forwarded if part]):
            address = hop
            if not self._is_trusted(hop):
                break
        return address
