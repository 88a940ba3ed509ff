"""Errors a user can act on, each with the exit code the command line gives it.

Anything raised as a ``TrackerError`` is shown as one line on stderr (a ``SettingsError``: one
line per bad value), without a traceback.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any


class TrackerError(Exception):
    """Base: a failure to report to the user in one line."""

    exit_code = 1

    def lines(self) -> tuple[str, ...]:
        """What to show the user, a line each."""
        return (str(self),)


class UserError(TrackerError):
    """Bad input, an unknown id, a file that cannot be read: exit 1."""


class ConflictError(UserError):
    """Someone else changed the record since it was read: exit 1, nothing overwritten."""


class TemporaryError(TrackerError):
    """Try again later (database locked, lock file held, SMTP 4xx or unreachable): exit 75."""

    exit_code = 75


class ConfigError(TrackerError, ValueError):
    """A setting is wrong (environment, configuration file, schema version): exit 78."""

    exit_code = 78


class SettingsError(ConfigError):
    """Settings with one or more bad values: exit 78, a line for each, naming its variable."""

    def __init__(self, problems: tuple[str, ...]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems

    def lines(self) -> tuple[str, ...]:
        return self.problems


class DuplicateBriefingError(UserError):
    """The text is nearly the same as a briefing already stored under another date or title.

    ``what`` names the stored briefing; the message adds how to import it anyway from the
    command line (the TUI says how from its form).
    """

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}; nothing imported: to import it anyway, pass --allow-duplicate")
        self.what = what


def operational_error(message: str) -> TrackerError:
    """What a user is told of a database's operational error (SQLite's or the server's
    message): busy, read-only, disk full, unreachable, else the message's first line."""
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return TemporaryError("the database is busy (another program is writing to it); try again")
    if "readonly" in lowered or "read-only" in lowered:
        return UserError("the database is read-only: nothing was changed")
    if "disk is full" in lowered or "disk i/o" in lowered:
        return TemporaryError(f"cannot write the database: {message}")
    if "connection" in lowered or "could not connect" in lowered or "resolve host" in lowered:
        return TemporaryError(f"cannot reach the database: {message.splitlines()[0]}")
    return UserError(f"database error: {message.splitlines()[0]}")


def damaged_database(message: str) -> UserError | None:
    """What a user is told of a file that is no database or a damaged one; None for any
    other database error."""
    if "not a database" in message or "malformed" in message:
        return UserError(f"the database file is damaged or is not a tracker database ({message})")
    return None


# A bad value is quoted up to this length: the line stays one line on a terminal.
_QUOTED = 40


def unreadable_date(conn: Any) -> UserError | None:
    """Which stored date cannot be read as a date, on SQLite (the only engine that stores
    dates as text, so a hand edit can leave ``2026-02-30`` or ``garbage`` there); None when
    every date reads.

    ``conn`` is a DB-API connection to the SQLite file. Called only after a read failed, so a
    scan of every DATE column costs nothing on the paths that succeed. A value reads when both
    readers take it: SQLAlchemy's (``date.fromisoformat``) and the reports' (``Y-M-D`` digits).
    The line names the first bad row and column and how to put it right: a commitment's
    deadline with ``tracker update``, anything else with the sqlite3 shell.
    """
    cursor = conn.cursor()
    tables = [row[0] for row in cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    bad: list[tuple[str, str, object, str, object]] = []
    for table in sorted(tables):
        info = cursor.execute(f'PRAGMA table_info("{table}")').fetchall()
        keys = [row[1] for row in info if row[5]]
        key = keys[0] if len(keys) == 1 else "rowid"
        for column in (row[1] for row in info if str(row[2]).upper() == "DATE"):
            # date(x, '+0 days') gives back the same text for every real day (it carries 30
            # February over into March): only the rest is read again in Python.
            found = cursor.execute(
                f'SELECT "{key}", "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL '
                f'AND date("{column}", \'+0 days\') IS NOT "{column}" ORDER BY 1'
            ).fetchall()
            bad.extend((table, key, row_id, column, value) for row_id, value in found if not _reads_as_date(value))
    if not bad:
        return None
    table, key, row_id, column, value = bad[0]
    shown = str(value) if len(str(value)) <= _QUOTED else f"{str(value)[:_QUOTED]}…"
    if (table, column) == ("commitment", "deadline"):
        fix = f"correct it with `tracker update {row_id} --deadline DATE` (or `--deadline none`)"
    else:
        fix = f"correct it (YYYY-MM-DD) with the sqlite3 shell: UPDATE {table} SET {column} = ..."
        fix += f" WHERE {key} = {row_id}"
    more = f" (and {len(bad) - 1} more like it)" if len(bad) > 1 else ""
    return UserError(f"{table} {row_id} has an impossible {column} {shown!r} in the database: {fix}{more}")


def _reads_as_date(value: object) -> bool:
    """Whether both of tracker's readers take ``value`` as a date (see ``unreadable_date``)."""
    if not isinstance(value, str):
        return False
    try:
        date.fromisoformat(value)
        found = re.match(r"(\d+)-(\d+)-(\d+)", value)
        if found is None:
            return False
        date(*map(int, found.groups()))
    except ValueError:
        return False
    return True
