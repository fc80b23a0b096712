"""The note asked for by return / reject / send back, a confirmation, and the engineer's
decision dialog."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QPlainTextEdit, QTableWidget, QTableWidgetItem, QVBoxLayout)

from desktop.workflow.casefile import DECISIONS
from desktop.permit_names import decision_name, discipline_name
from review.checklists import Summary
from review.workflow import Decision

WARNING_STYLE = "color: #B71C1C;"


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


class ConfirmDialog(QDialog):
    """A question with OK and Cancel, for an action that goes ahead against a warning."""

    def __init__(self, question: str, parent=None):
        super().__init__(parent)
        self.setObjectName("workflowConfirmDialog")
        self.question = QLabel(question, self)
        self.question.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.question)
        layout.addWidget(self.buttons)
        self.setWindowTitle(self.tr("Please Confirm"))


class ConditionsTable(QTableWidget):
    """Conditions of approval, one per row in English and Arabic; a new row appears as soon
    as the last one is written in."""

    def __init__(self, parent=None):
        super().__init__(1, 2, parent)
        self.setObjectName("conditionsEditor")
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.horizontalHeader().setSectionResizeMode(0, self.horizontalHeader().ResizeMode.Stretch)
        self.itemChanged.connect(self._grow)

    def set_condition(self, row: int, english: str, arabic: str = "") -> None:
        while self.rowCount() <= row:
            self.insertRow(self.rowCount())
        self.setItem(row, 0, QTableWidgetItem(english))
        self.setItem(row, 1, QTableWidgetItem(arabic))

    def rows(self) -> list[tuple[str, str]]:
        """(English, Arabic) of every row with any text."""
        found = []
        for row in range(self.rowCount()):
            texts = tuple((self.item(row, c).text().strip() if self.item(row, c) else "")
                          for c in (0, 1))
            if any(texts):
                found.append(texts)
        return found

    def missing_english(self) -> bool:
        """The permit server needs the English text of every condition."""
        return any(not english for english, _arabic in self.rows())

    def _grow(self, item: QTableWidgetItem) -> None:
        if item.row() == self.rowCount() - 1 and item.text().strip():
            self.insertRow(self.rowCount())


class DecisionDialog(QDialog):
    """Decision, summary and conditions of approval for one discipline review (the supervisor
    chooses which of the undecided reviews).

    REVISION_REQUIRED needs at least one open correction of the discipline, so it cannot be
    chosen without one; the dialog shows the discipline's checklist (failed and unchecked
    items) and says that a submitted decision is final.
    """

    def __init__(self, reviews: list[dict[str, Any]], open_corrections: dict[str, int],
                 checklists: dict[str, Summary | None] | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("decisionDialog")
        self.resize(640, 520)
        self.reviews = reviews
        self.open_corrections = open_corrections
        self.checklists = checklists or {}
        self.discipline = QComboBox(self)
        for review in reviews:
            self.discipline.addItem("", review["id"])
        self.discipline.setEnabled(len(reviews) > 1)
        self.decision = QComboBox(self)
        for decision in DECISIONS:
            self.decision.addItem("", decision.value)
        self.summary = QPlainTextEdit(self)
        self.conditions = ConditionsTable(self)
        self.conditions.itemChanged.connect(lambda _item: self._update_ok())
        self.checklist = QLabel(self)
        self.checklist.setObjectName("decisionChecklist")
        self.checklist.setWordWrap(True)
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
        layout.addWidget(self.checklist)
        layout.addWidget(self.warning)
        layout.addWidget(self.final_notice)
        layout.addWidget(self.buttons)
        self.retranslate()

    def chosen_review(self) -> dict[str, Any]:
        return self.reviews[self.discipline.currentIndex()]

    def chosen(self) -> Decision:
        return Decision(self.decision.currentData())

    def conditions_of_approval(self) -> list[tuple[str, str]]:
        """(English, Arabic) of each condition written."""
        return self.conditions.rows()

    def _update_ok(self) -> None:
        needs_correction = (self.chosen() == Decision.REVISION_REQUIRED
                            and not self.open_corrections.get(self.chosen_review()["id"]))
        self.warning.setText(
            self.tr("Revision required needs at least one open correction of this discipline:"
                    " add a markup comment first.") if needs_correction else
            self.tr("Write the English text of every condition (the Arabic is optional)."))
        blocked = needs_correction or self.conditions.missing_english()
        self.warning.setVisible(blocked)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not blocked)
        self._show_checklist()

    def _show_checklist(self) -> None:
        summary = self.checklists.get(self.chosen_review()["id"])
        if summary is None:
            self.checklist.setText(self.tr("Checklist: no results recorded for this discipline."))
            self.checklist.setStyleSheet(WARNING_STYLE)
            return
        complete = not summary.failed and not summary.unchecked
        self.checklist.setText(
            self.tr("Checklist: every item checked, none failed.") if complete else
            self.tr("Checklist: %1 items failed, %2 unchecked.")
            .replace("%1", str(len(summary.failed))).replace("%2", str(summary.unchecked)))
        self.checklist.setStyleSheet("" if complete else WARNING_STYLE)

    def retranslate(self) -> None:
        for index, decision in enumerate(DECISIONS):
            self.decision.setItemText(index, decision_name(decision))
        for index, review in enumerate(self.reviews):
            self.discipline.setItemText(index, discipline_name(review["discipline"]))
        self.setWindowTitle(self.tr("Review Decision"))
        self.heading.setText(self.tr("Review cycle %1").replace(
            "%1", str(self.reviews[0]["cycle"])))
        texts = (self.tr("Discipline:"), self.tr("Decision:"), self.tr("Summary:"),
                 self.tr("Conditions of approval:"))
        for label, text in zip(self.field_labels, texts):
            label.setText(text)
        self.conditions.setHorizontalHeaderLabels([self.tr("English"), self.tr("Arabic")])
        self.final_notice.setText(self.tr("A submitted decision is final."))
        self._update_ok()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class ManageReviewsDialog(QDialog):
    """The supervisor assigns each discipline review of the open cycle to an engineer of the
    discipline, and reopens a decision that must be taken again."""

    def __init__(self, reviews: list[dict[str, Any]], engineers: list[dict[str, Any]],
                 parent=None):
        super().__init__(parent)
        self.setObjectName("manageReviewsDialog")
        self.resize(640, 300)
        self.reviews = reviews
        self.table = QTableWidget(len(reviews), 4, self)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.assignees: list[QComboBox] = []
        for row, review in enumerate(reviews):
            self.table.setItem(row, 0, QTableWidgetItem(discipline_name(review["discipline"])))
            self.table.setItem(row, 1, QTableWidgetItem(decision_name(review.get("decision"))))
            chooser = QComboBox(self.table)
            chooser.addItem("", None)  # unassigned
            for engineer in engineers:
                if engineer.get("discipline") == review["discipline"]:
                    chooser.addItem(f"{engineer['full_name']} ({engineer['username']})",
                                    engineer["id"])
            chooser.setCurrentIndex(max(0, chooser.findData(review.get("assignee_id"))))
            self.table.setCellWidget(row, 2, chooser)
            self.assignees.append(chooser)
            reopen = QTableWidgetItem()
            decided = review.get("decision") is not None
            reopen.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                            if decided else Qt.ItemFlag.NoItemFlags)
            reopen.setCheckState(Qt.CheckState.Unchecked)
            self.table.setItem(row, 3, reopen)
        self.table.resizeColumnsToContents()
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        self.retranslate()

    def reopen(self, row: int, chosen: bool = True) -> None:
        self.table.item(row, 3).setCheckState(Qt.CheckState.Checked if chosen
                                              else Qt.CheckState.Unchecked)

    def changes(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """(review, PATCH body) for every review whose assignee changed or that reopens."""
        found = []
        for row, review in enumerate(self.reviews):
            body: dict[str, Any] = {}
            assignee = self.assignees[row].currentData()
            if assignee is not None and assignee != review.get("assignee_id"):
                body["assignee_id"] = assignee
            if self.table.item(row, 3).checkState() == Qt.CheckState.Checked:
                body["reopen"] = True
            if body:
                found.append((review, body))
        return found

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Manage Reviews"))
        self.table.setHorizontalHeaderLabels([self.tr("Discipline"), self.tr("Decision"),
                                              self.tr("Assigned to"), self.tr("Reopen")])
        self.notice.setText(self.tr("A reopened decision is cleared, and the engineer decides"
                                    " again; the history keeps the earlier one."))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
