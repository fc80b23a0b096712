"""Tiles: how a sheet is painted from exact-scale images made off the GUI thread.

`TileGrid` is the bookkeeping every tiled layer shares (PDF pages rendered by worker
processes, CAD sheets drawn by a worker thread): which tiles the exposed area needs at the
current device scale, blitting the cached ones at whole device pixels, covering missing ones
with the previous zoom level's tiles or a preview, and asking for them nearest the centre first.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

from viewers.core.cache import ByteBoundedCache

TILE = 512                      # device pixels per tile side
PAPER = QColor("white")
_AXIS_ALIGNED = (QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate,
                 QTransform.TransformationType.TxScale)


@dataclass(frozen=True)
class TileKey:
    document: str
    page: int
    scale: float      # device pixels per scene unit
    dpr: float
    column: int
    row: int

    def pixels(self, width_px: int, height_px: int) -> tuple[int, int, int, int]:
        return (self.column * TILE, self.row * TILE, min(width_px, (self.column + 1) * TILE),
                min(height_px, (self.row + 1) * TILE))


def image_bytes(image: QImage) -> int:
    return image.sizeInBytes()


def paint_preview_part(painter: QPainter, target: QRectF, preview: QImage | None,
                       sheet: QRectF) -> None:
    """The part of a whole-sheet preview image under `target` (scene units), scaled up."""
    if preview is None:
        return
    sx, sy = preview.width() / sheet.width(), preview.height() / sheet.height()
    painter.drawImage(target, preview, QRectF((target.left() - sheet.left()) * sx,
                                              (target.top() - sheet.top()) * sy,
                                              target.width() * sx, target.height() * sy))


class TileGrid:
    """Tile painting for one sheet on one canvas.

    submit(key, pixels, priority) asks for a tile; drop_stale(scale) forgets requests of a
    zoom level no longer shown; paint_preview(painter, target) covers a missing tile.
    """

    def __init__(self, cache: ByteBoundedCache, document: str, page: int, scene_rect: QRectF, *,
                 submit: Callable[[TileKey, tuple[int, int, int, int], int], None],
                 drop_stale: Callable[[float], None] = lambda scale: None,
                 paint_preview: Callable[[QPainter, QRectF], None] = lambda p, t: None,
                 failed: Callable[[Hashable], bool] = lambda key: False,
                 background: QColor = PAPER):
        self.cache = cache
        self.document = document
        self.page = page
        self.rect = scene_rect
        self._submit = submit
        self._drop_stale = drop_stale
        self._paint_preview = paint_preview
        self._failed = failed
        self.background = background
        self.generation = 0
        self.current_scale: float | None = None
        self.previous_scale: float | None = None
        self.wanted: set[Hashable] = set()

    def owns(self, key: Hashable) -> bool:
        return isinstance(key, TileKey) and key.document == self.document and key.page == self.page

    def forget_tiles(self) -> None:
        """Drops this sheet's cached tiles (its look changed: layers, lineweights)."""
        self.cache.discard_where(self.owns)
        self.previous_scale = None

    def paint(self, painter: QPainter, exposed: QRectF, device_scale: float) -> bool:
        """Paints what is cached, asks for the rest; True when everything was sharp."""
        area = exposed.intersected(self.rect)
        if area.isEmpty() or device_scale <= 0:
            return True
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        scale = round(device_scale, 9)
        if scale != self.current_scale:
            if self.current_scale is not None:
                self.previous_scale = self.current_scale
                self._drop_stale(self.current_scale)
            self.current_scale = scale
        self.generation += 1
        width_px = max(1, math.ceil(self.rect.width() * scale))
        height_px = max(1, math.ceil(self.rect.height() * scale))
        c0 = max(0, int(area.left() * scale // TILE))
        c1 = min((width_px - 1) // TILE, int(area.right() * scale // TILE))
        r0 = max(0, int(area.top() * scale // TILE))
        r1 = min((height_px - 1) // TILE, int(area.bottom() * scale // TILE))
        world = painter.worldTransform()
        # Unrotated views blit tiles at whole device pixels: no resampling, the fast path.
        blit = world.type() in _AXIS_ALIGNED
        missing: list[tuple[TileKey, tuple[int, int, int, int]]] = []
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for row in range(r0, r1 + 1):
            for col in range(c0, c1 + 1):
                key = TileKey(self.document, self.page, scale, dpr, col, row)
                pixels = key.pixels(width_px, height_px)
                target = QRectF(pixels[0] / scale, pixels[1] / scale,
                                (pixels[2] - pixels[0]) / scale, (pixels[3] - pixels[1]) / scale)
                image = self.cache.get(key)
                if image is None:
                    missing.append((key, pixels))
                    painter.fillRect(target, self.background)
                    self._paint_preview(painter, target)
                    self._paint_previous_level(painter, target, dpr)
                elif blit:
                    corner = world.map(target.topLeft())
                    painter.resetTransform()
                    painter.drawImage(QPointF(round(corner.x() * dpr) / dpr,
                                              round(corner.y() * dpr) / dpr), image)
                    painter.setWorldTransform(world)
                else:
                    painter.drawImage(target, image)
        painter.restore()
        self._request(missing, scale, area)
        return not missing

    def _paint_previous_level(self, painter: QPainter, target: QRectF, dpr: float) -> None:
        """Sharper than a preview: tiles of the previous zoom level that cover `target`."""
        scale = self.previous_scale
        if scale is None:
            return
        first_col = int(target.left() * scale // TILE)
        last_col = int(max(target.left(), target.right() - 1e-9) * scale // TILE)
        first_row = int(target.top() * scale // TILE)
        last_row = int(max(target.top(), target.bottom() - 1e-9) * scale // TILE)
        if (last_col - first_col + 1) * (last_row - first_row + 1) > 16:
            return  # zoomed far in from a coarse level: the preview is as good
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                image = self.cache.peek(TileKey(self.document, self.page, scale, dpr, c, r))
                if image is None:
                    continue
                source = QRectF(c * TILE / scale, r * TILE / scale,
                                image.width() / scale, image.height() / scale)
                clipped = source.intersected(target)
                if clipped.isEmpty():
                    continue
                image_rect = QRectF((clipped.left() - source.left()) * scale,
                                    (clipped.top() - source.top()) * scale,
                                    clipped.width() * scale, clipped.height() * scale)
                painter.drawImage(clipped, image, image_rect)

    def _request(self, missing, scale: float, area: QRectF) -> None:
        if not missing:
            return
        center_x, center_y = area.center().x() * scale, area.center().y() * scale
        # Submitted farthest first: within one generation the newest submission runs first.
        missing.sort(key=lambda item: -math.hypot((item[0].column + 0.5) * TILE - center_x,
                                                  (item[0].row + 0.5) * TILE - center_y))
        for key, pixels in missing:
            if self._failed(key):
                continue
            self.wanted.add(key)
            self._submit(key, pixels, self.generation)
        if len(self.wanted) > 4096:
            self.wanted = {key for key, _ in missing}
