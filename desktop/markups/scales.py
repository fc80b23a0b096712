"""Asking for scales, and the sheet's scales dialog: its page scale and its viewports, each
renamed, rescaled or deleted there (undoable, like any markup edit).

A scale is chosen as a ratio to the paper (1:50, typed or picked), or calibrated by two
points with a known distance between them with the Calibrate Scale tool.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from desktop.markups.names import scale_text
from review.errors import PlanReviewError
from review.measure import ScaleError, parse_ratio, ratio_label, ratio_scale

COMMON_RATIOS = (1, 2, 5, 10, 20, 25, 50, 75, 100, 200, 250, 500, 1000, 1250, 2500, 5000)
DEFAULT_RATIO = 100
NAME_ROLE = Qt.ItemDataRole.UserRole   # a viewport's name; None on the sheet's own row


@dataclass(frozen=True)
class ViewportAnswer:
    name: str
    ratio: float | None   # None: the reviewer calibrates it next, by two points inside it


class ViewportDialog(QDialog):
    """A new viewport's name, and its scale as a ratio or "calibrate with two points"."""

    def __init__(self, parent, name: str, *, ratios: bool):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Define Viewport"))
        self.name = QLineEdit(name, self)
        self.name.selectAll()
        self.scale = QComboBox(self)
        self.scale.setEditable(ratios)
        if ratios:
            self.scale.addItems([ratio_label(r) for r in COMMON_RATIOS])
            self.scale.setCurrentIndex(COMMON_RATIOS.index(DEFAULT_RATIO))
        self.scale.addItem(self.tr("Calibrate with two points…"))
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("Name:"), self.name)
        form.addRow(self.tr("Scale:"), self.scale)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept_if_valid)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.answer: ViewportAnswer | None = None

    def _accept_if_valid(self) -> None:
        name = self.name.text().strip()
        if not name:
            self.problem.setText(self.tr("Give the viewport a name."))
            return
        chosen = self.scale.currentText()
        if chosen == self.scale.itemText(self.scale.count() - 1):
            self.answer = ViewportAnswer(name, None)
        else:
            try:
                self.answer = ViewportAnswer(name, parse_ratio(chosen))
            except ScaleError:
                self.problem.setText(self.tr("%1 is not a scale; write it as 1:50, 1:100 or 50.")
                                     .replace("%1", chosen))
                return
        self.accept()


def ask_viewport(parent, name: str, *, ratios: bool) -> ViewportAnswer | None:
    dialog = ViewportDialog(parent, name, ratios=ratios)
    return dialog.answer if dialog.exec() == QDialog.DialogCode.Accepted else None


def ask_ratio(parent, current: str) -> float | None:
    """A ratio typed or picked; asked again until it is one, None when cancelled."""
    choices = [ratio_label(r) for r in COMMON_RATIOS]
    if current not in choices:
        choices.insert(0, current)
    while True:
        text, ok = QInputDialog.getItem(
            parent, QCoreApplication.translate("ScalesDialog", "Change Scale"),
            QCoreApplication.translate("ScalesDialog", "Scale (e.g. 1:50, 1:100, 1:200):"),
            choices, choices.index(current), True)
        if not ok:
            return None
        try:
            return parse_ratio(text)
        except ScaleError:
            continue


class ScalesDialog(QDialog):
    """The scales of one sheet: its own, and its viewports'."""

    def __init__(self, controller, sheet: int, parent=None):
        super().__init__(parent)
        self.setObjectName("sheetScalesDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.controller = controller
        self.session = controller.session
        self.sheet = sheet
        self.table = QTreeWidget(self)
        self.table.setRootIsDecorated(False)
        self.table.setColumnCount(2)
        self.table.currentItemChanged.connect(self._enable)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.rename_button = QPushButton(self)
        self.rename_button.clicked.connect(self.rename_current)
        self.rescale_button = QPushButton(self)
        self.rescale_button.clicked.connect(self.rescale_current)
        self.delete_button = QPushButton(self)
        self.delete_button.clicked.connect(self.delete_current)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.rename_button, self.rescale_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        self.session.scales_changed.connect(self._on_scales_changed)
        controller.session_changed.connect(self.reject)   # its sheet is gone
        self.resize(460, 300)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sheet Scales — %1").replace(
            "%1", self.session.drawing.info(self.sheet).number))
        self.table.setHeaderLabels([self.tr("Name"), self.tr("Scale")])
        self.hint.setText(self.tr("Draw a viewport with Define Viewport. To calibrate a viewport,"
                                  " drag Calibrate Scale between two points inside it."))
        self.rename_button.setText(self.tr("Rename…"))
        self.rescale_button.setText(self.tr("Change Scale…"))
        self.delete_button.setText(self.tr("Delete"))
        self.refresh()

    def refresh(self) -> None:
        """Lists the scales again, the chosen row kept by name, else by place (renamed)."""
        chosen, place = self.current_name(), max(0, self.table.indexOfTopLevelItem(
            self.table.currentItem()))
        scales = self.session.scales(self.sheet)
        paper = self.session.mm_per_paper_unit(self.sheet)
        self.table.clear()
        rows = [(self.tr("Whole sheet"), None, scales.default),
                *((v.name, v.name, v.scale) for v in scales.viewports)]
        for text, name, scale in rows:
            item = QTreeWidgetItem([text, scale_text(scale, paper)])
            item.setData(0, NAME_ROLE, name)
            self.table.addTopLevelItem(item)
        names = [name for _text, name, _scale in rows]
        row = names.index(chosen) if chosen in names else min(place, len(rows) - 1)
        self.table.setCurrentItem(self.table.topLevelItem(row))
        self.table.resizeColumnToContents(0)
        self._enable()

    def current_name(self) -> str | None:
        item = self.table.currentItem()
        return item.data(0, NAME_ROLE) if item is not None else None

    def _enable(self, *_args) -> None:
        viewport = self.current_name() is not None
        self.rename_button.setEnabled(viewport)
        self.delete_button.setEnabled(viewport)
        self.rescale_button.setEnabled(self.session.mm_per_paper_unit(self.sheet) is not None)

    def _on_scales_changed(self, sheet: int) -> None:
        if sheet == self.sheet:
            self.refresh()

    # ---- edits ----------------------------------------------------------------------------------
    def rename_current(self) -> None:
        name = self.current_name()
        if name is None:
            return
        new_name = self.controller.prompts.viewport_name(self, name)
        if new_name is None or new_name == name:
            return
        viewport = self.session.scales(self.sheet).viewport(name)
        self._guarded(lambda: self.session.change_viewport(
            self.sheet, name, replace(viewport, name=new_name), self.tr("Rename Viewport")))

    def rescale_current(self) -> None:
        paper = self.session.mm_per_paper_unit(self.sheet)
        name = self.current_name()
        scales = self.session.scales(self.sheet)
        current = scales.viewport(name).scale if name is not None else scales.default
        ratio = self.controller.prompts.ratio(self, scale_text(current, paper))
        if ratio is None or paper is None:
            return
        scale = ratio_scale(ratio, paper)
        text = self.tr("Change Scale")
        if name is None:
            self._guarded(lambda: self.session.set_scales(
                self.sheet, replace(scales, default=scale), text))
        else:
            self._guarded(lambda: self.session.change_viewport(
                self.sheet, name, replace(scales.viewport(name), scale=scale), text))

    def delete_current(self) -> None:
        name = self.current_name()
        if name is not None:
            self._guarded(lambda: self.session.remove_viewport(
                self.sheet, name, self.tr("Delete Viewport")))

    def _guarded(self, call) -> None:
        try:
            call()
        except PlanReviewError as exc:
            self.controller.notify(str(exc))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
