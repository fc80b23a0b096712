"""A 412 shown to the user: this desktop's version beside the server's; the user chooses."""
from __future__ import annotations

import json

from PySide6.QtCore import QEvent
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from sync.outbox import Conflict

DIFFERENT = QColor("#fff3c4")


class ConflictDialog(QDialog):
    """`choice` is "mine" or "theirs" after accept(); the caller applies it."""

    def __init__(self, conflict: Conflict, parent=None):
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.conflict = conflict
        self.choice = ""
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setColumnCount(3)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self._fill()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.keep_mine = QPushButton(self)
        self.keep_theirs = QPushButton(self)
        for button, choice in ((self.keep_mine, "mine"), (self.keep_theirs, "theirs")):
            self.buttons.addButton(button, QDialogButtonBox.ButtonRole.AcceptRole)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(self.buttons)
        self.resize(720, 420)
        self.retranslate()

    def _fill(self) -> None:
        mine = self.conflict.mine if isinstance(self.conflict.mine, dict) else {}
        theirs = self.conflict.theirs if isinstance(self.conflict.theirs, dict) else {}
        # The fields this desktop changed first: they are what the user decides about.
        fields = list(mine) + [f for f in theirs if f not in mine]
        self.table.setRowCount(len(fields))
        for row, name in enumerate(fields):
            cells = [name, _text(mine.get(name)) if name in mine else "",
                     _text(theirs.get(name))]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if name in mine and mine.get(name) != theirs.get(name):
                    item.setBackground(QBrush(DIFFERENT))
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Changed on the server too"))
        version = self.conflict.their_version
        self.intro.setText(self.tr(
            "Someone else changed %1 on the server (now version %2) after you started your"
            " change. Nothing was overwritten. Choose which version to keep.")
            .replace("%1", self.conflict.entry.aggregate)
            .replace("%2", "?" if version is None else str(version)))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Your version"), self.tr("Server version")])
        self.keep_mine.setText(self.tr("Keep &mine"))
        self.keep_theirs.setText(self.tr("Keep the &server's"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

