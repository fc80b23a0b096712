"""Schema 0005: jobs (approved sets built after the request), conditions' history and deletion.

Chained after 0003 here; the integrator puts it after 0004.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_CONDITION_COLUMNS = ("created_at", "updated_at", "updated_by", "deleted_at")


def upgrade() -> None:
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("application_id", sa.String(36), nullable=False),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("requested_by", sa.String(36), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("error", sa.JSON(), nullable=True),
        sa.Column("result", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_jobs_application_id", "jobs", ["application_id"])
    op.create_index("ix_jobs_state", "jobs", ["state"])
    op.create_table(
        "condition_revisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("condition_id", sa.String(36), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("discipline", sa.String(40), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("text_ar", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.String(36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["condition_id"], ["conditions.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_condition_revisions_condition_id", "condition_revisions",
                    ["condition_id"])
    with op.batch_alter_table("conditions") as batch_op:
        for name in ("created_at", "updated_at", "deleted_at"):
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("updated_by", sa.String(36), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conditions") as batch_op:
        for name in _CONDITION_COLUMNS:
            batch_op.drop_column(name)
    op.drop_index("ix_condition_revisions_condition_id", "condition_revisions")
    op.drop_table("condition_revisions")
    op.drop_index("ix_jobs_state", "jobs")
    op.drop_index("ix_jobs_application_id", "jobs")
    op.drop_table("jobs")
