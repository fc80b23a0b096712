import sqlite3

import pytest

from review.store import LocalStore, Schema, StoreError

NOTES = Schema("notes", [
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL);",
    "ALTER TABLE notes ADD COLUMN author TEXT NOT NULL DEFAULT '';",
])


def test_migrations_apply_once_and_upgrade(tmp_path):
    path = tmp_path / "store.sqlite"
    LocalStore(path, [Schema("notes", NOTES.migrations[:1])]).close()
    store = LocalStore(path, [NOTES])
    with store.transaction() as conn:
        conn.execute("INSERT INTO notes (text, author) VALUES ('x', 'a')")
    assert store.query("SELECT version FROM schema_versions")[0][0] == 2
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"


def test_failed_transaction_rolls_back(tmp_path):
    store = LocalStore(tmp_path / "s.sqlite", [NOTES])
    with pytest.raises(RuntimeError):
        with store.transaction() as conn:
            conn.execute("INSERT INTO notes (text) VALUES ('lost')")
            raise RuntimeError
    assert store.query("SELECT count(*) FROM notes")[0][0] == 0


def test_newer_file_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    LocalStore(path, [NOTES]).close()
    with pytest.raises(StoreError, match="newer"):
        LocalStore(path, [Schema("notes", NOTES.migrations[:1])])


def test_damaged_file_is_a_clear_error(tmp_path):
    path = tmp_path / "s.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot be opened"):
        LocalStore(path)
