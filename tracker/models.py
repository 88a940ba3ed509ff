"""The tables: briefings, commitments, their status history, owners and the reminder ledger.

Timestamps are made in Python as timezone-aware UTC (``clock.utc_now``), never by the
database clock. Status, deadline and confidence of a commitment are kept twice on purpose:
``base_*`` is the state it was imported with, the plain columns are the state today; the
state on any other date is rebuilt from the ``statuschange`` log (see ``store.state_as_of``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, Integer, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from tracker.clock import utc_now

# The states live where the reports' SQLite read path can reach them without SQLModel.
from tracker.readmodels import CLOSED_STATUSES as CLOSED_STATUSES
from tracker.readmodels import OPEN_STATUSES as OPEN_STATUSES
from tracker.readmodels import Review as Review
from tracker.readmodels import Status as Status


class Confidence(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class Kind(StrEnum):
    """What an item is: a body's own undertaking, or what the committee told a body to do."""

    COMMITMENT = "commitment"
    DIRECTIVE = "directive"


class LinkRelation(StrEnum):
    """What a later briefing's sentence is to a commitment stored before (``LinkProposal``)."""

    RESTATEMENT = "restatement"
    PROGRESS = "progress"


class ReminderState(StrEnum):
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"


# Sort keys that the TUI's indexes are built on (see Commitment.__table_args__): no
# deadline sorts last, and open commitments come before closed ones.
DEADLINE_SORT_SQL = "coalesce(deadline, '9999-12-31')"
# The condition of the partial index on review: a query uses that index only when its WHERE
# holds this very text (with the literal, not a bound parameter).
UNDECIDED_OR_REJECTED_SQL = "review <> 'accepted'"
CLOSED_SQL = "(status IN ('done', 'partly_done', 'dropped'))"

# Every id and every column pointing at one is 64-bit: BIGINT on PostgreSQL (whose INTEGER
# is 32-bit), INTEGER on SQLite, where it is already 64-bit and must stay spelled INTEGER to
# remain the table's rowid.
ID = BigInteger().with_variant(Integer(), "sqlite")

# Named constraints, so Alembic's batch mode on SQLite can find and alter them.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _one_of(column: str, values: Iterable[str], *, nullable: bool = False) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    condition = f"{column} IN ({listed})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=column)


class Briefing(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True, sa_type=ID)
    title: str
    date: date
    committee: str | None = None
    presenter: str | None = None
    source: str | None = None
    text: str
    sha256: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(default_factory=utc_now)


# Kept as an object: SQLAlchemy's version_id_col needs the Column itself (the string form
# fails in SQLModel), and the same object must be both the field's column and the mapper arg.
_commitment_version = Column("version", Integer, nullable=False, default=1)


class Commitment(SQLModel, table=True):
    __table_args__ = (
        # Covers "open and overdue / due within N days, per owner" and the counts per status
        # without a table lookup, also as of a day before some commitments were made (since)
        # and for one kind only (the TUI's kind filter counts through it). ``review`` last:
        # every count and report reads accepted items only, still from the index alone. The
        # theme last: the HTML report's chart counts per theme, from this index too.
        Index("ix_commitment_status_deadline_owner", "status", "deadline", "owner", "since", "kind", "review", "theme"),
        # What waits for review (or was rejected), per briefing, without a scan of every
        # commitment. Partial: an index on review itself would lure SQLite's planner, which
        # takes any equality as selective, into reading every accepted row through it.
        Index(
            "ix_commitment_review",
            "review",
            "briefing_id",
            sqlite_where=text(UNDECIDED_OR_REJECTED_SQL),
            postgresql_where=text(UNDECIDED_OR_REJECTED_SQL),
        ),
        Index("ix_commitment_owner", "owner", "id"),
        Index("ix_commitment_theme", "theme", "id"),
        Index("ix_commitment_briefing", "briefing_id"),
        # Answers "was anything made after this date?" (max(since)) without a scan.
        Index("ix_commitment_since", "since"),
        # The TUI's sort orders, each tie-broken by id so keyset paging can seek straight to
        # a page (the id is implicit in every SQLite index, but not in PostgreSQL's: where many
        # rows share a key, the index names it). The expressions must match
        # tracker.browse's sort keys exactly, or the planner will not use them.
        Index("ix_commitment_title", "title", "id"),
        Index("ix_commitment_status", "status"),
        Index("ix_commitment_deadline_sort", text(DEADLINE_SORT_SQL)),
        Index("ix_commitment_timeliness_sort", text(CLOSED_SQL), text(DEADLINE_SORT_SQL)),
        # The TUI's sort by how often the deadline moved (tie-broken by id, as above).
        Index("ix_commitment_deadline_moves", "deadline_moves", "id"),
        _one_of("status", Status),
        _one_of("base_status", Status),
        _one_of("confidence", Confidence, nullable=True),
        _one_of("base_confidence", Confidence, nullable=True),
        _one_of("kind", Kind),
        _one_of("review", Review),
    )
    __mapper_args__ = {"version_id_col": _commitment_version}

    id: int | None = Field(default=None, primary_key=True, sa_type=ID)
    briefing_id: int | None = Field(default=None, foreign_key="briefing.id", ondelete="CASCADE", sa_type=ID)
    title: str
    description: str = ""
    theme: str = "other"
    owner: str = ""
    # A directive is owned by the body the committee directed; reminders treat both alike.
    kind: str = Field(default=Kind.COMMITMENT, max_length=16, sa_column_kwargs={"server_default": "commitment"})
    # Only accepted items count (see ``Review``); rows from before review existed are accepted.
    review: str = Field(default=Review.ACCEPTED, max_length=16, sa_column_kwargs={"server_default": "accepted"})
    reviewed_by: str | None = None
    reviewed_at: datetime | None = None
    status: str = Field(default=Status.NOT_STARTED, max_length=16)
    confidence: str | None = Field(default=None, max_length=8)
    deadline: date | None = None
    base_status: str = Field(default=Status.NOT_STARTED, max_length=16)
    base_confidence: str | None = Field(default=None, max_length=8)
    base_deadline: date | None = None
    deadline_text: str | None = None
    deadline_rule: str | None = None
    target_value: float | None = None
    target_unit: str | None = None
    baseline: str | None = None
    span_start: int | None = None
    span_end: int | None = None
    excerpt: str | None = None
    # The notes of the history, one per line, for the search index only: a trigger on
    # statuschange keeps it (migration 0007); tracker's code never sets it.
    history_notes: str = Field(default="", sa_column_kwargs={"server_default": ""})
    fingerprint: str = Field(unique=True, max_length=80)
    # The day the commitment was made (its briefing's sitting, a file's ``since``, the add
    # form's date); before it the commitment is in no list. None: there at every date.
    since: date | None = None
    # How many times the deadline has moved, over the whole history: kept by
    # ``commitments.update_commitment`` for the TUI's sort and ``list --slipped`` today; a
    # past date's figure is counted from the history (``queries.slippage``).
    deadline_moves: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    version: int = Field(default=1, sa_column=_commitment_version)
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)


class CommitmentExcerpt(SQLModel, table=True):
    """Further sentences of the briefing that a merged commitment came from."""

    id: int | None = Field(default=None, primary_key=True, sa_type=ID)
    commitment_id: int = Field(foreign_key="commitment.id", ondelete="CASCADE", sa_type=ID, index=True)
    span_start: int
    span_end: int
    excerpt: str
    # The briefing the sentence is in, when it is not the commitment's own (a later sitting
    # restated the commitment). A plain id, not a foreign key: see migration 0010.
    briefing_id: int | None = Field(default=None, sa_type=ID)


class StatusChange(SQLModel, table=True):
    """One recorded update of a commitment. Append-only: never updated, never deleted.

    ``to_*`` hold the full state after the update; a field counts as changed by this row
    when its ``from_*`` and ``to_*`` differ. The target (``*_target_value``/``*_target_unit``)
    is the exception: it is written only by a change that restates it and is null in every
    other row, so the history of targets is read from the rows where it differs.
    ``briefing_id`` is the sitting whose briefing restated the commitment (``followup.restate``);
    ``to_deadline_text`` the words a new deadline was given in, ``from_deadline_text`` those of
    the deadline it replaced.
    """

    __table_args__ = (
        Index("ix_statuschange_commitment_effective", "commitment_id", "effective_on", "id"),
        Index("ix_statuschange_effective_on", "effective_on"),
        _one_of("from_status", Status),
        _one_of("to_status", Status),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=ID)
    commitment_id: int = Field(foreign_key="commitment.id", ondelete="CASCADE", sa_type=ID)
    effective_on: date
    recorded_at: datetime = Field(default_factory=utc_now)
    by: str
    from_status: str = Field(max_length=16)
    to_status: str = Field(max_length=16)
    from_deadline: date | None = None
    to_deadline: date | None = None
    from_confidence: str | None = Field(default=None, max_length=8)
    to_confidence: str | None = Field(default=None, max_length=8)
    note: str = ""
    evidence: str | None = None
    briefing_id: int | None = Field(default=None, sa_type=ID)
    from_target_value: float | None = None
    to_target_value: float | None = None
    from_target_unit: str | None = None
    to_target_unit: str | None = None
    from_deadline_text: str | None = None
    to_deadline_text: str | None = None


class Measurement(SQLModel, table=True):
    """An actual value of a commitment's target measured on a date (``as_of``): reported in a
    briefing (``briefing_id`` and the sentence in ``source``) or typed in by hand (a note in
    ``source``). Append-only, like the history."""

    __table_args__ = (Index("ix_measurement_commitment_as_of", "commitment_id", "as_of", "id"),)

    id: int | None = Field(default=None, primary_key=True, sa_type=ID)
    commitment_id: int = Field(foreign_key="commitment.id", ondelete="CASCADE", sa_type=ID)
    value: float
    unit: str | None = None
    as_of: date
    source: str = ""
    briefing_id: int | None = Field(default=None, foreign_key="briefing.id", ondelete="SET NULL", sa_type=ID)
    recorded_by: str
    recorded_at: datetime = Field(default_factory=utc_now)


class LinkProposal(SQLModel, table=True):
    """What a later briefing says about a commitment stored before, waiting for a person.

    ``relation`` ``restatement``: the briefing states the commitment again, with the new
    deadline and/or target here; ``progress``: it reports work done, with the status it
    implies and the actual value it states. Nothing of the commitment changes until the
    proposal is accepted (see ``tracker.review``). ``item_id`` is the proposed item the
    restating sentence also gave, which acceptance turns down (it is the same commitment).
    """

    __table_args__ = (
        Index("ix_linkproposal_briefing", "briefing_id", "state"),
        Index("ix_linkproposal_commitment", "commitment_id"),
        _one_of("relation", LinkRelation),
        _one_of("state", Review),
        _one_of("new_status", Status, nullable=True),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=ID)
    briefing_id: int = Field(foreign_key="briefing.id", ondelete="CASCADE", sa_type=ID)
    commitment_id: int = Field(foreign_key="commitment.id", ondelete="CASCADE", sa_type=ID)
    item_id: int | None = Field(default=None, foreign_key="commitment.id", ondelete="SET NULL", sa_type=ID)
    relation: str = Field(max_length=16)
    score: float
    explanation: str = ""
    span_start: int
    span_end: int
    excerpt: str
    new_deadline: date | None = None
    new_deadline_text: str | None = None
    new_target_value: float | None = None
    new_target_unit: str | None = None
    new_status: str | None = Field(default=None, max_length=16)
    actual_value: float | None = None
    actual_unit: str | None = None
    state: str = Field(default=Review.PROPOSED, max_length=16)
    decided_by: str | None = None
    decided_at: datetime | None = None
    created_at: datetime = Field(default_factory=utc_now)


class Owner(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True, sa_type=ID)
    name: str = Field(unique=True)
    emails: str = ""  # comma-separated addresses
    updated_at: datetime = Field(default_factory=utc_now)

    @property
    def email_list(self) -> list[str]:
        return [e.strip() for e in self.emails.split(",") if e.strip()]


class ReminderLog(SQLModel, table=True):
    """The reminder ledger: one row per (commitment, rule, deadline), so nothing goes twice."""

    __table_args__ = (
        UniqueConstraint("commitment_id", "rule", "deadline", name="uq_reminder_once"),
        Index("ix_reminderlog_state", "state"),
        _one_of("state", ReminderState),
    )

    id: int | None = Field(default=None, primary_key=True, sa_type=ID)
    commitment_id: int = Field(foreign_key="commitment.id", ondelete="CASCADE", sa_type=ID)
    rule: str = Field(max_length=32)
    deadline: date
    for_date: date
    state: str = Field(default=ReminderState.CLAIMED, max_length=8)
    owner: str = ""
    message_id: str | None = None
    error: str | None = None
    claimed_at: datetime = Field(default_factory=utc_now)
    sent_at: datetime | None = None
