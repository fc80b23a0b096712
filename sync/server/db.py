"""The database behind the permit server: SQLite in WAL mode by default, PostgreSQL by URL.

SQLite serialises writers; a write transaction starts with BEGIN IMMEDIATE so two writers queue
on the busy timeout instead of failing when one upgrades its read lock. On PostgreSQL rows are
locked with SELECT ... FOR UPDATE where a decision depends on them, and change-feed rows are
written under a transaction-scoped advisory lock, so their seq order is their commit order.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from review.errors import PlanReviewError
from sync.server.settings import ServerSettings

CHANGE_FEED_LOCK = 0x504C414E  # advisory lock id for writing change rows ("PLAN")
_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class DatabaseError(PlanReviewError):
    """The server's database cannot be opened or prepared."""


class Database:
    def __init__(self, settings: ServerSettings):
        url_text = settings.resolved_database_url()
        try:
            url = make_url(url_text)
        except ArgumentError as exc:
            raise DatabaseError(f"not a database URL: {url_text!r}") from exc
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
        self.dialect = url.get_backend_name()
        if self.dialect not in ("sqlite", "postgresql"):
            raise DatabaseError(f"unsupported database {self.dialect!r}: use a sqlite:/// or"
                                " postgresql:// URL")
        self.engine = self._create_engine(url, settings)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.writer_sessions = sessionmaker(
            self.engine.execution_options(begin_immediate=True), expire_on_commit=False)

    def _create_engine(self, url, settings: ServerSettings) -> Engine:
        if self.dialect == "sqlite":
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                                   pool_size=8, max_overflow=16)

            @event.listens_for(engine, "connect")
            def _on_connect(dbapi_conn, _record):
                dbapi_conn.isolation_level = None  # we say BEGIN ourselves
                dbapi_conn.execute("PRAGMA journal_mode=WAL")
                dbapi_conn.execute("PRAGMA synchronous=NORMAL")
                dbapi_conn.execute("PRAGMA foreign_keys=ON")

            @event.listens_for(engine, "begin")
            def _on_begin(conn):
                immediate = conn.get_execution_options().get("begin_immediate")
                conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

            return engine
        schema = settings.database_schema
        if schema is not None and not _SCHEMA_NAME.match(schema):
            raise DatabaseError(f"not a usable schema name: {schema!r}")
        connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
        engine = create_engine(url, connect_args=connect_args, pool_size=8, max_overflow=24,
                               pool_pre_ping=True)
        if schema:
            with engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        return engine

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session for a write transaction: committed on success, rolled back on error."""
        with self.writer_sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session, session.begin():
            yield session

    def lock_change_feed(self, session: Session) -> None:
        """Holds the change-feed lock to the end of the transaction (SQLite: already serial)."""
        if self.dialect == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": CHANGE_FEED_LOCK})

    def dispose(self) -> None:
        self.engine.dispose()
