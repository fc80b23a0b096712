"""The review checklist dock in the main window (pytest-qt, offscreen): ticking, failing with a
note, linking a markup and jumping to it, Arabic item texts."""
from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop import i18n
from desktop.workflow.casefile import CaseFile
from desktop.workflow.checklist_dock import STATUSES, ChecklistDock
from review.checklists import ChecklistResults, Status, load_checklists
from review.markups import Markup, MarkupKind
from tests.desktop.markups.conftest import open_drawing, plain_pdf, window  # noqa: F401


def case_in_review() -> CaseFile:
    application = {"id": "app-7", "ref": "BP-2026-0007", "state": "in_review"}
    return CaseFile(application, [], [{"n": 1}, {"n": 2}], [], [], [], None, {})


def opened_dock(window) -> ChecklistDock:  # noqa: F811
    dock = window.findChild(ChecklistDock)
    dock.show_case(case_in_review())
    dock.show()
    dock.discipline.setCurrentIndex(dock.discipline.findData("architectural"))
    return dock


def choose(dock: ChecklistDock, item_id: str, status: Status) -> None:
    dock.table.setCurrentCell([r.item for r in dock.rows].index(item_id), 0)
    dock.status_group.button(STATUSES.index(status)).click()


def test_tick_and_fail_with_a_note_are_stored_for_the_cycle(window):  # noqa: F811
    dock = opened_dock(window)
    assert "BP-2026-0007" in dock.context.text() and "2" in dock.context.text()
    total = len(dock.rows)
    choose(dock, "setbacks", Status.PASS)
    choose(dock, "parking", Status.FAIL)
    dock.note.setText("Two parking spaces short")
    dock.note.editingFinished.emit()
    assert dock.summary.text() == f"1 items failed, {total - 2} unchecked"

    checklist = load_checklists()["architectural"]
    stored = {r.item: r for r in ChecklistResults(window.sync.controller.store)
              .results("app-7", 2, checklist)}
    assert stored["setbacks"].status is Status.PASS
    assert (stored["parking"].status, stored["parking"].note) == (
        Status.FAIL, "Two parking spaces short")


def test_link_selected_markup_and_jump_back_to_it(qtbot, window, tmp_path):  # noqa: F811
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf", pages=2))
    markup = Markup(1, MarkupKind.CLOUD, ((100, 100), (200, 100), (150, 200)),
                    text="Parking bay too narrow", discipline="architectural")
    session.add([markup], "setup")
    dock = opened_dock(window)
    choose(dock, "parking", Status.FAIL)
    dock.link_button.click()
    assert dock.current().markups == (str(markup.id),)
    assert dock.linked.count() == 1

    session.select(())
    window.show_sheet(0, window.views.active)
    dock.jump_button.click()
    assert [m.id for m in session.selected()] == [markup.id]
    assert window.views.active.sheet_index == 1


def test_switching_to_arabic_shows_arabic_item_texts(qtbot, window):  # noqa: F811
    dock = opened_dock(window)
    checklist = load_checklists()["architectural"]
    assert dock.table.item(0, 0).text() == checklist.items[0].text_en
    i18n.set_language(QApplication.instance(), "ar")
    qtbot.waitUntil(lambda: dock.table.item(0, 0).text() == checklist.items[0].text_ar)
    assert dock.discipline.currentText() == "معماري"
    assert dock.status_group.button(STATUSES.index(Status.PASS)).text() != "Pass"
