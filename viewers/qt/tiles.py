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
        cached: list[tuple[QRectF, QImage]] = []
        uncovered = QRectF()
        for row in range(r0, r1 + 1):
            for col in range(c0, c1 + 1):
                key = TileKey(self.document, self.page, scale, dpr, col, row)
                pixels = key.pixels(width_px, height_px)
                target = QRectF(pixels[0] / scale, pixels[1] / scale,
                                (pixels[2] - pixels[0]) / scale, (pixels[3] - pixels[1]) / scale)
                image = self.cache.get(key)
                if image is None:
                    missing.append((key, pixels))
                    uncovered = uncovered.united(target)
                else:
                    cached.append((target, image))
        painter.save()
        if missing:
            # Stand-ins once for the whole uncovered box (the cached tiles go on top).
            self._paint_stand_ins(painter, uncovered, dpr)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for target, image in cached:
            if blit:
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

    def _paint_stand_ins(self, painter: QPainter, box: QRectF, dpr: float) -> None:
        """What shows until the sharp tiles of `box` arrive: the previous zoom level's tiles
        scaled, over the preview where they leave gaps. Unsmoothed: they last a frame or two,
        and a zoom step must stay quick."""
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        previous = self._previous_level_tiles(box, dpr)
        if previous is None or any(image is None for _, image in previous):
            painter.fillRect(box, self.background)
            self._paint_preview(painter, box)
        for source, image in previous or ():
            if image is None:
                continue
            clipped = source.intersected(box)
            if clipped.isEmpty():
                continue
            scale = self.previous_scale
            painter.drawImage(clipped, image, QRectF((clipped.left() - source.left()) * scale,
                                                     (clipped.top() - source.top()) * scale,
                                                     clipped.width() * scale,
                                                     clipped.height() * scale))

    def _previous_level_tiles(self, box: QRectF, dpr: float
                              ) -> list[tuple[QRectF, QImage | None]] | None:
        """The previous zoom level's cached tiles over `box` (None where one is missing), or
        None when that level is too far from this one to be worth it."""
        scale, current = self.previous_scale, self.current_scale
        if scale is None or not current or not 0.25 <= scale / current <= 4:
            return None  # zoomed far in from a coarse level: the preview is as good
        first_col = int(box.left() * scale // TILE)
        last_col = int(max(box.left(), box.right() - 1e-9) * scale // TILE)
        first_row = int(box.top() * scale // TILE)
        last_row = int(max(box.top(), box.bottom() - 1e-9) * scale // TILE)
        tiles = []
        for r in range(first_row, last_row + 1):
            for c in range(first_col, last_col + 1):
                image = self.cache.peek(TileKey(self.document, self.page, scale, dpr, c, r))
                width, height = (image.width(), image.height()) if image is not None else (
                    TILE, TILE)
                tiles.append((QRectF(c * TILE / scale, r * TILE / scale, width / scale,
                                     height / scale), image))
        return tiles

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
