"""The canvas side of a sheet: how one sheet paints itself into the sheet canvas.

The canvas is a QGraphicsView. Its scene coordinates are "scene units", y down; each sheet
layer says how its native sheet units map into the scene (`sheet_to_scene`):
- PDF: identity (points from the displayed page's top-left, y down);
- DXF: x - x0, y1 - y (y flipped, shifted so the extents start at 0 and stay precise).
Markups are stored in sheet units and placed in the scene through that transform.

The canvas calls `paint` from drawBackground with the exposed scene rectangle and the number
of device pixels per scene unit; a layer must never block there: it paints what it has (a
scaled preview, cached tiles) and schedules the rest, emitting `updated` when more arrives.
"""
from __future__ import annotations

from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QPainter, QTransform

from viewers.core.sheets import SheetInfo


class SheetLayer(QObject):
    """Base class of a sheet's painter on the canvas (PDF page tiles, compiled DXF geometry)."""

    updated = Signal(QRectF)        # scene rect that has new content (null rect: everything)
    fully_drawn = Signal()          # every tile/primitive of the last paint is sharp
    busy = Signal(bool)             # long work (rendering, compiling) started / finished

    def __init__(self, info: SheetInfo, parent: QObject | None = None):
        super().__init__(parent)
        self.info = info

    def scene_rect(self) -> QRectF:
        """The sheet's extent in scene units."""
        return QRectF(0.0, 0.0, self.info.width, self.info.height)

    def fit_rect(self) -> QRectF:
        """What Fit Page shows (scene units): the sheet, or where a drawing's content is."""
        return self.scene_rect()

    def sheet_to_scene(self) -> QTransform:
        """Native sheet units -> scene units."""
        return QTransform()

    def paint(self, painter: QPainter, exposed: QRectF, device_scale: float) -> None:
        """Paints the part of the sheet in `exposed` (scene units); never blocks."""
        raise NotImplementedError

    def is_fully_drawn(self) -> bool:
        """True when the last paint drew final-quality content everywhere it was asked to."""
        return True

    def cancel(self) -> None:
        """Drops pending work (a render that takes minutes can be abandoned)."""

    def release(self) -> None:
        """Frees caches when the sheet is no longer shown."""
