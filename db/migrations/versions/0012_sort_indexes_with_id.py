"""The sort indexes of plain columns end with the id, for PostgreSQL's keyset paging; the
counting index carries the theme.

The TUI pages a sort order by keyset: "the next 200 after (key, id)". Every SQLite index
carries the rowid, so an index on the key alone already serves that order there. A PostgreSQL
btree does not: with many rows per key (how often a deadline moved, an owner, a theme) each
page read and sorted all the rows of its key, a full scan at a million commitments when
sorting by the Moved column (0.8 s a page warm, 15-20 s cold). With the id in the index a page
is a seek on both databases. The filters on owner and theme read these indexes as before.

The index every count reads (status, deadline, owner, since, kind, review) gains the theme at
its end, so the HTML report's chart, which counts per theme, reads that index as the counts
per owner do instead of the whole table (0.6 s of CPU at 200,000 commitments). Its use by
its leading columns is unchanged.

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KEYS = {
    "ix_commitment_title": "title",
    "ix_commitment_owner": "owner",
    "ix_commitment_theme": "theme",
    "ix_commitment_deadline_moves": "deadline_moves",
}


_COUNTS = "ix_commitment_status_deadline_owner"
_COUNTED = ["status", "deadline", "owner", "since", "kind", "review"]


def upgrade() -> None:
    for name, key in _KEYS.items():
        op.drop_index(name, table_name="commitment")
        op.create_index(name, "commitment", [key, "id"])
    op.drop_index(_COUNTS, table_name="commitment")
    op.create_index(_COUNTS, "commitment", [*_COUNTED, "theme"])


def downgrade() -> None:
    op.drop_index(_COUNTS, table_name="commitment")
    op.create_index(_COUNTS, "commitment", _COUNTED)
    for name, key in _KEYS.items():
        op.drop_index(name, table_name="commitment")
        op.create_index(name, "commitment", [key])
