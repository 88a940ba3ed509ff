"""Indexes for the TUI's sort orders, so keyset paging seeks instead of sorting a million rows.

Each index ends (implicitly on SQLite, where every index carries the rowid) with the id,
which breaks ties: a page is "the next 200 after (key, id)".

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the migration template imports it for its column types)
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_DEADLINE_SORT = "coalesce(deadline, '9999-12-31')"
_CLOSED = "(status IN ('done', 'partly_done', 'dropped'))"


def upgrade() -> None:
    op.create_index("ix_commitment_title", "commitment", ["title"])
    op.create_index("ix_commitment_status", "commitment", ["status"])
    op.create_index("ix_commitment_deadline_sort", "commitment", [sa.text(_DEADLINE_SORT)])
    op.create_index("ix_commitment_timeliness_sort", "commitment", [sa.text(_CLOSED), sa.text(_DEADLINE_SORT)])


def downgrade() -> None:
    op.drop_index("ix_commitment_timeliness_sort", table_name="commitment")
    op.drop_index("ix_commitment_deadline_sort", table_name="commitment")
    op.drop_index("ix_commitment_status", table_name="commitment")
    op.drop_index("ix_commitment_title", table_name="commitment")
