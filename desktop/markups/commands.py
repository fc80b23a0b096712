"""Undo for markups: one QUndoCommand per domain Change, one per change of a sheet's scales or
of its corrected number and title, and one per user-defined column renamed or removed.

The model's primitives apply an edit at once and return the Change; the command is pushed
afterwards, so its first redo (QUndoStack.push calls it) has nothing left to do. Undo applies
the inverse; redo applies the change again. Edits made of several primitives are grouped
with QUndoStack.beginMacro/endMacro by MarkupSession.macro: a new scale and the
remeasured markups are one step.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from desktop.markups.columns import ColumnDefinition, ColumnStore
from review.markup_store import rename_column_values, restore_column_values
from review.markups import Change, MarkupSet
from review.measure import SheetScales
from review.sheet_identity import SheetIdentity
from review.store import LocalStore


class ChangeCommand(QUndoCommand):
    def __init__(self, markups: MarkupSet, change: Change, text: str):
        super().__init__(text)
        self.markups = markups
        self.change = change
        self._applied = True   # the primitive already applied it

    def redo(self) -> None:
        if not self._applied:
            self.markups.apply(self.change)
        self._applied = True

    def undo(self) -> None:
        self.markups.apply(self.change.inverse())
        self._applied = False


class ScalesCommand(QUndoCommand):
    """A sheet's scales (calibration, viewports) set by `apply`, which stores them."""

    def __init__(self, apply: Callable[[int, SheetScales], None], sheet: int,
                 before: SheetScales, after: SheetScales, text: str):
        super().__init__(text)
        self.apply, self.sheet, self.before, self.after = apply, sheet, before, after
        self._applied = True   # the session already applied it

    def redo(self) -> None:
        if not self._applied:
            self.apply(self.sheet, self.after)
        self._applied = True

    def undo(self) -> None:
        self.apply(self.sheet, self.before)
        self._applied = False


class SheetIdentityCommand(QUndoCommand):
    """A sheet's number and title corrected by the reviewer (None: back to what was read),
    set by `apply`, which stores and shows it."""

    def __init__(self, apply: Callable[[int, SheetIdentity | None], None], sheet: int,
                 before: SheetIdentity | None, after: SheetIdentity | None, text: str):
        super().__init__(text)
        self.apply, self.sheet, self.before, self.after = apply, sheet, before, after

    def redo(self) -> None:
        self.apply(self.sheet, self.after)

    def undo(self) -> None:
        self.apply(self.sheet, self.before)


class ColumnCommand(QUndoCommand):
    """A user-defined column renamed (`after` its new definition) or removed (`after` None):
    its definition, shared by every drawing, and its values in the stored markups of every
    drawing. It goes in one macro after the ChangeCommand that moves the values in the open
    drawing, which is undone after it and so has the last word on the open drawing's markups.
    The first redo (on push) applies it; `shown` shows the columns as they now are."""

    def __init__(self, columns: ColumnStore, store: LocalStore, before: ColumnDefinition,
                 after: ColumnDefinition | None, shown: Callable[[], None], text: str):
        super().__init__(text)
        self.columns, self.store, self.shown = columns, store, shown
        self.before, self.after = before, after
        self.position = columns.position(before.name)
        self.dropped: dict[str, str] = {}   # a removed column's values, by markup id

    def redo(self) -> None:
        self.columns.remove(self.before.name)
        if self.after is None:
            self.dropped = rename_column_values(self.store, self.before.name, None)
        else:
            self.columns.put(self.after, self.position)
            rename_column_values(self.store, self.before.name, self.after.name)
        self.shown()

    def undo(self) -> None:
        if self.after is None:
            restore_column_values(self.store, self.before.name, self.dropped)
        else:
            self.columns.remove(self.after.name)
            rename_column_values(self.store, self.after.name, self.before.name)
        self.columns.put(self.before, self.position)
        self.shown()
