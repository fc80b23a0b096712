"""The central area: one canvas, or two side by side (synchronised or independent), and a
view detached into its own window for a second monitor.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QMainWindow, QSplitter, QVBoxLayout, QWidget

from viewers.qt.canvas import SheetCanvas, ViewState


class SheetView:
    """A canvas and the sheet it shows (each view may show another sheet)."""

    def __init__(self, canvas: SheetCanvas):
        self.canvas = canvas
        self.sheet_index: int | None = None


class DetachedViewWindow(QMainWindow):
    closing = Signal(object)   # the SheetView to take back

    def __init__(self, view: SheetView, title: str):
        super().__init__()
        self.view = view
        self.setObjectName("detachedView")
        self.setWindowTitle(title)
        self.setCentralWidget(view.canvas)
        self.resize(1280, 900)

    def closeEvent(self, event) -> None:
        self.closing.emit(self.view)
        super().closeEvent(event)


class ViewArea(QWidget):
    """Owns the views; tells the window which view is active (last focused)."""

    active_view_changed = Signal(object)
    view_added = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        self.views: list[SheetView] = []
        self.detached: list[DetachedViewWindow] = []
        self.synchronised = True
        self._syncing = False
        self.active: SheetView = self._add_view()

    def _add_view(self) -> SheetView:
        view = SheetView(SheetCanvas())
        view.canvas.view_changed.connect(lambda state, v=view: self._on_view_changed(v, state))
        view.canvas.installEventFilter(self)
        view.canvas.viewport().installEventFilter(self)
        self.views.append(view)
        self.splitter.addWidget(view.canvas)
        self.view_added.emit(view)
        return view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            for view in self.views:
                if watched in (view.canvas, view.canvas.viewport()) and view is not self.active:
                    self.active = view
                    self.active_view_changed.emit(view)
        return super().eventFilter(watched, event)

    def is_split(self) -> bool:
        return len(self.views) > 1

    def split(self) -> SheetView:
        """Adds a second view beside the first; it starts on the same sheet and region."""
        if self.is_split():
            return self.views[1]
        view = self._add_view()
        self.splitter.setSizes([1, 1])
        return view

    def unsplit(self) -> None:
        while len(self.views) > 1:
            view = self.views.pop()
            for window in list(self.detached):
                if window.view is view:
                    self.detached.remove(window)
                    window.closing.disconnect()
                    window.close()
            view.canvas.set_layer(None)
            view.canvas.setParent(None)
            view.canvas.deleteLater()
        if self.active not in self.views:
            self.active = self.views[0]
            self.active_view_changed.emit(self.active)

    def detach(self, title: str) -> DetachedViewWindow:
        """Moves the second view (made if needed) into its own top-level window."""
        view = self.split()
        window = DetachedViewWindow(view, title)
        window.closing.connect(self._reattach)
        self.detached.append(window)
        window.show()
        return window

    def _reattach(self, view: SheetView) -> None:
        self.detached = [w for w in self.detached if w.view is not view]
        if view in self.views:
            self.splitter.addWidget(view.canvas)
            view.canvas.show()

    def set_synchronised(self, enabled: bool) -> None:
        self.synchronised = enabled
        if enabled and self.is_split():
            self._on_view_changed(self.active, self.active.canvas.view_state())

    def _on_view_changed(self, source: SheetView, state: ViewState) -> None:
        if not self.synchronised or self._syncing or not self.is_split():
            return
        self._syncing = True
        try:
            for view in self.views:
                if view is not source and view.sheet_index == source.sheet_index:
                    view.canvas.set_view_state(state)
        finally:
            self._syncing = False
