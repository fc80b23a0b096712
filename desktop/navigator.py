"""The sheet navigator dock: thumbnails, sheet number and title, page label.

The model is lazy: a 2000-page set asks only for the rows the list shows.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDockWidget, QListView

from viewers.qt.drawing import OpenDrawing


class SheetListModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.drawing: OpenDrawing | None = None

    def set_drawing(self, drawing: OpenDrawing | None) -> None:
        self.beginResetModel()
        if self.drawing is not None:
            try:
                self.drawing.sheet_changed.disconnect(self._on_sheet_changed)
            except (RuntimeError, TypeError):
                pass
        self.drawing = drawing
        if drawing is not None:
            drawing.sheet_changed.connect(self._on_sheet_changed)
        self.endResetModel()

    def _on_sheet_changed(self, row: int) -> None:
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.drawing is None else self.drawing.sheet_count()

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.drawing is None:
            return None
        info = self.drawing.info(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            lines = [info.number]
            if info.title:
                lines.append(info.title)
            if info.label and info.label != info.number:
                lines.append(info.label)
            return "\n".join(lines)
        if role == Qt.ItemDataRole.DecorationRole:
            image = self.drawing.thumbnail(index.row())
            return QPixmap.fromImage(image) if image is not None else None
        if role == Qt.ItemDataRole.ToolTipRole:
            size = f"{info.width_mm:.0f} x {info.height_mm:.0f} mm" if info.width_mm else ""
            return "\n".join(filter(None, [info.number, info.title, info.label, size]))
        return None


class NavigatorDock(QDockWidget):
    sheet_activated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("navigator")
        self.model = SheetListModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setIconSize(QSize(120, 90))
        self.view.setUniformItemSizes(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setSpacing(4)
        self.view.setWordWrap(True)
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(50)
        self.view.clicked.connect(lambda index: self.sheet_activated.emit(index.row()))
        self.view.activated.connect(lambda index: self.sheet_activated.emit(index.row()))
        self.setWidget(self.view)
        self.retranslate()

    def set_current(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sheets"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
