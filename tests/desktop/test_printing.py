"""Printing: true scale measured on the printed PDF (within 0.5 %), vector output, tiling with
overlap and crop marks, fit, with and without markups, rotated sheets, CAD sheets, the raster
path for printers and the preview, the dialog and the File menu actions."""
from __future__ import annotations

import math
from pathlib import Path

import pymupdf
import pytest
from PySide6.QtPrintSupport import QPrinter

from desktop.printing import (
    MARGIN_MM,
    PrintDialog,
    PrintError,
    PrintOptions,
    PrintSource,
    compose,
    install_printing,
    lay_out_sheet,
    paint_pages,
    print_job,
)
from review.exchange.frames import pdf_frames
from review.markups import Markup, MarkupKind
from review.measure import Viewport, ratio_scale, write_pdf_viewport
from review.samples import SampleSheet, write_sample_plan_set
from tests.viewers.test_pdf_export import wall_drawing

MM = 72 / 25.4
A3 = (297 * MM, 420 * MM)


def scaled_sheet(path: Path, ratio: int = 100, *, rotation: int = 0) -> Path:
    """An A3 landscape sheet drawn at 1:ratio (recorded as /VP) with a 100 mm line on paper
    (10 m at 1:100), a note annotation, and the page rotated as asked."""
    doc = pymupdf.open()
    page = doc.new_page(width=A3[1], height=A3[0])
    page.draw_line((100, 200), (100 + 100 * MM, 200), color=(0, 0, 0), width=1)
    page.insert_text((100, 150), "GROUND FLOOR", fontsize=14)
    frame = pdf_frames(doc)[0]
    write_pdf_viewport(doc, frame, Viewport("plan", (0, 0, frame.width, frame.height),
                                            ratio_scale(ratio)))
    page.add_freetext_annot(pymupdf.Rect(300, 300, 500, 340), "REVIEWER NOTE", fontsize=12)
    page.set_rotation(rotation)
    doc.save(path)
    doc.close()
    return path


def longest_line_mm(page: pymupdf.Page) -> float:
    best = 0.0
    for drawing in page.get_drawings():
        for item in drawing["items"]:
            if item[0] == "l":
                best = max(best, math.dist(item[1], item[2]))
    return best / MM


def printed_to_pdf(sources, options, tmp_path) -> pymupdf.Document:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    print_job(sources, options, printer)
    return pymupdf.open(tmp_path / "printed.pdf")


@pytest.mark.parametrize("ratio, expected_mm", [(50, 200.0), (100, 100.0), (200, 50.0)])
def test_print_to_pdf_keeps_true_scale_and_vectors(qapp, tmp_path, ratio, expected_mm):
    sheet = scaled_sheet(tmp_path / "sheet.pdf")
    with printed_to_pdf([PrintSource(sheet)], PrintOptions("A3", ratio), tmp_path) as doc:
        assert (doc.page_count == 1) == (ratio >= 100)   # at 1:50 twice A3: tiled
        page = doc[0]
        assert sorted((page.rect.width, page.rect.height)) == pytest.approx(sorted(A3), abs=1)
        assert page.get_images() == []                       # vector, not a picture
        assert longest_line_mm(page) == pytest.approx(expected_mm, rel=0.005)


def test_a_dxf_prints_at_true_scale_through_our_renderer(qapp, tmp_path):
    drawing = wall_drawing(tmp_path / "wall.dxf")            # a 12 m wall, 0.50 mm thick
    with printed_to_pdf([PrintSource(drawing)], PrintOptions("A3", 100), tmp_path) as doc:
        page = doc[0]
        assert page.get_images() == []
        assert longest_line_mm(page) == pytest.approx(120.0, rel=0.005)


def test_a_rotated_sheet_prints_upright_at_scale(qapp, tmp_path):
    sheet = scaled_sheet(tmp_path / "rotated.pdf", rotation=90)
    with printed_to_pdf([PrintSource(sheet)], PrintOptions("A3", 100), tmp_path) as doc:
        page = doc[0]
        assert longest_line_mm(page) == pytest.approx(100.0, rel=0.005)
        words = [w for w in page.get_text("words") if w[4] == "GROUND"]
        assert words and words[0][2] - words[0][0] < words[0][3] - words[0][1] + 100
        assert page.rect.width < page.rect.height          # the sheet shows portrait


def test_a_large_sheet_is_tiled_with_overlap_and_crop_marks(qapp, tmp_path):
    plans = write_sample_plan_set(tmp_path / "a1.pdf", (
        SampleSheet("A-101", "GROUND FLOOR PLAN", "architectural"),))
    with pymupdf.open(plans) as doc:
        frame = pdf_frames(doc)[0]
        write_pdf_viewport(doc, frame, Viewport("plan", (0, 0, frame.width, frame.height),
                                                ratio_scale(100)))
        doc.saveIncr()
        size = (frame.width, frame.height)
    options = PrintOptions("A3", 50, overlap_mm=10)
    pages = lay_out_sheet(0, "A-101", size, 100 * 25.4 / 72, options)
    rows, columns = pages[0].tile[2:]
    assert len(pages) == rows * columns > 1
    # the tiles cover the whole sheet, neighbours overlap by 10 mm on paper
    assert pages[-1].clip[2:] == pytest.approx(size)
    right_neighbour = pages[1]
    overlap_on_paper = (pages[0].clip[2] - right_neighbour.clip[0]) * pages[0].zoom
    assert overlap_on_paper == pytest.approx(10 * MM)
    # trimmed at the crop marks, the tiles of a row add up to the sheet at 1:50
    trimmed = sum(p.own[2] - p.own[0] for p in pages[:columns])
    assert trimmed == pytest.approx(size[0] * 2)
    pdf, count = compose([PrintSource(plans)], options)
    assert count == len(pages)
    with pymupdf.open("pdf", pdf) as doc:
        first = doc[0]
        marks = [d for d in first.get_drawings() if d.get("width") == pytest.approx(0.3)]
        assert len(marks) == 1 and len(marks[0]["items"]) == 8
        assert "tile 1 of" in first.get_text()
        # the sheet's border (28 pt in from the A1 edge) lands 56 pt in at 1:50
        borders = [d["rect"] for d in first.get_drawings() if d.get("width") == 3.0]
        assert borders and borders[0].x0 == pytest.approx(MARGIN_MM * MM + 56, abs=0.5)


def test_fit_puts_the_whole_sheet_on_one_page(qapp, tmp_path):
    plans = write_sample_plan_set(tmp_path / "set.pdf")
    pdf, count = compose([PrintSource(plans, sheets=(0, 3))], PrintOptions("A4"))
    assert count == 2
    with pymupdf.open("pdf", pdf) as doc:
        assert doc[0].rect.width > doc[0].rect.height       # landscape for a landscape sheet
        assert "S-101" in doc[1].get_text()


def test_markups_are_printed_only_when_asked(qapp, tmp_path):
    sheet = scaled_sheet(tmp_path / "sheet.pdf")
    cloud = Markup(0, MarkupKind.TEXT, ((500.0, 100.0), (700.0, 130.0)), text="SETBACK 3 M")
    source = PrintSource(sheet, markups=(cloud,))
    with_markups, _ = compose([source], PrintOptions("A3", 100, markups=True))
    without, _ = compose([source], PrintOptions("A3", 100, markups=False))
    with pymupdf.open("pdf", with_markups) as doc:
        text = doc[0].get_text()
        assert "REVIEWER NOTE" in text and "SETBACK 3 M" in text
        assert list(doc[0].annots()) == []                  # baked into the print
    with pymupdf.open("pdf", without) as doc:
        text = doc[0].get_text()
        assert "REVIEWER NOTE" not in text and "SETBACK 3 M" not in text
        assert "GROUND FLOOR" in text


def test_what_cannot_print_is_explained(qapp, tmp_path):
    plain = write_sample_plan_set(tmp_path / "plain.pdf")
    with pytest.raises(PrintError, match="has no drawing scale"):
        compose([PrintSource(plain, sheets=(0,))], PrintOptions("A3", 100))
    with pytest.raises(PrintError, match="larger than A4: allow tiling"):
        lay_out_sheet(0, "A-101", (2384, 1684), 100 * 25.4 / 72,
                      PrintOptions("A4", 50, tile=False))
    with pytest.raises(PrintError, match="nothing to print"):
        compose([PrintSource(plain, sheets=())], PrintOptions("A3"))


def test_printers_and_the_preview_get_the_pages_as_pictures(qapp, tmp_path):
    pdf, _ = compose([PrintSource(scaled_sheet(tmp_path / "sheet.pdf"))],
                     PrintOptions("A3", 100))
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "raster.pdf"))
    paint_pages(pdf, printer, "A3")
    with pymupdf.open(tmp_path / "raster.pdf") as doc:
        assert doc.page_count == 1
        assert sorted((doc[0].rect.width, doc[0].rect.height)) == pytest.approx(sorted(A3),
                                                                                 abs=1)
        assert doc[0].get_images()


def test_the_dialog_counts_paper_and_saves_a_pdf(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr("desktop.printing.QMessageBox.warning", lambda *args: None)
    plans = write_sample_plan_set(tmp_path / "set.pdf")
    dialog = PrintDialog([PrintSource(plans)], current_sheet=1)
    qtbot.addWidget(dialog)
    assert dialog.current_only.isChecked()
    assert dialog.summary.text() == "Pages to print: 1 on A3 paper"
    dialog.all_sheets.setChecked(True)
    assert dialog.summary.text() == "Pages to print: 5 on A3 paper"
    dialog.scale.setCurrentIndex(2)                      # 1:100: this PDF has no scale
    assert "has no drawing scale" in dialog.summary.text()
    assert not dialog.print_button.isEnabled()
    dialog.scale.setCurrentIndex(0)
    dialog.current_only.setChecked(True)
    assert dialog.save_pdf(tmp_path / "out.pdf")
    with pymupdf.open(tmp_path / "out.pdf") as doc:
        assert doc.page_count == 1 and "A-102" in doc[0].get_text()


def test_file_menu_print_actions(qtbot, tmp_path, monkeypatch):
    from desktop import tasks
    from desktop.main_window import MainWindow

    monkeypatch.setenv("PLANREVIEW_NO_DIALOGS", "1")
    tasks.set_synchronous(True)
    window = MainWindow()
    qtbot.addWidget(window)
    try:
        actions = install_printing(window)
        assert actions.print_action in window.file_menu.actions()
        assert actions.batch_action in window.file_menu.actions()
        assert not actions.print_action.isEnabled()
        window.open_file(write_sample_plan_set(tmp_path / "set.pdf"))
        qtbot.waitUntil(lambda: window.drawing is not None, timeout=20000)
        window.show_sheet(2)
        assert actions.print_action.isEnabled()
        dialog = actions.print_drawing()
        assert dialog.current_sheet == 2
        dialog.reject()
    finally:
        window.close()
        window.service.shutdown()
        tasks.set_synchronous(False)
