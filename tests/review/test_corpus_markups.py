"""Real consultant drawings from the corpus: marked up, exported, and read by other readers."""
from __future__ import annotations

import ezdxf
import pymupdf
import pytest

from review.exchange.dxf_layers import write_review_dxf
from review.exchange.pdf_annotations import read_pdf_annotations, write_annotated_pdf
from review.markups import Markup, MarkupKind
from tests.conftest import corpus_files
from tests.review.test_pdf_annotations import RED, coloured_pixels, render

SMALL_PDFS = [p for p in corpus_files("pdf") if p.stat().st_size < 3_000_000][:3]
SMALL_DXFS = sorted((p for p in corpus_files("dxf") if p.stat().st_size < 2_000_000),
                    key=lambda p: p.stat().st_size)[:3]


@pytest.mark.corpus
@pytest.mark.parametrize("source", SMALL_PDFS, ids=lambda p: p.name)
def test_real_pdf_marked_up_and_seen_by_poppler(corpus, source, tmp_path):
    original = source.read_bytes()
    with pymupdf.open(source) as doc:
        if doc.needs_pass:
            pytest.skip("encrypted")
        width, height = doc[0].rect.width, doc[0].rect.height
        existing = sum(1 for _ in doc[0].annots())
    box = (width * 0.4, height * 0.4, width * 0.6, height * 0.6)
    cloud = Markup(0, MarkupKind.CLOUD, ((box[0], box[1]), (box[2], box[1]), (box[2], box[3]),
                                         (box[0], box[3])), text="Check", style=_thick())
    report = write_annotated_pdf(source, [cloud], tmp_path / "out.pdf")
    assert source.read_bytes() == original
    if report.incremental:
        assert report.path.read_bytes().startswith(original)
    imported = read_pdf_annotations(report.path)
    assert cloud in imported.markups
    assert len([m for m in imported.markups if m.read_only]) <= existing
    scale = 400 / max(width, height)
    pixmap = render(report.path, tmp_path, dpi=max(1, round(72 * scale)))
    assert coloured_pixels(pixmap, box, RED, pixmap.width / width) > 20


@pytest.mark.corpus
@pytest.mark.parametrize("source", SMALL_DXFS, ids=lambda p: p.name)
def test_real_dxf_copy_passes_audit(corpus, source, tmp_path):
    original = source.read_bytes()
    cloud = Markup(0, MarkupKind.CLOUD, ((0, 0), (100, 0), (100, 60), (0, 60)), text="Check")
    report = write_review_dxf(source, [cloud], tmp_path / "out.dxf")
    assert source.read_bytes() == original
    doc = ezdxf.readfile(report.path)
    errors = doc.audit().errors
    assert not errors or report.warnings, "audit errors that the source did not report"
    assert not [e for e in errors if "REVIEW" in e.message or "PLANREVIEW" in e.message]
    assert "REVIEW-ARCH" in doc.layers


def _thick():
    from review.markups import Style

    return Style(width=4)
