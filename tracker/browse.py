"""The TUI's window on the database: pages, counts, detail, and the writes it makes.

Headless (no Textual): the interface calls these methods from thread workers and gets plain
read models back; no widget ever opens a session. Each method is one unit of work.

Paging is by keyset, never by deep OFFSET: a page is "the next (or previous) N rows after
this row's sort key and id". Every sort is tie-broken by id, so keys are unique and pages
never skip or repeat a row. Migration 0003 indexes each sort order; the sort-key SQL here
must match those index expressions (``models.DEADLINE_SORT_SQL``, ``models.CLOSED_SQL``).
OFFSET is used only by ``page_at``, for a jump to an arbitrary place (a scrollbar drag).

Reads of which only the newest matters (the rows and counts of what the user is typing into
the search box) go through a ``Lane``: starting one interrupts the one still running in the
database, so a query made stale by the next key press stops instead of holding a connection,
a thread and its memory until it ends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, and_, func, literal, literal_column, select, tuple_
from sqlmodel import Session, col

from tracker import commitments as svc
from tracker import followup, queries, review
from tracker.clock import office_zone
from tracker.commitments import change_summary, current_user, parse_confidence
from tracker.dates import DeadlineChoice, parse_deadline
from tracker.errors import UserError
from tracker.followup import Actual, LineageEntry, Slippage, format_amount
from tracker.intake.dates import FoundDate
from tracker.models import Briefing, Commitment, CommitmentExcerpt, Confidence, Kind, Status
from tracker.progress import ProgressFn
from tracker.queries import CommitmentRow, Filters
from tracker.store import Store

SORTS: tuple[str, ...] = ("id", "title", "theme", "owner", "status", "deadline", "timeliness", "moved")
NO_DEADLINE = date(9999, 12, 31)  # how the deadline sort key spells "none": last

_c = Commitment.__table__.c  # type: ignore[attr-defined]

Key = tuple[Any, ...]


@dataclass(frozen=True)
class View:
    """What the table shows: which commitments, in which order, as of which day."""

    as_of: date
    filters: Filters = Filters()
    sort: str = "id"
    descending: bool = False


@dataclass(frozen=True)
class Page:
    """Rows in display order, each with its keyset key. ``complete`` is True when the
    page reached the end of the list in the direction it was read."""

    rows: list[CommitmentRow]
    keys: list[Key]
    complete: bool


@dataclass(frozen=True)
class Summary:
    """Counts for the summary bar: per status, and how many are overdue."""

    total: int
    by_status: dict[str, int]
    overdue: int


@dataclass(frozen=True)
class HistoryEntry:
    effective_on: date
    recorded_at: str
    by: str
    from_status: str
    to_status: str
    from_deadline: date | None
    to_deadline: date | None
    from_confidence: str | None
    to_confidence: str | None
    note: str
    evidence: str | None
    from_target_value: float | None = None
    to_target_value: float | None = None
    from_target_unit: str | None = None
    to_target_unit: str | None = None


@dataclass(frozen=True)
class Span:
    """Where a commitment's words sit in its briefing's text."""

    commitment_id: int
    title: str
    start: int
    end: int


@dataclass(frozen=True)
class CommitmentDetail:
    """Everything the detail screen shows about one commitment."""

    row: CommitmentRow
    baseline: str | None
    briefing_id: int | None
    briefing_title: str | None
    excerpts: list[str]
    paragraphs: list[tuple[str, int, int]]  # (paragraph, excerpt start, end within it)
    history: list[HistoryEntry]
    # Every briefing that stated it, its actuals against the target and how its deadline
    # moved, all as of the day the detail is for.
    lineage: list[LineageEntry] = field(default_factory=list)
    actuals: list[Actual] = field(default_factory=list)
    slippage: Slippage = Slippage()


@dataclass(frozen=True)
class BriefingText:
    id: int
    title: str
    date: date
    committee: str | None
    text: str
    spans: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did, in one line, and the briefing whose new items wait for review."""

    line: str
    review_briefing_id: int | None


# ---------------------------------------------------------------- sort keys


def _sort_keys(state: queries.StateColumns, sort: str) -> list[ColumnElement[Any]]:
    """The sort key columns for ``sort`` (the id is appended by the caller).

    Literal SQL, not bound parameters, so SQLite matches them to the expression indexes.
    """
    if sort not in SORTS:
        raise UserError(f"cannot sort by {sort!r} (choose from: {', '.join(SORTS)})")
    deadline_key = func.coalesce(
        state.deadline, literal_column(f"'{NO_DEADLINE.isoformat()}'"), type_=state.deadline.type
    )
    closed = state.status.in_(
        [literal_column(f"'{s.value}'") for s in (Status.DONE, Status.PARTLY_DONE, Status.DROPPED)]
    )
    keys: dict[str, list[ColumnElement[Any]]] = {
        "id": [],
        "title": [_c.title],
        "theme": [_c.theme],
        "owner": [_c.owner],
        "status": [state.status],
        "deadline": [deadline_key],
        "timeliness": [closed, deadline_key],
        # The count to date, kept on the row and indexed: a past date's count would have to
        # be read from the history for every row before the first page could be sorted.
        "moved": [_c.deadline_moves],
    }
    return keys[sort]


def _workflow_keys(
    session: Session,
    view: View,
    state: queries.StateColumns,
    *,
    after: Key | None,
    ascending: bool,
    limit: int,
    offset: int | None,
) -> Iterator[Select[Any]]:
    """Keys (rank, id) in the workflow order of status (not started, in progress, stalled,
    done, partly done, dropped: the order ``Status`` lists them in), then by id.

    No index holds that order, but each status alone is a run of the status index in id
    order: one statement per status, read in turn, each a seek in that index, so a page costs
    the same at any size. An offset (a jump, not paging) skips whole statuses by their counts.
    """
    where = queries.where_clauses(state, view.filters, view.as_of, session=session)
    ranked = list(enumerate(Status))
    if not ascending:
        ranked.reverse()
    table = Commitment.__table__  # type: ignore[attr-defined]
    skip = offset or 0
    for rank, status in ranked:
        after_rank = int(after[0]) if after is not None else None
        if after_rank is not None and ((rank < after_rank) if ascending else (rank > after_rank)):
            continue
        this_status = state.status == literal_column(f"'{status.value}'")
        if skip:
            held = int(
                session.execute(select(func.count()).select_from(table).where(*where, this_status)).scalar() or 0
            )
            if held <= skip:
                skip -= held
                continue
        stmt = (
            select(literal_column(str(rank)).label("status_rank"), _c.id)
            .select_from(table)
            .where(*where, this_status)
            .order_by(_c.id.asc() if ascending else _c.id.desc())
            .limit(limit)
        )
        if after is not None and rank == after_rank:
            stmt = stmt.where(_c.id > int(after[1]) if ascending else _c.id < int(after[1]))
        if skip:
            stmt, skip = stmt.offset(skip), 0
        yield stmt


def _keyset(keys: Sequence[ColumnElement[Any]], after: Key, *, forward: bool) -> ColumnElement[bool]:
    """Rows strictly after (or before) ``after`` in the order (keys..., id).

    The leading bound on the first key is redundant, but it lets SQLite seek in an
    expression index instead of scanning it from the start.
    """
    columns = [*keys, _c.id]
    values = [literal(v, type_=c.type) for v, c in zip(after, columns, strict=True)]
    row_value, bound = tuple_(*columns), tuple_(*values)
    strict = row_value > bound if forward else row_value < bound
    lead = columns[0] >= values[0] if forward else columns[0] <= values[0]
    return and_(lead, strict)


# ---------------------------------------------------------------- cancelling stale reads


class Cancelled(Exception):
    """A read stopped because a newer read in its lane replaced it: nothing to show."""


class Lane:
    """A sequence of reads where a new one makes the one before it stale.

    ``Browser`` methods that take a ``lane`` interrupt the lane's running query (SQLite's
    ``interrupt``, PostgreSQL's cancel request) before they start; the interrupted read
    raises ``Cancelled``. Thread-safe: reads run in worker threads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._newest = 0
        self._running: dict[int, Any] = {}  # ticket -> the DBAPI connection it runs on

    def _start(self) -> int:
        with self._lock:
            self._newest += 1
            for connection in self._running.values():
                _interrupt(connection)
            return self._newest

    def _attach(self, ticket: int, connection: Any) -> None:
        with self._lock:
            if ticket != self._newest:
                _interrupt(connection)
            self._running[ticket] = connection

    def _finish(self, ticket: int) -> None:
        with self._lock:
            self._running.pop(ticket, None)

    def stale(self, ticket: int) -> bool:
        with self._lock:
            return ticket != self._newest

    def cancel(self) -> None:
        """Interrupt whatever the lane is reading (the screen showing it is closing)."""
        self._finish(self._start())


def _interrupt(connection: Any) -> None:
    stop = getattr(connection, "interrupt", None) or getattr(connection, "cancel", None)
    if stop is not None:
        stop()


# ---------------------------------------------------------------- the facade


class Browser:
    """The database as the TUI sees it. ``today`` is injected: the TUI tests fix it."""

    def __init__(self, store: Store, *, today: date) -> None:
        self.store = store
        self.today = today

    @contextmanager
    def _session(self, lane: Lane | None) -> Iterator[Session]:
        """A read session; in a ``lane``, one that a newer read of the lane interrupts."""
        if lane is None:
            with self.store.read() as session:
                yield session
            return
        ticket = lane._start()
        try:
            with self.store.read() as session:
                connection = session.connection()
                lane._attach(ticket, connection.connection.dbapi_connection)
                try:
                    yield session
                finally:
                    lane._finish(ticket)
                    if lane.stale(ticket):
                        # A cancel request can arrive after its query ended: never reuse the
                        # connection, or it might stop the next reader's query instead.
                        connection.invalidate()
        except Exception:
            if lane.stale(ticket):
                raise Cancelled from None
            raise
        if lane.stale(ticket):
            raise Cancelled

    # -------------------------------------------------------------- reading pages

    def keys_queries(
        self, session: Session, view: View, *, after: Key | None, ascending: bool, limit: int, offset: int | None = None
    ) -> Iterator[Select[Any]]:
        """The first step of a page: sort keys and ids only, which an index covers. Read in
        turn, the statements' rows are the keys in order; a reader stops once it has
        ``limit``. One statement, except for the status sort (see ``_workflow_keys``)."""
        state = queries.state_columns(session, view.as_of)
        if view.sort == "status":
            yield from _workflow_keys(
                session, view, state, after=after, ascending=ascending, limit=limit, offset=offset
            )
            return
        keys = _sort_keys(state, view.sort)
        order = [*keys, _c.id]
        stmt = (
            select(*order)
            .select_from(Commitment.__table__)  # type: ignore[attr-defined]
            .where(*queries.where_clauses(state, view.filters, view.as_of, session=session))
            .order_by(*(k.asc() if ascending else k.desc() for k in order))
            .limit(limit)
        )
        if after is not None:
            stmt = stmt.where(_keyset(keys, after, forward=ascending))
        if offset:
            stmt = stmt.offset(offset)
        yield stmt

    def _read(
        self,
        view: View,
        *,
        after: Key | None,
        forward: bool,
        limit: int,
        offset: int | None = None,
        lane: Lane | None = None,
    ) -> Page:
        """One page in two steps: the keys alone (which an index covers, so even a sort of
        300,000 filtered rows stays in the index), then the full rows for those ids."""
        ascending = forward != view.descending
        with self._session(lane) as session:
            found: list[Key] = []
            for stmt in self.keys_queries(
                session, view, after=after, ascending=ascending, limit=limit + 1, offset=offset
            ):
                found += [tuple(r) for r in session.execute(stmt)]
                if len(found) > limit:
                    break
            complete = len(found) <= limit
            found = found[:limit]
            if not forward:
                found.reverse()
            # No ids is no filter at all: a page that found nothing must not read every row.
            by_id = {
                r.id: r
                for r in (
                    queries.iter_rows(
                        session, as_of=view.as_of, filters=Filters(ids=[k[-1] for k in found]), with_slippage=True
                    )
                    if found
                    else ()
                )
            }
        page_keys = [k for k in found if k[-1] in by_id]
        return Page([by_id[k[-1]] for k in page_keys], page_keys, complete)

    def first_page(self, view: View, *, limit: int = 200, lane: Lane | None = None) -> Page:
        """The first rows of ``view``. Every page read takes an optional ``lane``: a newer
        read in the same lane interrupts it (it then raises ``Cancelled``)."""
        return self._read(view, after=None, forward=True, limit=limit, lane=lane)

    def page_after(self, view: View, key: Key, *, limit: int = 200, lane: Lane | None = None) -> Page:
        """The rows that follow the row with ``key``."""
        return self._read(view, after=key, forward=True, limit=limit, lane=lane)

    def page_before(self, view: View, key: Key, *, limit: int = 200, lane: Lane | None = None) -> Page:
        """The rows that come before the row with ``key``, in display order."""
        return self._read(view, after=key, forward=False, limit=limit, lane=lane)

    def last_page(self, view: View, *, limit: int = 200, lane: Lane | None = None) -> Page:
        """The last ``limit`` rows, read backwards from the end (no count needed)."""
        return self._read(view, after=None, forward=False, limit=limit, lane=lane)

    def page_at(self, view: View, offset: int, *, limit: int = 200, lane: Lane | None = None) -> Page:
        """The rows from position ``offset``: for a jump to an arbitrary place only."""
        return self._read(view, after=None, forward=True, limit=limit, offset=max(offset, 0), lane=lane)

    def count(self, view: View, *, lane: Lane | None = None) -> int:
        with self._session(lane) as session:
            return queries.count(session, as_of=view.as_of, filters=view.filters)

    def summary(self, view: View, *, lane: Lane | None = None) -> Summary:
        """Counts per status and the overdue count of what the view shows."""
        with self._session(lane) as session:
            by_status, overdue = queries.status_counts(session, as_of=view.as_of, filters=view.filters)
        return Summary(sum(by_status.values()), by_status, overdue)

    def row(self, commitment_id: int, *, as_of: date | None = None) -> CommitmentRow:
        with self.store.read() as session:
            found = list(
                queries.iter_rows(
                    session,
                    as_of=as_of or self.today,
                    filters=Filters(ids=[commitment_id], include_later=True),
                    limit=1,
                )
            )
        if not found:
            raise UserError(f"no commitment with id {commitment_id}")
        return found[0]

    def owners(self, *, limit: int = 500) -> list[str]:
        """Owner names for the filter bar's suggestions (distinct, via the owner index)."""
        with self.store.read() as session:
            stmt = select(_c.owner).where(_c.owner != "").group_by(_c.owner).order_by(_c.owner).limit(limit)
            return [str(o) for (o,) in session.execute(stmt)]

    # -------------------------------------------------------------- one commitment

    def detail(self, commitment_id: int, *, as_of: date | None = None) -> CommitmentDetail:
        """Everything about one commitment, its source shown inside its paragraph."""
        day = as_of or self.today
        with self.store.read() as session:
            d = svc.detail(session, commitment_id)
            row = next(
                queries.iter_rows(
                    session, as_of=day, filters=Filters(ids=[commitment_id], include_later=True), limit=1
                ),
            )
            stated = followup.lineage(session, commitment_id, as_of=day)
            actuals = followup.actuals(session, commitment_id, as_of=day)
            slipped = followup.slippage(session, [commitment_id], as_of=day).get(commitment_id, Slippage())
        c = d.commitment
        # Sentences of later briefings are shown with the briefings that stated it (lineage).
        own = [e for e in d.excerpts if e.briefing_id in (None, c.briefing_id)]
        spans: list[tuple[int, int]] = []
        if c.span_start is not None and c.span_end is not None:
            spans.append((c.span_start, c.span_end))
        spans += [(e.span_start, e.span_end) for e in own]
        paragraphs = []
        if d.briefing is not None:
            paragraphs = [line_around(d.briefing.text, start, end) for start, end in spans]
        excerpts = ([c.excerpt] if c.excerpt else []) + [e.excerpt for e in own]
        history = [
            HistoryEntry(
                effective_on=h.effective_on,
                recorded_at=h.recorded_at.astimezone(office_zone()).strftime("%Y-%m-%d %H:%M"),
                by=h.by,
                from_status=h.from_status,
                to_status=h.to_status,
                from_deadline=h.from_deadline,
                to_deadline=h.to_deadline,
                from_confidence=h.from_confidence,
                to_confidence=h.to_confidence,
                note=h.note,
                evidence=h.evidence,
                from_target_value=h.from_target_value,
                to_target_value=h.to_target_value,
                from_target_unit=h.from_target_unit,
                to_target_unit=h.to_target_unit,
            )
            for h in d.history
        ]
        return CommitmentDetail(
            row=row,
            baseline=c.baseline,
            briefing_id=d.briefing.id if d.briefing else None,
            briefing_title=d.briefing.title if d.briefing else None,
            excerpts=excerpts,
            paragraphs=paragraphs,
            history=history,
            lineage=stated,
            actuals=actuals,
            slippage=slipped,
        )

    def briefing(self, briefing_id: int) -> BriefingText:
        """A briefing's text and where each of its commitments sits in it."""
        with self.store.read() as session:
            b = session.get(Briefing, briefing_id)
            if b is None:
                raise UserError(f"no briefing with id {briefing_id}")
            own = select(
                col(Commitment.id), col(Commitment.title), col(Commitment.span_start), col(Commitment.span_end)
            )
            own = own.where(col(Commitment.briefing_id) == briefing_id, col(Commitment.span_start).is_not(None))
            extra = (
                select(
                    col(Commitment.id),
                    col(Commitment.title),
                    col(CommitmentExcerpt.span_start),
                    col(CommitmentExcerpt.span_end),
                )
                .join(CommitmentExcerpt, col(CommitmentExcerpt.commitment_id) == col(Commitment.id))
                .where(func.coalesce(col(CommitmentExcerpt.briefing_id), col(Commitment.briefing_id)) == briefing_id)
            )
            spans = [Span(i, t, s, e) for i, t, s, e in [*session.execute(own), *session.execute(extra)]]
            spans = [s for s in spans if 0 <= s.start < s.end <= len(b.text)]
            spans.sort(key=lambda s: (s.start, s.end))
            assert b.id is not None
            return BriefingText(b.id, b.title, b.date, b.committee, b.text, spans)

    # -------------------------------------------------------------- writing

    def update(
        self,
        commitment_id: int,
        *,
        expected_version: int,
        status: Status | None = None,
        deadline: DeadlineChoice | None = None,
        confidence: Confidence | None | Literal["unchanged"] = "unchanged",
        note: str = "",
        evidence: str | None = None,
        by: str | None = None,
        effective_on: date | None = None,
    ) -> CommitmentRow:
        """Record an update seen at ``expected_version``; ConflictError if it moved on since.

        Returns the commitment as it now stands.
        """
        with self.store.write() as session:
            svc.update_commitment(
                session,
                commitment_id,
                today=self.today,
                status=status,
                deadline=svc.UNSET if deadline is None else deadline.date,
                confidence=svc.UNSET if confidence == "unchanged" else confidence,
                note=note,
                evidence=evidence,
                by=by,
                effective_on=effective_on,
                expected_version=expected_version,
                deadline_text=deadline.text if deadline else None,
                deadline_rule=deadline.rule if deadline else None,
            )
        return self.row(commitment_id)

    def add(
        self,
        *,
        title: str,
        theme: str = "other",
        owner: str = "",
        description: str = "",
        deadline: DeadlineChoice | None = None,
        status: Status = Status.NOT_STARTED,
        confidence: Confidence | None = None,
        since: date | None = None,
        kind: Kind = Kind.COMMITMENT,
    ) -> CommitmentRow:
        """Create a commitment (or a directive: ``kind``) typed in by hand, made on ``since``
        (default today, never later); returns it."""
        made = since or self.today
        if made > self.today:
            raise UserError(f"it cannot have been made after today ({self.today.isoformat()})")
        with self.store.write() as session:
            c = svc.add_commitment(
                session,
                title=title,
                theme=theme,
                owner=owner,
                description=description,
                deadline=deadline.date if deadline else None,
                deadline_text=deadline.text if deadline else None,
                deadline_rule=deadline.rule if deadline else None,
                status=status,
                confidence=confidence,
                since=made,
                kind=kind,
            )
            new_id = c.id
        assert new_id is not None
        return self.row(new_id)

    def import_file(
        self,
        path: Path,
        progress: ProgressFn | None = None,
        *,
        briefing_date: date | None = None,
        allow_duplicate: bool = False,
    ) -> str:
        """Import one file, a briefing (text, PDF, Word, web page) or commitments (.csv, .json);
        says what happened in one line (for a briefing, with its sitting date and whence).
        ``progress`` hears (rows written, rows in all) for a file of commitments."""
        return self.import_for_review(path, progress, briefing_date=briefing_date, allow_duplicate=allow_duplicate).line

    def import_for_review(
        self,
        path: Path,
        progress: ProgressFn | None = None,
        *,
        briefing_date: date | None = None,
        allow_duplicate: bool = False,
    ) -> ImportOutcome:
        """As ``import_file``, and which briefing's new items now wait for review (to open
        the Review screen on it): None for a file of commitments (stored accepted) or a
        briefing that proposed nothing new, neither items nor follow-ups."""
        from tracker import importer
        from tracker.briefing_store import BRIEFING_SUFFIXES, import_briefing, load_briefing

        path = path.expanduser()
        if path.is_dir():
            raise UserError(f"{path} is a folder: choose a file in it")
        suffix = path.suffix.lower()
        if suffix in (".csv", ".json"):
            rows = importer.read_rows(path)
            with self.store.write() as session:
                done = importer.import_rows(session, rows, path=str(path), today=self.today, progress=progress)
                return ImportOutcome(done.summary, None)
        if suffix in BRIEFING_SUFFIXES:
            incoming = load_briefing(path, briefing_date=briefing_date, given_as="the form")
            with self.store.write() as session:
                report = import_briefing(session, incoming.parsed, path=path, allow_duplicate=allow_duplicate)
            waiting = report.briefing_id if report.created or report.follow_ups else None
            return ImportOutcome(f"{incoming.date_line}; {report.summary}", waiting)
        raise UserError(
            f"{path.name}: tracker imports briefings ({', '.join(BRIEFING_SUFFIXES)}) and commitments (.csv, .json)"
        )

    def briefing_date_in(self, path: Path) -> FoundDate | None:
        """The sitting date a briefing file states, to propose in the import form; None for
        another kind of file or one that states none."""
        from tracker.briefing_store import BRIEFING_SUFFIXES, found_briefing_date

        path = path.expanduser()
        if path.suffix.lower() not in BRIEFING_SUFFIXES or not path.is_file():
            return None
        return found_briefing_date(path)

    def export_overdue(
        self, *, as_of: date, fmt: str, path: Path, progress: ProgressFn | None = None
    ) -> tuple[Path, int]:
        """Write the overdue report as of ``as_of`` to ``path`` (whole or not at all), in any
        of the report formats; returns (path, rows). ``progress`` hears (rows written, rows
        in all) as the work goes."""
        from tracker import reports

        path = path.expanduser().resolve()
        with self.store.read() as session:
            written = reports.export_file(
                session, path, fmt=fmt, scope=reports.Scope.OVERDUE, as_of=as_of, progress=progress
            )
        return path, written

    # -------------------------------------------------------------- review (see tracker.review)

    def review_waiting(self, briefing_id: int | None = None) -> list[review.WaitingBriefing]:
        """What waits for review, per briefing, each item with its sentence's span; with
        ``briefing_id``, that briefing alone (its items may be none). UserError for an
        unknown briefing."""
        with self.store.read() as session:
            return review.waiting(session, briefing_id)

    def review_waiting_count(self) -> int:
        """How many items wait for review (for the summary bar)."""
        with self.store.read() as session:
            return review.count_waiting(session)

    def review_briefing(self, briefing_id: int) -> review.ReviewBriefing:
        """One briefing for the Review screen: its text, the items that wait (with spans to
        highlight) and "also in this briefing" (sentences with a cue that gave no item)."""
        with self.store.read() as session:
            return review.review_briefing(session, briefing_id)

    def review_accept(self, ids: Sequence[int], *, by: str | None = None) -> list[int]:
        """Accept waiting items (all or none); returns their ids. UserError if one does not wait."""
        with self.store.write() as session:
            return review.accept(session, ids, today=self.today, by=by)

    def review_reject(self, ids: Sequence[int], *, by: str | None = None) -> list[int]:
        """Reject waiting items (all or none; kept, never proposed again); returns their ids."""
        with self.store.write() as session:
            return review.reject(session, ids, today=self.today, by=by)

    def review_accept_all(self, briefing_id: int, *, by: str | None = None) -> list[int]:
        """Accept every item of a briefing that still waits; UserError if none does."""
        with self.store.write() as session:
            return review.accept_all(session, briefing_id, today=self.today, by=by)

    def review_accept_links(self, ids: Sequence[int], *, by: str | None = None) -> list[int]:
        """Accept follow-ups (``ReviewBriefing.links``; all or none): each changes its stored
        commitment as of the sitting (a restatement's deadline or target; a progress report's
        status and actual value). Returns their ids."""
        with self.store.write() as session:
            return review.accept_links(session, ids, today=self.today, by=by)

    def review_reject_links(self, ids: Sequence[int], *, by: str | None = None) -> list[int]:
        """Reject follow-ups (all or none): their commitments stay as they are."""
        with self.store.write() as session:
            return review.reject_links(session, ids, by=by)

    def review_deadline(self, item_id: int, phrase: str) -> DeadlineChoice:
        """What a deadline typed for a waiting item resolves to, from its briefing's sitting
        (for the edit form to show as the user types); UserError fit to show beside the field."""
        with self.store.read() as session:
            return review.deadline_preview(session, item_id, phrase)

    def review_edit(
        self,
        item_id: int,
        *,
        title: str | None = None,
        kind: str | None = None,
        theme: str | None = None,
        owner: str | None = None,
        deadline: str | None = None,
        target_value: float | None | svc._Unset = svc.UNSET,
        target_unit: str | None | svc._Unset = svc.UNSET,
        expected_version: int | None = None,
    ) -> review.ProposedItem:
        """Correct a waiting item in place (None: leave as is); ``deadline`` is a phrase, a
        date or "none", read from the sitting; ``owner`` a known body, an alias or free text.
        Returns the item as it now stands."""
        with self.store.write() as session:
            return review.edit(
                session,
                item_id,
                title=title,
                kind=kind,
                theme=theme,
                owner=owner,
                deadline=deadline,
                target_value=target_value,
                target_unit=target_unit,
                expected_version=expected_version,
            )

    def review_split(
        self, item_id: int, *, first_title: str, second_title: str
    ) -> tuple[review.ProposedItem, review.ProposedItem]:
        """Split a waiting item into two waiting items (same sentence, owner, deadline)."""
        with self.store.write() as session:
            return review.split(session, item_id, first_title=first_title, second_title=second_title)

    def review_merge(
        self, ids: Sequence[int], *, title: str | None = None, by: str | None = None
    ) -> review.ProposedItem:
        """Merge waiting items of one briefing into the first of ``ids``; the others are
        rejected ("merged into #N"). Returns the merged item, still waiting."""
        with self.store.write() as session:
            return review.merge(session, ids, today=self.today, title=title, by=by)

    def review_from_sentence(
        self,
        briefing_id: int,
        start: int,
        end: int,
        *,
        title: str | None = None,
        owner: str | None = None,
        kind: str | None = None,
    ) -> review.ProposedItem:
        """Make a waiting item of the sentence ``text[start:end]`` of a briefing (one of
        "also in this briefing"); returns it."""
        with self.store.write() as session:
            return review.item_from_sentence(session, briefing_id, start, end, title=title, owner=owner, kind=kind)

    def owner_choices(self, *, limit: int = 500) -> list[str]:
        """Owner names to offer in the review's edit form: the known bodies and their
        aliases, then every owner in the database (free text is allowed too)."""
        from tracker.aliases import load_aliases

        known = load_aliases().names()
        return list(dict.fromkeys([*known, *self.owners(limit=limit)]))


def export_folder() -> Path:
    """Where the TUI's exports go unless the officer names a folder: the user's documents
    folder (XDG ``Documents`` on Linux) if it exists, else the home folder. Never the current
    folder, which is the repository root when tracker runs from a checkout."""
    from platformdirs import user_documents_dir

    documents = Path(user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def default_export_path(as_of: date, fmt: str, folder: Path | None = None) -> Path:
    """The file an export of the overdue list as of ``as_of`` is offered: in ``folder``, or
    else in ``export_folder()``."""
    return (folder or export_folder()) / f"overdue-{as_of.isoformat()}.{fmt}"


def line_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The line holding text[start:end] (the whole span, if it runs over several), and the
    span's offsets within it. Briefings as received keep each paragraph on one line; the
    parser's blank-line paragraphs would show such a briefing whole."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    if para_end == -1:
        para_end = len(text)
    return text[para_start:para_end], start - para_start, end - para_start


__all__ = [
    "SORTS",
    "Browser",
    "BriefingText",
    "Cancelled",
    "CommitmentDetail",
    "DeadlineChoice",
    "Actual",
    "HistoryEntry",
    "ImportOutcome",
    "Lane",
    "LineageEntry",
    "Page",
    "Slippage",
    "Span",
    "Store",
    "Summary",
    "View",
    "change_summary",
    "review",
    "current_user",
    "default_export_path",
    "export_folder",
    "format_amount",
    "parse_confidence",
    "parse_deadline",
]
