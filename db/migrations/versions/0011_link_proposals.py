"""Link proposals: what a later briefing says about a commitment stored before, until decided.

One row per proposal of the linker (``tracker.linking``) made when a briefing is imported: a
``restatement`` (a new deadline and/or target) or a ``progress`` report (the status it implies,
an actual value), against an accepted open commitment of the same owner, with its score, the
sentence (its offsets in the new briefing's text) and its state (proposed, accepted,
rejected; who decided and when). A new table: nothing of the existing ones is rebuilt.

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_STATUSES = "'not_started', 'in_progress', 'stalled', 'done', 'partly_done', 'dropped'"


def upgrade() -> None:
    op.create_table(
        "linkproposal",
        sa.Column("id", _ID, nullable=False),
        sa.Column("briefing_id", _ID, nullable=False),
        sa.Column("commitment_id", _ID, nullable=False),
        sa.Column("item_id", _ID, nullable=True),
        sa.Column("relation", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("explanation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("excerpt", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("new_deadline", sa.Date(), nullable=True),
        sa.Column("new_deadline_text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("new_target_value", sa.Float(), nullable=True),
        sa.Column("new_target_unit", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("new_status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
        sa.Column("actual_value", sa.Float(), nullable=True),
        sa.Column("actual_unit", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.CheckConstraint("relation IN ('restatement', 'progress')", name="ck_linkproposal_relation"),
        sa.CheckConstraint("state IN ('proposed', 'accepted', 'rejected')", name="ck_linkproposal_state"),
        sa.CheckConstraint(f"new_status IS NULL OR new_status IN ({_STATUSES})", name="ck_linkproposal_new_status"),
        sa.ForeignKeyConstraint(
            ["briefing_id"], ["briefing.id"], name="fk_linkproposal_briefing_id_briefing", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"], ["commitment.id"], name="fk_linkproposal_commitment_id_commitment", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["commitment.id"], name="fk_linkproposal_item_id_commitment", ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_linkproposal"),
    )
    op.create_index("ix_linkproposal_briefing", "linkproposal", ["briefing_id", "state"])
    op.create_index("ix_linkproposal_commitment", "linkproposal", ["commitment_id"])


def downgrade() -> None:
    op.drop_index("ix_linkproposal_commitment", table_name="linkproposal")
    op.drop_index("ix_linkproposal_briefing", table_name="linkproposal")
    op.drop_table("linkproposal")
