"""Initial schema: briefings, commitments, their excerpts and history, owners.

Revision ID: 0001
Revises: 
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('briefing',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('committee', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('presenter', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('text', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_briefing')),
    sa.UniqueConstraint('sha256', name=op.f('uq_briefing_sha256'))
    )
    op.create_table('owner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('emails', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_owner')),
    sa.UniqueConstraint('name', name=op.f('uq_owner_name'))
    )
    op.create_table('commitment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('briefing_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('theme', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('confidence', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('base_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('base_confidence', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('base_deadline', sa.Date(), nullable=True),
    sa.Column('deadline_text', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('deadline_rule', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('target_value', sa.Float(), nullable=True),
    sa.Column('target_unit', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('baseline', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('excerpt', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('fingerprint', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['briefing_id'], ['briefing.id'], name=op.f('fk_commitment_briefing_id_briefing'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_commitment_fingerprint'))
    )
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.create_index('ix_commitment_briefing', ['briefing_id'], unique=False)
        batch_op.create_index('ix_commitment_owner', ['owner'], unique=False)
        batch_op.create_index('ix_commitment_status_deadline_owner', ['status', 'deadline', 'owner'], unique=False)
        batch_op.create_index('ix_commitment_theme', ['theme'], unique=False)

    op.create_table('commitmentexcerpt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.Column('excerpt', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_commitmentexcerpt_commitment_id_commitment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitmentexcerpt'))
    )
    with op.batch_alter_table('commitmentexcerpt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitmentexcerpt_commitment_id'), ['commitment_id'], unique=False)

    op.create_table('statuschange',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=False),
    sa.Column('effective_on', sa.Date(), nullable=False),
    sa.Column('recorded_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('by', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('from_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('to_status', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('from_deadline', sa.Date(), nullable=True),
    sa.Column('to_deadline', sa.Date(), nullable=True),
    sa.Column('from_confidence', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('to_confidence', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('evidence', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.CheckConstraint("from_status IN ('not_started', 'in_progress', 'stalled', 'done', 'partly_done', 'dropped')", name=op.f('ck_statuschange_from_status')),
    sa.CheckConstraint("to_status IN ('not_started', 'in_progress', 'stalled', 'done', 'partly_done', 'dropped')", name=op.f('ck_statuschange_to_status')),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'], name=op.f('fk_statuschange_commitment_id_commitment'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statuschange'))
    )
    with op.batch_alter_table('statuschange', schema=None) as batch_op:
        batch_op.create_index('ix_statuschange_commitment_effective', ['commitment_id', 'effective_on', 'id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('statuschange', schema=None) as batch_op:
        batch_op.drop_index('ix_statuschange_commitment_effective')

    op.drop_table('statuschange')
    with op.batch_alter_table('commitmentexcerpt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitmentexcerpt_commitment_id'))

    op.drop_table('commitmentexcerpt')
    with op.batch_alter_table('commitment', schema=None) as batch_op:
        batch_op.drop_index('ix_commitment_theme')
        batch_op.drop_index('ix_commitment_status_deadline_owner')
        batch_op.drop_index('ix_commitment_owner')
        batch_op.drop_index('ix_commitment_briefing')

    op.drop_table('commitment')
    op.drop_table('owner')
    op.drop_table('briefing')
