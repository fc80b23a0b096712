"""Schema 2: an application keeps the area markup a fee assessor took its gross area from.

None while the gross area is the consultant's own figure (sync.server.schemas.GrossAreaSourceOut).
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.add_column(sa.Column("gross_area_source", sa.JSON(), nullable=True))
    op.execute("UPDATE server_schema SET version = 2")


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("gross_area_source")
    op.execute("UPDATE server_schema SET version = 1")
