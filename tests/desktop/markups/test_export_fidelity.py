"""Markups of every kind drawn with the application's own tools (real mouse events), exported
as a marked-up PDF and rendered by poppler, MuPDF and pdf.js: each reader inks the markup where
the reviewer put it (a callout's tip within 1 pt), and mutool extracts the comments."""
from __future__ import annotations

import pymupdf
import pytest

from review.markup_shapes import shapes_of
from review.markups import MarkupKind
from tests import pdf_readers
from tests.desktop.markups.conftest import open_drawing, plain_pdf
from tests.desktop.markups.test_exporting import save_to  # noqa: F401 - fixture
from tests.desktop.markups.test_tools import draw

K = MarkupKind
DPI = 144
GESTURES = [
    (K.CALLOUT, [(520, 200), (600, 120)]), (K.TEXT, [(120, 450), (300, 500)]),
    (K.CLOUD, [(120, 120), (300, 130), (250, 250)]), (K.ARROW, [(350, 450), (450, 520)]),
    (K.RECTANGLE, [(600, 300), (700, 380)]), (K.ELLIPSE, [(500, 420), (600, 500)]),
    (K.LENGTH, [(100, 540), (400, 540)]), (K.AREA, [(650, 420), (780, 420), (780, 520)]),
]


@pytest.mark.parametrize("reader", sorted(pdf_readers.READERS))
def test_each_tool_drawn_markup_is_inked_where_the_canvas_drew_it(
        qtbot, window, tmp_path, save_to, reader):  # noqa: F811
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf"))
    window.markups.controller.snapper.enabled = False
    for kind, points in GESTURES:
        draw(window, kind, points)
    markups = list(session.markups)
    assert sorted(m.kind for m in markups) == sorted(kind for kind, _ in GESTURES)
    save_to["path"] = tmp_path / "marked.pdf"
    window.markups.exporter.actions["export_pdf"].trigger()
    qtbot.waitUntil(lambda: (tmp_path / "marked.pdf").exists(), timeout=60000)
    with pymupdf.open(tmp_path / "marked.pdf") as doc:
        assert len([a for a in doc[0].annots() if a.irt_xref <= 0]) == len(markups)
    image = pdf_readers.READERS[reader](tmp_path / "marked.pdf", 0, DPI, tmp_path)
    for markup in markups:
        shapes = shapes_of(markup)
        if shapes.tip is not None:
            assert pdf_readers.ink_near(image, shapes.tip, DPI, 1.0), (reader, markup.kind)
        x0, y0, x1, y1 = shapes.bounds()
        box = pdf_readers.ink(image)[int(y0 * 2):int(y1 * 2) + 1, int(x0 * 2):int(x1 * 2) + 1]
        assert box.any(), (reader, markup.kind)
    if reader == "mupdf":
        text = " ".join(pdf_readers.mutool_text(tmp_path / "marked.pdf", 0).split())
        assert text.count("Provide a fire exit here") == 2       # the callout and the text box
        length = next(m for m in markups if m.kind == K.LENGTH)
        assert shapes_of(length).label in text
