"""64-bit ids on PostgreSQL: every id column, every column pointing at one, and their sequences.

PostgreSQL's INTEGER (and the sequence behind SERIAL) stops at 2,147,483,647: one imported row
with a larger id, or a sequence moved up to it, broke every later insert. SQLite's INTEGER
PRIMARY KEY is already 64-bit and must stay spelled INTEGER to remain the table's rowid, so
nothing changes there.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (the migration template imports it for its column types)
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each table's id (with its sequence) and the columns that point at another table's id.
_ID_COLUMNS = {
    "briefing": ("id",),
    "commitment": ("id", "briefing_id"),
    "commitmentexcerpt": ("id", "commitment_id"),
    "statuschange": ("id", "commitment_id"),
    "owner": ("id",),
    "reminderlog": ("id", "commitment_id"),
}
_NULLABLE = {"briefing_id"}


def _change(to: sa.types.TypeEngine[int], sequence_type: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in _ID_COLUMNS.items():
        for column in columns:
            op.alter_column(table, column, type_=to, existing_nullable=column in _NULLABLE)
        # The sequence has a type of its own (and a maximum that follows it).
        op.execute(f"ALTER SEQUENCE {_sequence(table)} AS {sequence_type}")


def _sequence(table: str) -> str:
    name = op.get_bind().execute(sa.text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": f'"{table}"'}).scalar()
    return str(name)


def upgrade() -> None:
    _change(sa.BigInteger(), "bigint")


def downgrade() -> None:
    _change(sa.Integer(), "integer")
