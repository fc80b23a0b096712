"""The transactional outbox: edits made offline reach the server later, exactly once.

An edit and its outbox entry are written in one transaction of the LocalStore (`enqueue` joins
the caller's open transaction), so a crash keeps both or neither. Each entry holds its request,
the version it was based on (If-Match) and an Idempotency-Key chosen at enqueue time: a resend
after a crash or a lost answer carries the same key, so the server applies it once.

Entries of one aggregate (the resource path) go strictly in order; a blocked aggregate does not
hold back the others. What happens to a sent entry:
  2xx           removed; the answer goes to the cache; later entries of the aggregate are
                rebased onto the version the server returned.
  412           needs_attention, with a conflict record holding both versions for the user;
                keep mine (rebase on theirs and resend) or keep theirs (discard).
  other 4xx     needs_attention with the server's reason; retry or discard.
  network, 5xx  failed, retried after a backoff with jitter (Retry-After honoured).
  401           left pending: the user must log in again; sending stops.
"""
from __future__ import annotations

import json
import logging
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from review.store import LocalStore, Schema
from sync.cache import ResourceCache
from sync.client import PermitClient, version_of
from sync.errors import (AuthError, ConflictError, ProblemError, ServerError, SyncError,
                         TransientError)

log = logging.getLogger(__name__)

PENDING, SENDING, FAILED, NEEDS_ATTENTION = "pending", "sending", "failed", "needs_attention"

OUTBOX_SCHEMA = Schema("sync_outbox", [
    """
    CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        aggregate TEXT NOT NULL,
        method TEXT NOT NULL,
        path TEXT NOT NULL,
        body TEXT,
        base_version INTEGER,
        idempotency_key TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL DEFAULT 'pending'
            CHECK (state IN ('pending', 'sending', 'failed', 'needs_attention')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at REAL NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at TEXT NOT NULL
    );
    CREATE INDEX outbox_by_aggregate ON outbox (aggregate, id);
    CREATE TABLE outbox_conflicts (
        outbox_id INTEGER PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
        mine TEXT,
        theirs TEXT,
        their_version INTEGER,
        detected_at TEXT NOT NULL
    );
    """,
])


@dataclass(frozen=True)
class OutboxEntry:
    id: int
    aggregate: str
    method: str
    path: str
    body: Any
    base_version: int | None
    idempotency_key: str
    state: str
    attempts: int
    next_attempt_at: float
    last_error: str | None
    created_at: str


@dataclass(frozen=True)
class Conflict:
    """A 412: what this desktop wanted to write and what the server holds now."""

    entry: OutboxEntry
    mine: Any
    theirs: Any
    their_version: int | None
    detected_at: str


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    needs_attention: int = 0
    conflicts: int = 0
    login_required: bool = False
    errors: list[str] = field(default_factory=list)


class Outbox:
    def __init__(self, store: LocalStore):
        self.store = store
        store.ensure_schema(OUTBOX_SCHEMA)

    def enqueue(self, method: str, path: str, body: Any = None, *,
                base_version: int | None = None, aggregate: str | None = None) -> int:
        """Records a request to send; call it inside the transaction that makes the edit."""
        with self.store.transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO outbox (aggregate, method, path, body, base_version,"
                " idempotency_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (aggregate or path, method.upper(), path,
                 None if body is None else json.dumps(body), base_version, uuid.uuid4().hex,
                 _now()))
            return int(cursor.lastrowid)

    def entries(self, *states: str) -> list[OutboxEntry]:
        """Entries in sending order, all of them or those in the given states."""
        where = f" WHERE state IN ({','.join('?' * len(states))})" if states else ""
        rows = self.store.query(f"SELECT * FROM outbox{where} ORDER BY id", states)
        return [_entry(row) for row in rows]

    def get(self, entry_id: int) -> OutboxEntry | None:
        rows = self.store.query("SELECT * FROM outbox WHERE id = ?", (entry_id,))
        return _entry(rows[0]) if rows else None

    def counts(self) -> dict[str, int]:
        """Entries per state, every state present (the sync indicator shows these)."""
        counts = dict.fromkeys((PENDING, SENDING, FAILED, NEEDS_ATTENTION), 0)
        for row in self.store.query("SELECT state, COUNT(*) FROM outbox GROUP BY state"):
            counts[row[0]] = row[1]
        return counts

    def has_unsent(self, aggregate: str) -> bool:
        return bool(self.store.query("SELECT 1 FROM outbox WHERE aggregate = ? LIMIT 1",
                                     (aggregate,)))

    def conflicts(self) -> list[Conflict]:
        rows = self.store.query(
            "SELECT o.*, c.mine, c.theirs, c.their_version, c.detected_at FROM outbox o"
            " JOIN outbox_conflicts c ON c.outbox_id = o.id ORDER BY o.id")
        return [Conflict(_entry(row), _loads(row["mine"]), _loads(row["theirs"]),
                         row["their_version"], row["detected_at"]) for row in rows]

    def retry(self, entry_id: int) -> None:
        """Sends the entry again at the next run. A refused request gets a new key: the
        server remembers its refusal under the old one."""
        with self.store.transaction() as conn:
            conn.execute(
                "UPDATE outbox SET state = 'pending', next_attempt_at = 0, attempts = 0,"
                " idempotency_key = CASE WHEN state = 'needs_attention' THEN ? ELSE"
                " idempotency_key END WHERE id = ?", (uuid.uuid4().hex, entry_id))
            conn.execute("DELETE FROM outbox_conflicts WHERE outbox_id = ?", (entry_id,))

    def discard(self, entry_id: int) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM outbox WHERE id = ?", (entry_id,))

    def keep_mine(self, entry_id: int) -> None:
        """Resolves a conflict by writing this desktop's version over the server's."""
        with self.store.transaction() as conn:
            row = conn.execute("SELECT their_version FROM outbox_conflicts WHERE outbox_id = ?",
                               (entry_id,)).fetchone()
            if row is None:
                raise SyncError("this change has no conflict to resolve")
            conn.execute("UPDATE outbox SET base_version = ? WHERE id = ?", (row[0], entry_id))
            self.retry(entry_id)

    def keep_theirs(self, entry_id: int, cache: ResourceCache) -> None:
        """Resolves a conflict by dropping this desktop's change and taking the server's."""
        conflict = next((c for c in self.conflicts() if c.entry.id == entry_id), None)
        if conflict is None:
            raise SyncError("this change has no conflict to resolve")
        with self.store.transaction():
            if conflict.theirs is not None:
                cache.put(conflict.entry.aggregate, conflict.their_version, conflict.theirs)
            self.discard(entry_id)


class OutboxSender:
    """Sends due outbox entries through the client; one sender per store at a time."""

    def __init__(self, outbox: Outbox, client: PermitClient, cache: ResourceCache, *,
                 clock: Callable[[], float] = time.time, rng: random.Random | None = None,
                 backoff_base: float = 2.0, backoff_max: float = 300.0):
        self.outbox = outbox
        self.client = client
        self.cache = cache
        self._clock = clock
        self._rng = rng or random.Random()
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        # An entry left 'sending' by a killed process may or may not have reached the server:
        # resending it with its key is safe either way.
        with outbox.store.transaction() as conn:
            conn.execute("UPDATE outbox SET state = 'pending' WHERE state = 'sending'")

    def send_due(self) -> SendReport:
        report = SendReport()
        while not report.login_required:
            heads = self._due_heads()
            if not heads:
                break
            for entry in heads:
                self._send(entry, report)
                if report.login_required:
                    break
        return report

    def _due_heads(self) -> list[OutboxEntry]:
        rows = self.outbox.store.query(
            "SELECT * FROM outbox o WHERE id = (SELECT MIN(id) FROM outbox"
            " WHERE aggregate = o.aggregate) AND state IN ('pending', 'failed')"
            " AND next_attempt_at <= ? ORDER BY id", (self._clock(),))
        return [_entry(row) for row in rows]

    def _send(self, entry: OutboxEntry, report: SendReport) -> None:
        self._set(entry.id, state=SENDING)
        try:
            response = self.client.request(
                entry.method, entry.path, json=entry.body, if_match=entry.base_version,
                idempotency_key=entry.idempotency_key)
        except ConflictError as exc:
            theirs, their_version = self._server_copy(entry.aggregate)
            with self.outbox.store.transaction() as conn:
                self._set(entry.id, state=NEEDS_ATTENTION, last_error=str(exc))
                conn.execute("INSERT OR REPLACE INTO outbox_conflicts VALUES (?, ?, ?, ?, ?)",
                             (entry.id, json.dumps(entry.body), json.dumps(theirs),
                              their_version, _now()))
            report.conflicts += 1
            report.errors.append(str(exc))
        except AuthError as exc:
            self._set(entry.id, state=PENDING)
            report.login_required = True
            report.errors.append(str(exc))
        except (TransientError, ServerError) as exc:
            attempts = entry.attempts + 1
            delay = max(getattr(exc, "retry_after", None) or 0.0, self._backoff(attempts))
            self._set(entry.id, state=FAILED, attempts=attempts, last_error=str(exc),
                      next_attempt_at=self._clock() + delay)
            report.failed += 1
            report.errors.append(str(exc))
        except ProblemError as exc:
            self._set(entry.id, state=NEEDS_ATTENTION, last_error=str(exc))
            report.needs_attention += 1
            report.errors.append(str(exc))
        else:
            self._accept(entry, response)
            report.sent += 1

    def _accept(self, entry: OutboxEntry, response) -> None:
        version = version_of(response)
        body = _json_or_none(response)
        with self.outbox.store.transaction() as conn:
            conn.execute("DELETE FROM outbox WHERE id = ?", (entry.id,))
            if entry.method == "DELETE" and entry.path == entry.aggregate:
                self.cache.delete(entry.aggregate)
            elif body is not None and (entry.path == entry.aggregate or version is not None):
                self.cache.put(entry.aggregate, version, body)
            if version is not None:
                # Later edits were based on what this desktop knew; now the server has `version`.
                conn.execute(
                    "UPDATE outbox SET base_version = ? WHERE aggregate = ? AND base_version IS ?",
                    (version, entry.aggregate, entry.base_version))

    def _server_copy(self, path: str) -> tuple[Any, int | None]:
        try:
            response = self.client.request("GET", path)
        except SyncError as exc:
            log.info("could not fetch the server's copy of %s: %s", path, exc)
            return None, None
        return _json_or_none(response), version_of(response)

    def _backoff(self, attempts: int) -> float:
        ceiling = min(self.backoff_max, self.backoff_base * 2 ** (attempts - 1))
        return self._rng.uniform(ceiling / 2, ceiling)

    def _set(self, entry_id: int, **values: Any) -> None:
        assignments = ", ".join(f"{name} = ?" for name in values)
        with self.outbox.store.transaction() as conn:
            conn.execute(f"UPDATE outbox SET {assignments} WHERE id = ?",
                         (*values.values(), entry_id))


def _entry(row) -> OutboxEntry:
    return OutboxEntry(
        id=row["id"], aggregate=row["aggregate"], method=row["method"], path=row["path"],
        body=_loads(row["body"]), base_version=row["base_version"],
        idempotency_key=row["idempotency_key"], state=row["state"], attempts=row["attempts"],
        next_attempt_at=row["next_attempt_at"], last_error=row["last_error"],
        created_at=row["created_at"])


def _loads(text: str | None) -> Any:
    return None if text is None else json.loads(text)


def _json_or_none(response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _now() -> str:
    return datetime.now(UTC).isoformat()
