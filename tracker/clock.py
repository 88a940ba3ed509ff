"""The clock seam: the current instant, and "today" in the office's time zone.

Everything that needs the time asks here (never ``date.today()`` or ``datetime.now()``), so
tests can freeze one place and the office's day is computed one way everywhere.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import ConfigError

DEFAULT_TZ = "Asia/Karachi"


def office_zone() -> ZoneInfo:
    """The office's time zone: ``TRACKER_TZ`` or Asia/Karachi."""
    name = os.environ.get("TRACKER_TZ", "").strip() or DEFAULT_TZ
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"TRACKER_TZ={name!r} is not a known time zone") from exc


def utc_now() -> datetime:
    """The current instant, timezone-aware UTC. The one clock seam for timestamps."""
    return datetime.now(UTC)


def today(now: datetime | None = None) -> date:
    """Today's date in the office's time zone (22:00 UTC on 30 June is 1 July in Karachi)."""
    instant = now if now is not None else utc_now()
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(office_zone()).date()
