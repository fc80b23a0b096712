"""Export and import from the Markups menu: the files are read back by other readers
(PyMuPDF for the PDF, ezdxf for the DXF, our XFDF reader, the csv module); the consultant's
own annotations show read-only."""
from __future__ import annotations

import csv
import io
import unicodedata

import ezdxf
import pymupdf
import pytest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog

from desktop import i18n
from review.markups import Markup, MarkupKind, MarkupLockedError, Measurement
from tests.desktop.markups.conftest import clicks, drag, open_drawing, plain_dxf, plain_pdf


@pytest.fixture
def save_to(monkeypatch):
    chosen = {}

    def ask(*args, **kwargs):
        return str(chosen["path"]), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", ask)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", ask)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("PR-2025-0042", True))
    return chosen


def mark_up(window):
    controller = window.markups.controller
    controller.snapper.enabled = False
    controller.set_tool(MarkupKind.CLOUD)
    clicks(window, [(120, 120), (300, 130), (250, 250)])
    controller.set_tool(MarkupKind.CALLOUT)
    drag(window, (520, 200), (600, 120))
    controller.set_tool(MarkupKind.LENGTH)
    drag(window, (100, 400), (400, 400))
    return controller.session


def test_pdf_xfdf_csv_and_letter_from_a_pdf(qtbot, window, tmp_path, save_to):
    open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf"))
    session = mark_up(window)
    actions = window.markups.exporter.actions
    save_to["path"] = tmp_path / "marked.pdf"
    actions["export_pdf"].trigger()
    with pymupdf.open(tmp_path / "marked.pdf") as doc:
        kinds = sorted(annot.type[1] for annot in doc[0].annots())
    assert kinds == ["FreeText", "Line", "Polygon"]
    save_to["path"] = tmp_path / "markups.csv"
    actions["export_csv"].trigger()
    rows = list(csv.DictReader(io.StringIO(
        (tmp_path / "markups.csv").read_text("utf-8-sig"))))
    assert sorted(r["kind"] for r in rows) == ["callout", "cloud", "length"]
    save_to["path"] = tmp_path / "letter.pdf"
    actions["export_letter"].trigger()
    with pymupdf.open(tmp_path / "letter.pdf") as doc:
        text = "".join(page.get_text() for page in doc)
    assert "PR-2025-0042" in text and "exit here" in text
    save_to["path"] = tmp_path / "markups.xfdf"
    actions["export_xfdf"].trigger()
    assert "<annots>" in (tmp_path / "markups.xfdf").read_text("utf-8")
    before = {m.id: m for m in session.markups}
    for markup in list(session.markups):
        session.remove([markup.id], "clear")
    actions["import_xfdf"].trigger()                     # the round trip loses nothing
    assert {m.id: (m.kind, m.points, m.text) for m in session.markups} == \
        {i: (m.kind, m.points, m.text) for i, m in before.items()}
    assert "Wrote" in window.statusBar().currentMessage() or \
        "Imported" in window.statusBar().currentMessage()


def test_the_arabic_interface_writes_arabic_units_in_the_letter_and_the_csv_caption(
        qtbot, window, tmp_path, save_to):
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf"))
    session.add([Markup(0, MarkupKind.AREA, ((100, 100), (300, 100), (300, 300)),
                        text="Slab", measurement=Measurement(1.81e6, "mm2", perimeter=5640)),
                 Markup(0, MarkupKind.LENGTH, ((100, 400), (300, 400)),   # no comment
                        measurement=Measurement(2500, "mm"))], "setup")
    i18n.set_language(QApplication.instance(), "ar")
    save_to["path"] = tmp_path / "letter.pdf"
    window.markups.exporter.actions["export_letter"].trigger()
    with pymupdf.open(tmp_path / "letter.pdf") as doc:
        text = unicodedata.normalize("NFKC", "".join(page.get_text() for page in doc))
    assert "خطاب التصحيحات" in text and "المحيط" in text and " م2" in text, text
    assert "2.50" not in text and "طول" not in text    # a bare measurement is not an item
    assert "m2" not in text and "perimeter" not in text and "length" not in text
    save_to["path"] = tmp_path / "markups.csv"
    window.markups.exporter.actions["export_csv"].trigger()
    (row,) = [r for r in csv.DictReader(io.StringIO(
        (tmp_path / "markups.csv").read_text("utf-8-sig"))) if r["kind"] == "area"]
    assert row["measured"] == "1.81 م² (المحيط 5.64 م)"
    assert (row["value"], row["unit"], row["perimeter_m"]) == ("1.810", "m²", "5.640")


def test_marked_up_dxf_passes_audit_and_keeps_the_original(qtbot, window, tmp_path, save_to):
    source = plain_dxf(tmp_path / "room.dxf")
    original = source.read_bytes()
    open_drawing(qtbot, window, source)
    controller = window.markups.controller
    controller.set_tool(MarkupKind.CLOUD)
    clicks(window, [(1000, 1000), (4000, 1200), (3000, 4000)])
    controller.set_tool(MarkupKind.TEXT)
    drag(window, (6000, 4000), (9000, 3000))
    save_to["path"] = tmp_path / "marked.dxf"
    window.markups.exporter.actions["export_dxf"].trigger()
    doc = ezdxf.readfile(tmp_path / "marked.dxf")
    assert not doc.audit().has_errors
    layers = {entity.dxf.layer for entity in doc.modelspace()}
    assert "REVIEW-ARCH" in layers
    assert source.read_bytes() == original
    save_to["path"] = tmp_path / "letter.pdf"
    window.markups.exporter.actions["export_letter"].trigger()
    with pymupdf.open(tmp_path / "letter.pdf") as doc:
        assert doc[0].get_images()                        # the CAD thumbnails


def test_a_write_failure_is_told_not_raised(qtbot, window, tmp_path, save_to):
    open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf"))
    mark_up(window)
    save_to["path"] = tmp_path / "no such folder" / "marked.csv"
    window.markups.exporter.actions["export_csv"].trigger()
    assert "file not found" in window.statusBar().currentMessage()


def test_consultant_annotations_show_read_only(qtbot, window, tmp_path):
    path = plain_pdf(tmp_path / "consultant.pdf", pages=1)
    with pymupdf.open(path) as doc:
        annot = doc[0].add_rect_annot(pymupdf.Rect(600, 100, 700, 200))
        annot.set_info(title="Consultant office", content="Existing note")
        annot.update()
        doc.saveIncr()
    session = open_drawing(qtbot, window, path)
    (note,) = session.markups
    assert note.read_only and note.kind == MarkupKind.RECTANGLE
    assert len(window.markups.controller.active_interaction().overlay.items) == 1
    with pytest.raises(MarkupLockedError):
        session.markups.move([note.id], 10, 10)
    assert session.store.load() == []                    # never stored as ours
    model = window.markups.dock.model
    assert model.visible_count() == 1
    assert not model.flags(model.index(0, 6)) & model.flags(model.index(0, 6)).ItemIsEditable
