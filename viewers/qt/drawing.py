"""An opened drawing on the canvas side: its sheets' layers, thumbnails and best-known info.

PDF sheet numbers and titles come from worker processes (text extraction can be slow on
heavy pages); until then a sheet shows its page label or number, and `identify` reads one
sheet at once when it is needed now (Go to Sheet). CAD sheets are known at load time. A number
and title the reviewer corrected (`set_corrected`) win over what was read.
"""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from review.sheet_identity import SheetIdentity
from viewers.core.pdf import page_label
from viewers.core.sheets import MM_PER_POINT, SheetDocument, SheetInfo
from viewers.qt.layer import SheetLayer
from viewers.qt.pdf_layer import PdfPageLayer, PdfTileService

THUMBNAIL_WIDTH = 240


class OpenDrawing(QObject):
    sheet_changed = Signal(int)     # better info or a thumbnail for this sheet arrived

    def __init__(self, document: SheetDocument, service: PdfTileService,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.service = service
        self.path = str(document.path)
        self.password = getattr(document, "password", None)
        self._infos: dict[int, SheetInfo] = {}
        self._corrected: dict[int, SheetIdentity] = {}
        self._cad_tiles = None        # CadTileService, made with the first CAD sheet or thumbnail
        self._cad_thumbnails = None   # CadThumbnails, drawn on that service's worker thread
        if document.kind == "pdf":
            service.info_ready.connect(self._on_info)
            service.tile_ready.connect(self._on_tile)

    @property
    def kind(self) -> str:
        return self.document.kind

    def sheet_count(self) -> int:
        return self.document.sheet_count()

    def info(self, index: int) -> SheetInfo:
        """The best information known now; asks for better in the background (PDF)."""
        return self._with_correction(self._read_info(index))

    def _read_info(self, index: int) -> SheetInfo:
        known = self._infos.get(index)
        if known is not None:
            return known
        if self.kind != "pdf":
            info = self.document.sheet(index)
            self._infos[index] = info
            return info
        width, height = self.document.page_size(index)
        label = page_label(self.document.doc[index])
        quick = SheetInfo(index, label or str(index + 1), "", label, width, height, "pt",
                          MM_PER_POINT)
        self.service.request_info(self.path, self.password, index)
        return quick

    def identify(self, index: int) -> SheetInfo:
        """The sheet's number and title read now, on this thread (one page's title block:
        tens of milliseconds), for a caller that cannot wait for the background reading."""
        if index not in self._infos:
            self._infos[index] = self.document.sheet(index)
        return self.info(index)

    def has_read(self, index: int) -> bool:
        """Whether the sheet's title block has been read (else `info` is a placeholder)."""
        return index in self._infos

    def read_identity(self, index: int) -> SheetIdentity:
        """What the drawing itself says, before any correction."""
        info = self._read_info(index)
        return SheetIdentity(info.number, info.title)

    def set_corrected(self, index: int, identity: SheetIdentity | None) -> None:
        """The reviewer's number and title for a sheet, or None to show what was read."""
        if identity is None:
            self._corrected.pop(index, None)
        else:
            self._corrected[index] = identity
        self.sheet_changed.emit(index)

    def corrected(self, index: int) -> SheetIdentity | None:
        return self._corrected.get(index)

    def _with_correction(self, info: SheetInfo) -> SheetInfo:
        identity = self._corrected.get(info.index)
        if identity is None:
            return info
        return replace(info, number=identity.number or info.number, title=identity.title)

    def _on_info(self, key, info: SheetInfo) -> None:
        if key[1] == self.path:
            self._infos[key[2]] = info
            self.sheet_changed.emit(key[2])

    def _on_tile(self, key) -> None:
        if isinstance(key, tuple) and key[0] == "thumbnail" and key[1] == self.path:
            self.sheet_changed.emit(key[2])

    def thumbnail(self, index: int) -> QImage | None:
        if self.kind == "pdf":
            return self.service.thumbnail(self.path, self.password, index,
                                          self.document.page_size(index))
        if self._cad_thumbnails is None:
            from viewers.qt.cad_tiles import CadThumbnails

            self._cad_thumbnails = CadThumbnails(self.document, self._cad_tile_service(),
                                                 THUMBNAIL_WIDTH, self.sheet_changed.emit)
        return self._cad_thumbnails.thumbnail(index)

    def _cad_tile_service(self):
        from viewers.qt.cad_tiles import CadTileService

        if self._cad_tiles is None:
            self._cad_tiles = CadTileService(parent=self)
        return self._cad_tiles

    def make_layer(self, index: int) -> SheetLayer:
        info = self.info(index)
        if self.kind == "pdf":
            return PdfPageLayer(info, self.service, self.path, self.password)
        from viewers.qt.cad_layer import create_cad_layer
        from viewers.qt.cad_tiles import TiledCadLayer

        return TiledCadLayer(create_cad_layer(self.document, index), self._cad_tile_service(),
                             self.path)

    def close(self) -> None:
        if self._cad_tiles is not None:
            self._cad_tiles.shutdown()
        if self.kind == "pdf":
            self.service.drop_pending(lambda job: job.path == self.path)
        self.document.close()
