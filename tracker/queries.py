"""Read queries: commitments as they stood on a date, filtered, streamed as plain rows.

Rows are built with SQLAlchemy Core and streamed (no ORM objects), so a million
commitments can be listed or exported in bounded memory. The TUI, the reports and the
reminders read through here too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    false,
    func,
    literal,
    or_,
    select,
)
from sqlmodel import Session

from tracker import search
from tracker.models import OPEN_STATUSES, Briefing, Commitment, Review, StatusChange
from tracker.readmodels import AsOfVariant, as_of_variant, commitment_row
from tracker.readmodels import BriefingRef as BriefingRef
from tracker.readmodels import CommitmentRow as CommitmentRow
from tracker.readmodels import LastUpdate as LastUpdate

_c = Commitment.__table__.c  # type: ignore[attr-defined]
_sc = StatusChange.__table__.c  # type: ignore[attr-defined]
_b = Briefing.__table__.c  # type: ignore[attr-defined]

JSON_FIELDS = (
    "id",
    "title",
    "theme",
    "owner",
    "kind",
    "status",
    "confidence",
    "deadline",
    "deadline_text",
    "timeliness",
    "days_overdue",
    "target_value",
    "target_unit",
    "briefing_date",
    "since",
    "excerpt",
    "version",
    "review",
)


@dataclass(frozen=True)
class Filters:
    """What ``list``, the exports and the TUI's filter bar can ask for."""

    statuses: Sequence[str] = ()
    themes: Sequence[str] = ()
    owner: str | None = None
    kinds: Sequence[str] = ()
    overdue: bool = False
    due_within: int | None = None
    search: str | None = None
    # Only those whose deadline had moved at least this many times by the as-of date.
    slipped: int | None = None
    ids: Sequence[int] = field(default=())
    # Review states to list: accepted only unless asked (``list`` adds proposed; see ``Review``).
    reviews: Sequence[str] = (Review.ACCEPTED,)
    # Also commitments made after the as-of date: for reading one named commitment (``show``,
    # the detail screen), never for a list, a count or a report.
    include_later: bool = False


@dataclass(frozen=True)
class StateColumns:
    status: ColumnElement[Any]
    deadline: ColumnElement[Any]
    confidence: ColumnElement[Any]
    # "The commitment had been made by the as-of date"; None when every one had (the usual
    # case), so the queries and their indexes stay as they are.
    made: ColumnElement[bool] | None = None
    # How many times the deadline had moved by the as-of date; None: the stored count
    # (``commitment.deadline_moves``) is the answer, as no change is effective after that date.
    moves: ColumnElement[Any] | None = None

    @property
    def deadline_moves(self) -> ColumnElement[Any]:
        """The count of the deadline's moves as of the date, as a column expression."""
        return _c.deadline_moves if self.moves is None else self.moves

    def made_clauses(self) -> list[ColumnElement[bool]]:
        """The condition that leaves out commitments made after the as-of date, if any are."""
        return [] if self.made is None else [self.made]


def _as_of_field(name: str, as_of: date) -> ColumnElement[Any]:
    """The value of one field on ``as_of``: the last change to it effective by then, else
    the value the commitment was imported with."""
    changed = and_(
        _sc.commitment_id == _c.id,
        _sc.effective_on <= as_of,
        _sc[f"from_{name}"].is_distinct_from(_sc[f"to_{name}"]),
    )
    latest = (
        select(_sc[f"to_{name}"])
        .where(changed)
        .order_by(_sc.effective_on.desc(), _sc.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    return case((exists().where(changed), latest), else_=_c[f"base_{name}"])


def _moves_as_of(as_of: date) -> ColumnElement[Any]:
    """How many history entries effective by ``as_of`` moved the deadline from one date to
    another (``commitments.deadline_moved``), per commitment."""
    return (
        select(func.count())
        .select_from(StatusChange.__table__)  # type: ignore[attr-defined]
        .where(
            _sc.commitment_id == _c.id,
            _sc.effective_on <= as_of,
            _sc.from_deadline.is_not(None),
            _sc.to_deadline.is_not(None),
            _sc.from_deadline != _sc.to_deadline,
        )
        .scalar_subquery()
    )


def latest_dates_statement() -> Select[Any]:
    """The latest effective date in the history and the latest ``since``: which form the
    queries for a date take (``readmodels.as_of_variant``). Both maxima come from an index,
    in one round trip."""
    return select(
        select(func.max(_sc.effective_on)).scalar_subquery(),
        select(func.max(_c.since)).scalar_subquery(),
    )


def state_columns(session: Session, as_of: date) -> StateColumns:
    """Column expressions for status, deadline and confidence as they stood on ``as_of``,
    and whether each commitment had been made by then (see ``state_columns_for``)."""
    latest_effective, latest_made = session.execute(latest_dates_statement()).one()
    return state_columns_for(as_of, as_of_variant(as_of, latest_effective, latest_made))


def state_columns_for(as_of: date, variant: AsOfVariant) -> StateColumns:
    """The state columns of ``variant``'s form of the queries for ``as_of``.

    When no recorded change is effective after ``as_of`` (the usual case: today), the
    stored current state is the answer and the indexes apply; otherwise the state is
    rebuilt from the history. Likewise a commitment exists from its ``since`` (none: at
    every date), and the condition is added only when some commitment was made after
    ``as_of``.
    """
    made = or_(_c.since.is_(None), _c.since <= as_of) if variant.made_filter else None
    if not variant.rebuilt:
        return StateColumns(_c.status, _c.deadline, _c.confidence, made)
    return StateColumns(
        _as_of_field("status", as_of),
        _as_of_field("deadline", as_of),
        _as_of_field("confidence", as_of),
        made,
        _moves_as_of(as_of),
    )


def counted() -> ColumnElement[bool]:
    """The condition every count, report, calendar and reminder adds: accepted items only.

    A proposed item waits for review and a rejected one was turned down; neither counts.
    The (status, deadline, owner, since, kind, review) index covers it.
    """
    accepted: ColumnElement[bool] = _c.review == Review.ACCEPTED.value
    return accepted


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped.lower()}%"


def where_clauses(
    state: StateColumns, filters: Filters, as_of: date, *, session: Session | None = None
) -> list[ColumnElement[bool]]:
    """SQL conditions for ``filters`` against the state on ``as_of``: only commitments made
    by then (unless ``filters.include_later``). Given the ``session`` the query will run in,
    a search is planned for its database (``search.matches``)."""
    clauses: list[ColumnElement[bool]] = [] if filters.include_later else state.made_clauses()
    # One named item (``include_later``: ``show``, the detail screen) is read whatever its review.
    if not filters.include_later and filters.reviews:
        reviews = sorted({str(r) for r in filters.reviews})
        clauses.append(counted() if reviews == [Review.ACCEPTED.value] else _c.review.in_(reviews))
    if filters.ids:
        clauses.append(_c.id.in_(list(filters.ids)))
    if filters.statuses:
        clauses.append(state.status.in_(list(filters.statuses)))
    if filters.themes:
        clauses.append(_c.theme.in_(list(filters.themes)))
    if filters.kinds:
        clauses.append(_c.kind.in_(list(filters.kinds)))
    if filters.owner:
        clauses.append(func.lower(_c.owner).like(_like(filters.owner), escape="\\"))
    is_open, overdue = _open_and_overdue(state, as_of)
    if filters.overdue:
        clauses.append(overdue)
    elif filters.due_within is not None:
        clauses.append(is_open)
    if filters.due_within is not None:
        clauses.append(state.deadline >= as_of)
        # Any number of days is a fair question; past the calendar's end it means "any time".
        horizon = as_of + timedelta(days=min(filters.due_within, (date.max - as_of).days))
        clauses.append(state.deadline <= horizon)
    if filters.slipped is not None:
        # Moves only accumulate, so the stored count bounds the count on any date: its index
        # narrows the rows before the history is read for a past date.
        clauses.append(_c.deadline_moves >= filters.slipped)
        if state.moves is not None:
            clauses.append(state.moves >= filters.slipped)
    if filters.search and filters.search.strip():
        clauses.append(search.matches(_c.id, Commitment.__table__, filters.search, session=session))  # type: ignore[attr-defined]
    if filters.overdue and filters.due_within is not None:
        # Overdue and due in the coming days exclude each other: ask for nothing.
        clauses.append(false())
    return clauses


def _last_update_columns(as_of: date) -> list[ColumnElement[Any]]:
    def latest(col: str) -> ColumnElement[Any]:
        return (
            select(_sc[col])
            .where(_sc.commitment_id == _c.id, _sc.effective_on <= as_of)
            .order_by(_sc.effective_on.desc(), _sc.id.desc())
            .limit(1)
            .scalar_subquery()
            .label(f"last_{col}")
        )

    return [latest("effective_on"), latest("by"), latest("note")]


GROUP_COLUMNS = ("owner", "theme")


def _open_and_overdue(state: StateColumns, as_of: date) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    is_open = state.status.in_([str(s) for s in OPEN_STATUSES])
    return is_open, and_(is_open, state.deadline < as_of)


def select_rows(
    session: Session,
    *,
    as_of: date,
    filters: Filters = Filters(),
    order: str = "id",
    with_last_update: bool = False,
    group_by: str | None = None,
    with_slippage: bool = False,
) -> Select[Any]:
    """The rows ``iter_rows`` streams. ``order``: ``id``; ``most_overdue`` or ``deadline``
    (earliest deadline first, none last); ``report`` (overdue first, most overdue first,
    then the open ones by deadline, then open without a deadline, then the closed ones);
    ``slipped`` (the most moved deadlines as of the date first, then by deadline).
    ``group_by`` (``owner`` or ``theme``) sorts by that column before ``order``.
    ``with_slippage`` reads how often each deadline had moved by then (``deadline_moves``)."""
    return rows_statement(
        state_columns(session, as_of),
        as_of=as_of,
        filters=filters,
        order=order,
        with_last_update=with_last_update,
        group_by=group_by,
        with_slippage=with_slippage,
        session=session,
    )


def rows_statement(
    state: StateColumns,
    *,
    as_of: date,
    filters: Filters = Filters(),
    order: str = "id",
    with_last_update: bool = False,
    group_by: str | None = None,
    with_slippage: bool = False,
    session: Session | None = None,
    ids_first: bool = False,
) -> Select[Any]:
    """``select_rows``' statement for the given state columns (``state_columns_for``), so it
    can also be compiled once for another driver (``tracker.reports.sqlite_sql``); given the
    ``session`` it will run in, a search is planned for its database.

    With ``ids_first`` the conditions pick the ids in a subquery of their own
    (``commitment.id IN (SELECT ...)``), the same rows: SQLite then reads the matching rows
    in id order, page after page, instead of in index order (see ``model.report_statement``).
    """
    columns: list[Any] = [
        _c.id,
        _c.title,
        _c.theme,
        _c.owner,
        state.status.label("status"),
        state.confidence.label("confidence"),
        state.deadline.label("deadline"),
        _c.deadline_text,
        _c.deadline_rule,
        _c.target_value,
        _c.target_unit,
        _c.briefing_id,
        _b.date.label("briefing_date"),
        _c.excerpt,
        _c.description,
        _c.version,
        _c.since,
        _c.kind,
        _c.review,
    ]
    if with_last_update:
        columns += _last_update_columns(as_of)
    else:
        columns += [
            literal(None).label("last_effective_on"),
            literal(None).label("last_by"),
            literal(None).label("last_note"),
        ]
    columns.append((state.deadline_moves if with_slippage else literal(0)).label("deadline_moves"))
    clauses = where_clauses(state, filters, as_of, session=session)
    if ids_first:
        # Not correlated: the subquery reads commitment itself, the outer query only by id.
        clauses = [_c.id.in_(select(_c.id).where(*clauses).correlate(None))]
    stmt = (
        select(*columns)
        .select_from(Commitment.__table__.outerjoin(Briefing.__table__, _b.id == _c.briefing_id))  # type: ignore[attr-defined]
        .where(*clauses)
    )
    if group_by is not None:
        if group_by not in GROUP_COLUMNS:
            raise ValueError(f"cannot group by {group_by!r}")
        stmt = stmt.order_by(_c[group_by])
    if order in ("most_overdue", "deadline"):
        stmt = stmt.order_by(state.deadline.is_(None), state.deadline, _c.id)
    elif order == "report":
        is_open, overdue = _open_and_overdue(state, as_of)
        rank = case((overdue, 0), (and_(is_open, state.deadline.is_not(None)), 1), (is_open, 2), else_=3)
        stmt = stmt.order_by(rank, state.deadline.is_(None), state.deadline, _c.id)
    elif order == "slipped":
        stmt = stmt.order_by(state.deadline_moves.desc(), state.deadline.is_(None), state.deadline, _c.id)
    else:
        stmt = stmt.order_by(_c.id)
    return stmt


def iter_rows(
    session: Session,
    *,
    as_of: date,
    filters: Filters = Filters(),
    order: str = "id",
    limit: int | None = None,
    with_last_update: bool = False,
    group_by: str | None = None,
    with_slippage: bool = False,
) -> Iterator[CommitmentRow]:
    """Stream commitments as they stood on ``as_of``, matching ``filters``."""
    stmt = select_rows(
        session,
        as_of=as_of,
        filters=filters,
        order=order,
        with_last_update=with_last_update,
        group_by=group_by,
        with_slippage=with_slippage,
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    result = session.connection().execution_options(stream_results=True, yield_per=2000).execute(stmt)
    for values in result:
        yield commitment_row(cast(Mapping[str, Any], values._mapping), as_of)


def status_counts(session: Session, *, as_of: date, filters: Filters = Filters()) -> tuple[dict[str, int], int]:
    """How many commitments matching ``filters`` had each status on ``as_of``, and how many
    of them were overdue: one scan for both. Accepted items only, whatever ``filters.reviews``
    (a list may show proposed items; they are never counted)."""
    state = state_columns(session, as_of)
    _is_open, overdue = _open_and_overdue(state, as_of)
    # Per-row values first, grouped outside: PostgreSQL refuses to group by an expression
    # holding a correlated subquery (the as-of state) when it is written in the same SELECT.
    per_row = (
        select(state.status.label("status"), case((overdue, 1), else_=0).label("overdue"))
        .select_from(Commitment.__table__)  # type: ignore[attr-defined]
        .where(*where_clauses(state, replace(filters, reviews=(Review.ACCEPTED,)), as_of, session=session))
        .subquery()
    )
    stmt = select(per_row.c.status, func.count(), func.sum(per_row.c.overdue)).group_by(per_row.c.status)
    by_status: dict[str, int] = {}
    late = 0
    for status, n, n_overdue in session.execute(stmt):
        by_status[str(status)] = int(n)
        late += int(n_overdue or 0)
    return by_status, late


def count(session: Session, *, as_of: date, filters: Filters = Filters()) -> int:
    """How many commitments match ``filters`` on ``as_of``."""
    stmt = count_statement(state_columns(session, as_of), as_of=as_of, filters=filters, session=session)
    return int(session.execute(stmt).scalar() or 0)


def count_statement(
    state: StateColumns, *, as_of: date, filters: Filters = Filters(), session: Session | None = None
) -> Select[Any]:
    """``count``'s statement for the given state columns."""
    clauses = where_clauses(state, filters, as_of, session=session)
    return select(func.count()).select_from(Commitment.__table__).where(*clauses)  # type: ignore[attr-defined]


def count_states_statement(state: StateColumns, *, as_of: date, by: str | tuple[str, ...] = "owner") -> Select[Any]:
    """Every commitment counted by (``by``: owner or theme, status, overdue) as it stood on
    the date of ``state``: one scan gives a report's totals, per owner (or per theme) and per
    status; rows of (status, key, overdue, count).

    Grouped by status first: on SQLite, counting per owner then reads only the index on
    (status, deadline, owner, since), a quarter of the CPU of a scan of the table. ``by``
    several columns gives a key per column in that order, (status, owner, theme, overdue,
    count) say: one scan where a report needs both tallies."""
    names = (by,) if isinstance(by, str) else by
    if not names or any(name not in GROUP_COLUMNS for name in names):
        raise ValueError(f"cannot count by {by!r}")
    _is_open, overdue = _open_and_overdue(state, as_of)
    # Per-row values first, grouped outside: PostgreSQL refuses to group by an expression
    # holding a correlated subquery (the as-of state) when it is written in the same SELECT.
    per_row = (
        select(
            state.status.label("status"),
            *(_c[name].label("key" if isinstance(by, str) else name) for name in names),
            case((overdue, 1), else_=0).label("overdue"),
        )
        .select_from(Commitment.__table__)  # type: ignore[attr-defined]
        .where(*state.made_clauses(), counted())
        .subquery()
    )
    keys = tuple(per_row.c)
    return select(*keys, func.count()).group_by(*keys)


def briefings_covered(session: Session, *, as_of: date, overdue: bool = False) -> list[BriefingRef]:
    """The briefings that commitments standing on ``as_of`` came from (only the overdue
    ones', if ``overdue``), oldest sitting first.

    Asked per briefing (a few hundred, each found by the index on ``briefing_id``), not per
    commitment: at 200,000 commitments that is 0.1 s of CPU less.
    """
    stmt = briefings_statement(state_columns(session, as_of), as_of=as_of, overdue=overdue)
    return briefing_refs(session.execute(stmt))


def briefings_statement(state: StateColumns, *, as_of: date, overdue: bool = False) -> Select[Any]:
    """``briefings_covered``' statement for the given state columns."""
    clauses = [_c.briefing_id == _b.id, *state.made_clauses(), counted()]
    if overdue:
        clauses.append(_open_and_overdue(state, as_of)[1])
    return select(_b.id, _b.title, _b.date).where(exists().where(*clauses)).order_by(_b.date, _b.id)


def briefing_refs(rows: Iterable[Sequence[Any]]) -> list[BriefingRef]:
    """The rows of ``briefings_statement`` as references."""
    return [BriefingRef(int(i), str(t), d) for i, t, d in rows]
