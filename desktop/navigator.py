"""The sheet navigator dock: thumbnails, sheet number and title, page label.

The model is lazy: a 2000-page set asks only for the rows the list shows.
"""
from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDockWidget, QListView, QMenu, QStyle, QStyledItemDelegate

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


THUMBNAIL_HEIGHT = 110
TEXT_LINES = 3  # sheet number, title, page label


class ThumbnailDelegate(QStyledItemDelegate):
    """The thumbnail centred on top, each text line under it elided to the dock's width, so
    a narrow dock (or a right-to-left one) never clips or scrolls sideways."""

    MARGIN = 6

    def sizeHint(self, option, index) -> QSize:
        lines = TEXT_LINES * option.fontMetrics.height()
        view = self.parent()
        width = view.viewport().width() - 2 * view.spacing() if view is not None else 120
        return QSize(max(width, 60), THUMBNAIL_HEIGHT + lines + 3 * self.MARGIN)

    def paint(self, painter, option, index) -> None:
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter,
                                option.widget)
        area = option.rect.adjusted(self.MARGIN, self.MARGIN, -self.MARGIN, -self.MARGIN)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            scaled = pixmap.size().scaled(area.width(), THUMBNAIL_HEIGHT,
                                          Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(0, 0, scaled.width(), scaled.height())
            target.moveCenter(QRect(area.left(), area.top(), area.width(),
                                    THUMBNAIL_HEIGHT).center())
            painter.drawPixmap(target, pixmap)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(option.palette.highlightedText().color() if selected
                       else option.palette.text().color())
        metrics = option.fontMetrics
        top = area.top() + THUMBNAIL_HEIGHT + self.MARGIN
        for line in (index.data(Qt.ItemDataRole.DisplayRole) or "").split("\n")[:TEXT_LINES]:
            text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, area.width())
            painter.drawText(QRect(area.left(), top, area.width(), metrics.height()),
                             Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter, text)
            top += metrics.height()


class NavigatorDock(QDockWidget):
    sheet_activated = Signal(int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("navigator")
        self.model = SheetListModel(self)
        self.view = QListView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(ThumbnailDelegate(self.view))
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setSpacing(2)
        self.view.setLayoutMode(QListView.LayoutMode.Batched)
        self.view.setBatchSize(50)
        self.view.clicked.connect(lambda index: self.sheet_activated.emit(index.row()))
        self.view.activated.connect(lambda index: self.sheet_activated.emit(index.row()))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.sheet_actions: list = []
        self.setWidget(self.view)
        self.retranslate()

    def add_sheet_action(self, action) -> None:
        """An action of the sheet under the cursor, offered by its context menu."""
        self.sheet_actions.append(action)

    def _context_menu(self, position) -> None:
        index = self.view.indexAt(position)
        if not index.isValid() or not self.sheet_actions:
            return
        self.sheet_activated.emit(index.row())   # the action applies to the sheet shown
        menu = QMenu(self)
        menu.setObjectName("sheetMenu")
        menu.addActions(self.sheet_actions)
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(self.view.viewport().mapToGlobal(position))

    def set_current(self, row: int) -> None:
        self.view.setCurrentIndex(self.model.index(row))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sheets"))

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
