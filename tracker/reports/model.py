"""What every report format shares: the scope, the header, the columns and the rows.

``build_report`` gathers the header (as-of date, the briefings covered, counts overdue, open
and closed, per owner, per theme, per status); ``report_tuples`` streams the rows, most overdue
first, as plain tuples straight from the database, so a writer formats a million rows without
building an object per row and never holds them in memory.

Untrusted text (titles, notes, excerpts) is made safe by each format: CSV and XLSX cells that
a spreadsheet would run as a formula get a leading ``'`` (and XLSX text cells are typed as
strings, so ``=...`` can never become a formula); Markdown escapes ``|`` and line breaks;
HTML escapes everything; iCalendar escapes its separators and folds long lines.

Where a person reads a report (Markdown, HTML, the workbook) themes and statuses are words
(the theme's label, "not started"); CSV and JSON, which programs read back, keep the codes.

Every function that reads takes a ``ReportSource``: a SQLAlchemy session, or on a SQLite file
at the current schema a ``sqlite_read.SqliteReport``, which runs the same statements compiled
once (``sqlite_sql``) on the stdlib driver, so that an export loads no SQLAlchemy. Neither this
module nor a writer imports SQLAlchemy until a session is given.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import IO, TYPE_CHECKING, Any, TypeAlias

from tracker.fiscal import Timeliness, timeliness
from tracker.followup_rules import Actual, Slippage
from tracker.readmodels import CLOSED_STATUSES, OPEN_STATUSES, BriefingRef, CommitmentRow, Status
from tracker.reports.sqlite_read import SqliteReport


class PerValue(dict[Any, Any]):
    """``work`` of each distinct value, done once and then looked up: a report repeats a few
    themes, statuses and dates over thousands of rows. ``known`` gives values their result
    beforehand (``{None: ""}``)."""

    def __init__(self, work: Callable[[Any], Any], known: dict[Any, Any] | None = None) -> None:
        super().__init__(known or {})
        self.work = work

    def __missing__(self, value: Any) -> Any:
        result = self[value] = self.work(value)
        return result


if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlmodel import Session

    from tracker.queries import StateColumns

# What a report reads from: a session, or a SQLite file read through the stdlib driver.
ReportSource: TypeAlias = "Session | SqliteReport"

# Called by a writer with the rows written so far, after each chunk.
RowsWritten = Callable[[int], None]


class Scope(StrEnum):
    """Which commitments a report lists."""

    OVERDUE = "overdue"
    ALL = "all"


class GroupBy(StrEnum):
    OWNER = "owner"
    THEME = "theme"


NO_OWNER = "(no owner)"


@dataclass(frozen=True)
class Counts:
    """Commitments as they stood on a date. ``open`` includes the overdue ones."""

    overdue: int = 0
    open: int = 0
    closed: int = 0

    @property
    def total(self) -> int:
        return self.open + self.closed

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.overdue + other.overdue, self.open + other.open, self.closed + other.closed)


@dataclass(frozen=True)
class ReportHeader:
    """What a report says before its rows."""

    scope: Scope
    as_of: date
    group_by: GroupBy | None
    briefings: tuple[BriefingRef, ...]
    totals: Counts
    by_owner: tuple[tuple[str, Counts], ...]
    by_theme: tuple[tuple[str, Counts], ...]
    by_status: tuple[tuple[str, int], ...]

    @property
    def title(self) -> str:
        return report_title(self.scope, self.as_of)

    @property
    def empty_message(self) -> str:
        return empty_message(self.scope, self.as_of)


def report_title(scope: Scope, as_of: date) -> str:
    what = "Overdue commitments" if scope is Scope.OVERDUE else "Commitments"
    return f"{what} as of {as_of.isoformat()}"


def empty_message(scope: Scope, as_of: date) -> str:
    """What an empty report says, in place of its rows."""
    if scope is Scope.OVERDUE:
        return f"Nothing is overdue as of {as_of.isoformat()}."
    return f"There are no commitments as of {as_of.isoformat()}."


# ---------------------------------------------------------------- gathering


def _query(scope: Scope, group_by: GroupBy | None) -> dict[str, Any]:
    """What ``queries.select_rows`` is asked for a report's rows."""
    from tracker.queries import Filters

    return {
        "filters": Filters(overdue=scope is Scope.OVERDUE),
        "order": "most_overdue" if scope is Scope.OVERDUE else "report",
        "with_last_update": True,
        "group_by": str(group_by) if group_by else None,
    }


def build_header(
    session: ReportSource, *, scope: Scope, as_of: date, group_by: GroupBy | None = None, by_theme: bool = False
) -> ReportHeader:
    """The header of a report: counts over every commitment as it stood on ``as_of`` (per
    theme too when ``by_theme``, which only the HTML page's chart reads: counted in the same
    scan as per owner, grouped by both, a few hundred groups; a second scan cost the page
    0.1 s of CPU at 200,000 commitments), and the briefings the listed commitments came from."""
    open_statuses = {str(s) for s in OPEN_STATUSES}
    statuses: dict[str, int] = {str(s): 0 for s in Status}
    owners: dict[str, Counts] = {}
    themes: dict[str, Counts] = {}
    for status, owner, *theme, overdue, n in count_states(
        session, as_of=as_of, by=("owner", "theme") if by_theme else ("owner",)
    ):
        is_open = status in open_statuses
        counts = Counts(n if overdue else 0, n if is_open else 0, 0 if is_open else n)
        owner = owner or NO_OWNER
        owners[owner] = owners.get(owner, Counts()) + counts
        statuses[status] = statuses.get(status, 0) + n
        if theme:
            themes[theme[0] or ""] = themes.get(theme[0] or "", Counts()) + counts
    totals = sum(owners.values(), Counts())

    def most_overdue_first(items: dict[str, Counts]) -> tuple[tuple[str, Counts], ...]:
        return tuple(sorted(items.items(), key=lambda kv: (-kv[1].overdue, -kv[1].open, kv[0])))

    return ReportHeader(
        scope=scope,
        as_of=as_of,
        group_by=group_by,
        briefings=tuple(briefings_covered(session, as_of=as_of, overdue=scope is Scope.OVERDUE)),
        totals=totals,
        by_owner=most_overdue_first(owners),
        by_theme=most_overdue_first(themes),
        by_status=tuple(statuses.items()),
    )


def count_states(session: ReportSource, *, as_of: date, by: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The rows of ``queries.count_states_statement`` grouped ``by`` those columns, (status,
    one key per column, overdue, count), from either source."""
    if isinstance(session, SqliteReport):
        return session.count_states(as_of=as_of, by=by)
    from tracker import queries

    stmt = queries.count_states_statement(queries.state_columns(session, as_of), as_of=as_of, by=by)
    return [tuple(row) for row in session.execute(stmt)]


def briefings_covered(session: ReportSource, *, as_of: date, overdue: bool) -> list[BriefingRef]:
    """``queries.briefings_covered`` from either source."""
    if isinstance(session, SqliteReport):
        return session.briefings_covered(as_of=as_of, overdue=overdue)
    from tracker import queries

    return queries.briefings_covered(session, as_of=as_of, overdue=overdue)


def count_listed(session: ReportSource, *, scope: Scope, as_of: date) -> int:
    """How many rows the report of ``scope`` lists (``queries.count``), from either source."""
    if isinstance(session, SqliteReport):
        return session.count(as_of=as_of, overdue=scope is Scope.OVERDUE)
    from tracker import queries

    return queries.count(session, as_of=as_of, filters=queries.Filters(overdue=scope is Scope.OVERDUE))


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    name: str  # in CSV
    label: str  # in XLSX, Markdown and HTML
    width: int = 12  # in XLSX, in characters


COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", 7),
    Column("title", "Title", 50),
    Column("theme", "Theme", 18),
    Column("owner", "Owner", 30),
    Column("status", "Status", 12),
    Column("confidence", "Confidence", 11),
    Column("deadline", "Deadline", 11),
    Column("days_overdue", "Days overdue", 8),
    Column("timeliness", "Timeliness", 11),
    Column("last_update_on", "Last update", 11),
    Column("last_update_by", "Updated by", 16),
    Column("last_update_note", "Update note", 40),
    Column("excerpt", "Excerpt", 60),
    # The day it was made: `import` reads it back, so a round trip keeps it.
    Column("since", "Made on", 11),
    # commitment or directive (a code in CSV, which `import` reads back; the same word elsewhere).
    Column("kind", "Kind", 11),
)


# ---------------------------------------------------------------- words for people


@cache
def _theme_labels() -> dict[str, str]:
    from tracker.themes import load_themes  # the labels' file is read only where words are shown

    return {t.slug: t.label for t in load_themes()}


def theme_label(theme: str) -> str:
    """A theme as a person reads it: its label in seeds/themes.toml (the code if unknown)."""
    return _theme_labels().get(theme, theme)


def status_words(status: str) -> str:
    """A status as a person reads it: ``not_started`` is "not started"."""
    return status.replace("_", " ")


def timeliness_words(state: Timeliness | str) -> str:
    """A timeliness as a person reads it: ``due_soon`` is "due soon"."""
    return str(state).replace("_", " ")


# ---------------------------------------------------------------- streaming rows

# The columns of ``queries.select_rows`` the report writers read, by name.
REPORT_FIELDS = (
    "id", "title", "theme", "owner", "status", "confidence", "deadline",
    "last_effective_on", "last_by", "last_note", "excerpt", "since", "kind",
)  # fmt: skip
CLOSED = frozenset(str(s) for s in CLOSED_STATUSES)
# Rows fetched per round trip; also how often a writer reports its progress.
CHUNK = 5000


def report_statement(
    state: StateColumns,
    *,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    fields: Sequence[str] = REPORT_FIELDS,
    with_last_update: bool = True,
    sqlite: bool = False,
) -> Select[Any]:
    """The statement of a report's rows: ``queries.rows_statement`` narrowed to ``fields``.

    On SQLite (``sqlite``) the overdue rows are picked by id first (``ids_first``) where the
    state is the stored one: the index on (status, deadline, ...) gives the ids, and the rows
    are then read in id order, each page of the table once, instead of in the index's order,
    which read a page again for nearly every row (at 200,000 commitments 22,643 page reads
    instead of 64,899, and 0.08 s less CPU). A state rebuilt from the history for a past date
    is worked out per row either way, so it keeps the plain filter.
    """
    from tracker import queries

    ids_first = sqlite and scope is Scope.OVERDUE and state.moves is None
    query = {**_query(scope, group_by), "with_last_update": with_last_update, "ids_first": ids_first}
    stmt = queries.rows_statement(state, as_of=as_of, **query)
    return stmt.with_only_columns(*(stmt.selected_columns[name] for name in fields), maintain_column_froms=True)


def report_tuples(
    session: ReportSource,
    *,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    fields: Sequence[str] = REPORT_FIELDS,
    with_last_update: bool = True,
    stored_dates: bool = False,
) -> Iterator[Sequence[Any]]:
    """The report's rows in chunks of plain tuples of ``fields``, in ``report_rows`` order.

    What the writers stream: at a million commitments a read model per row costs more than
    writing it (see tests/test_reports_bench.py). With ``stored_dates`` a date may come as
    the value stored in a SQLite file, unchecked: read each through ``date_reader``.
    """
    if isinstance(session, SqliteReport):
        yield from session.report_tuples(
            scope=str(scope),
            as_of=as_of,
            group_by=str(group_by) if group_by else None,
            fields=tuple(fields),
            with_last_update=with_last_update,
            chunk=CHUNK,
            stored_dates=stored_dates,
        )
        return
    from tracker import queries

    state = queries.state_columns(session, as_of)
    connection = session.connection()
    stmt = report_statement(
        state,
        scope=scope,
        as_of=as_of,
        group_by=group_by,
        fields=fields,
        with_last_update=with_last_update,
        sqlite=connection.dialect.name == "sqlite",
    )
    result = connection.execution_options(stream_results=True, yield_per=CHUNK).execute(stmt)
    yield from result.partitions()


def date_reader(session: ReportSource) -> Callable[[Any], date | None]:
    """What reads a date of ``report_tuples(..., stored_dates=True)`` as a date: the SQLite
    reader's check of the stored value; through SQLAlchemy it is one already."""
    if isinstance(session, SqliteReport):
        return session.date_of
    return as_date


def as_date(value: date | None) -> date | None:
    """A date read through SQLAlchemy, already a date: ``date_reader``'s reading of it."""
    return value


def write_in_chunks(out: IO[str], lines: Iterable[str], *, written: int, progress: RowsWritten | None) -> int:
    """Write ``lines`` (one per row) in chunks of ``CHUNK``, telling ``progress`` the running
    count after each; returns that count, starting from ``written``."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        written += 1
        if len(batch) == CHUNK:
            out.write("".join(batch))
            batch.clear()
            if progress is not None:
                progress(written)
    out.write("".join(batch))
    return written


def count_rows(header: ReportHeader) -> int:
    """How many rows the report with this header lists."""
    return header.totals.overdue if header.scope is Scope.OVERDUE else header.totals.total


def timeliness_of(deadline: date | None, status: str, as_of: date) -> Timeliness:
    """``fiscal.timeliness`` for a raw row."""
    return timeliness(closed=status in CLOSED, deadline=deadline, as_of=as_of)


def display_cells(
    rows: Iterable[Sequence[Any]],
    *,
    scope: Scope,
    as_of: date,
    escape: Callable[[str], str],
    state_cell: Callable[[str], str],
    date_of: Callable[[Any], date | None] = as_date,
) -> Iterator[tuple[Any, ...]]:
    """The cells the Markdown and HTML tables show of each row of ``REPORT_FIELDS``: its
    free text as stored (each writer escapes it its own way) and its words (kind, theme
    label, status, confidence), deadline, days overdue and (for ``Scope.ALL``) timeliness
    ready to print, each worked out and escaped once per distinct value. ``state_cell``
    makes the timeliness cell of the escaped words; ``""`` stands for an empty cell. Rows:
    (id, title, owner, last_on, last_by, last_note, excerpt, kind, theme, status,
    confidence, deadline, days overdue, timeliness cell).

    The dates may come as stored (``report_tuples(..., stored_dates=True)``, read through
    ``date_of``): each distinct one is read and written once, and the last update's day comes
    out as its ISO text (None for none)."""
    with_state = scope is Scope.ALL
    every_row_overdue = scope is Scope.OVERDUE
    overdue = Timeliness.OVERDUE
    words = PerValue(escape, {None: ""})
    themes = PerValue(lambda theme: escape(theme_label(theme)))
    statuses = PerValue(lambda status: escape(status_words(status)))
    states = PerValue(lambda state: state_cell(escape(timeliness_words(state))))

    def deadline_cells(stored: Any) -> tuple[date | None, str, str]:
        day_value = date_of(stored)
        if day_value is None:
            return None, "", ""
        return day_value, day_value.isoformat(), str((as_of - day_value).days)

    # Per stored deadline: the date, its ISO text and its days overdue.
    deadlines = PerValue(deadline_cells)
    last_days = PerValue(lambda stored: None if (day := date_of(stored)) is None else day.isoformat(), {None: None})
    for (
        id_,
        title,
        theme,
        owner,
        status,
        confidence,
        deadline,
        last_on,
        last_by,
        last_note,
        excerpt,
        _since,
        kind,
    ) in rows:
        deadline_day, day, days_late = deadlines[deadline]
        # The overdue report lists only rows overdue on ``as_of``: no need to ask.
        state = overdue if every_row_overdue else timeliness_of(deadline_day, status, as_of)
        if state is not overdue:
            days_late = ""
        yield (
            id_,
            title,
            owner,
            last_days[last_on],
            last_by,
            last_note,
            excerpt,
            words[kind],
            themes[theme],
            statuses[status],
            words[confidence],
            day,
            days_late,
            states[state] if with_state else "",
        )


def grouped_chunks(
    chunks: Iterable[Sequence[Any]], key_index: int | None
) -> Iterator[tuple[str | None, Iterator[Any]]]:
    """The rows of ``chunks`` in one group (key None) or, when ``key_index`` is given, a group
    per value of that column (the rows arrive sorted by it); only groups that hold a row."""
    rows = itertools.chain.from_iterable(chunks)
    if key_index is None:
        first = next(rows, None)
        if first is not None:
            yield None, itertools.chain([first], rows)
        return
    yield from itertools.groupby(rows, key=lambda r: r[key_index])


def group_index(group_by: GroupBy | None) -> int | None:
    """Where the grouping column sits in a tuple of ``REPORT_FIELDS``."""
    if group_by is None:
        return None
    return REPORT_FIELDS.index(str(group_by))


def group_title(group_by: GroupBy, key: str | None) -> str:
    """A group's heading as a person reads it: the owner, or the theme's label."""
    if group_by is GroupBy.OWNER:
        return key or NO_OWNER
    return theme_label(key or "")


# ---------------------------------------------------------------- what people read

# Columns shown right-aligned, as numbers.
NUMERIC_LABELS = frozenset({"ID", "Days overdue"})


def display_labels(scope: Scope) -> list[str]:
    """The columns Markdown and HTML show per row (timeliness only when the report lists
    more than the overdue; the last update in one cell)."""
    labels = ["ID", "Title", "Kind", "Theme", "Owner", "Status", "Confidence", "Deadline"]
    if scope is Scope.ALL:
        labels.append("Timeliness")
    return [*labels, "Days overdue", "Last update", "Excerpt"]


# ---------------------------------------------------------------- follow-up sections

# The "Deadlines moved" section (Markdown, HTML) and sheet (the workbook).
MOVED_TITLE = "Deadlines moved"
MOVED_LABELS = ("ID", "Title", "Owner", "Times moved", "Days moved", "Sittings", "First deadline", "Deadline")
MOVED_WIDTHS = (7, 50, 30, 8, 8, 8, 11, 11)
MOVED_NUMERIC = frozenset({"ID", "Times moved", "Days moved", "Sittings"})


def moved_query() -> dict[str, Any]:
    """What ``queries.select_rows`` is asked for the "Deadlines moved" section."""
    from tracker.queries import Filters

    return {"filters": Filters(slipped=1), "order": "slipped"}


def moved_deadlines(session: ReportSource, *, as_of: date) -> Iterator[tuple[Any, ...]]:
    """Every commitment whose deadline had moved by ``as_of``, most moves first: tuples of
    ``MOVED_LABELS`` (days: later positive; sittings: briefings that restated it), counted
    from the history as of that date. Streamed, the history read 500 rows at a time."""
    rows: Iterator[CommitmentRow]
    slippage: Callable[[list[int]], dict[int, Slippage]]
    if isinstance(session, SqliteReport):
        reader = session
        rows = reader.moved_rows(as_of=as_of)

        def slippage(ids: list[int]) -> dict[int, Slippage]:
            return reader.slippage(ids, as_of=as_of)
    else:
        from tracker import followup, queries

        db = session
        rows = queries.iter_rows(db, as_of=as_of, **moved_query())

        def slippage(ids: list[int]) -> dict[int, Slippage]:
            return followup.slippage(db, ids, as_of=as_of)

    while batch := list(itertools.islice(rows, 500)):
        slips = slippage([r.id for r in batch])
        for r in batch:
            slip = slips.get(r.id, Slippage())
            yield (r.id, r.title, r.owner, slip.moves, slip.days, slip.sittings, slip.first_deadline, r.deadline)


@dataclass(frozen=True)
class ActualRow:
    """A commitment's latest actual on a date against its target then."""

    id: int
    title: str
    owner: str
    actual: Actual


def actual_commitments_statement() -> Select[int, str, str, float | None, str | None]:
    """Each commitment measured by the parameter ``as_of`` (and made by then), by id, with its
    title, owner and own target."""
    from sqlalchemy import Date, bindparam, or_, select
    from sqlmodel import col

    from tracker.models import Commitment, Measurement

    as_of = bindparam("as_of", type_=Date)
    return (
        select(
            col(Measurement.commitment_id),
            col(Commitment.title),
            col(Commitment.owner),
            col(Commitment.target_value),
            col(Commitment.target_unit),
        )
        .join(Commitment, col(Commitment.id) == col(Measurement.commitment_id))
        .where(col(Measurement.as_of) <= as_of, or_(col(Commitment.since).is_(None), col(Commitment.since) <= as_of))
        .distinct()
        .order_by(col(Measurement.commitment_id))
    )


def latest_actuals(session: ReportSource, *, as_of: date) -> Iterator[ActualRow]:
    """Each commitment measured by ``as_of`` (and made by then), by id, with its latest
    actual against the target in force that day."""
    if isinstance(session, SqliteReport):
        for commitment_id, title, owner, taken in session.latest_actuals(as_of=as_of):
            if taken:
                yield ActualRow(commitment_id, title, owner, taken[-1])
        return
    from tracker import followup

    for commitment_id, title, owner, _value, _unit in session.execute(actual_commitments_statement(), {"as_of": as_of}):
        taken = followup.actuals(session, commitment_id, as_of=as_of)
        if taken:
            yield ActualRow(commitment_id, title, owner, taken[-1])
