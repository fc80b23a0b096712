"""DXF sheets as vector PDF pages through our own painter: true scale, lineweights, paper
space at 1:1, the scale recorded as a /VP viewport, and the approved set built from a DXF."""
from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import pymupdf
import pytest

from review.approved_set import Approval, build_approved_set
from review.exchange.frames import pdf_frames
from review.measure import read_pdf_scales
from review.signing import development_identity
from review.verify import verify_approved_set
from tests.viewers.cad.drawings import new_drawing, plan
from viewers.core.errors import ViewerError
from viewers.core.formats import open_document
from viewers.core.sheets import SheetInfo
from viewers.qt.pdf_export import cad_file_to_pdf, export_pdf, sheet_ratio

# Qt needs its application before drawing; pytest-qt's is a QApplication, which widget tests
# in the same run need too.
pytestmark = pytest.mark.usefixtures("qapp")


def wall_drawing(path: Path) -> Path:
    """A 12 m wall (mm units) drawn 0.50 mm thick, and a 3 m column line."""
    doc = new_drawing()
    msp = doc.modelspace()
    msp.add_line((0, 0), (12000, 0), dxfattribs={"lineweight": 50})
    msp.add_line((0, 1000), (0, 4000))
    doc.saveas(path)
    return path


def longest_line_pt(page: pymupdf.Page) -> tuple[float, float]:
    """(length, stroke width) of the longest straight segment drawn on the page."""
    best = (0.0, 0.0)
    for drawing in page.get_drawings():
        for item in drawing["items"]:
            if item[0] == "l":
                length = math.dist(item[1], item[2])
                if length > best[0]:
                    best = (length, drawing.get("width") or 0.0)
    return best


def test_a_model_space_sheet_is_a_vector_page_at_true_scale(tmp_path):
    document = open_document(wall_drawing(tmp_path / "wall.dxf"))
    try:
        data, sheets = export_pdf(document)
    finally:
        document.close()
    assert sheets[0].ratio == 20          # 12.5 m with its margin fits A0 at 1:20
    with pymupdf.open("pdf", data) as doc:
        page = doc[0]
        assert page.get_images() == []
        length, width = longest_line_pt(page)
        scales, warnings = read_pdf_scales(doc, pdf_frames(doc)[0])
        assert warnings == [] and scales.viewports[0].scale.label == "1:20"
        real_mm = length * scales.viewports[0].scale.mm_per_unit
        assert real_mm == pytest.approx(12000, rel=1e-3)
        assert width == pytest.approx(0.50 / (25.4 / 72), rel=0.02)   # 0.50 mm on paper


def test_the_viewers_plan_exports_every_visible_layer(tmp_path):
    document = open_document(plan(tmp_path / "plan.dxf"))
    try:
        data, _ = export_pdf(document)
    finally:
        document.close()
    with pymupdf.open("pdf", data) as doc:
        drawings = doc[0].get_drawings()
        fills = [d for d in drawings if d.get("fill") == (0.0, 0.0, 1.0)]
        assert fills, "the blue hatch is missing"
        assert any(d.get("color") == (1.0, 0.0, 0.0) for d in drawings)   # WALLS, red


def test_a_paper_space_layout_is_printed_one_to_one(tmp_path):
    doc = new_drawing()
    doc.modelspace().add_circle((0, 0), 5000)
    layout = doc.layouts.new("A-101")
    layout.add_lwpolyline([(0, 0), (420, 0), (420, 297), (0, 297)], close=True)
    doc.saveas(tmp_path / "sheets.dxf")
    document = open_document(tmp_path / "sheets.dxf")
    try:
        names = [document.sheet(i).title for i in range(document.sheet_count())]
        index = names.index("A-101")
        data, sheets = export_pdf(document, [index])
    finally:
        document.close()
    assert sheets[0].ratio == 1
    with pymupdf.open("pdf", data) as pdf:
        widest = max(d["rect"].width for d in pdf[0].get_drawings())
        assert widest * 25.4 / 72 == pytest.approx(420, rel=1e-3)
        assert pdf.xref_get_key(pdf[0].xref, "VP") == ("null", "null")


def test_scale_choice():
    def info(width_mm, height_mm, mm_per_unit=1.0):
        return SheetInfo(0, "1", "", "", width_mm, height_mm, "mm", mm_per_unit)

    assert sheet_ratio(info(800, 500), paper_space=False) == 1
    assert sheet_ratio(info(30000, 20000), paper_space=False) == 50
    assert sheet_ratio(info(60000, 20000), paper_space=False) == 100
    assert sheet_ratio(info(800, 500, None), paper_space=False) is None
    assert sheet_ratio(info(30000, 20000), paper_space=True) == 1


def test_an_approved_set_from_a_dxf_keeps_its_scale_and_verifies(tmp_path):
    identity = development_identity(tmp_path / "authority")
    result = build_approved_set(
        [wall_drawing(tmp_path / "wall.dxf")],
        Approval("BP-2025-0007", "Engineer", date(2025, 6, 1), "http://127.0.0.1:8765"),
        identity, tmp_path / "set.pdf", cad_to_pdf=cad_file_to_pdf)
    with pymupdf.open(result.path) as doc:
        scales, _ = read_pdf_scales(doc, pdf_frames(doc)[0])
        assert [v.scale.label for v in scales.viewports] == ["1:20"]
        assert "APPROVED" in doc[0].get_text()
    assert verify_approved_set(result.path, identity.trust_root).valid


def test_a_pdf_is_not_converted(tmp_path):
    doc = pymupdf.open()
    doc.new_page()
    doc.save(tmp_path / "sheet.pdf")
    with pytest.raises(ViewerError, match="not a DXF or DWG"):
        cad_file_to_pdf(tmp_path / "sheet.pdf")
