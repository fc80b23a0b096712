"""A DXF paper-space layout's own viewports onto model space are the sheet's viewports: a
length drawn inside one is measured at that viewport's scale with nothing to set up."""
from __future__ import annotations

import ezdxf
import pytest

from review.markups import MarkupKind
from tests.desktop.markups.conftest import drag, open_drawing
from viewers.core.formats import open_document


def layout_with_two_scales(path):
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


def test_info_lists_a_layouts_viewports_with_their_scales(tmp_path):
    description = open_document(layout_with_two_scales(tmp_path / "layout.dxf")).describe()
    layout = next(s for s in description["sheets"] if s["label"] == "A-101")
    assert [(v["name"], v["bbox"], v["scale"]) for v in layout["viewports"]] == [
        ("Viewport 1", [10.0, 25.0, 190.0, 275.0], "1:50"),
        ("Viewport 2", [220.0, 25.0, 400.0, 275.0], "1:100")]
    model = next(s for s in description["sheets"] if s["label"] == "Model")
    assert model["viewports"] == []


def test_lengths_inside_the_files_viewports_use_their_scales(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, layout_with_two_scales(tmp_path / "layout.dxf"))
    window.show_sheet(1, window.views.active)
    qtbot.waitUntil(lambda: window.views.active.sheet_index == 1
                    and window.canvas.layer is not None, timeout=60000)
    assert [(v.name, v.scale.label) for v in session.scales(1).viewports] == [
        ("Viewport 1", "1:50"), ("Viewport 2", "1:100")]
    window.markups.controller.snapper.enabled = False
    window.markups.controller.set_tool(MarkupKind.LENGTH)
    drag(window, (20, 150), (120, 150))
    drag(window, (230, 150), (330, 150))
    drag(window, (20, 285), (120, 285))                          # in the margin: paper mm
    values = [m.measurement.value for m in sorted(session.markups, key=lambda m: m.points[0])]
    assert values == [pytest.approx(5000, rel=0.02), pytest.approx(100, rel=0.02),
                      pytest.approx(10_000, rel=0.02)]
