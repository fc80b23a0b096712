"""The application panel: registration data, drawings, decisions by discipline with open
corrections and conditions, the history, and the actions the state table offers the user's role
(nothing else is shown)."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (QDockWidget, QFormLayout, QHBoxLayout, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from desktop.i18n import isolated
from desktop.markups.names import measure_words
from desktop.scrolling import scrolling
from desktop.workflow.casefile import NOTE_ACTIONS, CaseFile, may_assess_fees, offered_actions
from desktop.workflow.controller import WorkflowController
from desktop.workflow.dialogs import (ConfirmDialog, DecisionDialog, ManageReviewsDialog,
                                      NoteDialog)
from desktop.workflow.verification import reason_text
from desktop.permit_names import (action_name, decision_name, discipline_name, state_name,
                                    use_class_name, when_text)
from review.text_safety import display_name, neutralize, single_line
from review.workflow import INTAKE, INTAKE_CHECK_ACTIONS, State

REGISTRATION_FIELDS = ("owner_name", "plot", "use_class", "floors", "gross_area_m2",
                       "consultant_office", "registration", "submitted_at", "cycle")
WARNING_STYLE = "color: #B71C1C; font-weight: bold;"
VALID_STYLE = "color: #1B5E20; font-weight: bold;"
INTAKE_STATES = (State.SUBMITTED, State.RETURNED)  # the intake clerk checks the documents


def fill_table(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(single_line(text))   # server text: no bidi overrides
            item.setToolTip(neutralize(text))  # notes and summaries are often wider
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def plot_text(plot: dict[str, Any]) -> str:
    return " / ".join(str(plot.get(k, "")) for k in
                      ("governorate", "wilayat", "area", "block", "plot_no"))


def read_only_table(columns: int, name: str, parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, columns, parent)
    table.setObjectName(name)
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ApplicationPanel(QDockWidget):
    dialog_opened = Signal(object)  # the NoteDialog or DecisionDialog just opened
    document_requested = Signal(dict)  # a drawing version to download and show

    def __init__(self, controller: WorkflowController, parent=None):
        super().__init__(parent)
        self.setObjectName("applicationPanel")
        self.controller = controller
        self.case: CaseFile | None = None
        # set by install_workflow: (case, discipline) -> Summary | None
        self.checklist_summary = None
        # set by install_workflow: (case, discipline) -> the checklist results the server keeps
        self.checklist_results = None
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.state = QLabel(self)
        self.state.setObjectName("applicationState")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.verification = QLabel(self)
        self.verification.setObjectName("approvedSetVerification")
        self.verification.setWordWrap(True)
        self.verification.hide()
        self.approved_set = None   # the ApprovedSetCopy whose check is shown
        self.tabs = QTabWidget(self)

        registration = QWidget(self)
        self.form = QFormLayout(registration)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.values = {name: QLabel(registration) for name in REGISTRATION_FIELDS}
        self.field_labels = [QLabel(registration) for _ in REGISTRATION_FIELDS]
        for label, name in zip(self.field_labels, REGISTRATION_FIELDS):
            self.values[name].setWordWrap(True)
            self.form.addRow(label, self.values[name])
        self.intake_checklist = QLabel(registration)
        self.intake_checklist.setObjectName("intakeChecklistSummary")
        self.intake_checklist.setWordWrap(True)
        self.form.addRow(self.intake_checklist)

        self.documents = read_only_table(5, "documentsTable", self)
        self.documents.doubleClicked.connect(lambda index: self.open_document(index.row()))
        self.open_button = QPushButton(self)
        self.open_button.setObjectName("openDocument")
        self.open_button.clicked.connect(lambda: self.open_document(self.documents.currentRow()))
        drawings = QWidget(self)
        drawings_layout = QVBoxLayout(drawings)
        drawings_layout.addWidget(self.documents)
        drawings_layout.addWidget(self.open_button)

        self.decisions = read_only_table(6, "decisionsTable", self)
        self.conditions = read_only_table(4, "conditionsTable", self)
        self.conditions_label = QLabel(self)
        decisions = QWidget(self)
        decisions_layout = QVBoxLayout(decisions)
        decisions_layout.addWidget(self.decisions, 2)
        decisions_layout.addWidget(self.conditions_label)
        decisions_layout.addWidget(self.conditions, 1)

        self.history = read_only_table(5, "historyTable", self)
        for page in (scrolling(registration), drawings, decisions, self.history):
            self.tabs.addTab(page, "")

        self.action_row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addWidget(self.heading)
        layout.addWidget(self.state)
        layout.addLayout(self.action_row)
        layout.addWidget(self.message)
        layout.addWidget(self.verification)
        layout.addWidget(self.tabs, 1)
        self.setWidget(body)
        controller.case_loaded.connect(self.show_case)
        controller.approved_set_ready.connect(self.show_verification)
        controller.failed.connect(self.message.setText)
        controller.busy_changed.connect(self._set_busy)
        self.retranslate()

    # ---- showing -------------------------------------------------------------------------

    def show_case(self, case: CaseFile) -> None:
        if self.case is None or self.case.id != case.id:
            self.verification.hide()
            self.approved_set = None
        self.case = case
        app = case.application
        self.heading.setText(single_line(f"{app['ref']}  {app['title']}"))
        self.state.setProperty("state", app["state"])  # for tests and style sheets
        self.state.setText(self.tr("%1 since %2").replace("%1", state_name(app["state"]))
                           .replace("%2", when_text(self._entered_state_at(case))))
        values = {"owner_name": app["owner_name"], "plot": plot_text(app["plot"]),
                  "use_class": use_class_name(app["use_class"]), "floors": str(app["floors"]),
                  "gross_area_m2": self._gross_area_text(app),
                  "consultant_office": case.office_text,
                  "registration": (self.tr("Valid") if case.registration_valid else
                                   self.tr("Not valid (%1)").replace(
                                       "%1", str(case.office.get("status", "")))),
                  "submitted_at": when_text(app.get("submitted_at")) or self.tr("Not yet"),
                  "cycle": str(app.get("current_cycle") or 0)}
        for name, value in values.items():
            self.values[name].setText(value)
        self.values["registration"].setStyleSheet(
            "" if case.registration_valid else WARNING_STYLE)
        fill_table(self.documents, [
            (d.get("sheet_no") or "", d.get("title") or "", d["current"]["filename"],
             str(d["current"]["n"]), when_text(d["current"]["uploaded_at"]))
            for d in case.documents])
        fill_table(self.decisions, [
            (str(r["cycle"]), discipline_name(r["discipline"]), decision_name(r.get("decision")),
             r.get("assignee") or "", str(case.open_corrections(r)), r.get("summary") or "")
            for r in case.reviews()])
        fill_table(self.conditions, [
            (str(c["cycle"]), discipline_name(c["discipline"]), c["text_en"], c["text_ar"])
            for c in case.conditions])
        fill_table(self.history, [
            (when_text(h["at"]), h.get("actor") or self.tr("server"), action_name(h["action"]),
             self._state_change(h), self._history_note(h)) for h in case.history])
        self.show_intake_checklist()
        self._show_actions(case)

    def show_verification(self, copy) -> None:
        """The signature check of the approved set just opened, in plain words. The permit
        number, the approver and the date are isolated: in Arabic a bare ISO date would read
        with its parts reversed."""
        self.approved_set = copy
        result = copy.verification
        permit = isolated(copy.permit["permit_no"])
        self.verification.show()
        if result.valid:
            self.verification.setText(
                self.tr("Approved set of permit %1: signature valid, timestamped and unchanged"
                        " since signing; approved by %2 on %3.")
                .replace("%1", permit).replace("%2", isolated(result.approver or ""))
                .replace("%3", isolated(result.issued or "")))
            self.verification.setStyleSheet(VALID_STYLE)
        else:
            self.verification.setText(
                self.tr("Approved set of permit %1 is NOT valid: %2")
                .replace("%1", permit)
                .replace("%2", self.tr("; ").join(reason_text(p) for p in result.problems)))
            self.verification.setStyleSheet(WARNING_STYLE)

    def _gross_area_text(self, app: dict[str, Any]) -> str:
        source = app.get("gross_area_source")
        if not source:
            return f"{app['gross_area_m2']} {measure_words().square_m}"
        return (self.tr("%1 m² (measured on sheet %2 by %3)")
                .replace("%1", app["gross_area_m2"])
                .replace("%2", source["sheet_label"] or str(source["sheet"] + 1))
                .replace("%3", source["set_by"]))

    def _entered_state_at(self, case: CaseFile) -> str | None:
        """When the application came into its state: the last history entry that moved it."""
        moves = [h for h in case.history if h["to_state"] == case.application["state"]
                 and h["from_state"] != h["to_state"]]
        return moves[-1]["at"] if moves else case.application.get("updated_at")

    def _history_note(self, entry: dict[str, Any]) -> str:
        """The note, and for the intake check what its checklist found."""
        checklist = entry.get("checklist")
        if not checklist:
            return entry.get("note", "")
        failed = [display_name(c["text"] or c["item"]) for c in checklist
                  if c["status"] == "fail"]
        found = (self.tr("checklist: %1 of %2 passed").replace(
            "%1", str(sum(1 for c in checklist if c["status"] == "pass")))
            .replace("%2", str(len(checklist))))
        if failed:
            found += self.tr("; failed: %1").replace("%1", ", ".join(failed))
        return " · ".join(part for part in (entry.get("note", ""), found) if part)

    def _state_change(self, entry: dict[str, Any]) -> str:
        if not entry["from_state"] or entry["from_state"] == entry["to_state"]:
            return state_name(entry["to_state"])
        return f"{state_name(entry['from_state'])} → {state_name(entry['to_state'])}"

    def intake_summary(self):
        """The intake clerk's required-documents checklist, while the application waits."""
        if (self.checklist_summary is None or self.case is None
                or self.case.state not in INTAKE_STATES):
            return None
        return self.checklist_summary(self.case, INTAKE)

    def show_intake_checklist(self) -> None:
        summary = self.intake_summary()
        self.intake_checklist.setVisible(summary is not None)
        if summary is None:
            return
        complete = not summary.failed and not summary.unchecked
        self.intake_checklist.setText(
            self.tr("Required documents: complete") if complete else
            self.tr("Required documents: %1 missing or failed, %2 unchecked")
            .replace("%1", str(len(summary.failed))).replace("%2", str(summary.unchecked)))
        self.intake_checklist.setStyleSheet("" if complete else WARNING_STYLE)

    def _show_actions(self, case: CaseFile) -> None:
        for button in self.buttons.values():
            self.action_row.removeWidget(button)
            button.deleteLater()
        self.buttons = {}
        user = self.controller.user
        names = list(offered_actions(case.state, user))
        if case.decidable_reviews(user):
            names.append("decide")
        if case.managed_reviews(user):
            names.append("manage_reviews")
        if may_assess_fees(case.state, user):
            names.append("assess_fees")
        if case.state == State.ISSUED:
            names.append("approved_set")
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

    def open_document(self, row: int) -> None:
        if self.case is not None and 0 <= row < len(self.case.documents):
            self.document_requested.emit(self.case.documents[row]["current"])

    # ---- acting --------------------------------------------------------------------------

    def request(self, name: str) -> None:
        """Runs an offered action, asking first for what it needs (a note, a decision)."""
        self.message.clear()
        if name == "decide":
            self.open_decision_dialog()
        elif name == "accept" and (summary := self.intake_summary()) is not None and (
                summary.failed or summary.unchecked):
            dialog = ConfirmDialog(self.tr(
                "The required-documents checklist is not complete (%1 missing or failed, %2"
                " unchecked). Accept the application and open the review anyway?")
                .replace("%1", str(len(summary.failed))).replace("%2", str(summary.unchecked)),
                self)
            dialog.accepted.connect(lambda: self._take(name))
            self._open(dialog)
        elif name == "assess_fees":
            self.controller.assess_fees()
        elif name == "manage_reviews":
            case = self.controller.case
            dialog = ManageReviewsDialog(case.managed_reviews(self.controller.user),
                                         list(case.engineers), self)
            dialog.accepted.connect(lambda: self.controller.manage_reviews(dialog.changes()))
            self._open(dialog)
        elif name == "approved_set":
            self.controller.open_approved_set()
        elif name in NOTE_ACTIONS:
            dialog = NoteDialog(self.tr("Write a note saying why (%1):")
                                .replace("%1", self.action_text(name)), self)
            dialog.accepted.connect(lambda: self._take(name, dialog.text()))
            self._open(dialog)
        else:
            self._take(name)

    def _take(self, name: str, note: str = "") -> None:
        """The action, with the intake checklist's results when it is the intake check."""
        checklist = None
        if (name in INTAKE_CHECK_ACTIONS and self.checklist_results is not None
                and self.case is not None):
            checklist = self.checklist_results(self.case, INTAKE)
        self.controller.take(name, note, checklist)

    def open_decision_dialog(self) -> None:
        case = self.controller.case
        reviews = case.decidable_reviews(self.controller.user) if case else []
        if not reviews:
            return
        summaries = {r["id"]: self.checklist_summary(case, r["discipline"])
                     for r in reviews} if self.checklist_summary else {}
        dialog = DecisionDialog(reviews, {r["id"]: case.open_corrections(r) for r in reviews},
                                summaries, self)
        dialog.accepted.connect(lambda: self.controller.decide(
            dialog.chosen_review(), dialog.chosen().value, dialog.summary.toPlainText().strip(),
            dialog.conditions_of_approval()))
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
            "send_back_for_replacement": self.tr("Send Back to Replace a Drawing…"),
            "issue": self.tr("Issue Permit"), "decide": self.tr("Decide…"),
            "assess_fees": self.tr("Assess Fees"),
            "approved_set": self.tr("Open Approved Set"),
            "manage_reviews": self.tr("Manage Reviews…"),
        }
        return texts.get(name, name)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Application"))
        labels = (self.tr("Owner:"), self.tr("Plot:"), self.tr("Use class:"), self.tr("Floors:"),
                  self.tr("Gross area:"), self.tr("Consultant office:"),
                  self.tr("Office registration:"), self.tr("Submitted:"),
                  self.tr("Review cycle:"))
        for label, text in zip(self.field_labels, labels):
            label.setText(text)
        for index, text in enumerate((self.tr("Registration"), self.tr("Drawings"),
                                      self.tr("Decisions"), self.tr("History"))):
            self.tabs.setTabText(index, text)
        self.documents.setHorizontalHeaderLabels(
            [self.tr("Sheet"), self.tr("Title"), self.tr("File"), self.tr("Version"),
             self.tr("Uploaded")])
        self.open_button.setText(self.tr("Open Drawing"))
        self.decisions.setHorizontalHeaderLabels(
            [self.tr("Cycle"), self.tr("Discipline"), self.tr("Decision"), self.tr("By"),
             self.tr("Open corrections"), self.tr("Summary")])
        self.conditions_label.setText(self.tr("Conditions of approval"))
        self.conditions.setHorizontalHeaderLabels(
            [self.tr("Cycle"), self.tr("Discipline"), self.tr("English"), self.tr("Arabic")])
        self.history.setHorizontalHeaderLabels(
            [self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("State"),
             self.tr("Note")])
        for name, button in self.buttons.items():
            button.setText(self.action_text(name))
        if self.case is None:
            self.heading.setText(self.tr("Open an application from the review queue."))
        else:
            self.show_case(self.case)  # state names, dates and disciplines in the new language
        if self.approved_set is not None:
            self.show_verification(self.approved_set)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
