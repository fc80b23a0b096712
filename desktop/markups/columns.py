"""User-defined columns of the markups list: text, choice, date or checkbox.

The definitions live in the local store beside the markups (the values live on each markup,
`Markup.columns`), so every drawing reviewed on this computer offers the same columns. A
column renamed or removed here takes its values along (review.markup_store).
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
        name = self._new_name(column.name)
        if column.type == ColumnType.CHOICE and not column.choices:
            raise ColumnError("a choice column needs at least one choice")
        with self.store.transaction() as conn:
            position = conn.execute("SELECT COALESCE(MAX(position), 0) + 1 FROM markup_columns"
                                    ).fetchone()[0]
            conn.execute("INSERT INTO markup_columns VALUES (?, ?, ?, ?)",
                         (name, str(column.type), json.dumps(list(column.choices)), position))

    def rename(self, name: str, new_name: str) -> str:
        """Renames a column in place; returns the new name as kept (trimmed)."""
        new_name = self._new_name(new_name)
        with self.store.transaction() as conn:
            conn.execute("UPDATE markup_columns SET name = ? WHERE name = ?", (new_name, name))
        return new_name

    def remove(self, name: str) -> None:
        with self.store.transaction() as conn:
            conn.execute("DELETE FROM markup_columns WHERE name = ?", (name,))

    def _new_name(self, name: str) -> str:
        name = name.strip()
        if not name:
            raise ColumnError("a column needs a name")
        if any(existing.name == name for existing in self.load()):
            raise ColumnError(f"there is already a column named {name!r}")
        return name
