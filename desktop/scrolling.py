"""Dock contents that scroll instead of forcing the window taller than the screen."""
from __future__ import annotations

from PySide6.QtWidgets import QFrame, QScrollArea, QWidget


def scrolling(content: QWidget) -> QScrollArea:
    """`content` in a frameless scroll area that resizes it to the width available, so a dock
    of many rows asks for little height and scrolls when it is given little."""
    area = QScrollArea(content.parentWidget())
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(content)
    return area
