"""Pull sync: read the server's change feed and refresh the local cache.

GET /v1/changes?after=SEQ gives, in order, which resources changed. For each page the puller
fetches the changed resources (the newest change of each, once), then writes them and the new
cursor in one transaction, so an interrupted pull continues where it stopped. A resource with
local edits still in the outbox is left alone: the desktop is authoritative for its unsent
edits, and the server's copy reaches the user through the outbox's 412 conflict if both changed.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from sync.cache import ResourceCache
from sync.client import PermitClient, version_of
from sync.errors import ProblemError
from sync.outbox import Outbox

PAGE_SIZE = 500
FETCHERS = 4  # resources fetched at once; the requests pool keeps a connection for each


@dataclass
class PullReport:
    changes: int = 0
    fetched: int = 0
    removed: int = 0
    kept_local: int = 0  # changed on the server, but edits of ours are still waiting to go
    cursor: int = 0


class Puller:
    def __init__(self, client: PermitClient, cache: ResourceCache, outbox: Outbox, *,
                 page_size: int = PAGE_SIZE):
        self.client = client
        self.cache = cache
        self.outbox = outbox
        self.page_size = page_size

    def pull(self) -> PullReport:
        report = PullReport(cursor=self.cache.cursor())
        while True:
            page = self.client.get_json(
                "/v1/changes", params={"after": report.cursor, "limit": self.page_size})
            changes = page.get("items", [])
            if not changes:
                break
            self._apply(changes, report)
            if len(changes) < self.page_size and not page.get("has_more"):
                break
        return report

    def _apply(self, changes: list[dict[str, Any]], report: PullReport) -> None:
        newest = {change_path(change): change for change in changes}
        updates: dict[str, tuple[int | None, Any] | None] = {}  # None: remove from the cache
        to_fetch = []
        for path, change in newest.items():
            if self.outbox.has_unsent(path):
                report.kept_local += 1
                continue
            cached = self.cache.get(path)
            version = change.get("version")
            if change.get("deleted") or change.get("op") == "delete":
                updates[path] = None
            elif cached is None or version is None or (cached.version or 0) < version:
                to_fetch.append(path)
        with ThreadPoolExecutor(FETCHERS) as pool:
            updates.update(zip(to_fetch, pool.map(self._fetch, to_fetch)))
        with self.cache.store.transaction():
            for path, update in updates.items():
                if update is None:
                    self.cache.delete(path)
                    report.removed += 1
                else:
                    self.cache.put(path, *update)
                    report.fetched += 1
            report.cursor = max(int(change["seq"]) for change in changes)
            self.cache.set_cursor(report.cursor)
        report.changes += len(changes)

    def _fetch(self, path: str) -> tuple[int | None, Any] | None:
        try:
            response = self.client.request("GET", path)
        except ProblemError as exc:
            if exc.status in (404, 410):  # deleted since, or no longer visible to this user
                return None
            raise
        return version_of(response), response.json()


def change_path(change: dict[str, Any]) -> str:
    """The path of the resource a change is about."""
    return str(change["path"])
