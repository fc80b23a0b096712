"""Re-import of our own marked-up PDF after a consultant changed it in another program
(edits written here with PyMuPDF and with PDFium through pypdfium2): what they changed wins
over our embedded record, field by field, and the import says what came back changed."""
from __future__ import annotations

import ctypes
from datetime import datetime, timezone
from pathlib import Path

import pymupdf
import pytest

from review.exchange.pdf_annotations import read_pdf_annotations, write_annotated_pdf
from review.markups import Markup, MarkupKind, MarkupStatus, Measurement, Reply

K = MarkupKind
WHEN = datetime(2025, 3, 1, 9, 30, tzinfo=timezone.utc)


def reviewed(tmp_path: Path) -> tuple[Path, list[Markup]]:
    doc = pymupdf.open()
    doc.new_page(width=842, height=595)
    doc.save(tmp_path / "plan.pdf")
    markups = [
        Markup(0, K.CALLOUT, ((240, 150), (300, 60), (460, 110)), text="Provide a handrail",
               author="A. Reviewer", created=WHEN, modified=WHEN,
               replies=(Reply("A. Reviewer", WHEN, "See the code, 4.2"),)),
        Markup(0, K.RECTANGLE, ((170, 240), (270, 320)), text="Door swing",
               author="A. Reviewer", created=WHEN, modified=WHEN),
        Markup(0, K.LENGTH, ((60, 420), (260, 420)), author="A. Reviewer", created=WHEN,
               modified=WHEN, measurement=Measurement(7055.6, "mm", scale="1:100")),
        Markup(0, K.CLOUD, ((500, 300), (700, 300), (700, 400), (500, 400)), text="Untouched",
               author="A. Reviewer", created=WHEN, modified=WHEN),
    ]
    out = write_annotated_pdf(tmp_path / "plan.pdf", markups, tmp_path / "marked.pdf").path
    return out, markups


def test_our_own_export_comes_back_exactly_and_reports_nothing(tmp_path):
    out, markups = reviewed(tmp_path)
    back = read_pdf_annotations(out)
    assert {m.id: m for m in back.markups} == {m.id: m for m in markups}
    assert back.changed == ()


def test_edits_made_with_pymupdf_win_field_by_field(tmp_path):
    out, markups = reviewed(tmp_path)
    callout, rectangle, length, cloud = markups
    doc = pymupdf.open(out)
    page = doc[0]
    annots = {a.info["id"]: a for a in page.annots()}
    edited = annots[str(callout.id)]
    edited.set_info(content="Provide a handrail both sides", modDate="D:20250310120000Z")
    edited.update()
    moved = annots[str(rectangle.id)]
    moved.set_rect(pymupdf.Rect(190.75, 259.25, 290.75, 339.25))   # 20 pt right and down
    moved.set_info(modDate="D:20250310120500Z")
    moved.update()
    reply = page.add_text_annot((300, 60), "Handrail added on sheet A-501")
    reply.set_info(title="Consultant", content="Handrail added on sheet A-501",
                   creationDate="D:20250311090000Z")
    reply.set_irt_xref(edited.xref)
    state = page.add_text_annot((300, 60), "Completed set by Consultant")
    state.set_info(title="Consultant", creationDate="D:20250311091000Z")
    state.set_irt_xref(edited.xref)
    doc.xref_set_key(state.xref, "StateModel", "/Review")
    doc.xref_set_key(state.xref, "State", "/Completed")
    doc.saveIncr()
    doc.close()
    back = read_pdf_annotations(out)
    found = {m.id: m for m in back.markups}
    assert found[callout.id].text == "Provide a handrail both sides"
    assert found[callout.id].points == callout.points               # not moved
    assert [r.text for r in found[callout.id].replies] == [
        "See the code, 4.2", "Handrail added on sheet A-501"]
    assert found[callout.id].status == MarkupStatus.RESOLVED
    assert [c for p in found[rectangle.id].points for c in p] == pytest.approx(
        [190, 260, 290, 340], abs=0.8)
    assert found[rectangle.id].text == "Door swing"
    assert found[length.id] == length and found[cloud.id] == cloud
    changed = {c.markup_id: set(c.fields) for c in back.changed}
    assert changed == {callout.id: {"text", "replies", "status"}, rectangle.id: {"points"}}
    assert any("changed in another program" in w for w in back.warnings)


def test_edits_made_with_pdfium_win(tmp_path):
    pdfium = pytest.importorskip("pypdfium2")
    raw = pdfium.raw
    out, markups = reviewed(tmp_path)
    callout, rectangle, length, cloud = markups
    pdf = pdfium.PdfDocument(str(out))
    page = pdf[0]
    wanted = {str(callout.id): "Rail on both sides (PDFium)", str(cloud.id): "Cloud text"}
    for index in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annot = raw.FPDFPage_GetAnnot(page.raw, index)
        size = raw.FPDFAnnot_GetStringValue(annot, b"NM", None, 0)
        buffer = ctypes.create_string_buffer(size)
        raw.FPDFAnnot_GetStringValue(annot, b"NM", ctypes.cast(buffer, ctypes.POINTER(
            raw.FPDF_WCHAR)), size)
        name = buffer.raw[:size - 2].decode("utf-16-le")
        if name in wanted:
            text = ctypes.create_unicode_buffer(wanted[name])
            value = (wanted[name] + "\0").encode("utf-16-le")
            raw.FPDFAnnot_SetStringValue(annot, b"Contents", ctypes.cast(
                ctypes.create_string_buffer(value, len(value)), ctypes.POINTER(raw.FPDF_WCHAR)))
            del text
        raw.FPDFPage_CloseAnnot(annot)
    pdf.save(tmp_path / "pdfium.pdf")
    pdf.close()
    back = read_pdf_annotations(tmp_path / "pdfium.pdf")
    found = {m.id: m for m in back.markups}
    assert found[callout.id].text == "Rail on both sides (PDFium)"
    assert found[cloud.id].text == "Cloud text"
    assert found[rectangle.id] == rectangle and found[length.id] == length
    assert {c.markup_id for c in back.changed} == {callout.id, cloud.id}
