"""The note asked for by return / reject / send back, and the engineer's decision dialog."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QPlainTextEdit, QVBoxLayout)

from desktop.workflow.casefile import DECISIONS
from review.workflow import Decision


class NoteDialog(QDialog):
    """A note for an action; OK only once something is written."""

    def __init__(self, prompt: str, parent=None):
        super().__init__(parent)
        self.setObjectName("workflowNoteDialog")
        self.prompt = QLabel(prompt, self)
        self.prompt.setWordWrap(True)
        self.note = QPlainTextEdit(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.note.textChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(self.prompt)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self._update_ok()
        self.retranslate()

    def text(self) -> str:
        return self.note.toPlainText().strip()

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.text()))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Note"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class DecisionDialog(QDialog):
    """Decision, summary and conditions of approval for one discipline review (the supervisor
    chooses which of the undecided reviews).

    REVISION_REQUIRED needs at least one open correction of the discipline, so it cannot be
    chosen without one; the dialog says that a submitted decision is final.
    """

    def __init__(self, reviews: list[dict[str, Any]], open_corrections: dict[str, int],
                 parent=None):
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        self.reviews = reviews
        self.open_corrections = open_corrections
        self.discipline = QComboBox(self)
        for review in reviews:
            self.discipline.addItem(review["discipline"], review["id"])
        self.discipline.setEnabled(len(reviews) > 1)
        self.decision = QComboBox(self)
        for decision in DECISIONS:
            self.decision.addItem("", decision.value)
        self.summary = QPlainTextEdit(self)
        self.conditions = QPlainTextEdit(self)
        self.heading = QLabel(self)
        self.warning = QLabel(self)
        self.warning.setWordWrap(True)
        self.final_notice = QLabel(self)
        self.final_notice.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.decision.currentIndexChanged.connect(self._update_ok)
        self.discipline.currentIndexChanged.connect(self._update_ok)
        self.form = QFormLayout()
        fields = (self.discipline, self.decision, self.summary, self.conditions)
        self.field_labels = [QLabel(self) for _ in fields]
        for label, field in zip(self.field_labels, fields):
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addWidget(self.warning)
        layout.addWidget(self.final_notice)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update_ok()

    def chosen_review(self) -> dict[str, Any]:
        return self.reviews[self.discipline.currentIndex()]

    def chosen(self) -> Decision:
        return Decision(self.decision.currentData())

    def condition_texts(self) -> list[str]:
        return [line.strip() for line in self.conditions.toPlainText().splitlines()
                if line.strip()]

    def _update_ok(self) -> None:
        blocked = (self.chosen() == Decision.REVISION_REQUIRED
                   and not self.open_corrections.get(self.chosen_review()["id"]))
        self.warning.setVisible(blocked)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not blocked)

    def retranslate(self) -> None:
        names = {Decision.APPROVED: self.tr("Approved"),
                 Decision.APPROVED_WITH_COMMENTS: self.tr("Approved with comments"),
                 Decision.REVISION_REQUIRED: self.tr("Revision required"),
                 Decision.REJECTED: self.tr("Rejected")}
        for index, decision in enumerate(DECISIONS):
            self.decision.setItemText(index, names[decision])
        self.setWindowTitle(self.tr("Review Decision"))
        self.heading.setText(self.tr("Review cycle %1").replace(
            "%1", str(self.reviews[0]["cycle"])))
        texts = (self.tr("Discipline:"), self.tr("Decision:"), self.tr("Summary:"),
                 self.tr("Conditions (one per line):"))
        for label, text in zip(self.field_labels, texts):
            label.setText(text)
        self.warning.setText(self.tr("Revision required needs at least one open correction of"
                                     " this discipline: add a markup comment first."))
        self.final_notice.setText(self.tr("A submitted decision is final."))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
