"""The discipline review checklist of the open application: each item passed, failed or not
applicable, with a note and links to markups; results are kept in the local store."""
from __future__ import annotations

import uuid

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDockWidget, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QMenu, QPushButton,
                               QRadioButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from desktop import i18n
from desktop.workflow.casefile import CaseFile
from desktop.workflow.controller import WorkflowController
from desktop.permit_names import discipline_name
from review.checklists import (ChecklistResults, ItemResult, Status, Summary, load_checklists,
                               summarise)
from review.store import LocalStore
from review.workflow import INTAKE, Role

STATUSES = (Status.UNCHECKED, Status.PASS, Status.FAIL, Status.NOT_APPLICABLE)


def cycle_of(case: CaseFile | None, discipline: str) -> int:
    """Intake is checked once, before any review cycle opens; disciplines per cycle."""
    if case is None or discipline == INTAKE:
        return 0
    return max((cycle["n"] for cycle in case.cycles), default=0)


class ChecklistDock(QDockWidget):
    results_changed = Signal()
    def __init__(self, controller: WorkflowController, store: LocalStore, markups=None,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("checklistDock")
        self.controller = controller
        self.markups = markups  # the window's MarkupsController, when the window has one
        self.results = ChecklistResults(store)
        self.checklists = load_checklists()
        self.case: CaseFile | None = None
        self.rows: list[ItemResult] = []

        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.context = QLabel(body)
        self.discipline = QComboBox(body)
        self.discipline.setObjectName("checklistDiscipline")
        for discipline in self.checklists:
            self.discipline.addItem("", discipline)
        self.table = QTableWidget(0, 2, body)
        self.table.setObjectName("checklistItems")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.status_group = QButtonGroup(body)
        status_row = QHBoxLayout()
        for index, _status in enumerate(STATUSES):
            button = QRadioButton(body)
            self.status_group.addButton(button, index)
            status_row.addWidget(button)
        self.note = QLineEdit(body)
        self.note.setObjectName("checklistNote")
        self.linked = QListWidget(body)
        self.linked.setObjectName("checklistMarkups")
        self.link_button = QPushButton(body)
        self.jump_button = QPushButton(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.jump_button)
        self.summary = QLabel(body)
        self.summary.setObjectName("checklistSummary")
        for widget in (self.context, self.discipline, self.table):
            layout.addWidget(widget)
        layout.addLayout(status_row)
        layout.addWidget(self.note)
        layout.addWidget(self.linked)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        self.setWidget(body)

        self.discipline.currentIndexChanged.connect(lambda _index: self.reload())
        self.table.currentCellChanged.connect(lambda *_cells: self._show_item())
        self.status_group.idClicked.connect(lambda index: self._save(status=STATUSES[index]))
        self.note.editingFinished.connect(lambda: self._save(note=self.note.text()))
        self.link_button.clicked.connect(self.link_selected_markups)
        self.jump_button.clicked.connect(self.jump_to_markup)
        self.linked.itemDoubleClicked.connect(lambda _item: self.jump_to_markup())
        controller.case_loaded.connect(self.show_case)
        self.retranslate()
        self.reload()

    # ---- data ---------------------------------------------------------------------------------
    def show_case(self, case: CaseFile) -> None:
        first = self.case is None or self.case.id != case.id
        self.case = case
        if first:
            self._choose_discipline()
        self.reload()

    @property
    def cycle(self) -> int:
        return cycle_of(self.case, self.discipline.currentData())

    def summary_for(self, case: CaseFile, discipline: str) -> Summary | None:
        """The case's results for a discipline's checklist; None when it has no checklist."""
        checklist = self.checklists.get(discipline)
        if checklist is None:
            return None
        return summarise(self.results.results(case.id, cycle_of(case, discipline), checklist))

    def results_for_server(self, case: CaseFile, discipline: str) -> list[dict] | None:
        """The results as the permit server keeps them with the intake decision (item id,
        its English text, status, note); None when the discipline has no checklist."""
        checklist = self.checklists.get(discipline)
        if checklist is None:
            return None
        texts = {item.id: item.text_en for item in checklist.items}
        return [{"item": r.item, "text": texts[r.item], "status": r.status.value,
                 "note": r.note}
                for r in self.results.results(case.id, cycle_of(case, discipline), checklist)]

    def _choose_discipline(self) -> None:
        """The intake clerk sees the required documents, an engineer their discipline."""
        user = self.controller.user
        wanted = INTAKE if user.get("role") == Role.INTAKE_CLERK else user.get("discipline")
        index = self.discipline.findData(wanted)
        if index >= 0:
            self.discipline.setCurrentIndex(index)

    def reload(self) -> None:
        """Fills the items of the chosen discipline with the results stored for the case."""
        checklist = self.checklists.get(self.discipline.currentData())
        if self.case is None or checklist is None:
            self.rows = []
        else:
            self.rows = self.results.results(self.case.id, self.cycle, checklist)
        current = max(self.table.currentRow(), 0)
        self.table.setRowCount(len(self.rows))
        language = i18n.current_language()
        texts = {item.id: item.text(language) for item in checklist.items} if checklist else {}
        for row, result in enumerate(self.rows):
            self.table.setItem(row, 0, QTableWidgetItem(texts[result.item]))
            self.table.setItem(row, 1, QTableWidgetItem(self.status_text(result.status)))
        if self.rows:
            self.table.setCurrentCell(min(current, len(self.rows) - 1), 0)
        self._show_item()
        self._show_context()

    def current(self) -> ItemResult | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def _save(self, *, status: Status | None = None, note: str | None = None,
              markups: tuple[str, ...] | None = None) -> None:
        result = self.current()
        if result is None or self.case is None:
            return
        changed = ItemResult(result.item, result.status if status is None else status,
                             result.note if note is None else note,
                             result.markups if markups is None else markups)
        if (changed.status, changed.note, changed.markups) == (
                result.status, result.note, result.markups):
            return
        self.results.record(self.case.id, self.cycle, self.discipline.currentData(), changed,
                            self.controller.user.get("username", ""))
        self.reload()
        self.results_changed.emit()

    # ---- markups ------------------------------------------------------------------------------
    def link_selected_markups(self) -> None:
        result = self.current()
        session = self.markups.session if self.markups else None
        if result is None or session is None:
            return
        chosen = [str(markup.id) for markup in session.selected()]
        self._save(markups=result.markups + tuple(m for m in chosen if m not in result.markups))

    def jump_to_markup(self) -> None:
        item = self.linked.currentItem() or self.linked.item(0)
        if item is not None and self.markups is not None:
            self.markups.jump_to(uuid.UUID(item.data(Qt.ItemDataRole.UserRole)))

    # ---- display ------------------------------------------------------------------------------
    def _show_item(self) -> None:
        result = self.current()
        editable = result is not None
        for widget in (*self.status_group.buttons(), self.note, self.link_button,
                       self.jump_button):
            widget.setEnabled(editable)
        self.linked.clear()
        if result is None:
            self.note.clear()
            return
        self.status_group.button(STATUSES.index(result.status)).setChecked(True)
        self.note.setText(result.note)
        for number, markup_id in enumerate(result.markups, 1):
            entry = QListWidgetItem(self.tr("Markup %1").replace("%1", str(number)))
            entry.setData(Qt.ItemDataRole.UserRole, markup_id)
            entry.setToolTip(markup_id)
            self.linked.addItem(entry)
        self.jump_button.setEnabled(bool(result.markups) and self.markups is not None)
        self.link_button.setEnabled(self.markups is not None)

    def _show_context(self) -> None:
        if self.case is None:
            self.context.setText(self.tr("Open an application to review its checklist."))
            self.summary.clear()
            return
        self.context.setText(self.tr("Application %1, review cycle %2")
                             .replace("%1", self.case.application["ref"])
                             .replace("%2", str(self.cycle)))
        summary = summarise(self.rows)
        self.summary.setText(self.tr("%1 items failed, %2 unchecked")
                             .replace("%1", str(len(summary.failed)))
                             .replace("%2", str(summary.unchecked)))

    def status_text(self, status: Status) -> str:
        return {Status.UNCHECKED: self.tr("Unchecked"), Status.PASS: self.tr("Pass"),
                Status.FAIL: self.tr("Fail"),
                Status.NOT_APPLICABLE: self.tr("Not applicable")}[status]

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Review Checklist"))
        for index in range(self.discipline.count()):
            self.discipline.setItemText(index, discipline_name(self.discipline.itemData(index)))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Result")])
        for index, status in enumerate(STATUSES):
            self.status_group.button(index).setText(self.status_text(status))
        self.note.setPlaceholderText(self.tr("Note"))
        self.link_button.setText(self.tr("Link Selected Markups"))
        self.jump_button.setText(self.tr("Show Markup"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self.reload()
        super().changeEvent(event)


def install_checklist_dock(window, controller: WorkflowController, menu: QMenu) -> ChecklistDock:
    """Adds the checklist dock (hidden) beside the other workflow docks and to the menu."""
    markups = getattr(window, "markups", None)
    dock = ChecklistDock(controller, window.sync.controller.store,
                         markups.controller if markups else None, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()
    menu.addAction(dock.toggleViewAction())
    return dock
