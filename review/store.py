"""The local SQLite store: markups, cached server data and the sync outbox in one file.

WAL mode with synchronous=NORMAL survives a killed process (a committed transaction is in the
WAL); an edit and its outbox entry are written in one transaction (`with store.transaction()`).

Each component owns its tables and declares them as a `Schema`: a name and an ordered list of
migrations. `LocalStore` applies the missing ones at open and records the version per component
in `schema_versions`, so components evolve independently and old files upgrade in place.
"""
from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from review.errors import PlanReviewError

Migration = str | Callable[[sqlite3.Connection], None]


class StoreError(PlanReviewError):
    """The local store cannot be opened or is damaged."""


@dataclass(frozen=True)
class Schema:
    """A component's tables: migrations[i] upgrades from version i to i + 1."""

    component: str
    migrations: Sequence[Migration]

    @property
    def version(self) -> int:
        return len(self.migrations)


class LocalStore:
    """One SQLite database file shared by the components that declare a Schema.

    A connection per thread; writes go through `transaction()`, which serialises writers
    within the process (SQLite's busy timeout handles other processes).
    """

    def __init__(self, path: Path | str, schemas: Sequence[Schema] = ()):
        self.path = Path(path)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        self._schemas: dict[str, Schema] = {}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = self.connection()
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_versions"
                " (component TEXT PRIMARY KEY, version INTEGER NOT NULL)")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"the local store {self.path} cannot be opened: {exc}") from exc
        for schema in schemas:
            self.ensure_schema(schema)

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None,
                                   check_same_thread=True)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    def ensure_schema(self, schema: Schema) -> None:
        """Applies the schema's missing migrations; a newer file than this program is an error."""
        with self.transaction() as conn:
            row = conn.execute("SELECT version FROM schema_versions WHERE component = ?",
                               (schema.component,)).fetchone()
            current = row[0] if row else 0
            if current > schema.version:
                raise StoreError(
                    f"the local store {self.path} was written by a newer Plan Review"
                    f" ({schema.component} v{current}, this program knows v{schema.version})")
            for migration in schema.migrations[current:]:
                if callable(migration):
                    migration(conn)
                else:
                    for statement in _split_sql(migration):
                        conn.execute(statement)
            conn.execute("INSERT OR REPLACE INTO schema_versions VALUES (?, ?)",
                         (schema.component, schema.version))
        self._schemas[schema.component] = schema

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; rolls back on any exception. Re-entrant per thread."""
        conn = self.connection()
        with self._write_lock:
            if conn.in_transaction:
                yield conn
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def query(self, sql: str, params: Sequence | dict = ()) -> list[sqlite3.Row]:
        return self.connection().execute(sql, params).fetchall()

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None


def _split_sql(script: str) -> list[str]:
    """Splits a migration script into statements (executescript would commit our transaction)."""
    statements, current = [], []
    for line in script.splitlines():
        current.append(line)
        candidate = "\n".join(current).strip()
        if candidate and sqlite3.complete_statement(candidate):
            statements.append(candidate)
            current = []
    rest = "\n".join(current).strip()
    if rest:
        statements.append(rest)
    return statements
