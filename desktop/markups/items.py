"""Markups drawn on the canvas: one QGraphicsItem per markup, built from the model.

Items live in scene units: the markup's sheet-unit points go through the layer's
`sheet_to_scene` transform (identity for PDF pages, y flipped for CAD sheets). Pen widths and
font sizes are points on paper, multiplied by the sheet's size of a point, so a markup looks
the same at any zoom and on PDF and CAD sheets alike. An overlay keeps one canvas's items in
step with the session for the sheet that canvas shows, in an offscreen scene that a
MarkupLayer paints into the canvas from cached tiles (layer.py), with the outlines and names
of the sheet's viewports drawn faintly beneath them.
"""
from __future__ import annotations

import math
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QLineF, QObject, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
)

from desktop.i18n import isolated
from desktop.markups.layer import MarkupLayer
from desktop.markups.names import measured_text, scale_text
from review.markups import STANDARD_STAMPS, Change, Markup, MarkupKind
from review.measure import Viewport

SELECTION_COLOUR = QColor("#1e88e5")
VIEWPORT_COLOUR = QColor(0, 121, 107, 150)   # faint teal: seen, never mistaken for a markup
VIEWPORT_LABEL_PIXELS = 11
VIEWPORT_Z = -1e9                             # beneath every markup
CLOUD_ARC_POINTS = 9.0         # scallop size of a revision cloud, in points on paper
ARROW_HEAD_POINTS = 9.0
COUNT_RADIUS_POINTS = 6.0
TEXT_PADDING_POINTS = 3.0
FONT_PIXELS = 100              # fonts are laid out at this size, then scaled to the sheet
HIGHLIGHT_ALPHA = 90
AREA_FILL_ALPHA = 40
FILLED_KINDS = frozenset({MarkupKind.RECTANGLE, MarkupKind.ELLIPSE, MarkupKind.TEXT,
                          MarkupKind.CALLOUT, MarkupKind.CLOUD})
LABELLED_KINDS = frozenset({MarkupKind.LENGTH, MarkupKind.POLYLENGTH, MarkupKind.AREA,
                            MarkupKind.ANGLE})


def _font(bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(FONT_PIXELS)
    font.setBold(bold)
    return font


class MarkupItem(QGraphicsPathItem):
    """One markup in scene units, rebuilt whole when its markup changes. It is made of Qt's
    own path and text items and paints no Python."""

    def __init__(self, markup: Markup, to_scene: QTransform, unit: float, colour: str):
        super().__init__()
        self.markup = markup
        self.unit = unit
        self.colour = QColor(colour)
        self.selected = False
        self._outline: QGraphicsRectItem | None = None
        self.setZValue(markup.z)
        self.setOpacity(markup.style.opacity)
        self.points = [to_scene.map(QPointF(x, y)) for x, y in markup.points]
        self.stroke = QPainterPath()
        self.fill = QPainterPath()
        self.texts: list[tuple[QRectF, str, float, bool, int]] = []  # box, text, size, bold, flags
        self._build()
        self._dress()

    # ---- geometry -----------------------------------------------------------------------------
    def _build(self) -> None:
        kind, p, unit, text = self.markup.kind, self.points, self.unit, self.markup.text
        size = self.markup.style.font_size * unit
        if kind in (MarkupKind.LINE, MarkupKind.POLYLINE, MarkupKind.FREEHAND,
                    MarkupKind.LENGTH, MarkupKind.POLYLENGTH):
            self.stroke.addPolygon(QPolygonF(p))
        elif kind == MarkupKind.ARROW:
            self.stroke.addPolygon(QPolygonF(p))
            self._arrow_head(p[-2], p[-1])
        elif kind == MarkupKind.CLOUD:
            self.stroke = cloud_path(p, CLOUD_ARC_POINTS * unit)
        elif kind in (MarkupKind.RECTANGLE, MarkupKind.HIGHLIGHT):
            box = QRectF(p[0], p[1]).normalized()
            (self.fill if kind == MarkupKind.HIGHLIGHT else self.stroke).addRect(box)
        elif kind == MarkupKind.ELLIPSE:
            self.stroke.addEllipse(QRectF(p[0], p[1]).normalized())
        elif kind == MarkupKind.AREA:
            polygon = QPolygonF(p + [p[0]])
            self.stroke.addPolygon(polygon)
            self.fill.addPolygon(polygon)
        elif kind == MarkupKind.COUNT:
            radius = COUNT_RADIUS_POINTS * unit
            for number, point in enumerate(p, start=1):
                self.stroke.addEllipse(point, radius, radius)
                self.texts.append((QRectF(point.x() - radius, point.y() - radius, 2 * radius,
                                          2 * radius), str(number), radius * 1.2, True,
                                   int(Qt.AlignmentFlag.AlignCenter)))
        elif kind == MarkupKind.ANGLE:
            self.stroke.addPolygon(QPolygonF(p[:3]))
            radius = min(QLineF(p[1], p[0]).length(), QLineF(p[1], p[2]).length()) / 3
            start = QLineF(p[1], p[0]).angle()
            sweep = (QLineF(p[1], p[2]).angle() - start + 540.0) % 360.0 - 180.0
            arc = QRectF(p[1].x() - radius, p[1].y() - radius, 2 * radius, 2 * radius)
            self.stroke.arcMoveTo(arc, start)
            self.stroke.arcTo(arc, start, sweep)
        elif kind == MarkupKind.STAMP:
            box = QRectF(p[0], p[1]).normalized()
            self.stroke.addRoundedRect(box, box.height() * 0.08, box.height() * 0.08)
            label = (text or STANDARD_STAMPS[0]).upper()
            self.texts.append((box, label, min(box.height() * 0.45, size * 2), True,
                               int(Qt.AlignmentFlag.AlignCenter)))
        elif kind == MarkupKind.TEXT:
            box = self._text_box(p) if len(p) >= 2 else self._fitted_box(p[0], text, size)
            self.stroke.addRect(box)
            self._add_text(box, text, size)
        elif kind == MarkupKind.CALLOUT:
            box = self._text_box(p[1:]) if len(p) >= 3 else self._fitted_box(p[1], text, size)
            self.stroke.addRect(box)
            self._add_text(box, text, size)
            attach = min((QPointF(box.left(), box.center().y()),
                          QPointF(box.right(), box.center().y()),
                          QPointF(box.center().x(), box.top()),
                          QPointF(box.center().x(), box.bottom())),
                         key=lambda c: QLineF(c, p[0]).length())
            self.stroke.moveTo(attach)
            self.stroke.lineTo(p[0])
            self._arrow_head(attach, p[0])
        if kind in LABELLED_KINDS and self.markup.measurement is not None:
            self._add_label(isolated(measured_text(self.markup.measurement)), size)

    @staticmethod
    def _text_box(points: Sequence[QPointF]) -> QRectF:
        return QRectF(points[-2], points[-1]).normalized()

    def _fitted_box(self, anchor: QPointF, text: str, size: float) -> QRectF:
        metrics = QFontMetricsF(_font())
        lines = text.split("\n") or [""]
        scale = size / FONT_PIXELS
        width = max(metrics.horizontalAdvance(line) for line in lines) * scale
        padding = TEXT_PADDING_POINTS * self.unit
        return QRectF(anchor.x(), anchor.y(), width + 2 * padding + size,
                      len(lines) * size * 1.35 + 2 * padding)

    def _add_text(self, box: QRectF, text: str, size: float) -> None:
        padding = TEXT_PADDING_POINTS * self.unit
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                    | Qt.TextFlag.TextWordWrap)
        self.texts.append((box.adjusted(padding, padding, -padding, -padding), text, size,
                           False, flags))

    def _add_label(self, label: str, size: float) -> None:
        p = self.points
        if self.markup.kind == MarkupKind.AREA:
            anchor = QPolygonF(p).boundingRect().center()
        elif self.markup.kind == MarkupKind.ANGLE:
            anchor = p[1]
        else:
            middle = len(p) // 2
            anchor = (p[middle - 1] + p[middle]) / 2 if len(p) % 2 == 0 else p[middle]
        width = QFontMetricsF(_font(True)).horizontalAdvance(label) * size / FONT_PIXELS
        box = QRectF(anchor.x() - width / 2 - size * 0.3, anchor.y() - size * 1.6,
                     width + size * 0.6, size * 1.4)
        self.texts.append((box, label, size, True, int(Qt.AlignmentFlag.AlignCenter)))

    def _arrow_head(self, start: QPointF, tip: QPointF) -> None:
        line = QLineF(tip, start)
        if line.length() == 0:
            return
        head = ARROW_HEAD_POINTS * self.unit
        for turn in (25.0, -25.0):
            side = QLineF(tip, start)
            side.setLength(head)
            side.setAngle(line.angle() + turn)
            self.stroke.moveTo(tip)
            self.stroke.lineTo(side.p2())

    # ---- Qt items -----------------------------------------------------------------------------
    def _dress(self) -> None:
        kind, style = self.markup.kind, self.markup.style
        width = max(style.width, 0.0) * self.unit
        if width > 0 or kind == MarkupKind.FREEHAND:
            pen = QPen(self.colour, width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            if style.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            self.setPen(pen)
        else:
            self.setPen(Qt.PenStyle.NoPen)
        self.setPath(self.stroke)
        if style.fill and kind in FILLED_KINDS:
            self.setBrush(QColor(style.fill))
        if not self.fill.isEmpty():
            tint = QColor(style.fill) if style.fill else QColor(self.colour)
            tint.setAlpha(HIGHLIGHT_ALPHA if kind == MarkupKind.HIGHLIGHT else AREA_FILL_ALPHA)
            area = QGraphicsPathItem(self.fill, self)
            area.setPen(Qt.PenStyle.NoPen)
            area.setBrush(tint)
            area.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        for box, text, size, bold, flags in self.texts:
            self._add_text_item(box, text, size, bold, flags)

    def _add_text_item(self, box: QRectF, text: str, size: float, bold: bool,
                       flags: int) -> None:
        scale = size / FONT_PIXELS
        if scale <= 0 or not text:
            return
        if flags & int(Qt.TextFlag.TextWordWrap):
            item = QGraphicsTextItem()
            item.setParentItem(self)   # PySide 6.11 drops one given its parent when made
            item.setFont(_font(bold))
            item.setPlainText(text)
            item.document().setDocumentMargin(0)
            item.setTextWidth(max(box.width() / scale, 1.0))
            item.setDefaultTextColor(self.colour)
            item.setScale(scale)
            item.setPos(box.topLeft())
            return
        item = QGraphicsSimpleTextItem(text, self)
        item.setFont(_font(bold))
        item.setBrush(self.colour)
        item.setScale(scale)
        shown = item.boundingRect()
        item.setPos(box.center().x() - shown.width() * scale / 2,
                    box.center().y() - shown.height() * scale / 2)

    def set_selected(self, selected: bool) -> None:
        if selected == self.selected:
            return
        self.selected = selected
        if selected:
            margin = 2 * self.unit
            self._outline = QGraphicsRectItem(
                (self.boundingRect() | self.childrenBoundingRect()).adjusted(
                    -margin, -margin, margin, margin), self)
            pen = QPen(SELECTION_COLOUR, 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            self._outline.setPen(pen)
        elif self._outline is not None:
            self._outline.setParentItem(None)
            if self._outline.scene() is not None:
                self._outline.scene().removeItem(self._outline)
            self._outline = None


def cloud_path(points: Sequence[QPointF], arc: float) -> QPainterPath:
    """A revision cloud: each edge of the polygon as a row of outward scallops."""
    path = QPainterPath()
    if len(points) < 2 or arc <= 0:
        return path
    closed = list(points) + [points[0]]
    area = sum(a.x() * b.y() - b.x() * a.y() for a, b in zip(closed, closed[1:]))
    outward = 1.0 if area < 0 else -1.0   # scene y points down
    path.moveTo(closed[0])
    for a, b in zip(closed, closed[1:]):
        edge = QLineF(a, b)
        count = max(1, round(edge.length() / arc))
        dx, dy = (b.x() - a.x()) / count, (b.y() - a.y()) / count
        length = math.hypot(dx, dy) or 1.0
        nx, ny = -dy / length * outward, dx / length * outward
        for step in range(count):
            start = QPointF(a.x() + dx * step, a.y() + dy * step)
            end = QPointF(start.x() + dx, start.y() + dy)
            bulge = length * 0.65
            middle = (start + end) / 2
            path.quadTo(QPointF(middle.x() + nx * bulge, middle.y() + ny * bulge), end)
    return path


class ViewportItem(QGraphicsRectItem):
    """A viewport's outline, dashed, with its name and scale in its corner at screen size."""

    def __init__(self, viewport: Viewport, to_scene: QTransform, label: str):
        x0, y0, x1, y1 = viewport.bbox
        super().__init__(to_scene.mapRect(QRectF(QPointF(x0, y0), QPointF(x1, y1))).normalized())
        self.viewport = viewport
        self.setZValue(VIEWPORT_Z)
        pen = QPen(VIEWPORT_COLOUR, 1.0, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        text = QGraphicsSimpleTextItem(label, self)
        font = QFont()
        font.setPixelSize(VIEWPORT_LABEL_PIXELS)
        text.setFont(font)
        text.setBrush(VIEWPORT_COLOUR)
        text.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        text.setPos(self.rect().topLeft())
        text.setTransform(QTransform.fromTranslate(VIEWPORT_LABEL_PIXELS / 3,
                                                   VIEWPORT_LABEL_PIXELS / 4))


class CanvasOverlay(QObject):
    """The markup items of one canvas: those of the sheet it shows, kept in step; and the
    sheet's viewports while they are to be shown. The markup items live in `source`, an
    offscreen scene that `layer` paints into the canvas from cached tiles; every change to
    an item goes through here, which tells the layer where to draw again."""

    def __init__(self, canvas, parent: QObject | None = None):
        super().__init__(parent)
        self.canvas = canvas
        self.session = None
        self.sheet: int | None = None
        self.items: dict[uuid.UUID, MarkupItem] = {}
        self.source = QGraphicsScene(self)
        self.layer = MarkupLayer(self.source, canvas)
        canvas.scene().addItem(self.layer)
        self.viewports_shown = True
        self.viewport_items: list[ViewportItem] = []
        self._selected: set[uuid.UUID] = set()   # items showing their selection outline
        self._moved: set[uuid.UUID] = set()      # items dragged away from their markup

    def show(self, session, sheet: int | None) -> None:
        """Shows the markups of `sheet` of `session` (None: none)."""
        self.clear()
        self.session, self.sheet = session, sheet
        if session is None or sheet is None or self.canvas.layer is None:
            return
        for markup in session.markups.ordered(sheet):
            self._add(markup)
        self.show_selection()
        self.show_viewports()

    def clear(self) -> None:
        scene = self.canvas.scene()
        for item in self.viewport_items:
            scene.removeItem(item)
        for item in self.items.values():
            self.source.removeItem(item)
        self.items.clear()
        self.viewport_items.clear()
        self._selected.clear()
        self._moved.clear()
        self.layer.reset()

    def show_viewports(self) -> None:
        """Draws the sheet's viewports again (they changed, or were hidden or shown)."""
        scene = self.canvas.scene()
        for item in self.viewport_items:
            scene.removeItem(item)
        self.viewport_items.clear()
        session, sheet = self.session, self.sheet
        if not self.viewports_shown or session is None or sheet is None \
                or self.canvas.layer is None:
            return
        to_scene = self.canvas.layer.sheet_to_scene()
        paper = session.mm_per_paper_unit(sheet)
        for viewport in session.scales(sheet).viewports:
            item = ViewportItem(viewport, to_scene,
                                isolated(f"{viewport.name} \u2014 {scale_text(viewport.scale, paper)}"))
            scene.addItem(item)
            self.viewport_items.append(item)

    def apply(self, change: Change) -> None:
        if self.session is None or self.sheet is None or self.canvas.layer is None:
            return
        for markup in change.removed:
            self._remove(markup.id)
        for old, new in change.updated:
            self._remove(old.id)
            if new.sheet == self.sheet:
                self._add(new)
        for markup in change.added:
            if markup.sheet == self.sheet:
                self._add(markup)
        self.show_selection()

    def show_selection(self) -> None:
        selection = self.session.selection if self.session is not None else set()
        shown = {markup_id for markup_id in selection if markup_id in self.items}
        for markup_id in shown ^ self._selected:
            item = self.items[markup_id]
            self._changing(item, lambda: item.set_selected(markup_id in shown))
        self._selected = shown

    def move_items(self, ids, offset: QPointF) -> None:
        """Shows the unlocked markups of `ids` dragged by `offset` (scene units)."""
        for markup_id in ids:
            item = self.items.get(markup_id)
            if item is not None and not item.markup.locked and not item.markup.read_only:
                self._changing(item, lambda: item.setPos(offset))
                self._moved.add(markup_id)

    def put_back(self) -> None:
        """Dragged markups go back where their markups are (the drag ended or was cancelled)."""
        for markup_id in self._moved:
            item = self.items.get(markup_id)
            if item is not None:
                self._changing(item, lambda: item.setPos(QPointF()))
        self._moved.clear()

    def item_at(self, scene_point: QPointF, tolerance: float) -> MarkupItem | None:
        """The topmost markup within `tolerance` scene units of the point."""
        area = QRectF(scene_point.x() - tolerance, scene_point.y() - tolerance,
                      2 * tolerance, 2 * tolerance)
        for item in self.source.items(area, Qt.ItemSelectionMode.IntersectsItemShape,
                                      Qt.SortOrder.DescendingOrder):
            markup_item = item.topLevelItem()
            if isinstance(markup_item, MarkupItem):
                return markup_item
        return None

    def items_in(self, scene_rect: QRectF) -> list[MarkupItem]:
        found = {}
        for item in self.source.items(scene_rect, Qt.ItemSelectionMode.IntersectsItemShape):
            markup_item = item.topLevelItem()
            if isinstance(markup_item, MarkupItem):
                found[markup_item.markup.id] = markup_item
        return list(found.values())

    def make_item(self, markup: Markup) -> MarkupItem:
        session = self.session
        return MarkupItem(markup, self.canvas.layer.sheet_to_scene(),
                          session.sheet_units_per_point(markup.sheet), session.colour(markup))

    def _add(self, markup: Markup) -> None:
        item = self.make_item(markup)
        self.source.addItem(item)
        self.items[markup.id] = item
        self.layer.invalidate(_extent(item))

    def _remove(self, markup_id: uuid.UUID) -> None:
        item = self.items.pop(markup_id, None)
        if item is not None:
            self._selected.discard(markup_id)
            self._moved.discard(markup_id)
            self.layer.invalidate(_extent(item))
            self.source.removeItem(item)

    def _changing(self, item: MarkupItem, change) -> None:
        before = _extent(item)
        change()
        self.layer.invalidate(before | _extent(item))


def _extent(item: QGraphicsItem) -> QRectF:
    """Where an item and its children paint, in scene units."""
    return item.sceneBoundingRect() | item.mapRectToScene(item.childrenBoundingRect())
