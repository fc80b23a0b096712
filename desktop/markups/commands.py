"""Undo for markups: one QUndoCommand per domain Change.

The model's primitives apply an edit at once and return the Change; the command is pushed
afterwards, so its first redo (QUndoStack.push calls it) has nothing left to do. Undo applies
the inverse; redo applies the change again. Edits made of several primitives are grouped
with QUndoStack.beginMacro/endMacro by MarkupSession.macro.
"""
from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from review.markups import Change, MarkupSet


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
