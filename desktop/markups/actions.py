"""The markup actions: tools, edits, snapping, export and import; a toolbar and a menu.

Declared once in TOOLS and EDITS; their texts are set in `retranslate`, which the toolbar
calls again when the language changes.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QComboBox, QMenu, QToolBar

from desktop import i18n
from desktop.markups.controller import MarkupsController
from desktop.markups.names import kind_name
from desktop.markups.tools import CALIBRATE, SELECT, VIEWPORT
from review.markups import MarkupKind

PAN = "pan"
TOOLS = (PAN, SELECT, MarkupKind.CLOUD, MarkupKind.CALLOUT, MarkupKind.TEXT, MarkupKind.ARROW,
         MarkupKind.LINE, MarkupKind.POLYLINE, MarkupKind.RECTANGLE, MarkupKind.ELLIPSE,
         MarkupKind.HIGHLIGHT, MarkupKind.FREEHAND, MarkupKind.STAMP, MarkupKind.LENGTH,
         MarkupKind.POLYLENGTH, MarkupKind.AREA, MarkupKind.COUNT, MarkupKind.ANGLE, CALIBRATE,
         VIEWPORT)
# name: shortcut
EDITS = {
    "markup_undo": QKeySequence.StandardKey.Undo, "markup_redo": QKeySequence.StandardKey.Redo,
    "markup_copy": QKeySequence.StandardKey.Copy, "markup_paste": QKeySequence.StandardKey.Paste,
    "markup_delete": QKeySequence.StandardKey.Delete,
    "markup_select_all": QKeySequence.StandardKey.SelectAll,
    "markup_front": "Ctrl+]", "markup_back": "Ctrl+[",
    "markup_lock": "Ctrl+L", "markup_unlock": "Ctrl+Shift+L",
    "markup_snap": None,
    "markup_viewports": None, "markup_scales": None,
}
CHECKABLE_EDITS = ("markup_snap", "markup_viewports")   # on from the start


class MarkupToolBar(QToolBar):
    """The tools, the discipline new markups get, and the Markups menu it keeps translated."""

    def __init__(self, controller: MarkupsController, window):
        super().__init__(window)
        self.setObjectName("markupToolbar")
        self.controller = controller
        self.window_ = window
        self.undo_group = QUndoGroup(self)
        self.tool_actions: dict[str, QAction] = {}
        tools = QActionGroup(self)
        for name in TOOLS:
            action = QAction(self)
            action.setObjectName(f"tool_{name}")
            action.setCheckable(True)
            action.triggered.connect(lambda checked=False, n=name: controller.set_tool(
                None if n == PAN else n))
            tools.addAction(action)
            self.addAction(action)
            self.tool_actions[name] = action
        self.tool_actions[PAN].setChecked(True)
        self.addSeparator()
        self.discipline = QComboBox(self)
        self.discipline.setObjectName("markupDiscipline")
        self.discipline.currentIndexChanged.connect(self._on_discipline)
        self.addWidget(self.discipline)
        # The group names the step to undo after this prefix, in the stack's language.
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("Undo"))
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("Redo"))
        self.edit_actions: dict[str, QAction] = {"markup_undo": self.undo_action,
                                                 "markup_redo": self.redo_action}
        handlers = {
            "markup_copy": controller.copy_selection, "markup_paste": controller.paste,
            "markup_delete": controller.delete_selection,
            "markup_select_all": controller.select_all,
            "markup_front": lambda: controller.restack_selection(True),
            "markup_back": lambda: controller.restack_selection(False),
            "markup_lock": lambda: controller.lock_selection(True),
            "markup_unlock": lambda: controller.lock_selection(False),
            "markup_snap": lambda checked: setattr(controller.snapper, "enabled", checked),
            "markup_viewports": controller.show_viewports,
            "markup_scales": controller.show_scales,
        }
        for name, shortcut in EDITS.items():
            action = self.edit_actions.get(name) or QAction(self)
            action.setObjectName(name)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            if name in handlers:
                action.triggered.connect(handlers[name])
            self.edit_actions[name] = action
        for name in CHECKABLE_EDITS:
            self.edit_actions[name].setCheckable(True)
            self.edit_actions[name].setChecked(True)
        self.addAction(self.edit_actions["markup_snap"])
        self.menu = QMenu(window)
        self.menu.setObjectName("markupsMenu")
        self.tools_menu = self.menu.addMenu("")
        self.tools_menu.addActions(list(self.tool_actions.values()))
        for name in EDITS:
            if name in ("markup_front", "markup_viewports"):
                self.menu.addSeparator()
            self.menu.addAction(self.edit_actions[name])
        self.menu.addSeparator()
        self.export_menu = self.menu.addMenu("")
        controller.session_changed.connect(self._on_session)
        controller.tool_changed.connect(self._on_tool)
        self._on_session(None)
        self.retranslate()

    def _on_session(self, session) -> None:
        if session is not None:
            self.undo_group.addStack(session.undo_stack)
            self.undo_group.setActiveStack(session.undo_stack)
            index = self.discipline.findData(session.discipline)
            if index >= 0:
                self.discipline.setCurrentIndex(index)
        for action in (*self.tool_actions.values(), *self.edit_actions.values()):
            if action not in (self.undo_action, self.redo_action):
                action.setEnabled(session is not None)

    def _on_tool(self, name) -> None:
        self.tool_actions[name or PAN].setChecked(True)

    def _on_discipline(self, index: int) -> None:
        if self.controller.session is not None and index >= 0:
            self.controller.session.discipline = self.discipline.itemData(index)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Markup Tools"))
        self.tool_actions[PAN].setText(self.tr("Pan"))
        for name, action in self.tool_actions.items():
            if name != PAN:
                action.setText(kind_name(name))
        texts = {
            "markup_copy": self.tr("Copy Markups"), "markup_paste": self.tr("Paste Markups"),
            "markup_delete": self.tr("Delete Markups"),
            "markup_select_all": self.tr("Select All Markups on Sheet"),
            "markup_front": self.tr("Bring to Front"), "markup_back": self.tr("Send to Back"),
            "markup_lock": self.tr("Lock"), "markup_unlock": self.tr("Unlock"),
            "markup_snap": self.tr("Snap to Drawing"),
            "markup_viewports": self.tr("Show Viewports"),
            "markup_scales": self.tr("Sheet Scales…"),
        }
        for name, text in texts.items():
            self.edit_actions[name].setText(text)
        self.menu.setTitle(self.tr("&Markups"))
        self.tools_menu.setTitle(self.tr("&Tools"))
        self.export_menu.setTitle(self.tr("&Export and Import"))
        language = i18n.current_language()
        chosen = self.discipline.currentData()
        self.discipline.blockSignals(True)
        self.discipline.clear()
        for discipline in self.controller.disciplines.values():
            self.discipline.addItem(discipline.name(language), discipline.id)
        self.discipline.setCurrentIndex(max(0, self.discipline.findData(chosen)))
        self.discipline.blockSignals(False)
        self.discipline.setToolTip(self.tr("Discipline of new markups"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

