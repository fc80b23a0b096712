"""The permit server's schema migrations (Alembic): the revision is the schema version.

`upgrade_to_head` runs when the server starts (and for `planreview server --upgrade-only`): a new
database gets the models' tables stamped at the head revision; an older one is upgraded in one
transaction, after a copy of a SQLite file is taken; a newer one is refused. Databases made
before the migrations carry their schema version in a server_schema row instead of
alembic_version, and are stamped at that revision first. Developers add revisions with
`python -m sync.server.migrations` (docs/server-operations.md).
"""
from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, inspect, text

from sync.server.db import CHANGE_FEED_LOCK, Database, DatabaseError
from sync.server.models import Base

log = logging.getLogger(__name__)

SCRIPTS = Path(__file__).parent
# servers before the migrations kept their schema version here, in one row
LEGACY_VERSION_TABLE = "server_schema"
LEGACY_REVISIONS = {1: "0001", 2: "0002"}
_UPGRADE_LOCK = CHANGE_FEED_LOCK + 1  # PostgreSQL: one server upgrading at a time


@dataclass(frozen=True)
class SchemaUpgrade:
    """What `upgrade_to_head` did: from None (a new database) or a revision, to the head."""

    from_revision: str | None
    to_revision: str
    backup: Path | None = None

    def describe(self) -> str:
        if self.from_revision is None:
            return f"new database created at schema {self.to_revision}"
        if self.from_revision == self.to_revision:
            return f"the database is at schema {self.to_revision}, as this server expects"
        kept = f"; the copy from before is {self.backup}" if self.backup else ""
        return f"database upgraded from schema {self.from_revision} to {self.to_revision}{kept}"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration without an alembic.ini: env.py runs on this connection."""
    config = Config(toml_file=None)
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(db: Database) -> SchemaUpgrade:
    """Brings the database to this server's schema, or refuses it with a message saying why."""
    scripts = ScriptDirectory.from_config(alembic_config())
    head = scripts.get_current_head()
    with migration_connection(db) as connection:
        found, stamped = _stored_revision(connection)
        if found is None:
            Base.metadata.create_all(connection)
            command.stamp(alembic_config(connection), head)
            log.info("created the permit server's tables at schema %s", head)
            return SchemaUpgrade(None, head)
        if found == head:
            return SchemaUpgrade(head, head)
        _check_upgradable(scripts, found, head)
        backup = _copy_sqlite_file(db, found) if db.dialect == "sqlite" else None
        log.info("upgrading the permit server's database from schema %s to %s%s", found, head,
                 f" (a copy from before is {backup})" if backup else "")
        started = time.monotonic()
        config = alembic_config(connection)
        try:
            if not stamped:
                command.stamp(config, found)
            command.upgrade(config, head)
            _check_foreign_keys(connection)
        except Exception as exc:  # noqa: BLE001 - any failure rolls the whole upgrade back
            kept = f"; a copy from before is {backup}" if backup else ""
            raise DatabaseError(
                f"upgrading the database from schema {found} to {head} failed, nothing was"
                f" changed{kept} ({type(exc).__name__}: {exc})") from exc
    log.info("database upgraded to schema %s in %.2f s", head, time.monotonic() - started)
    return SchemaUpgrade(found, head, backup)


@contextmanager
def migration_connection(db: Database) -> Iterator[Connection]:
    """One transaction that no other server's start or upgrade runs beside. SQLite checks
    foreign keys once at the end instead of at every statement, because batch mode rebuilds a
    table by dropping it while other tables still refer to it."""
    try:
        with db.engine.connect() as connection:
            if db.dialect == "sqlite":
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
                connection = connection.execution_options(begin_immediate=True)
            try:
                with connection.begin():
                    if db.dialect == "postgresql":
                        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"),
                                           {"k": _UPGRADE_LOCK})
                    yield connection
            finally:
                if db.dialect == "sqlite":
                    connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001 - any driver failure is one message here
        raise DatabaseError(f"cannot prepare the database ({type(exc).__name__}: {exc})"
                            ) from exc


def _stored_revision(connection: Connection) -> tuple[str | None, bool]:
    """The database's revision (None: a new, empty database) and whether Alembic stamped it."""
    tables = set(inspect(connection).get_table_names())
    if "alembic_version" in tables:
        heads = MigrationContext.configure(connection).get_current_heads()
        if len(heads) != 1:
            raise DatabaseError(f"the database records {len(heads)} schema revisions"
                                f" ({', '.join(heads) or 'none'}); expected one")
        return heads[0], True
    if LEGACY_VERSION_TABLE in tables:
        version = connection.execute(text(f"SELECT version FROM {LEGACY_VERSION_TABLE}")
                                     ).scalar_one_or_none()
        if version not in LEGACY_REVISIONS:
            raise DatabaseError(
                f"the database says it has schema {version}, which no version of the permit"
                " server made; give the server a new --data folder or database")
        return LEGACY_REVISIONS[version], False
    if tables & set(Base.metadata.tables):
        raise DatabaseError(
            "the database has permit server tables from before schema versions were kept;"
            " give the server a new --data folder or database")
    return None, False


def _check_upgradable(scripts: ScriptDirectory, found: str, head: str) -> None:
    try:
        known = scripts.get_revision(found) is not None
    except CommandError:
        known = False
    if not known:
        raise DatabaseError(
            f"the database has schema {found}, newer than this permit server's schema {head}:"
            " run the newer server it was upgraded by, or restore the copy taken before that"
            " upgrade")


def _copy_sqlite_file(db: Database, revision: str) -> Path:
    """A consistent copy beside the database (SQLite's online backup, WAL included), replacing
    the copy of an earlier attempt at the same revision."""
    path = Path(db.engine.url.database)
    backup = path.with_name(f"{path.name}.before-{revision}.bak")
    partial = backup.with_name(backup.name + ".partial")
    with closing(sqlite3.connect(path)) as source, closing(sqlite3.connect(partial)) as copy:
        source.backup(copy)
    partial.replace(backup)
    return backup


def _check_foreign_keys(connection: Connection) -> None:
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL checked every statement
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        tables = sorted({row[0] for row in broken})
        raise DatabaseError(f"{len(broken)} rows of {', '.join(tables)} refer to rows that"
                            " are gone")
