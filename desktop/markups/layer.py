"""The markups of one canvas painted as one item, from cached tiles of device pixels.

Ten thousand markup items in the canvas's own scene cost 100 ms a frame: Qt visits, clips and
paints every one on every frame. Here the items live in an offscreen scene (`source`, also
used to pick them) and one `MarkupLayer` in the canvas scene paints them: it renders tiles of
that scene at the canvas's device scale, then blits them, so panning costs a few image
copies. A tile is drawn only where it is shown (panning draws the strip that comes into view,
as the canvas alone would), and whoever changes an item says where (`invalidate`): only
there are the tiles drawn again, from the items there in their stacking order, so what is
shown is exactly what the items would paint themselves.

A zoom step needs every shown tile drawn anew, over 150 ms with 10,000 markups: too long for
one frame. So at a new zoom the previous zoom's tiles stand in, scaled, and the new tiles are
drawn a piece at a time, nearest the middle of the view first, for at most FRAME_BUDGET_S a
frame, a zero timer asking for the next frame until the view is sharp. What was edited since
is drawn at once, whatever the budget: a stand-in never shows an item where it no longer is.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QRegion, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem

from viewers.core.cache import ByteBoundedCache

TILE = 512                         # device pixels per tile side
CACHE_BYTES = 96 * 1024 * 1024     # two 4K screens of tiles
DIRTY_MARGIN_PX = 4                # cosmetic pens and text overhang reach past bounding rects
PIECE = 128                        # device pixels per side of what a zoom step draws at a time
FRAME_BUDGET_S = 0.008             # drawing of a zoom step's tiles per frame: half a 60 Hz frame
EDITED_RECTS = 64                  # past this, the area edited since a zoom step is one box
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
        self._unpainted: dict[_TileKey, QRegion] = {}   # not drawn yet since a zoom step
        self._scale: float | None = None
        self._bounds = QRectF()
        self._visible = QRectF()                    # scene shown at the last paint
        # Another zoom's tiles, where they are drawn (device pixels): the stand-ins.
        self._previous: dict[_TileKey, tuple[QImage, QRegion]] = {}
        self._previous_scale: float | None = None
        self._edited: list[QRectF] = []             # changed since the stand-ins were sharp
        self._scratch = QImage()                    # where pieces are drawn, the view's size
        self._piece_cost = 0.0                      # seconds the last piece took to draw
        self._settling = False                      # a zoom step not yet drawn where shown
        self._next_frame = QTimer(canvas)
        self._next_frame.setSingleShot(True)
        self._next_frame.setInterval(0)
        self._next_frame.timeout.connect(self._continue)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def reset(self) -> None:
        """Every item left the source scene: nothing cached is right any more."""
        self.prepareGeometryChange()
        self._bounds = QRectF()
        self._drop_tiles()
        self._previous, self._previous_scale, self._edited = {}, None, []
        self._settling = False

    def is_fully_drawn(self) -> bool:
        """True when what is shown is drawn at this zoom, no stand-in left."""
        if self._scale is None:
            return True
        shown = _device_rect(self._visible & self._bounds, self._scale)
        return all((left.translated(key.pixels().topLeft()) & shown).isEmpty()
                   for key, left in self._unpainted.items())

    def invalidate(self, scene_rect: QRectF) -> None:
        """The items in `scene_rect` changed: their tiles are drawn again there when shown."""
        if scene_rect.isEmpty():
            return
        margin = DIRTY_MARGIN_PX / self._scale if self._scale else 0.0
        changed = scene_rect.adjusted(-margin, -margin, margin, margin)
        if self._previous:
            # A stand-in scaled up shows cosmetic pens wider: its overhang reaches farther.
            reach = DIRTY_MARGIN_PX / min(self._scale or math.inf, self._previous_scale)
            wide = scene_rect.adjusted(-reach, -reach, reach, reach)
            self._edited.append(wide)
            if len(self._edited) > EDITED_RECTS:
                self._edited = [_united(self._edited)]
            if self._settling:
                changed = wide
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
        start = time.perf_counter()
        scale = round(self.canvas.device_scale(), 9)
        if scale <= 0:
            return
        if scale != self._scale:
            self._zoomed(scale)
        self._visible = self.canvas.mapToScene(self.canvas.viewport().rect()).boundingRect()
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
        self._draw_pieces(keys, exposed, start)
        painter.save()
        self._paint_stand_ins(painter, keys, exposed)
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
        if not self.is_fully_drawn():
            self._next_frame.start()
        else:
            self._settling = False   # from now on, panning draws what comes into view at once

    def _zoomed(self, scale: float) -> None:
        """Another zoom: this zoom's tiles stand in where they are drawn if they cover the
        view (else the stand-ins there were stay), and the new zoom's tiles start anew."""
        if self._scale is not None:
            shown = _device_rect(self._visible & self._bounds, self._scale)
            sharp: dict[_TileKey, tuple[QImage, QRegion]] = {}
            covered = QRegion()
            for key in self._tiles.keys():
                if not key.pixels().intersects(shown):
                    continue
                drawn = QRegion(key.pixels()) - (
                    self._stale.get(key, QRegion()) | self._unpainted.get(key, QRegion())
                ).translated(key.pixels().topLeft())
                if not drawn.isEmpty():
                    sharp[key] = (self._tiles.peek(key), drawn)
                    covered |= drawn
            if not self._previous or (QRegion(shown) - covered).isEmpty():
                self._previous, self._previous_scale, self._edited = sharp, self._scale, []
        self._drop_tiles()
        self._scale = scale
        self._settling = self._previous_scale is not None

    def _continue(self) -> None:
        """The zero timer: the next frame of a zoom step's drawing."""
        if shiboken6.isValid(self):
            self.update(self._visible)

    def _drop_tiles(self) -> None:
        self._tiles.discard_where(lambda key: True)
        self._stale.clear()
        self._unpainted.clear()

    def _bring_up_to_date(self, keys: list[_TileKey], shown: QRect) -> None:
        """Makes the tiles of `keys`, and draws them where they are `shown` (device pixels)
        and stale. Each stale area is drawn at once across tiles: an item over four tiles is
        painted once. While a zoom step settles, a new tile is left to `_draw_pieces` but where
        it was edited: there no stand-in is right."""
        edited = QRegion()
        for rect in self._edited:
            edited |= _device_rect(rect, keys[0].scale)
        todo = QRegion()
        for key in keys:
            if self._tiles.get(key) is None:
                image = QImage(TILE, TILE, QImage.Format.Format_ARGB32_Premultiplied)
                image.fill(Qt.GlobalColor.transparent)   # where no item ever is
                self._tiles.put(key, image)
                whole = QRegion(image.rect())
                if not self._settling:
                    self._unpainted.pop(key, None)
                    self._stale[key] = whole
                else:
                    self._unpainted[key] = whole
                    self._stale[key] = (edited & key.pixels()).translated(
                        -key.pixels().topLeft())
            elif not self._settling and key in self._unpainted:   # left over from a zoom step
                self._stale[key] = self._stale.get(key, QRegion()) | self._unpainted.pop(key)
            stale = self._stale.get(key)
            if stale is not None:
                todo |= stale.translated(key.pixels().topLeft()) & shown
        for area in todo:
            self._draw_into_tiles(area, keys, area)
        for key in keys:
            stale = self._stale.get(key)
            if stale is not None:
                rest = stale - todo.translated(-key.pixels().topLeft())
                if rest.isEmpty():
                    del self._stale[key]
                else:
                    self._stale[key] = rest

    def _draw_pieces(self, keys: list[_TileKey], shown: QRect, start: float) -> None:
        """Draws what a zoom step left of the tiles of `keys` where `shown`, a PIECE at a
        time, nearest the middle of the view first, while the frame's budget holds another
        piece as long as the last (one piece at least, so that every frame gets on)."""
        pieces = []
        for key in keys:
            left = self._unpainted.get(key)
            if left is None:
                continue
            undrawn = left.translated(key.pixels().topLeft()) & shown
            bounds = undrawn.boundingRect()
            for row in range(bounds.top() // PIECE, bounds.bottom() // PIECE + 1):
                for column in range(bounds.left() // PIECE, bounds.right() // PIECE + 1):
                    piece = (undrawn & QRect(column * PIECE, row * PIECE, PIECE, PIECE)
                             ).boundingRect()
                    if not piece.isEmpty():
                        pieces.append(piece)
        if not pieces:
            return
        middle = self._visible.center() * keys[0].scale
        pieces.sort(key=lambda piece: math.hypot(piece.center().x() - middle.x(),
                                                 piece.center().y() - middle.y()))
        for number, piece in enumerate(pieces):
            began = time.perf_counter()
            if number and began - start + self._piece_cost > FRAME_BUDGET_S:
                break
            self._draw_into_tiles(piece, keys, shown)
            self._piece_cost = time.perf_counter() - began

    def _draw_into_tiles(self, area: QRect, keys: list[_TileKey], frame: QRect) -> None:
        """Draws the items over `area` (device pixels, in `frame`) into the tiles of `keys` it
        covers; there the tiles are no longer unpainted."""
        drawn = self._draw(area, keys[0].scale, frame)
        for key in keys:
            part = area & key.pixels()
            if part.isEmpty():
                continue
            tile = QPainter(self._tiles.get(key))
            tile.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            tile.drawImage(part.topLeft() - key.pixels().topLeft(), drawn,
                           part.translated(-frame.topLeft()))
            tile.end()
            left = self._unpainted.get(key)
            if left is not None:
                left -= QRegion(part.translated(-key.pixels().topLeft()))
                if left.isEmpty():
                    del self._unpainted[key]
                else:
                    self._unpainted[key] = left

    def _paint_stand_ins(self, painter: QPainter, keys: list[_TileKey], shown: QRect) -> None:
        """The previous zoom's tiles, scaled, where the tiles of `keys` are not drawn yet.
        Unsmoothed: they last a few frames, and a zoom step must stay quick."""
        if not self._previous:
            return
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        scale, before = keys[0].scale, self._previous_scale
        for key in keys:
            left = self._unpainted.get(key)
            if left is None:
                continue
            for rect in left.translated(key.pixels().topLeft()) & shown:
                box = QRectF(rect.left() / scale, rect.top() / scale,
                             rect.width() / scale, rect.height() / scale)
                wanted = QRectF(box.topLeft() * before, box.size() * before).toAlignedRect()
                for stand_in, (image, drawn) in self._previous.items():
                    for part in drawn & wanted:
                        target = QRectF(part.left() / before, part.top() / before,
                                        part.width() / before, part.height() / before) & box
                        if target.isEmpty():
                            continue
                        corner = stand_in.pixels().topLeft()
                        painter.drawImage(target, image, QRectF(
                            target.left() * before - corner.x(),
                            target.top() * before - corner.y(),
                            target.width() * before, target.height() * before))

    def _draw(self, area: QRect, scale: float, frame: QRect) -> QImage:
        """The items over `area` (device pixels) drawn into an image of `frame`, which holds
        `area`. The frame, not the area, bounds where Qt dashes a curve: pieces drawn in the
        frame of the view dash as one drawing of the view does."""
        if self._scratch.size() != frame.size():
            self._scratch = QImage(frame.size(), QImage.Format.Format_ARGB32_Premultiplied)
        painter = QPainter(self._scratch)
        painter.translate(-frame.left(), -frame.top())
        if frame == area:
            self._scratch.fill(Qt.GlobalColor.transparent)   # where no item is
        else:   # a clip costs: Qt strokes large paths slower within one than within the image
            painter.setClipRect(area)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.fillRect(area, Qt.GlobalColor.transparent)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setRenderHints(self.canvas.renderHints())
        painter.scale(scale, scale)
        # Items a few pixels outside still reach in with their pens and text.
        source = QRectF((area.left() - DIRTY_MARGIN_PX) / scale,
                        (area.top() - DIRTY_MARGIN_PX) / scale,
                        (area.width() + 2 * DIRTY_MARGIN_PX) / scale,
                        (area.height() + 2 * DIRTY_MARGIN_PX) / scale)
        self.source.render(painter, source, source)
        painter.end()
        return self._scratch


def _device_rect(scene_rect: QRectF, scale: float) -> QRect:
    """The whole device pixels (scene coordinates times `scale`) that `scene_rect` touches."""
    if scene_rect.isEmpty():
        return QRect()
    left, top = math.floor(scene_rect.left() * scale), math.floor(scene_rect.top() * scale)
    right = math.ceil(scene_rect.right() * scale)
    bottom = math.ceil(scene_rect.bottom() * scale)
    return QRect(left, top, right - left, bottom - top)


def _united(rects: list[QRectF]) -> QRectF:
    united = QRectF()
    for rect in rects:
        united |= rect
    return united
