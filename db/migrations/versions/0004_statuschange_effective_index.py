"""An index on the effective date of history entries.

Every list, page and report asks first whether any change takes effect after its as-of date
(``SELECT max(effective_on) FROM statuschange``); this index answers that without reading the
whole history.

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlmodel  # noqa: F401  (the migration template imports it for its column types)
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_statuschange_effective_on", "statuschange", ["effective_on"])


def downgrade() -> None:
    op.drop_index("ix_statuschange_effective_on", table_name="statuschange")
