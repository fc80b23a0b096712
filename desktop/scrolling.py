"""Dock contents that scroll instead of forcing the window taller than the screen."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


class _HeightForWidthScroller(QScrollArea):
    """A resizable scroll area that gives wrapped text the height it needs at the width
    available (QScrollArea alone squeezes word-wrapped rows into the visible height)."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_height()
        return super().eventFilter(watched, event)

    def _fit_height(self) -> None:
        content = self.widget()
        if content is not None and content.hasHeightForWidth():
            content.setMinimumHeight(content.heightForWidth(self.viewport().width()))


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area that resizes it to the width available, so a dock
    of many rows asks for little height and scrolls when it is given little."""
    area = _HeightForWidthScroller(content.parentWidget())
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    content.installEventFilter(area)
    return area
