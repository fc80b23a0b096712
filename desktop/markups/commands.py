"""Undo for markups: one QUndoCommand per domain Change, and one per change of a sheet's scales.

The model's primitives apply an edit at once and return the Change; the command is pushed
afterwards, so its first redo (QUndoStack.push calls it) has nothing left to do. Undo applies
the inverse; redo applies the change again. Edits made of several primitives are grouped
with QUndoStack.beginMacro/endMacro by MarkupSession.macro: a new scale and the
remeasured markups are one step.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from review.markups import Change, MarkupSet
from review.measure import SheetScales


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
