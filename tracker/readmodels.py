"""What a commitment's states are and the plain rows read from the database, without any
database library: the reports' read path on SQLite (``tracker.reports.sqlite_read``) builds
the same rows from the stdlib driver that ``tracker.queries`` builds through SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from tracker.fiscal import Timeliness, days_overdue, timeliness


class Status(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    STALLED = "stalled"
    DONE = "done"
    PARTLY_DONE = "partly_done"
    DROPPED = "dropped"

    @property
    def closed(self) -> bool:
        return self in CLOSED_STATUSES


CLOSED_STATUSES = frozenset({Status.DONE, Status.PARTLY_DONE, Status.DROPPED})
# Listed, not negated: the planner uses the (status, deadline, owner) index for IN, not NOT IN.
OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.STALLED)


class Review(StrEnum):
    """Whether a person has looked at an item a briefing gave: only accepted items count.

    A briefing's items arrive ``proposed``; until someone accepts them they are listed
    (marked) but in no count, report, calendar or reminder. A ``rejected`` item is kept, with
    its sentence, so the same words are not proposed again.
    """

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


@dataclass(frozen=True)
class AsOfVariant:
    """Which form the queries for a date take: ``rebuilt`` when some history entry is
    effective after it (the state is then rebuilt from the history), ``made_filter`` when
    some commitment was made after it (those are then left out)."""

    rebuilt: bool
    made_filter: bool


def as_of_variant(as_of: date, latest_effective: date | None, latest_made: date | None) -> AsOfVariant:
    """The variant for ``as_of``, given the latest effective date in the history and the
    latest ``since`` of any commitment (None: none at all)."""
    return AsOfVariant(
        rebuilt=latest_effective is not None and latest_effective > as_of,
        made_filter=latest_made is not None and latest_made > as_of,
    )


@dataclass(frozen=True)
class LastUpdate:
    effective_on: date
    by: str
    note: str


@dataclass(frozen=True)
class CommitmentRow:
    """A commitment as it stood on ``as_of``: a plain read model for lists and reports."""

    id: int
    title: str
    theme: str
    owner: str
    status: str
    confidence: str | None
    deadline: date | None
    deadline_text: str | None
    deadline_rule: str | None
    target_value: float | None
    target_unit: str | None
    briefing_id: int | None
    briefing_date: date | None
    excerpt: str | None
    description: str
    version: int
    as_of: date
    last_update: LastUpdate | None = None
    since: date | None = None
    kind: str = "commitment"
    review: str = Review.ACCEPTED
    # How many times the deadline had moved by ``as_of``; read only when asked for
    # (``with_slippage``), else 0.
    deadline_moves: int = 0

    @property
    def closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def timeliness(self) -> Timeliness:
        return timeliness(closed=self.closed, deadline=self.deadline, as_of=self.as_of)

    @property
    def days_overdue(self) -> int | None:
        return days_overdue(closed=self.closed, deadline=self.deadline, as_of=self.as_of)

    def to_json(self) -> dict[str, Any]:
        """The fields DESIGN promises in ``--format json``, dates as YYYY-MM-DD."""
        return {
            "id": self.id,
            "title": self.title,
            "theme": self.theme,
            "owner": self.owner,
            "kind": self.kind,
            "status": self.status,
            "confidence": self.confidence,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "timeliness": str(self.timeliness),
            "days_overdue": self.days_overdue,
            "target_value": self.target_value,
            "target_unit": self.target_unit,
            "briefing_date": self.briefing_date.isoformat() if self.briefing_date else None,
            "since": self.since.isoformat() if self.since else None,
            "excerpt": self.excerpt,
            "version": self.version,
            "review": self.review,
            "description": self.description,
            "deadline_rule": self.deadline_rule,
        }


def commitment_row(values: Mapping[str, Any], as_of: date) -> CommitmentRow:
    """The read model of one row of ``queries.select_rows``, its columns by name."""
    last = None
    if values["last_effective_on"] is not None:
        last = LastUpdate(values["last_effective_on"], values["last_by"] or "", values["last_note"] or "")
    return CommitmentRow(
        id=values["id"],
        title=values["title"],
        theme=values["theme"],
        owner=values["owner"],
        status=values["status"],
        confidence=values["confidence"],
        deadline=values["deadline"],
        deadline_text=values["deadline_text"],
        deadline_rule=values["deadline_rule"],
        target_value=values["target_value"],
        target_unit=values["target_unit"],
        briefing_id=values["briefing_id"],
        briefing_date=values["briefing_date"],
        excerpt=values["excerpt"],
        description=values["description"],
        version=values["version"],
        as_of=as_of,
        last_update=last,
        since=values["since"],
        kind=values["kind"],
        review=values["review"],
        deadline_moves=int(values["deadline_moves"] or 0),
    )


@dataclass(frozen=True)
class BriefingRef:
    id: int
    title: str
    date: date
