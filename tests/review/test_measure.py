"""Scales and measurements: calibration, viewports, PDF /VP /Measure, DXF units, formatting."""
from __future__ import annotations

import math

import pymupdf
import pytest

from review.exchange.frames import pdf_frames
from review.markups import Markup, MarkupKind
from review.measure import (
    MM_PER_POINT,
    PAPER_SCALE,
    MeasureWords,
    ScaleError,
    SheetScales,
    Viewport,
    calibrate,
    dxf_scale,
    format_area,
    format_length,
    format_measurement,
    measure,
    parse_ratio,
    ratio_scale,
    read_pdf_scales,
    write_pdf_viewport,
)


def markup(kind, *points) -> Markup:
    return Markup(sheet=0, kind=kind, points=tuple(points))


def test_calibrate_by_two_points_and_a_known_distance():
    scale = calibrate((0, 0), (100, 0), 100 * 25.4 / 72 * 100,
                      mm_per_paper_unit=MM_PER_POINT)
    assert scale.label == "1:100"
    length = measure(markup(MarkupKind.LENGTH, (10, 10), (10, 110)), SheetScales(scale))
    assert length.unit == "mm" and length.value == pytest.approx(3527.78, rel=1e-4)
    with pytest.raises(ScaleError, match="two different points"):
        calibrate((5, 5), (5, 5), 1000, mm_per_paper_unit=MM_PER_POINT)
    with pytest.raises(ScaleError, match="positive"):
        calibrate((0, 0), (1, 0), -3, mm_per_paper_unit=None)


def test_each_viewport_measures_at_its_own_scale():
    scales = SheetScales(PAPER_SCALE, (
        Viewport("plan", (0, 0, 400, 400), ratio_scale(100)),
        Viewport("detail", (400, 0, 800, 400), ratio_scale(20)),
    ))
    one_inch = ((10, 10), (82, 10))
    assert measure(markup(MarkupKind.LENGTH, *one_inch), scales).value == pytest.approx(2540)
    detail = measure(markup(MarkupKind.LENGTH, (410, 10), (482, 10)), scales)
    assert detail.value == pytest.approx(508) and detail.scale == "1:20"
    across = measure(markup(MarkupKind.LENGTH, (10, 500), (82, 500)), scales)
    assert across.value == pytest.approx(25.4) and across.scale == "1:1 (paper)"


def test_the_last_viewport_holding_every_point_measures():
    scales = SheetScales(PAPER_SCALE, (
        Viewport("plan", (0, 0, 800, 600), ratio_scale(100)),
        Viewport("detail", (500, 300, 700, 500), ratio_scale(5)),
    ))
    inside_both = [(510, 310), (582, 310)]
    assert scales.viewport_for(inside_both).name == "detail"
    assert measure(markup(MarkupKind.LENGTH, *inside_both), scales).value \
        == pytest.approx(127)
    # a line leaving the detail is measured by the plan around it
    leaving = measure(markup(MarkupKind.LENGTH, (600, 310), (750, 310)), scales)
    assert leaving.scale == "1:100"
    area = measure(markup(MarkupKind.AREA, (510, 310), (582, 310), (582, 382), (510, 382)),
                   scales)
    assert area.value == pytest.approx(127 ** 2) and area.perimeter == pytest.approx(4 * 127)


def test_viewports_are_renamed_rescaled_and_removed_in_place():
    scales = SheetScales(PAPER_SCALE, (
        Viewport("plan", (0, 0, 400, 400), ratio_scale(100)),
        Viewport("detail", (100, 100, 200, 200), ratio_scale(20)),
    ))
    renamed = scales.with_viewport_changed(
        "plan", Viewport("ground floor", (0, 0, 400, 400), ratio_scale(50)))
    assert [v.name for v in renamed.viewports] == ["ground floor", "detail"]
    # the order is kept, so the detail still wins where they overlap
    assert renamed.scale_for([(150, 150)]).label == "1:20"
    assert renamed.scale_for([(10, 10)]).label == "1:50"
    with pytest.raises(ScaleError, match="already has a viewport named 'detail'"):
        scales.with_viewport_changed("plan", Viewport("detail", (0, 0, 1, 1), PAPER_SCALE))
    assert [v.name for v in scales.without_viewport("plan").viewports] == ["detail"]
    with pytest.raises(ScaleError, match="no viewport named 'section'"):
        scales.without_viewport("section")


def test_a_cad_layout_viewport_scale_is_a_ratio_of_its_paper_unit():
    paper_mm = dxf_scale(4).mm_per_unit                     # a layout in millimetres
    viewport = Viewport("plan", (10, 10, 400, 280), ratio_scale(50, paper_mm))
    scales = SheetScales(dxf_scale(4), (viewport,))
    assert viewport.scale.label == "1:50"
    assert measure(markup(MarkupKind.LENGTH, (20, 20), (120, 20)), scales).value \
        == pytest.approx(5000)
    assert measure(markup(MarkupKind.LENGTH, (0, 0), (5, 0)), scales).value \
        == pytest.approx(5)
    calibrated = calibrate((20, 20), (120, 20), 10_000, mm_per_paper_unit=paper_mm)
    assert calibrated.label == "1:100"
    assert calibrate((0, 0), (10, 0), 200, mm_per_paper_unit=None).label == "1 unit = 20 mm"


@pytest.mark.parametrize("text, ratio", [("1:50", 50), (" 1 : 100 ", 100), ("1/200", 200),
                                         ("250", 250), ("2:1", 0.5), ("1:12,5", 12.5),
                                         ("١:٥٠", 50)])
def test_scales_are_read_as_the_reviewer_writes_them(text, ratio):
    assert parse_ratio(text) == pytest.approx(ratio)


@pytest.mark.parametrize("text", ["", "fifty", "1:0", "0", "1:50:2", "-50"])
def test_what_is_not_a_scale_is_refused_with_an_example(text):
    with pytest.raises(ScaleError, match="write it as 1:50"):
        parse_ratio(text)


def test_measured_values_take_the_words_they_are_given():
    words = MeasureWords(mm="мм", m="м", km="км", square_mm="мм²", square_m="м²",
                         perimeter="периметр")
    area = measure(markup(MarkupKind.AREA, (0, 0), (4, 0), (4, 3), (0, 3)),
                   SheetScales(dxf_scale(6)))
    assert format_measurement(area, words) == "12.00 м² (периметр 14.00 м)"
    assert format_length(4.26, words) == "4.3 мм"
    assert format_area(50, words) == "50 мм²"


def test_area_perimeter_angle_count_polylength():
    scales = SheetScales(dxf_scale(6))  # metres
    area = measure(markup(MarkupKind.AREA, (0, 0), (4, 0), (4, 3), (0, 3)), scales)
    assert area.value == pytest.approx(12e6) and area.perimeter == pytest.approx(14000)
    assert format_measurement(area) == "12.00 m² (perimeter 14.00 m)"
    poly = measure(markup(MarkupKind.POLYLENGTH, (0, 0), (3, 4), (3, 10)), scales)
    assert poly.value == pytest.approx(11000)
    angle = measure(markup(MarkupKind.ANGLE, (10, 0), (0, 0), (0, 10)), scales)
    assert angle.value == pytest.approx(90)
    assert measure(markup(MarkupKind.COUNT, (1, 1), (2, 2), (3, 3)), scales).value == 3


def test_unitless_drawing_needs_calibration():
    with pytest.raises(ScaleError, match="calibrate"):
        measure(markup(MarkupKind.LENGTH, (0, 0), (1, 1)), SheetScales(dxf_scale(0)))


def test_formatting_precision():
    assert format_length(4.26) == "4.3 mm"
    assert format_length(850.4) == "850 mm"
    assert format_length(12345) == "12.35 m"
    assert format_area(250_000) == "0.250 m²"
    assert format_area(12_345_678) == "12.35 m²"
    assert format_area(50) == "50 mm²"


@pytest.mark.parametrize("rotation", [0, 90])
def test_pdf_viewport_written_then_read_back(tmp_path, rotation):
    doc = pymupdf.open()
    doc.new_page(width=842, height=595).set_rotation(rotation)
    frame = pdf_frames(doc)[0]
    viewport = Viewport("Ground floor plan", (50, 60, 400, 300), ratio_scale(50))
    write_pdf_viewport(doc, frame, viewport)
    write_pdf_viewport(doc, frame, Viewport("Section", (420, 60, 800, 300), ratio_scale(20)))
    write_pdf_viewport(doc, frame, viewport)  # same name: replaced, not duplicated
    path = tmp_path / "vp.pdf"
    doc.save(path)
    with pymupdf.open(path) as reread:
        scales, warnings = read_pdf_scales(reread, pdf_frames(reread)[0])
    assert not warnings
    assert [v.name for v in scales.viewports] == ["Section", "Ground floor plan"]
    plan = scales.viewports[1]
    assert plan.scale.label == "1:50"
    assert plan.scale.mm_per_unit == pytest.approx(ratio_scale(50).mm_per_unit, rel=1e-5)
    assert all(math.isclose(a, b, abs_tol=1e-3) for a, b in zip(plan.bbox, viewport.bbox))


def test_pdf_viewport_in_feet_and_a_broken_one(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=612, height=792)
    # 1/4 inch = 1 foot: one point is 1/18 ft; the second viewport lacks its number format.
    doc.xref_set_key(page.xref, "VP", "[<</Type/Viewport/BBox[0 0 612 792]/Name(Arch)"
                     "/Measure<</Type/Measure/Subtype/RL/R(1/4 in = 1 ft)"
                     "/X[<</Type/NumberFormat/U(ft)/C 0.0555556/D 12>>]>>>>"
                     "<</Type/Viewport/BBox[0 0 10 10]/Measure<</Subtype/GEO>>>>]")
    scales, warnings = read_pdf_scales(doc, pdf_frames(doc)[0])
    assert scales.viewports[0].scale.label == "1/4 in = 1 ft"
    assert scales.viewports[0].scale.mm_per_unit == pytest.approx(304.8 / 18, rel=1e-5)
    assert len(warnings) == 1 and "viewport 2" in warnings[0]
