"""The markups painted from cached tiles (MarkupLayer) look exactly as their items painted one
by one by the canvas, before and after edits, zoomed out and in, in English and Arabic; and
picking, selecting and moving still work among 10,000 markups."""
from __future__ import annotations

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from desktop.markups.tools import SELECT
from review.markups import Markup, MarkupKind, MarkupStatus, Measurement, Style
from tests.desktop.markups.conftest import drag, open_drawing, plain_pdf, press, release

ARABIC_COMMENT = "يرجى توفير مخرج حريق هنا"


def every_kind(sheet: int = 0) -> list[Markup]:
    """One markup of each kind, some overlapping, measured, dashed, filled, translucent."""
    return [
        Markup(sheet, MarkupKind.CLOUD, ((120, 120), (260, 120), (200, 220))),
        Markup(sheet, MarkupKind.RECTANGLE, ((150, 150), (320, 260)),
               style=Style(fill="#ffeb3b", opacity=0.6)),
        Markup(sheet, MarkupKind.ELLIPSE, ((300, 100), (420, 180)), style=Style(dashed=True)),
        Markup(sheet, MarkupKind.ARROW, ((440, 100), (520, 180))),
        Markup(sheet, MarkupKind.LINE, ((100, 300), (300, 330))),
        Markup(sheet, MarkupKind.POLYLINE, ((320, 300), (380, 360), (440, 300))),
        Markup(sheet, MarkupKind.FREEHAND, ((460, 300), (470, 310), (490, 305), (500, 330))),
        Markup(sheet, MarkupKind.HIGHLIGHT, ((520, 280), (640, 320))),
        Markup(sheet, MarkupKind.TEXT, ((560, 100), (700, 160)), text="Provide a fire exit"),
        Markup(sheet, MarkupKind.CALLOUT, ((540, 200), (600, 220), (740, 260)),
               text=ARABIC_COMMENT),
        Markup(sheet, MarkupKind.STAMP, ((100, 420), (260, 480)), text="approved"),
        Markup(sheet, MarkupKind.LENGTH, ((300, 420), (480, 420)),
               measurement=Measurement(5000.0, "mm", scale="1:100")),
        Markup(sheet, MarkupKind.POLYLENGTH, ((300, 460), (380, 520), (480, 470)),
               measurement=Measurement(7250.0, "mm", scale="1:100")),
        Markup(sheet, MarkupKind.AREA, ((520, 400), (680, 400), (640, 520)),
               measurement=Measurement(12.5e6, "mm2", perimeter=16000.0, scale="1:100")),
        Markup(sheet, MarkupKind.COUNT, ((700, 420), (730, 450), (760, 420))),
        Markup(sheet, MarkupKind.ANGLE, ((700, 540), (640, 500), (760, 480)),
               measurement=Measurement(41.0, "deg")),
    ]


@pytest.fixture
def pdf_session(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf", pages=1))
    window.markups.controller.snapper.enabled = False
    return session


def overlay_of(window):
    return window.markups.controller.active_interaction().overlay


def sharp(qtbot, window) -> None:
    """The drawing and the markups drawn at this zoom, no stand-in left."""
    canvas, markups = window.canvas, overlay_of(window).layer
    canvas.viewport().repaint()
    qtbot.waitUntil(lambda: canvas.layer.is_fully_drawn() and markups.is_fully_drawn(),
                    timeout=30000)


def painted_by_layer(qtbot, window) -> QImage:
    sharp(qtbot, window)
    return window.canvas.grab().toImage()


def painted_one_by_one(qtbot, window) -> QImage:
    """The canvas as it was drawn before the layer: every markup item in the canvas scene."""
    overlay, scene = overlay_of(window), window.canvas.scene()
    items = [item for item in overlay.source.items() if item.parentItem() is None]
    overlay.layer.hide()
    for item in items:
        scene.addItem(item)
    try:
        sharp(qtbot, window)
        return window.canvas.grab().toImage()
    finally:
        for item in items:
            overlay.source.addItem(item)
        overlay.layer.show()


def pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.asarray(image.constBits()).reshape(image.height(), image.width(), 4).astype(int)


def unmatched(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pixels of `a` with no pixel of `b` of the same colour (to 2 levels) at most a pixel
    away."""
    height, width = a.shape[:2]
    padded = np.pad(b, ((1, 1), (1, 1), (0, 0)), mode="edge")
    found = np.zeros((height, width), dtype=bool)
    for dy in range(3):
        for dx in range(3):
            near = padded[dy:dy + height, dx:dx + width]
            found |= (np.abs(a - near) <= 2).all(axis=2)
    return ~found


def assert_same_pixels(qtbot, window, tmp_path, name: str) -> None:
    """The layer paints what the items paint. Not always to the bit: a translucent colour
    composed onto a clear tile, then onto the sheet, may round a level apart; and the dashes
    of a curve may start a pixel apart (Qt dashes curves within the bounds of the image
    painted, and a tile is not the canvas)."""
    cached = painted_by_layer(qtbot, window)
    reference = painted_one_by_one(qtbot, window)
    a, b = pixels(cached), pixels(reference)
    wrong = int((unmatched(a, b) | unmatched(b, a)).sum())
    if wrong:
        cached.save(str(tmp_path / f"{name}-layer.png"))
        reference.save(str(tmp_path / f"{name}-items.png"))
        pytest.fail(f"{name}: {wrong} pixels differ; images in {tmp_path}")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_layer_paints_what_the_items_paint_before_and_after_edits(
        qtbot, window, pdf_session, tmp_path, language):
    window.set_language(language)
    made = every_kind()
    pdf_session.add(made, "every kind", select=False)
    canvas = window.canvas
    fit = canvas.zoom()
    assert_same_pixels(qtbot, window, tmp_path, "fit")

    # edits once the tiles are cached: each draws again where it changed, nowhere else
    cloud, rectangle, ellipse = made[0], made[1], made[2]
    pdf_session.select([rectangle.id, ellipse.id])
    pdf_session.restack([cloud.id], front=True, text="front")
    pdf_session.move([ellipse.id], 30, 40, "move")
    pdf_session.set_status([made[3].id], MarkupStatus.RESOLVED, "status")
    pdf_session.remove([made[4].id], "remove")
    pdf_session.add([Markup(0, MarkupKind.RECTANGLE, ((180, 180), (240, 240)))], "add",
                    select=False)
    overlay_of(window).move_items([rectangle.id], QPointF(12, -7))   # a drag under way
    assert_same_pixels(qtbot, window, tmp_path, "edited")
    overlay_of(window).put_back()
    assert_same_pixels(qtbot, window, tmp_path, "put-back")

    canvas.set_zoom(fit * 6)
    canvas.centerOn(canvas.layer.sheet_to_scene().map(QPointF(600, 230)))
    assert_same_pixels(qtbot, window, tmp_path, "zoomed")
    canvas.horizontalScrollBar().setValue(canvas.horizontalScrollBar().value() + 137)
    pdf_session.select([made[9].id])
    assert_same_pixels(qtbot, window, tmp_path, "panned")


def test_a_turned_view_shows_the_tiles_turned(qtbot, window, pdf_session):
    pdf_session.add(every_kind(), "every kind", select=False)
    window.canvas.rotate_view(90)
    a = pixels(painted_by_layer(qtbot, window))
    b = pixels(painted_one_by_one(qtbot, window))
    # Glyphs drawn upright and turned with their tile are hinted unlike glyphs drawn turned:
    # only text differs, a pixel here and there.
    assert (unmatched(a, b) | unmatched(b, a)).mean() < 0.01


def test_a_split_view_shows_the_markups_and_lets_go_of_them_when_closed(qtbot, window, pdf_session):
    made = every_kind()
    pdf_session.add(made, "every kind", select=False)
    controller = window.markups.controller
    window.actions_by_name["split"].trigger()
    second = controller.interactions[1]
    qtbot.waitUntil(lambda: len(second.overlay.items) == len(made))
    window.actions_by_name["split"].trigger()
    qtbot.waitUntil(lambda: len(controller.interactions) == 1)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(second)
    pdf_session.set_status([made[0].id], MarkupStatus.RESOLVED, "status")   # no one left behind
    assert len(overlay_of(window).items) == len(made)


def grid_of_markups(count: int) -> list[Markup]:
    """`count` small rectangles in rows over the page, each 6 x 4 points."""
    columns = 100
    return [Markup(0, MarkupKind.RECTANGLE,
                   ((40 + 7.5 * (n % columns), 40 + 5 * (n // columns)),
                    (46 + 7.5 * (n % columns), 44 + 5 * (n // columns))))
            for n in range(count)]


def test_pick_select_and_move_among_ten_thousand(qtbot, window, pdf_session, tmp_path):
    made = grid_of_markups(10_000)
    pdf_session.add(made, "grid", select=False)
    overlay = overlay_of(window)
    assert len(overlay.items) == 10_000
    canvas = window.canvas
    canvas.set_zoom(canvas.zoom() * 4)
    target = made[5050]
    (x0, y0), (x1, y1) = target.points
    canvas.centerOn(canvas.layer.sheet_to_scene().map(QPointF(x0, y0)))
    window.markups.controller.set_tool(SELECT)

    press(window, (x0 + 0.2, (y0 + y1) / 2))          # on its left edge
    release(window, (x0 + 0.2, (y0 + y1) / 2))
    assert pdf_session.selection == {target.id}
    neighbour = made[5051]
    press(window, (neighbour.points[0][0] + 0.2, (y0 + y1) / 2),
          Qt.KeyboardModifier.ControlModifier)
    release(window, (neighbour.points[0][0] + 0.2, (y0 + y1) / 2),
            Qt.KeyboardModifier.ControlModifier)
    assert pdf_session.selection == {target.id, neighbour.id}
    assert_same_pixels(qtbot, window, tmp_path, "selected")

    drag(window, (x0 + 0.2, (y0 + y1) / 2), (x0 + 30.2, (y0 + y1) / 2 + 20))
    assert pdf_session.markups.get(target.id).points[0] == pytest.approx((x0 + 30, y0 + 20),
                                                                         abs=0.5)
    assert pdf_session.markups.get(neighbour.id).points[0][0] == pytest.approx(
        neighbour.points[0][0] + 30, abs=0.5)
    assert_same_pixels(qtbot, window, tmp_path, "moved")

    # a rubber band from an empty spot selects what it touches, and only that
    left, top = made[0].points[0]
    drag(window, (left - 5, top - 3), (left + 10, top + 6))
    assert pdf_session.selection == {made[0].id, made[1].id, made[100].id, made[101].id}



def marked(window, image: QImage) -> int:
    """How many pixels of `image` differ from the canvas without its markups."""
    layer = overlay_of(window).layer
    layer.hide()
    try:
        bare = pixels(window.canvas.grab().toImage())
    finally:
        layer.show()
    return int((pixels(image) != bare).any(axis=2).sum())


def test_a_zoom_step_shows_stand_ins_then_draws_the_same_pixels_a_piece_a_frame(
        qtbot, window, pdf_session, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.markups.layer.FRAME_BUDGET_S", 0.0)   # one piece a frame
    made = every_kind() + grid_of_markups(2000)
    pdf_session.add(made, "many", select=False)
    canvas, layer = window.canvas, overlay_of(window).layer
    sharp(qtbot, window)
    canvas.set_zoom(canvas.zoom() * 2.5)
    cloud = made[0]
    canvas.centerOn(canvas.layer.sheet_to_scene().map(QPointF(220, 200)))
    canvas.viewport().repaint()
    assert not layer.is_fully_drawn()
    during = canvas.grab().toImage()
    during.save(str(tmp_path / "during.png"))
    sharp(qtbot, window)
    settled = canvas.grab().toImage()
    settled.save(str(tmp_path / "settled.png"))
    # the previous zoom's tiles stood in, scaled, for the markups not drawn yet
    assert marked(window, during) > 0.8 * marked(window, settled)
    assert_same_pixels(qtbot, window, tmp_path, "settled")

    # an edit in the middle of a zoom step shows sharp in the frame it is made
    canvas.set_zoom(canvas.zoom() * 1.25)
    canvas.centerOn(canvas.layer.sheet_to_scene().map(QPointF(220, 200)))
    canvas.viewport().repaint()
    assert not layer.is_fully_drawn()
    pdf_session.move([cloud.id], 30, 40, "move")
    canvas.viewport().repaint()
    edited = pixels(canvas.grab().toImage())
    sharp(qtbot, window)
    reference = pixels(painted_one_by_one(qtbot, window))
    box = canvas.mapFromScene(canvas.layer.sheet_to_scene().mapRect(
        QRectF(QPointF(120, 120), QPointF(290, 260)))).boundingRect().adjusted(2, 2, -2, -2)
    assert canvas.viewport().rect().contains(box)
    part = np.s_[box.top():box.bottom(), box.left():box.right()]
    wrong = unmatched(edited[part], reference[part]) | unmatched(reference[part], edited[part])
    # The cloud shown where it was, or a stand-in's blocks, would be thousands of pixels; a
    # piece drawn in the frame of the view may round a corner's shade apart, a few.
    assert wrong.mean() < 0.001
