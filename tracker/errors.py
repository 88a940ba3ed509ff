"""Errors a user can act on, each with the exit code the command line gives it.

Anything raised as a ``TrackerError`` is shown as one line on stderr (a ``SettingsError``: one
line per bad value), without a traceback.
"""

from __future__ import annotations


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
