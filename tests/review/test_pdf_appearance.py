"""The marked-up PDF as other readers show it: each appearance is drawn for exactly its /Rect,
text and measured values are real text, /Measure and /BSIColumnData read back, and poppler,
MuPDF and pdf.js put the ink where the markup is (the callout's arrow tip within 1 pt)."""
from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pymupdf
import pytest

from review.exchange.pdf_annotations import read_pdf_annotations, write_annotated_pdf
from review.markup_shapes import shapes_of
from review.markups import Markup, MarkupKind, Measurement, Style, columns_from
from tests import pdf_readers
from tests.conftest import require_tool

K = MarkupKind
DPI = 144


def measured_kinds() -> list[Markup]:
    return [
        Markup(0, K.CALLOUT, ((240, 150), (300, 60), (460, 110)),
               text="Provide a handrail\nعرض الدرج غير كاف",
               columns=columns_from({"Code": "B-12", "Checked": "yes"})),
        Markup(0, K.CALLOUT, ((600, 300), (650, 200)), text="Exit sign missing"),
        Markup(0, K.TEXT, ((500, 60), (700, 100)), text="General note: see A-501"),
        Markup(0, K.CLOUD, ((60, 60), (200, 60), (200, 140), (60, 140))),
        Markup(0, K.RECTANGLE, ((170, 240), (270, 320)), style=Style(dashed=True)),
        Markup(0, K.LENGTH, ((60, 420), (260, 420)), measurement=Measurement(7055.6, "mm",
                                                                               scale="1:100")),
        Markup(0, K.POLYLENGTH, ((60, 450), (160, 500), (260, 450)),
               measurement=Measurement(7889.2, "mm", scale="1:100")),
        Markup(0, K.AREA, ((300, 420), (420, 420), (420, 520), (300, 520)),
               measurement=Measurement(14938.1 * 1e3, "mm2", perimeter=15522.2, scale="1:100")),
        Markup(0, K.COUNT, ((460, 450), (490, 450), (520, 450)),
               measurement=Measurement(3, "count")),
        Markup(0, K.ANGLE, ((60, 580), (120, 530), (180, 580)),
               measurement=Measurement(100.4, "deg")),
    ]


def sheet(path: Path, rotation: int = 0) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595) if rotation % 180 == 0 else \
        doc.new_page(width=595, height=842)
    page.set_rotation(rotation)
    doc.save(path)
    return path


def annotations(path: Path):
    doc = pymupdf.open(path)
    page = doc[0]
    return doc, [a for a in page.annots() if a.irt_xref <= 0]


def numbers(text: str) -> list[float]:
    return [float(v) for v in text.strip("[] ").split()]


@pytest.mark.parametrize("rotation", [0, 90])
def test_every_appearance_is_drawn_for_exactly_its_rect(tmp_path, rotation):
    out = write_annotated_pdf(sheet(tmp_path / "plan.pdf", rotation), measured_kinds(),
                              tmp_path / "out.pdf").path
    doc, annots = annotations(out)
    assert len(annots) == len(measured_kinds())
    for annot in annots:
        rect = numbers(doc.xref_get_key(annot.xref, "Rect")[1])
        ap = int(doc.xref_get_key(annot.xref, "AP/N")[1].split()[0])
        bbox = pymupdf.Rect(numbers(doc.xref_get_key(ap, "BBox")[1]))
        matrix = pymupdf.Matrix(*numbers(doc.xref_get_key(ap, "Matrix")[1]))
        assert tuple(bbox * matrix) == pytest.approx(tuple(rect), abs=0.01), annot.info["id"]
    require_tool("qpdf")
    assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0


def test_callout_rd_and_cl_match_its_box_and_tip(tmp_path):
    markups = measured_kinds()
    out = write_annotated_pdf(sheet(tmp_path / "plan.pdf"), markups, tmp_path / "out.pdf").path
    doc, annots = annotations(out)
    callout = next(a for a in annots if a.info["id"] == str(markups[0].id))
    rect = numbers(doc.xref_get_key(callout.xref, "Rect")[1])
    rd = numbers(doc.xref_get_key(callout.xref, "RD")[1])
    inner = (rect[0] + rd[0], rect[1] + rd[1], rect[2] - rd[2], rect[3] - rd[3])
    assert inner == pytest.approx((300, 595 - 110, 460, 595 - 60), abs=0.01)  # the text box
    cl = numbers(doc.xref_get_key(callout.xref, "CL")[1])
    assert cl[:2] == pytest.approx([240, 595 - 150])                         # the tip
    assert cl[2:] == pytest.approx([300, 595 - 85])                          # leaves the box


def test_mutool_extracts_every_comment_and_measured_value(tmp_path):
    out = write_annotated_pdf(sheet(tmp_path / "plan.pdf"), measured_kinds(),
                              tmp_path / "out.pdf").path
    text = " ".join(pdf_readers.mutool_text(out, 0).split())
    for expected in ("Provide a handrail", "Exit sign missing", "General note: see A-501",
                     "7.06 m", "7.89 m", "14.94 m²", "100.4°"):
        assert expected in text, expected
    assert "عرض" in unicodedata.normalize("NFKC", text)   # shaped Arabic, in logical order
    assert " 3 " in f" {text} "


def test_measure_and_user_columns_read_back_with_pymupdf(tmp_path):
    markups = measured_kinds()
    out = write_annotated_pdf(sheet(tmp_path / "plan.pdf"), markups, tmp_path / "out.pdf").path
    doc, annots = annotations(out)
    by_id = {a.info["id"]: a for a in annots}
    intents = {m.kind: doc.xref_get_key(by_id[str(m.id)].xref, "IT")[1] for m in markups
               if m.kind in (K.LENGTH, K.POLYLENGTH, K.AREA)}
    assert intents == {K.LENGTH: "/LineDimension", K.POLYLENGTH: "/PolyLineDimension",
                       K.AREA: "/PolygonDimension"}
    length = by_id[str(markups[5].id)].xref
    assert doc.xref_get_key(length, "Measure/Subtype") == ("name", "/RL")
    assert doc.xref_get_key(length, "Measure/R") == ("string", "1:100")
    factor = float(doc.xref_get_key(length, "Measure/X")[1].split("/C")[1].split("/")[0])
    assert factor * 200 == pytest.approx(7.0556, rel=1e-3)       # 200 pt at 1:100 in m
    assert "/U(m)" in doc.xref_get_key(length, "Measure/D")[1].replace(" ", "")
    assert "sq m" in doc.xref_get_key(length, "Measure/A")[1]
    columns = doc.xref_get_key(doc.pdf_catalog(), "BSIAnnotColumns")
    assert columns[0] == "array" and "Checked" in columns[1] and "Code" in columns[1]
    data = doc.xref_get_key(by_id[str(markups[0].id)].xref, "BSIColumnData")
    assert data == ("array", "[(yes)(B-12)]")
    back = {m.id: m for m in read_pdf_annotations(out).markups}
    assert back[markups[0].id].columns == markups[0].columns


@pytest.mark.parametrize("reader", sorted(pdf_readers.READERS))
@pytest.mark.parametrize("rotation", [0, 90])
def test_readers_draw_each_markup_where_it_is(tmp_path, reader, rotation):
    markups = measured_kinds()
    source = sheet(tmp_path / "plan.pdf", rotation)
    out = write_annotated_pdf(source, markups, tmp_path / "out.pdf").path
    image = pdf_readers.READERS[reader](out, 0, DPI, tmp_path)
    assert image.shape[:2] == (595 * 2, 842 * 2) if rotation == 0 else (842 * 2, 595 * 2)
    for markup in markups:
        shapes = shapes_of(markup)
        if shapes.tip is not None:   # the leader's tip: within 1 pt
            assert pdf_readers.ink_near(image, shapes.tip, DPI, 1.0), (reader, markup.text)
        for point in markup.points[:1] if markup.kind != K.CALLOUT else markup.points[1:]:
            assert pdf_readers.ink_near(image, point, DPI, 1.5), (reader, markup.kind, point)


def test_pdfjs_reads_each_annotation_with_its_appearance_and_comment(tmp_path):
    markups = measured_kinds()
    out = write_annotated_pdf(sheet(tmp_path / "plan.pdf"), markups, tmp_path / "out.pdf").path
    _image, found = pdf_readers.pdfjs_render(out, 0, 72, tmp_path)
    shown = [a for a in found if not a["inReplyTo"]]
    assert len(shown) == len(markups) and all(a["hasAppearance"] for a in shown)
    assert "Exit sign missing" in {a["contents"] for a in shown}
