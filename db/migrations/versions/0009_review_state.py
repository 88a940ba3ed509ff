"""The review state of each item: ``proposed``, ``accepted`` or ``rejected``, with who decided and when.

Every row stored before was accepted (it already counted), which the column's server default
fills in. The columns are added in place (``ALTER TABLE ... ADD COLUMN``), never by a batch
rebuild of ``commitment``: a rebuild on SQLite would drop the expression indexes of 0003 and
the search triggers of 0007. The CHECK is written on the column, so SQLite can drop the column
again on downgrade (3.35+).

Every count, report and reminder reads accepted items only: the (status, deadline, owner,
since, kind) index gains ``review`` so those still read the index alone (at a million
commitments, without it, the counts per status took 1.1 s of CPU instead of 0.2 s, the
overdue count 1.2 s instead of 0.04 s, and the reminders' selection lost its covering index). ``ix_commitment_review``
finds what waits for review per briefing without reading every commitment; it is partial
(proposed and rejected rows only), or SQLite's planner, taking ``review = 'accepted'`` for a
selective condition, would read every accepted row through it.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_INDEX = "ix_commitment_status_deadline_owner"
_INDEXED = ["status", "deadline", "owner", "since", "kind"]
_PENDING = "review <> 'accepted'"


def upgrade() -> None:
    op.execute(
        "ALTER TABLE commitment ADD COLUMN review VARCHAR(16) DEFAULT 'accepted' NOT NULL"
        " CONSTRAINT ck_commitment_review CHECK (review IN ('proposed', 'accepted', 'rejected'))"
    )
    op.add_column("commitment", sa.Column("reviewed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
    op.add_column("commitment", sa.Column("reviewed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.drop_index(_INDEX, table_name="commitment")
    op.create_index(_INDEX, "commitment", [*_INDEXED, "review"])
    # Partial (see models.UNDECIDED_OR_REJECTED_SQL): accepted rows, nearly all, stay out of it.
    op.create_index(
        "ix_commitment_review",
        "commitment",
        ["review", "briefing_id"],
        sqlite_where=sa.text(_PENDING),
        postgresql_where=sa.text(_PENDING),
    )


def downgrade() -> None:
    op.drop_index("ix_commitment_review", table_name="commitment")
    op.drop_index(_INDEX, table_name="commitment")
    op.create_index(_INDEX, "commitment", _INDEXED)
    # In place on SQLite too (3.35+): a batch rebuild would lose the expression indexes and triggers.
    op.execute("ALTER TABLE commitment DROP COLUMN reviewed_at")
    op.execute("ALTER TABLE commitment DROP COLUMN reviewed_by")
    op.execute("ALTER TABLE commitment DROP COLUMN review")
