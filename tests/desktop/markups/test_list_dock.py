"""The markups list: filter, sort, group with totals, bulk status, replies, user columns,
jumping to a markup."""
from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from desktop.markups.columns import ColumnDefinition, ColumnType
from desktop.markups.list_dock import FIXED_COLUMNS, totals_text
from review.markup_store import MarkupStore
from review.markups import Markup, MarkupKind, MarkupStatus, Measurement, columns_from
from tests.desktop.markups.conftest import open_drawing, plain_pdf


@pytest.fixture
def filled(qtbot, window, tmp_path):
    session = open_drawing(qtbot, window, plain_pdf(tmp_path / "plan.pdf", pages=3))
    markups = [
        Markup(0, MarkupKind.CLOUD, ((100, 100), (200, 100), (150, 200)), text="Exit width",
               discipline="architectural", author="Aisha"),
        Markup(0, MarkupKind.LENGTH, ((100, 400), (400, 400)), discipline="architectural",
               author="Aisha", measurement=Measurement(2500.0, "mm")),
        Markup(1, MarkupKind.LENGTH, ((100, 400), (300, 400)), discipline="structural",
               author="Omar", measurement=Measurement(1500.0, "mm")),
        Markup(2, MarkupKind.AREA, ((100, 100), (300, 100), (300, 300)), text="Slab",
               discipline="structural", author="Omar",
               measurement=Measurement(4e6, "mm2", perimeter=8000.0)),
    ]
    session.add(markups, "setup")
    session.select(())
    return session


def rows(model):
    return [model.markup_at(model.index(r, 0)) for r in range(model.rowCount())]


def test_filter_by_text_status_and_sheet(window, filled):
    dock = window.markups.dock
    assert dock.model.visible_count() == 4
    dock.filter.setText("slab")
    assert [m.text for m in rows(dock.model)] == ["Slab"]
    dock.filter.setText("omar")
    assert dock.model.visible_count() == 2
    dock.filter.clear()
    resolved = next(m for m in filled.markups if m.sheet == 1)
    filled.set_status([resolved.id], MarkupStatus.RESOLVED, "status")
    dock.status_filter.setCurrentIndex(dock.status_filter.findData(MarkupStatus.RESOLVED))
    assert [m.id for m in rows(dock.model)] == [resolved.id]
    dock.status_filter.setCurrentIndex(0)
    dock.scope.setCurrentIndex(1)                   # this sheet only (sheet 0 shown)
    assert {m.sheet for m in rows(dock.model)} == {0}
    window.show_sheet(2)
    assert {m.sheet for m in rows(dock.model)} == {2}


def test_the_filter_follows_edits_and_the_language(window, filled):
    dock = window.markups.dock
    dock.filter.setText("stairs")
    assert dock.model.visible_count() == 0
    slab = next(m for m in filled.markups if m.text == "Slab")
    filled.update([replace(slab, text="Slab over the stairs")], "edit")
    assert [m.id for m in rows(dock.model)] == [slab.id]       # what it searches is anew
    dock.filter.setText("مساحة")                               # an area, in Arabic
    assert dock.model.visible_count() == 0
    window.set_language("ar")
    dock._on_filter()
    assert [m.id for m in rows(dock.model)] == [slab.id]


def test_only_the_reviewers_own_cells_are_editable(window, filled):
    model = window.markups.dock.model
    comment = FIXED_COLUMNS.index("comment")
    row = model.index(0, comment)
    assert model.flags(row) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(row) & Qt.ItemFlag.ItemNeverHasChildren
    consultant = replace(model.markup_at(row), origin="consultant.pdf")
    model.groups[0].rows[0] = consultant
    assert not model.flags(row) & Qt.ItemFlag.ItemIsEditable


def test_sort_by_any_column(window, filled):
    dock = window.markups.dock
    measured = FIXED_COLUMNS.index("measured")
    dock.view.sortByColumn(FIXED_COLUMNS.index("author"), Qt.SortOrder.DescendingOrder)
    assert [m.author for m in rows(dock.model)] == ["Omar", "Omar", "Aisha", "Aisha"]
    dock.view.sortByColumn(measured, Qt.SortOrder.AscendingOrder)
    values = [m.measurement.value for m in rows(dock.model) if m.measurement]
    assert values[:2] == [1500.0, 2500.0]


def test_groups_carry_counts_and_totals(window, filled):
    dock = window.markups.dock
    dock.group.setCurrentIndex(dock.group.findData("discipline"))
    model = dock.model
    assert model.rowCount() == 2
    assert [model.index(g, 0).data() for g in range(2)] == \
        ["Architectural (2) — \u20682.50 m\u2069", "Structural (2) — \u20681.50 m; 4.00 m²\u2069"]
    child = model.index(0, 0, model.index(0, 0))
    assert model.markup_at(child).discipline == "architectural"
    assert "4 markup(s)" in dock.totals.text() and "4.00 m" in dock.totals.text()


def test_totals_add_lengths_areas_and_counts_separately():
    markups = [Markup(0, MarkupKind.COUNT, ((0, 0),), measurement=Measurement(3, "count")),
               Markup(0, MarkupKind.COUNT, ((0, 0),), measurement=Measurement(4, "count")),
               Markup(0, MarkupKind.ANGLE, ((0, 0), (1, 0), (1, 1)),
                      measurement=Measurement(90, "deg"))]
    assert totals_text(markups) == "7"


def test_bulk_status_change_is_one_undo_step(window, filled):
    dock = window.markups.dock
    filled.select(m.id for m in filled.markups if m.author == "Omar")
    steps = filled.undo_stack.count()
    dock.bulk_status.setCurrentIndex(dock.bulk_status.findData(MarkupStatus.ANSWERED))
    dock.apply_status.click()
    assert {m.status for m in filled.markups if m.author == "Omar"} == {MarkupStatus.ANSWERED}
    assert filled.undo_stack.count() == steps + 1


def test_reply_thread(window, filled):
    dock = window.markups.dock
    cloud = next(m for m in filled.markups if m.kind == MarkupKind.CLOUD)
    filled.select([cloud.id])
    assert "Exit width" in dock.thread.toPlainText()
    dock.reply_text.setText("Widened to 1.2 m in revision B")
    dock.reply_button.click()
    assert filled.markups.get(cloud.id).replies[-1].text == "Widened to 1.2 m in revision B"
    assert "Widened to 1.2 m" in dock.thread.toPlainText()
    assert dock.reply_text.text() == ""


def test_user_columns_of_each_type(window, filled):
    dock = window.markups.dock
    for column in (ColumnDefinition("Code ref", ColumnType.TEXT),
                   ColumnDefinition("Priority", ColumnType.CHOICE, ("High", "Low")),
                   ColumnDefinition("Due", ColumnType.DATE),
                   ColumnDefinition("Checked", ColumnType.CHECKBOX)):
        dock.add_user_column(column)
    dock.add_user_column(ColumnDefinition("Priority", ColumnType.TEXT))   # told, not added
    assert "already" in window.statusBar().currentMessage()
    model = dock.model
    first = len(FIXED_COLUMNS)
    assert [model.headerData(first + i, Qt.Orientation.Horizontal) for i in range(4)] == \
        ["Code ref", "Priority", "Due", "Checked"]
    row = next(r for r in range(model.rowCount())
               if model.markup_at(model.index(r, 0)).kind == MarkupKind.CLOUD)
    assert model.setData(model.index(row, first), "OBC 3.4.2")
    assert model.setData(model.index(row, first + 1), "High")
    assert model.setData(model.index(row, first + 2), "2025-03-01")
    row = next(r for r in range(model.rowCount())
               if model.markup_at(model.index(r, 0)).kind == MarkupKind.CLOUD)
    assert model.setData(model.index(row, first + 3), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    cloud = next(m for m in filled.markups if m.kind == MarkupKind.CLOUD)
    assert dict(cloud.columns) == {"Code ref": "OBC 3.4.2", "Priority": "High",
                                   "Due": "2025-03-01", "Checked": "yes"}
    dock.filter.setText("OBC")
    assert [m.id for m in rows(model)] == [cloud.id]
    assert window.markups.dock.columns.load()[1].choices == ("High", "Low")


def test_user_columns_are_renamed_and_removed_with_their_values(window, filled):
    dock = window.markups.dock
    dock.add_user_column(ColumnDefinition("Priority", ColumnType.TEXT))
    dock.add_user_column(ColumnDefinition("Code ref", ColumnType.TEXT))
    cloud = next(m for m in filled.markups if m.kind == MarkupKind.CLOUD)
    filled.update([replace(cloud, columns=columns_from({"Priority": "High", "Code ref": "4.2"}))],
                  "setup")
    model, first = dock.model, len(FIXED_COLUMNS)
    dock.rename_user_column("Priority", " Urgency ")
    assert [model.headerData(first + i, Qt.Orientation.Horizontal) for i in range(2)] == \
        ["Urgency", "Code ref"]
    assert dict(filled.markups.get(cloud.id).columns) == {"Urgency": "High", "Code ref": "4.2"}
    dock.rename_user_column("Urgency", "Code ref")                       # told, not renamed
    assert "already" in window.statusBar().currentMessage()
    dock.remove_user_column("Urgency")
    assert model.columnCount() == first + 1
    assert [c.name for c in dock.columns.load()] == ["Code ref"]
    assert dict(filled.markups.get(cloud.id).columns) == {"Code ref": "4.2"}
    (stored,) = [m for m in filled.store.load() if m.id == cloud.id]
    assert dict(stored.columns) == {"Code ref": "4.2"}
    dock.filter.setText("High")                                          # the value is gone
    assert model.visible_count() == 0


def test_removing_or_renaming_a_column_is_one_undo_step_that_brings_its_values_back(
        window, filled):
    dock, model, first = window.markups.dock, window.markups.dock.model, len(FIXED_COLUMNS)
    priority = ColumnDefinition("Priority", ColumnType.CHOICE, ("High", "Low"))
    dock.add_user_column(priority)
    dock.add_user_column(ColumnDefinition("Code ref", ColumnType.TEXT))
    cloud, area = (next(m for m in filled.markups if m.kind == kind)
                   for kind in (MarkupKind.CLOUD, MarkupKind.AREA))
    filled.update([replace(cloud, columns=columns_from({"Priority": "High", "Code ref": "4.2"})),
                   replace(area, columns=columns_from({"Priority": "Low"}))], "setup")
    elsewhere = MarkupStore(window.markups.controller.store, "f" * 64)   # another drawing
    elsewhere.open_set()[0].add([Markup(0, MarkupKind.CLOUD, ((0, 0), (9, 0), (9, 9)),
                                        columns=columns_from({"Priority": "Low"}))])

    def values() -> tuple[dict, ...]:
        """Column values shown, stored for this drawing, and stored for the other one."""
        return tuple({m.id: dict(m.columns) for m in markups}
                     for markups in (filled.markups, filled.store.load(), elsewhere.load()))

    def headers() -> list[str]:
        return [model.headerData(first + i, Qt.Orientation.Horizontal)
                for i in range(model.columnCount() - first)]

    before, steps = values(), filled.undo_stack.count()
    dock.remove_user_column("Priority")
    assert filled.undo_stack.count() == steps + 1
    assert headers() == ["Code ref"] and [c.name for c in dock.columns.load()] == ["Code ref"]
    assert all("Priority" not in columns for table in values() for columns in table.values())
    filled.undo_stack.undo()
    assert headers() == ["Priority", "Code ref"] and dock.columns.load()[0] == priority
    assert values() == before
    dock.filter.setText("High")
    assert [m.id for m in rows(model)] == [cloud.id]
    dock.filter.clear()
    filled.undo_stack.redo()
    assert headers() == ["Code ref"]
    assert all("Priority" not in columns for table in values() for columns in table.values())
    filled.undo_stack.undo()
    dock.rename_user_column("Priority", "Urgency")
    assert headers() == ["Urgency", "Code ref"]
    assert dict(filled.markups.get(area.id).columns) == {"Urgency": "Low"}
    assert [dict(m.columns) for m in elsewhere.load()] == [{"Urgency": "Low"}]
    filled.undo_stack.undo()
    assert headers() == ["Priority", "Code ref"] and values() == before


def test_clicking_a_row_shows_the_markup(window, filled):
    dock = window.markups.dock
    area = next(m for m in filled.markups if m.kind == MarkupKind.AREA)
    index = dock.model.index_of(area.id)
    dock.view.clicked.emit(index)
    assert window.views.active.sheet_index == 2
    assert filled.selection == {area.id}
    visible = window.canvas.mapToScene(window.canvas.viewport().rect()).boundingRect()
    assert visible.contains(100, 100) and visible.contains(300, 300)


def test_comment_edits_are_undoable(window, filled):
    model = window.markups.dock.model
    comment = FIXED_COLUMNS.index("comment")
    row = next(r for r in range(model.rowCount())
               if model.markup_at(model.index(r, 0)).kind == MarkupKind.AREA)
    assert model.flags(model.index(row, comment)) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(model.index(row, comment), "Slab edge")
    assert any(m.text == "Slab edge" for m in filled.markups)
    window.markups.toolbar.undo_action.trigger()
    assert any(m.text == "Slab" for m in filled.markups)
