"""Request bodies and Idempotency-Key, as an ASGI middleware in front of every route.

Every unsafe request's body is read here first and held to limits (JSON: size and nesting
depth, checked before any parser sees it; upload chunks: the chunk limit), so hostile bodies get
a clean 413/400 problem and never reach a handler.

Idempotency-Key (scoped to the logged-in user): the first request with a key is marked in
flight, runs, and its successful answer is stored; the same key with the same method, path and
body gets that stored answer again (header Idempotent-Replayed: true); with another body, 422;
while the first is still running, 409. Error answers are not stored (the request changed
nothing, so running it again is right). A key whose request died with its process is run again
after a lease; handlers whose effect must not repeat (payments) keep their own guard in the
database as well. Keys are kept for `idempotency_ttl` (30 days).
"""
from __future__ import annotations

import hashlib
import logging
from datetime import UTC, datetime
from typing import Any

import anyio
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.server.blobs import CHUNK_MEDIA_TYPES
from sync.server.db import Database
from sync.server.models import IdempotencyRecord
from sync.server.problems import problem_response
from sync.server.security import Tokens
from sync.server.settings import ServerSettings

log = logging.getLogger(__name__)

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Login answers hold tokens: never stored, and a login is safe to repeat anyway.
NOT_REPLAYED_PREFIXES = ("/v1/auth/",)
REPLAYED_HEADERS = ("content-type", "etag", "location", "upload-offset", "tus-max-size")
MAX_KEY_LENGTH = 255


class _Refused(Exception):
    def __init__(self, status: int, code: str, detail: str, headers: dict[str, str] | None = None):
        self.status, self.code, self.detail, self.headers = status, code, detail, headers


# No text the protocol carries may hold NUL (PostgreSQL cannot store it in text either).
_NUL = _Refused(400, "nul-character", "the request contains a NUL character, which no name, id"
                " or text may contain")


class RequestGuard:
    def __init__(self, app: ASGIApp, *, settings: ServerSettings, db: Database, tokens: Tokens):
        self.app = app
        self.settings = settings
        self.db = db
        self.tokens = tokens

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
            await self._refuse(scope, send, _NUL)
            return
        if scope["method"] not in UNSAFE_METHODS:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                   for k, v in scope.get("headers", ())}
        try:
            body = await self._read_body(headers, receive)
            key = headers.get("idempotency-key")
            principal = None
            if key is not None and not scope["path"].startswith(NOT_REPLAYED_PREFIXES):
                if not 0 < len(key) <= MAX_KEY_LENGTH:
                    raise _Refused(400, "bad-idempotency-key",
                                   f"an Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters")
                principal = self.tokens.subject_or_none(headers.get("authorization"))
        except _Refused as refused:
            await self._refuse(scope, send, refused)
            return
        replay = _replaying_receive(body, receive)
        if principal is None:  # no key, or not logged in (the route answers 401)
            await self.app(scope, replay, send)
            return
        fingerprint = request_fingerprint(scope["method"], scope["path"],
                                          scope.get("query_string", b"").decode("latin-1"), body)
        try:
            stored = await anyio.to_thread.run_sync(self._claim, principal, key, fingerprint)
        except _Refused as refused:
            await self._refuse(scope, send, refused)
            return
        if stored is not None:
            await _send_stored(stored, send)
            return
        await self._run_and_store(scope, replay, send, principal, key)

    async def _read_body(self, headers: dict[str, str], receive: Receive) -> bytes:
        content_type = headers.get("content-type", "").split(";")[0].strip().lower()
        limit = (self.settings.max_chunk_bytes if content_type in CHUNK_MEDIA_TYPES
                 else self.settings.max_json_bytes)
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise _Refused(413, "body-too-large",
                           f"the request body is larger than the {limit} bytes allowed")
        parts: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise _Refused(400, "incomplete-body", "the request body was cut off")
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _Refused(413, "body-too-large",
                               f"the request body is larger than the {limit} bytes allowed")
            parts.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(parts)
        if content_type.endswith("json"):
            if json_depth(body) > self.settings.max_json_depth:
                raise _Refused(400, "json-too-deep", "the JSON body is nested more than"
                               f" {self.settings.max_json_depth} levels deep")
            if b"\\u0000" in body:
                raise _NUL
        elif content_type == "application/x-www-form-urlencoded" and b"%00" in body:
            raise _NUL
        return body

    def _claim(self, principal: str, key: str, fingerprint: str) -> dict[str, Any] | None:
        """Marks the key in flight; returns a stored answer to replay, or None to run it."""
        now = datetime.now(UTC)
        try:
            with self.db.write() as session:
                session.add(IdempotencyRecord(principal=principal, key=key,
                                              fingerprint=fingerprint, in_flight=True,
                                              created_at=now))
            return None
        except IntegrityError:
            pass
        with self.db.write() as session:
            record = session.scalars(select(IdempotencyRecord).where(
                IdempotencyRecord.principal == principal, IdempotencyRecord.key == key)
                .with_for_update()).one_or_none()
            if record is None:  # removed in between: our turn
                session.add(IdempotencyRecord(principal=principal, key=key,
                                              fingerprint=fingerprint, in_flight=True,
                                              created_at=now))
                return None
            if record.fingerprint != fingerprint:
                raise _Refused(422, "idempotency-key-reused",
                               "this Idempotency-Key was already used for a different request;"
                               " use a new key for a new request")
            if not record.in_flight:
                return {"status": record.status_code, "headers": record.headers or {},
                        "body": record.body or b""}
            started = _aware(record.created_at)
            if now - started < self.settings.idempotency_lease:
                raise _Refused(409, "request-in-flight",
                               "the first request with this Idempotency-Key is still running;"
                               " try again in a moment", headers={"Retry-After": "1"})
            record.created_at = now  # its process died: run it again
            return None

    async def _run_and_store(self, scope: Scope, receive: Receive, send: Send,
                             principal: str, key: str) -> None:
        start: Message | None = None
        parts: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        try:
            await self.app(scope, receive, capture)
        finally:
            status = start["status"] if start else 500
            headers = {k.decode("latin-1").lower(): v.decode("latin-1")
                       for k, v in (start or {}).get("headers", ())}
            body = b"".join(parts)
            await anyio.to_thread.run_sync(self._settle, principal, key, status, headers, body)
        assert start is not None
        await send(start)
        await send({"type": "http.response.body", "body": body})

    def _settle(self, principal: str, key: str, status: int, headers: dict[str, str],
                body: bytes) -> None:
        with self.db.write() as session:
            record = session.scalars(select(IdempotencyRecord).where(
                IdempotencyRecord.principal == principal,
                IdempotencyRecord.key == key)).one_or_none()
            if record is None:
                return
            if status >= 400:
                session.delete(record)
                return
            record.in_flight = False
            record.status_code = status
            record.headers = {k: v for k, v in headers.items() if k in REPLAYED_HEADERS}
            record.body = body

    async def _refuse(self, scope: Scope, send: Send, refused: _Refused) -> None:
        response = problem_response(scope["path"], refused.status, refused.code, refused.detail,
                                    headers=refused.headers)
        await response(scope, _empty_receive, send)

def forget_expired_keys(db: Database, settings: ServerSettings) -> int:
    """Deletes keys older than the time they are kept; returns how many."""
    cutoff = datetime.now(UTC) - settings.idempotency_ttl
    with db.write() as session:
        result = session.execute(delete(IdempotencyRecord)
                                 .where(IdempotencyRecord.created_at < cutoff))
        return result.rowcount or 0


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in a JSON text, without parsing it."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in body:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):  # [ {
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def request_fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """What makes two requests under one key the same request."""
    digest = hashlib.sha256()
    for part in (method, path, query):
        digest.update(part.encode("utf-8", "replace") + b"\0")
    digest.update(body)
    return digest.hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _replaying_receive(body: bytes, receive: Receive) -> Receive:
    """Hands the body read here to the app once, then listens to the client again."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _empty_receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


async def _send_stored(stored: dict[str, Any], send: Send) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored["headers"].items()]
    headers.append((b"idempotent-replayed", b"true"))
    headers.append((b"content-length", str(len(stored["body"])).encode()))
    await send({"type": "http.response.start", "status": stored["status"], "headers": headers})
    await send({"type": "http.response.body", "body": stored["body"]})
