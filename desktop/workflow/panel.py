"""The application panel: registration data, state, decisions by discipline, history, and the
actions the state table offers the user's role (nothing else is shown)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (QDockWidget, QFormLayout, QHBoxLayout, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop.workflow.casefile import NOTE_ACTIONS, CaseFile, may_assess_fees, offered_actions
from desktop.workflow.controller import WorkflowController
from desktop.workflow.dialogs import DecisionDialog, NoteDialog

REGISTRATION_FIELDS = ("owner_name", "plot", "use_class", "floors", "gross_area_m2",
                       "consultant_office")


def fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()


def plot_text(plot: dict[str, Any]) -> str:
    return " / ".join(str(plot.get(k, "")) for k in
                      ("governorate", "wilayat", "area", "block", "plot_no"))


class ApplicationPanel(QDockWidget):
    dialog_opened = Signal(object)  # the NoteDialog or DecisionDialog just opened

    def __init__(self, controller: WorkflowController, parent=None):
        super().__init__(parent)
        self.setObjectName("applicationPanel")
        self.controller = controller
        self.heading = QLabel(self)
        self.state = QLabel(self)
        self.state.setObjectName("applicationState")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.form = QFormLayout()
        self.values = {name: QLabel(self) for name in REGISTRATION_FIELDS}
        self.field_labels = [QLabel(self) for _ in REGISTRATION_FIELDS]
        for label, name in zip(self.field_labels, REGISTRATION_FIELDS):
            self.form.addRow(label, self.values[name])
        self.decisions = QTableWidget(0, 5, self)
        self.decisions.setObjectName("decisionsTable")
        self.history = QTableWidget(0, 5, self)
        self.history.setObjectName("historyTable")
        for table in (self.decisions, self.history):
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.horizontalHeader().setStretchLastSection(True)
        self.decisions_label = QLabel(self)
        self.history_label = QLabel(self)
        self.action_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.state)
        layout.addLayout(self.form)
        layout.addLayout(self.action_row)
        layout.addWidget(self.message)
        layout.addWidget(self.decisions_label)
        layout.addWidget(self.decisions)
        layout.addWidget(self.history_label)
        layout.addWidget(self.history)
        self.setWidget(body)
        controller.case_loaded.connect(self.show_case)
        controller.failed.connect(self.message.setText)
        controller.busy_changed.connect(self._set_busy)
        self.retranslate()

    # ---- showing -------------------------------------------------------------------------

    def show_case(self, case: CaseFile) -> None:
        app = case.application
        self.heading.setText(f"{app['ref']}  {app['title']}")
        self.state.setText(app["state"])
        values = {"owner_name": app["owner_name"], "plot": plot_text(app["plot"]),
                  "use_class": app["use_class"], "floors": str(app["floors"]),
                  "gross_area_m2": f"{app['gross_area_m2']} m²",
                  "consultant_office": case.office}
        for name, value in values.items():
            self.values[name].setText(value)
        fill_table(self.decisions, [
            (str(r["cycle"]), r["discipline"], r.get("decision") or "",
             r.get("assignee") or "", r.get("summary") or "")
            for r in case.reviews()])
        fill_table(self.history, [
            (h["at"], h.get("actor") or self.tr("server"), h["from_state"], h["to_state"],
             h.get("note", "")) for h in case.history])
        self._show_actions(case)

    def _show_actions(self, case: CaseFile) -> None:
        for button in self.buttons.values():
            self.action_row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        user = self.controller.user
        names = list(offered_actions(case.state, user))
        if case.decidable_reviews(user):
            names.append("decide")
        if may_assess_fees(case.state, user):
            names.append("assess_fees")
        for name in names:
            button = QPushButton(self.action_text(name), self)
            button.setObjectName(f"action_{name}")
            button.setEnabled(not self.controller.busy)
            button.clicked.connect(lambda _=False, n=name: self.request(n))
            self.action_row.addWidget(button)
            self.buttons[name] = button

    def _set_busy(self, busy: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(not busy)

    # ---- acting --------------------------------------------------------------------------

    def request(self, name: str) -> None:
        """Runs an offered action, asking first for what it needs (a note, a decision)."""
        self.message.clear()
        if name == "decide":
            self.open_decision_dialog()
        elif name == "assess_fees":
            self.controller.assess_fees()
        elif name in NOTE_ACTIONS:
            dialog = NoteDialog(self.tr("Write a note saying why (%1):")
                                .replace("%1", self.action_text(name)), self)
            dialog.accepted.connect(lambda: self.controller.take(name, dialog.text()))
            self._open(dialog)
        else:
            self.controller.take(name)

    def open_decision_dialog(self) -> None:
        case = self.controller.case
        reviews = case.decidable_reviews(self.controller.user) if case else []
        if not reviews:
            return
        dialog = DecisionDialog(reviews, {r["id"]: case.open_corrections(r) for r in reviews},
                                self)
        dialog.accepted.connect(lambda: self.controller.decide(
            dialog.chosen_review(), dialog.chosen().value, dialog.summary.toPlainText().strip(),
            dialog.condition_texts()))
        self._open(dialog)

    def _open(self, dialog) -> None:
        dialog.open()
        self.dialog_opened.emit(dialog)

    # ---- text ----------------------------------------------------------------------------

    def action_text(self, name: str) -> str:
        texts = {
            "submit": self.tr("Submit"), "resubmit": self.tr("Resubmit"),
            "withdraw": self.tr("Withdraw…"), "accept": self.tr("Accept"),
            "return": self.tr("Return to Consultant…"), "reject": self.tr("Reject…"),
            "approve": self.tr("Approve"), "send_back": self.tr("Send Back for Review…"),
            "send_back_for_corrections": self.tr("Send Back for Corrections…"),
            "issue": self.tr("Issue Permit"), "decide": self.tr("Decide…"),
            "assess_fees": self.tr("Assess Fees"),
        }
        return texts.get(name, name)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Application"))
        labels = (self.tr("Owner:"), self.tr("Plot:"), self.tr("Use class:"), self.tr("Floors:"),
                  self.tr("Gross area:"), self.tr("Consultant office:"))
        for label, text in zip(self.field_labels, labels):
            label.setText(text)
        self.decisions_label.setText(self.tr("Decisions by discipline"))
        self.history_label.setText(self.tr("History"))
        self.decisions.setHorizontalHeaderLabels(
            [self.tr("Cycle"), self.tr("Discipline"), self.tr("Decision"), self.tr("By"),
             self.tr("Summary")])
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("From"), self.tr("To"), self.tr("Note")])
        for name, button in self.buttons.items():
            button.setText(self.action_text(name))
        if self.controller.case is None:
            self.heading.setText(self.tr("Open an application from the review queue."))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
