"""The sitting's date as a briefing's own text states it: a dateline ("Islamabad, September
05, 2022"), "the meeting was held on 14th October 2025", or a date written in numbers.

Only full dates with a day, a month and a four-digit year are read, strictly: a date that
does not exist is not read at all, and nothing is guessed from a month alone. What is found
is a proposal that the import shows for confirmation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.dates import parse_day
from tracker.deadlines import ENGLISH_MONTHS
from tracker.text import fold

_MONTHS = ENGLISH_MONTHS
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))


def _month(n: int) -> str:
    return rf"(?P<month{n}>{_MONTH_NAMES})\.?"


def _day(n: int) -> str:
    return rf"(?P<day{n}>\d{{1,2}})(?:st|nd|rd|th)?"


def _year(n: int) -> str:
    return rf"(?P<year{n}>(?:19|20)\d{{2}})"


_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
# "September 05, 2022", "5th September 2022", "5 Sept. 2022", "05/09/2022", "2022-09-05".
_DATE = (
    rf"(?:{_WEEKDAY}(?:{_month(1)}\s+{_day(1)},?\s+{_year(1)}|{_day(2)}\s+(?:of\s+)?{_month(2)},?\s+{_year(2)})"
    r"|(?P<numeric>\d{1,2}[/.]\d{1,2}[/.]\d{4}|\d{4}-\d{1,2}-\d{1,2}))"
)
# Where a text states its own date, most telling first.
_CUES: tuple[re.Pattern[str], ...] = (
    # "The meeting was held on ...", "the committee met on ...".
    re.compile(
        rf"\b(?:(?:meeting|sitting|briefing|session)\s+(?:was\s+)?held|met|convened)\s+(?:on\s+)?(?:\w+day,?\s+)?"
        rf"(?:the\s+)?{_DATE}",
        re.IGNORECASE,
    ),
    # A dateline: a place at the start of a line, then a comma and the date.
    re.compile(rf"^[ \t]*[A-Z][A-Za-z .'-]{{2,40}},[ \t]*(?:the[ \t]+)?{_DATE}", re.MULTILINE | re.IGNORECASE),
    # "Dated: 05/09/2022", "Date: 5 September 2022".
    re.compile(rf"\bdated?\s*:?\s*{_DATE}", re.IGNORECASE),
)
# Only the opening of a long text is searched for a dateline-like date: further in, a date is
# more likely a deadline than the sitting.
_HEAD_CHARS = 4000


@dataclass(frozen=True)
class FoundDate:
    """A date a file states, and the words (or the page field) it was read from."""

    day: date
    evidence: str
    where: str = "the text"

    @property
    def note(self) -> str:
        """'from the text: 'Islamabad, September 05, 2022'', for the confirmation line."""
        return f"from {self.where}: {self.evidence!r}"


def _to_date(m: re.Match[str]) -> date | None:
    if m.group("numeric"):
        try:
            return parse_day(m.group("numeric"))
        except ValueError:
            return None
    n = 1 if m.group("month1") else 2
    month = _MONTHS[fold(m.group(f"month{n}"))]
    try:
        return date(int(m.group(f"year{n}")), month, int(m.group(f"day{n}")))
    except ValueError:
        return None


def find_date(text: str) -> FoundDate | None:
    """The sitting's date as ``text`` states it, or None when it states none clearly."""
    for i, cue in enumerate(_CUES):
        # "held on" is looked for everywhere; the other cues only near the top.
        haystack = text if i == 0 else text[:_HEAD_CHARS]
        for m in cue.finditer(haystack):
            day = _to_date(m)
            if day is not None:
                return FoundDate(day, " ".join(m.group(0).split()))
    return None


def parse_iso_stamp(value: str) -> date | None:
    """The date of an ISO 8601 stamp ("2026-03-12T08:15:00+05:00"), as written (its own zone)."""
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", value)
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
