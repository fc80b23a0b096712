"""Alembic runs this for every command: the migrations run on the connection, in the transaction,
that sync.server.migrations hands over (the server's own engine, so its SQLite pragmas and the
PostgreSQL search_path apply)."""
from __future__ import annotations

from alembic import context

from sync.server.models import Base


def _number_the_revision(_migration_context, _revision, directives) -> None:
    """A new revision is numbered after the head: the revision is the schema version."""
    head = context.script.get_current_head()
    directives[0].rev_id = f"{int(head) + 1:04d}"


# transactional_ddl: SQLite's DDL is transactional too, with the BEGIN the server's engine sends
context.configure(connection=context.config.attributes["connection"],
                  target_metadata=Base.metadata, render_as_batch=True, transactional_ddl=True,
                  process_revision_directives=_number_the_revision)
with context.begin_transaction():
    context.run_migrations()
