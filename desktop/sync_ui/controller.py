"""The desktop's side of sync: login, sending the outbox, pulling changes, the review queue.

All network work runs on the "network" task pool; results come back to the GUI thread as
signals. The widgets of desktop/sync_ui only read `status()` and call the methods here.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop import tasks
from review.store import LocalStore
from sync.api import PermitApi
from sync.auth import AuthSession
from sync.cache import ResourceCache
from sync.client import PermitClient
from sync.errors import AuthError, ServerError, TransientError
from sync.outbox import FAILED, NEEDS_ATTENTION, PENDING, SENDING, Conflict, Outbox, OutboxSender
from sync.corrections import safe_name
from sync.puller import Puller
from sync.transfers import Transfers

log = logging.getLogger(__name__)

APPLICATIONS = "/v1/applications/"
SYNC_INTERVAL_MS = 30_000


@dataclass(frozen=True)
class SyncStatus:
    """What the sync indicator shows."""

    logged_in: bool
    online: bool
    pending: int
    needs_attention: int
    login_required: bool = False


class SyncController(QObject):
    status_changed = Signal(object)      # SyncStatus
    logged_in = Signal(str)              # user name
    logged_out = Signal(str)             # what to tell the user about it
    queue_changed = Signal(list)         # application dicts, from the server or the cache
    conflicts_changed = Signal(list)     # [Conflict]
    sheets_progress = Signal(int, int)   # bytes done, bytes in all
    sheets_ready = Signal(list)          # [Path] of an opened application's drawings
    failed = Signal(str)                 # a message for the user

    def __init__(self, store: LocalStore, cache_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.store = store
        self.cache_dir = Path(cache_dir)
        self.outbox = Outbox(store)
        self.cache = ResourceCache(store)
        self.client: PermitClient | None = None
        self.auth: AuthSession | None = None
        self.user: dict[str, Any] = {}
        self._sender: OutboxSender | None = None
        self._online = False
        self._login_required = False
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(SYNC_INTERVAL_MS)
        self.timer.timeout.connect(self.sync_now)

    # ---- login ------------------------------------------------------------------------------

    def login(self, url: str, username: str, password: str, remember: bool) -> None:
        """Logs in off the GUI thread; `logged_in` or `failed` follows."""
        def work():
            client = PermitClient(url)
            auth = AuthSession(client)
            auth.login(username, password, remember=remember)
            return client, auth, PermitApi(client).me()

        tasks.run_task("network", work, self._on_logged_in, self._on_failed)

    def _on_logged_in(self, result) -> None:
        self.client, self.auth, self.user = result
        self._sender = OutboxSender(self.outbox, self.client, self.cache)
        self._online, self._login_required = True, False
        self.logged_in.emit(self.user.get("username", ""))
        self._emit_status()
        self.timer.start()
        self.sync_now()

    def logout(self) -> None:
        """Back to the logged-out state at once (no client, no access token here); the server
        is told off the GUI thread and the keyring entry removed there; `logged_out` follows."""
        auth = self.auth
        if auth is None:
            return
        self.timer.stop()
        self.client, self.auth, self._sender, self.user = None, None, None, {}
        self._online, self._login_required = False, False
        self._emit_status()
        tasks.run_task("network", auth.logout, self._on_logged_out, self._on_failed)

    def _on_logged_out(self, confirmed: bool) -> None:
        self.logged_out.emit(
            self.tr("Logged out of the permit server.") if confirmed else
            self.tr("Logged out on this computer. The permit server could not be reached, so"
                    " this login stays valid there until it expires."))

    @property
    def keyring_notice(self) -> str | None:
        return self.auth.store.notice if self.auth else None

    # ---- sync -------------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        counts = self.outbox.counts()
        return SyncStatus(logged_in=self.client is not None, online=self._online,
                          pending=counts[PENDING] + counts[SENDING] + counts[FAILED],
                          needs_attention=counts[NEEDS_ATTENTION],
                          login_required=self._login_required)

    def sync_now(self) -> None:
        """Sends what waits in the outbox, pulls the change feed, refreshes the queue."""
        if self.client is None or self._busy:
            self.show_cached_queue()
            return
        self._busy = True
        client, sender, role = self.client, self._sender, self.user.get("role")
        # what this sync works with is taken now: a logout meanwhile cannot pull it away
        tasks.run_task("network", lambda: self._sync_once(client, sender, role), self._on_synced,
                       self._on_sync_failed)

    def _sync_once(self, client: PermitClient, sender: OutboxSender, role: str | None):
        report = sender.send_due()
        Puller(client, self.cache, self.outbox).pull()
        api = PermitApi(client)
        mine = {"assigned_to": "me"} if role == "engineer" else {}
        queue = list(api.applications(**mine))
        return report, queue

    def _on_synced(self, result) -> None:
        report, queue = result
        self._busy = False
        if self.client is None:  # logged out while this sync ran: its answer is not shown
            return
        self._online = True
        self._login_required = report.login_required
        self.queue_changed.emit(queue)
        self.conflicts_changed.emit(self.outbox.conflicts())
        self._emit_status()

    def _on_sync_failed(self, exc: BaseException) -> None:
        self._busy = False
        if isinstance(exc, (TransientError, ServerError)):
            self._online = False  # offline: everything stays queued and is sent later
        elif isinstance(exc, AuthError):
            self._login_required = True
        else:
            self._on_failed(exc)
        self.show_cached_queue()
        self._emit_status()

    def show_cached_queue(self) -> None:
        """The applications this desktop has seen, for working offline."""
        apps = [r.body for r in self.cache.under(APPLICATIONS)
                if "/" not in r.path[len(APPLICATIONS):]]
        self.queue_changed.emit(apps)

    # ---- the pending-operations panel and conflicts -----------------------------------------

    def retry(self, entry_id: int) -> None:
        self.outbox.retry(entry_id)
        self._changed_locally()

    def discard(self, entry_id: int) -> None:
        self.outbox.discard(entry_id)
        self._changed_locally()

    def keep_mine(self, conflict: Conflict) -> None:
        self.outbox.keep_mine(conflict.entry.id)
        self._changed_locally()

    def keep_theirs(self, conflict: Conflict) -> None:
        self.outbox.keep_theirs(conflict.entry.id, self.cache)
        self._changed_locally()

    def _changed_locally(self) -> None:
        self.conflicts_changed.emit(self.outbox.conflicts())
        self._emit_status()
        self.sync_now()

    # ---- opening an application -------------------------------------------------------------

    def open_application(self, app_id: str) -> None:
        """Downloads (or finds in the cache) the application's current drawings."""
        self._open_versions(lambda client: [d["current"] for d in
                                            PermitApi(client).documents(app_id)])

    def open_document(self, version: dict) -> None:
        """Downloads (or finds in the cache) one drawing version and opens it."""
        self._open_versions(lambda _client: [version])

    def _open_versions(self, versions_of) -> None:
        if self.client is None:
            self.failed.emit(self.tr("Log in to the permit server to open an application."))
            return
        client = self.client

        def work():
            transfers = Transfers(self.store, client, self.cache_dir)
            versions = versions_of(client)
            total, done, paths = sum(v["size"] for v in versions), 0, []
            for version in versions:
                offset = done
                path = transfers.download(version["sha256"], progress=lambda d, _t, o=offset:
                                          self.sheets_progress.emit(o + d, total))
                done += version["size"]
                named = path.with_name(f"{path.name}-{safe_name(version['filename'])}")
                if not named.exists():
                    named.hardlink_to(path)  # the viewer picks the format by extension
                paths.append(named)
            return paths

        tasks.run_task("network", work, self.sheets_ready.emit, self._on_failed)

    def _on_failed(self, exc: BaseException) -> None:
        log.info("sync failure: %s", exc, exc_info=not isinstance(exc, Exception))
        self.failed.emit(str(exc))

    def _emit_status(self) -> None:
        self.status_changed.emit(self.status())
