"""The Layers dock: a CAD sheet's layers with on/off, isolate, colour swatch and entity count,
and the lineweight display toggle. It acts on the canvas layer of the sheet shown
(a viewers.qt.cad_layer.CadSheetLayer); for PDF sheets it is empty and disabled.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from viewers.qt.cad_layer import CadSheetLayer

SWATCH_SIZE = 14
COLUMN_NAME, COLUMN_COUNT = 0, 1


def swatch(color: str) -> QIcon:
    pixmap = QPixmap(SWATCH_SIZE, SWATCH_SIZE)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class LayersDock(QDockWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("layers")
        self.layer: CadSheetLayer | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        self.tree = QTreeWidget(body)
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnCount(2)
        self.tree.itemChanged.connect(self._on_item_changed)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.all_on = QPushButton(body)
        self.isolate = QPushButton(body)
        self.all_on.clicked.connect(self.show_all)
        self.isolate.clicked.connect(self.isolate_selected)
        buttons.addWidget(self.all_on)
        buttons.addWidget(self.isolate)
        layout.addLayout(buttons)
        self.lineweights = QCheckBox(body)
        self.lineweights.setChecked(True)
        self.lineweights.toggled.connect(self._on_lineweights)
        layout.addWidget(self.lineweights)
        self.setWidget(body)
        self.set_layer(None)
        self.retranslate()

    def set_layer(self, layer) -> None:
        """Shows the layers of `layer` when it is a CAD sheet; empties the dock otherwise."""
        self.layer = layer if isinstance(layer, CadSheetLayer) else None
        self.tree.blockSignals(True)
        self.tree.clear()
        if self.layer is not None:
            for index, info in enumerate(self.layer.sheet.layers):
                item = QTreeWidgetItem([info.name, f"{info.entity_count:,}"])
                item.setData(COLUMN_NAME, Qt.ItemDataRole.UserRole, index)
                item.setIcon(COLUMN_NAME, swatch(info.color))
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(COLUMN_NAME, Qt.CheckState.Checked
                                   if self.layer.layer_visible(index) else Qt.CheckState.Unchecked)
                item.setTextAlignment(COLUMN_COUNT, Qt.AlignmentFlag.AlignRight)
                self.tree.addTopLevelItem(item)
            self.tree.sortItems(COLUMN_NAME, Qt.SortOrder.AscendingOrder)
            self.lineweights.blockSignals(True)
            self.lineweights.setChecked(self.layer.lineweights_shown())
            self.lineweights.blockSignals(False)
        self.tree.blockSignals(False)
        self.widget().setEnabled(self.layer is not None)

    def _items(self) -> list[QTreeWidgetItem]:
        return [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]

    def _on_item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self.layer is None or column != COLUMN_NAME:
            return
        index = item.data(COLUMN_NAME, Qt.ItemDataRole.UserRole)
        self.layer.set_layers_visible([index], item.checkState(COLUMN_NAME)
                                      == Qt.CheckState.Checked)

    def _set_checked(self, visible_indices: set[int]) -> None:
        self.tree.blockSignals(True)
        for item in self._items():
            index = item.data(COLUMN_NAME, Qt.ItemDataRole.UserRole)
            item.setCheckState(COLUMN_NAME, Qt.CheckState.Checked if index in visible_indices
                               else Qt.CheckState.Unchecked)
        self.tree.blockSignals(False)

    def show_all(self) -> None:
        if self.layer is None:
            return
        every = set(range(len(self.layer.sheet.layers)))
        self.layer.set_layers_visible(every, True)
        self._set_checked(every)

    def isolate_selected(self) -> None:
        """Only the selected layers stay on (the current one when none is selected)."""
        if self.layer is None:
            return
        chosen = self.tree.selectedItems() or ([self.tree.currentItem()]
                                               if self.tree.currentItem() else [])
        if not chosen:
            return
        keep = {item.data(COLUMN_NAME, Qt.ItemDataRole.UserRole) for item in chosen}
        every = set(range(len(self.layer.sheet.layers)))
        self.layer.set_layers_visible(every - keep, False)
        self.layer.set_layers_visible(keep, True)
        self._set_checked(keep)

    def _on_lineweights(self, shown: bool) -> None:
        if self.layer is not None:
            self.layer.set_lineweights(shown)

    def retranslate(self) -> None:
        translate = QCoreApplication.translate
        self.setWindowTitle(translate("LayersDock", "Layers"))
        self.tree.setHeaderLabels([translate("LayersDock", "Layer"),
                                   translate("LayersDock", "Entities")])
        self.all_on.setText(translate("LayersDock", "All On"))
        self.isolate.setText(translate("LayersDock", "Isolate"))
        self.isolate.setToolTip(translate("LayersDock", "Show only the selected layers"))
        self.lineweights.setText(translate("LayersDock", "Show lineweights"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
