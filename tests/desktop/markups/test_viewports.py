"""Viewports drawn on a sheet with their own scales: the tool, the scales dialog, undo, what
survives a restart, measured values in Arabic."""
from __future__ import annotations

import re

import ezdxf
import pymupdf
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QGraphicsSimpleTextItem

from desktop.markups.items import ViewportItem
from desktop.markups.list_dock import MEASURED
from desktop.i18n import isolated
from desktop.markups.names import measured_text
from desktop.markups.scales import ScalesDialog, ViewportAnswer, ViewportDialog
from desktop.markups.tools import CALIBRATE, VIEWPORT
from review.markup_store import MarkupStore
from review.exchange.frames import pdf_frames
from review.markups import MarkupKind
from review.measure import ScaleError, format_measurement, read_pdf_scales
from review.store import LocalStore
from tests.desktop.markups.conftest import (clicks, drag, lengths_across_two_scale_layout,
                                           open_drawing, plain_dxf, plain_pdf, show_sheet,
                                           two_scale_layout)

INCH = 72.0   # points: 25.4 mm on paper
LEFT, RIGHT = ((20, 20), (410, 575)), ((430, 20), (820, 575))


def define_viewport(window, corners, name, ratio):
    prompts = window.markups.controller.prompts
    prompts.new_viewport_name, prompts.viewport_ratio = name, ratio
    window.markups.controller.set_tool(VIEWPORT)
    drag(window, *corners)


def measure_inch(window, session, x, y=300):
    window.markups.controller.set_tool(MarkupKind.LENGTH)
    drag(window, (x, y), (x + INCH, y))
    return session.markups.get(next(iter(session.selection)))


@pytest.fixture
def plan(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf", pages=1))
    window.markups.controller.snapper.enabled = False
    return session


def test_two_viewports_measure_at_their_own_scales_and_survive_a_restart(qtbot, window,
                                                                          tmp_path, plan):
    define_viewport(window, LEFT, "Ground floor plan", 50)
    define_viewport(window, RIGHT, "Section A-A", 100)
    assert [(v.name, v.scale.label) for v in plan.scales(0).viewports] == \
        [("Ground floor plan", "1:50"), ("Section A-A", "1:100")]
    assert "Section A-A measures at 1:100" in window.statusBar().currentMessage()
    plan_length = measure_inch(window, plan, 60)
    section_length = measure_inch(window, plan, 460)
    assert plan_length.measurement.value == pytest.approx(1270, rel=0.01)       # 25.4 mm x 50
    assert section_length.measurement.value == pytest.approx(2540, rel=0.01)    # 25.4 mm x 100
    # the canvas label and the list's measured column say so
    labels = {item.text() for item in window.markups.controller.interactions[0].overlay
              .items[section_length.id].childItems()
              if isinstance(item, QGraphicsSimpleTextItem)}
    assert labels == {isolated(measured_text(section_length.measurement))}
    assert re.fullmatch(r"2\.5\d m", measured_text(section_length.measurement))
    model = window.markups.dock.model
    row = next(r for r in range(model.rowCount())
               if model.markup_at(model.index(r, 0)).id == plan_length.id)
    assert measured_text(plan_length.measurement) in model.index(row, MEASURED).data()
    outlines = [item for item in window.canvas.scene().items() if isinstance(item, ViewportItem)]
    assert sorted(item.viewport.name for item in outlines) == ["Ground floor plan", "Section A-A"]

    reopened = MarkupStore(LocalStore(window.markups.controller.store.path), plan.store.document)
    assert reopened.load_scales(0) == plan.scales(0)
    assert {m.id: m.measurement.value for m in reopened.load()} == \
        pytest.approx({plan_length.id: plan_length.measurement.value,
                       section_length.id: section_length.measurement.value})

    window.close_drawing()
    session = open_drawing(qtbot, window, tmp_path / "plan.pdf")
    assert [v.name for v in session.scales(0).viewports] == ["Ground floor plan", "Section A-A"]
    dialog = ScalesDialog(window.markups.controller, 0, window)
    dialog.table.setCurrentItem(dialog.table.topLevelItem(1))
    dialog.delete_current()
    assert [v.name for v in session.scales(0).viewports] == ["Section A-A"]
    # the markup left outside every viewport is measured on the paper again
    assert session.markups.get(plan_length.id).measurement.value == pytest.approx(25.4, rel=0.01)
    assert session.markups.get(section_length.id).measurement.value == pytest.approx(2540, rel=0.01)
    assert [dialog.table.topLevelItem(i).text(0) for i in range(dialog.table.topLevelItemCount())] \
        == ["Whole sheet", "Section A-A"]
    assert len([i for i in window.canvas.scene().items() if isinstance(i, ViewportItem)]) == 1
    dialog.open()
    with qtbot.waitSignal(dialog.destroyed):                     # closes with its drawing
        window.close_drawing()


def test_defining_a_viewport_is_one_undo_step_with_its_remeasure(window, plan):
    length = measure_inch(window, plan, 60)
    define_viewport(window, LEFT, None, 20)
    assert window.markups.controller.prompts.suggested_names == ["Viewport 1"]
    assert plan.markups.get(length.id).measurement.value == pytest.approx(508, rel=0.01)
    undo, redo = window.markups.toolbar.undo_action, window.markups.toolbar.redo_action
    assert undo.text().endswith("Define Viewport")
    undo.trigger()
    assert plan.scales(0).viewports == ()
    assert plan.store.load_scales(0).viewports == ()
    assert plan.markups.get(length.id).measurement.value == pytest.approx(25.4, rel=0.01)
    redo.trigger()
    assert [v.name for v in plan.scales(0).viewports] == ["Viewport 1"]
    assert plan.markups.get(length.id).measurement.value == pytest.approx(508, rel=0.01)
    define_viewport(window, RIGHT, "Viewport 1", None)                  # told, not taken
    assert "already has a viewport named 'Viewport 1'" in window.statusBar().currentMessage()
    assert window.markups.controller.pending_viewport is None
    define_viewport(window, RIGHT, None, 20)
    assert window.markups.controller.prompts.suggested_names[-1] == "Viewport 2"


def test_a_viewport_calibrated_by_two_points_inside_it(window, plan):
    define_viewport(window, RIGHT, "Detail 4", None)
    controller = window.markups.controller
    assert controller.tool == CALIBRATE and plan.scales(0).viewports == ()
    controller.prompts.distance_mm = 600.0
    drag(window, (100, 300), (172, 300))                     # outside it: asked again
    assert "inside the viewport Detail 4" in window.statusBar().currentMessage()
    drag(window, (460, 300), (460 + INCH, 300))              # 1 inch stands for 600 mm
    (detail,) = plan.scales(0).viewports
    assert detail.name == "Detail 4" and detail.scale.label.startswith("1:2")
    assert detail.scale.mm_per_unit == pytest.approx(600 / INCH, rel=0.02)
    assert measure_inch(window, plan, 500).measurement.value == pytest.approx(600, rel=0.03)
    # calibrating inside an existing viewport rescales that viewport, not the sheet
    controller.prompts.distance_mm = 1270.0
    controller.set_tool(CALIBRATE)
    drag(window, (460, 200), (460 + INCH, 200))
    assert plan.scales(0).viewports[0].scale.mm_per_unit == pytest.approx(1270 / INCH, rel=0.02)
    assert plan.scales(0).default.label == "1:1 (paper)"


def test_the_scales_dialog_renames_and_rescales(window, plan):
    define_viewport(window, LEFT, "Plan", 100)
    length = measure_inch(window, plan, 60)
    dialog = ScalesDialog(window.markups.controller, 0, window)
    assert [dialog.table.topLevelItem(i).text(1) for i in range(2)] == ["1:1", "1:100"]
    assert not dialog.rename_button.isEnabled()                 # the whole sheet's row
    dialog.table.setCurrentItem(dialog.table.topLevelItem(1))
    dialog.rename_current()                                      # scripted: "Renamed", 1:200
    dialog.rescale_current()
    (viewport,) = plan.scales(0).viewports
    assert (viewport.name, viewport.scale.label) == ("Renamed", "1:200")
    assert plan.markups.get(length.id).measurement.value == pytest.approx(5080, rel=0.01)
    assert dialog.table.topLevelItem(1).text(0) == "Renamed"
    dialog.table.setCurrentItem(dialog.table.topLevelItem(0))
    window.markups.controller.prompts.new_ratio = 10
    dialog.rescale_current()
    assert plan.scales(0).default.label == "1:10"
    assert plan.markups.get(length.id).measurement.value == pytest.approx(5080, rel=0.01)


def test_the_marked_up_pdf_carries_the_viewports_and_their_measurements(window, tmp_path,
                                                                        plan, monkeypatch):
    define_viewport(window, LEFT, "Ground floor plan", 50)
    define_viewport(window, RIGHT, "Section A-A", 100)
    length = measure_inch(window, plan, 460)
    out = tmp_path / "marked.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.markups.exporter.actions["export_pdf"].trigger()
    with pymupdf.open(out) as doc:
        scales, warnings = read_pdf_scales(doc, pdf_frames(doc)[0])
        contents = [annot.info["content"] for annot in doc[0].annots()]
    assert not warnings
    assert [(v.name, v.scale.label) for v in scales.viewports] == \
        [("Ground floor plan", "1:50"), ("Section A-A", "1:100")]
    assert scales.scale_for(length.points).mm_per_unit == \
        pytest.approx(plan.scales(0).viewports[1].scale.mm_per_unit, rel=1e-6)
    assert any(format_measurement(length.measurement) in text for text in contents)


def test_a_unitless_drawing_keeps_the_viewport_its_measurements_need(qtbot, window, tmp_path):
    doc = ezdxf.new()
    doc.header["$INSUNITS"] = 0
    doc.modelspace().add_line((0, 0), (1000, 0))
    doc.saveas(tmp_path / "unitless.dxf")
    session = open_drawing(qtbot, window, tmp_path / "unitless.dxf")
    controller = window.markups.controller
    controller.snapper.enabled = False
    define_viewport(window, ((-50, -50), (1050, 50)), "Site", 50)   # no units: no ratio
    assert controller.tool == CALIBRATE
    controller.prompts.distance_mm = 20_000.0
    drag(window, (0, 0), (1000, 0))
    (site,) = session.scales(0).viewports
    assert site.scale.mm_per_unit == pytest.approx(20, rel=0.02)
    controller.set_tool(MarkupKind.LENGTH)
    drag(window, (100, 0), (600, 0))
    (length,) = session.markups
    assert length.measurement.value == pytest.approx(10_000, rel=0.02)
    steps = session.undo_stack.count()
    with pytest.raises(ScaleError, match="no units"):
        session.remove_viewport(0, "Site", "Delete Viewport")
    assert session.scales(0).viewports == (site,) and session.undo_stack.count() == steps
    assert session.markups.get(length.id) == length


def test_the_viewport_dialog_takes_a_typed_ratio_or_calibration(qtbot, window):
    dialog = ViewportDialog(window, "Viewport 1", ratios=True)
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.scale.currentText() == "1:100"
    dialog.scale.setEditText("1 : 75")
    ok.click()
    assert dialog.answer == ViewportAnswer("Viewport 1", 75)
    dialog.scale.setEditText("seventy")
    dialog.answer = None
    ok.click()
    assert dialog.answer is None and "write it as 1:50" in dialog.problem.text()
    dialog.scale.setCurrentIndex(dialog.scale.count() - 1)
    dialog.name.setText("  ")
    ok.click()
    assert dialog.answer is None and "name" in dialog.problem.text()
    dialog.name.setText("Detail 2")
    ok.click()
    assert dialog.answer == ViewportAnswer("Detail 2", None)        # calibrated next
    unitless = ViewportDialog(window, "Viewport 1", ratios=False)
    qtbot.addWidget(unitless)
    assert unitless.scale.count() == 1 and not unitless.scale.isEditable()


def test_viewports_can_be_hidden(window, plan):
    define_viewport(window, LEFT, "Plan", 50)
    shown = window.markups.toolbar.edit_actions["markup_viewports"]
    assert shown.isChecked()
    shown.trigger()
    assert not [i for i in window.canvas.scene().items() if isinstance(i, ViewportItem)]
    shown.trigger()
    assert [i for i in window.canvas.scene().items() if isinstance(i, ViewportItem)]


def test_dxf_viewport_ratios_are_of_the_drawing_unit(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_dxf(tmp_path / "room.dxf"))
    window.markups.controller.snapper.enabled = False
    define_viewport(window, ((-100, -100), (6000, 3000)), "Detail", 50)
    window.markups.controller.set_tool(MarkupKind.LENGTH)
    drag(window, (500, 500), (1500, 500))
    drag(window, (2000, 4000), (3000, 4000))
    inside, outside = sorted(session.markups, key=lambda m: m.points[0][0])
    assert inside.measurement.value == pytest.approx(50_000, rel=0.02)    # 1000 mm x 50
    assert outside.measurement.value == pytest.approx(1000, rel=0.02)     # drawing units: mm


def test_a_paper_space_layout_with_viewports_at_two_scales(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, two_scale_layout(tmp_path / "layout.dxf"))
    show_sheet(qtbot, window, 1)
    window.markups.controller.snapper.enabled = False
    define_viewport(window, ((10, 25), (190, 275)), "Plan 1:50", 50)
    define_viewport(window, ((220, 25), (400, 275)), "Plan 1:100", 100)
    assert lengths_across_two_scale_layout(window, session) == [
        pytest.approx(5000, rel=0.02), pytest.approx(100, rel=0.02),
        pytest.approx(10_000, rel=0.02)]
    assert session.scales(0).viewports == ()                     # model space has none


def test_measured_values_are_all_arabic_in_the_arabic_interface(qtbot, window, plan):
    window.markups.controller.set_tool(MarkupKind.AREA)
    clicks(window, [(100, 100), (400, 100), (400, 300), (100, 300)])
    (area,) = plan.markups
    overlay = window.markups.controller.interactions[0].overlay

    def label():
        return next(item.text() for item in overlay.items[area.id].childItems()
                    if isinstance(item, QGraphicsSimpleTextItem))

    window.set_language("ar")
    qtbot.waitUntil(lambda: "المحيط" in label())                 # labels built anew
    label = label()
    assert "م²" in label
    assert not re.search(r"[A-Za-z]", label), label
    model = window.markups.dock.model
    assert not re.search(r"[A-Za-z]", model.index(0, MEASURED).data())
    assert not re.search(r"[A-Za-z]", model.headerData(MEASURED, Qt.Orientation.Horizontal))
