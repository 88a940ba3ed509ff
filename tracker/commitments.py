"""Recording what happens to commitments: updates with history, hand-made commitments,
owner contacts, and the full detail of one commitment.

Functions take the session as a keyword argument and never commit: the caller's unit of
work (``Store.write()``) commits or rolls back as a whole.
"""

from __future__ import annotations

import getpass
import hashlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import Select, bindparam, select, text
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col

from tracker.addresses import check_addresses, check_name
from tracker.clock import utc_now
from tracker.errors import ConflictError, UserError
from tracker.followup_rules import deadline_moved as deadline_moved
from tracker.followup_rules import target_on as target_on
from tracker.models import (
    Briefing,
    Commitment,
    CommitmentExcerpt,
    Confidence,
    Kind,
    Owner,
    Status,
    StatusChange,
)
from tracker.themes import theme_slugs


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
_FIELDS = ("status", "deadline", "confidence")
# The largest id tracker accepts (from a file or the command line): 2**53 - 1, the largest
# whole number every JSON reader keeps exact. The columns hold 64 bits on both databases, so
# ids handed out after it still fit; at SQLite's own limit, 2**63 - 1, it would start
# picking later ids at random.
MAX_ID = 2**53 - 1


def current_user() -> str:
    """Who is recording: ``TRACKER_USER``, else the login name."""
    from tracker.settings import UserSettings, read

    configured = read(UserSettings).user
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def parse_status(value: str) -> Status:
    try:
        return Status(value.strip().lower().replace(" ", "_").replace("-", "_"))
    except ValueError:
        choices = ", ".join(s.value for s in Status)
        raise UserError(f"unknown status {value!r} (choose from: {choices})") from None


def parse_kind(value: str) -> Kind:
    """``commitment`` or ``directive`` (any case); UserError naming both otherwise."""
    try:
        return Kind(value.strip().lower())
    except ValueError:
        raise UserError(f"unknown kind {value!r} (choose from: commitment, directive)") from None


def parse_confidence(value: str) -> Confidence | None:
    cleaned = value.strip().lower()
    if cleaned in ("", "none", "-"):
        return None
    try:
        return Confidence(cleaned)
    except ValueError:
        raise UserError(f"unknown confidence {value!r} (choose from: green, amber, red, none)") from None


def check_theme(value: str) -> str:
    slug = value.strip().lower()
    known = theme_slugs()
    if slug not in known:
        raise UserError(f"unknown theme {value!r} (choose from: {', '.join(sorted(known))})")
    return slug


def check_emails(value: str) -> list[str]:
    """The addresses in a comma-separated list, each plain ``local@domain`` with an optional
    display name (see ``tracker.addresses``); UserError names the first that is not."""
    return check_addresses(value)


def check_owner_name(name: str) -> str:
    """An owner's name, stripped; UserError when it holds a control character or an encoded
    word (it reaches the Subject of the owner's digests)."""
    try:
        return check_name(name, "owner")
    except ValueError as exc:
        raise UserError(str(exc)) from None


def get_commitment(session: Session, commitment_id: int, *, lock: bool = False) -> Commitment:
    if not 0 < commitment_id <= MAX_ID:
        raise UserError(f"no commitment with id {commitment_id}")
    commitment = session.get(Commitment, commitment_id, with_for_update=lock)
    if commitment is None:
        raise UserError(f"no commitment with id {commitment_id}")
    return commitment


def _state_on(commitment: Commitment, changes: Sequence[StatusChange], day: date | None) -> dict[str, Any]:
    """Status, deadline and confidence on ``day`` (None: after every change), rebuilt from
    the imported state and the changes, each field from the last change that altered it."""
    state: dict[str, Any] = {f: getattr(commitment, f"base_{f}") for f in _FIELDS}
    for change in sorted(changes, key=lambda c: (c.effective_on, c.id or 0)):
        if day is not None and change.effective_on > day:
            break
        for f in _FIELDS:
            before, after = getattr(change, f"from_{f}"), getattr(change, f"to_{f}")
            if before != after:
                state[f] = after
    return state


def history_statement() -> Select[Any]:
    """Every recorded change of the commitment in the parameter ``id``, in the order they
    took effect."""
    return (
        select(StatusChange)
        .where(col(StatusChange.commitment_id) == bindparam("id"))
        .order_by(col(StatusChange.effective_on), col(StatusChange.id))
    )


def history(session: Session, commitment_id: int) -> list[StatusChange]:
    """Every recorded change of a commitment, in the order they took effect."""
    return list(session.scalars(history_statement(), {"id": commitment_id}))


def _clear_impossible_deadline(session: Session, commitment_id: int) -> None:
    """Let a new deadline replace a stored one that is no date (``2026-02-30`` typed into the
    SQLite file by hand), which could not even be loaded. Only the commitment's copy of its
    deadline is cleared: the update rebuilds that copy from the history it keeps."""
    if session.get_bind().dialect.name != "sqlite":
        return  # other engines store dates as dates
    session.execute(
        text(
            "UPDATE commitment SET deadline = NULL WHERE id = :id AND deadline IS NOT NULL"
            " AND date(deadline, '+0 days') IS NOT deadline"
        ),
        {"id": commitment_id},
    )


def update_commitment(
    session: Session,
    commitment_id: int,
    *,
    today: date,
    status: Status | None = None,
    deadline: date | None | _Unset = UNSET,
    confidence: Confidence | None | _Unset = UNSET,
    note: str = "",
    evidence: str | None = None,
    by: str | None = None,
    effective_on: date | None = None,
    expected_version: int | None = None,
    deadline_text: str | None = None,
    deadline_rule: str | None = None,
    now: datetime | None = None,
    target: tuple[float | None, str | None] | _Unset = UNSET,
    briefing_id: int | None = None,
) -> StatusChange:
    """Record an update: append one StatusChange and bring the commitment up to date.

    ``expected_version`` is the version the user saw; if the commitment has changed since,
    nothing is written and ConflictError says so. Every call appends exactly one history
    row, a note alone included. A change may be dated back (``effective_on``), never ahead.
    ``deadline_text`` and ``deadline_rule`` are the words a new deadline was given in and how
    they were read ("end of FY2025-26"); they stay with the commitment while that deadline holds.
    ``target`` (value, unit) restates the target from ``effective_on``; ``briefing_id`` names the
    briefing that restated the commitment (see ``tracker.followup.restate``).
    """
    effective = effective_on or today
    if effective > today:
        raise UserError(f"the effective date {effective.isoformat()} is in the future (today is {today.isoformat()})")
    if not isinstance(deadline, _Unset):
        _clear_impossible_deadline(session, commitment_id)
    commitment = get_commitment(session, commitment_id, lock=True)
    if expected_version is not None and commitment.version != expected_version:
        raise ConflictError(
            f"commitment {commitment_id} was changed by someone else since you opened it "
            f"(now version {commitment.version}, you saw {expected_version}); nothing was saved"
        )
    changes = history(session, commitment_id)
    before = _state_on(commitment, changes, effective)
    after = dict(before)
    if status is not None:
        after["status"] = str(status)
    if not isinstance(deadline, _Unset):
        after["deadline"] = deadline
    if not isinstance(confidence, _Unset):
        after["confidence"] = str(confidence) if confidence is not None else None
    change = StatusChange(
        commitment_id=commitment_id,
        effective_on=effective,
        recorded_at=now or utc_now(),
        by=(by or current_user()).strip() or current_user(),
        from_status=before["status"],
        to_status=after["status"],
        from_deadline=before["deadline"],
        to_deadline=after["deadline"],
        from_confidence=before["confidence"],
        to_confidence=after["confidence"],
        note=note.strip(),
        evidence=(evidence or "").strip() or None,
        briefing_id=briefing_id,
    )
    if before["deadline"] != after["deadline"]:
        # The words of the deadline replaced are known only when it is the one in force now.
        change.from_deadline_text = commitment.deadline_text if before["deadline"] == commitment.deadline else None
        change.to_deadline_text = deadline_text
    if not isinstance(target, _Unset):
        old_target = target_on(commitment, changes, effective)
        if old_target != target:
            change.from_target_value, change.from_target_unit = old_target
            change.to_target_value, change.to_target_unit = target
    session.add(change)
    session.flush()
    everything = [*changes, change]
    current = _state_on(commitment, everything, None)
    for f in _FIELDS:
        setattr(commitment, f, current[f])
    commitment.target_value, commitment.target_unit = target_on(commitment, everything, None)
    commitment.deadline_moves = sum(1 for c in everything if deadline_moved(c))
    if not isinstance(deadline, _Unset) and current["deadline"] == deadline:
        # The deadline in force now came from this update: keep its words and how they were read.
        commitment.deadline_text = deadline_text
        commitment.deadline_rule = deadline_rule if deadline is not None else None
    # Always written, so the version moves on every update (a note alone included).
    commitment.updated_at = now or utc_now()
    flag_modified(commitment, "updated_at")
    try:
        session.flush()
    except StaleDataError:
        raise ConflictError(
            f"commitment {commitment_id} was changed by someone else while saving; nothing was saved"
        ) from None
    return change


def new_fingerprint(kind: str, *parts: str) -> str:
    """A stable identity for a commitment: the same inputs give the same fingerprint."""
    normalised = "\x1f".join(" ".join(p.casefold().split()) for p in parts)
    return f"{kind}:{hashlib.sha256(normalised.encode('utf-8')).hexdigest()[:64]}"


def add_commitment(
    session: Session,
    *,
    title: str,
    theme: str = "other",
    owner: str = "",
    description: str = "",
    deadline: date | None = None,
    deadline_text: str | None = None,
    deadline_rule: str | None = None,
    status: Status = Status.NOT_STARTED,
    confidence: Confidence | None = None,
    target_value: float | None = None,
    target_unit: str | None = None,
    since: date | None = None,
    kind: Kind = Kind.COMMITMENT,
    now: datetime | None = None,
) -> Commitment:
    """Create a commitment typed in by hand. It exists from ``since`` (the day it was made;
    None: at every date)."""
    title = title.strip()
    if not title:
        raise UserError("a commitment needs a title")
    stamp = now or utc_now()
    commitment = Commitment(
        title=title,
        theme=check_theme(theme or "other"),
        owner=check_owner_name(owner),
        kind=kind,
        description=description.strip(),
        status=status,
        base_status=status,
        deadline=deadline,
        base_deadline=deadline,
        deadline_text=deadline_text,
        deadline_rule=(deadline_rule or "entered by hand") if deadline else None,
        confidence=confidence,
        base_confidence=confidence,
        target_value=target_value,
        target_unit=target_unit,
        since=since,
        fingerprint=f"manual:{uuid.uuid4().hex}",
        created_at=stamp,
        updated_at=stamp,
    )
    session.add(commitment)
    session.flush()
    return commitment


def set_owner(session: Session, name: str, emails: Iterable[str], *, now: datetime | None = None) -> Owner:
    """Create or replace an owner's contact addresses."""
    name = check_owner_name(name)
    if not name:
        raise UserError("an owner needs a name")
    joined = ", ".join(emails)
    owner = session.scalars(select(Owner).where(Owner.name == name)).first()  # type: ignore[arg-type]
    if owner is None:
        owner = Owner(name=name, emails=joined, updated_at=now or utc_now())
        session.add(owner)
    else:
        owner.emails = joined
        owner.updated_at = now or utc_now()
    session.flush()
    return owner


def add_owner_email(session: Session, name: str, email: str) -> None:
    """Add ``email`` to an owner's addresses (creating the owner) unless it is there."""
    owner = session.scalars(select(Owner).where(Owner.name == name)).first()  # type: ignore[arg-type]
    if owner is None:
        set_owner(session, name, [email])
    elif email.lower() not in (e.lower() for e in owner.email_list):
        set_owner(session, name, [*owner.email_list, email])


@dataclass(frozen=True)
class OwnerSummary:
    name: str
    emails: list[str]
    commitments: int


def list_owners(session: Session) -> list[OwnerSummary]:
    """Every owner with contacts, and every body that owns commitments, with counts."""
    from sqlalchemy import func

    stmt = select(col(Commitment.owner), func.count()).group_by(col(Commitment.owner))
    counts: dict[str, int] = {name: int(n) for name, n in session.execute(stmt)}
    contacts = {o.name: o.email_list for o in session.scalars(select(Owner))}
    names = sorted(set(contacts) | {n for n in counts if n})
    return [OwnerSummary(n, contacts.get(n, []), int(counts.get(n, 0))) for n in names]


@dataclass
class Detail:
    """Everything about one commitment, for ``show`` and the TUI's detail screen."""

    commitment: Commitment
    briefing: Briefing | None
    history: list[StatusChange]
    excerpts: list[CommitmentExcerpt] = field(default_factory=list)


def detail(session: Session, commitment_id: int) -> Detail:
    commitment = get_commitment(session, commitment_id)
    briefing = session.get(Briefing, commitment.briefing_id) if commitment.briefing_id else None
    excerpts = list(
        session.scalars(
            select(CommitmentExcerpt)
            .where(CommitmentExcerpt.commitment_id == commitment_id)  # type: ignore[arg-type]
            .order_by(CommitmentExcerpt.span_start)  # type: ignore[arg-type]
        )
    )
    return Detail(commitment, briefing, history(session, commitment_id), excerpts)


def change_summary(change: Any, *, words: bool = False) -> str:
    """What one history entry changed, in words: "in_progress -> done; deadline 2026-03-31 ->
    2026-06-30", or "note" when it recorded a note alone. Takes a StatusChange or any read
    model with the same ``from_*``/``to_*`` fields (a restated target too: "target
    5,000,000,000 USD -> 3,800,000,000 USD"). ``words`` writes statuses as a person reads them
    ("in progress") rather than as stored."""
    moves = []
    if change.from_status != change.to_status:
        before, after = change.from_status, change.to_status
        if words:
            before, after = before.replace("_", " "), after.replace("_", " ")
        moves.append(f"{before} -> {after}")
    if change.from_deadline != change.to_deadline:
        moves.append(f"deadline {change.from_deadline or 'none'} -> {change.to_deadline or 'none'}")
    if change.from_confidence != change.to_confidence:
        moves.append(f"confidence {change.from_confidence or 'none'} -> {change.to_confidence or 'none'}")
    # A read model without the target's history has no target moves to tell.
    before = (getattr(change, "from_target_value", None), getattr(change, "from_target_unit", None))
    after = (getattr(change, "to_target_value", None), getattr(change, "to_target_unit", None))
    if before != after:
        moves.append(f"target {_amount(*before)} -> {_amount(*after)}")
    return "; ".join(moves) or "note"


def _amount(value: float | None, unit: str | None) -> str:
    if value is None:
        return "none"
    return f"{value:,.0f} {unit or ''}".strip()
