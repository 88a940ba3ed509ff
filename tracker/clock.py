"""The clock seam: the current instant, and "today" in the office's time zone.

Everything that needs the time asks here (never ``date.today()`` or ``datetime.now()``), so
tests can freeze one place and the office's day is computed one way everywhere.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def office_zone() -> ZoneInfo:
    """The office's time zone: ``TRACKER_TZ`` or Asia/Karachi (ConfigError if unknown)."""
    from tracker.settings import office_zone

    return office_zone()


def utc_now() -> datetime:
    """The current instant, timezone-aware UTC. The one clock seam for timestamps."""
    return datetime.now(UTC)


def today(now: datetime | None = None) -> date:
    """Today's date in the office's time zone (22:00 UTC on 30 June is 1 July in Karachi)."""
    instant = now if now is not None else utc_now()
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(office_zone()).date()
