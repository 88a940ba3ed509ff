"""The kind of each item: a ``commitment`` a body undertook, or a ``directive`` of the committee.

Every existing row was a commitment, which the column's default fills in. The column is
added in place (``ALTER TABLE ... ADD COLUMN``, the same statement on SQLite and
PostgreSQL), never by a batch rebuild of ``commitment``: a rebuild on SQLite would drop the
expression indexes of 0003 and the search triggers of 0007. Its CHECK is written on the
column, so SQLite can drop the column again on downgrade (3.35+).

No index: ``list --kind`` and the TUI's filter read through the indexes they use without
it (a directive filter is a condition on rows already being walked in id or sort order).

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE commitment ADD COLUMN kind VARCHAR(16) DEFAULT 'commitment' NOT NULL"
        " CONSTRAINT ck_commitment_kind CHECK (kind IN ('commitment', 'directive'))"
    )


def downgrade() -> None:
    # In place on SQLite too (3.35+): a batch rebuild would lose the expression indexes and triggers.
    op.execute("ALTER TABLE commitment DROP COLUMN kind")
