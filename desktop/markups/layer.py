"""The markups of one canvas painted as one item, from cached tiles of device pixels.

Ten thousand markup items in the canvas's own scene cost 100 ms a frame: Qt visits, clips and
paints every one on every frame. Here the items live in an offscreen scene (`source`, also
used to pick them) and one `MarkupLayer` in the canvas scene paints them: it renders tiles of
that scene at the canvas's device scale, then blits them, so panning costs a few image
copies. A tile is drawn only where it is shown (panning draws the strip that comes into view,
as the canvas alone would), and whoever changes an item says where (`invalidate`): only
there are the tiles drawn again, from the items there in their stacking order, so what is
shown is exactly what the items would paint themselves.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem

from viewers.core.cache import ByteBoundedCache

TILE = 512                         # device pixels per tile side
CACHE_BYTES = 96 * 1024 * 1024     # two 4K screens of tiles
DIRTY_MARGIN_PX = 4                # cosmetic pens and text overhang reach past bounding rects
_AXIS_ALIGNED = (QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate,
                 QTransform.TransformationType.TxScale)


@dataclass(frozen=True)
class _TileKey:
    scale: float      # device pixels per scene unit
    column: int
    row: int

    def pixels(self) -> QRect:
        """The tile's device pixels in the grid of scene coordinates times the scale."""
        return QRect(self.column * TILE, self.row * TILE, TILE, TILE)


class MarkupLayer(QGraphicsItem):
    """Paints `source` (scene units, as the canvas) into its canvas from cached tiles."""

    def __init__(self, source: QGraphicsScene, canvas):
        super().__init__()
        self.source = source
        self.canvas = canvas
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._tiles: ByteBoundedCache[QImage] = ByteBoundedCache(
            CACHE_BYTES, lambda image: image.sizeInBytes())
        self._stale: dict[_TileKey, QRegion] = {}   # tile pixels not drawn as they are now
        self._scale: float | None = None
        self._bounds = QRectF()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def reset(self) -> None:
        """Every item left the source scene: nothing cached is right any more."""
        self.prepareGeometryChange()
        self._bounds = QRectF()
        self._drop_tiles()

    def invalidate(self, scene_rect: QRectF) -> None:
        """The items in `scene_rect` changed: their tiles are drawn again there when shown."""
        if scene_rect.isEmpty():
            return
        margin = DIRTY_MARGIN_PX / self._scale if self._scale else 0.0
        changed = scene_rect.adjusted(-margin, -margin, margin, margin)
        grown = self._bounds | changed
        if grown != self._bounds:
            self.prepareGeometryChange()
            self._bounds = grown
        if self._scale is not None:
            pixels = _device_rect(changed, self._scale)
            for key in self._tiles.keys():
                part = pixels & key.pixels()
                if not part.isEmpty():
                    self._stale[key] = self._stale.get(key, QRegion()) | part.translated(
                        -key.pixels().topLeft())
        self.update(changed)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        scale = round(self.canvas.device_scale(), 9)
        if scale <= 0:
            return
        if scale != self._scale:   # another zoom: the tiles of this one are not shown soon
            self._drop_tiles()
            self._scale = scale
        # a pixel more: the canvas rounds where it blits, scene to device
        exposed = _device_rect(option.exposedRect & self._bounds, scale).adjusted(-1, -1, 1, 1)
        if exposed.isEmpty():
            return
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        world = painter.worldTransform()
        blit = world.type() in _AXIS_ALIGNED   # whole device pixels: no resampling
        keys = [_TileKey(scale, column, row)
                for row in range(exposed.top() // TILE, exposed.bottom() // TILE + 1)
                for column in range(exposed.left() // TILE, exposed.right() // TILE + 1)]
        self._bring_up_to_date(keys, exposed)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for key in keys:
            image = self._tiles.get(key)
            corner = QPointF(key.column * TILE / scale, key.row * TILE / scale)
            if blit:
                device = world.map(corner) * dpr
                painter.setWorldTransform(QTransform.fromScale(1 / dpr, 1 / dpr))
                painter.drawImage(QPointF(round(device.x()), round(device.y())), image)
            else:
                painter.setWorldTransform(world)
                painter.drawImage(QRectF(corner, QPointF((key.column + 1) * TILE / scale,
                                                         (key.row + 1) * TILE / scale)), image)
        painter.restore()

    def _drop_tiles(self) -> None:
        self._tiles.discard_where(lambda key: True)
        self._stale.clear()

    def _bring_up_to_date(self, keys: list[_TileKey], shown: QRect) -> None:
        """Draws the tiles of `keys` where they are `shown` (device pixels) and stale. Each
        stale area is drawn at once across tiles: an item over four tiles is painted once."""
        todo = QRegion()
        for key in keys:
            if self._tiles.get(key) is None:
                image = QImage(TILE, TILE, QImage.Format.Format_ARGB32_Premultiplied)
                image.fill(Qt.GlobalColor.transparent)   # where no item ever is
                self._tiles.put(key, image)
                self._stale[key] = QRegion(image.rect())
            stale = self._stale.get(key)
            if stale is not None:
                todo |= stale.translated(key.pixels().topLeft()) & shown
        for area in todo:
            drawn = self._draw(area, keys[0].scale)
            for key in keys:
                part = area & key.pixels()
                if part.isEmpty():
                    continue
                tile = QPainter(self._tiles.get(key))
                tile.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
                tile.drawImage(part.topLeft() - key.pixels().topLeft(), drawn,
                               part.translated(-area.topLeft()))
                tile.end()
        for key in keys:
            stale = self._stale.get(key)
            if stale is not None:
                rest = stale - todo.translated(-key.pixels().topLeft())
                if rest.isEmpty():
                    del self._stale[key]
                else:
                    self._stale[key] = rest

    def _draw(self, area: QRect, scale: float) -> QImage:
        """The items over `area` (device pixels) drawn into an image of that size."""
        image = QImage(area.size(), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHints(self.canvas.renderHints())
        painter.translate(-area.left(), -area.top())
        painter.scale(scale, scale)
        # Items a few pixels outside still reach in with their pens and text.
        source = QRectF((area.left() - DIRTY_MARGIN_PX) / scale,
                        (area.top() - DIRTY_MARGIN_PX) / scale,
                        (area.width() + 2 * DIRTY_MARGIN_PX) / scale,
                        (area.height() + 2 * DIRTY_MARGIN_PX) / scale)
        self.source.render(painter, source, source)
        painter.end()
        return image


def _device_rect(scene_rect: QRectF, scale: float) -> QRect:
    """The whole device pixels (scene coordinates times `scale`) that `scene_rect` touches."""
    if scene_rect.isEmpty():
        return QRect()
    left, top = math.floor(scene_rect.left() * scale), math.floor(scene_rect.top() * scale)
    right = math.ceil(scene_rect.right() * scale)
    bottom = math.ceil(scene_rect.bottom() * scale)
    return QRect(left, top, right - left, bottom - top)
