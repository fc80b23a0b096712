"""The sheet canvas: one sheet, zoomed, panned and rotated, painted by its SheetLayer.

Zoom is "paper zoom": 100 % shows the sheet at its real size on a calibrated screen (the
1:1 action), whatever the screen's pixel density. Markups and tools later live in the scene
as items in scene units, so they follow zoom, rotation and device pixel ratio exactly.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QKeySequence,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPen,
    QTransform,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QGestureEvent,
    QGraphicsScene,
    QGraphicsView,
    QPinchGesture,
    QRubberBand,
)

from viewers.qt.layer import SheetLayer

MIN_ZOOM = 0.02
MAX_ZOOM = 64.0
WHEEL_ZOOM_PER_NOTCH = 1.25  # one wheel notch (120 eighths of a degree)
KEY_ZOOM_STEP = 1.25
PAGE_MARGIN_PX = 24
WORKSPACE = QColor(0x5a, 0x5f, 0x66)
SHADOW = QColor(0, 0, 0, 90)


def _outside(rect: QRectF, page: QRectF) -> list[QRectF]:
    """Up to four rectangles covering `rect` minus `page`."""
    inner = rect.intersected(page)
    if inner.isEmpty():
        return [rect]
    strips = [QRectF(rect.left(), rect.top(), rect.width(), inner.top() - rect.top()),
              QRectF(rect.left(), inner.bottom(), rect.width(), rect.bottom() - inner.bottom()),
              QRectF(rect.left(), inner.top(), inner.left() - rect.left(), inner.height()),
              QRectF(inner.right(), inner.top(), rect.right() - inner.right(), inner.height())]
    return [s for s in strips if s.width() > 0 and s.height() > 0]


@dataclass(frozen=True)
class ViewState:
    """What two synchronised views share: the centre (scene units), zoom and rotation."""

    center: tuple[float, float]
    zoom: float
    rotation: int


class SheetCanvas(QGraphicsView):
    zoom_changed = Signal(float)            # zoom factor (1.0 = 100 %)
    cursor_moved = Signal(float, float)     # sheet units under the mouse
    cursor_left = Signal()
    view_changed = Signal(object)           # ViewState, for synchronised views
    fully_drawn = Signal()                  # the visible part is drawn at final quality
    zoom_rect_finished = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState, True)
        self.setBackgroundBrush(WORKSPACE)
        # drawBackground paints every pixel: Qt need not clear the 4K viewport first.
        self.viewport().setAutoFillBackground(False)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().grabGesture(Qt.GestureType.PinchGesture)
        self.layer: SheetLayer | None = None
        self.px_per_mm = max(1.0, self.logicalDpiX() / 25.4)  # calibrated by the shell
        self._zoom = 1.0
        self._rotation = 0
        self._space_down = False
        self._pan_origin: QPointF | None = None
        self._zoom_rect_mode = False
        self._rubber_band: QRubberBand | None = None
        self._rubber_origin = None
        self._applying_state = False
        self.message: str | None = None   # shown on the workspace when there is no sheet

    # ---- sheet --------------------------------------------------------------------------------
    def set_layer(self, layer: SheetLayer | None, *, keep_view: bool = False) -> None:
        if self.layer is not None:
            self.layer.updated.disconnect(self._on_layer_updated)
            self.layer.release()
        self.layer = layer
        if layer is None:
            self.scene().setSceneRect(QRectF())
            self.viewport().update()
            return
        layer.updated.connect(self._on_layer_updated)
        rect = layer.scene_rect()
        margin = max(rect.width(), rect.height()) * 0.5
        self.scene().setSceneRect(rect.adjusted(-margin, -margin, margin, margin))
        if not keep_view:
            self.fit_page()
        self.viewport().update()

    def _on_layer_updated(self, rect: QRectF) -> None:
        self.viewport().update()

    def mm_per_scene_unit(self) -> float:
        if self.layer is None or not self.layer.info.mm_per_unit:
            return 1.0
        return self.layer.info.mm_per_unit

    # ---- zoom ---------------------------------------------------------------------------------
    def zoom(self) -> float:
        return self._zoom

    def logical_scale(self) -> float:
        """Logical pixels per scene unit."""
        return self._zoom * self.px_per_mm * self.mm_per_scene_unit()

    def device_scale(self) -> float:
        return self.logical_scale() * self.viewport().devicePixelRatioF()

    def _apply_transform(self) -> None:
        scale = self.logical_scale()
        self.setTransform(QTransform().rotate(self._rotation).scale(scale, scale))
        self.zoom_changed.emit(self._zoom)
        self._emit_view_changed()

    def set_zoom(self, zoom: float, anchor_view: QPointF | None = None) -> None:
        low, high = self.zoom_range()
        zoom = min(high, max(low, zoom))
        if anchor_view is None:
            anchor_view = QPointF(self.viewport().rect().center())
        scene_anchor = self.mapToScene(anchor_view.toPoint())
        self._zoom = zoom
        previous = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        # The whole view is redrawn at the new zoom: without updates the scroll bars' moves
        # below do not first shift the old frame's pixels (a full-screen copy each at 4K).
        viewport = self.viewport()
        viewport.setUpdatesEnabled(False)
        try:
            self._apply_transform()
            # keep the scene point under the anchor where it was
            delta = self.mapFromScene(scene_anchor) - anchor_view.toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() + delta.y())
        finally:
            viewport.setUpdatesEnabled(True)
        viewport.update()
        self.setTransformationAnchor(previous)
        self._emit_view_changed()

    def zoom_range(self) -> tuple[float, float]:
        """2 % to 6400 % of paper size; a CAD model space (a site 800 m wide is 1:2000 to
        fit) reaches from a quarter of its fitted size to 20,000 times it."""
        if self.layer is None or self.layer.info.units == "pt":
            return MIN_ZOOM, MAX_ZOOM
        rect = self.layer.fit_rect()
        base = self.px_per_mm * self.mm_per_scene_unit()
        fit = min(self.viewport().width() / max(rect.width() * base, 1e-12),
                  self.viewport().height() / max(rect.height() * base, 1e-12))
        return min(MIN_ZOOM, fit / 4), max(MAX_ZOOM, fit * 20000)

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom * KEY_ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom / KEY_ZOOM_STEP)

    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def _zoom_to_fit(self, rect: QRectF, *, width_only: bool = False) -> None:
        if rect.isEmpty():
            return
        view = self.viewport().rect().adjusted(PAGE_MARGIN_PX, PAGE_MARGIN_PX,
                                               -PAGE_MARGIN_PX, -PAGE_MARGIN_PX)
        rotated = QTransform().rotate(self._rotation).mapRect(rect)
        base = self.px_per_mm * self.mm_per_scene_unit()
        sx = view.width() / (rotated.width() * base)
        sy = view.height() / (rotated.height() * base)
        low, high = self.zoom_range()
        self._zoom = min(high, max(low, sx if width_only else min(sx, sy)))
        self._apply_transform()
        if width_only:
            top_center = QPointF(rect.center().x(), rect.top())
            self.centerOn(rect.center())
            view_top = self.mapFromScene(top_center)
            self.verticalScrollBar().setValue(
                self.verticalScrollBar().value() + view_top.y() - PAGE_MARGIN_PX)
        else:
            self.centerOn(rect.center())
        self._emit_view_changed()

    def fit_page(self) -> None:
        if self.layer is not None:
            self._zoom_to_fit(self.layer.fit_rect())

    def fit_width(self) -> None:
        if self.layer is not None:
            self._zoom_to_fit(self.layer.fit_rect(), width_only=True)

    def zoom_to_scene_rect(self, rect: QRectF) -> None:
        self._zoom_to_fit(rect.normalized())

    def rotate_view(self, degrees: int = 90) -> None:
        center = self.mapToScene(self.viewport().rect().center())
        self._rotation = (self._rotation + degrees) % 360
        self._apply_transform()
        self.centerOn(center)

    def rotation(self) -> int:
        return self._rotation

    def start_zoom_rect(self) -> None:
        """The next drag draws a rectangle to zoom into (Esc cancels)."""
        self._zoom_rect_mode = True
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def _end_zoom_rect(self) -> None:
        self._zoom_rect_mode = False
        if self._rubber_band is not None:
            self._rubber_band.hide()
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.viewport().unsetCursor()
        self.zoom_rect_finished.emit()

    # ---- synchronised views ---------------------------------------------------------------------
    def view_state(self) -> ViewState:
        center = self.mapToScene(self.viewport().rect().center())
        return ViewState((center.x(), center.y()), self._zoom, self._rotation)

    def set_view_state(self, state: ViewState) -> None:
        self._applying_state = True
        try:
            self._zoom = state.zoom
            self._rotation = state.rotation
            self._apply_transform()
            self.centerOn(QPointF(*state.center))
        finally:
            self._applying_state = False

    def _emit_view_changed(self) -> None:
        if not self._applying_state:
            self.view_changed.emit(self.view_state())

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        super().scrollContentsBy(dx, dy)
        self._emit_view_changed()

    # ---- coordinates ----------------------------------------------------------------------------
    def scene_to_sheet(self, point: QPointF) -> tuple[float, float]:
        if self.layer is None:
            return point.x(), point.y()
        inverse, _ = self.layer.sheet_to_scene().inverted()
        mapped = inverse.map(point)
        return mapped.x(), mapped.y()

    # ---- painting -------------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:
        if self.layer is None:
            painter.fillRect(rect, WORKSPACE)
            return
        page = self.layer.scene_rect()
        # Only the workspace around the sheet is filled: the sheet paints every pixel it
        # covers, and full-viewport fills cost milliseconds per frame at 4K.
        for strip in _outside(rect, page):
            painter.fillRect(strip, WORKSPACE)
        shadow = 4.0 / max(self.logical_scale(), 1e-9)
        painter.fillRect(QRectF(page.right(), page.top() + shadow, shadow, page.height()), SHADOW)
        painter.fillRect(QRectF(page.left() + shadow, page.bottom(), page.width() - shadow,
                                shadow), SHADOW)
        self.layer.paint(painter, rect, self.device_scale())
        if self.layer.is_fully_drawn():
            self.fully_drawn.emit()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        error = getattr(self.layer, "error", None) if self.layer is not None else None
        text = error or (self.message if self.layer is None else None)
        if not text:
            return
        painter.save()
        painter.resetTransform()
        box = self.viewport().rect().adjusted(40, 40, -40, -40)
        painter.setPen(QPen(QColor("#b00020") if error else QColor("white")))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
        painter.restore()

    # ---- input ----------------------------------------------------------------------------------
    def wheelEvent(self, event: QWheelEvent) -> None:
        modifiers = event.modifiers()
        pixel = event.pixelDelta()
        if modifiers & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier) \
                or (not pixel.isNull() and not modifiers & Qt.KeyboardModifier.ControlModifier):
            super().wheelEvent(event)  # scroll: trackpads, Shift+wheel
            return
        notches = event.angleDelta().y() / 120.0
        if notches:
            self.set_zoom(self._zoom * WHEEL_ZOOM_PER_NOTCH ** notches, event.position())
        event.accept()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.NativeGesture:
            gesture: QNativeGestureEvent = event  # type: ignore[assignment]
            if gesture.gestureType() == Qt.NativeGestureType.ZoomNativeGesture:
                self.set_zoom(self._zoom * (1.0 + gesture.value()), gesture.position())
                return True
        if event.type() == QEvent.Type.Gesture:
            pinch = event.gesture(Qt.GestureType.PinchGesture)  # type: ignore[attr-defined]
            if isinstance(pinch, QPinchGesture):
                factor = pinch.scaleFactor()
                if factor > 0:
                    self.set_zoom(self._zoom * factor,
                                  self.viewport().mapFromGlobal(pinch.centerPoint().toPoint())
                                  .toPointF())
                event.accept()
                return True
        return super().viewportEvent(event)

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QGestureEvent):
            return self.viewportEvent(event)
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        if event.key() == Qt.Key.Key_Escape and self._zoom_rect_mode:
            self._end_zoom_rect()
            return
        if event.matches(QKeySequence.StandardKey.ZoomIn) or event.key() == Qt.Key.Key_Plus:
            self.zoom_in()
            return
        if event.matches(QKeySequence.StandardKey.ZoomOut) or event.key() == Qt.Key.Key_Minus:
            self.zoom_out()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self._pan_origin = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._zoom_rect_mode and event.button() == Qt.MouseButton.LeftButton:
            self._rubber_origin = event.position().toPoint()
            if self._rubber_band is None:
                self._rubber_band = QRubberBand(QRubberBand.Shape.Rectangle, self.viewport())
            self._rubber_band.setGeometry(self._rubber_origin.x(), self._rubber_origin.y(), 0, 0)
            self._rubber_band.show()
            return
        if event.button() == Qt.MouseButton.MiddleButton or (
                self._space_down and event.button() == Qt.MouseButton.LeftButton):
            self._pan_origin = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        scene_point = self.mapToScene(event.position().toPoint())
        self.cursor_moved.emit(*self.scene_to_sheet(scene_point))
        if self._rubber_band is not None and self._rubber_band.isVisible():
            self._rubber_band.setGeometry(
                QRect(self._rubber_origin, event.position().toPoint()).normalized())
            return
        if self._pan_origin is not None:
            delta = event.position() - self._pan_origin
            self._pan_origin = event.position()
            self.horizontalScrollBar().setValue(
                self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._rubber_band is not None and self._rubber_band.isVisible():
            band = self._rubber_band.geometry()
            self._end_zoom_rect()
            if band.width() > 4 and band.height() > 4:
                self.zoom_to_scene_rect(self.mapToScene(band).boundingRect())
            return
        if self._pan_origin is not None and event.button() in (
                Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_origin = None
            if self._space_down:
                self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            else:
                self.viewport().unsetCursor()
            return
        super().mouseReleaseEvent(event)

    def leaveEvent(self, event) -> None:
        self.cursor_left.emit()
        super().leaveEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._emit_view_changed()

