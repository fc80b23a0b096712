"""AutoCAD SHX text annotations are drawing content: never markups, kept as they are, read as text."""
from __future__ import annotations

import re

import pymupdf
import pytest

from review.exchange.pdf_annotations import read_pdf_annotations, write_annotated_pdf
from review.markups import Markup, MarkupKind
from review.shx_text import is_shx_text, shx_words
from tests.conftest import corpus_files
from tests.pdf_factory import shx_plot


def _xrefs_by_text(doc: pymupdf.Document) -> dict[str, int]:
    return {doc.xref_get_key(x, "Contents")[1]: x for x, *_ in doc[0].annot_xrefs()}


def test_only_uncoloured_annotations_without_appearance_are_shx_text(tmp_path):
    with pymupdf.open(shx_plot(tmp_path / "plot.pdf")) as doc:
        found = {text: is_shx_text(doc, xref) for text, xref in _xrefs_by_text(doc).items()}
    assert found == {"GROUND FLOOR PLAN": True, "A-101": True, "SHEET": True, "DOOR D1": True,
                     "coloured": False, "null": False}  # the last: the reviewer's rectangle


@pytest.mark.parametrize("rotation", [0, 90, 270])
def test_shx_words_come_with_their_displayed_boxes(tmp_path, rotation):
    with pymupdf.open(shx_plot(tmp_path / "plot.pdf", rotation=rotation)) as doc:
        page = doc[0]
        words = {word.text: word for word in shx_words(page)}
        assert set(words) == {"GROUND FLOOR PLAN", "A-101", "SHEET", "DOOR D1"}
        expected = pymupdf.Rect(760, 595 - 50, 800, 595 - 30) * page.rotation_matrix
        assert words["A-101"].bbox == pytest.approx(tuple(expected))
        assert words["A-101"].height == pytest.approx(20)


def test_shx_text_is_not_imported_as_markups(tmp_path):
    imported = read_pdf_annotations(shx_plot(tmp_path / "plot.pdf"))
    kinds = sorted((m.kind, m.text) for m in imported.markups)
    # the reviewer's rectangle and the coloured look-alike (someone drew it) stay markups
    assert kinds == [(MarkupKind.RECTANGLE, ""), (MarkupKind.RECTANGLE, "coloured")]
    assert not imported.warnings


def test_shx_text_is_kept_byte_for_byte_in_the_marked_up_copy(tmp_path):
    source = shx_plot(tmp_path / "plot.pdf")
    with pymupdf.open(source) as doc:
        before = {text: doc.xref_object(xref, compressed=True)
                  for text, xref in _xrefs_by_text(doc).items() if is_shx_text(doc, xref)}
    cloud = Markup(0, MarkupKind.CLOUD, ((300, 100), (400, 100), (400, 160), (300, 160)),
                   text="Check the stair")
    out = write_annotated_pdf(source, [cloud], tmp_path / "out.pdf").path
    with pymupdf.open(out) as doc:
        after = {doc.xref_get_key(x, "Contents")[1]: doc.xref_object(x, compressed=True)
                 for x, *_ in doc[0].annot_xrefs()}
    assert {text: after.get(text) for text in before} == before
    again = read_pdf_annotations(out)
    assert [m.text for m in again.markups if not m.read_only] == ["Check the stair"]
    assert not [m for m in again.markups if m.text in before]


AUTOCAD_PLOTS = [p for p in corpus_files("pdf") if p.stat().st_size < 3_000_000]


@pytest.mark.corpus
def test_corpus_autocad_plots_open_with_no_shx_markups(corpus):
    plots = 0
    for source in AUTOCAD_PLOTS:
        with pymupdf.open(source) as doc:
            shx = sum(1 for page in doc for x, *_ in page.annot_xrefs() if is_shx_text(doc, x))
            others = sum(1 for page in doc for x, *_ in page.annot_xrefs()
                         if not is_shx_text(doc, x))
        if not shx:
            continue
        plots += 1
        imported = read_pdf_annotations(source)
        assert len(imported.markups) <= others, source.name
        assert not [m for m in imported.markups
                    if re.search("shx", m.author + m.text, re.IGNORECASE)], source.name
    if not plots:
        pytest.skip("no AutoCAD-plotted PDF with SHX text in the corpus")
