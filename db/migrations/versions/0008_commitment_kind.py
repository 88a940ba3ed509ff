"""The kind of each item: a ``commitment`` a body undertook, or a ``directive`` of the committee.

Every existing row was a commitment, which the column's default fills in. The column is
added in place (``ALTER TABLE ... ADD COLUMN``, the same statement on SQLite and
PostgreSQL), never by a batch rebuild of ``commitment``: a rebuild on SQLite would drop the
expression indexes of 0003 and the search triggers of 0007. Its CHECK is written on the
column, so SQLite can drop the column again on downgrade (3.35+).

The (status, deadline, owner, since) index gains ``kind``: the TUI's counts of one kind then
read the index alone, as they do without the filter (at a million commitments, without it,
3.2 s of CPU instead of 0.2 s). A list of one kind needs no index of its own: it walks the id
or sort order indexes and skips the other kind, which at 1% directives reads a first page in
a few hundredths of a second.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_INDEX = "ix_commitment_status_deadline_owner"
_INDEXED = ["status", "deadline", "owner", "since"]


def upgrade() -> None:
    op.execute(
        "ALTER TABLE commitment ADD COLUMN kind VARCHAR(16) DEFAULT 'commitment' NOT NULL"
        " CONSTRAINT ck_commitment_kind CHECK (kind IN ('commitment', 'directive'))"
    )
    op.drop_index(_INDEX, table_name="commitment")
    op.create_index(_INDEX, "commitment", [*_INDEXED, "kind"])


def downgrade() -> None:
    op.drop_index(_INDEX, table_name="commitment")
    op.create_index(_INDEX, "commitment", _INDEXED)
    # In place on SQLite too (3.35+): a batch rebuild would lose the expression indexes and triggers.
    op.execute("ALTER TABLE commitment DROP COLUMN kind")
