"""User-defined columns of the markups list: text, choice, date or checkbox.

The definitions live in the local store beside the markups (the values live on each markup,
`Markup.columns`), so every drawing reviewed on this computer offers the same columns. A
column renamed or removed takes its values along (review.markup_store); both are undone on the
open drawing's undo stack (desktop.markups.commands.ColumnCommand).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum

from review.errors import PlanReviewError
from review.store import LocalStore, Schema

SCHEMA = Schema("markup_columns", [
    """
    CREATE TABLE markup_columns (
        name TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        choices TEXT NOT NULL,
        position INTEGER NOT NULL
    );
    """,
])
CHECKED = "yes"   # a checkbox column's value when ticked ("" when not), as the CSV shows it


class ColumnType(StrEnum):
    TEXT = "text"
    CHOICE = "choice"
    DATE = "date"          # ISO yyyy-mm-dd
    CHECKBOX = "checkbox"


class ColumnError(PlanReviewError):
    """A column definition is not valid."""


@dataclass(frozen=True)
class ColumnDefinition:
    name: str
    type: ColumnType
    choices: tuple[str, ...] = ()


class ColumnStore:
    def __init__(self, store: LocalStore):
        store.ensure_schema(SCHEMA)
        self.store = store

    def load(self) -> list[ColumnDefinition]:
        rows = self.store.query("SELECT name, type, choices FROM markup_columns ORDER BY position")
        return [ColumnDefinition(row[0], ColumnType(row[1]), tuple(json.loads(row[2])))
                for row in rows]

    def add(self, column: ColumnDefinition) -> None:
        name = self.new_name(column.name)
        if column.type == ColumnType.CHOICE and not column.choices:
            raise ColumnError("a choice column needs at least one choice")
        with self.store.transaction() as conn:
            position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM markup_columns"
                                    ).fetchone()[0]
        self.put(ColumnDefinition(name, column.type, column.choices), position)

    def position(self, name: str) -> int | None:
        rows = self.store.query("SELECT position FROM markup_columns WHERE name = ?", (name,))
        return rows[0][0] if rows else None

    def put(self, column: ColumnDefinition, position: int) -> None:
        """Sets a column at a place in the order, replacing one of the same name: how a
        rename or a removal is undone, whatever was added in between."""
        with self.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO markup_columns VALUES (?, ?, ?, ?)",
                         (column.name, str(column.type), json.dumps(list(column.choices)),
                          position))

    def remove(self, name: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM markup_columns WHERE name = ?", (name,))

    def new_name(self, name: str) -> str:
        """A name for a new or renamed column, trimmed; an error if empty or taken."""
        name = name.strip()
        if not name:
            raise ColumnError("a column needs a name")
        if any(existing.name == name for existing in self.load()):
            raise ColumnError(f"there is already a column named {name!r}")
        return name
