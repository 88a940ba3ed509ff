"""The reminder ledger, and CHECK constraints on a commitment's status and confidence.

Adding the constraints rebuilds the commitment table in batch mode on SQLite; the
migration runner turns foreign keys off around it so the rebuild does not cascade-delete
the history and excerpts that point at commitments.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATUSES = "('not_started', 'in_progress', 'stalled', 'done', 'partly_done', 'dropped')"
_CONFIDENCES = "('green', 'amber', 'red')"


def upgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_check_constraint(op.f("ck_commitment_status"), f"status IN {_STATUSES}")
        batch_op.create_check_constraint(op.f("ck_commitment_base_status"), f"base_status IN {_STATUSES}")
        batch_op.create_check_constraint(
            op.f("ck_commitment_confidence"), f"confidence IS NULL OR confidence IN {_CONFIDENCES}"
        )
        batch_op.create_check_constraint(
            op.f("ck_commitment_base_confidence"), f"base_confidence IS NULL OR base_confidence IN {_CONFIDENCES}"
        )

    op.create_table('reminderlog',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('for_date', sa.Date(), nullable=False),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('message_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('claimed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.CheckConstraint("state IN ('claimed', 'sent', 'failed')", name=op.f('ck_reminderlog_state')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_reminderlog_commitment_id_commitment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminderlog')),
    sa.UniqueConstraint('commitment_id', 'rule', 'deadline', name='uq_reminder_once')
    )
    with op.batch_alter_table('reminderlog', schema=None) as batch_op:
        batch_op.create_index('ix_reminderlog_state', ['state'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reminderlog', schema=None) as batch_op:
        batch_op.drop_index('ix_reminderlog_state')

    op.drop_table('reminderlog')
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_commitment_base_confidence"), type_="check")
        batch_op.drop_constraint(op.f("ck_commitment_confidence"), type_="check")
        batch_op.drop_constraint(op.f("ck_commitment_base_status"), type_="check")
        batch_op.drop_constraint(op.f("ck_commitment_status"), type_="check")
