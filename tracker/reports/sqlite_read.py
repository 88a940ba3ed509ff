"""The reports' read path on SQLite: the stdlib driver, no SQLAlchemy.

An export spends most of its time on a large database loading SQLAlchemy and SQLModel (about
0.6 s of CPU, more than the sqlite3 shell needs for the whole query). So on a SQLite file at
the current schema, ``tracker export`` reads through ``SqliteReport``, which runs the very
statements ``tracker.queries``, ``tracker.followup`` and ``tracker.reports.model`` build,
compiled once for SQLite into ``tracker/reports/sqlite_sql.py`` (a generated module;
``tests/test_sqlite_read.py`` compiles them again and fails on any difference, so the two
paths cannot drift). The rows come back as the same tuples and read models, dates as dates.

Read only: the connection is opened ``mode=rw`` (so that closing it tidies the WAL files as
any other connection does) with ``PRAGMA query_only``, in one deferred transaction, and never
changes the journal mode. Anything this path is not sure of (a URL, a file that does not exist
or is not a regular file, no schema version or another one, a file that is not a database)
goes the normal way (``open_report`` returns None), so the user sees the same messages and
exit codes as always.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace, TracebackType
from typing import Any
from urllib.parse import quote

from tracker.errors import UserError, damaged_database, operational_error, unreadable_date
from tracker.followup_rules import Actual, Slippage, actuals_of, slippage_of
from tracker.readmodels import (
    AsOfVariant,
    BriefingRef,
    CommitmentRow,
    as_of_variant,
    commitment_row,
)

# The parameter a runtime list is expanded into, as SQLAlchemy marks it in a compiled statement.
_EXPANDING = "__[POSTCOMPILE_{}]"
# SQLAlchemy reads a SQLite DATE with this pattern (``sqlalchemy.dialects.sqlite.DATE``).
_DATE_TEXT = re.compile(r"(\d+)-(\d+)-(\d+)")


def variant_key(variant: AsOfVariant) -> str:
    """The part of a query's key that names its as-of form."""
    return f"{'rebuilt' if variant.rebuilt else 'stored'}/{'made' if variant.made_filter else 'all'}"


def rows_key(scope: str, group_by: str | None, fields: Sequence[str], with_last_update: bool) -> str:
    """The key of a report's rows (``model.report_statement``), without its as-of form."""
    return f"rows/{scope}/{group_by or '-'}/{'last' if with_last_update else 'plain'}/{','.join(fields)}"


class _Dates(dict[str | None, date | None]):
    """Each distinct stored date parsed once, as SQLAlchemy parses it: a report repeats a few
    thousand of them. Text that is no date (a hand edit) fails here, once per distinct value,
    with a line naming its row (``errors.unreadable_date``) instead of a traceback."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__({None: None})
        self._conn = conn

    def __missing__(self, text: str | None) -> date | None:
        found = _DATE_TEXT.match(str(text))
        try:
            if found is None:
                raise ValueError(text)
            value = self[text] = date(*map(int, found.groups()))
        except ValueError:
            with _translated():
                unreadable = unreadable_date(self._conn)
            raise unreadable or UserError(f"the database holds an impossible date {text!r}") from None
        return value


class SqliteReport:
    """An open SQLite database at the current schema, read for a report through the stdlib
    driver, in one read transaction. Use it as a context manager (``open_report``)."""

    def __init__(self, conn: sqlite3.Connection, queries: dict[str, Any]) -> None:
        self._conn = conn
        self._queries = queries
        self._variants: dict[date, AsOfVariant] = {}
        self._dates = _Dates(conn)

    def __enter__(self) -> SqliteReport:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """End the read transaction and close the connection."""
        try:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # nothing was written; closing ends the transaction anyway
        finally:
            self._conn.close()

    # ------------------------------------------------------------ running a compiled statement

    def _execute(self, key: str, values: dict[str, Any]) -> tuple[sqlite3.Cursor, Any]:
        """Run the compiled statement ``key`` with ``values`` for its runtime parameters (dates
        as SQLAlchemy stores them; a list for an expanding one)."""
        sql, params, _columns, kinds = self._queries[key]
        bound: list[Any] = []
        for how, value in params:
            if how == "=":
                bound.append(value)
                continue
            given = values[value]
            if how == "*":
                sql = sql.replace(_EXPANDING.format(value), ", ".join("?" * len(given)))
                bound.extend(given)
            else:
                bound.append(given.isoformat() if isinstance(given, date) else given)
        with _translated():
            return self._conn.execute(sql, bound), kinds

    def _rows(
        self, key: str, values: dict[str, Any], *, chunk: int = 2000, stored_dates: bool = False
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of ``key`` in chunks, stored dates read back as dates (as stored with
        ``stored_dates``: the caller reads each through ``date_of``)."""
        cursor, kinds = self._execute(key, values)
        convert = [] if stored_dates else [i for i, kind in enumerate(kinds) if kind == "date"]
        while True:
            with _translated():
                rows = cursor.fetchmany(chunk)
            if not rows:
                return
            if convert:
                columns = list(zip(*rows, strict=True))
                for i in convert:
                    columns[i] = tuple(map(self._dates.__getitem__, columns[i]))
                rows = list(zip(*columns, strict=True))
            yield rows

    def _all(self, key: str, values: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [row for rows in self._rows(key, values) for row in rows]

    def _names(self, key: str) -> tuple[str, ...]:
        names: tuple[str, ...] = self._queries[key][2]
        return names

    def _variant(self, as_of: date) -> str:
        """The as-of form of the queries for ``as_of`` (``queries.state_columns``)."""
        variant = self._variants.get(as_of)
        if variant is None:
            ((latest_effective, latest_made),) = self._all("latest_dates", {})
            variant = self._variants[as_of] = as_of_variant(as_of, latest_effective, latest_made)
        return variant_key(variant)

    # ------------------------------------------------------------ what the reports read

    def report_tuples(
        self,
        *,
        scope: str,
        as_of: date,
        group_by: str | None,
        fields: Sequence[str],
        with_last_update: bool,
        chunk: int,
        stored_dates: bool = False,
    ) -> Iterator[list[tuple[Any, ...]]]:
        """``model.report_tuples``: a report's rows in chunks of tuples of ``fields``."""
        key = f"{rows_key(scope, group_by, fields, with_last_update)}/{self._variant(as_of)}"
        return self._rows(key, {"as_of": as_of}, chunk=chunk, stored_dates=stored_dates)

    def date_of(self, stored: Any) -> date | None:
        """A date as stored (None for none) read as a date, parsed once per distinct value;
        one that is no date fails with the line naming its row (``errors.unreadable_date``)."""
        return self._dates[stored]

    def count(self, *, as_of: date, overdue: bool) -> int:
        """``queries.count`` of the overdue (or all) commitments on ``as_of``."""
        ((n,),) = self._all(f"count/{'overdue' if overdue else 'all'}/{self._variant(as_of)}", {"as_of": as_of})
        return int(n or 0)

    def count_states(self, *, as_of: date, by: tuple[str, ...]) -> list[tuple[Any, ...]]:
        """The rows of ``queries.count_states_statement`` grouped ``by`` those columns."""
        return self._all(f"count_states/{'+'.join(by)}/{self._variant(as_of)}", {"as_of": as_of})

    def briefings_covered(self, *, as_of: date, overdue: bool) -> list[BriefingRef]:
        """``queries.briefings_covered``."""
        key = f"briefings/{'overdue' if overdue else 'all'}/{self._variant(as_of)}"
        return [BriefingRef(int(i), str(t), d) for i, t, d in self._all(key, {"as_of": as_of})]

    def _commitment_rows(self, key: str, as_of: date) -> Iterator[CommitmentRow]:
        names = self._names(key)
        for rows in self._rows(key, {"as_of": as_of}):
            for row in rows:
                yield commitment_row(dict(zip(names, row, strict=True)), as_of)

    def moved_rows(self, *, as_of: date) -> Iterator[CommitmentRow]:
        """The rows ``model.moved_deadlines`` lists, as ``queries.iter_rows`` gives them."""
        return self._commitment_rows(f"moved/{self._variant(as_of)}", as_of)

    def calendar_rows(self, *, as_of: date) -> Iterator[CommitmentRow]:
        """The rows ``ics.calendar_rows`` reads, as ``queries.iter_rows`` gives them."""
        return self._commitment_rows(f"calendar/{self._variant(as_of)}", as_of)

    def slippage(self, ids: Iterable[int], *, as_of: date) -> dict[int, Slippage]:
        """``followup.slippage``."""
        from tracker.reports.sqlite_sql import SLIPPAGE_BATCH

        wanted = sorted(set(ids))
        rows = (
            row
            for start in range(0, len(wanted), SLIPPAGE_BATCH)
            for row in self._all("slippage", {"ids": wanted[start : start + SLIPPAGE_BATCH], "as_of": as_of})
        )
        return slippage_of(rows)

    def latest_actuals(self, *, as_of: date) -> Iterator[tuple[int, str, str, list[Actual]]]:
        """Each commitment measured by ``as_of`` (``model.actual_commitments_statement``) with
        its actuals up to then against their targets (``followup.actuals``)."""
        history_names = self._names("history")
        measured_names = self._names("measurements")
        for commitment_id, title, owner, value, unit in self._all("actual_commitments", {"as_of": as_of}):
            target = SimpleNamespace(target_value=value, target_unit=unit)
            changes = [
                SimpleNamespace(**dict(zip(history_names, row, strict=True)))
                for row in self._all("history", {"id": commitment_id})
            ]
            taken = [
                SimpleNamespace(**dict(zip(measured_names, row, strict=True)))
                for row in self._all("measurements", {"id": commitment_id, "as_of": as_of})
            ]
            yield commitment_id, title, owner, actuals_of(target, changes, taken)


@contextmanager
def _translated() -> Iterator[None]:
    """sqlite3's errors as the one-line errors ``store.translate_errors`` gives SQLAlchemy's."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise operational_error(str(exc)) from None
    except sqlite3.DatabaseError as exc:
        damaged = damaged_database(str(exc))
        if damaged is not None:
            raise damaged from None
        raise


def sqlite_file(db: str | None) -> Path | None:
    """The SQLite file ``--db`` (else TRACKER_DB, else the default database) names, if it is
    a plain path to a regular file that exists; None for anything else (a URL, a file still
    to be created, a folder, a device), which ``store.open_store`` handles as always."""
    from tracker.paths import default_db_path
    from tracker.settings import database

    value = db if db else database()
    if value is None:
        path = default_db_path()
    elif "://" in value:
        return None
    else:
        path = Path(value).expanduser()
    return path.resolve() if path.is_file() else None


def open_report(db: str | None) -> SqliteReport | None:
    """The database ``db`` names opened for reading a report through the stdlib driver, or
    None where the normal path must take it (see the module's docstring). A database another
    program holds locked is refused as the normal path refuses it (exit 75)."""
    from tracker.reports import sqlite_sql
    from tracker.settings import busy_timeout_ms

    path = sqlite_file(db)
    if path is None:
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms())}")
        conn.execute("PRAGMA query_only = ON")
        conn.execute("BEGIN")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise operational_error(str(exc)) from None
        return None  # no schema version, say: the normal path tells the user what to do
    except sqlite3.Error:
        conn.close()
        return None  # not a database, say: the normal path says so
    except BaseException:
        conn.close()
        raise
    if row is None or row[0] != sqlite_sql.SCHEMA_HEAD:
        conn.close()
        return None
    return SqliteReport(conn, sqlite_sql.QUERIES)
