"""Schema 4: the money rules and the assessor step.

- fee_items.waiver_requested_by: the supervisor who asked for a waiver that needs a second
  supervisor to confirm it (above ServerSettings.waiver_second_approval_baisa); None otherwise.
- payments.refunded_baisa: how much of a payment went back to the office account (a withdrawn
  application's permit fees are refunded, its application fee forfeited: a partial refund).
- history.checklist: the intake check's checklist results sent with accept or return.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fee_items") as batch_op:
        batch_op.add_column(sa.Column("waiver_requested_by", sa.String(36), nullable=True))
    with op.batch_alter_table("payments") as batch_op:
        batch_op.add_column(sa.Column("refunded_baisa", sa.BigInteger(), nullable=False,
                                      server_default="0"))
    op.execute("UPDATE payments SET refunded_baisa = amount_baisa WHERE status = 'REFUNDED'")
    with op.batch_alter_table("history") as batch_op:
        batch_op.add_column(sa.Column("checklist", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("history") as batch_op:
        batch_op.drop_column("checklist")
    with op.batch_alter_table("payments") as batch_op:
        batch_op.drop_column("refunded_baisa")
    with op.batch_alter_table("fee_items") as batch_op:
        batch_op.drop_column("waiver_requested_by")
