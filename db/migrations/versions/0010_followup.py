"""Follow-up briefings: restated targets, moved deadlines and measured actuals.

- ``measurement``: actual values of a commitment's target, each dated (``as_of``), from a
  briefing's sentence or typed in by hand.
- ``statuschange`` gains the target before and after a restatement, the words of the deadline
  before and after, and the briefing that restated it, so the targets and the slippage can be
  rebuilt as of any date.
- ``commitmentexcerpt`` gains the briefing its sentence is in (a later sitting's).
- ``commitment.deadline_moves`` counts the deadline's moves for the TUI's sort; it is filled
  from the history here and kept by tracker's code from then on.

Columns are added in place (``ALTER TABLE ... ADD COLUMN``), never by a batch rebuild: on
SQLite a rebuild of ``commitment`` would drop the expression indexes of 0003 and the search
triggers of 0007, and one of ``statuschange`` its trigger of 0007. That is also why the new
``briefing_id`` columns of existing tables are plain ids without a foreign key: SQLite
cannot add one in place, nor drop a column a foreign key uses.

Revision ID: 0010
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_STATUSCHANGE_COLUMNS = (
    ("briefing_id", _ID),
    ("from_target_value", sa.Float()),
    ("to_target_value", sa.Float()),
    ("from_target_unit", sa.String()),
    ("to_target_unit", sa.String()),
    ("from_deadline_text", sa.String()),
    ("to_deadline_text", sa.String()),
)


def upgrade() -> None:
    op.create_table(
        "measurement",
        sa.Column("id", _ID, nullable=False),
        sa.Column("commitment_id", _ID, nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("briefing_id", _ID, nullable=True),
        sa.Column("recorded_by", sa.String(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["briefing_id"], ["briefing.id"], name="fk_measurement_briefing_id_briefing", ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"], ["commitment.id"], name="fk_measurement_commitment_id_commitment", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_measurement"),
    )
    op.create_index("ix_measurement_commitment_as_of", "measurement", ["commitment_id", "as_of", "id"])
    for name, type_ in _STATUSCHANGE_COLUMNS:
        op.add_column("statuschange", sa.Column(name, type_, nullable=True))
    op.add_column("commitmentexcerpt", sa.Column("briefing_id", _ID, nullable=True))
    op.add_column("commitment", sa.Column("deadline_moves", sa.Integer(), server_default="0", nullable=False))
    op.execute(
        "UPDATE commitment SET deadline_moves = (SELECT count(*) FROM statuschange"
        " WHERE statuschange.commitment_id = commitment.id AND statuschange.from_deadline IS NOT NULL"
        " AND statuschange.to_deadline IS NOT NULL AND statuschange.from_deadline <> statuschange.to_deadline)"
        " WHERE EXISTS (SELECT 1 FROM statuschange WHERE statuschange.commitment_id = commitment.id)"
    )
    op.create_index("ix_commitment_deadline_moves", "commitment", ["deadline_moves"])


def downgrade() -> None:
    # In place on SQLite too (3.35+), for the reasons above.
    op.drop_index("ix_commitment_deadline_moves", table_name="commitment")
    op.execute("ALTER TABLE commitment DROP COLUMN deadline_moves")
    op.execute("ALTER TABLE commitmentexcerpt DROP COLUMN briefing_id")
    for name, _type in reversed(_STATUSCHANGE_COLUMNS):
        op.execute(f"ALTER TABLE statuschange DROP COLUMN {name}")
    op.drop_index("ix_measurement_commitment_as_of", table_name="measurement")
    op.drop_table("measurement")
