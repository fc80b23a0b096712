"""CAD sheets on the canvas: the compiled arrays drawn with a few batched QPainter calls.

Each chunk of a style group (a few hundred paths close together) becomes one QPainterPath,
built by handing Qt its own serialised form (QDataStream), so building costs a memory copy,
not a Python loop. Built paths are kept up to a bound: a QPainterPath takes several times
the memory of the compiled arrays, so keeping every one would make a big drawing's paths
outweigh the file many times over. A paint draws the chunks that meet the exposed rectangle and are
at least a pixel big, fills before strokes; hidden layers are skipped.
"""
from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QObject, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF, QTransform

from viewers.core.cad.compiled import FILL, FILL_EVEN_ODD, STROKE, CompiledSheet, PathSet
from viewers.core.cache import ByteBoundedCache
from viewers.core.cad.document import CadDocument
from viewers.core.errors import ViewerError
from viewers.core.sheets import SheetInfo
from viewers.qt.layer import SheetLayer

MM_PER_POINT = 0.3527       # a lineweight of one point is one pixel, as ezdxf's Qt backend
MIN_CHUNK_PIXELS = 0.5      # chunks smaller than this on screen are not drawn
MAX_IMAGE_HEIGHT = 30000
# Vertices of the built paths kept per sheet: a QPainterPath holds about 60 bytes a vertex
# once drawn (measured), so this is some 30 MB. Rebuilding costs about 55 ns a vertex, less
# than drawing it; a zoom step over a whole drawing bigger than this rebuilds its paths
# about twice (tiles and chunks overlap).
PATH_CACHE_VERTICES = 1 << 19
BACKGROUND = QColor("white")

# Qt's serialised forms, little-endian (the stream is told so): no byte swapping on x86/ARM.
_ELEMENT_DTYPE = np.dtype([("type", "<i4"), ("x", "<f8"), ("y", "<f8")])


def painter_path(xy: np.ndarray, elements: np.ndarray, *, even_odd: bool) -> QPainterPath:
    """A QPainterPath from vertices and Qt element types, deserialised in one call."""
    path = QPainterPath()
    if not len(xy):
        return path
    records = np.empty(len(xy), _ELEMENT_DTYPE)
    records["type"] = elements
    records["x"] = xy[:, 0]
    records["y"] = xy[:, 1]
    last_move = int(np.nonzero(elements == 0)[0][-1])
    fill_rule = Qt.FillRule.OddEvenFill if even_odd else Qt.FillRule.WindingFill
    data = b"".join((np.array([len(xy)], "<i4").tobytes(), records.tobytes(),
                     np.array([last_move, fill_rule.value], "<i4").tobytes()))
    _deserialise(data, path)
    return path


def point_polygon(xy: np.ndarray) -> QPolygonF:
    polygon = QPolygonF()
    if len(xy):
        data = np.array([len(xy)], "<u4").tobytes() + np.asarray(xy, "<f8").tobytes()
        _deserialise(data, polygon)
    return polygon


def _deserialise(data: bytes, target) -> None:
    buffer = QByteArray(data)   # must outlive the stream, which reads it in place
    stream = QDataStream(buffer, QIODevice.OpenModeFlag.ReadOnly)
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    stream >> target


def qcolor(text: str) -> QColor:
    """ezdxf colours are #rrggbb or #rrggbbaa (Qt reads 8 digits as #aarrggbb)."""
    if len(text) == 9:
        return QColor(int(text[1:3], 16), int(text[3:5], 16), int(text[5:7], 16),
                      int(text[7:9], 16))
    return QColor(text)


class CompiledPainter:
    """Draws one compiled sheet with QPainter; the paths last used are kept."""

    def __init__(self, sheet: CompiledSheet):
        self.sheet = sheet
        self.hidden_layers: set[int] = {i for i, layer in enumerate(sheet.layers)
                                        if not layer.visible}
        self.lineweights = True
        # built paths with their vertex counts, bounded in vertices
        self.built_paths: ByteBoundedCache[tuple[QPainterPath, int]] = ByteBoundedCache(
            PATH_CACHE_VERTICES, lambda built: built[1])
        self._colors = [qcolor(group.color) for group in sheet.groups]
        self._images: list[QImage] | None = None

    def _chunk_path(self, kind: str, paths: PathSet, chunk: int) -> QPainterPath:
        key = (kind, chunk)
        cached = self.built_paths.get(key)
        if cached is not None:
            return cached[0]
        xy, elements = paths.chunk_vertices(chunk)
        group = self.sheet.groups[paths.chunk_group[chunk]]
        path = painter_path(xy, elements, even_odd=group.kind == FILL_EVEN_ODD)
        self.built_paths.put(key, (path, len(xy)))
        return path

    def _visible_chunks(self, paths: PathSet, area: tuple[float, float, float, float],
                        pixels_per_unit: float) -> np.ndarray:
        if not len(paths.chunk_group):
            return np.zeros(0, np.int64)
        box = paths.chunk_bbox
        x0, y0, x1, y1 = area
        inside = (box[:, 2] >= x0) & (box[:, 0] <= x1) & (box[:, 3] >= y0) & (box[:, 1] <= y1)
        size = np.maximum(box[:, 2] - box[:, 0], box[:, 3] - box[:, 1]) * pixels_per_unit
        keep = inside & (size >= MIN_CHUNK_PIXELS)
        if self.hidden_layers:
            layers = np.array([g.layer for g in self.sheet.groups], np.int64)
            keep &= ~np.isin(layers[paths.chunk_group], list(self.hidden_layers))
        return np.nonzero(keep)[0]

    def pen(self, group_index: int, dpr: float) -> QPen:
        group = self.sheet.groups[group_index]
        width = group.lineweight / MM_PER_POINT * dpr if self.lineweights else 0.0
        pen = QPen(self._colors[group_index], width if width >= 1.0 else 0.0)
        pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def paint(self, painter: QPainter, area: tuple[float, float, float, float],
              pixels_per_unit: float, dpr: float = 1.0) -> None:
        """Draws the parts in `area` (drawing units); painter maps drawing units to device."""
        sheet = self.sheet
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        for chunk in self._visible_chunks(sheet.fills, area, pixels_per_unit):
            painter.setBrush(QBrush(self._colors[sheet.fills.chunk_group[chunk]]))
            painter.drawPath(self._chunk_path(FILL, sheet.fills, chunk))
        self._paint_images(painter)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        current = -1
        for chunk in self._visible_chunks(sheet.strokes, area, pixels_per_unit):
            group = int(sheet.strokes.chunk_group[chunk])
            if group != current:
                painter.setPen(self.pen(group, dpr))
                current = group
            painter.drawPath(self._chunk_path(STROKE, sheet.strokes, chunk))
        self._paint_points(painter, dpr)

    def _paint_images(self, painter: QPainter) -> None:
        if not self.sheet.images:
            return
        if self._images is None:
            self._images = []
            for image in self.sheet.images:
                h, w = image.rgba.shape[:2]
                rgba = np.ascontiguousarray(image.rgba)
                self._images.append(QImage(rgba.data, w, h, w * 4,
                                           QImage.Format.Format_RGBA8888).copy())
        base = painter.transform()
        for image, qimage in zip(self.sheet.images, self._images):
            if self.sheet.groups[image.group].layer in self.hidden_layers:
                continue
            m = image.transform
            painter.setTransform(QTransform(m[0, 0], m[1, 0], m[0, 1], m[1, 1], m[0, 2], m[1, 2])
                                 * base)
            painter.drawImage(0, 0, qimage)
        painter.setTransform(base)

    def _paint_points(self, painter: QPainter, dpr: float) -> None:
        sheet = self.sheet
        if not len(sheet.points):
            return
        for group in np.unique(sheet.point_group):
            if sheet.groups[group].layer in self.hidden_layers:
                continue
            pen = QPen(self._colors[group], 2.0 * dpr)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPoints(point_polygon(sheet.points[sheet.point_group == group]))


def sheet_transform(info: SheetInfo) -> QTransform:
    """Drawing units (y up) -> scene units (y down, from the sheet's top-left)."""
    x0, y0 = info.origin
    return QTransform(1.0, 0.0, 0.0, -1.0, -x0, y0 + info.height)


class CadSheetLayer(SheetLayer):
    """One CAD sheet on a canvas. Painting is synchronous but bounded: only chunks on screen
    and bigger than half a pixel are drawn, each one prepared QPainterPath."""

    def __init__(self, info: SheetInfo, sheet: CompiledSheet, parent: QObject | None = None):
        super().__init__(info, parent)
        self.sheet = sheet
        self.drawer = CompiledPainter(sheet)
        self._to_scene = sheet_transform(info)
        self._from_scene, _ = self._to_scene.inverted()
        self._fit: QRectF | None = None

    def sheet_to_scene(self) -> QTransform:
        return self._to_scene

    def fit_rect(self) -> QRectF:
        if self._fit is None:
            x0, y0, x1, y1 = self.sheet.content_extents
            self._fit = self._to_scene.mapRect(QRectF(x0, y0, x1 - x0, y1 - y0)) \
                .intersected(self.scene_rect())
            if self._fit.isEmpty():
                self._fit = self.scene_rect()
        return self._fit

    def paint(self, painter: QPainter, exposed: QRectF, device_scale: float) -> None:
        page = self.scene_rect()
        painter.fillRect(page, BACKGROUND)
        visible = exposed.intersected(page)
        if visible.isEmpty() or device_scale <= 0:
            self.fully_drawn.emit()
            return
        area = self._from_scene.mapRect(visible)
        dpr = painter.device().devicePixelRatioF() if painter.device() else 1.0
        painter.save()
        painter.setTransform(self._to_scene * painter.transform())
        self.drawer.paint(painter, (area.left(), area.top(), area.right(), area.bottom()),
                          device_scale, dpr)
        painter.restore()
        self.fully_drawn.emit()

    # ---- layers and lineweights (the Layers dock) ----------------------------------------------
    def layer_visible(self, layer: int) -> bool:
        return layer not in self.drawer.hidden_layers

    def set_layers_visible(self, layers, visible: bool) -> None:
        if visible:
            self.drawer.hidden_layers -= set(layers)
        else:
            self.drawer.hidden_layers |= set(layers)
        self.updated.emit(QRectF())

    def set_lineweights(self, shown: bool) -> None:
        self.drawer.lineweights = shown
        self.updated.emit(QRectF())

    def lineweights_shown(self) -> bool:
        return self.drawer.lineweights

    def hidden_layers(self) -> frozenset[int]:
        return frozenset(self.drawer.hidden_layers)


def create_cad_layer(document: CadDocument, index: int) -> CadSheetLayer:
    return CadSheetLayer(document.sheet(index), document.compiled(index))


def render_sheet_image(document: CadDocument, sheet_index: int, width_px: int,
                       region: tuple[float, float, float, float] | None,
                       lineweights: bool = True) -> QImage:
    """The sheet (or `region` of it, in drawing units x0, y0, x1, y1) as an image `width_px`
    wide, drawn by the same code as the canvas."""
    layer = create_cad_layer(document, sheet_index)
    layer.set_lineweights(lineweights)
    info = layer.info
    if region is None:
        scene = layer.scene_rect()
    else:
        x0, y0, x1, y1 = region
        scene = layer.sheet_to_scene().mapRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    if scene.width() <= 0 or scene.height() <= 0:
        raise ViewerError(f"the region to render of sheet {info.number} is empty")
    scale = width_px / scene.width()
    height_px = max(1, min(MAX_IMAGE_HEIGHT, round(scene.height() * scale)))
    image = QImage(width_px, height_px, QImage.Format.Format_RGB32)
    image.fill(BACKGROUND)
    painter = QPainter(image)
    painter.setTransform(QTransform(scale, 0, 0, scale, -scene.left() * scale,
                                    -scene.top() * scale))
    layer.paint(painter, scene, scale)
    painter.end()
    return image
