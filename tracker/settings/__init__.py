"""Every setting tracker reads from the environment or from the user's keymap file, validated here.

Each group of settings is a pydantic model (``tracker.settings.groups``) whose fields name
their variable (the alias) and say, in their description, what the variable does: that text
is the user documentation, and the README's tables repeat it. A group is read with
``read(Model)`` at the moment a command needs it, never at import time, so a test or a
command may set the environment first, and a bad value in one group never stops a command
that does not use it (a wrong SMTP port does not stop ``tracker list``).

A value that is set but empty counts as not set. A bad value is a SettingsError (exit 78)
with one line per bad value, each naming its variable.

The groups' names (``from tracker.settings import SqliteSettings, read``) load their module,
and so pydantic, on first use. Loading pydantic costs a command about 0.1 s of CPU, half of
the start of ``tracker export``, so the values an export needs on its way (``busy_timeout_ms``,
``database``, ``seeds_folder``, ``office_zone``) are given by the functions below without it
where the group would find nothing to check: the variable not set, a path, plain digits, a
zone that exists. Any other value is read and checked by its group as always.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from tracker.settings.groups import (
        BenchSettings,
        ClockSettings,
        DatabaseSettings,
        KeymapSettings,
        MailSettings,
        RunSettings,
        SeedSettings,
        ServerSettings,
        SettingsGroup,
        SqliteSettings,
        UserSettings,
        parse_port,
        read,
        read_keymap_file,
    )

# The groups' names (their module loaded by __getattr__ below on first use) and the quick readings.
__all__ = [
    "BenchSettings",
    "ClockSettings",
    "DatabaseSettings",
    "KeymapSettings",
    "MailSettings",
    "RunSettings",
    "SeedSettings",
    "ServerSettings",
    "SettingsGroup",
    "SqliteSettings",
    "UserSettings",
    "parse_port",
    "read",
    "read_keymap_file",
    "busy_timeout_ms",
    "database",
    "office_zone",
    "seeds_folder",
]

ZONE_VARIABLE: Final = "TRACKER_TZ"
DEFAULT_TZ: Final = "Asia/Karachi"
DATABASE_VARIABLE: Final = "TRACKER_DB"
BUSY_TIMEOUT_VARIABLE: Final = "TRACKER_BUSY_TIMEOUT_MS"
DEFAULT_BUSY_TIMEOUT_MS = 5000
SEEDS_VARIABLE: Final = "TRACKER_SEEDS"


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(importlib.import_module("tracker.settings.groups"), name)


def _given(variable: str) -> str:
    """The value of ``variable`` as ``read`` takes it: stripped; empty when not set."""
    return os.environ.get(variable, "").strip()


def busy_timeout_ms() -> int:
    """``SqliteSettings.busy_timeout_ms``: the default, or a value of plain digits, without
    pydantic; any other value is read by the group."""
    value = _given(BUSY_TIMEOUT_VARIABLE)
    if not value:
        return DEFAULT_BUSY_TIMEOUT_MS
    if value.isascii() and value.isdigit():
        return int(value)
    from tracker.settings.groups import SqliteSettings, read

    return read(SqliteSettings).busy_timeout_ms


def database() -> str | None:
    """``DatabaseSettings.db``: the stripped value of TRACKER_DB, None when not set (the
    group checks nothing more)."""
    return _given(DATABASE_VARIABLE) or None


def seeds_folder() -> Path | None:
    """``SeedSettings.folder``: the path TRACKER_SEEDS names, None when not set (the group
    checks nothing more)."""
    value = _given(SEEDS_VARIABLE)
    return Path(value) if value else None


def office_zone() -> ZoneInfo:
    """``ClockSettings.zone``: the default, or a zone that exists, without pydantic; a value
    that names none is read by the group, which says why."""
    value = _given(ZONE_VARIABLE)
    if not value:
        return ZoneInfo(DEFAULT_TZ)
    try:
        return ZoneInfo(value)
    except Exception:  # noqa: BLE001 (the group decides what the user is told)
        from tracker.settings.groups import ClockSettings, read

        return read(ClockSettings).zone
