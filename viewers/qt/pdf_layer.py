"""PDF pages on the canvas: tiles rendered by worker processes, a scaled preview meanwhile.

`PdfTileService` is one per application: it owns the render pool, the tile cache (bounded
in bytes, keyed with the device pixel ratio) and the thumbnail cache, and turns worker
results into QImages on the GUI thread. `PdfPageLayer` is one sheet on one canvas.
"""
from __future__ import annotations

import math
import os
import threading
from collections.abc import Callable, Hashable
from pathlib import Path

from PySide6.QtCore import QObject, QRectF, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QImage, QPainter

from viewers.core.cache import ByteBoundedCache, file_identity, user_cache_dir
from viewers.core.errors import RenderCancelled, ViewerError
from viewers.core.render_pool import InlineRenderPool, RenderJob, RenderPool
from viewers.core.sheets import SheetInfo
from viewers.qt.layer import SheetLayer
from viewers.qt.tiles import TileGrid, TileKey, image_bytes, paint_preview_part

PREVIEW_SIDE = 1024             # device pixels of a page's longer side in its preview
THUMBNAIL_SIDE = 240
DEFAULT_TILE_CACHE_BYTES = 512 * 1024 * 1024
PRIORITY_PREVIEW = 1 << 40      # previews before tiles, tiles before thumbnails
PRIORITY_THUMBNAIL = -(1 << 40)


def _to_image(region, *, transparent: bool = False) -> QImage:
    # QImage does not own the Python bytes: copy() makes it own its pixels.
    image_format = (QImage.Format.Format_ARGB32_Premultiplied if transparent
                    else QImage.Format.Format_RGB32)
    return QImage(region.samples, region.width, region.height, region.stride,
                  image_format).copy()


class PdfTileService(QObject):
    """Renders PDF tiles, previews and thumbnails off the GUI thread and caches them."""

    tile_ready = Signal(object)          # TileKey or ("preview"|"thumbnail", document, page)
    info_ready = Signal(object, object)  # ("info", document, page), SheetInfo
    render_failed = Signal(object, str)  # key, message
    busy_changed = Signal(bool)

    _result = Signal(object, object)     # dispatcher thread -> GUI thread

    def __init__(self, *, synchronous: bool = False, workers: int | None = None,
                 cache_bytes: int = DEFAULT_TILE_CACHE_BYTES, parent: QObject | None = None):
        super().__init__(parent)
        self.tiles: ByteBoundedCache[QImage] = ByteBoundedCache(cache_bytes, image_bytes)
        self.previews: ByteBoundedCache[QImage] = ByteBoundedCache(cache_bytes // 4, image_bytes)
        self.thumbnails: ByteBoundedCache[QImage] = ByteBoundedCache(64 * 1024 * 1024,
                                                                     image_bytes)
        self.failures: dict[Hashable, str] = {}
        self._result.connect(self._on_result, Qt.ConnectionType.QueuedConnection)
        pool_class = InlineRenderPool if synchronous else RenderPool
        self._synchronous = synchronous
        self.pool = pool_class(self._deliver, workers=workers)
        self._outstanding: set[Hashable] = set()
        # a preview cut into content parts: its preview key -> the parts drawn so far
        self._preview_parts: dict[Hashable, list] = {}
        # thumbnails and title blocks wait while a preview is drawn: each would hold a worker
        # for as long as the page takes to interpret
        self._background: list[RenderJob] = []

    # called on the dispatcher thread (or inline)
    def _deliver(self, job: RenderJob, result) -> None:
        if self._synchronous:
            self._on_result(job, result)
        else:
            self._result.emit(job, result)

    @Slot(object, object)
    def _on_result(self, job: RenderJob, result) -> None:
        self._outstanding.discard(job.key)
        if job.kind == "part":
            self._on_preview_part(job, result)
        elif isinstance(result, ViewerError):
            if not isinstance(result, RenderCancelled):
                self.failures[job.key] = str(result)
            self.render_failed.emit(job.key, str(result))
        elif job.kind == "info":
            self.info_ready.emit(job.key, result)
        else:
            image = _to_image(result)
            kind = job.key[0] if isinstance(job.key, tuple) else None
            if kind == "preview":
                self.previews.put(job.key, image)
                _save_in_background(image, preview_file(job.path, job.page))
            elif kind == "thumbnail":
                self.thumbnails.put(job.key, image)
            else:
                image.setDevicePixelRatio(job.key.dpr)
                self.tiles.put(job.key, image)
            self.tile_ready.emit(job.key)
        self._release_background()
        if not self._outstanding:
            self.busy_changed.emit(False)

    def request_preview(self, key: tuple, path: str, password: str | None, page: int,
                        page_size: tuple[float, float]) -> None:
        """Asks for a page's preview under `key`: with several workers, its content is cut
        into one part per worker (viewers.core.pdf_parts), drawn at once and laid over each
        other here, because interpreting a heavy page on one core takes too long."""
        if key in self._preview_parts or key in self._outstanding or key in self.failures:
            return
        scale = PREVIEW_SIDE / max(page_size[0], page_size[1], 1.0)
        pixels = _page_pixels(page_size, scale)
        parts = self.pool.worker_count
        if parts < 2:
            self.request(RenderJob(key, path, page, scale, pixels, password,
                                   priority=PRIORITY_PREVIEW))
            return
        self._preview_parts[key] = [None] * parts
        for index in range(parts):
            self.request(RenderJob((*key, "part", index), path, page, scale, pixels, password,
                                   kind="part", part=(index, parts), priority=PRIORITY_PREVIEW))

    def _on_preview_part(self, job: RenderJob, result) -> None:
        preview_key, index = job.key[:-2], job.part[0]
        parts = self._preview_parts.get(preview_key)
        if parts is None:   # an earlier part failed
            return
        if isinstance(result, ViewerError):
            del self._preview_parts[preview_key]
            if isinstance(result, RenderCancelled):
                self.render_failed.emit(preview_key, str(result))
            else:   # the page may still draw whole: a failure of that is the page's own
                self.request(RenderJob(preview_key, job.path, job.page, job.scale, job.pixels,
                                       job.password, priority=PRIORITY_PREVIEW))
            return
        parts[index] = _to_image(result, transparent=index > 0) if result is not None else False
        if any(part is None for part in parts):
            return
        del self._preview_parts[preview_key]
        image, *others = parts
        painter = QPainter(image)
        for other in others:
            if other is not False:   # False: the page was cut into fewer parts
                painter.drawImage(0, 0, other)
        painter.end()
        self.previews.put(preview_key, image)
        _save_in_background(image, preview_file(job.path, job.page))
        self.tile_ready.emit(preview_key)

    def request(self, job: RenderJob, *, background: bool = False) -> None:
        if job.key in self.failures:
            return
        if not self._outstanding:
            self.busy_changed.emit(True)
        self._outstanding.add(job.key)
        if background and not self._synchronous:
            self._background.append(job)
            QTimer.singleShot(0, self._release_background)   # after the caller's preview
        else:
            self.pool.submit(job)

    def _release_background(self) -> None:
        if not self._background or any(isinstance(key, tuple) and key[0] == "preview"
                                        for key in self._outstanding):
            return
        jobs, self._background = self._background, []
        for job in jobs:
            self.pool.submit(job)

    def is_busy(self) -> bool:
        return bool(self._outstanding)

    def cancel(self, predicate: Callable[[RenderJob], bool]) -> None:
        """Drops pending requests and aborts running ones that match."""
        self.drop_pending(predicate)
        self.pool.abort_running(predicate)
        self._forget_dropped()
        if not self._outstanding:
            self.busy_changed.emit(False)

    def drop_pending(self, predicate: Callable[[RenderJob], bool]) -> None:
        self._background = [job for job in self._background if not predicate(job)]
        self.pool.cancel_pending(predicate)
        self._forget_dropped()

    def _forget_dropped(self) -> None:
        waiting = {job.key for job in self._background}
        self._outstanding = {k for k in self._outstanding
                             if k in waiting or self.pool.is_pending(k)}
        for key, parts in list(self._preview_parts.items()):
            if any(part is None and (*key, "part", index) not in self._outstanding
                   for index, part in enumerate(parts)):
                del self._preview_parts[key]   # asked again when the page is shown again

    def thumbnail(self, path: str, password: str | None, page: int,
                  page_size: tuple[float, float]) -> QImage | None:
        """The page's thumbnail when ready; otherwise asks for it and returns None."""
        key = ("thumbnail", path, page)
        image = self.thumbnails.get(key)
        if image is None and key not in self._outstanding and key not in self.failures:
            scale = THUMBNAIL_SIDE / max(page_size[0], page_size[1], 1.0)
            self.request(RenderJob(key, path, page, scale,
                                   _page_pixels(page_size, scale), password,
                                   priority=PRIORITY_THUMBNAIL), background=True)
        return image

    def request_info(self, path: str, password: str | None, page: int) -> None:
        """Asks a worker for the page's title-block number and title (info_ready answers)."""
        key = ("info", path, page)
        if key not in self._outstanding and key not in self.failures:
            self.request(RenderJob(key, path, page, password=password, kind="info",
                                   priority=PRIORITY_THUMBNAIL + 1), background=True)

    def shutdown(self) -> None:
        self.pool.shutdown()


def preview_file(path: str, page: int) -> Path | None:
    """Where a page's preview is kept between runs, so reopening shows a page at once."""
    try:
        identity = file_identity(path)
    except OSError:
        return None
    return user_cache_dir("previews") / f"{identity}-{page}-{PREVIEW_SIDE}.png"


def _save_in_background(image: QImage, target: Path | None) -> None:
    if target is None:
        return
    copy = image.copy()   # QImage is reentrant: a private copy may be saved on any thread

    def save() -> None:
        # a name of its own: the same page reopened at once saves its preview twice at a time
        temporary = target.with_name(f"{target.stem}.{os.getpid()}.{threading.get_ident()}.part")
        if copy.save(str(temporary), "PNG"):
            os.replace(temporary, target)
        else:
            temporary.unlink(missing_ok=True)

    threading.Thread(target=save, name="preview-save", daemon=True).start()


def _page_pixels(page_size: tuple[float, float], scale: float) -> tuple[int, int, int, int]:
    return (0, 0, max(1, math.ceil(page_size[0] * scale)), max(1, math.ceil(page_size[1] * scale)))


class PdfPageLayer(SheetLayer):
    """One PDF page on a canvas: exact-scale tiles, painted over a scaled preview."""

    def __init__(self, info: SheetInfo, service: PdfTileService, path: str,
                 password: str | None, parent: QObject | None = None):
        super().__init__(info, parent)
        self.service = service
        self.path = path
        self.password = password
        self._fully_drawn = False
        self.grid = TileGrid(
            service.tiles, path, info.index, self.scene_rect(),
            submit=self._submit,
            drop_stale=lambda scale: service.drop_pending(
                lambda job: self._mine(job) and job.key.scale == scale),
            paint_preview=self._paint_preview,
            failed=lambda key: key in service.failures)
        service.tile_ready.connect(self._on_tile)
        service.render_failed.connect(self._on_failure)
        self.error: str | None = None
        self._request_preview()

    # ---- requests -------------------------------------------------------------------------
    def _preview_key(self) -> tuple:
        return ("preview", self.path, self.info.index)

    def _request_preview(self) -> None:
        if self.service.previews.get(self._preview_key()) is not None:
            return
        stored = preview_file(self.path, self.info.index)
        if stored is not None and stored.is_file():
            image = QImage(str(stored))
            if not image.isNull():
                self.service.previews.put(self._preview_key(), image)
                return
        self.service.request_preview(self._preview_key(), self.path, self.password,
                                     self.info.index, (self.info.width, self.info.height))

    def _submit(self, key: TileKey, pixels: tuple[int, int, int, int], priority: int) -> None:
        self.service.request(RenderJob(key, self.path, self.info.index, key.scale, pixels,
                                       self.password, priority=priority))

    def _mine(self, job: RenderJob) -> bool:
        return self.grid.owns(job.key)

    def _on_tile(self, key) -> None:
        if key in self.grid.wanted or key == self._preview_key():
            self.updated.emit(QRectF())

    def _on_failure(self, key, message: str) -> None:
        if key in self.grid.wanted or key == self._preview_key():
            self.error = message
            self.updated.emit(QRectF())

    # ---- painting -------------------------------------------------------------------------
    def paint(self, painter: QPainter, exposed: QRectF, device_scale: float) -> None:
        self._fully_drawn = self.grid.paint(painter, exposed, device_scale)
        if self._fully_drawn:
            self.fully_drawn.emit()

    def _paint_preview(self, painter: QPainter, target: QRectF) -> None:
        """The scaled preview under a tile that is not rendered yet (only there: it is slow)."""
        preview = self.service.previews.peek(self._preview_key())
        paint_preview_part(painter, target, preview, self.scene_rect())

    def is_fully_drawn(self) -> bool:
        return self._fully_drawn

    def cancel(self) -> None:
        self.service.cancel(lambda job: job.path == self.path and job.page == self.info.index)

    def release(self) -> None:
        self.service.drop_pending(self._mine)
        try:
            self.service.tile_ready.disconnect(self._on_tile)
            self.service.render_failed.disconnect(self._on_failure)
        except (RuntimeError, TypeError):
            pass
