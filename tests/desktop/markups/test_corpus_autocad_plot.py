"""A corpus AutoCAD-plotted sheet (thousands of "AutoCAD SHX Text" annotations, a page label
stored as UTF-16 hex) opens with no SHX boxes and no SHX markups, and its thumbnails and
corrections letter show the decoded sheet number read by a person (the truth table)."""
from __future__ import annotations

import pymupdf
import pytest
from PySide6.QtWidgets import QFileDialog, QInputDialog

from review.markups import Markup, MarkupKind
from review.shx_text import shx_words
from tests.desktop.markups.conftest import open_drawing
from tests.viewers.sheet_identity_truth import truth_rows


def autocad_plot(corpus):
    """The truth table's plotted sheet with the most SHX texts whose page label is UTF-16 hex,
    with its number as a person read it."""
    numbers = {(file, sheet): number for file, sheet, number, _title in truth_rows()}
    best = None
    for (file, sheet), number in numbers.items():
        with pymupdf.open(corpus / file) as doc:
            page = doc[sheet]
            count = len(shx_words(page))
            if count and (page.get_label() or "").startswith("<FEFF") \
                    and (best is None or count > best[0]):
                best = (count, corpus / file, sheet, number)
    if best is None:
        pytest.skip("no AutoCAD-plotted sheet with UTF-16 page labels in the corpus")
    return best


def test_an_autocad_plot_opens_without_shx_markups_and_shows_its_sheet_number(
        qtbot, window, corpus, tmp_path, monkeypatch):
    count, path, sheet, number = autocad_plot(corpus)
    assert count > 100
    session = open_drawing(qtbot, window, path)
    assert not [m for m in session.markups if "shx" in (m.text + m.origin).casefold()]
    assert len(session.markups) == 0
    assert len(window.markups.controller.active_interaction().overlay.items) == 0
    qtbot.waitUntil(lambda: window.drawing.info(sheet).number == number, timeout=60000)
    shown = window.navigator.model.data(window.navigator.model.index(sheet))
    assert shown.split("\n")[0] == number and "FEFF" not in shown and "<" not in shown
    assert window.inspector.values["label"].text().startswith("[1]")   # decoded label

    session.add([Markup(sheet, MarkupKind.CLOUD, ((200, 200), (400, 200), (400, 300)),
                        text="Reinforcement cover not shown")], "setup")
    out = tmp_path / "letter.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("PR-7", True))
    window.markups.exporter.actions["export_letter"].trigger()
    with pymupdf.open(out) as letter:
        text = "".join(page.get_text() for page in letter)
    assert f"Sheet {number}" in text and "FEFF" not in text and "SHX" not in text
    assert "1 open correction item(s)" in text
