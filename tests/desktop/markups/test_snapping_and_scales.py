"""Snapping to DXF entities and PDF vector paths, the Shift constraint, calibration."""
from __future__ import annotations

import math

import ezdxf
import pymupdf
import pytest
from PySide6.QtCore import Qt

from desktop.markups.controller import parse_length
from desktop.markups.pdf_geometry import page_snap_sheet
from desktop.markups.snapping import constrain
from desktop.markups.tools import CALIBRATE
from review.markups import MarkupKind
from review.measure import format_measurement
from tests.desktop.markups.conftest import clicks, drag, open_drawing, plain_dxf, plain_pdf


def test_dxf_length_snaps_to_entity_ends_and_measures_in_mm(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_dxf(tmp_path / "room.dxf"))
    window.markups.controller.set_tool(MarkupKind.LENGTH)
    drag(window, (2040, 1030), (4970, 980))        # near the wall line's ends
    (length,) = session.markups
    assert length.points == ((2000.0, 1000.0), (5000.0, 1000.0))
    assert length.measurement.value == pytest.approx(3000.0)
    assert format_measurement(length.measurement) == "3.00 m"


def test_dxf_area_snaps_to_the_room_corners(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_dxf(tmp_path / "room.dxf"))
    window.markups.controller.set_tool(MarkupKind.AREA)
    clicks(window, [(30, -20), (9980, 40), (10030, 4970), (-40, 5030)])
    (area,) = session.markups
    assert area.measurement.value == pytest.approx(50e6)       # 50 m2 in mm2
    assert area.measurement.perimeter == pytest.approx(30000.0)


def test_shift_turns_the_line_to_45_degree_steps(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf"))
    window.markups.controller.set_tool(MarkupKind.LINE)
    drag(window, (600, 450), (760, 470), Qt.KeyboardModifier.ShiftModifier)
    (line,) = session.markups
    (x0, y0), (x1, y1) = line.points
    assert y1 == pytest.approx(y0, abs=1e-6)                   # horizontal


def test_constraint_keeps_the_distance_along_the_direction():
    assert constrain((0, 0), (10, 1)) == pytest.approx((10, 0))
    x, y = constrain((0, 0), (10, 9))
    assert x == pytest.approx(y) and math.hypot(x, y) == pytest.approx(math.hypot(10, 9),
                                                                        rel=0.01)


def test_pdf_snaps_to_vector_paths_once_read(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf"))
    window.markups.controller.set_tool(MarkupKind.LINE)
    snapper = window.markups.controller.snapper
    snapper.prepare_pdf_page(window.drawing.path, None, 0)   # synchronous in tests
    drag(window, (103, 98), (497, 303))             # near two corners of the outline
    (line,) = session.markups
    assert [c for p in line.points for c in p] == pytest.approx([100, 100, 500, 300])


def test_pdf_geometry_of_a_rotated_page_is_in_displayed_coordinates(tmp_path):
    path = plain_pdf(tmp_path / "rotated.pdf", pages=1, rotate=90)
    with pymupdf.open(path) as doc:
        sheet = page_snap_sheet(doc, 0)
        width, height = doc[0].rect.width, doc[0].rect.height
    assert (width, height) == (595, 842)
    ends = {(round(x), round(y)) for x, y in sheet.snap.endpoints}
    # (100, 100) on the unrotated page is at (595 - 100, 100) once turned a quarter clockwise
    assert (495, 100) in ends
    assert all(0 <= x <= width and 0 <= y <= height for x, y in ends)


def test_calibration_sets_the_scale_and_remeasures(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf"))
    controller = window.markups.controller
    controller.snapper.enabled = False
    controller.set_tool(MarkupKind.LENGTH)
    drag(window, (100, 400), (400, 400))
    (length,) = session.markups
    paper = length.measurement.value                           # 300 pt on paper
    assert paper == pytest.approx(300 * 25.4 / 72, rel=0.01)
    controller.prompts.distance_mm = 6000.0                    # 300 pt stand for 6 m
    controller.set_tool(CALIBRATE)
    drag(window, (100, 400), (400, 400))
    measured = session.markups.get(length.id).measurement
    assert measured.value == pytest.approx(6000.0, rel=0.01)
    assert measured.scale.startswith("1:")
    assert session.store.load_scales(0).default.mm_per_unit == pytest.approx(20.0, rel=0.01)
    window.markups.toolbar.undo_action.trigger()               # the remeasure is one step
    assert session.markups.get(length.id).measurement.value == pytest.approx(paper)


def test_unitless_dxf_asks_for_calibration_first(qtbot, window, tmp_path):
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 0
    doc.modelspace().add_line((0, 0), (100, 0))
    doc.saveas(tmp_path / "unitless.dxf")
    session = open_drawing(qtbot, window, tmp_path / "unitless.dxf")
    window.markups.controller.set_tool(MarkupKind.LENGTH)
    drag(window, (0, 0), (100, 0))
    assert len(session.markups) == 0
    assert "calibrate" in window.statusBar().currentMessage()


@pytest.mark.parametrize("text, mm", [("5 m", 5000.0), ("3500", 3500.0), ("12 ft", 3657.6),
                                      ("2,5 m", 2500.0), ("", None), ("five", None),
                                      ("3 parsecs", None)])
def test_known_distances_are_read_with_their_unit(text, mm):
    assert parse_length(text) == (pytest.approx(mm) if mm else None)
