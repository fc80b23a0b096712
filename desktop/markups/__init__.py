"""Markups in the main window: tools on the canvas, undo, snapping, scales, the markups list,
export and import. `install_markups(window)` is the one place they are wired in."""
from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt

from desktop.markups.actions import MarkupToolBar
from desktop.markups.controller import MarkupsController
from desktop.markups.exporting import Exporter
from desktop.markups.list_dock import MarkupsDock

SCRIPT_VARIABLE = "PLANREVIEW_MARKUP_SCRIPT"   # test hook: see desktop.markups.script


@dataclass
class MarkupsUi:
    controller: MarkupsController
    toolbar: MarkupToolBar
    dock: MarkupsDock
    exporter: Exporter


def install_markups(window) -> MarkupsUi:
    """Adds the markup toolbar, the Markups menu (before Settings) and the markups list dock,
    and follows the window's drawings, sheets and views."""
    controller = MarkupsController(window, window.sync.controller.store)
    toolbar = MarkupToolBar(controller, window)
    window.addToolBar(Qt.ToolBarArea.LeftToolBarArea, toolbar)
    window.menuBar().insertMenu(window.settings_menu.menuAction(), toolbar.menu)
    dock = MarkupsDock(controller, window)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.view_menu.addAction(dock.toggleViewAction())
    exporter = Exporter(controller, toolbar.export_menu, window)
    ui = MarkupsUi(controller, toolbar, dock, exporter)
    if os.environ.get(SCRIPT_VARIABLE):
        from desktop.markups.script import run_script

        run_script(ui, os.environ[SCRIPT_VARIABLE])
    return ui
