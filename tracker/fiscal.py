"""The Pakistan fiscal calendar, "today" in the office's time zone, and timeliness.

The fiscal year runs 1 July to 30 June: FY2025-26 is 2025-07-01..2026-06-30, and its
quarters are Q1 = Jul-Sep, Q2 = Oct-Dec, Q3 = Jan-Mar, Q4 = Apr-Jun.

This module is pure: no database, no I/O beyond reading ``TRACKER_TZ``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tracker.errors import ConfigError

DEFAULT_TZ = "Asia/Karachi"
DUE_SOON_DAYS = 14

_FY_LABEL = re.compile(r"^\s*FY\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class FiscalYear:
    """A fiscal year, named by the calendar year it starts in (FY2025-26 -> 2025)."""

    start_year: int

    @property
    def start(self) -> date:
        return date(self.start_year, 7, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 6, 30)

    @property
    def label(self) -> str:
        return f"FY{self.start_year}-{(self.start_year + 1) % 100:02d}"

    def quarter(self, n: int) -> tuple[date, date]:
        """First and last day of quarter ``n`` (1-4) of this fiscal year."""
        if n not in (1, 2, 3, 4):
            raise ValueError(f"a fiscal year has quarters 1 to 4, not {n}")
        starts = {
            1: date(self.start_year, 7, 1),
            2: date(self.start_year, 10, 1),
            3: date(self.start_year + 1, 1, 1),
            4: date(self.start_year + 1, 4, 1),
        }
        ends = {
            1: date(self.start_year, 9, 30),
            2: date(self.start_year, 12, 31),
            3: date(self.start_year + 1, 3, 31),
            4: date(self.start_year + 1, 6, 30),
        }
        return starts[n], ends[n]

    def next(self) -> FiscalYear:
        return FiscalYear(self.start_year + 1)

    def previous(self) -> FiscalYear:
        return FiscalYear(self.start_year - 1)

    def __str__(self) -> str:
        return self.label


def fiscal_year_of(day: date) -> FiscalYear:
    """The fiscal year containing ``day`` (the "current" fiscal year on that day)."""
    return FiscalYear(day.year if day.month >= 7 else day.year - 1)


def next_fiscal_year(day: date) -> FiscalYear:
    """The fiscal year after the one containing ``day`` ("next"/"upcoming" fiscal year)."""
    return fiscal_year_of(day).next()


def quarter_of(day: date) -> int:
    """The fiscal quarter (1-4) containing ``day``."""
    return ((day.month - 7) % 12) // 3 + 1


def parse_fiscal_year(label: str) -> FiscalYear:
    """Parse "FY2025-26" (also "FY 2025-2026", "FY2025/26") into a FiscalYear.

    The second year must follow the first, so "FY2025-27" is refused.
    """
    m = _FY_LABEL.match(label)
    if not m:
        raise ValueError(f"not a fiscal year label: {label!r} (expected e.g. FY2025-26)")
    first = int(m.group(1))
    second = m.group(2)
    if int(second) % 100 != (first + 1) % 100 or (len(second) == 4 and int(second) != first + 1):
        raise ValueError(f"{label!r}: the second year must follow the first (e.g. FY2025-26)")
    return FiscalYear(first)


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


class Timeliness(StrEnum):
    CLOSED = "closed"
    NO_DEADLINE = "no_deadline"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"


def timeliness(*, closed: bool, deadline: date | None, as_of: date) -> Timeliness:
    """Where a commitment stands against its deadline on ``as_of``.

    The deadline day itself is not overdue; due soon means 0 to 14 days left.
    """
    if closed:
        return Timeliness.CLOSED
    if deadline is None:
        return Timeliness.NO_DEADLINE
    left = (deadline - as_of).days
    if left < 0:
        return Timeliness.OVERDUE
    if left <= DUE_SOON_DAYS:
        return Timeliness.DUE_SOON
    return Timeliness.ON_TRACK


def days_overdue(*, closed: bool, deadline: date | None, as_of: date) -> int | None:
    """Days past the deadline on ``as_of`` for an open, overdue commitment; else None."""
    if closed or deadline is None or deadline >= as_of:
        return None
    return (as_of - deadline).days


# The dates tracker accepts anywhere a date comes in (options, forms, files, briefings): from
# the year Pakistan's ministries were first set up to well past any commitment's horizon.
# Python's dates end at 9999-12-31, so a far date would break the arithmetic of reports and
# reminders (a day after it, thirty days before it) for everyone; a typo such as 20266 is
# caught here instead.
EARLIEST_DAY = date(1947, 1, 1)
LATEST_DAY = date(2200, 12, 31)
OUT_OF_RANGE_RULE = f"outside {EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()}"


class DateOutOfRange(ValueError):
    """A real date outside EARLIEST_DAY..LATEST_DAY."""


def check_day(day: date, shown: str | None = None) -> date:
    """``day`` if tracker accepts it, else DateOutOfRange naming the range (``shown``: as typed)."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise DateOutOfRange(
            f"{shown or day.isoformat()!r} is outside the dates tracker accepts "
            f"({EARLIEST_DAY.isoformat()} to {LATEST_DAY.isoformat()})"
        )
    return day


_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# Day first, one separator throughout: 30/06/2026, 30-06-2026, 30.06.2026.
_DMY_DAY = re.compile(r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$")
# What every error about a typed date names.
DATE_FORMS = "2026-06-30, 30/06/2026, 30-06-2026 or 30.06.2026"


def parse_day(text: str) -> date:
    """Parse a date typed by a user: ``2026-06-30``, or day first with ``/``, ``-`` or
    ``.`` between the parts (``30/06/2026``, ``30-06-2026``, ``30.06.2026``).

    The one grammar for every date option, form field and file column. Anything else, an
    impossible date such as 31/02/2026, or a date outside EARLIEST_DAY..LATEST_DAY raises
    ValueError with a message fit to show the user, naming the forms.
    """
    raw = text.strip()
    m = _ISO_DAY.match(raw)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _DMY_DAY.match(raw)
        if not m:
            raise ValueError(f"{text!r} is not a date (write it as {DATE_FORMS})")
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date (the day comes first: {DATE_FORMS})") from None
    return check_day(parsed, raw)
