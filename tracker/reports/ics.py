"""iCalendar: an all-day event on the deadline of every open commitment."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any

from tracker.clock import utc_now
from tracker.readmodels import OPEN_STATUSES, CommitmentRow
from tracker.reports.model import NO_OWNER, ReportSource, RowsWritten
from tracker.reports.sqlite_read import SqliteReport
from tracker.text import clean, one_line

_ICS_MAX_OCTETS = 75


def ics_text(value: str | None) -> str:
    """A TEXT value escaped as RFC 5545 wants: backslash, ``;`` and ``,`` escaped, line
    breaks as ``\\n``, other control characters dropped."""
    text = clean(value).replace("\t", " ")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """One content line folded at 75 octets (never inside a UTF-8 character), CRLF-ended."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, _ICS_MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            # A continuation line starts with a space, which counts towards its 75 octets.
            current, size, limit = [], 0, _ICS_MAX_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def calendar_query() -> dict[str, Any]:
    """What ``queries.select_rows`` is asked for the calendar's rows."""
    from tracker.queries import Filters

    return {"filters": Filters(statuses=[str(s) for s in OPEN_STATUSES]), "order": "deadline"}


def calendar_rows(session: ReportSource, *, today: date) -> Iterator[CommitmentRow]:
    """Every commitment open today that has a deadline, past ones included, soonest first."""
    if isinstance(session, SqliteReport):
        rows = session.calendar_rows(as_of=today)
    else:
        from tracker import queries

        rows = queries.iter_rows(session, as_of=today, **calendar_query())
    return (r for r in rows if r.deadline is not None)


def write_calendar(
    rows: Iterable[CommitmentRow], out: IO[str], *, now: datetime | None = None, name: str = "Commitment deadlines"
) -> int:
    """An RFC 5545 calendar: one all-day event per commitment on its deadline. The UID of
    a commitment's event never changes, and SEQUENCE follows its version, so a subscribed
    calendar moves the event when the deadline moves. Returns the number of events."""
    stamp = (now or utc_now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    def put(line: str) -> None:
        out.write(ics_fold(line))

    put("BEGIN:VCALENDAR")
    put("VERSION:2.0")
    put("PRODID:-//Senate committee secretariat//tracker//EN")
    put("CALSCALE:GREGORIAN")
    put("METHOD:PUBLISH")
    put(f"X-WR-CALNAME:{ics_text(name)}")
    n = 0
    for row in rows:
        if row.deadline is None:
            continue
        details = [
            f"Owner: {row.owner or NO_OWNER}",
            f"Status: {row.status}" + (f", confidence {row.confidence}" if row.confidence else ""),
            f"Theme: {row.theme}",
            f"Deadline: {row.deadline.isoformat()}"
            + (f" ({one_line(row.deadline_text)})" if row.deadline_text else ""),
        ]
        if row.excerpt:
            details.append(f"Source: {one_line(row.excerpt)}")
        details.append(f"tracker commitment #{row.id}")
        description = "\n".join(details)
        put("BEGIN:VEVENT")
        put(f"UID:commitment-{row.id}@tracker")
        put(f"DTSTAMP:{stamp}")
        put(f"SEQUENCE:{row.version}")
        # isoformat, not strftime: %Y drops the leading zeros of a year before 1000.
        put(f"DTSTART;VALUE=DATE:{row.deadline.isoformat().replace('-', '')}")
        if row.deadline < date.max:  # without DTEND an all-day event lasts its one day
            put(f"DTEND;VALUE=DATE:{(row.deadline + timedelta(days=1)).isoformat().replace('-', '')}")
        put(f"SUMMARY:{ics_text('Due: ' + one_line(row.title))}")
        put(f"DESCRIPTION:{ics_text(description)}")
        put(f"CATEGORIES:{ics_text(row.theme)}")
        put("TRANSP:TRANSPARENT")
        put("END:VEVENT")
        n += 1
    put("END:VCALENDAR")
    return n


def write_ics(
    session: ReportSource,
    out: IO[str],
    *,
    as_of: date,
    progress: RowsWritten | None = None,
    **_: object,  # the report's scope and groups: a calendar has neither
) -> int:
    """The calendar of every commitment open on ``as_of`` (a calendar has no scope or
    groups: each deadline is one event). Returns the number of events."""
    written = write_calendar(calendar_rows(session, today=as_of), out)
    if progress is not None:
        progress(written)
    return written
