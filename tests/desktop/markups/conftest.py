"""The main window with markups, driven by real mouse events (pytest-qt, offscreen)."""
from __future__ import annotations

import ezdxf
import pymupdf
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.markups.scales import ViewportAnswer
from review.markups import MarkupKind


@pytest.fixture
def window(window):
    """tests/desktop/conftest.py's main window, with scripted answers to the markup prompts."""
    window.markups.controller.prompts = ScriptedPrompts()
    return window


class ScriptedPrompts:
    """Answers the tools' questions as a reviewer would."""

    def __init__(self):
        self.comment = "Provide a fire exit here"
        self.stamp_label = "Revise and Resubmit"
        self.distance_mm = 5000.0
        self.new_viewport_name: str | None = None   # None: keep the name suggested
        self.viewport_ratio: float | None = 100.0   # None: calibrate it by two points
        self.suggested_names: list[str] = []
        self.new_name = "Renamed"
        self.new_ratio = 200.0

    def text(self, parent, kind):
        return self.comment

    def stamp(self, parent):
        return self.stamp_label

    def known_distance(self, parent):
        return self.distance_mm

    def viewport(self, parent, name, *, ratios):
        self.suggested_names.append(name)
        # as the dialog: a sheet with no units offers only calibration
        return ViewportAnswer(self.new_viewport_name or name,
                              self.viewport_ratio if ratios else None)

    def viewport_name(self, parent, name):
        return self.new_name

    def ratio(self, parent, current):
        return self.new_ratio


def plain_pdf(path, *, pages: int = 2, rotate: int = 0):
    """A4 landscape pages with a 400 x 200 pt wall outline at (100, 100) (vector paths)."""
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=842, height=595)
        page.draw_rect(pymupdf.Rect(100, 100, 500, 300), color=(0, 0, 0), width=1)
        page.draw_line((100, 400), (700, 400), color=(0, 0, 0), width=1)
        page.set_rotation(rotate)
    doc.save(path)
    return path


def plain_dxf(path):
    """A 10 m x 5 m room in millimetres with a 3 m wall line inside."""
    doc = ezdxf.new(units=ezdxf.units.MM)
    msp = doc.modelspace()
    msp.add_lwpolyline([(0, 0), (10000, 0), (10000, 5000), (0, 5000)], close=True)
    msp.add_line((2000, 1000), (5000, 1000))
    doc.saveas(path)
    return path


def two_scale_layout(path):
    """The room in model space and a layout "A-101" (420 x 297 mm) with two viewports onto
    it, at 1:50 (left) and 1:100 (right), and one switched off."""
    doc = ezdxf.new(units=ezdxf.units.MM)
    doc.modelspace().add_lwpolyline([(0, 0), (10000, 0), (10000, 5000), (0, 5000)], close=True)
    layout = doc.layouts.new("A-101")
    layout.add_lwpolyline([(0, 0), (420, 0), (420, 297), (0, 297)], close=True)
    layout.add_viewport(center=(100, 150), size=(180, 250), view_center_point=(5000, 2500),
                        view_height=12500)                       # 1:50
    layout.add_viewport(center=(310, 150), size=(180, 250), view_center_point=(5000, 2500),
                        view_height=25000)                       # 1:100
    off = layout.add_viewport(center=(380, 40), size=(40, 40), view_center_point=(0, 0),
                              view_height=400)
    off.dxf.status = 0                                           # switched off: not a scale
    doc.saveas(path)
    return path


def lengths_across_two_scale_layout(window, session) -> list[float]:
    """Draws a 100 mm length inside each viewport of `two_scale_layout` and one in its margin;
    their values (mm) left to right."""
    window.markups.controller.set_tool(MarkupKind.LENGTH)
    drag(window, (20, 150), (120, 150))
    drag(window, (230, 150), (330, 150))
    drag(window, (20, 285), (120, 285))                          # in the margin: paper mm
    return [m.measurement.value for m in sorted(session.markups, key=lambda m: m.points[0])]


def show_sheet(qtbot, window, index):
    """Shows sheet `index` in the active view and waits until it is on the canvas."""
    window.show_sheet(index, window.views.active)
    qtbot.waitUntil(lambda: window.views.active.sheet_index == index
                    and window.canvas.layer is not None, timeout=60000)


def open_drawing(qtbot, window, path):
    window.open_file(path)
    qtbot.waitUntil(lambda: window.markups.controller.session is not None
                    and window.canvas.layer is not None, timeout=60000)
    return window.markups.controller.session


def at(window, point) -> QPoint:
    """The viewport position of a sheet point on the active canvas."""
    canvas = window.canvas
    scene = canvas.layer.sheet_to_scene().map(QPointF(*point))
    return canvas.mapFromScene(scene)


def press(window, point, modifiers=Qt.KeyboardModifier.NoModifier):
    QTest.mousePress(window.canvas.viewport(), Qt.MouseButton.LeftButton, modifiers,
                     at(window, point))


def move(window, point, modifiers=Qt.KeyboardModifier.NoModifier):
    viewport = window.canvas.viewport()
    QTest.mouseMove(viewport, at(window, point))
    # QTest.mouseMove carries no modifiers; one more move event does
    position = QPointF(at(window, point))
    event = QMouseEvent(QEvent.Type.MouseMove, position, viewport.mapToGlobal(position),
                        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, modifiers)
    QApplication.sendEvent(viewport, event)


def release(window, point, modifiers=Qt.KeyboardModifier.NoModifier):
    QTest.mouseRelease(window.canvas.viewport(), Qt.MouseButton.LeftButton, modifiers,
                       at(window, point))


def drag(window, start, end, modifiers=Qt.KeyboardModifier.NoModifier):
    press(window, start, modifiers)
    move(window, ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2), modifiers)
    move(window, end, modifiers)
    release(window, end, modifiers)


def clicks(window, points, *, finish: bool = True):
    for point in points:
        press(window, point)
        release(window, point)
    if finish:
        QTest.mouseDClick(window.canvas.viewport(), Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier, at(window, points[-1]))


def key(window, key):
    QTest.keyClick(window.canvas, key)
