"""Opening DXF files: sheets, units, layers, description, the compiled cache, snapping."""
from __future__ import annotations

import mmap

import numpy as np
import pytest

from tests.viewers.cad import drawings
from viewers.core.cad import SnapMode, open_cad_document, snap
from viewers.core.cad.snapping import snap_index
from viewers.core.formats import open_document
from viewers.core.sheets import Progress, SheetDocument


@pytest.fixture
def plan_file(tmp_path):
    return drawings.plan(tmp_path / "plan.dxf")


def test_a_plan_opens_as_one_model_sheet_in_millimetres(plan_file):
    document = open_document(plan_file)
    assert isinstance(document, SheetDocument)
    assert document.kind == "dxf"
    assert document.sheet_count() == 1
    info = document.sheet(0)
    assert (info.label, info.units, info.mm_per_unit) == ("Model", "mm", 1.0)
    # extents of the geometry plus a 2% margin
    assert info.width == pytest.approx(10500 * 1.04, rel=0.01)
    assert info.origin[0] < -500
    assert document.report.warnings == ()


def test_describe_lists_layouts_units_layers_counts(plan_file):
    description = open_document(plan_file).describe()
    assert description["kind"] == "dxf"
    assert description["units"] == "mm"
    assert description["entity_counts"]["LINE"] == 3
    assert description["entity_counts"]["INSERT"] == 2
    assert [layout["name"] for layout in description["layouts"]][0] == "Model"
    layers = {layer["name"]: layer for layer in description["layers"]}
    assert layers["HIDDEN"]["on"] is False
    assert layers["WALLS"]["color"] == "#ff0000"
    sheet = description["sheets"][0]
    assert sheet["width_mm"] > 10000 and sheet["path_count"] > 0


def test_compiled_sheet_groups_by_layer_and_keeps_hidden_layers(plan_file):
    sheet = open_document(plan_file).compiled(0)
    names = {layer.name: layer for layer in sheet.layers}
    assert names["WALLS"].entity_count == 3
    assert names["HIDDEN"].visible is False          # compiled, but shown off
    assert {g.kind for g in sheet.groups} >= {"stroke", "fill"}
    assert sheet.fills.path_count >= 1                # the hatch and the text glyphs
    assert len(sheet.snap.centres) >= 2               # circle and arc (block circles too)


def test_reopening_uses_the_cache_and_gives_the_same_sheets(plan_file):
    first = open_document(plan_file)
    second = open_document(plan_file)
    assert not first.from_cache and second.from_cache
    assert second.sheet(0) == first.sheet(0)
    a, b = first.compiled(0), second.compiled(0)
    assert np.array_equal(a.strokes.xy, b.strokes.xy)


def test_progress_is_reported(tmp_path):
    path = drawings.lines(tmp_path / "lines.dxf", 5000)
    seen = []
    open_cad_document(path, kind="dxf", progress=Progress(lambda f, m: seen.append(f)))
    assert seen and seen[-1] == pytest.approx(1.0, abs=0.05)
    assert seen == sorted(seen)


def test_the_cached_sheet_is_mapped_not_read(plan_file):
    def mapped(array) -> bool:
        while array is not None and not isinstance(array, mmap.mmap):
            array = getattr(array, "base", None)
        return array is not None

    sheet = open_document(plan_file).compiled(0)
    # what is never drawn or snapped to is never read into memory
    assert mapped(sheet.strokes.xy) and mapped(sheet.snap.segments)
    assert sheet.strokes.xy.dtype == np.float32


def test_paper_space_layouts_are_sheets(tmp_path):
    doc = drawings.new_drawing()
    doc.modelspace().add_circle((0, 0), 1000)
    layout = doc.layouts.new("A-101")
    layout.page_setup(size=(420, 297), margins=(10, 10, 10, 10), units="mm")
    layout.add_viewport(center=(200, 150), size=(300, 200), view_center_point=(0, 0),
                        view_height=2500)
    layout.add_line((10, 10), (410, 10))
    doc.saveas(tmp_path / "layouts.dxf")
    document = open_document(tmp_path / "layouts.dxf")
    assert document.sheet_count() == 2
    paper = document.sheet(1)
    assert (paper.label, paper.number, paper.units) == ("A-101", "A-101", "mm")
    # the viewport shows the model-space circle on the paper sheet
    assert document.compiled(1).strokes.path_count >= 2


# ---- snapping ------------------------------------------------------------------------------


@pytest.fixture
def plan_sheet(plan_file):
    return open_document(plan_file).compiled(0)


def test_endpoint_snap_wins_over_nearest(plan_sheet):
    result = snap(plan_sheet, 10030, 2980, 100)
    assert result.mode is SnapMode.ENDPOINT and result.point == (10000.0, 3000.0)


def test_midpoint_snap(plan_sheet):
    result = snap(plan_sheet, 5030, 3020, 60, {SnapMode.MIDPOINT})
    assert result.mode is SnapMode.MIDPOINT and result.point == (5000.0, 3000.0)
    assert snap(plan_sheet, 2480, 3020, 60, {SnapMode.MIDPOINT}) is None


def test_centre_snap(plan_sheet):
    result = snap(plan_sheet, 2050, 1990, 100, {SnapMode.CENTRE})
    assert result.point == pytest.approx((2000.0, 2000.0))


def test_intersection_snap(plan_sheet):
    result = snap(plan_sheet, 5040, 3030, 100, {SnapMode.INTERSECTION})
    assert result.point == pytest.approx((5000.0, 3000.0))


def test_nearest_snap_lands_on_the_line(plan_sheet):
    result = snap(plan_sheet, 7000, 3040, 100, {SnapMode.NEAREST})
    assert result.point == pytest.approx((7000.0, 3000.0))


def test_perpendicular_snap_from_a_base_point(plan_sheet):
    result = snap(plan_sheet, 7100, 3050, 200, {SnapMode.PERPENDICULAR}, base=(7000, 1500))
    assert result.point == pytest.approx((7000.0, 3000.0))
    assert snap(plan_sheet, 7100, 3050, 200, {SnapMode.PERPENDICULAR}) is None


def test_nothing_within_radius(plan_sheet):
    assert snap(plan_sheet, 2500, 1000, 10) is None


def test_hidden_layers_are_not_snapped(plan_sheet):
    hidden = next(i for i, layer in enumerate(plan_sheet.layers) if layer.name == "HIDDEN")
    assert snap(plan_sheet, -500, -500, 5).point == (-500.0, -500.0)
    assert snap(plan_sheet, -500, -500, 5, hidden_layers=frozenset({hidden})) is None


def test_hit_testing_finds_segments_near_a_point(plan_sheet):
    index = snap_index(plan_sheet)
    assert len(index.segments_near(5000, 1500, 10)) >= 1
    assert len(index.segments_near(2500, 1500, 10)) == 0


def test_snap_index_on_many_lines_finds_the_right_one(tmp_path):
    sheet = open_document(drawings.lines(tmp_path / "grid.dxf", 20000)).compiled(0)
    result = snap(sheet, 1230.5, 160.2, 3, {SnapMode.ENDPOINT})
    assert result.point == (1230.0, 160.0)
    assert snap(sheet, 1234.0, 164.0, 1, {SnapMode.ENDPOINT}) is None
