"""Markups written as PDF annotations that other readers see, and the consultant's kept intact."""
from __future__ import annotations

import re
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pymupdf
import pytest

from review.exchange.frames import PlacementError
from review.exchange.pdf_annotations import (
    PdfAnnotationError,
    read_pdf_annotations,
    write_annotated_pdf,
)
from review.markups import Markup, MarkupKind, MarkupStatus, Reply, Style
from tests.conftest import require_tool
from tests.pdf_factory import damaged, encrypted

K = MarkupKind
WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)
RED, BLUE = "#D32F2F", "#1565C0"   # architectural, structural


def every_kind() -> list[Markup]:
    """One markup of each kind on an 842 x 595 pt sheet, architectural unless said."""
    return [
        Markup(0, K.CLOUD, ((60, 60), (200, 60), (200, 140), (60, 140)), text="Stair width",
               author="A. Reviewer", created=WHEN, modified=WHEN),
        Markup(0, K.CALLOUT, ((240, 150), (300, 60), (460, 110)), discipline="structural",
               text="Provide a handrail\nعرض الدرج غير كاف", author="S. Engineer"),
        Markup(0, K.TEXT, ((500, 60),), text="General note"),
        Markup(0, K.ARROW, ((520, 150), (640, 210))),
        Markup(0, K.LINE, ((660, 150), (800, 150)), style=Style(width=3)),
        Markup(0, K.POLYLINE, ((40, 250), (90, 300), (140, 250))),
        Markup(0, K.RECTANGLE, ((170, 240), (270, 320)), style=Style(dashed=True)),
        Markup(0, K.ELLIPSE, ((300, 240), (400, 320))),
        Markup(0, K.HIGHLIGHT, ((430, 240), (530, 320))),
        Markup(0, K.FREEHAND, ((560, 250), (600, 300), (640, 240), (680, 310))),
        Markup(0, K.STAMP, ((600, 400), (820, 470)), text="Revise and Resubmit",
               status=MarkupStatus.RESOLVED, replies=(Reply("Consultant", WHEN, "Done"),)),
        Markup(0, K.LENGTH, ((60, 420), (260, 420))),
        Markup(0, K.POLYLENGTH, ((60, 450), (160, 500), (260, 450))),
        Markup(0, K.AREA, ((300, 420), (420, 420), (420, 520), (300, 520))),
        Markup(0, K.COUNT, ((460, 450), (490, 450), (520, 450))),
        Markup(0, K.ANGLE, ((60, 580), (120, 530), (180, 580))),
    ]


def plan(path: Path, *, rotation: int = 0) -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595) if rotation % 180 == 0 else \
        doc.new_page(width=595, height=842)
    page.set_rotation(rotation)
    page.insert_text((40, 40) if rotation == 0 else (40, 40), "GROUND FLOOR PLAN", fontsize=9)
    doc.new_page(width=842, height=595)
    doc.save(path)
    return path


def consultant_pdf(path: Path) -> Path:
    """A consultant's sheet already carrying their own annotations, two of them broken."""
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    square = page.add_rect_annot((600, 400, 700, 480))
    square.set_info(title="Consultant", subject="Architectural", content="Door moved")
    square.set_colors(stroke=(0, 0.5, 0))
    square.update()
    note = page.add_text_annot((100, 500), "Please confirm")
    note.set_info(title="Consultant")
    doc.xref_set_key(square.xref, "BSIColumnData", "[(Open)(Ahmed)]")
    doc.xref_set_key(doc.pdf_catalog(), "BSIAnnotColumns",
                     "[<</Name(Status)>><</Name(Checked by)>>]")
    # A reply and a review state on the consultant's square, as Acrobat writes them.
    reply = page.add_text_annot((600, 400), "See revision B")
    reply.set_info(title="Architect", content="See revision B",
                   creationDate="D:20250102100000Z")
    reply.set_irt_xref(square.xref)
    state = page.add_text_annot((600, 400), "Completed")
    state.set_irt_xref(square.xref)
    state.set_info(title="Architect", creationDate="D:20250103100000Z")
    doc.xref_set_key(state.xref, "StateModel", "/Review")
    doc.xref_set_key(state.xref, "State", "/Completed")
    # Broken: a polygon without vertices, and a FreeText with no appearance and a bad /Rect.
    broken = page.add_polygon_annot([(300, 300), (350, 300), (350, 350)])
    doc.xref_set_key(broken.xref, "Vertices", "null")
    doc.xref_set_key(broken.xref, "AP", "null")
    free = page.add_freetext_annot((400, 100, 500, 150), "consultant text")
    doc.xref_set_key(free.xref, "AP", "null")
    doc.xref_set_key(free.xref, "Rect", "[1 2 3]")
    doc.save(path)
    return path


def render(path: Path, tmp_path: Path, dpi: int = 72) -> pymupdf.Pixmap:
    """Renders sheet 0 with poppler, a reader that shares no code with MuPDF."""
    pdftoppm = require_tool("pdftoppm")
    prefix = tmp_path / "poppler"
    subprocess.run([pdftoppm, "-r", str(dpi), "-f", "1", "-l", "1", "-png", str(path),
                    str(prefix)], check=True, capture_output=True, timeout=120)
    (png,) = tmp_path.glob("poppler*.png")
    return pymupdf.Pixmap(str(png))


def coloured_pixels(pixmap: pymupdf.Pixmap, box, colour: str, scale: float) -> int:
    """Pixels inside box (in points) whose hue matches the markup colour."""
    want = tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    x0, y0, x1, y1 = (round(v * scale) for v in box)
    count = 0
    for y in range(max(0, y0 - 2), min(pixmap.height, y1 + 3)):
        for x in range(max(0, x0 - 2), min(pixmap.width, x1 + 3)):
            r, g, b = pixmap.pixel(x, y)[:3]
            if (r, g, b) == (255, 255, 255):
                continue
            dominant = max(range(3), key=lambda i: want[i])
            other = [c for i, c in enumerate((r, g, b)) if i != dominant]
            if (r, g, b)[dominant] > max(other) + 40:
                count += 1
    return count


@pytest.mark.parametrize("rotation", [0, 90])
def test_every_kind_is_drawn_where_it_belongs_by_poppler(tmp_path, rotation):
    source = plan(tmp_path / "plan.pdf", rotation=rotation)
    markups = every_kind()
    report = write_annotated_pdf(source, markups, tmp_path / "out.pdf")
    assert report.incremental and report.annotations == len(markups)
    pixmap = render(report.path, tmp_path)
    for markup in markups:
        colour = BLUE if markup.discipline == "structural" else RED
        assert coloured_pixels(pixmap, markup.bounds(), colour, 1.0) > 8, markup.kind
    # and nowhere else: the empty band at the bottom right stays white
    assert coloured_pixels(pixmap, (700, 520, 840, 590), RED, 1.0) == 0


def test_annotations_carry_the_standard_entries(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    markups = every_kind()
    out = write_annotated_pdf(source, markups, tmp_path / "out.pdf").path
    doc = pymupdf.open(out)
    page = doc[0]
    by_name = {a.info["id"]: a for a in page.annots()}
    subtypes = {m.kind: by_name[str(m.id)].type[1] for m in markups}
    assert subtypes == {
        K.CLOUD: "Polygon", K.CALLOUT: "FreeText", K.TEXT: "FreeText", K.ARROW: "Line",
        K.LINE: "Line", K.POLYLINE: "PolyLine", K.RECTANGLE: "Square", K.ELLIPSE: "Circle",
        K.HIGHLIGHT: "Square", K.FREEHAND: "Ink", K.STAMP: "Stamp", K.LENGTH: "Line",
        K.POLYLENGTH: "PolyLine", K.AREA: "Polygon", K.COUNT: "Ink", K.ANGLE: "PolyLine"}
    cloud, callout, *_ = markups
    xref = by_name[str(cloud.id)].xref
    assert doc.xref_get_key(xref, "BE") == ("dict", "<</S/C/I 2>>")
    assert by_name[str(cloud.id)].info["title"] == "A. Reviewer"
    assert by_name[str(cloud.id)].info["subject"] == "Architectural"
    assert by_name[str(callout.id)].info["subject"] == "Structural"
    assert doc.xref_get_key(by_name[str(callout.id)].xref, "IT")[1] == "/FreeTextCallout"
    for annot in page.annots():
        if annot.irt_xref == 0:
            assert doc.xref_get_key(annot.xref, "AP/N")[0] == "xref", annot.type
    stamp = next(a for a in page.annots() if a.type[1] == "Stamp")
    children = [a for a in page.annots() if a.irt_xref == stamp.xref]
    states = [a for a in children if doc.xref_get_key(a.xref, "StateModel")[1] == "/Review"]
    assert [doc.xref_get_key(a.xref, "State")[1] for a in states] == ["/Completed"]
    assert [a.info["content"] for a in children if a not in states] == ["Done"]
    arabic = page.get_text("text", clip=pymupdf.Rect(300, 60, 460, 110))
    assert "handrail" in arabic


def test_our_markups_read_back_exactly(tmp_path):
    source = plan(tmp_path / "plan.pdf", rotation=90)
    markups = every_kind()
    out = write_annotated_pdf(source, markups, tmp_path / "out.pdf").path
    imported = read_pdf_annotations(out)
    assert not imported.warnings
    assert sorted(imported.markups, key=lambda m: str(m.id)) == \
        sorted(markups, key=lambda m: str(m.id))


def test_consultant_annotations_are_preserved_byte_for_byte(tmp_path):
    source = consultant_pdf(tmp_path / "consultant.pdf")
    original = source.read_bytes()
    with pymupdf.open(source) as doc:
        existing = [a.xref for a in doc[0].annots()]
        objects = {x: (doc.xref_object(x, compressed=True), doc.xref_get_key(x, "AP"))
                   for x in existing}
    out = write_annotated_pdf(source, every_kind()[:3], tmp_path / "out.pdf").path
    written = out.read_bytes()
    assert source.read_bytes() == original, "the source was modified"
    assert written.startswith(original), "not an incremental update of the original"
    appended = written[len(original):].decode("latin-1")
    redefined = {int(n) for n in re.findall(r"(?m)^(\d+) 0 obj", appended)}
    assert not redefined & set(existing), "existing annotations were rewritten"
    with pymupdf.open(out) as doc:
        for xref, before in objects.items():
            assert (doc.xref_object(xref, compressed=True), doc.xref_get_key(xref, "AP")) \
                == before
        assert "(Open)(Ahmed)" in doc.xref_object(existing[0], compressed=True)


def test_consultant_annotations_become_read_only_markups(tmp_path):
    source = consultant_pdf(tmp_path / "consultant.pdf")
    imported = read_pdf_annotations(source)
    by_kind = {m.kind: m for m in imported.markups}
    square = by_kind[K.RECTANGLE]
    assert square.read_only and square.author == "Consultant" and square.text == "Door moved"
    assert square.columns == (("Checked by", "Ahmed"), ("Status", "Open"))
    assert square.status == MarkupStatus.RESOLVED
    assert [r.text for r in square.replies] == ["See revision B"]
    assert square.style.colour == "#008000"
    assert {m.text for m in imported.markups if m.kind == K.TEXT} >= {"Please confirm"}
    assert any("annotation" in w and "needs at least" in w for w in imported.warnings)
    assert all("kept unchanged" in w for w in imported.warnings)


def test_markup_on_a_missing_sheet_or_off_the_page_is_refused(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    off_sheet = Markup(7, K.COUNT, ((10, 10),))
    with pytest.raises(PlacementError, match="sheet 7 does not exist .*2 sheet"):
        write_annotated_pdf(source, [off_sheet], tmp_path / "out.pdf")
    off_page = Markup(1, K.LINE, ((10, 10), (900, 10)))
    with pytest.raises(PlacementError, match=r"point 2 \(900, 10\) lies outside sheet 1"):
        write_annotated_pdf(source, [off_page], tmp_path / "out.pdf")
    with pytest.raises(PdfAnnotationError, match="new file"):
        write_annotated_pdf(source, [], source)


def test_encrypted_source_needs_its_password(tmp_path):
    source = encrypted(tmp_path / "locked.pdf")
    with pytest.raises(PdfAnnotationError, match="password"):
        write_annotated_pdf(source, [], tmp_path / "out.pdf")
    markup = Markup(0, K.CLOUD, ((60, 60), (200, 60), (200, 140)))
    out = write_annotated_pdf(source, [markup], tmp_path / "out.pdf", password="secret").path
    with pymupdf.open(out) as doc:
        assert doc.needs_pass and doc.authenticate("secret")
        assert len(list(doc[0].annots())) == 1


def test_damaged_source_is_rewritten_whole_with_a_warning(tmp_path):
    source = damaged(tmp_path / "damaged.pdf")
    original = source.read_bytes()
    markup = Markup(0, K.CLOUD, ((60, 60), (200, 60), (200, 140)))
    report = write_annotated_pdf(source, [markup], tmp_path / "out.pdf")
    assert not report.incremental and "repaired" in report.warnings[0]
    assert source.read_bytes() == original
    assert len(read_pdf_annotations(report.path).markups) == 1


def test_markups_join_an_indirect_annots_array_on_a_shifted_sheet(tmp_path):
    """Annotations are built apart and copied onto the sheet: they must land in the sheet's
    own /Annots (kept indirect, the consultant's first), point back to their sheet, sit where
    drawn when the MediaBox does not start at 0,0, and bring no page along."""
    doc = pymupdf.open()
    shifted = doc.new_page(width=842, height=595)
    shifted.set_mediabox(pymupdf.Rect(100, 200, 942, 795))
    consultant = shifted.add_rect_annot((600, 400, 700, 480))
    consultant.update()
    consultant_xref = consultant.xref
    annots_kind, annots_value = doc.xref_get_key(shifted.xref, "Annots")
    array_xref = doc.get_new_xref()
    doc.update_object(array_xref, annots_value)
    doc.xref_set_key(shifted.xref, "Annots", f"{array_xref} 0 R")
    doc.new_page(width=842, height=595)
    source = tmp_path / "shifted.pdf"
    doc.save(source)
    doc.close()
    box = Markup(0, K.RECTANGLE, ((170, 240), (270, 320)))
    stamped = Markup(0, K.STAMP, ((600, 100), (820, 170)), text="Approved",
                     status=MarkupStatus.RESOLVED, replies=(Reply("Consultant", WHEN, "Done"),))
    second_sheet = Markup(1, K.CLOUD, ((60, 60), (200, 60), (200, 140), (60, 140)))
    out = write_annotated_pdf(source, [box, stamped, second_sheet], tmp_path / "out.pdf").path
    with pymupdf.open(out) as doc:
        assert doc.page_count == 2
        assert sum("/Type/Page" in doc.xref_object(x, compressed=True).replace("/Type/Pages", "")
                   for x in range(1, doc.xref_length())) == 2, "a scratch page came along"
        assert doc.xref_get_key(doc[0].xref, "Annots") == ("xref", f"{array_xref} 0 R")
        for number in (0, 1):
            page = doc[number]
            annots = list(page.annots())
            assert all(doc.xref_get_key(a.xref, "P")[1] == f"{page.xref} 0 R" for a in annots)
        page = doc[0]
        by_name = {a.info["id"]: a for a in page.annots()}
        assert consultant_xref in [a.xref for a in page.annots()][:1]
        drawn = by_name[str(box.id)].rect   # the box grown by half its border on each side
        assert all(abs(a - b) <= 1 for a, b in zip(drawn, (170, 240, 270, 320))), drawn
        stamp_xref = by_name[str(stamped.id)].xref
        replies = [a for a in page.annots() if a.irt_xref == stamp_xref]
        assert len(replies) == 2  # "Done" and the Review state
    imported = read_pdf_annotations(out)
    ours = {m.id: m for m in imported.markups if not m.read_only}
    assert ours == {m.id: m for m in (box, stamped, second_sheet)}
    assert sum(m.read_only for m in imported.markups) == 1


def test_text_appearances_share_one_copy_of_each_font(tmp_path):
    source = plan(tmp_path / "plan.pdf")
    notes = [Markup(0, K.TEXT, ((40 + 25 * i, 100 + 12 * i),), text=f"Note {i}") for i in range(20)]
    notes.append(Markup(0, K.TEXT, ((500, 500),), text="عرض الدرج غير كاف"))
    out = write_annotated_pdf(source, notes, tmp_path / "out.pdf").path
    with pymupdf.open(out) as doc:
        font_files = [x for x in range(1, doc.xref_length())
                      if "/FontFile" in doc.xref_object(x, compressed=True)]
        assert len(font_files) == 2, "one Latin and one Arabic font for all the notes"
        text = doc[0].get_text()
    assert all(f"Note {i}" in text for i in range(20))
