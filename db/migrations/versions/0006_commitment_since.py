"""The day each commitment was made (``since``), so a list as of an earlier day leaves it out.

Commitments that came from a briefing are dated from its sitting; the others (structured
imports, hand-made ones) stay undated, which means "there at every date", as before. The
(status, deadline, owner) index gains ``since``, so the counts per status and the reminder
run stay within the index when a list is as of a day before some commitments were made.

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the migration template imports it for its column types)
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("since", sa.Date(), nullable=True))
        batch_op.create_index("ix_commitment_since", ["since"], unique=False)
        batch_op.drop_index("ix_commitment_status_deadline_owner")
        batch_op.create_index("ix_commitment_status_deadline_owner", ["status", "deadline", "owner", "since"])
    op.execute(
        "UPDATE commitment SET since = (SELECT briefing.date FROM briefing WHERE briefing.id = commitment.briefing_id)"
        " WHERE briefing_id IS NOT NULL"
    )


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), not a rebuild of the table: a rebuild
    # would lose the expression indexes of 0003, which SQLite cannot reflect.
    with op.batch_alter_table("commitment", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_commitment_status_deadline_owner")
        batch_op.create_index("ix_commitment_status_deadline_owner", ["status", "deadline", "owner"])
        batch_op.drop_index("ix_commitment_since")
        batch_op.drop_column("since")
