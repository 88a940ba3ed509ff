"""Dates as people type them: the one grammar for a day, the range tracker accepts, and
deadlines typed into an option or a form (a day, ``none`` or a phrase).

Pure: no database, no clock (callers pass the reference day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.errors import UserError

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


@dataclass(frozen=True)
class DeadlineChoice:
    """A deadline typed in a form, resolved: the date (None clears it), the words, the rule."""

    date: date | None
    text: str | None
    rule: str | None

    def describe(self) -> str:
        if self.date is None:
            return "no deadline"
        rule = f" ({self.rule})" if self.rule and self.rule != "entered by hand" else ""
        return f"{self.date.isoformat()}{rule}"


def parse_deadline(value: str, *, reference: date) -> DeadlineChoice:
    """A deadline typed by a user: ``2026-06-30``, day-first ``30/06/2026``, ``none``, or a
    phrase such as "end of FY2025-26" or "within 60 days" (from ``reference``). What cannot
    be resolved to one day is refused, never guessed.

    Raises UserError with a message fit to show beside the field.
    """
    raw = value.strip()
    if raw.lower() in ("none", "no", "-"):
        return DeadlineChoice(None, None, None)
    try:
        return DeadlineChoice(parse_day(raw), raw, "entered by hand")
    except DateOutOfRange as exc:
        raise UserError(str(exc)) from None
    except ValueError as exc:
        problem = str(exc)
    from tracker.deadlines import resolve_deadline  # its patterns cost 10 ms to compile: not at start-up

    found = resolve_deadline(raw, reference)
    if found is not None and found.date is not None:
        return DeadlineChoice(found.date, found.text or raw, found.rule)
    if found is not None and found.rule == OUT_OF_RANGE_RULE:
        raise UserError(f"{raw!r} names a day {OUT_OF_RANGE_RULE}, the dates tracker accepts")
    raise UserError(f"{problem}, or a phrase such as 'end of FY2025-26'")
