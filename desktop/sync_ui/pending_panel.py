"""The pending-operations panel: what waits to be sent, what failed, and retry / discard."""
from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QDockWidget, QHBoxLayout, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.sync_ui.conflict_dialog import ConflictDialog
from desktop.sync_ui.controller import SyncController
from sync.outbox import NEEDS_ATTENTION

COLUMNS = 4  # state, request, attempts, last error


class PendingOperationsDock(QDockWidget):
    def __init__(self, controller: SyncController, parent=None):
        super().__init__(parent)
        self.setObjectName("pendingOperations")
        self.controller = controller
        self.table = QTableWidget(self)
        self.table.setColumnCount(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.retry_button = QPushButton(self)
        self.discard_button = QPushButton(self)
        self.resolve_button = QPushButton(self)
        self.retry_button.clicked.connect(lambda: self._act(controller.retry))
        self.discard_button.clicked.connect(lambda: self._act(controller.discard))
        self.resolve_button.clicked.connect(self.resolve_selected)
        buttons = QHBoxLayout()
        for button in (self.retry_button, self.discard_button, self.resolve_button):
            buttons.addWidget(button)
        buttons.addStretch()
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.entries = []
        controller.status_changed.connect(lambda _status: self.refresh())
        self.retranslate()
        self.refresh()

    def refresh(self) -> None:
        self.entries = self.controller.outbox.entries()
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            cells = (self._state_text(entry.state), f"{entry.method} {entry.path}",
                     str(entry.attempts), entry.last_error or "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.id)
                self.table.setItem(row, column, item)
        self._update_buttons()

    def selected_entry(self):
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return self.entries[min(rows)] if rows else None

    def _act(self, action) -> None:
        entry = self.selected_entry()
        if entry is not None:
            action(entry.id)

    def resolve_selected(self) -> None:
        entry = self.selected_entry()
        conflict = next((c for c in self.controller.outbox.conflicts()
                         if entry is not None and c.entry.id == entry.id), None)
        if conflict is None:
            return
        dialog = ConflictDialog(conflict, self)
        dialog.finished.connect(lambda _result: self._apply_choice(dialog))
        dialog.open()

    def _apply_choice(self, dialog: ConflictDialog) -> None:
        if dialog.choice == "mine":
            self.controller.keep_mine(dialog.conflict)
        elif dialog.choice == "theirs":
            self.controller.keep_theirs(dialog.conflict)

    def _update_buttons(self) -> None:
        entry = self.selected_entry()
        self.retry_button.setEnabled(entry is not None)
        self.discard_button.setEnabled(entry is not None)
        conflicted = entry is not None and entry.state == NEEDS_ATTENTION and any(
            c.entry.id == entry.id for c in self.controller.outbox.conflicts())
        self.resolve_button.setEnabled(conflicted)

    def _state_text(self, state: str) -> str:
        return {"pending": self.tr("Waiting"), "sending": self.tr("Sending"),
                "failed": self.tr("Will retry"),
                "needs_attention": self.tr("Needs attention")}[state]

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Pending Changes"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("State"), self.tr("Change"), self.tr("Attempts"), self.tr("Reason")])
        self.retry_button.setText(self.tr("&Retry"))
        self.discard_button.setText(self.tr("&Discard"))
        self.resolve_button.setText(self.tr("Resolve &Conflict…"))
        if self.entries:  # the state column is translated text
            self.refresh()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
