"""What the history of a commitment says, worked out from its rows without a database: whether
an entry moved the deadline, how far a deadline slipped, the target on a date, an actual
against that target, an amount in words.

``tracker.followup`` reads the rows through SQLAlchemy, the reports' SQLite read path
(``tracker.reports.sqlite_read``) through the stdlib driver; both reach the same answers here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol


def deadline_moved(change: Any) -> bool:
    """Whether a history entry moved the deadline from one date to another (setting a first
    deadline or clearing it is not a move). Takes a StatusChange or any row with its fields."""
    return (
        change.from_deadline is not None
        and change.to_deadline is not None
        and change.from_deadline != change.to_deadline
    )


@dataclass(frozen=True)
class Slippage:
    """How a commitment's deadline moved up to a date: ``moves`` (a move is from one date to
    another), ``days`` (their sum: later positive, earlier negative, so it is how far the
    deadline stands from the first one), ``sittings`` (how many briefings restated it),
    ``first_deadline`` (the deadline before its first move)."""

    moves: int = 0
    days: int = 0
    sittings: int = 0
    first_deadline: date | None = None


@dataclass(frozen=True)
class _Move:
    from_deadline: date | None
    to_deadline: date | None


def slippage_of(rows: Iterable[tuple[int, date | None, date | None, int | None]]) -> dict[int, Slippage]:
    """The slippage per commitment from its history entries (commitment id, from deadline, to
    deadline, restating briefing), each commitment's in the order they took effect. Ids
    without a move or a restatement are left out."""
    moves: dict[int, list[int]] = {}
    first: dict[int, date] = {}
    sittings: dict[int, set[int]] = {}
    for commitment_id, before, after, briefing_id in rows:
        if before is not None and after is not None and deadline_moved(_Move(before, after)):
            moves.setdefault(commitment_id, []).append((after - before).days)
            first.setdefault(commitment_id, before)
        if briefing_id is not None:
            sittings.setdefault(commitment_id, set()).add(briefing_id)
    found: dict[int, Slippage] = {}
    for commitment_id in set(moves) | set(sittings):
        days = moves.get(commitment_id, [])
        found[commitment_id] = Slippage(
            len(days), sum(days), len(sittings.get(commitment_id, ())), first.get(commitment_id)
        )
    return found


class TargetHolder(Protocol):
    """What ``target_on`` reads of a commitment."""

    @property
    def target_value(self) -> float | None: ...
    @property
    def target_unit(self) -> str | None: ...


class TargetChange(Protocol):
    """What ``target_on`` reads of a history entry."""

    @property
    def id(self) -> int | None: ...
    @property
    def briefing_id(self) -> int | None: ...
    @property
    def effective_on(self) -> date: ...
    @property
    def from_target_value(self) -> float | None: ...
    @property
    def to_target_value(self) -> float | None: ...
    @property
    def from_target_unit(self) -> str | None: ...
    @property
    def to_target_unit(self) -> str | None: ...


def _target_changed(change: TargetChange) -> bool:
    return (change.from_target_value, change.from_target_unit) != (change.to_target_value, change.to_target_unit)


def target_on(
    commitment: TargetHolder, changes: Sequence[TargetChange], day: date | None
) -> tuple[float | None, str | None]:
    """The target (value, unit) on ``day`` (None: today), from the history of restatements.

    Only a change that restates the target writes its target columns, so the rows where they
    differ are the target's history: on ``day`` it is the ``to`` of the last such row effective
    by then; before the first one it is that row's ``from`` (the target first stated); with no
    such row it is the commitment's own target. No ``base_`` copy of the target is kept on
    the commitment: every insert path would have to fill it, and the history already holds it.
    """
    moves = sorted((c for c in changes if _target_changed(c)), key=lambda c: (c.effective_on, c.id or 0))
    if not moves:
        return commitment.target_value, commitment.target_unit
    earlier = [c for c in moves if day is None or c.effective_on <= day]
    if earlier:
        return earlier[-1].to_target_value, earlier[-1].to_target_unit
    return moves[0].from_target_value, moves[0].from_target_unit


@dataclass(frozen=True)
class Actual:
    """One measurement beside the target in force on its date (restated targets included)."""

    value: float
    unit: str | None
    as_of: date
    source: str
    briefing_id: int | None
    recorded_by: str
    target_value: float | None
    target_unit: str | None

    @property
    def percent(self) -> float | None:
        """The value as a percentage of that target (None without one, or in another unit)."""
        if not self.target_value or (self.unit and self.target_unit and self.unit != self.target_unit):
            return None
        return 100.0 * self.value / self.target_value


class MeasuredValue(Protocol):
    """What ``actuals_of`` reads of a measurement."""

    @property
    def value(self) -> float: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def as_of(self) -> date: ...
    @property
    def source(self) -> str: ...
    @property
    def briefing_id(self) -> int | None: ...
    @property
    def recorded_by(self) -> str: ...


def target_measured(
    commitment: TargetHolder, changes: Sequence[TargetChange], measured: MeasuredValue
) -> tuple[float | None, str | None]:
    """The target (value, unit) an actual measures: the one in force on its day, except where
    the sitting that reported the actual also restated the target (the same briefing, the
    same day). A sitting that says "exports reached $26.8 billion" and fixes next year's
    target at $35 billion reports on the year whose target was $32.3 billion, so the actual
    is set against the target in force just before that restatement. Every percentage of an
    actual (``tracker show``, the TUI's detail, the HTML report's bars) is worked out here."""
    restated_there = sorted(
        (
            c
            for c in changes
            if measured.briefing_id is not None
            and c.briefing_id == measured.briefing_id
            and c.effective_on == measured.as_of
            and _target_changed(c)
        ),
        key=lambda c: c.id or 0,
    )
    if restated_there:
        return restated_there[0].from_target_value, restated_there[0].from_target_unit
    return target_on(commitment, changes, measured.as_of)


def actuals_of(
    commitment: TargetHolder, changes: Sequence[TargetChange], taken: Iterable[MeasuredValue]
) -> list[Actual]:
    """Each measurement of ``taken`` against the target it measures (see ``target_measured``)."""
    return [
        Actual(
            m.value,
            m.unit,
            m.as_of,
            m.source,
            m.briefing_id,
            m.recorded_by,
            *target_measured(commitment, changes, m),
        )
        for m in taken
    ]


def format_amount(value: float | None, unit: str | None) -> str:
    """A value as people read it in a briefing: ``3.8 bn USD``, ``120,000 trainees``."""
    if value is None:
        return "-"
    size = abs(value)
    if size >= 1e9:
        figure = f"{value / 1e9:,.2f}".rstrip("0").rstrip(".") + " bn"
    elif size >= 1e6:
        figure = f"{value / 1e6:,.2f}".rstrip("0").rstrip(".") + " m"
    elif value == int(value):
        figure = f"{value:,.0f}"
    else:
        figure = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{figure} {unit}" if unit else figure
