"""Schema migrations: an older database is upgraded keeping every row, a newer one is refused,
a failed SQLite upgrade loses nothing, and the head revision is what the models say."""
from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
import requests
from sqlalchemy import MetaData, inspect, select, text

from desktop.cli import main
from sync.server.app import build_context
from sync.server.db import Database, DatabaseError
from sync.server.migrations import alembic_config, migration_connection
from sync.server.models import Base
from sync.server.seed import seed_demo, seed_users
from sync.server.settings import ServerSettings
from tests.sync.server.support import (User, create_application, ok, running_server,
                                       server_settings)

HEAD = ScriptDirectory.from_config(alembic_config()).get_current_head()


def make_schema_1_database(settings: ServerSettings, *, demo: bool) -> dict[str, list[tuple]]:
    """A database as the server of schema 1 left it (no alembic_version, server_schema 1),
    with the demo's applications, documents, comments, fees, payments, permit and history
    (demo) or only its offices and users; returns its rows."""
    ctx = build_context(settings)
    seed_demo(ctx) if demo else seed_users(ctx)
    with migration_connection(ctx.db) as connection:
        command.downgrade(alembic_config(connection), "0001")
        connection.execute(text("DROP TABLE alembic_version"))
    rows = table_rows(ctx.db)
    ctx.db.dispose()
    return rows


def table_rows(db: Database, columns: dict[str, list[str]] | None = None
               ) -> dict[str, list[tuple]]:
    """Every row of every table (of those columns only, when given), in a stable order."""
    with db.engine.connect() as connection:
        metadata = MetaData()
        metadata.reflect(connection)
        found = {}
        for table in metadata.sorted_tables:
            if table.name == "alembic_version" or (columns and table.name not in columns):
                continue
            names = columns[table.name] if columns else list(table.columns.keys())
            found[table.name] = sorted(
                (tuple(zip(names, row)) for row in connection.execute(
                    select(*(table.c[name] for name in names)))), key=repr)
    return found


def table_structure(db: Database) -> dict[str, dict]:
    """Columns, keys, indexes and unique constraints of every table, as the database has them."""
    tables = inspect(db.engine)
    return {table: {
        "columns": [(c["name"], str(c["type"]), c["nullable"]) for c in tables.get_columns(table)],
        "primary key": tables.get_pk_constraint(table)["constrained_columns"],
        "foreign keys": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                                tuple(f["referred_columns"]))
                               for f in tables.get_foreign_keys(table)),
        "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                          for i in tables.get_indexes(table)),
        "unique": sorted(tuple(u["column_names"]) for u in tables.get_unique_constraints(table)),
    } for table in tables.get_table_names() if table != "alembic_version"}


def column_names(rows: dict[str, list[tuple]]) -> dict[str, list[str]]:
    return {table: [name for name, _ in items[0]] for table, items in rows.items() if items}


def stored_revision(db: Database) -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_the_migrations_are_one_numbered_chain():
    scripts = ScriptDirectory.from_config(alembic_config())
    assert scripts.get_heads() == [HEAD]
    chain = [script.revision for script in scripts.walk_revisions("base", "heads")]
    assert chain == [f"{n:04d}" for n in range(len(chain), 0, -1)]


def test_the_head_revision_is_what_the_models_say(settings):
    db = Database(settings)
    try:
        with migration_connection(db) as connection:
            command.upgrade(alembic_config(connection), "head")
            differences = compare_metadata(MigrationContext.configure(connection),
                                           Base.metadata)
    finally:
        db.dispose()
    assert differences == []


def test_a_new_database_is_made_at_the_head(settings):
    ctx = build_context(settings)
    assert stored_revision(ctx.db) == HEAD
    ctx.db.dispose()


def test_downgrading_gives_the_tables_revision_1_makes(request, settings, tmp_path):
    """The schema-1 databases of these tests are made by downgrading: they must be the real
    thing (revision 1 itself was checked against the tables the schema-1 release made)."""
    make_schema_1_database(settings, demo=False)
    with server_settings(request.node.callspec.params["settings"], tmp_path / "made") as made:
        db = Database(made)
        try:
            with migration_connection(db) as connection:
                command.upgrade(alembic_config(connection), "0001")
            expected = table_structure(db)
        finally:
            db.dispose()
    downgraded = Database(settings)
    try:
        assert table_structure(downgraded) == expected
    finally:
        downgraded.dispose()


def test_a_schema_1_database_keeps_every_row_and_is_served_after_the_upgrade(settings):
    before = make_schema_1_database(settings, demo=True)
    assert {"applications", "documents", "comments", "fee_items", "payments", "permits",
            "history"} <= {table for table, rows in before.items() if rows}
    assert before["server_schema"] == [(("id", 1), ("version", 1))]

    with running_server(settings) as server:
        assert stored_revision(server.ctx.db) == HEAD
        tables = set(inspect(server.ctx.db.engine).get_table_names())
        assert "server_schema" not in tables
        kept = {table: columns for table, columns in column_names(before).items()
                if table != "server_schema"}
        assert table_rows(server.ctx.db, kept) == {
            table: rows for table, rows in before.items() if table in kept}

        supervisor, consultant = User(server.url, "supervisor1"), User(server.url, "consultant1")
        served = {"history": 0, "documents": 0, "comments": 0, "fee_items": 0}
        for app in ok(consultant.get("/v1/applications"))["items"]:
            # staff see all of a submitted application, a draft only its office
            reader = consultant if app["state"] == "DRAFT" else supervisor
            path = f"/v1/applications/{app['id']}"
            for part, table in (("history", "history"), ("documents", "documents"),
                                ("comments", "comments"), ("fees", "fee_items")):
                served[table] += len(ok(reader.get(f"{path}/{part}"))["items"])
            assert ok(reader.get(path))["gross_area_source"] is None
        assert served == {table: len(before[table]) for table in served}

        issued = next(a for a in ok(consultant.get("/v1/applications"))["items"]
                      if a["state"] == "ISSUED")
        permit = ok(consultant.get(f"/v1/applications/{issued['id']}/permit"))
        approved_set = consultant.get(f"/v1/permits/{permit['permit_no']}/approved-set")
        assert approved_set.status_code == 200
        assert hashlib.sha256(approved_set.content).hexdigest() == permit["approved_set_sha256"]
        # and the upgraded tables take new rows
        assert create_application(consultant)["state"] == "DRAFT"


def test_a_database_newer_than_the_server_is_refused(settings):
    build_context(settings).db.dispose()
    db = Database(settings)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0042'"))
    db.dispose()
    with pytest.raises(DatabaseError, match=f"schema 0042, newer than this permit server's"
                                            f" schema {HEAD}"):
        build_context(settings)


def test_an_unknown_schema_version_is_refused(settings):
    make_schema_1_database(settings, demo=False)
    db = Database(settings)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE server_schema SET version = 7"))
    db.dispose()
    with pytest.raises(DatabaseError, match="schema 7, which no version of the permit server"
                                            " made"):
        build_context(settings)


def test_tables_without_a_schema_version_are_refused(settings):
    db = Database(settings)
    with db.engine.begin() as connection:
        Base.metadata.create_all(connection)
    db.dispose()
    with pytest.raises(DatabaseError, match="has permit server tables from before schema"
                                            " versions were kept"):
        build_context(settings)


def sqlite_rows(path: Path, table: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as connection:
        return sorted(connection.execute(f"SELECT * FROM {table}"), key=repr)


def test_a_failed_sqlite_upgrade_leaves_the_original_and_its_copy(tmp_path):
    settings = ServerSettings(data_dir=tmp_path / "server-data", argon2_time_cost=1,
                              argon2_memory_kib=8192)
    make_schema_1_database(settings, demo=False)
    database = settings.data_dir / "permits.sqlite"
    # someone added schema 2's column by hand: adding it again fails half way through
    with closing(sqlite3.connect(database)) as connection:
        connection.execute("ALTER TABLE applications ADD COLUMN gross_area_source TEXT")
        connection.commit()
    users = sqlite_rows(database, "users")

    with pytest.raises(DatabaseError) as refused:
        build_context(settings)
    backup = settings.data_dir / "permits.sqlite.before-0001.bak"
    assert str(refused.value).startswith(
        f"upgrading the database from schema 0001 to {HEAD} failed, nothing was changed;"
        f" a copy from before is {backup} (")
    assert "duplicate column name: gross_area_source" in str(refused.value)
    for kept in (database, backup):
        assert sqlite_rows(kept, "server_schema") == [(1, 1)]
        assert sqlite_rows(kept, "users") == users
        with closing(sqlite3.connect(kept)) as connection:
            tables = {name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "alembic_version" not in tables


def test_upgrade_only_upgrades_and_says_so(tmp_path, capsys):
    settings = ServerSettings(data_dir=tmp_path / "server-data", argon2_time_cost=1,
                              argon2_memory_kib=8192)
    before = make_schema_1_database(settings, demo=False)
    folder = str(settings.data_dir)
    assert main(["server", "--upgrade-only", "--data", folder]) == 0
    backup = settings.data_dir / "permits.sqlite.before-0001.bak"
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"database upgraded from schema 0001 to {HEAD}; the copy from before is {backup}")
    assert sqlite_rows(backup, "users") == [tuple(value for _, value in row)
                                            for row in before["users"]]
    assert main(["server", "--upgrade-only", "--data", folder]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"the database is at schema {HEAD}, as this server expects")

    db = Database(settings)
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0042'"))
    db.dispose()
    assert main(["server", "--upgrade-only", "--data", folder]) == 2
    assert capsys.readouterr().err.strip() == (
        f"error: the database has schema 0042, newer than this permit server's schema {HEAD}:"
        " run the newer server it was upgraded by, or restore the copy taken before that"
        " upgrade")


def test_the_server_command_upgrades_at_start_and_says_so(tmp_path):
    settings = ServerSettings(data_dir=tmp_path / "server-data", argon2_time_cost=1,
                              argon2_memory_kib=8192)
    make_schema_1_database(settings, demo=False)
    server = subprocess.Popen(
        [sys.executable, "-m", "desktop.cli", "server", "--port", "0",
         "--data", str(settings.data_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
    try:
        listening = server.stdout.readline()
        assert listening.startswith("Plan Review permit server on http://127.0.0.1:"), listening
        url = listening.split()[5]
        assert requests.get(f"{url}/health", timeout=30).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    shown = server.stderr.read().splitlines()
    backup = settings.data_dir / "permits.sqlite.before-0001.bak"
    assert shown[0] == (f"upgrading the permit server's database from schema 0001 to {HEAD}"
                        f" (a copy from before is {backup})")
    assert shown[1].startswith(f"database upgraded to schema {HEAD} in ")
