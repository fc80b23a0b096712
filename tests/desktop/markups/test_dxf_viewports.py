"""A DXF paper-space layout's own viewports onto model space are the sheet's viewports: a
length drawn inside one is measured at that viewport's scale with nothing to set up."""
from __future__ import annotations

import pytest

from tests.desktop.markups.conftest import (lengths_across_two_scale_layout, open_drawing,
                                           show_sheet, two_scale_layout)
from viewers.core.formats import open_document


def test_info_lists_a_layouts_viewports_with_their_scales(tmp_path):
    description = open_document(two_scale_layout(tmp_path / "layout.dxf")).describe()
    layout = next(s for s in description["sheets"] if s["label"] == "A-101")
    assert [(v["name"], v["bbox"], v["scale"]) for v in layout["viewports"]] == [
        ("Viewport 1", [10.0, 25.0, 190.0, 275.0], "1:50"),
        ("Viewport 2", [220.0, 25.0, 400.0, 275.0], "1:100")]
    model = next(s for s in description["sheets"] if s["label"] == "Model")
    assert model["viewports"] == []


def test_lengths_inside_the_files_viewports_use_their_scales(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, two_scale_layout(tmp_path / "layout.dxf"))
    show_sheet(qtbot, window, 1)
    assert [(v.name, v.scale.label) for v in session.scales(1).viewports] == [
        ("Viewport 1", "1:50"), ("Viewport 2", "1:100")]
    window.markups.controller.snapper.enabled = False
    assert lengths_across_two_scale_layout(window, session) == [
        pytest.approx(5000, rel=0.02), pytest.approx(100, rel=0.02),
        pytest.approx(10_000, rel=0.02)]
