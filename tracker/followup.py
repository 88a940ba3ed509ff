"""Follow-up briefings: what a later sitting says about a commitment already tracked.

Three things can be recorded, each one unit of work inside the caller's session (nothing is
committed here; ``Store.write()`` commits or rolls back as a whole):

- ``restate``: the later briefing gives the commitment a new deadline and/or target, effective
  on its sitting; one history entry ("restated at <briefing>", the sentence as evidence) and
  the sentence kept as a further excerpt of that briefing.
- ``record_progress``: the later briefing reports a result; the status it implies, and the
  actual value it states (a ``Measurement``) if any.
- ``record_actual``: an actual value typed in by hand (``tracker update ID --actual VALUE``).

Each appends exactly one history entry and respects optimistic locking: given the
``expected_version`` the caller saw, a commitment changed since is refused (ConflictError) and
nothing is written, as in ``commitments.update_commitment``, which does the history work.

The slippage of a commitment (how often and how far its deadline moved, at how many sittings
it was restated) and its progress against the target are rebuilt from the history and the
measurements, so they hold as of any past date (``slippage``, ``progress``, ``lineage``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, Select, bindparam, select
from sqlmodel import Session, col

from tracker.clock import today as clock_today
from tracker.clock import utc_now
from tracker.commitments import (
    UNSET,
    _Unset,
    current_user,
    get_commitment,
    history,
    target_on,
    update_commitment,
)
from tracker.errors import UserError
from tracker.followup_rules import Actual as Actual
from tracker.followup_rules import Slippage as Slippage
from tracker.followup_rules import actuals_of, slippage_of, target_measured
from tracker.followup_rules import format_amount as format_amount
from tracker.models import Briefing, CommitmentExcerpt, Confidence, Measurement, Status, StatusChange

__all__ = [
    "Actual",
    "LineageEntry",
    "Progress",
    "Slippage",
    "actuals",
    "format_amount",
    "lineage",
    "measurements",
    "parse_actual",
    "progress",
    "record_actual",
    "record_progress",
    "restate",
    "slippage",
]


def _briefing(session: Session, briefing_id: int) -> Briefing:
    briefing = session.get(Briefing, briefing_id) if 0 < briefing_id else None
    if briefing is None:
        raise UserError(f"no briefing with id {briefing_id}")
    return briefing


def _sentence(sentence: str, span: tuple[int, int], briefing: Briefing) -> tuple[str, int, int]:
    text = " ".join(sentence.split())
    if not text:
        raise UserError("a follow-up needs the sentence of the briefing that says it")
    start, end = span
    if not 0 <= start < end <= len(briefing.text):
        raise UserError(f"the sentence's place ({start}-{end}) is not inside the briefing {briefing.title!r}")
    return text, start, end


def _sitting(briefing: Briefing) -> str:
    return f"{briefing.title} ({briefing.date.isoformat()})"


def restate(
    session: Session,
    commitment_id: int,
    *,
    briefing_id: int,
    effective_on: date,
    deadline: date | None = None,
    deadline_text: str | None = None,
    target_value: float | None = None,
    target_unit: str | None = None,
    sentence: str,
    span: tuple[int, int],
    by: str,
    deadline_rule: str | None = None,
    expected_version: int | None = None,
    today: date | None = None,
) -> StatusChange:
    """Record that briefing ``briefing_id`` restated the commitment on ``effective_on`` (its
    sitting): the new ``deadline`` and/or target (``target_value`` in ``target_unit``; the unit
    stays the old one when not given) take effect that day. None leaves a field as it was.

    Appends one history entry by ``by`` whose note says "restated at <briefing> (<date>)" with
    the sentence as evidence, and keeps the sentence (``span``: its offsets in the briefing's
    text) as a further excerpt tied to that briefing. A restatement that changes nothing still
    counts as one: the briefing stated the commitment again. ``expected_version``: see the
    module. Returns the history entry.
    """
    briefing = _briefing(session, briefing_id)
    text, start, end = _sentence(sentence, span, briefing)
    get_commitment(session, commitment_id)  # no such commitment: refused before anything else
    target: tuple[float | None, str | None] | _Unset = UNSET
    if target_value is not None:
        value = _finite(target_value, "target")
        if target_unit is None:
            target_unit = _target_unit_on(session, commitment_id, effective_on)
        target = (value, target_unit)
    change = update_commitment(
        session,
        commitment_id,
        today=today or clock_today(),
        deadline=UNSET if deadline is None else deadline,
        deadline_text=deadline_text,
        deadline_rule=deadline_rule,
        note=f"restated at {_sitting(briefing)}",
        evidence=text,
        by=by,
        effective_on=effective_on,
        expected_version=expected_version,
        target=target,
        briefing_id=briefing_id,
    )
    _keep_excerpt(session, commitment_id, briefing_id, text, start, end)
    session.flush()
    return change


def _target_unit_on(session: Session, commitment_id: int, day: date) -> str | None:
    """The unit of the commitment's target on ``day``: what a figure given without one counts."""
    return target_on(get_commitment(session, commitment_id), history(session, commitment_id), day)[1]


def _keep_excerpt(session: Session, commitment_id: int, briefing_id: int, text: str, start: int, end: int) -> None:
    """Keep a later briefing's sentence about the commitment as a further excerpt of it."""
    session.add(
        CommitmentExcerpt(
            commitment_id=commitment_id, span_start=start, span_end=end, excerpt=text, briefing_id=briefing_id
        )
    )


def record_progress(
    session: Session,
    commitment_id: int,
    *,
    briefing_id: int,
    effective_on: date,
    status: Status | None,
    actual: tuple[float, str | None] | None = None,
    sentence: str,
    span: tuple[int, int],
    by: str,
    expected_version: int | None = None,
    today: date | None = None,
) -> tuple[StatusChange, Measurement | None]:
    """Record what briefing ``briefing_id`` reported done, effective on ``effective_on`` (its
    sitting): the ``status`` it implies (done, in progress, partly done; None: unchanged) and,
    where it states a quantity, the ``actual`` (value, unit; the unit defaults to the target's)
    as a measurement dated that day with the sentence as its source.

    Appends one history entry ("reported at <briefing> (<date>)", the sentence as evidence)
    and keeps the sentence as a further excerpt tied to that briefing. Returns the entry and
    the measurement (None when no actual was given).
    """
    briefing = _briefing(session, briefing_id)
    text, start, end = _sentence(sentence, span, briefing)
    checked = None if actual is None else (_finite(actual[0], "actual"), actual[1])
    change = update_commitment(
        session,
        commitment_id,
        today=today or clock_today(),
        status=status,
        note=f"reported at {_sitting(briefing)}",
        evidence=text,
        by=by,
        effective_on=effective_on,
        expected_version=expected_version,
    )
    _keep_excerpt(session, commitment_id, briefing_id, text, start, end)
    measurement = None
    if checked is not None:
        unit = checked[1] if checked[1] is not None else _target_unit_on(session, commitment_id, effective_on)
        measurement = _measure(session, commitment_id, checked[0], unit, effective_on, text, briefing_id, by=change.by)
    session.flush()
    return change, measurement


def record_actual(
    session: Session,
    commitment_id: int,
    *,
    value: float,
    today: date,
    as_of: date | None = None,
    note: str = "",
    evidence: str | None = None,
    by: str | None = None,
    status: Status | None = None,
    deadline: date | None | _Unset = UNSET,
    deadline_text: str | None = None,
    deadline_rule: str | None = None,
    confidence: Confidence | None | _Unset = UNSET,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> tuple[StatusChange, Measurement]:
    """Record an actual value measured on ``as_of`` (default ``today``; never later), typed in
    by hand, in the unit of the commitment's target on that day.

    The commitment must have a numeric target to measure against (UserError otherwise). One
    history entry records it (its note: ``note``, else "actual <value> <unit>"), together with
    any status, deadline or confidence given; the measurement's source is that note.
    """
    measured = _finite(value, "actual")
    day = as_of or today
    commitment = get_commitment(session, commitment_id)
    target_value, unit = target_on(commitment, history(session, commitment_id), day)
    if target_value is None:
        raise UserError(f"commitment {commitment_id} has no numeric target to measure an actual against")
    words = note.strip() or f"actual {format_amount(measured, unit)}"
    change = update_commitment(
        session,
        commitment_id,
        today=today,
        status=status,
        deadline=deadline,
        deadline_text=deadline_text,
        deadline_rule=deadline_rule,
        confidence=confidence,
        note=words,
        evidence=evidence,
        by=by,
        effective_on=day,
        expected_version=expected_version,
        now=now,
    )
    measurement = _measure(session, commitment_id, measured, unit, day, words, None, by=change.by, now=now)
    session.flush()
    return change, measurement


def _finite(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise UserError(f"the {what} must be a number, not {value!r}")
    return number


def _measure(
    session: Session,
    commitment_id: int,
    value: float,
    unit: str | None,
    as_of: date,
    source: str,
    briefing_id: int | None,
    *,
    by: str,
    now: datetime | None = None,
) -> Measurement:
    measurement = Measurement(
        commitment_id=commitment_id,
        value=value,
        unit=unit,
        as_of=as_of,
        source=source,
        briefing_id=briefing_id,
        recorded_by=by or current_user(),
        recorded_at=now or utc_now(),
    )
    session.add(measurement)
    return measurement


_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9}


def parse_actual(text: str) -> float:
    """A value typed for ``--actual``: a number (``3800000000``, ``3,800,000,000``, ``3.8e9``)
    or one with a scale (``3.8bn``, ``3.8 billion``, ``250k``, ``12 million``). UserError
    naming these forms otherwise."""
    cleaned = text.strip().lower().replace(",", "")
    scale = 1.0
    for word, factor in sorted(_SCALES.items(), key=lambda item: -len(item[0])):
        if cleaned.endswith(word) and cleaned[: -len(word)].strip():
            cleaned, scale = cleaned[: -len(word)].strip(), factor
            break
    try:
        number = float(cleaned) * scale
    except ValueError:
        number = math.nan
    if not math.isfinite(number) or "_" in cleaned:
        raise UserError(f"--actual: {text!r} is not a number (write 3800000, 3,800,000, 3.8e6, 3.8m or 3.8 million)")
    return number


# ---------------------------------------------------------------- reading it back


# Commitments whose history ``slippage`` reads in one query.
SLIPPAGE_BATCH = 500


def slippage_statement() -> Select[int, date | None, date | None, int | None]:
    """The history entries ``slippage`` reads: those of the commitments in the expanding
    parameter ``ids`` effective by the parameter ``as_of``, each commitment's in the order
    they took effect."""
    return (
        select(
            col(StatusChange.commitment_id),
            col(StatusChange.from_deadline),
            col(StatusChange.to_deadline),
            col(StatusChange.briefing_id),
        )
        .where(
            col(StatusChange.commitment_id).in_(bindparam("ids", expanding=True)),
            col(StatusChange.effective_on) <= bindparam("as_of", type_=Date),
        )
        .order_by(col(StatusChange.commitment_id), col(StatusChange.effective_on), col(StatusChange.id))
    )


def slippage(session: Session, ids: Iterable[int], *, as_of: date) -> dict[int, Slippage]:
    """The slippage of each of ``ids`` as of ``as_of``, counted from the history entries
    effective by then (one query per 500 ids, by the history's index). Ids without any are
    left out."""
    wanted = sorted(set(ids))
    stmt = slippage_statement()
    rows = (
        row
        for start in range(0, len(wanted), SLIPPAGE_BATCH)
        for row in session.execute(stmt, {"ids": wanted[start : start + SLIPPAGE_BATCH], "as_of": as_of})
    )
    return slippage_of(tuple(row) for row in rows)


@dataclass(frozen=True)
class Progress:
    """The latest actual on a date against the target it measures: ``percent`` of the target
    (None without a target or an actual, or when their units differ)."""

    target_value: float | None
    target_unit: str | None
    actual: Measurement | None

    @property
    def percent(self) -> float | None:
        if self.actual is None or not self.target_value:
            return None
        if self.actual.unit and self.target_unit and self.actual.unit != self.target_unit:
            return None
        return 100.0 * self.actual.value / self.target_value


def measurements_statement(*, up_to_as_of: bool) -> Select[Any]:
    """The actuals of the commitment in the parameter ``id``, oldest first; those measured
    by the parameter ``as_of`` when ``up_to_as_of``."""
    stmt = select(Measurement).where(col(Measurement.commitment_id) == bindparam("id"))
    if up_to_as_of:
        stmt = stmt.where(col(Measurement.as_of) <= bindparam("as_of", type_=Date))
    return stmt.order_by(col(Measurement.as_of), col(Measurement.id))


def measurements(session: Session, commitment_id: int, *, as_of: date | None = None) -> list[Measurement]:
    """The actuals measured on or before ``as_of`` (None: all), oldest first."""
    stmt = measurements_statement(up_to_as_of=as_of is not None)
    return list(session.scalars(stmt, {"id": commitment_id, "as_of": as_of}))


def actuals(session: Session, commitment_id: int, *, as_of: date | None = None) -> list[Actual]:
    """The measurements up to ``as_of`` (None: all), oldest first, each against the target it
    measures (see ``target_measured``)."""
    commitment = get_commitment(session, commitment_id)
    return actuals_of(commitment, history(session, commitment_id), measurements(session, commitment_id, as_of=as_of))


def progress(session: Session, commitment_id: int, *, as_of: date) -> Progress:
    """The latest actual measured by ``as_of`` against the target it measures (see
    ``target_measured``); without an actual, the target in force on ``as_of``."""
    commitment = get_commitment(session, commitment_id)
    changes = history(session, commitment_id)
    taken = measurements(session, commitment_id, as_of=as_of)
    if not taken:
        return Progress(*target_on(commitment, changes, as_of), None)
    return Progress(*target_measured(commitment, changes, taken[-1]), taken[-1])


@dataclass(frozen=True)
class LineageEntry:
    """One briefing that stated the commitment: its sitting, what it said (``sentence``), and
    the target and deadline it gave (``words``: "5 bn USD by June 2025")."""

    briefing_id: int | None
    briefing_title: str
    briefing_date: date | None
    sentence: str
    words: str


def _words(target: tuple[float | None, str | None], deadline: date | None, deadline_text: str | None) -> str:
    parts = []
    if target[0] is not None:
        parts.append(format_amount(*target))
    if deadline_text:
        parts.append(deadline_text if deadline is None else f"{deadline_text} ({deadline.isoformat()})")
    elif deadline is not None:
        parts.append(f"by {deadline.isoformat()}")
    return " ".join(parts) or "-"


def lineage(session: Session, commitment_id: int, *, as_of: date | None = None) -> list[LineageEntry]:
    """Every briefing that stated the commitment, oldest first: the one it came from, then
    each that restated it (effective by ``as_of``; None: all), with the words each time."""
    commitment = get_commitment(session, commitment_id)
    changes = history(session, commitment_id)
    restated = [c for c in changes if c.briefing_id is not None and (as_of is None or c.effective_on <= as_of)]
    first_target = target_on(commitment, changes, date.min)
    first_deadline_text = next(
        (c.from_deadline_text for c in changes if c.from_deadline != c.to_deadline), commitment.deadline_text
    )
    entries: list[LineageEntry] = []
    if commitment.briefing_id is not None:
        origin = session.get(Briefing, commitment.briefing_id)
        if origin is not None:
            entries.append(
                LineageEntry(
                    origin.id,
                    origin.title,
                    origin.date,
                    commitment.excerpt or "",
                    _words(first_target, commitment.base_deadline, first_deadline_text),
                )
            )
    titles = _briefing_titles(session, [c.briefing_id for c in restated if c.briefing_id is not None])
    for change in restated:
        assert change.briefing_id is not None
        title, day = titles.get(change.briefing_id, ("(briefing deleted)", None))
        target = target_on(commitment, changes, change.effective_on)
        words = _words(
            target, change.to_deadline, change.to_deadline_text if change.from_deadline != change.to_deadline else None
        )
        entries.append(
            LineageEntry(change.briefing_id, title, day or change.effective_on, change.evidence or "", words)
        )
    return entries


def _briefing_titles(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, date]]:
    if not ids:
        return {}
    stmt = select(col(Briefing.id), col(Briefing.title), col(Briefing.date)).where(col(Briefing.id).in_(list(set(ids))))
    return {int(i): (str(t), d) for i, t, d in session.execute(stmt)}
