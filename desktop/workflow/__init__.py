"""The review workflow in the desktop: the application panel with the actions the user's role
may take, the fee panel and the supervisor dashboard. `install_workflow(window)` adds them to a
window that already has the sync parts (`window.sync`)."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.workflow.checklist_dock import ChecklistDock, install_checklist_dock
from desktop.workflow.controller import WorkflowController
from desktop.workflow.dashboard import DashboardDock
from desktop.workflow.fees_panel import FeesPanel
from desktop.workflow.panel import ApplicationPanel
from review.workflow import Role

DASHBOARD_ROLES = (Role.SUPERVISOR, Role.ADMIN)
CHECKLIST_ROLES = (Role.INTAKE_CLERK, Role.ENGINEER)  # who ticks a checklist while reviewing


class WorkflowMenu(QMenu):
    """Shows or hides the workflow docks; the dashboard only for supervisors."""

    def __init__(self, panel: ApplicationPanel, fees: FeesPanel, dashboard: DashboardDock,
                 parent=None):
        super().__init__(parent)
        self.setObjectName("workflowMenu")
        self.panel_action = panel.toggleViewAction()
        self.fees_action = fees.toggleViewAction()
        self.dashboard_action = dashboard.toggleViewAction()
        for action in (self.panel_action, self.fees_action, self.dashboard_action):
            self.addAction(action)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Workflow"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


@dataclass
class WorkflowUi:
    controller: WorkflowController
    panel: ApplicationPanel
    fees: FeesPanel
    dashboard: DashboardDock
    menu: WorkflowMenu
    checklists: ChecklistDock

    def show_for_role(self, role: str) -> None:
        allowed = role in DASHBOARD_ROLES
        self.menu.dashboard_action.setVisible(allowed)
        self.dashboard.setVisible(allowed and self.dashboard.isVisible())
        if allowed:
            self.controller.load_dashboard()

    def logged_in(self) -> None:
        """Another user may have logged in: offer what their role may do."""
        self.show_for_role(self.controller.user.get("role", ""))
        self.controller.refresh()

    def open_application(self, app_id: str) -> None:
        if self.controller.user.get("role") in CHECKLIST_ROLES:
            self.checklists.show()
        self.panel.show()
        self.panel.raise_()
        self.controller.open(app_id)


def install_workflow(window: QMainWindow) -> WorkflowUi:
    """Adds the docks and the Workflow menu (before the last menu); opening an application in
    the review queue shows it in the application panel."""
    controller = WorkflowController(window.sync.controller, window)
    panel = ApplicationPanel(controller, window)
    fees = FeesPanel(controller, window)
    fees.markup_session = lambda: window.markups.controller.session
    dashboard = DashboardDock(controller, window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, fees)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dashboard)
    window.tabifyDockWidget(panel, fees)
    for dock in (panel, fees, dashboard):
        dock.hide()
    menu = WorkflowMenu(panel, fees, dashboard, window)
    menus = window.menuBar().actions()
    window.menuBar().insertMenu(menus[-1] if menus else None, menu)
    checklists = install_checklist_dock(window, controller, menu)
    window.tabifyDockWidget(fees, checklists)
    panel.checklist_summary = checklists.summary_for
    panel.checklist_results = checklists.results_for_server
    checklists.results_changed.connect(panel.show_intake_checklist)
    panel.document_requested.connect(window.sync.controller.open_document)
    controller.approved_set_ready.connect(lambda copy: window.open_file(copy.path))
    ui = WorkflowUi(controller, panel, fees, dashboard, menu, checklists)
    queue = window.sync.queue

    def open_row(index: QModelIndex) -> None:
        app_id = queue.model.data(index, Qt.ItemDataRole.UserRole)
        if app_id:
            ui.open_application(app_id)

    queue.view.doubleClicked.connect(open_row)
    window.sync.controller.logged_in.connect(lambda _name: ui.logged_in())
    window.sync.controller.logged_out.connect(lambda _message: ui.show_for_role(""))
    controller.failed.connect(lambda message: window.statusBar().showMessage(message, 15000))
    ui.show_for_role("")
    return ui
