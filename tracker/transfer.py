"""Copying every row from one tracker database to another, ids and history kept.

Used to move an office's SQLite database onto the shared PostgreSQL server (or back). The
target must be empty; it is created or upgraded to the current schema first. The copy runs
in one transaction on the target: it lands whole or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables)
from tracker.errors import UserError
from tracker.store import Store, sync_id_sequence

BATCH = 5000


@dataclass
class CopyReport:
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        return ", ".join(f"{n} {table}" for table, n in self.rows.items())


def copy_database(source: Store, target: Store, *, progress: Callable[[str, int], None] | None = None) -> CopyReport:
    """Copy every tracker table from ``source`` into the empty ``target``."""
    if source.url == target.url:
        raise UserError("the source and the target are the same database")
    tables = list(SQLModel.metadata.sorted_tables)
    report = CopyReport()
    with target.write() as dest:
        for table in tables:
            if dest.execute(select(func.count()).select_from(table)).scalar():
                raise UserError(f"the target already holds {table.name} rows: copy into an empty database")
        connection = dest.connection()
        with source.read() as src:
            for table in tables:
                copied = 0
                result = src.connection().execution_options(yield_per=BATCH).execute(select(table).order_by(table.c.id))
                for chunk in result.partitions(BATCH):
                    connection.execute(insert(table), [dict(row._mapping) for row in chunk])
                    copied += len(chunk)
                    if progress:
                        progress(table.name, copied)
                sync_id_sequence(dest, table.name)
                report.rows[table.name] = copied
    return report
