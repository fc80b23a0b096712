"""The reviewer corrects a sheet's number and title (undoable, saved with the review, used by the
letter, the CSV and Go to Sheet), and Go to Sheet finds a sheet the background reading has not
reached: all through real key and mouse events."""
from __future__ import annotations

import csv
import io

import pymupdf
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMenu

from review.markup_store import MarkupStore
from review.markups import Markup, MarkupKind
from tests.desktop.markups.conftest import open_drawing

NUMBERS = ("A-101", "A-102", "A-103")
TITLES = ("GROUND FLOOR PLAN", "FIRST FLOOR PLAN", "ROOF PLAN")


def titled_set(path):
    """Three A3 sheets, each with a title block in the lower-right corner."""
    doc = pymupdf.open()
    for number, title in zip(NUMBERS, TITLES):
        page = doc.new_page(width=1191, height=842)
        page.draw_rect(pymupdf.Rect(100, 100, 700, 500), color=(0, 0, 0), width=1)
        page.insert_text((60, 60), "General notes apply to every sheet", fontsize=6)
        page.insert_text((900, 720), "DRAWING TITLE", fontsize=6)
        page.insert_text((900, 740), title, fontsize=12)
        page.insert_text((1060, 790), "SHEET NO.", fontsize=6)
        page.insert_text((1060, 812), number, fontsize=16)
    doc.save(path)
    return path


def click_sheet(qtbot, window, row):
    view = window.navigator.view
    rect = view.visualRect(window.navigator.model.index(row))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.views.active.sheet_index == row, timeout=30000)


def type_into_focus(text):
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(QApplication.focusWidget(), text)


def shortcut(qtbot, window, key, modifiers=Qt.KeyboardModifier.NoModifier):
    """Presses a window shortcut, the window active again after a dialog closed."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(QApplication.focusWidget() or window, key, modifiers)


def answer_next_dialog(text):
    """Types `text` into the next modal input dialog and presses Enter."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(50, answer)
            return
        QTest.keyClicks(dialog.focusWidget(), text)
        QTest.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    QTimer.singleShot(50, answer)


@pytest.fixture
def save_to(monkeypatch):
    chosen = {}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen["path"]), ""))
    return chosen


def test_the_reviewer_corrects_a_sheets_number_and_title_and_undoes_it(qtbot, window, tmp_path,
                                                                        save_to):
    session = open_drawing(qtbot, window, titled_set(tmp_path / "set.pdf"))
    drawing = window.drawing
    qtbot.waitUntil(lambda: drawing.info(1).number == "A-102", timeout=60000)
    click_sheet(qtbot, window, 1)
    shortcut(qtbot, window, Qt.Key.Key_F2)            # Edit Sheet Number and Title…
    number = window.inspector.values["number"]
    assert QApplication.focusWidget() is number and number.selectedText() == "A-102"
    QTest.keyClicks(number, "A-201")
    QTest.keyClick(number, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.inspector.values["title"]
    type_into_focus("SECOND FLOOR PLAN")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)

    assert (drawing.info(1).number, drawing.info(1).title) == ("A-201", "SECOND FLOOR PLAN")
    assert number.text() == "A-201"
    shown = window.navigator.model.data(window.navigator.model.index(1))
    assert shown.startswith("A-201\nSECOND FLOOR PLAN")
    stored = MarkupStore(session.store.store, session.store.document).load_sheet_identities()
    assert (stored[1].number, stored[1].title) == ("A-201", "SECOND FLOOR PLAN")

    # the letter, the CSV and Go to Sheet use the corrected number
    session.add([Markup(1, MarkupKind.CLOUD, ((200, 200), (400, 200), (400, 300)),
                        text="Door width below 900 mm")], "setup")
    save_to["path"] = tmp_path / "summary.csv"
    window.markups.exporter.actions["export_csv"].trigger()
    (row,) = csv.DictReader(io.StringIO((tmp_path / "summary.csv").read_text("utf-8-sig")))
    assert "A-201" in row.values() and "SECOND FLOOR PLAN" in row.values()
    save_to["path"] = tmp_path / "letter.pdf"
    answer_next_dialog("PR-1")
    window.markups.exporter.actions["export_letter"].trigger()
    with pymupdf.open(tmp_path / "letter.pdf") as letter:
        assert "Sheet A-201 - SECOND FLOOR PLAN" in letter[0].get_text()
    click_sheet(qtbot, window, 0)
    answer_next_dialog("a-201")
    shortcut(qtbot, window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.views.active.sheet_index == 1

    # one undo step for the correction (after the cloud's): Ctrl+Z on the window
    session.undo_stack.undo()                        # the cloud added above
    window.canvas.setFocus()
    shortcut(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert (drawing.info(1).number, drawing.info(1).title) == ("A-102", "FIRST FLOOR PLAN")
    assert window.inspector.values["number"].text() == "A-102"
    assert MarkupStore(session.store.store, session.store.document).load_sheet_identities() == {}
    assert session.undo_stack.canRedo()
    shortcut(qtbot, window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)   # redo
    assert drawing.info(1).number == "A-201"

    # Esc leaves the field as it was; the correction is kept when the drawing opens again
    shortcut(qtbot, window, Qt.Key.Key_F2)
    QTest.keyClicks(window.inspector.values["number"], "X-999")
    QTest.keyClick(window.inspector.values["number"], Qt.Key.Key_Escape)
    assert window.inspector.values["number"].text() == "A-201"
    path = drawing.path
    window.close_drawing()
    open_drawing(qtbot, window, path)
    assert window.drawing.info(1).number == "A-201"


def test_the_navigators_context_menu_offers_the_edit(qtbot, window, tmp_path):
    open_drawing(qtbot, window, titled_set(tmp_path / "set.pdf"))
    view = window.navigator.view
    rect = view.visualRect(window.navigator.model.index(2))
    view.customContextMenuRequested.emit(rect.center())   # as a right-click asks for it
    qtbot.waitUntil(lambda: window.views.active.sheet_index == 2, timeout=30000)
    menu = window.navigator.findChild(QMenu, "sheetMenu")
    qtbot.waitUntil(lambda: menu.isVisible())
    QTest.keyClick(menu, Qt.Key.Key_Down)
    QTest.keyClick(menu, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is window.inspector.values["number"]
    QTest.keyClicks(QApplication.focusWidget(), "R-001")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert window.drawing.info(2).number == "R-001"


def test_go_to_sheet_reads_a_sheet_the_background_has_not_reached(qtbot, window, tmp_path,
                                                                 monkeypatch):
    # the background reading never gets to any sheet: each would show its position only
    monkeypatch.setattr(window.service, "request_info", lambda *args: None)
    open_drawing(qtbot, window, titled_set(tmp_path / "set.pdf"))
    assert not window.drawing.has_read(2) and window.drawing.info(2).number == "3"
    answer_next_dialog("A-103")
    shortcut(qtbot, window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.views.active.sheet_index == 2
    assert window.inspector.values["number"].text() == "A-103"
    answer_next_dialog("Z-999")
    shortcut(qtbot, window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert "No sheet Z-999" in window.statusBar().currentMessage()
