"""Errors a user can act on, each with the exit code the command line gives it.

Anything raised as a ``TrackerError`` is shown as one line on stderr, without a traceback.
"""

from __future__ import annotations


class TrackerError(Exception):
    """Base: a failure to report to the user in one line."""

    exit_code = 1


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
