"""The local copy of server resources, keyed by their path (/v1/applications/<id>, ...).

Filled by the change-feed puller and by the outbox with the server's answers, so the desktop
works offline on what it has already seen. Also keeps the change feed's cursor.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from review.store import LocalStore, Schema

CACHE_SCHEMA = Schema("sync_cache", [
    """
    CREATE TABLE cached_resources (
        path TEXT PRIMARY KEY,
        version INTEGER,
        body TEXT NOT NULL,
        fetched_at TEXT NOT NULL
    );
    CREATE TABLE sync_cursors (feed TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    """,
])


@dataclass(frozen=True)
class CachedResource:
    path: str
    version: int | None
    body: Any
    fetched_at: str


class ResourceCache:
    def __init__(self, store: LocalStore):
        self.store = store
        store.ensure_schema(CACHE_SCHEMA)

    def get(self, path: str) -> CachedResource | None:
        rows = self.store.query("SELECT * FROM cached_resources WHERE path = ?", (path,))
        return _resource(rows[0]) if rows else None

    def under(self, prefix: str) -> list[CachedResource]:
        """Every cached resource whose path starts with prefix, in path order."""
        rows = self.store.query(
            "SELECT * FROM cached_resources WHERE substr(path, 1, ?) = ? ORDER BY path",
            (len(prefix), prefix))
        return [_resource(row) for row in rows]

    def put(self, path: str, version: int | None, body: Any) -> None:
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT OR REPLACE INTO cached_resources VALUES (?, ?, ?, ?)",
                (path, version, json.dumps(body), datetime.now(UTC).isoformat()))

    def delete(self, path: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM cached_resources WHERE path = ?", (path,))

    def cursor(self, feed: str = "changes") -> int:
        rows = self.store.query("SELECT seq FROM sync_cursors WHERE feed = ?", (feed,))
        return rows[0][0] if rows else 0

    def set_cursor(self, seq: int, feed: str = "changes") -> None:
        with self.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO sync_cursors VALUES (?, ?)", (feed, seq))


def _resource(row) -> CachedResource:
    return CachedResource(row["path"], row["version"], json.loads(row["body"]), row["fetched_at"])
