"""Every markup tool on a PDF sheet through real mouse events: one gesture, one markup, one
undo step, stored at once; Esc cancels; selection, move, copy, paste, delete, z-order, lock."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desktop.markups.actions import TOOLS
from desktop.markups.tools import SCALE_TOOLS, SELECT, Gesture, GESTURES
from review.markup_store import MarkupStore
from review.markups import MarkupKind, MarkupStatus
from tests.desktop.markups.conftest import (
    clicks,
    drag,
    key,
    move,
    open_drawing,
    plain_pdf,
    press,
    release,
)

KINDS = [name for name in TOOLS if name in GESTURES and name not in SCALE_TOOLS]


def draw(window, kind, points=None):
    window.markups.controller.set_tool(kind)
    gesture = GESTURES[kind]
    if gesture is Gesture.CLICKS:
        count = 3 if kind in (MarkupKind.ANGLE, MarkupKind.AREA, MarkupKind.CLOUD) else 2
        points = points or [(150, 150), (350, 160), (300, 260)][:count]
        clicks(window, points, finish=kind != MarkupKind.ANGLE)
    else:
        start, end = points or ((150, 150), (350, 260))
        drag(window, start, end)


def stored(window):
    session = window.markups.controller.session
    return {m.id: m for m in MarkupStore(session.store.store, session.store.document).load()}


@pytest.fixture
def pdf_session(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf"))
    window.markups.controller.snapper.enabled = False   # exact points, checked below
    return session


@pytest.mark.parametrize("kind", KINDS)
def test_each_tool_makes_one_markup_in_one_undo_step(window, pdf_session, kind):
    draw(window, kind)
    assert [m.kind for m in pdf_session.markups] == [kind]
    assert pdf_session.undo_stack.count() == 1
    markup = next(iter(pdf_session.markups))
    assert stored(window) == {markup.id: markup}
    if kind in (MarkupKind.TEXT, MarkupKind.CALLOUT):
        assert markup.text == "Provide a fire exit here"
    if kind == MarkupKind.STAMP:
        assert markup.text == "Revise and Resubmit"
    if kind in (MarkupKind.LENGTH, MarkupKind.POLYLENGTH, MarkupKind.AREA,
                MarkupKind.COUNT, MarkupKind.ANGLE):
        assert markup.measurement is not None
    window.markups.toolbar.undo_action.trigger()
    assert len(pdf_session.markups) == 0 and stored(window) == {}
    window.markups.toolbar.redo_action.trigger()
    assert stored(window) == {markup.id: markup}


def test_points_are_sheet_units_and_stay_on_the_page(window, pdf_session):
    draw(window, MarkupKind.RECTANGLE, ((100, 100), (500, 300)))
    (markup,) = pdf_session.markups
    for (x, y), (ex, ey) in zip(markup.points, ((100, 100), (500, 300))):
        assert abs(x - ex) < 2 and abs(y - ey) < 2   # one screen pixel at fit zoom
    draw(window, MarkupKind.LINE, ((800, 500), (900, 700)))   # runs off the page
    line = max(pdf_session.markups, key=lambda m: m.z)
    assert all(0 <= x <= 842 and 0 <= y <= 595 for x, y in line.points)


def test_escape_cancels_and_a_click_without_drag_makes_nothing(window, pdf_session):
    window.markups.controller.set_tool(MarkupKind.CLOUD)
    clicks(window, [(150, 150), (350, 160)], finish=False)
    key(window, Qt.Key.Key_Escape)
    clicks(window, [(300, 260)], finish=False)
    key(window, Qt.Key.Key_Escape)
    window.markups.controller.set_tool(MarkupKind.RECTANGLE)
    press(window, (200, 200))
    release(window, (200, 200))
    assert len(pdf_session.markups) == 0
    assert pdf_session.undo_stack.count() == 0


def test_backspace_takes_back_a_point_and_enter_finishes(window, pdf_session):
    window.markups.controller.set_tool(MarkupKind.POLYLINE)
    clicks(window, [(150, 150), (250, 150), (400, 400)], finish=False)
    key(window, Qt.Key.Key_Backspace)
    key(window, Qt.Key.Key_Return)
    (markup,) = pdf_session.markups
    assert len(markup.points) == 2


def test_select_move_copy_paste_restack_lock_delete(window, pdf_session):
    toolbar = window.markups.toolbar
    draw(window, MarkupKind.RECTANGLE, ((100, 100), (200, 200)))
    draw(window, MarkupKind.ELLIPSE, ((300, 100), (400, 200)))
    rectangle, ellipse = sorted(pdf_session.markups, key=lambda m: m.z)
    window.markups.controller.set_tool(SELECT)
    press(window, (100, 150))
    release(window, (100, 150))
    assert pdf_session.selection == {rectangle.id}
    drag(window, (100, 150), (130, 190))          # moves the selected rectangle
    moved = pdf_session.markups.get(rectangle.id)
    assert moved.points[0][0] == pytest.approx(130, abs=2)
    assert moved.points[0][1] == pytest.approx(140, abs=2)
    drag(window, (50, 50), (450, 250))            # a rubber band selects both
    assert pdf_session.selection == {rectangle.id, ellipse.id}
    steps = pdf_session.undo_stack.count()
    toolbar.edit_actions["markup_copy"].trigger()
    toolbar.edit_actions["markup_paste"].trigger()
    assert len(pdf_session.markups) == 4 and pdf_session.undo_stack.count() == steps + 1
    copies = pdf_session.selected()
    assert {m.kind for m in copies} == {MarkupKind.RECTANGLE, MarkupKind.ELLIPSE}
    pdf_session.select([rectangle.id])
    toolbar.edit_actions["markup_front"].trigger()
    assert pdf_session.markups.get(rectangle.id).z == max(m.z for m in pdf_session.markups)
    toolbar.edit_actions["markup_lock"].trigger()
    assert pdf_session.markups.get(rectangle.id).locked
    drag(window, (130, 190), (300, 300))          # locked: refused, told, unchanged
    assert pdf_session.markups.get(rectangle.id).points == moved.points
    assert "locked" in window.statusBar().currentMessage()
    toolbar.edit_actions["markup_unlock"].trigger()
    toolbar.edit_actions["markup_delete"].trigger()
    assert rectangle.id not in pdf_session.markups and rectangle.id not in stored(window)
    while pdf_session.undo_stack.canUndo():
        toolbar.undo_action.trigger()
    assert len(pdf_session.markups) == 0 and stored(window) == {}


def test_status_and_replies_are_undoable(window, pdf_session):
    draw(window, MarkupKind.CLOUD)
    (cloud,) = pdf_session.markups
    pdf_session.set_status([cloud.id], MarkupStatus.RESOLVED, "status")
    pdf_session.reply(cloud.id, "Done, see revision B", "reply")
    assert stored(window)[cloud.id].replies[0].text == "Done, see revision B"
    window.markups.toolbar.undo_action.trigger()
    window.markups.toolbar.undo_action.trigger()
    assert stored(window)[cloud.id].status == MarkupStatus.OPEN
    assert stored(window)[cloud.id].replies == ()


def test_markups_follow_the_sheet_and_reopen(qtbot, window, pdf_session, tmp_path):
    draw(window, MarkupKind.ARROW)
    overlay = window.markups.controller.active_interaction().overlay
    assert len(overlay.items) == 1
    window.show_sheet(1)
    assert overlay.items == {}
    draw(window, MarkupKind.LINE)
    assert {m.sheet for m in pdf_session.markups} == {0, 1}
    path = window.drawing.path
    window.close_drawing()
    assert window.markups.controller.session is None and overlay.items == {}
    again = open_drawing(qtbot, window, path)
    assert {m.sheet for m in again.markups} == {0, 1}
    assert len(window.markups.controller.active_interaction().overlay.items) == 1


def test_move_preview_and_tool_switch_leave_no_stray_items(window, pdf_session):
    window.markups.controller.set_tool(MarkupKind.RECTANGLE)
    press(window, (100, 100))
    move(window, (200, 200))
    scene = window.canvas.scene()
    assert len(scene.items()) >= 1
    window.markups.controller.set_tool(None)
    overlay = window.markups.controller.active_interaction().overlay
    assert [item for item in scene.items()
            if item.isVisible() and item is not overlay.layer] == []
    assert overlay.source.items() == []
