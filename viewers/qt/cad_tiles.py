"""CAD sheets on the canvas in tiles drawn by a worker thread, so a heavy drawing never
freezes the window and a pan step only blits cached tiles.

QPainter on a QImage may run on any thread, and PySide releases the GIL inside Qt's drawing
calls. The compiled geometry is drawn by the same CadSheetLayer code that renders, prints
and exports, so what is shown is what prints.
"""
from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Hashable

from PySide6.QtCore import QObject, QRectF, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QPainter

from review.errors import PlanReviewError
from viewers.core.cache import ByteBoundedCache
from viewers.core.cad.document import CadDocument
from viewers.qt.cad_layer import BACKGROUND, CadSheetLayer, render_sheet_image
from viewers.qt.tiles import TileGrid, TileKey, image_bytes, paint_preview_part

log = logging.getLogger(__name__)

DEFAULT_CAD_TILE_CACHE_BYTES = 384 * 1024 * 1024
PREVIEW_SIDE = 1024
# While tiles stream in, the window repaints at most this often: a 4K frame with missing
# tiles (scaled stand-ins) takes tens of milliseconds the worker would rather have.
REPAINT_INTERVAL_MS = 100
PRIORITY_PREVIEW = 0      # after the tiles of the view shown first (they count up from 1)
PRIORITY_THUMBNAIL = -1   # after the preview

DrawTile = Callable[[QPainter, TileKey, tuple[int, int, int, int]], None]


class CadTileService(QObject):
    """One worker thread drawing tiles (and other images) newest-request-first, and the tile
    cache."""

    tile_ready = Signal(object)
    busy_changed = Signal(bool)
    _done = Signal(object, object)

    def __init__(self, cache_bytes: int = DEFAULT_CAD_TILE_CACHE_BYTES,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.tiles: ByteBoundedCache[QImage] = ByteBoundedCache(cache_bytes, image_bytes)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._pending: dict[Hashable, tuple[int, int, Callable[[], object],
                                            Callable[[object], None]]] = {}
        self._sequence = itertools.count()
        self._draining = False  # the worker is (or is about to be) drawing what is pending
        self._done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    def submit(self, key: TileKey, pixels: tuple[int, int, int, int], priority: int,
               draw: DrawTile) -> None:
        """Draws a tile of `pixels` with `draw`; it lands in `tiles`, then tile_ready(key)."""
        self.run(key, priority, lambda: _tile_image(key, pixels, draw),
                 lambda image: self._store_tile(key, image))

    def run(self, key: Hashable, priority: int, work: Callable[[], object],
            done: Callable[[object], None]) -> None:
        """Calls work() on the worker thread, then done(its result) on this object's thread.
        A newer request under the same key replaces one not started yet."""
        with self._lock:
            self._pending[key] = (priority, next(self._sequence), work, done)
            start = not self._draining
            self._draining = True
        if start:
            # once the event loop is back: the worker's drawing must not slow the frame that
            # asked for a screenful of tiles
            QTimer.singleShot(0, self, lambda: self._pool.start(_Drain(self)))

    def drop(self, predicate: Callable[[Hashable], bool]) -> None:
        with self._lock:
            for key in [k for k in self._pending if predicate(k)]:
                del self._pending[key]

    def is_busy(self) -> bool:
        with self._lock:
            return self._draining or bool(self._pending)

    def is_waiting(self, predicate: Callable[[Hashable], bool]) -> bool:
        """Whether a request matching `predicate` is queued (not counting one being drawn)."""
        with self._lock:
            return any(predicate(key) for key in self._pending)

    def wait(self, timeout_ms: int = 30000) -> bool:
        return self._pool.waitForDone(timeout_ms)

    def _drain(self) -> None:   # on the worker thread
        while self._draw_next():
            pass

    def _draw_next(self) -> bool:
        """Draws the newest pending request; False when none was left (draining ends)."""
        with self._lock:
            if not self._pending:
                self._draining = False
                return False
            key = max(self._pending, key=lambda k: self._pending[k][:2])
            _, _, work, done = self._pending.pop(key)
        try:
            result = work()
        except Exception:  # one bad tile must not stop the others; the log says why
            log.exception("drawing %s failed", key)
            return True
        self._done.emit(done, result)
        return True

    @Slot(object, object)
    def _on_done(self, done: Callable[[object], None], result: object) -> None:
        done(result)

    def _store_tile(self, key: TileKey, image: QImage) -> None:
        self.tiles.put(key, image)
        self.tile_ready.emit(key)

    def shutdown(self) -> None:
        with self._lock:
            self._pending.clear()
        self._pool.waitForDone(10000)


def _tile_image(key: TileKey, pixels: tuple[int, int, int, int], draw: DrawTile) -> QImage:
    x0, y0, x1, y1 = pixels
    image = QImage(x1 - x0, y1 - y0, QImage.Format.Format_RGB32)
    image.fill(BACKGROUND)
    image.setDevicePixelRatio(key.dpr)
    painter = QPainter(image)
    try:
        draw(painter, key, pixels)
    finally:
        painter.end()
    return image


class CadThumbnails:
    """Navigator thumbnails of a CAD drawing's sheets, drawn on the tile worker thread after
    the tiles waiting there, so a big drawing never holds up the window for a thumbnail."""

    def __init__(self, document: CadDocument, service: CadTileService, width_px: int,
                 arrived: Callable[[int], None]):
        self.document = document
        self.service = service
        self.width_px = width_px
        self._arrived = arrived
        self._images: dict[int, QImage | None] = {}
        self._asked: set[int] = set()

    def thumbnail(self, index: int) -> QImage | None:
        """The sheet's thumbnail; None until it is drawn (then `arrived(index)` is called) and
        for a sheet with nothing to draw."""
        if index not in self._images and index not in self._asked:
            self._asked.add(index)
            self.service.run(("thumbnail", str(self.document.path), index), PRIORITY_THUMBNAIL,
                             lambda: self._draw(index), lambda image: self._store(index, image))
        return self._images.get(index)

    def _draw(self, index: int) -> QImage | None:   # on the worker thread
        try:
            region = self.document.compiled(index).content_extents
            return render_sheet_image(self.document, index, self.width_px, region)
        except PlanReviewError:
            return None     # an unreadable cache entry or a sheet with nothing to draw

    def _store(self, index: int, image: QImage | None) -> None:
        self._images[index] = image
        self._asked.discard(index)
        self._arrived(index)


class _Drain(QRunnable):
    def __init__(self, service: CadTileService):
        super().__init__()
        self.service = service

    def run(self) -> None:
        self.service._drain()


class TiledCadLayer(CadSheetLayer):
    """A CAD sheet painted from tiles; the Layers dock API of CadSheetLayer is kept."""

    def __init__(self, layer: CadSheetLayer, service: CadTileService, document: str,
                 parent: QObject | None = None):
        super().__init__(layer.info, layer.sheet, parent)
        self.service = service
        self._document = document
        self._style = 0
        self._drawing = threading.Lock()   # the worker draws while the GUI may change layers
        self._fully_drawn = False
        self._sharp_view: tuple[float, QRectF] | None = None   # scale, area: last sharp paint
        self._preview: QImage | None = None
        self._preview_key: TileKey | None = None
        self.grid = TileGrid(service.tiles, self._style_id(), layer.info.index,
                             self.scene_rect(), submit=self._submit,
                             drop_stale=lambda scale: service.drop(
                                 lambda key: self.grid.owns(key) and key.scale == scale),
                             paint_preview=self._paint_preview, background=BACKGROUND)
        self._repaint = QTimer(self)
        self._repaint.setSingleShot(True)
        self._repaint.setInterval(REPAINT_INTERVAL_MS)
        self._repaint.timeout.connect(self._emit_updated)
        service.tile_ready.connect(self._on_tile)

    def _style_id(self) -> str:
        return f"{self._document}#{self._style}"

    # ---- requests -------------------------------------------------------------------------
    def _request_preview(self) -> None:
        rect = self.scene_rect()
        scale = PREVIEW_SIDE / max(rect.width(), rect.height(), 1e-9)
        self._preview_key = TileKey(self._style_id(), self.info.index, round(scale, 9), 1.0,
                                    -1, -1)
        pixels = (0, 0, max(1, round(rect.width() * scale)), max(1, round(rect.height() * scale)))
        self.service.submit(self._preview_key, pixels, PRIORITY_PREVIEW, self._draw_preview)

    def _submit(self, key: TileKey, pixels: tuple[int, int, int, int], priority: int) -> None:
        self.service.submit(key, pixels, priority, self._draw_tile)

    def _on_tile(self, key) -> None:
        if key == self._preview_key:
            self._preview = self.service.tiles.peek(key)
        elif key not in self.grid.wanted:
            return
        if not self.service.is_waiting(self._is_own_tile):
            self._repaint.stop()
            self.updated.emit(QRectF())      # the last one: sharp at once
        elif not self._repaint.isActive():
            self._repaint.start()

    def _emit_updated(self) -> None:
        self.updated.emit(QRectF())

    def _is_own_tile(self, key: Hashable) -> bool:
        return self.grid.owns(key) and key.column >= 0     # not the preview

    # ---- drawing (worker thread) ------------------------------------------------------------
    def _draw_tile(self, painter: QPainter, key: TileKey, pixels: tuple[int, int, int, int]) -> None:
        x0, y0, x1, y1 = pixels
        painter.scale(1.0 / key.dpr, 1.0 / key.dpr)     # the image's logical pixels -> device
        painter.translate(-x0, -y0)
        painter.scale(key.scale, key.scale)
        scene = QRectF(x0 / key.scale, y0 / key.scale, (x1 - x0) / key.scale,
                       (y1 - y0) / key.scale)
        with self._drawing:
            CadSheetLayer.paint(self, painter, scene, key.scale)

    def _draw_preview(self, painter: QPainter, key: TileKey, pixels) -> None:
        self._draw_tile(painter, key, pixels)

    # ---- painting (GUI thread) --------------------------------------------------------------
    def paint(self, painter: QPainter, exposed: QRectF, device_scale: float) -> None:
        self._fully_drawn = self.grid.paint(painter, exposed, device_scale)
        if self._preview_key is None:
            # asked after the tiles of this first view: they are what the user waits for
            self._request_preview()
        if self._fully_drawn:
            self._sharp_view = (self.grid.current_scale, exposed.intersected(self.scene_rect()))
            self.fully_drawn.emit()

    def _paint_preview(self, painter: QPainter, target: QRectF) -> None:
        # Zoomed in from a sharp view: the previous level's tiles, painted over the preview
        # next, cover what that view showed; a 4K preview pass under them is wasted time.
        sharp = self._sharp_view
        if (sharp is not None and sharp[0] == self.grid.previous_scale
                and self.grid.current_scale > sharp[0]
                and sharp[1].contains(target.intersected(self.scene_rect()))):
            return
        paint_preview_part(painter, target, self._preview, self.scene_rect())

    def is_fully_drawn(self) -> bool:
        return self._fully_drawn

    # ---- layers and lineweights: a new look is a new set of tiles ------------------------------
    def _restyle(self, change: Callable[[], None]) -> None:
        with self._drawing:
            change()
        self.service.drop(self.grid.owns)
        self._style += 1
        self.grid.document = self._style_id()
        self.grid.previous_scale = None
        self._preview, self._preview_key = None, None     # asked again by the next paint
        self.updated.emit(QRectF())

    def set_layers_visible(self, layers, visible: bool) -> None:
        layers = set(layers)

        def change() -> None:
            if visible:
                self.drawer.hidden_layers = self.drawer.hidden_layers - layers
            else:
                self.drawer.hidden_layers = self.drawer.hidden_layers | layers
        self._restyle(change)

    def set_lineweights(self, shown: bool) -> None:
        def change() -> None:
            self.drawer.lineweights = shown
        self._restyle(change)

    def cancel(self) -> None:
        self.service.drop(self.grid.owns)

    def release(self) -> None:
        self.service.drop(self.grid.owns)
        try:
            self.service.tile_ready.disconnect(self._on_tile)
        except (RuntimeError, TypeError):
            pass
