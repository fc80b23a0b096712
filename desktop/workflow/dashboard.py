"""The supervisor dashboard: backlog by state, average days per stage, decisions by discipline
and overdue applications, drawn by matplotlib inside the window; exported to PNG or PDF."""
from __future__ import annotations

from pathlib import Path

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QVBoxLayout, QWidget)

from desktop.workflow.controller import WorkflowController
from desktop.workflow.statistics import DashboardFigures


class DashboardDock(QDockWidget):
    def __init__(self, controller: WorkflowController, parent=None):
        super().__init__(parent)
        self.setObjectName("supervisorDashboard")
        self.controller = controller
        self.figure = Figure(figsize=(9, 6), layout="constrained")
        self.canvas = FigureCanvasQTAgg(self.figure)
        self.figures: DashboardFigures | None = None
        self.refresh_button = QPushButton(self)
        self.refresh_button.clicked.connect(controller.load_dashboard)
        self.export_button = QPushButton(self)
        self.export_button.clicked.connect(self.choose_export)
        self.message = QLabel(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addLayout(buttons)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.message)
        self.setWidget(body)
        controller.dashboard_loaded.connect(self.show_figures)
        self.retranslate()

    def show_figures(self, figures: DashboardFigures) -> None:
        self.figures = figures
        self._draw()

    def _draw(self) -> None:
        self.figure.clear()
        if self.figures is None:
            self.canvas.draw_idle()
            return
        f = self.figures
        backlog, stages, decisions, overdue = self.figure.subplots(2, 2).flat
        backlog.barh(list(f.backlog_by_state), list(f.backlog_by_state.values()))
        backlog.set_title(self.tr("Backlog by state"))
        stages.barh(list(f.average_days_by_stage), list(f.average_days_by_stage.values()))
        stages.set_title(self.tr("Average days per stage"))
        outcomes = sorted({d for counts in f.decisions_by_discipline.values() for d in counts})
        disciplines = list(f.decisions_by_discipline)
        left = [0] * len(disciplines)
        for outcome in outcomes:
            counts = [f.decisions_by_discipline[d].get(outcome, 0) for d in disciplines]
            decisions.barh(disciplines, counts, left=left, label=outcome)
            left = [a + b for a, b in zip(left, counts)]
        if outcomes:
            decisions.legend(fontsize="small")
        decisions.set_title(self.tr("Decisions by discipline"))
        overdue.barh([ref for ref, _ in f.overdue], [days for _, days in f.overdue],
                     color="#c0392b")
        overdue.set_title(self.tr("Overdue applications (days waiting)"))
        self.canvas.draw_idle()

    def export(self, path: Path | str) -> None:
        """Saves the charts; the file name's suffix (.png or .pdf) picks the format."""
        self.figure.savefig(path)

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export Dashboard"), "dashboard.pdf",
                                              self.tr("PDF (*.pdf);;PNG image (*.png)"))
        if path:
            try:
                self.export(path)
            except OSError as exc:
                self.message.setText(self.tr("Cannot save %1: %2").replace("%1", path)
                                     .replace("%2", exc.strerror or str(exc)))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Supervisor Dashboard"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export…"))
        self._draw()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
