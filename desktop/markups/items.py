"""Markups drawn on the canvas: one QGraphicsItem per markup, built from the model.

What each markup draws comes from review.markup_shapes, the geometry the PDF, DXF and print
exports draw too; this module only turns its paths and text runs into Qt items. Items live in
scene units: the markup's sheet-unit points go through the layer's
`sheet_to_scene` transform (identity for PDF pages, y flipped for CAD sheets). Pen widths and
font sizes are points on paper, multiplied by the sheet's size of a point, so a markup looks
the same at any zoom and on PDF and CAD sheets alike. An overlay keeps one canvas's items in
step with the session for the sheet that canvas shows, in an offscreen scene that a
MarkupLayer paints into the canvas from cached tiles (layer.py), with the outlines and names
of the sheet's viewports drawn faintly beneath them.
"""
from __future__ import annotations

import uuid

from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainterPath, QPen, QTransform
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
from review.markup_shapes import LABELLED_KINDS, Align, Path, TextRun, shapes_of
from review.markups import Change, Markup, MarkupKind
from review.measure import Viewport

SELECTION_COLOUR = QColor("#1e88e5")
VIEWPORT_COLOUR = QColor(0, 121, 107, 150)   # faint teal: seen, never mistaken for a markup
VIEWPORT_LABEL_PIXELS = 11
VIEWPORT_Z = -1e9                             # beneath every markup
FONT_PIXELS = 100              # fonts are laid out at this size, then scaled to the sheet


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
        self.stroke = QPainterPath()     # drawn with the pen
        self.solid = QPainterPath()      # filled in the markup's colour (arrow heads)
        self.box_fill = QPainterPath()   # filled with the style's fill colour, if any
        self.fill = QPainterPath()       # translucent tint (highlights, areas)
        self.texts: list[tuple[QRectF, str, float, bool, int]] = []  # box, text, size, bold, flags
        self._build()
        self._dress()

    # ---- geometry -----------------------------------------------------------------------------
    def _build(self) -> None:
        """Draws what review.markup_shapes gives for the markup in scene units: the same
        shapes the PDF, DXF and printed exports draw."""
        label = None
        if self.markup.kind in LABELLED_KINDS and self.markup.measurement is not None:
            label = isolated(measured_text(self.markup.measurement))
        shapes = shapes_of(self.markup, self.unit,
                           points=[(p.x(), p.y()) for p in self.points], label=label)
        self.shapes = shapes
        for path in shapes.strokes:
            _add_path(self.stroke, path)
        for path in shapes.solids:
            _add_path(self.solid, path)
        for path in shapes.fills:
            _add_path(self.box_fill, path)
        for path in shapes.tints:
            _add_path(self.fill, path)
        for run in shapes.texts:
            x0, y0, x1, y1 = run.box
            self.texts.append((QRectF(x0, y0, x1 - x0, y1 - y0), run.text, run.size, run.bold,
                               _text_flags(run)))

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
        if style.fill and not self.box_fill.isEmpty():
            self._add_area(self.box_fill, QColor(style.fill), behind=True)
        if not self.fill.isEmpty():
            tint = QColor(style.fill) if style.fill else QColor(self.colour)
            tint.setAlphaF(self.shapes.tint_opacity)
            self._add_area(self.fill, tint, behind=True)
        if not self.solid.isEmpty():
            self._add_area(self.solid, self.colour, behind=False)
        for box, text, size, bold, flags in self.texts:
            self._add_text_item(box, text, size, bold, flags)

    def _add_area(self, path: QPainterPath, colour: QColor, *, behind: bool) -> None:
        area = QGraphicsPathItem(path, self)
        area.setPen(Qt.PenStyle.NoPen)
        area.setBrush(colour)
        if behind:
            area.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)

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


def _add_path(target: QPainterPath, path: Path) -> None:
    target.moveTo(*path.start)
    for segment in path.segments:
        if len(segment) == 1:
            target.lineTo(*segment[0])
        else:
            target.cubicTo(*(QPointF(*q) for q in segment))
    if path.closed:
        target.closeSubpath()


def _text_flags(run: TextRun) -> int:
    vertical = Qt.AlignmentFlag.AlignVCenter if run.middle else Qt.AlignmentFlag.AlignTop
    horizontal = {Align.CENTRE: Qt.AlignmentFlag.AlignHCenter,
                  Align.RIGHT: Qt.AlignmentFlag.AlignRight}.get(run.align,
                                                                 Qt.AlignmentFlag.AlignLeft)
    flags = int(vertical | horizontal)
    return flags | int(Qt.TextFlag.TextWordWrap) if run.wrap and not run.middle else flags


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
