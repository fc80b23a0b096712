"""Markups persisted in the local store, every change in its own transaction as it happens.

Rows are keyed by the document's sha256 and the markup id; the body is the markups JSON form
of one markup (review.exchange.markups_json), so the store and the exchange format share one
codec and one schema_version. `MarkupStore.attach(markup_set)` subscribes to a MarkupSet and
writes each Change before the edit returns, so a killed process loses nothing it showed.
Sheet scales (calibrations and viewports) and the sheet numbers and titles the reviewer
corrected are kept beside the markups. A user-defined column
renamed or removed takes its values along in every document (`rename_column_values`), and
gets them back when the removal is undone (`restore_column_values`).

To write an outbox entry in the same transaction as the edit (sync), wrap the edit in
`with store.transaction():` — transactions are re-entrant per thread.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, replace
from pathlib import Path

from review.exchange.markups_json import markup_from_dict, markup_to_dict
from review.hashing import file_sha256
from review.markups import Change, Markup, MarkupSet, columns_from
from review.measure import Scale, SheetScales, Viewport
from review.sheet_identity import SheetIdentity
from review.store import LocalStore, Schema

SCHEMA = Schema("markups", [
    """
    CREATE TABLE markups (
        id TEXT PRIMARY KEY,
        document TEXT NOT NULL,
        sheet INTEGER NOT NULL,
        body TEXT NOT NULL
    );
    CREATE INDEX markups_by_sheet ON markups (document, sheet);
    CREATE TABLE sheet_scales (
        document TEXT NOT NULL,
        sheet INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (document, sheet)
    );
    """,
    # the sheet numbers and titles the reviewer corrected
    """
    CREATE TABLE sheet_identities (
        document TEXT NOT NULL,
        sheet INTEGER NOT NULL,
        number TEXT NOT NULL,
        title TEXT NOT NULL,
        PRIMARY KEY (document, sheet)
    );
    """,
])


def document_key(path: Path) -> str:
    """The sha256 of a drawing file: the same drawing finds its markups under any name."""
    return file_sha256(path)


class MarkupStore:
    """The markups of one document in a LocalStore."""

    def __init__(self, store: LocalStore, document_sha256: str):
        store.ensure_schema(SCHEMA)
        self.store = store
        self.document = document_sha256

    def load(self, sheet: int | None = None) -> list[Markup]:
        if sheet is None:
            rows = self.store.query("SELECT body FROM markups WHERE document = ?",
                                    (self.document,))
        else:
            rows = self.store.query("SELECT body FROM markups WHERE document = ? AND sheet = ?",
                                    (self.document, sheet))
        return [markup_from_dict(json.loads(row[0]), where="stored markup") for row in rows]

    def open_set(self) -> tuple[MarkupSet, Callable[[], None]]:
        """A MarkupSet of the stored markups that persists its changes; and the detach call."""
        markup_set = MarkupSet(self.load())
        return markup_set, self.attach(markup_set)

    def attach(self, markup_set: MarkupSet) -> Callable[[], None]:
        return markup_set.subscribe(self.persist)

    def persist(self, change: Change) -> None:
        with self.store.transaction() as conn:
            conn.executemany("DELETE FROM markups WHERE id = ?",
                             [(str(m.id),) for m in change.removed])
            conn.executemany(
                "INSERT OR REPLACE INTO markups (id, document, sheet, body) VALUES (?, ?, ?, ?)",
                [(str(m.id), self.document, m.sheet,
                  json.dumps(markup_to_dict(m), ensure_ascii=False))
                 for m in (*change.added, *(new for _old, new in change.updated))
                 if not m.read_only])

    def save_scales(self, sheet: int, scales: SheetScales) -> None:
        with self.store.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO sheet_scales VALUES (?, ?, ?)",
                         (self.document, sheet, json.dumps(asdict(scales))))

    def load_scales(self, sheet: int) -> SheetScales | None:
        rows = self.store.query("SELECT body FROM sheet_scales WHERE document = ? AND sheet = ?",
                                (self.document, sheet))
        if not rows:
            return None
        data = json.loads(rows[0][0])
        default = Scale(**data["default"]) if data["default"] else None
        return SheetScales(default, tuple(
            Viewport(v["name"], tuple(v["bbox"]), Scale(**v["scale"]))
            for v in data["viewports"]))

    def save_sheet_identity(self, sheet: int, identity: SheetIdentity | None) -> None:
        """The reviewer's number and title for a sheet; None goes back to what was read."""
        with self.store.transaction() as conn:
            if identity is None:
                conn.execute("DELETE FROM sheet_identities WHERE document = ? AND sheet = ?",
                             (self.document, sheet))
            else:
                conn.execute("INSERT OR REPLACE INTO sheet_identities VALUES (?, ?, ?, ?)",
                             (self.document, sheet, identity.number, identity.title))

    def load_sheet_identities(self) -> dict[int, SheetIdentity]:
        rows = self.store.query("SELECT sheet, number, title FROM sheet_identities"
                                " WHERE document = ?", (self.document,))
        return {row[0]: SheetIdentity(row[1], row[2]) for row in rows}


def column_renamed(markup: Markup, name: str, new_name: str | None) -> Markup:
    """The markup with its value of column `name` moved to `new_name`, or dropped (None)."""
    values = dict(markup.columns)
    if name not in values:
        return markup
    value = values.pop(name)
    if new_name is not None:
        values[new_name] = value
    return replace(markup, columns=columns_from(values))


def rename_column_values(store: LocalStore, name: str, new_name: str | None) -> dict[str, str]:
    """Renames (or drops, with None) a user-defined column's values in the stored markups of
    every document, so no value outlives its column; returns the values it moved or dropped,
    by markup id (what `restore_column_values` puts back)."""
    store.ensure_schema(SCHEMA)
    with store.transaction() as conn:
        rows = conn.execute("SELECT id, body FROM markups WHERE body LIKE '%\"columns\"%'"
                            ).fetchall()
        changed, moved = [], {}
        for markup_id, body in rows:
            markup = markup_from_dict(json.loads(body), where="stored markup")
            edited = column_renamed(markup, name, new_name)
            if edited != markup:
                moved[markup_id] = markup.column(name)
                changed.append((json.dumps(markup_to_dict(edited), ensure_ascii=False),
                                markup_id))
        conn.executemany("UPDATE markups SET body = ? WHERE id = ?", changed)
    return moved


def restore_column_values(store: LocalStore, name: str, values: Mapping[str, str]) -> None:
    """Puts the values of column `name` back on the stored markups, by markup id: the undo of
    dropping them. A markup deleted since is passed over."""
    store.ensure_schema(SCHEMA)
    with store.transaction() as conn:
        changed = []
        for markup_id, value in values.items():
            row = conn.execute("SELECT body FROM markups WHERE id = ?", (markup_id,)).fetchone()
            if row is None:
                continue
            markup = markup_from_dict(json.loads(row[0]), where="stored markup")
            restored = replace(markup, columns=columns_from({**dict(markup.columns),
                                                             name: value}))
            changed.append((json.dumps(markup_to_dict(restored), ensure_ascii=False),
                            markup_id))
        conn.executemany("UPDATE markups SET body = ? WHERE id = ?", changed)
