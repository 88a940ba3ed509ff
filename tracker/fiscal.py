"""The Pakistan fiscal calendar and timeliness.

The fiscal year runs 1 July to 30 June: FY2025-26 is 2025-07-01..2026-06-30, and its
quarters are Q1 = Jul-Sep, Q2 = Oct-Dec, Q3 = Jan-Mar, Q4 = Apr-Jun.

This module is pure: no database, no I/O, no clock (``tracker.clock`` says what day it is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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
