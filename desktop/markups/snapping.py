"""Snapping the markup tools to the drawing: CAD sheets through their compiled snap index,
PDF pages through their vector paths, read in a child process and cached per page.

Also the Shift constraint: the point turns about the previous one to the nearest 45°.
"""
from __future__ import annotations

import math
import subprocess
import sys
from collections import OrderedDict

from PySide6.QtCore import QObject, Signal

from desktop import tasks
from desktop.markups.pdf_geometry import from_bytes
from review.markups import Point
from viewers.core.cad.snapping import SnapIndex, SnapResult, snap
from viewers.qt.cad_layer import CadSheetLayer

PDF_PAGES_CACHED = 16
PDF_GEOMETRY_TIMEOUT_S = 120
CONSTRAINT_STEP_DEGREES = 45.0


class Snapper(QObject):
    """Finds the drawing point nearest the cursor; PDF pages are prepared on first use."""

    page_ready = Signal(str, int)    # path, page

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.enabled = True
        self._pdf: OrderedDict[tuple[str, int], SnapIndex] = OrderedDict()
        self._pending: set[tuple[str, int]] = set()

    def snap(self, drawing, layer, sheet: int, point: Point, radius: float,
             base: Point | None = None) -> SnapResult | None:
        if not self.enabled or layer is None:
            return None
        if isinstance(layer, CadSheetLayer):
            return snap(layer.sheet, point[0], point[1], radius, base=base,
                        hidden_layers=layer.hidden_layers())
        if drawing is None or drawing.kind != "pdf":
            return None
        key = (drawing.path, sheet)
        index = self._pdf.get(key)
        if index is None:
            self.prepare_pdf_page(drawing.path, drawing.password, sheet)
            return None
        self._pdf.move_to_end(key)
        return index.snap(point[0], point[1], radius, base=base)

    def prepare_pdf_page(self, path: str, password: str | None, page: int) -> None:
        key = (path, page)
        if key in self._pdf or key in self._pending:
            return
        self._pending.add(key)
        tasks.run_task("io", lambda: _read_page_geometry(path, password, page),
                       lambda index: self._on_ready(key, index),
                       lambda exc: self._pending.discard(key))

    def _on_ready(self, key: tuple[str, int], index: SnapIndex) -> None:
        self._pending.discard(key)
        self._pdf[key] = index
        while len(self._pdf) > PDF_PAGES_CACHED:
            self._pdf.popitem(last=False)
        self.page_ready.emit(*key)


def _read_page_geometry(path: str, password: str | None, page: int) -> SnapIndex:
    done = subprocess.run([sys.executable, "-m", "desktop.markups.pdf_geometry", path, str(page)],
                          input=(password or "").encode("utf-8"), capture_output=True,
                          timeout=PDF_GEOMETRY_TIMEOUT_S, check=True)
    return SnapIndex(from_bytes(done.stdout))


def constrain(base: Point, point: Point) -> Point:
    """`point` turned about `base` onto the nearest multiple of 45°, keeping its distance
    along that direction (ortho and diagonal lines with Shift)."""
    dx, dy = point[0] - base[0], point[1] - base[1]
    step = math.radians(CONSTRAINT_STEP_DEGREES)
    angle = round(math.atan2(dy, dx) / step) * step
    along = dx * math.cos(angle) + dy * math.sin(angle)
    return base[0] + along * math.cos(angle), base[1] + along * math.sin(angle)
