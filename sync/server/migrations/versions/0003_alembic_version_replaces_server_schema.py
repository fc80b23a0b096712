"""Schema 3: the Alembic revision in alembic_version is the schema version; server_schema goes.

A database of schema 1 or 2 is recognised by its server_schema row and stamped at that revision
before it is upgraded (sync.server.migrations).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("server_schema")


def downgrade() -> None:
    op.create_table(
        "server_schema",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO server_schema (id, version) VALUES (1, 2)")
