"""The markup tools on one canvas: Qt events in, tool calls out, previews drawn meanwhile.

An event filter on the canvas and its viewport. With no tool chosen it lets every event
through (the canvas pans and zooms as before). With a tool, a left press, drag, release or
double click becomes a tool call in sheet units, snapped to the drawing or, with Shift,
turned to the nearest 45°; middle-button and Space panning still reach the canvas. While a
gesture runs, Esc, Enter and Backspace belong to it, not to the window's shortcuts.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QGraphicsView

from desktop.markups.items import CanvasOverlay, MarkupItem
from desktop.markups.snapping import constrain
from desktop.markups.tools import FREEHAND_STEP_PIXELS, SELECT, DrawTool, Gesture, SelectTool
from review.errors import PlanReviewError
from review.markups import Point

SNAP_RADIUS_PX = 10.0
PICK_TOLERANCE_PX = 4.0
SNAP_MARKER_PX = 10.0
GESTURE_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Backspace)


class CanvasInteraction(QObject):
    def __init__(self, view, controller):
        super().__init__(view.canvas)   # goes with its canvas, with the items it shows
        self.view = view
        self.canvas = view.canvas
        self.controller = controller
        self.overlay = CanvasOverlay(self.canvas, self)
        self.tool: DrawTool | SelectTool | None = None
        self._pressed = False
        self._preview: MarkupItem | None = None
        self._band = QGraphicsRectItem()
        band_pen = QPen(QColor("#1e88e5"), 1.0, Qt.PenStyle.DashLine)
        band_pen.setCosmetic(True)
        self._band.setPen(band_pen)
        self._band.setZValue(1e9)
        self._marker = QGraphicsRectItem(-SNAP_MARKER_PX / 2, -SNAP_MARKER_PX / 2,
                                         SNAP_MARKER_PX, SNAP_MARKER_PX)
        marker_pen = QPen(QColor("#00c853"), 2.0)
        marker_pen.setCosmetic(True)
        self._marker.setPen(marker_pen)
        self._marker.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self._marker.setZValue(1e9)
        self.canvas.installEventFilter(self)
        self.canvas.viewport().installEventFilter(self)

    # ---- tools --------------------------------------------------------------------------------
    def set_tool(self, name: str | None) -> None:
        self.cancel()
        if name is None:
            self.tool = None
        elif name == SELECT:
            self.tool = SelectTool(self.controller.move_selection,
                                   lambda a, b: self._select_rectangle(a, b))
        else:
            self.tool = DrawTool(name, lambda kind, points: self.controller.commit(
                self.view.sheet_index, kind, points))
        self.canvas.setDragMode(QGraphicsView.DragMode.ScrollHandDrag if self.tool is None
                                else QGraphicsView.DragMode.NoDrag)
        if self.tool is None or isinstance(self.tool, SelectTool):
            self.canvas.viewport().unsetCursor()
        else:
            self.canvas.viewport().setCursor(Qt.CursorShape.CrossCursor)

    def cancel(self) -> None:
        if self.tool is not None:
            self.tool.cancel()
        self._pressed = False
        self.overlay.put_back()
        self._show_preview()
        self._hide(self._band)
        self._hide(self._marker)

    # ---- events -------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.tool is None or self.canvas.layer is None or self.controller.session is None \
                or self.view.sheet_index is None:
            return False
        kind = event.type()
        if watched is self.canvas:
            if kind == QEvent.Type.ShortcutOverride and self.tool.active \
                    and event.key() in GESTURE_KEYS:
                event.accept()
                return True
            if kind == QEvent.Type.KeyPress and self.tool.active and event.key() in GESTURE_KEYS:
                self._key(event.key())
                return True
            return False
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._pressed = True
            self.canvas.setFocus()
            self._press(event.position(), event.modifiers())
            return True
        if kind == QEvent.Type.MouseMove:
            self._move(event.position(), event.modifiers())
            return False   # the canvas still reports the cursor position
        if kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton \
                and self._pressed:
            self._pressed = False
            self._release(event.position(), event.modifiers())
            return True
        if kind == QEvent.Type.MouseButtonDblClick and event.button() == Qt.MouseButton.LeftButton:
            if isinstance(self.tool, DrawTool) and self.tool.gesture is Gesture.CLICKS:
                self._run(self.tool.finish)
                self._show_preview()
            return True
        return False

    def _key(self, key) -> None:
        tool = self.tool
        if key == Qt.Key.Key_Escape:
            self.cancel()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(tool, DrawTool):
            self._run(tool.finish)
            self._show_preview()
        elif key == Qt.Key.Key_Backspace and isinstance(tool, DrawTool):
            tool.undo_point()
            self._show_preview()

    def _press(self, position: QPointF, modifiers) -> None:
        tool = self.tool
        if isinstance(tool, SelectTool):
            self._press_select(position, modifiers)
            return
        point = self.sheet_point(position, modifiers)
        if tool.gesture is Gesture.CLICKS:
            self._run(lambda: tool.place(point))
        else:
            tool.start(point)
        self._show_preview()

    def _move(self, position: QPointF, modifiers) -> None:
        tool = self.tool
        if isinstance(tool, SelectTool):
            if tool.active:
                tool.update(self.canvas.scene_to_sheet(self.canvas.mapToScene(
                    position.toPoint())))
                self._show_select_drag()
            return
        point = self.sheet_point(position, modifiers)
        if tool.active:
            tool.update(point, FREEHAND_STEP_PIXELS / max(self.canvas.logical_scale(), 1e-12))
            self._show_preview()

    def _release(self, position: QPointF, modifiers) -> None:
        tool = self.tool
        if isinstance(tool, SelectTool):
            tool.update(self.canvas.scene_to_sheet(self.canvas.mapToScene(position.toPoint())))
            self._hide(self._band)
            self._run(tool.finish)
            self.overlay.put_back()
            return
        if tool.gesture is Gesture.CLICKS:
            return
        tool.update(self.sheet_point(position, modifiers))
        self._run(tool.finish)
        self._show_preview()

    def _run(self, call) -> None:
        """Runs a tool step; a refused edit (locked, no scale) is told, never raised."""
        try:
            call()
        except PlanReviewError as exc:
            self.controller.notify(str(exc))

    # ---- coordinates and snapping ---------------------------------------------------------------
    def sheet_point(self, position: QPointF, modifiers=Qt.KeyboardModifier.NoModifier) -> Point:
        """The sheet point for a viewport position: constrained with Shift, else snapped."""
        raw = self.canvas.scene_to_sheet(self.canvas.mapToScene(position.toPoint()))
        info = self.canvas.layer.info
        if info.units == "pt":   # a page bounds its markups (exports refuse points off it)
            raw = (min(max(raw[0], 0.0), info.width), min(max(raw[1], 0.0), info.height))
        tool = self.tool
        base = None
        if isinstance(tool, DrawTool):
            fixed = tool.fixed_points() if tool.gesture is Gesture.CLICKS else tool.points[:1]
            base = fixed[-1] if fixed else None
        if modifiers & Qt.KeyboardModifier.ShiftModifier and base is not None:
            self._hide(self._marker)
            return constrain(base, raw)
        radius = SNAP_RADIUS_PX / max(self.canvas.logical_scale(), 1e-12)
        found = self.controller.snapper.snap(self.controller.drawing, self.canvas.layer,
                                             self.view.sheet_index, raw, radius, base)
        if found is None:
            self._hide(self._marker)
            return raw
        self._place(self._marker, self.to_scene(found.point))
        return found.point

    def to_scene(self, point: Point) -> QPointF:
        return self.canvas.layer.sheet_to_scene().map(QPointF(*point))

    # ---- selection ------------------------------------------------------------------------------
    def _press_select(self, position: QPointF, modifiers) -> None:
        scene_point = self.canvas.mapToScene(position.toPoint())
        point = self.canvas.scene_to_sheet(scene_point)
        tolerance = PICK_TOLERANCE_PX / max(self.canvas.logical_scale(), 1e-12)
        item = self.overlay.item_at(scene_point, tolerance)
        session = self.controller.session
        adding = bool(modifiers & Qt.KeyboardModifier.ControlModifier)
        if item is None:
            if not adding:
                session.select(())
            self.tool.start(point, moving=False)
            return
        markup_id = item.markup.id
        if adding:
            session.select(session.selection ^ {markup_id})
            return
        if markup_id not in session.selection:
            session.select([markup_id])
        self.tool.start(point, moving=True)

    def _select_rectangle(self, a: Point, b: Point) -> None:
        rect = QRectF(self.to_scene(a), self.to_scene(b)).normalized()
        if rect.width() <= 0 and rect.height() <= 0:
            return
        ids = {item.markup.id for item in self.overlay.items_in(rect)}
        session = self.controller.session
        session.select(session.selection | ids)

    def _show_select_drag(self) -> None:
        tool = self.tool
        if tool.moving:
            self.overlay.move_items(self.controller.session.selection,
                                    self.to_scene(tool.current) - self.to_scene(tool.origin))
        else:
            self._band.setRect(QRectF(self.to_scene(tool.origin),
                                      self.to_scene(tool.current)).normalized())
            if self._band.scene() is None:
                self.canvas.scene().addItem(self._band)

    # ---- previews -------------------------------------------------------------------------------
    def _show_preview(self) -> None:
        scene = self.canvas.scene()
        if self._preview is not None:
            scene.removeItem(self._preview)
            self._preview = None
        tool = self.tool
        if not isinstance(tool, DrawTool) or self.controller.session is None \
                or self.view.sheet_index is None or self.canvas.layer is None:
            return
        draft = tool.draft(self.view.sheet_index)
        if draft is None:
            return
        draft = self.controller.preview_markup(draft)
        self._preview = self.overlay.make_item(draft)
        self._preview.setZValue(1e8)
        scene.addItem(self._preview)

    def _place(self, item: QGraphicsItem, scene_point: QPointF) -> None:
        item.setPos(scene_point)
        if item.scene() is None:
            self.canvas.scene().addItem(item)

    def _hide(self, item: QGraphicsItem) -> None:
        if item.scene() is not None:
            item.scene().removeItem(item)

