"""The desktop's sync parts (pytest-qt, offscreen) against the real server on loopback."""
from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMainWindow

from desktop import tasks
from desktop.sync_ui import install
from desktop.sync_ui.conflict_dialog import ConflictDialog
from desktop.sync_ui.review_queue import OVERDUE, ReviewQueueModel
from review.store import LocalStore
from sync.cache import ResourceCache
from sync.client import RetryPolicy
from sync.outbox import Outbox, OutboxSender
from tests.desktop.login import log_in
from tests.sync.client.live_fixtures import (api_for, application_in_review,  # noqa: F401
                                             client_for, memory_keyring)


@pytest.fixture
def ui(qtbot, tmp_path):
    tasks.set_synchronous(True)
    window = QMainWindow()
    window.opened = []
    window.open_file = window.opened.append
    qtbot.addWidget(window)
    window.show()
    store = LocalStore(tmp_path / "desktop.sqlite")
    sync = install(window, store)
    yield sync
    sync.controller.timer.stop()
    store.close()
    tasks.set_synchronous(False)


def test_logging_in_fills_the_queue_and_the_indicator(ui, server, tmp_path):
    app_id = application_in_review(server.url, tmp_path)
    dialog = log_in(ui, server)
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert ui.indicator.kind == "online" and ui.indicator.text() == "Online"

    def listed() -> list[str]:
        return [ui.queue.model.data(ui.queue.model.index(r, 0), Qt.ItemDataRole.UserRole)
                for r in range(ui.queue.model.rowCount())]

    # the supervisor's approval queue: in review is the engineers' turn, not theirs
    assert ui.queue.show_only.currentText() == "Waiting for me" and app_id not in listed()
    assert all(ui.queue.model.data(ui.queue.model.index(r, 2)) in ("Pending approval",
                                                                  "Approved")
               for r in range(ui.queue.model.rowCount()))
    ui.queue.show_only.setCurrentIndex(1)
    assert app_id in listed()


def test_a_wrong_password_keeps_the_dialog_open_with_the_reason(ui, server):
    dialog = log_in(ui, server, password="wrong")
    assert dialog.isVisible() and "wrong user name or password" in dialog.message.text()
    assert ui.indicator.kind == "signed_out"
    dialog.close()


def test_offline_changes_wait_and_can_be_discarded(ui, server, tmp_path):
    log_in(ui, server, user="arch1")
    controller = ui.controller
    controller.client.base_url = "http://127.0.0.1:9/"  # nothing listens: offline
    controller.client.retry = RetryPolicy(attempts=1)
    with controller.store.transaction():
        controller.outbox.enqueue("PUT", f"/v1/applications/{uuid.uuid4()}/comments/"
                                         f"{uuid.uuid4()}", {"body": "offline note"})
    controller.sync_now()
    assert ui.indicator.kind == "offline" and "1 pending" in ui.indicator.text()
    ui.indicator.click()
    assert ui.pending.isVisible() and ui.pending.table.rowCount() == 1
    ui.pending.table.selectRow(0)
    ui.pending.discard_button.click()
    assert ui.pending.table.rowCount() == 0 and ui.indicator.text() == "Offline"


def test_a_conflict_is_shown_with_both_versions_and_resolved(ui, server, tmp_path, qtbot):
    app_id = application_in_review(server.url, tmp_path)
    log_in(ui, server, user="supervisor1")
    api = api_for(server.url, "supervisor1")
    review = next(r for r in api.reviews(app_id, 1) if r["discipline"] == "architectural")
    path = f"/v1/applications/{app_id}/cycles/1/reviews/{review['id']}"
    controller = ui.controller
    controller.outbox.enqueue("PATCH", path, {"notes": "supervisor's notes"},
                              base_version=review["version"])
    other = LocalStore(tmp_path / "arch.sqlite")  # the architect edits first, elsewhere
    other_outbox = Outbox(other)
    other_outbox.enqueue("PATCH", path, {"notes": "architect's notes"},
                         base_version=review["version"])
    OutboxSender(other_outbox, client_for(server.url, "arch1"), ResourceCache(other)).send_due()
    other.close()

    controller.sync_now()
    assert ui.indicator.kind == "needs_attention"
    ui.pending.table.selectRow(0)
    assert ui.pending.resolve_button.isEnabled()
    ui.pending.resolve_selected()
    dialog = ui.pending.findChild(ConflictDialog)
    cells = {dialog.table.item(r, 0).text(): (dialog.table.item(r, 1).text(),
                                              dialog.table.item(r, 2).text())
             for r in range(dialog.table.rowCount())}
    assert cells["notes"] == ("supervisor's notes", "architect's notes")
    dialog.keep_mine.click()
    assert ui.indicator.kind == "online" and ui.pending.table.rowCount() == 0
    assert api.review(app_id, 1, review["id"])["notes"] == "supervisor's notes"


def test_opening_an_application_downloads_its_drawings(ui, server, tmp_path):
    app_id = application_in_review(server.url, tmp_path)
    log_in(ui, server, user="arch1")
    ui.controller.open_application(app_id)
    (opened,) = ui.queue.window().opened
    assert opened.suffix == ".pdf" and opened.read_bytes().startswith(b"%PDF")
    assert ui.queue.progress.isHidden()


def test_the_queue_marks_overdue_applications_and_reminds(qtbot):
    now = datetime(2026, 3, 1, tzinfo=UTC)
    model = ReviewQueueModel()
    model.sla_days, model.reminder_days = 10, 5
    ago = lambda days: (now - timedelta(days=days)).isoformat()  # noqa: E731
    model.set_applications([
        {"id": "a", "ref": "MM-1", "state": "IN_REVIEW", "updated_at": ago(3)},
        {"id": "b", "ref": "MM-2", "state": "IN_REVIEW", "updated_at": ago(12)},
        {"id": "c", "ref": "MM-3", "state": "SUBMITTED", "updated_at": ago(7)},
        {"id": "d", "ref": "MM-4", "state": "CORRECTIONS_REQUIRED", "updated_at": ago(30)},
    ], now=now)
    refs = [model.data(model.index(r, 0)) for r in range(4)]
    assert refs[:3] == ["MM-4", "MM-2", "MM-3"], "longest waiting first"
    assert model.data(model.index(1, 3)) == "12"
    assert model.data(model.index(1, 0), Qt.ItemDataRole.BackgroundRole).color() == OVERDUE
    assert model.data(model.index(2, 0), Qt.ItemDataRole.BackgroundRole) is None
    assert model.data(model.index(2, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 3)) == "0", "the consultant's turn does not count"


def _choose(qtbot, window: QMainWindow, menu, action) -> None:
    """Opens `menu` from the menu bar and clicks `action` in it, with the mouse."""
    bar = window.menuBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton,
                     pos=bar.actionGeometry(menu.menuAction()).center())
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_log_out_from_the_server_menu_ends_the_login(ui, server, qtbot, memory_keyring):  # noqa: F811
    window = ui.queue.window()
    log_in(ui, server, user="arch1")
    entry = ("planreview", f"arch1@{server.url}")
    refresh_token = memory_keyring.entries[entry]
    access = ui.controller.auth.authorization()
    assert ui.menu.logout_action.isEnabled()
    _choose(qtbot, window, ui.menu, ui.menu.logout_action)
    assert entry not in memory_keyring.entries  # the keyring entry is removed
    assert ui.controller.client is None and ui.controller.auth is None
    assert ui.indicator.kind == "signed_out" and ui.indicator.text() == "Not logged in"
    assert not ui.menu.logout_action.isEnabled() and ui.menu.login_action.isEnabled()
    assert window.statusBar().currentMessage() == "Logged out of the permit server."
    # the server refuses the login's tokens from now on
    import requests

    assert requests.post(f"{server.url}/v1/auth/refresh", timeout=30, data={
        "grant_type": "refresh_token", "refresh_token": refresh_token}).status_code == 401
    assert requests.get(f"{server.url}/v1/me", headers={"Authorization": access},
                        timeout=30).status_code == 401
    # opening an application now asks to log in, and logging in again works
    ui.controller.open_application(str(uuid.uuid4()))
    assert window.statusBar().currentMessage().startswith("Log in to the permit server")
    log_in(ui, server, user="arch1")
    assert ui.indicator.kind == "online" and entry in memory_keyring.entries


def test_log_out_is_offered_only_when_logged_in(ui):
    assert not ui.menu.logout_action.isEnabled()
    assert ui.menu.logout_action.text() == "Log &Out"
