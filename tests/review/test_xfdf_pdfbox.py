"""Our XFDF as another program reads it: Apache PDFBox (Debian's libpdfbox2-java) imports it
into a copy of the source, draws the appearances its standard entries ask for, and poppler
renders that copy: it must look like our own marked-up PDF. Text boxes keep an outline (not a
solid block), counts and dashes show, callouts keep their leader, stamps their appearance."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import numpy as np
import pymupdf
import pytest

from review.exchange.frames import pdf_frames_of
from review.exchange.pdf_annotations import write_annotated_pdf
from review.exchange.xfdf import export_xfdf
from review.markup_shapes import COUNT_RADIUS_POINTS, shapes_of
from review.markups import Markup, MarkupKind, Measurement, Style
from tests import pdf_readers
from tests.review.test_pdf_appearance import sheet

K = MarkupKind
DPI = 72
ROOT = Path(__file__).resolve().parents[2]
PDFBOX_JARS = ("/usr/share/java/pdfbox2.jar", "/usr/share/java/fontbox2.jar",
               "/usr/share/java/commons-logging.jar")


def reviewed() -> list[Markup]:
    return [
        Markup(0, K.CALLOUT, ((240, 150), (300, 60), (460, 110)), text="Provide a handrail"),
        Markup(0, K.CALLOUT, ((600, 300), (650, 200)), text="Exit sign missing"),
        Markup(0, K.TEXT, ((500, 60), (700, 100)), text="General note: see A-501"),
        Markup(0, K.CLOUD, ((60, 60), (200, 60), (200, 140), (60, 140))),
        Markup(0, K.RECTANGLE, ((170, 240), (270, 320)), style=Style(dashed=True)),
        Markup(0, K.HIGHLIGHT, ((300, 250), (450, 280))),
        Markup(0, K.ELLIPSE, ((700, 150), (800, 220)), style=Style(fill="#FFEB3B")),
        Markup(0, K.LENGTH, ((60, 420), (260, 420)),
               measurement=Measurement(7055.6, "mm", scale="1:100")),
        Markup(0, K.AREA, ((300, 420), (420, 420), (420, 520), (300, 520)),
               measurement=Measurement(14938.1e3, "mm2", perimeter=15522.2, scale="1:100")),
        Markup(0, K.COUNT, ((460, 450), (490, 450), (520, 450)),
               measurement=Measurement(3, "count")),
        Markup(0, K.STAMP, ((600, 420), (780, 480)), text="Approved"),
        Markup(0, K.ARROW, ((560, 560), (700, 520))),
    ]


def pdfbox_import(source: Path, xfdf: Path, out: Path) -> Path:
    java = shutil.which("java") or pytest.skip("java is not installed (make deps installs it)")
    missing = [jar for jar in PDFBOX_JARS if not Path(jar).exists()]
    if missing:
        pytest.skip(f"PDFBox 2 is not installed ({missing[0]}; make deps installs"
                    f" libpdfbox2-java)")
    done = subprocess.run([java, "-cp", ":".join(PDFBOX_JARS),
                           str(ROOT / "tools" / "PdfboxImportXfdf.java"), str(source),
                           str(xfdf), str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


@pytest.fixture(scope="module")
def renderings(tmp_path_factory):
    """Our marked-up PDF and PDFBox's import of our XFDF, both rendered by poppler."""
    tmp = tmp_path_factory.mktemp("xfdf-pdfbox")
    source = sheet(tmp / "plan.pdf")
    markups = reviewed()
    ours = write_annotated_pdf(source, markups, tmp / "ours.pdf").path
    xfdf = tmp / "review.xfdf"
    xfdf.write_text(export_xfdf(markups, pdf_frames_of(source), pdf_name=source.name))
    imported = pdfbox_import(source, xfdf, tmp / "pdfbox.pdf")
    return (markups, pdf_readers.poppler(ours, 0, DPI, tmp),
            pdf_readers.poppler(imported, 0, DPI, tmp), imported)


def region(image: np.ndarray, box, pad: float = 0.0) -> np.ndarray:
    x0, y0, x1, y1 = box
    return pdf_readers.ink(image)[max(0, round(y0 - pad)):round(y1 + pad),
                                  max(0, round(x0 - pad)):round(x1 + pad)]


def ink_overlap(ours: np.ndarray, theirs: np.ndarray, box, unlabelled=()) -> float:
    """Of our ink around a markup, the share PDFBox's copy also inks within 2 pt; ours
    inside the `unlabelled` boxes is not counted."""
    mine, other = region(ours, box, 4), region(theirs, box, 4)
    left, top = max(0, round(box[0] - 4)), max(0, round(box[1] - 4))
    for x0, y0, x1, y1 in unlabelled:
        mine[max(0, round(y0) - top):max(0, round(y1) - top),
             max(0, round(x0) - left):max(0, round(x1) - left)] = False
    near = other.copy()
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            near |= np.roll(np.roll(other, dy, axis=0), dx, axis=1)
    return float((mine & near).sum() / max(mine.sum(), 1))


def test_pdfbox_import_looks_like_our_marked_up_pdf(renderings):
    markups, ours, theirs, _pdf = renderings
    for markup in markups:
        if markup.kind in (K.TEXT, K.CALLOUT):
            continue    # PDFBox sets the text in its own font and size: judged below
        shapes = shapes_of(markup)
        # an XFDF polygon or ink has no caption: an area's or count's value is only in its
        # contents, so the label we draw is not looked for
        labels = [run.box for run in shapes.texts] if markup.kind in (K.AREA, K.COUNT) else []
        overlap = ink_overlap(ours, theirs, shapes.bounds(), labels)
        # PDFBox draws a cloud's scallops its own way (bigger at intensity 2), and a
        # length's value as a line caption in its own font
        wanted = {K.CLOUD: 0.35, K.LENGTH: 0.7}.get(markup.kind, 0.8)
        assert overlap >= wanted, (markup.kind, round(overlap, 2))


def test_text_boxes_are_outlined_not_filled(renderings):
    markups, _ours, theirs, _pdf = renderings
    for markup in markups:
        if markup.kind in (K.TEXT, K.CALLOUT):
            x0, y0, x1, y1 = shapes_of(markup).text_box
            inked = region(theirs, (x0 + 3, y0 + 3, x1 - 3, y1 - 3)).mean()
            assert inked < 0.6, (markup.text, inked)       # a solid block would be 1
            edge = region(theirs, (x0, y0 - 1, x1, y0 + 1)).any(axis=0).mean()
            assert edge > 0.9, (markup.text, edge)          # its border is drawn


def test_callout_leader_reaches_its_tip(renderings):
    markups, _ours, theirs, _pdf = renderings
    for markup in markups:
        if markup.kind == K.CALLOUT:
            assert pdf_readers.ink_near(theirs, markup.points[0], DPI, 1.5), markup.text


def test_counts_and_dashes_are_visible(renderings):
    markups, _ours, theirs, _pdf = renderings
    count = next(m for m in markups if m.kind == K.COUNT)
    for x, y in count.points:
        assert pdf_readers.ink_near(theirs, (x + COUNT_RADIUS_POINTS, y), DPI, 1.5)
        assert pdf_readers.ink_near(theirs, (x - COUNT_RADIUS_POINTS, y), DPI, 1.5)
    dashed = next(m for m in markups if m.style.dashed)
    (x0, y0), (x1, _y1) = dashed.points
    row = region(theirs, (x0 + 5, y0 - 1, x1 - 5, y0 + 1)).any(axis=0)
    dashes = int((np.diff(row.astype(int)) == 1).sum())
    assert dashes >= 8 and 0.4 < row.mean() < 0.9, (dashes, row.mean())


def test_pdfbox_reads_the_standard_entries(renderings):
    """What PDFBox made of each element, in its own annotation dictionaries."""
    markups, _ours, _theirs, imported = renderings
    with pymupdf.open(imported) as doc:
        annots = {a.info["id"]: a for a in doc[0].annots()}
        by_id = {str(m.id): m for m in markups}
        for name, annot in annots.items():
            markup = by_id[name]
            if markup.kind in (K.TEXT, K.CALLOUT):
                assert doc.xref_get_key(annot.xref, "C")[0] == "null"    # no background
                assert doc.xref_get_key(annot.xref, "DA")[1].endswith("rg /Helv 12 Tf")
            if markup.kind == K.CALLOUT:
                assert doc.xref_get_key(annot.xref, "LE")[1] == "/ClosedArrow"
                assert doc.xref_get_key(annot.xref, "RD")[0] == "array"
            if markup.kind == K.RECTANGLE:
                assert doc.xref_get_key(annot.xref, "BS/S")[1] == "/D"
            if markup.kind == K.STAMP:
                assert doc.xref_get_key(annot.xref, "AP/N")[0] == "xref"
