"""The permit-server parts of the desktop: login, review queue, sync indicator, pending changes
and conflicts. `install(window)` adds them to the main window."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.logsetup import data_dir
from desktop.sync_ui.controller import SyncController
from desktop.sync_ui.indicator import SyncIndicator
from desktop.sync_ui.login_dialog import LoginDialog
from desktop.sync_ui.pending_panel import PendingOperationsDock
from desktop.sync_ui.review_queue import ReviewQueueDock
from review.store import LocalStore


class ServerMenu(QMenu):
    """Log in, log out, sync now."""

    def __init__(self, controller: SyncController, parent=None):
        super().__init__(parent)
        self.setObjectName("serverMenu")
        self.controller = controller
        self.login_action = self.addAction("")
        self.login_action.setObjectName("server_login")
        self.login_action.triggered.connect(self.show_login)
        self.logout_action = self.addAction("")
        self.logout_action.setObjectName("server_logout")
        self.logout_action.setEnabled(False)
        self.logout_action.triggered.connect(controller.logout)
        controller.status_changed.connect(
            lambda status: self.logout_action.setEnabled(status.logged_in))
        self.sync_action = self.addAction("")
        self.sync_action.setObjectName("server_sync")
        self.sync_action.triggered.connect(controller.sync_now)
        self.retranslate()

    def show_login(self) -> LoginDialog:
        dialog = LoginDialog(self.controller, self.parentWidget())
        dialog.open()
        return dialog

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Server"))
        self.login_action.setText(self.tr("&Log in to Permit Server…"))
        self.logout_action.setText(self.tr("Log &Out"))
        self.sync_action.setText(self.tr("S&ync Now"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


@dataclass
class SyncUi:
    controller: SyncController
    queue: ReviewQueueDock
    pending: PendingOperationsDock
    indicator: SyncIndicator
    menu: ServerMenu


def install(window: QMainWindow, store: LocalStore | None = None) -> SyncUi:
    """Adds the docks, the status-bar indicator and the Server menu (before the last menu,
    Help) to the window; opened applications' drawings go to `window.open_file`."""
    controller = SyncController(store or LocalStore(data_dir() / "sync.sqlite"),
                                data_dir() / "cache", window)
    queue = ReviewQueueDock(controller, window)
    pending = PendingOperationsDock(controller, window)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, queue)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, pending)
    pending.hide()
    indicator = SyncIndicator(window)
    window.statusBar().addPermanentWidget(indicator)
    indicator.clicked.connect(lambda: (pending.show(), pending.raise_()))
    controller.status_changed.connect(indicator.show_status)
    controller.sheets_ready.connect(lambda paths: window.open_file(paths[0]) if paths else None)
    controller.failed.connect(lambda message: window.statusBar().showMessage(message, 15000))
    controller.logged_out.connect(lambda message: window.statusBar().showMessage(message, 15000))
    menu = ServerMenu(controller, window)
    menus = window.menuBar().actions()
    window.menuBar().insertMenu(menus[-1] if menus else None, menu)
    controller.show_cached_queue()
    return SyncUi(controller, queue, pending, indicator, menu)
