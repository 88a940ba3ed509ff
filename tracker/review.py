"""Review: a person accepts, rejects or corrects what a briefing proposed before it counts.

A briefing's items are stored ``proposed`` (see ``models.Review``): listed, but in no count,
report, calendar or reminder. Here they are listed per briefing with the sentence each came
from, and decided: accepted (the history then starts with "accepted from <briefing> by
<user>"), rejected (kept with its sentence, so a re-import does not propose it again),
edited, split in two, merged into one. The sentences that say something will or must be done
but gave no item are listed too ("also in this briefing"), and any of them can be made an
item.

Functions take the session as a keyword-free first argument and never commit: the caller's
unit of work (``Store.write()``) commits or rolls back as a whole, so a refused decision
(an id that is not waiting, say) leaves the database as it was. Every decision records who
(``by``, default ``commitments.current_user()``) and when.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TypeVar

from sqlalchemy import func, select, text
from sqlmodel import Session, col

from tracker.clock import utc_now
from tracker.commitments import (
    MAX_ID,
    UNSET,
    _Unset,
    check_owner_name,
    check_theme,
    current_user,
    parse_kind,
)
from tracker.dates import DeadlineChoice, parse_deadline
from tracker.errors import ConflictError, UserError
from tracker.followup_rules import format_amount
from tracker.models import (
    UNDECIDED_OR_REJECTED_SQL,
    Briefing,
    Commitment,
    CommitmentExcerpt,
    Kind,
    LinkProposal,
    LinkRelation,
    Review,
    Status,
    StatusChange,
)

__all__ = [
    "LinkItem",
    "ProposedItem",
    "ReviewBriefing",
    "UnmatchedSentence",
    "WaitingBriefing",
    "accept",
    "accept_all",
    "accept_links",
    "also_in_briefing",
    "deadline_preview",
    "edit",
    "item_from_sentence",
    "merge",
    "parse_ids",
    "reject",
    "reject_links",
    "review_briefing",
    "split",
    "waiting",
]

# A range of ids wider than this ("1-99999999") is a typing slip, not a decision.
MAX_IDS = 10_000
TITLE_LIMIT = 80
_IDS = re.compile(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?")


@dataclass(frozen=True)
class ProposedItem:
    """One item waiting for review, with where its sentence sits in its briefing's text
    (``span_start``/``span_end``: ``text[span_start:span_end] == excerpt``)."""

    id: int
    briefing_id: int | None
    title: str
    kind: str
    theme: str
    owner: str
    deadline: date | None
    deadline_text: str | None
    deadline_rule: str | None
    target_value: float | None
    target_unit: str | None
    description: str
    excerpt: str | None
    span_start: int | None
    span_end: int | None
    version: int

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "briefing_id": self.briefing_id,
            "title": self.title,
            "kind": self.kind,
            "theme": self.theme,
            "owner": self.owner,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "deadline_text": self.deadline_text,
            "deadline_rule": self.deadline_rule,
            "target_value": self.target_value,
            "target_unit": self.target_unit,
            "excerpt": self.excerpt,
            "span_start": self.span_start,
            "span_end": self.span_end,
            "version": self.version,
        }


@dataclass(frozen=True)
class WaitingBriefing:
    """A briefing and its items that wait for review, in the order of its text."""

    id: int
    title: str
    date: date
    committee: str | None
    items: list[ProposedItem]
    # What the briefing says about commitments stored before (see ``LinkItem``).
    links: list[LinkItem] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "briefing_id": self.id,
            "title": self.title,
            "date": self.date.isoformat(),
            "committee": self.committee,
            "items": [i.to_json() for i in self.items],
            "follow_ups": [link.to_json() for link in self.links],
        }


@dataclass(frozen=True)
class UnmatchedSentence:
    """A sentence with a future or obligation cue that gave no item, and the parser's reason."""

    start: int
    end: int
    text: str
    verdict: str
    reason: str


@dataclass(frozen=True)
class ReviewBriefing:
    """Everything the review of one briefing shows: its text, what waits, what else it says."""

    id: int
    title: str
    date: date
    committee: str | None
    text: str
    items: list[ProposedItem]
    also: list[UnmatchedSentence]
    links: list[LinkItem] = field(default_factory=list)


# ---------------------------------------------------------------- reading


def _item(c: Commitment) -> ProposedItem:
    assert c.id is not None
    return ProposedItem(
        id=c.id,
        briefing_id=c.briefing_id,
        title=c.title,
        kind=str(c.kind),
        theme=c.theme,
        owner=c.owner,
        deadline=c.deadline,
        deadline_text=c.deadline_text,
        deadline_rule=c.deadline_rule,
        target_value=c.target_value,
        target_unit=c.target_unit,
        description=c.description,
        excerpt=c.excerpt,
        span_start=c.span_start,
        span_end=c.span_end,
        version=c.version,
    )


def _briefing(session: Session, briefing_id: int) -> Briefing:
    found = session.get(Briefing, briefing_id) if 0 < briefing_id <= MAX_ID else None
    if found is None:
        raise UserError(f"no briefing with id {briefing_id}")
    return found


def _proposed_in(session: Session, briefing_ids: Sequence[int] | None) -> list[Commitment]:
    stmt = select(Commitment).where(text(UNDECIDED_OR_REJECTED_SQL), col(Commitment.review) == Review.PROPOSED.value)
    stmt = stmt.where(col(Commitment.briefing_id).is_not(None))
    if briefing_ids is not None:
        stmt = stmt.where(col(Commitment.briefing_id).in_(list(briefing_ids)))
    return list(
        session.scalars(stmt.order_by(col(Commitment.briefing_id), col(Commitment.span_start), col(Commitment.id)))
    )


def count_waiting(session: Session) -> int:
    """How many items of briefings wait for review: a count through the partial index on
    review, not a read of the items."""
    stmt = select(func.count()).select_from(Commitment)
    stmt = stmt.where(text(UNDECIDED_OR_REJECTED_SQL), col(Commitment.review) == Review.PROPOSED.value)
    return int(session.scalar(stmt.where(col(Commitment.briefing_id).is_not(None))) or 0)


def waiting(session: Session, briefing_id: int | None = None) -> list[WaitingBriefing]:
    """What waits for review, per briefing (oldest sitting first), each briefing's items in
    the order of its text. With ``briefing_id``, that briefing alone, even when nothing of it
    waits (its ``items`` are then empty); UserError if there is no such briefing."""
    if briefing_id is not None:
        b = _briefing(session, briefing_id)
        items = [_item(c) for c in _proposed_in(session, [briefing_id])]
        assert b.id is not None
        return [WaitingBriefing(b.id, b.title, b.date, b.committee, items, _links_in(session, [briefing_id]))]
    by_briefing: dict[int, list[ProposedItem]] = {}
    for c in _proposed_in(session, None):
        by_briefing.setdefault(int(c.briefing_id or 0), []).append(_item(c))
    links: dict[int, list[LinkItem]] = {}
    for link in _links_in(session, None):
        links.setdefault(link.briefing_id, []).append(link)
    if not by_briefing and not links:
        return []
    wanted = sorted(set(by_briefing) | set(links))
    briefings = session.scalars(select(Briefing).where(col(Briefing.id).in_(wanted)))
    ordered = sorted(briefings, key=lambda b: (b.date, b.id or 0))
    return [
        WaitingBriefing(
            b.id or 0, b.title, b.date, b.committee, by_briefing.get(b.id or 0, []), links.get(b.id or 0, [])
        )
        for b in ordered
    ]


def review_briefing(session: Session, briefing_id: int) -> ReviewBriefing:
    """One briefing for review: its text, the items that wait (with their spans) and the
    sentences that say something will or must be done but gave no item."""
    b = _briefing(session, briefing_id)
    items = [_item(c) for c in _proposed_in(session, [briefing_id])]
    assert b.id is not None
    also = also_in_briefing(session, briefing_id)
    return ReviewBriefing(b.id, b.title, b.date, b.committee, b.text, items, also, _links_in(session, [briefing_id]))


def also_in_briefing(session: Session, briefing_id: int) -> list[UnmatchedSentence]:
    """Every sentence of the briefing with a future or obligation cue that gave no item (the
    parser's decision on each sentence, read again from the stored text), leaving out those
    an item has since been made of."""
    from tracker.briefing import BriefingDateError, has_cue, parse_briefing

    b = _briefing(session, briefing_id)
    try:
        parsed = parse_briefing(b.text, briefing_date=b.date)
    except BriefingDateError:
        return []
    taken = {
        (s, e)
        for s, e in session.execute(
            select(col(Commitment.span_start), col(Commitment.span_end)).where(
                col(Commitment.briefing_id) == briefing_id
            )
        )
    }
    return [
        UnmatchedSentence(d.start, d.end, b.text[d.start : d.end], d.verdict, d.reason)
        for d in parsed.decisions
        if d.items == 0
        and not d.verdict.startswith(("byline", "dateline", "headline", "footer", "furniture"))
        and (d.start, d.end) not in taken
        and has_cue(d.text)
    ]


# ---------------------------------------------------------------- ids


def parse_ids(value: str) -> list[int]:
    """Ids as typed: "3,5-7" is 3, 5, 6 and 7 (in that order, each once). UserError, naming
    the part, for anything else."""
    ids: list[int] = []
    for part in value.split(","):
        m = _IDS.fullmatch(part)
        if m is None:
            raise UserError(f"{part.strip() or value!r} is not an id or a range of ids (write them like 3,5-7)")
        first = int(m.group(1))
        last = int(m.group(2)) if m.group(2) is not None else first
        if last < first:
            raise UserError(f"{part.strip()!r}: a range runs from the smaller id to the larger (like 5-7)")
        if last - first >= MAX_IDS or first < 1 or last > MAX_ID:
            raise UserError(f"{part.strip()!r} is not a range of ids tracker can decide at once")
        ids += [i for i in range(first, last + 1) if i not in ids]
    if not ids:
        raise UserError("no ids given (write them like 3,5-7)")
    return ids


# What a review decides: a proposed item or a proposed follow-up.
_Decidable = TypeVar("_Decidable", Commitment, LinkProposal)


def _locked_waiting(
    session: Session,
    model: type[_Decidable],
    ids: Iterable[int],
    *,
    within: int | None,
    state: Callable[[_Decidable], str],
    missing: str,
    name: Callable[[int], str],
    not_of: str,
) -> list[_Decidable]:
    """The rows of ``model`` with ``ids``, each locked; UserError for the first that does not
    wait for review, or (``within``) is not of that briefing, before anything is changed.
    ``missing``, ``name`` and ``not_of`` word the refusals."""
    if within is not None:
        _briefing(session, within)
    found: list[_Decidable] = []
    for row_id in dict.fromkeys(ids):
        row = session.get(model, row_id, with_for_update=True) if 0 < row_id <= MAX_ID else None
        if row is None:
            raise UserError(f"no {missing} with id {row_id}: nothing was decided")
        if state(row) != Review.PROPOSED:
            raise UserError(f"{name(row_id)} does not wait for review (it was {state(row)}): nothing was decided")
        if within is not None and row.briefing_id != within:
            raise UserError(f"{name(row_id)} {not_of} {within}: nothing was decided")
        found.append(row)
    return found


def _waiting_items(session: Session, ids: Iterable[int], *, within: int | None = None) -> list[Commitment]:
    """The items with ``ids``, each locked, all waiting for review (see ``_locked_waiting``)."""
    return _locked_waiting(
        session,
        Commitment,
        ids,
        within=within,
        state=lambda c: c.review,
        missing="commitment",
        name=lambda i: f"#{i}",
        not_of="is not an item of briefing",
    )


# ---------------------------------------------------------------- deciding


def _record(session: Session, c: Commitment, note: str, *, by: str, today: date, stamp: datetime) -> StatusChange:
    """A history entry that changes nothing but says what was decided, by whom, when."""
    change = StatusChange(
        commitment_id=c.id or 0,
        effective_on=today,
        recorded_at=stamp,
        by=by,
        from_status=c.status,
        to_status=c.status,
        from_deadline=c.deadline,
        to_deadline=c.deadline,
        from_confidence=c.confidence,
        to_confidence=c.confidence,
        note=note,
    )
    session.add(change)
    return change


def _decide(
    session: Session,
    items: list[Commitment],
    review: Review,
    *,
    today: date,
    by: str | None,
    now: datetime | None,
) -> list[int]:
    who = (by or "").strip() or current_user()
    stamp = now or utc_now()
    titles: dict[int, str] = {}
    for c in items:
        if c.briefing_id is not None and c.briefing_id not in titles:
            titles[c.briefing_id] = _briefing(session, c.briefing_id).title
    verb = "accepted" if review == Review.ACCEPTED else "rejected"
    for c in items:
        source = f" from {titles[c.briefing_id]}" if c.briefing_id is not None else ""
        c.review, c.reviewed_by, c.reviewed_at, c.updated_at = review, who, stamp, stamp
        _record(session, c, f"{verb}{source} by {who}", by=who, today=today, stamp=stamp)
    if review == Review.ACCEPTED and items:
        # Accepted as a new commitment: it restates nothing, so its follow-ups are turned down.
        pending = select(LinkProposal).where(
            col(LinkProposal.item_id).in_([c.id for c in items]), col(LinkProposal.state) == Review.PROPOSED.value
        )
        for p in session.scalars(pending):
            p.state, p.decided_by, p.decided_at = Review.REJECTED, who, stamp
    session.flush()
    return [c.id or 0 for c in items]


def accept(
    session: Session,
    ids: Iterable[int],
    *,
    today: date,
    by: str | None = None,
    now: datetime | None = None,
    within: int | None = None,
) -> list[int]:
    """Accept the items with ``ids``: from now on they count. Each one's history starts with
    "accepted from <briefing> by <user>". All or none: UserError if one does not wait (or,
    given ``within``, is not an item of that briefing)."""
    return _decide(session, _waiting_items(session, ids, within=within), Review.ACCEPTED, today=today, by=by, now=now)


def reject(
    session: Session,
    ids: Iterable[int],
    *,
    today: date,
    by: str | None = None,
    now: datetime | None = None,
    within: int | None = None,
) -> list[int]:
    """Reject the items with ``ids``: kept with their sentence (a re-import of the briefing,
    or a later one with the same sentence of the same owner, does not propose them again),
    counted nowhere. All or none: UserError if one does not wait (or, given ``within``, is
    not an item of that briefing)."""
    return _decide(session, _waiting_items(session, ids, within=within), Review.REJECTED, today=today, by=by, now=now)


def accept_all(
    session: Session, briefing_id: int, *, today: date, by: str | None = None, now: datetime | None = None
) -> list[int]:
    """Accept everything of the briefing that still waits: its follow-ups first (each changes
    its commitment, and turns down the item its sentence also gave), then its items. Returns
    the ids of the items accepted; UserError if nothing waits."""
    _briefing(session, briefing_id)
    links = [link.id for link in _links_in(session, [briefing_id])]
    if links:
        accept_links(session, links, today=today, by=by, now=now)
    items = _proposed_in(session, [briefing_id])
    if not items and not links:
        raise UserError(f"nothing of briefing {briefing_id} waits for review")
    return accept(session, [c.id or 0 for c in items], today=today, by=by, now=now) if items else []


# ---------------------------------------------------------------- correcting


def deadline_preview(session: Session, item_id: int, phrase: str) -> DeadlineChoice:
    """What a deadline typed for a waiting item resolves to, read from its briefing's sitting
    ("within 60 days" counts from the sitting): for a form to show as the user types.
    UserError, fit to show beside the field, when it cannot be resolved to one day."""
    (c,) = _waiting_items(session, [item_id])
    return parse_deadline(phrase, reference=_reference_day(session, c))


def _reference_day(session: Session, c: Commitment) -> date:
    if c.briefing_id is not None:
        return _briefing(session, c.briefing_id).date
    return c.since or (c.created_at.date())


def _owner(name: str) -> str:
    """A typed owner, by its canonical name when it is a known body or one of its aliases."""
    from tracker.aliases import load_aliases

    cleaned = check_owner_name(name)
    if not cleaned:
        raise UserError("an item needs an owner")
    return load_aliases().resolve(cleaned) or cleaned


def edit(
    session: Session,
    item_id: int,
    *,
    title: str | None = None,
    kind: str | None = None,
    theme: str | None = None,
    owner: str | None = None,
    deadline: str | None = None,
    target_value: float | None | _Unset = UNSET,
    target_unit: str | None | _Unset = UNSET,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> ProposedItem:
    """Correct a waiting item in place; what is None (or unset) stays. ``owner`` may be a
    known body's alias (stored by its canonical name) or any other name. ``deadline`` is a
    phrase ("by June 2026", "within 60 days", "end of FY2025-26"), a date, or "none",
    resolved from the briefing's sitting. ConflictError if it changed since
    ``expected_version`` was read; UserError for bad values, with nothing changed."""
    (c,) = _waiting_items(session, [item_id])
    if expected_version is not None and c.version != expected_version:
        raise ConflictError(f"#{item_id} was changed by someone else since you opened it; nothing was saved")
    if title is not None:
        if not title.strip():
            raise UserError("an item needs a title")
        c.title = " ".join(title.split())
    if kind is not None:
        c.kind = parse_kind(kind)
    if theme is not None:
        c.theme = check_theme(theme)
    if owner is not None:
        c.owner = _owner(owner)
    if deadline is not None:
        choice = parse_deadline(deadline, reference=_reference_day(session, c))
        # Nothing was recorded yet: the deadline it was made with is this one.
        c.deadline = c.base_deadline = choice.date
        c.deadline_text = choice.text
        c.deadline_rule = choice.rule
    if not isinstance(target_value, _Unset):
        c.target_value = target_value
    if not isinstance(target_unit, _Unset):
        c.target_unit = (target_unit or "").strip() or None
    c.updated_at = now or utc_now()
    session.flush()
    return _item(c)


def split(
    session: Session, item_id: int, *, first_title: str, second_title: str, now: datetime | None = None
) -> tuple[ProposedItem, ProposedItem]:
    """Split a waiting item that holds two deliverables into two waiting items with the same
    sentence, owner and deadline: the item keeps ``first_title``, a new one gets
    ``second_title``. Both then wait for review."""
    (c,) = _waiting_items(session, [item_id])
    first, second = " ".join(first_title.split()), " ".join(second_title.split())
    if not first or not second:
        raise UserError("each of the two items needs a title")
    stamp = now or utc_now()
    c.title, c.updated_at = first, stamp
    twin = Commitment(
        **{
            k: getattr(c, k)
            for k in (
                "briefing_id",
                "description",
                "theme",
                "owner",
                "kind",
                "status",
                "base_status",
                "deadline",
                "base_deadline",
                "deadline_text",
                "deadline_rule",
                "target_value",
                "target_unit",
                "baseline",
                "span_start",
                "span_end",
                "excerpt",
                "since",
            )
        },
        title=second,
        review=Review.PROPOSED,
        fingerprint=f"split:{uuid.uuid4().hex}",
        created_at=stamp,
        updated_at=stamp,
    )
    session.add(twin)
    session.flush()
    return _item(c), _item(twin)


def merge(
    session: Session,
    ids: Sequence[int],
    *,
    today: date,
    title: str | None = None,
    by: str | None = None,
    now: datetime | None = None,
) -> ProposedItem:
    """Merge waiting items of one briefing into the first of ``ids``: it gains the others'
    sentences as further excerpts (and ``title``, if given) and waits for review; the others
    are rejected, their history saying "merged into #N", so a re-import does not propose
    them again."""
    items = _waiting_items(session, ids)
    if len(items) < 2:
        raise UserError("merging needs two items or more")
    kept, rest = items[0], items[1:]
    if any(c.briefing_id != kept.briefing_id for c in rest):
        raise UserError("only items of the same briefing can be merged")
    if title is not None:
        if not title.strip():
            raise UserError("an item needs a title")
        kept.title = " ".join(title.split())
    spans = {(kept.span_start, kept.span_end)}
    spans |= {
        (s, e)
        for s, e in session.execute(
            select(col(CommitmentExcerpt.span_start), col(CommitmentExcerpt.span_end)).where(
                col(CommitmentExcerpt.commitment_id) == kept.id
            )
        )
    }
    who = (by or "").strip() or current_user()
    stamp = now or utc_now()
    for c in rest:
        if (
            c.span_start is not None
            and c.span_end is not None
            and c.excerpt
            and (c.span_start, c.span_end) not in spans
        ):
            spans.add((c.span_start, c.span_end))
            session.add(
                CommitmentExcerpt(
                    commitment_id=kept.id or 0, span_start=c.span_start, span_end=c.span_end, excerpt=c.excerpt
                )
            )
        c.review, c.reviewed_by, c.reviewed_at, c.updated_at = Review.REJECTED, who, stamp, stamp
        _record(session, c, f"merged into #{kept.id} by {who}", by=who, today=today, stamp=stamp)
    kept.updated_at = stamp
    session.flush()
    return _item(kept)


def item_from_sentence(
    session: Session,
    briefing_id: int,
    start: int,
    end: int,
    *,
    title: str | None = None,
    owner: str | None = None,
    kind: str | None = None,
    now: datetime | None = None,
) -> ProposedItem:
    """Make a waiting item of the sentence ``text[start:end]`` of a briefing (one of "also in
    this briefing", say): the sentence is its excerpt, its first deadline phrase (read from
    the sitting) its deadline; the owner is ``owner``, else the body the sentence names
    first, else the briefing's presenter. It waits for review like any other."""
    from tracker.aliases import load_aliases
    from tracker.briefing import UNASSIGNED_OWNER
    from tracker.deadlines import find_deadlines

    b = _briefing(session, briefing_id)
    if not 0 <= start < end <= len(b.text) or not b.text[start:end].strip():
        raise UserError(f"there is no sentence at {start}-{end} in briefing {briefing_id}")
    sentence = b.text[start:end]
    fingerprint = f"sentence:{b.sha256[:40]}:{start}-{end}"
    if session.scalars(select(Commitment).where(col(Commitment.fingerprint) == fingerprint)).first() is not None:
        raise UserError(f"an item was already made of that sentence of briefing {briefing_id}")
    if owner is not None:
        who = _owner(owner)
    else:
        named = load_aliases().find(sentence)
        presenter = load_aliases().resolve(b.presenter or "") or (b.presenter or "")
        who = named[0].canonical if named else presenter or UNASSIGNED_OWNER
    flat = " ".join(sentence.split())
    found = [d for d in find_deadlines(sentence, b.date, anchor="sitting date") if d.date is None or d.date >= b.date]
    deadline = found[0] if found else None
    heading = " ".join((title or "").split()) or (flat if len(flat) <= TITLE_LIMIT else flat[: TITLE_LIMIT - 1] + "…")
    stamp = now or utc_now()
    c = Commitment(
        briefing_id=b.id,
        title=heading,
        description=flat,
        owner=who,
        kind=parse_kind(kind) if kind is not None else Kind.COMMITMENT,
        deadline=deadline.date if deadline else None,
        base_deadline=deadline.date if deadline else None,
        deadline_text=deadline.text if deadline else None,
        deadline_rule=deadline.rule if deadline else None,
        span_start=start,
        span_end=end,
        excerpt=sentence,
        fingerprint=fingerprint,
        since=b.date,
        review=Review.PROPOSED,
        created_at=stamp,
        updated_at=stamp,
    )
    session.add(c)
    session.flush()
    return _item(c)


# ---------------------------------------------------------------- follow-ups (link proposals)


# What a clerk sees for a progress report that changes nothing: a mention (a sentence that names
# the commitment, in words that imply no status), whose sentence is kept as evidence only.
MENTIONED_CHANGE = "mentioned (no change of status read)"


@dataclass(frozen=True)
class LinkItem:
    """A follow-up waiting for review: what a later briefing says about a stored commitment,
    the old and the new side by side, with the linker's score and reasons.

    ``relation`` ``restatement`` (``new_deadline`` and/or ``new_target_*``) or ``progress``
    (``new_status``, ``actual_*``); ``item_id`` the proposed item the restating sentence also
    gave (accepting the follow-up turns it down: it is the same commitment)."""

    id: int
    briefing_id: int
    commitment_id: int
    item_id: int | None
    relation: str
    score: float
    explanation: str
    excerpt: str
    span_start: int
    span_end: int
    title: str
    owner: str
    old_status: str
    new_status: str | None
    old_deadline: date | None
    new_deadline: date | None
    new_deadline_text: str | None
    old_target_value: float | None
    old_target_unit: str | None
    new_target_value: float | None
    new_target_unit: str | None
    actual_value: float | None
    actual_unit: str | None

    @property
    def mentioned(self) -> bool:
        """A progress report with no status and no actual: accepting it keeps its sentence as
        evidence (lineage) and changes nothing else."""
        return self.relation == "progress" and self.new_status is None and self.actual_value is None

    def change(self) -> str:
        """The old and the new side by side, field by field, as review shows them: ``deadline
        2025-06-30 -> 2026-06-30; target 32.3 bn USD -> 35 bn USD``, ``not started -> in
        progress; actual 310 firms``, for a mention :data:`MENTIONED_CHANGE`, and ``stated
        again`` for a restatement that changes nothing."""
        changes = []
        if self.new_deadline is not None:
            old = self.old_deadline.isoformat() if self.old_deadline else "none"
            changes.append(f"deadline {old} -> {self.new_deadline.isoformat()}")
        if self.new_target_value is not None:
            old = format_amount(self.old_target_value, self.old_target_unit)
            changes.append(f"target {old} -> {format_amount(self.new_target_value, self.new_target_unit)}")
        if self.new_status is not None:
            changes.append(f"{self.old_status.replace('_', ' ')} -> {self.new_status.replace('_', ' ')}")
        if self.actual_value is not None:
            changes.append(f"actual {format_amount(self.actual_value, self.actual_unit)}")
        return "; ".join(changes) or (MENTIONED_CHANGE if self.mentioned else "stated again")

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "briefing_id": self.briefing_id,
            "commitment_id": self.commitment_id,
            "item_id": self.item_id,
            "relation": self.relation,
            "score": self.score,
            "explanation": self.explanation,
            "excerpt": self.excerpt,
            "span_start": self.span_start,
            "span_end": self.span_end,
            "title": self.title,
            "owner": self.owner,
            "old": {
                "status": self.old_status,
                "deadline": self.old_deadline.isoformat() if self.old_deadline else None,
                "target_value": self.old_target_value,
                "target_unit": self.old_target_unit,
            },
            "new": {
                "status": self.new_status,
                "deadline": self.new_deadline.isoformat() if self.new_deadline else None,
                "deadline_text": self.new_deadline_text,
                "target_value": self.new_target_value,
                "target_unit": self.new_target_unit,
                "actual_value": self.actual_value,
                "actual_unit": self.actual_unit,
            },
        }


def _link_item(p: LinkProposal, c: Commitment) -> LinkItem:
    return LinkItem(
        id=p.id or 0,
        briefing_id=p.briefing_id,
        commitment_id=p.commitment_id,
        item_id=p.item_id,
        relation=p.relation,
        score=p.score,
        explanation=p.explanation,
        excerpt=p.excerpt,
        span_start=p.span_start,
        span_end=p.span_end,
        title=c.title,
        owner=c.owner,
        old_status=c.status,
        new_status=p.new_status,
        old_deadline=c.deadline,
        new_deadline=p.new_deadline,
        new_deadline_text=p.new_deadline_text,
        old_target_value=c.target_value,
        old_target_unit=c.target_unit,
        new_target_value=p.new_target_value,
        new_target_unit=p.new_target_unit,
        actual_value=p.actual_value,
        actual_unit=p.actual_unit,
    )


def _links_in(session: Session, briefing_ids: Sequence[int] | None) -> list[LinkItem]:
    stmt = select(LinkProposal, Commitment).join(Commitment, col(Commitment.id) == col(LinkProposal.commitment_id))
    stmt = stmt.where(col(LinkProposal.state) == Review.PROPOSED.value)
    if briefing_ids is not None:
        stmt = stmt.where(col(LinkProposal.briefing_id).in_(list(briefing_ids)))
    stmt = stmt.order_by(col(LinkProposal.briefing_id), col(LinkProposal.span_start), col(LinkProposal.id))
    return [_link_item(p, c) for p, c in session.execute(stmt)]


def _waiting_links(session: Session, ids: Iterable[int], *, within: int | None = None) -> list[LinkProposal]:
    """The follow-ups with ``ids``, each locked, all waiting for review (see ``_locked_waiting``)."""
    return _locked_waiting(
        session,
        LinkProposal,
        ids,
        within=within,
        state=lambda p: p.state,
        missing="follow-up",
        name=lambda i: f"follow-up {i}",
        not_of="is not of briefing",
    )


def accept_links(
    session: Session,
    ids: Iterable[int],
    *,
    today: date,
    by: str | None = None,
    now: datetime | None = None,
    within: int | None = None,
) -> list[int]:
    """Accept follow-ups: each changes its commitment as of its briefing's sitting. A
    restatement moves the deadline and/or target (``followup.restate``: the sentence is the
    evidence and a further excerpt), and turns down the item the same sentence proposed; a
    progress report records the status it implies and the actual value
    (``followup.record_progress``). All or none: UserError if one does not wait."""
    from tracker import followup

    proposals = _waiting_links(session, ids, within=within)
    who = (by or "").strip() or current_user()
    stamp = now or utc_now()
    for p in proposals:
        briefing = _briefing(session, p.briefing_id)
        span = (p.span_start, p.span_end)
        if p.relation == LinkRelation.RESTATEMENT:
            followup.restate(
                session,
                p.commitment_id,
                briefing_id=p.briefing_id,
                effective_on=briefing.date,
                deadline=p.new_deadline,
                deadline_text=p.new_deadline_text,
                target_value=p.new_target_value,
                target_unit=p.new_target_unit,
                sentence=p.excerpt,
                span=span,
                by=who,
                today=today,
            )
        else:
            actual = (p.actual_value, p.actual_unit) if p.actual_value is not None else None
            followup.record_progress(
                session,
                p.commitment_id,
                briefing_id=p.briefing_id,
                effective_on=briefing.date,
                status=Status(p.new_status) if p.new_status else None,
                actual=actual,
                sentence=p.excerpt,
                span=span,
                by=who,
                today=today,
            )
        p.state, p.decided_by, p.decided_at = Review.ACCEPTED, who, stamp
        item = session.get(Commitment, p.item_id) if p.item_id is not None else None
        if item is not None and item.review == Review.PROPOSED:
            # The sentence restated a stored commitment: it is not a new one.
            item.review, item.reviewed_by, item.reviewed_at, item.updated_at = Review.REJECTED, who, stamp, stamp
            _record(
                session, item, f"restated #{p.commitment_id}; turned down by {who}", by=who, today=today, stamp=stamp
            )
    session.flush()
    return [p.id or 0 for p in proposals]


def reject_links(
    session: Session,
    ids: Iterable[int],
    *,
    by: str | None = None,
    now: datetime | None = None,
    within: int | None = None,
) -> list[int]:
    """Reject follow-ups: their commitments stay as they are; an item the sentence proposed
    still waits, to be reviewed as a new one. All or none."""
    proposals = _waiting_links(session, ids, within=within)
    who = (by or "").strip() or current_user()
    stamp = now or utc_now()
    for p in proposals:
        p.state, p.decided_by, p.decided_at = Review.REJECTED, who, stamp
    session.flush()
    return [p.id or 0 for p in proposals]
