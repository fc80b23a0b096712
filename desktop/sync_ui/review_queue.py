"""The review queue dock: my applications, their state, days waiting, overdue and reminders.

Double-clicking an application downloads its drawings (cached locally, with progress) and
opens them. Offline, the queue shows the applications this desktop already has.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (QComboBox, QDockWidget, QLabel, QProgressBar, QTableView,
                               QVBoxLayout, QWidget)

from desktop import settings
from desktop.sync_ui.controller import SyncController
from desktop.permit_names import state_name
from review.text_safety import single_line
from review.workflow import WAITING_ON

OVERDUE = QColor("#f8d0d0")
WAITING_STATES = ("SUBMITTED", "IN_REVIEW", "PENDING_APPROVAL")  # the municipality's turn


def days_waiting(app: dict[str, Any], now: datetime) -> int:
    """Whole days since the application last changed state or data."""
    stamp = app.get("updated_at") or app.get("submitted_at")
    if not stamp:
        return 0
    changed = datetime.fromisoformat(stamp)
    if changed.tzinfo is None:
        changed = changed.replace(tzinfo=UTC)
    return max(0, (now - changed).days)


class ReviewQueueModel(QAbstractTableModel):
    COLUMNS = 4  # reference, title, state, days waiting

    def __init__(self, parent=None):
        super().__init__(parent)
        self.apps: list[dict[str, Any]] = []
        self.now = datetime.now(UTC)
        self.sla_days = settings.value("sync/sla_days")
        self.reminder_days = settings.value("sync/reminder_days")
        self.headers = ["", "", "", ""]

    def set_applications(self, apps: list[dict[str, Any]], now: datetime | None = None) -> None:
        self.beginResetModel()
        self.now = now or datetime.now(UTC)
        self.apps = sorted(apps, key=lambda a: -days_waiting(a, self.now))
        self.endResetModel()

    def waiting(self, row: int) -> int:
        app = self.apps[row]
        return days_waiting(app, self.now) if app.get("state") in WAITING_STATES else 0

    def overdue(self, row: int) -> bool:
        return self.waiting(row) > self.sla_days

    def needs_reminder(self, row: int) -> bool:
        return self.waiting(row) > self.reminder_days

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.apps)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.COLUMNS

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        app, row = self.apps[index.row()], index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return (single_line(app.get("ref", "")), single_line(app.get("title", "")),
                    state_name(app.get("state", "")), str(self.waiting(row)))[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole and self.overdue(row):
            return QBrush(OVERDUE)
        if role == Qt.ItemDataRole.FontRole and self.needs_reminder(row):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return app.get("id")
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class ReviewQueueDock(QDockWidget):
    def __init__(self, controller: SyncController, parent=None):
        super().__init__(parent)
        self.setObjectName("reviewQueue")
        self.controller = controller
        self.model = ReviewQueueModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.doubleClicked.connect(self.open_row)
        self.show_only = QComboBox(self)
        self.show_only.setObjectName("queueFilter")
        self.show_only.addItems(["", ""])  # waiting for me, all applications
        self.show_only.currentIndexChanged.connect(lambda _index: self._show())
        self.applications: list[dict[str, Any]] = []
        self.reminder = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.hide()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.show_only)
        layout.addWidget(self.reminder)
        layout.addWidget(self.view)
        layout.addWidget(self.progress)
        self.setWidget(body)
        controller.queue_changed.connect(self.show_applications)
        controller.sheets_progress.connect(self._on_progress)
        controller.sheets_ready.connect(lambda _paths: self.progress.hide())
        controller.failed.connect(lambda _message: self.progress.hide())
        self.retranslate()

    def show_applications(self, apps: list[dict[str, Any]]) -> None:
        self.applications = apps
        self._show()

    def waiting_for_me(self, app: dict[str, Any]) -> bool:
        states = WAITING_ON.get(self.controller.user.get("role"))
        return states is None or app.get("state") in states

    def _show(self) -> None:
        mine = self.show_only.currentIndex() == 0
        self.model.set_applications([a for a in self.applications
                                     if not mine or self.waiting_for_me(a)])
        self._update_reminder()

    def open_row(self, index: QModelIndex) -> None:
        app_id = self.model.data(index, Qt.ItemDataRole.UserRole)
        if app_id:
            self.progress.setRange(0, 0)
            self.progress.show()
            self.controller.open_application(app_id)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(int(1000 * done / max(total, 1)))

    def _update_reminder(self) -> None:
        late = sum(self.model.needs_reminder(row) for row in range(self.model.rowCount()))
        self.reminder.setVisible(bool(late))
        self.reminder.setText(self.tr("Waiting more than %1 days: %2")
                              .replace("%1", str(self.model.reminder_days))
                              .replace("%2", str(late)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Review Queue"))
        self.show_only.setItemText(0, self.tr("Waiting for me"))
        self.show_only.setItemText(1, self.tr("All applications"))
        self.model.headers = [self.tr("Reference"), self.tr("Title"), self.tr("State"),
                              self.tr("Days waiting")]
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.model.COLUMNS - 1)
        self._update_reminder()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
