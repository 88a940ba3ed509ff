"""Storing a parsed briefing and its commitments, idempotently.

The same text imported again adds nothing (its sha256 is known). An edited text of the same
briefing (same title, sitting date and committee) is stored as a new version: commitments
found again are recognised by their fingerprint and left as they are (with their history),
new ones are added, and those that no longer appear are reported, never deleted.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text
from sqlmodel import Session, col

from tracker.addresses import check_name
from tracker.briefing import (
    MISSING_DATE_MESSAGE,
    BriefingDateError,
    ParsedBriefing,
    ParsedCommitment,
    parse_briefing,
    parse_front_matter,
)
from tracker.clock import today as clock_today
from tracker.clock import utc_now
from tracker.errors import DuplicateBriefingError, UserError
from tracker.intake import BRIEFING_SUFFIXES as INTAKE_SUFFIXES
from tracker.intake import Extracted, FoundDate, read_intake
from tracker.intake.similar import NEAR_DUPLICATE, overlap, sentence_keys
from tracker.models import (
    UNDECIDED_OR_REJECTED_SQL,
    Briefing,
    Commitment,
    CommitmentExcerpt,
    LinkProposal,
    Review,
    Status,
)

# The suffixes of every intake format (Markdown, text, PDF, Word, web pages).
BRIEFING_SUFFIXES = INTAKE_SUFFIXES


@dataclass(frozen=True)
class FoundCommitment:
    """One commitment the parser found, and whether the database already had it."""

    parsed: ParsedCommitment
    new: bool
    id: int | None
    # Not stored: the same sentence of the same owner was rejected in review before (``id``).
    rejected_before: bool = False


@dataclass
class BriefingImportReport:
    path: str
    title: str
    date: date
    already_imported: bool = False
    found: list[FoundCommitment] = field(default_factory=list)
    no_longer_present: list[tuple[int, str]] = field(default_factory=list)
    briefing_id: int | None = None
    review: str = Review.PROPOSED
    # Restatements of, and progress on, commitments stored before: they wait for review.
    follow_ups: int = 0

    @property
    def created(self) -> list[FoundCommitment]:
        return [f for f in self.found if f.new]

    @property
    def rejected_before(self) -> list[FoundCommitment]:
        return [f for f in self.found if f.rejected_before]

    @property
    def summary(self) -> str:
        if self.already_imported:
            return f"{self.path}: already imported (briefing {self.briefing_id}); nothing new"
        present = len(self.found) - len(self.created) - len(self.rejected_before)
        text = f"{self.path}: {len(self.found)} commitments found, {len(self.created)} new, {present} already present"
        if self.rejected_before:
            text += f", {len(self.rejected_before)} rejected before (not proposed again)"
        if self.no_longer_present:
            gone = ", ".join(f"#{i}" for i, _ in self.no_longer_present)
            text += f"; no longer in the text (kept): {gone}"
        if self.follow_ups:
            text += f"; {self.follow_ups} follow-ups of earlier commitments"
        if (self.created and self.review == Review.PROPOSED) or self.follow_ups:
            text += f"; the new ones wait for review: tracker review {self.briefing_id}"
        return text

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "date": self.date.isoformat(),
            "briefing_id": self.briefing_id,
            "already_imported": self.already_imported,
            "commitments": [
                {
                    "id": f.id,
                    "new": f.new,
                    "review": self.review if f.new else None,
                    "rejected_before": f.rejected_before,
                    "title": f.parsed.title,
                    "theme": f.parsed.theme,
                    "owner": f.parsed.owner,
                    "kind": f.parsed.kind,
                    "deadline": f.parsed.deadline.isoformat() if f.parsed.deadline else None,
                    "deadline_text": f.parsed.deadline_text,
                    "deadline_rule": f.parsed.deadline_rule,
                    "target_value": f.parsed.target_value,
                    "target_unit": f.parsed.target_unit,
                    "excerpt": f.parsed.excerpts[0].text if f.parsed.excerpts else None,
                }
                for f in self.found
            ],
            "no_longer_present": [{"id": i, "title": t} for i, t in self.no_longer_present],
            "follow_ups": self.follow_ups,
        }


@dataclass(frozen=True)
class IncomingBriefing:
    """A briefing file read and parsed, with where its sitting date came from."""

    parsed: ParsedBriefing
    date_from: str

    @property
    def date_line(self) -> str:
        """What the import shows for confirmation: "sitting date 2022-09-05 (from the text: ...)"."""
        return f"sitting date {self.parsed.date.isoformat()} ({self.date_from})"


def found_briefing_date(path: Path) -> FoundDate | None:
    """The sitting date a briefing file states (its front matter, else its text or page), or
    None; UserError when the file cannot be read."""
    return found_briefing_date_in(path, read_intake(path))


def load_briefing(path: Path, *, briefing_date: date | None = None, given_as: str = "--date") -> IncomingBriefing:
    """Read a briefing file of any intake format and parse it.

    The sitting's date is ``briefing_date`` (said to come from ``given_as``), else the front
    matter's, else the one the text or the page states; with none of them, UserError.
    """
    extracted = read_intake(path)
    text = extracted.text
    if briefing_date is not None:
        day, date_from = briefing_date, f"from {given_as}"
    else:
        found = found_briefing_date_in(path, extracted)
        if found is None:
            raise UserError(f"{path}: {MISSING_DATE_MESSAGE}")
        day, date_from = found.day, found.note if found.where != "the front matter" else "from the front matter"
    try:
        parsed = parse_briefing(text, briefing_date=day)
    except BriefingDateError as exc:
        raise UserError(f"{path}: {exc}") from None
    _check_names(parsed, path)
    if parsed.meta.title is None and extracted.title:
        parsed = replace(parsed, meta=replace(parsed.meta, title=extracted.title))
    return IncomingBriefing(parsed, date_from)


def found_briefing_date_in(path: Path, extracted: Extracted) -> FoundDate | None:
    """As :func:`found_briefing_date`, for a file already read."""
    try:
        meta, _ = parse_front_matter(extracted.text)
    except BriefingDateError as exc:
        raise UserError(f"{path}: {exc}") from None
    if meta.date is not None:
        return FoundDate(meta.date, f"date: {meta.date.isoformat()}", "the front matter")
    return extracted.found_date


def read_briefing(path: Path, *, briefing_date: date | None = None) -> ParsedBriefing:
    """Read and parse a briefing file; UserError with one clear line when it cannot be."""
    return load_briefing(path, briefing_date=briefing_date).parsed


def _check_names(parsed: ParsedBriefing, path: Path) -> None:
    """Refuse a briefing whose presenter, committee or an owner it names holds a control
    character or an encoded word: an owner's name reaches the Subject of its digests."""
    named = [("presenter", parsed.meta.presenter), ("committee", parsed.meta.committee)]
    named += [("owner", c.owner) for c in parsed.commitments]
    for what, value in named:
        try:
            check_name(value or "", what)
        except ValueError as exc:
            raise UserError(f"{path}: {exc}") from None


def _norm(value: str | None) -> str:
    return " ".join((value or "").casefold().split())


def _series_key(parsed: ParsedBriefing, title: str) -> str:
    """What makes two texts versions of one briefing: its title (from the front matter, else
    the file name), sitting date and committee."""
    return "\x1f".join((_norm(title), parsed.date.isoformat(), _norm(parsed.meta.committee)))


def fingerprint(parsed: ParsedBriefing, commitment: ParsedCommitment, *, title: str) -> str:
    """A commitment's identity: its briefing, what it is (theme, target, deadline) and who owes it."""
    identity = f"{_series_key(parsed, title)}\x1e{commitment.key}\x1e{_norm(commitment.owner)}"
    return f"brief:{hashlib.sha256(identity.encode()).hexdigest()[:64]}"


def _briefing_title(parsed: ParsedBriefing, path: Path) -> str:
    return parsed.meta.title or path.stem.replace("-", " ").replace("_", " ")


def near_duplicate(session: Session, parsed: ParsedBriefing, *, title: str) -> tuple[Briefing, float] | None:
    """The stored briefing whose sentences ``parsed`` nearly repeats (and how much they share),
    leaving out earlier versions of the same briefing (same title, date and committee), which
    an edited text is meant to follow."""
    body = _body(parsed.text)
    mine = sentence_keys(body)
    # Texts of nearly the same sentences are of about the same length: only those within a
    # factor of three are read and compared, so the check stays cheap with many briefings.
    size = len(body)
    candidates = (
        select(Briefing)
        .where(func.length(col(Briefing.text)).between(size // 3, size * 3 + 300))
        .order_by(col(Briefing.id))
    )
    best: tuple[Briefing, float] | None = None
    for stored in session.scalars(candidates):
        if stored.date == parsed.date and _same_series(stored, parsed, title):
            continue
        share = overlap(mine, sentence_keys(_body(stored.text)))
        if share >= NEAR_DUPLICATE and (best is None or share > best[1]):
            best = (stored, share)
    return best


def _body(text: str) -> str:
    """The text after its front matter: a date or title there does not make a text another."""
    try:
        _, start = parse_front_matter(text)
    except BriefingDateError:
        start = 0
    return text[start:]


def import_briefing(
    session: Session,
    parsed: ParsedBriefing,
    *,
    path: Path,
    now: datetime | None = None,
    allow_duplicate: bool = False,
    accept: bool = False,
    by: str | None = None,
    today: date | None = None,
) -> BriefingImportReport:
    """Store ``parsed`` and its new commitments in the caller's transaction.

    New items are stored **proposed** (they wait for review and count nowhere), or accepted
    at once with ``accept`` (decided by ``by``, default the current user, on ``today``, default
    the clock's): each then has the history entry accepting it in review gives, "accepted
    from <briefing> by <user>". A sentence of an
    owner that was rejected in review before is not proposed again, nor is anything with a
    known fingerprint. A text nearly the same as a stored briefing of another date or title
    is refused with :class:`DuplicateBriefingError` before anything is stored, unless
    ``allow_duplicate``.
    """
    stamp = now or utc_now()
    title = _briefing_title(parsed, path)
    report = BriefingImportReport(str(path), title, parsed.date, review=Review.ACCEPTED if accept else Review.PROPOSED)
    existing = session.scalars(select(Briefing).where(col(Briefing.sha256) == parsed.sha256)).first()
    prints = {fingerprint(parsed, c, title=title): c for c in parsed.commitments}
    known: dict[str, int] = {}
    if prints:
        stmt = select(col(Commitment.fingerprint), col(Commitment.id)).where(col(Commitment.fingerprint).in_(prints))
        known = {fp: cid for fp, cid in session.execute(stmt) if cid is not None}
    if existing is not None:
        report.already_imported = True
        report.briefing_id = existing.id
        report.found = [FoundCommitment(c, False, known.get(fp)) for fp, c in prints.items()]
        return report
    if not allow_duplicate:
        duplicate = near_duplicate(session, parsed, title=title)
        if duplicate is not None:
            stored, share = duplicate
            raise DuplicateBriefingError(
                f'{path}: nearly the same text as briefing {stored.id} "{stored.title}" of '
                f"{stored.date.isoformat()} ({stored.source}; {share:.0%} of their sentences are shared)"
            )

    # Earlier versions of this briefing: their commitments that the new text no longer has.
    earlier_ids = [
        b.id
        for b in session.scalars(select(Briefing).where(col(Briefing.date) == parsed.date))
        if b.id is not None and _same_series(b, parsed, title)
    ]
    if earlier_ids:
        earlier = (
            select(col(Commitment.id), col(Commitment.title), col(Commitment.fingerprint))
            .where(col(Commitment.briefing_id).in_(earlier_ids))
            .order_by(col(Commitment.id))
        )
        report.no_longer_present = [
            (cid, t) for cid, t, fp in session.execute(earlier) if fp not in prints and cid is not None
        ]

    briefing = Briefing(
        title=title,
        date=parsed.date,
        committee=parsed.meta.committee,
        presenter=parsed.meta.presenter,
        source=parsed.meta.source or path.name,
        text=parsed.text,
        sha256=parsed.sha256,
        created_at=stamp,
    )
    session.add(briefing)
    session.flush()
    report.briefing_id = briefing.id
    turned_down = _rejected_sentences(session, [c for fp, c in prints.items() if fp not in known])
    sentence_items = Counter(_sentence_key(c) for c in prints.values())
    created: dict[int, int] = {}
    for fp, parsed_commitment in prints.items():
        if fp in known:
            report.found.append(FoundCommitment(parsed_commitment, False, known[fp]))
            continue
        rejected = turned_down.get((*_sentence_key(parsed_commitment), _norm(parsed_commitment.title)))
        if rejected is None and sentence_items[_sentence_key(parsed_commitment)] == 1:
            rejected = turned_down.get((*_sentence_key(parsed_commitment), ""))
        if rejected is not None:
            report.found.append(FoundCommitment(parsed_commitment, False, rejected, rejected_before=True))
            continue
        commitment = _new_commitment(
            parsed_commitment, briefing_id=briefing.id or 0, fingerprint=fp, since=parsed.date, stamp=stamp
        )
        commitment.review = Review.PROPOSED
        session.add(commitment)
        session.flush()
        for extra in parsed_commitment.excerpts[1:]:
            session.add(
                CommitmentExcerpt(
                    commitment_id=commitment.id or 0, span_start=extra.start, span_end=extra.end, excerpt=extra.text
                )
            )
        report.found.append(FoundCommitment(parsed_commitment, True, commitment.id))
        created[id(parsed_commitment)] = commitment.id or 0
    session.flush()
    if accept and created:
        from tracker import review

        # Accepted as review accepts, so the history says the same whichever way it was decided.
        review.accept(session, created.values(), today=today or clock_today(stamp), by=by, now=stamp)
    report.follow_ups = len(
        _propose_links(
            session, parsed, briefing_id=briefing.id or 0, created=created, same_series=earlier_ids, stamp=stamp
        )
    )
    return report


def _propose_links(
    session: Session,
    parsed: ParsedBriefing,
    *,
    briefing_id: int,
    created: dict[int, int],
    same_series: list[int],
    stamp: datetime,
) -> list[LinkProposal]:
    """Store what the linker (``tracker.linking``) proposes for the new items, the past results
    and the mentions of a briefing: restatements of, and progress on, the accepted open commitments of
    the same owners. Nothing of those commitments changes until a person accepts a proposal.

    ``created`` maps each new item (by ``id()`` of its parsed form) to its stored id; items
    already known are not linked again, nor compared with the commitments of earlier versions
    of the same briefing (``same_series``), and a sentence already proposed for a commitment
    (accepted, rejected or waiting) is not proposed again."""
    from tracker.linking import candidates, link

    items = [c for c in parsed.commitments if id(c) in created]
    results = list(parsed.results)
    mentions = list(parsed.mentions)
    if not items and not results and not mentions:
        return []
    owners = {c.owner for c in items} | {r.owner for r in results} | {m.owner for m in mentions}
    stored = candidates(session, sorted(owners))
    mine = set(created.values())
    if same_series:
        stmt = select(col(Commitment.id)).where(col(Commitment.briefing_id).in_(same_series))
        mine.update(i for i in session.scalars(stmt) if i is not None)
    stored = [c for c in stored if c.id not in mine]
    if not stored:
        return []
    earlier = select(col(LinkProposal.commitment_id), col(LinkProposal.relation), col(LinkProposal.excerpt)).where(
        col(LinkProposal.commitment_id).in_([c.id for c in stored])
    )
    seen = {(int(cid), str(rel), _norm(words)) for cid, rel, words in session.execute(earlier)}
    statuses = {str(s) for s in Status}
    made: list[LinkProposal] = []
    for proposal in link(items, results, stored, sitting=parsed.date, mentions=mentions):
        if proposal.relation not in ("restatement", "progress") or proposal.candidate_id is None:
            continue
        if proposal.item is not None and proposal.item.excerpts:
            first = proposal.item.excerpts[0]
            start, end = first.start, first.end
        elif proposal.result is not None:
            start, end = proposal.result.sentence_start, proposal.result.sentence_end
        else:
            start, end = proposal.start, proposal.end
        sentence = parsed.text[start:end]
        key = (proposal.candidate_id, proposal.relation, _norm(sentence))
        if key in seen:
            continue
        seen.add(key)
        target, actual = proposal.new_target, proposal.actual
        row = LinkProposal(
            briefing_id=briefing_id,
            commitment_id=proposal.candidate_id,
            item_id=created.get(id(proposal.item)) if proposal.item is not None else None,
            relation=proposal.relation,
            score=round(proposal.score, 3),
            explanation=proposal.explanation,
            span_start=start,
            span_end=end,
            excerpt=sentence,
            new_deadline=proposal.new_deadline,
            new_deadline_text=(
                proposal.item.deadline_text if proposal.item is not None and proposal.new_deadline else None
            ),
            new_target_value=target[0] if target else None,
            new_target_unit=target[1] if target else None,
            new_status=proposal.status if proposal.status in statuses else None,
            actual_value=actual[0] if actual else None,
            actual_unit=actual[1] if actual else None,
            created_at=stamp,
        )
        session.add(row)
        made.append(row)
    session.flush()
    return made


def _sentence_key(commitment: ParsedCommitment) -> tuple[str, str]:
    """What makes an item "the same words again": its owner and its sentence, spacing and case aside."""
    sentence = commitment.excerpts[0].text if commitment.excerpts else commitment.description
    return _norm(commitment.owner), _norm(sentence)


def _rejected_sentences(session: Session, incoming: list[ParsedCommitment]) -> dict[tuple[str, str, str], int]:
    """(owner, sentence, title) -> id of a rejected item with those words, for the owners of
    ``incoming``; also under the title "" (a sentence that gives one item is that item,
    whatever its title says). Rejected items are few and found through the partial index on
    (review, briefing_id)."""
    owners = sorted({c.owner for c in incoming})
    if not owners:
        return {}
    stmt = (
        select(
            col(Commitment.id),
            col(Commitment.owner),
            col(Commitment.excerpt),
            col(Commitment.description),
            col(Commitment.title),
        )
        .where(
            text(UNDECIDED_OR_REJECTED_SQL),
            col(Commitment.review) == Review.REJECTED.value,
            col(Commitment.owner).in_(owners),
        )
        .order_by(col(Commitment.id))
    )
    found: dict[tuple[str, str, str], int] = {}
    for cid, owner, excerpt, description, title in session.execute(stmt):
        for shown in (_norm(title), ""):
            found.setdefault((_norm(owner), _norm(excerpt or description), shown), int(cid))
    return found


def _same_series(briefing: Briefing, parsed: ParsedBriefing, title: str) -> bool:
    return _norm(briefing.title) == _norm(title) and _norm(briefing.committee) == _norm(parsed.meta.committee)


def _new_commitment(
    parsed: ParsedCommitment, *, briefing_id: int, fingerprint: str, since: date, stamp: datetime
) -> Commitment:
    """A commitment as the briefing made it: it exists from the sitting (``since``)."""
    first = parsed.excerpts[0] if parsed.excerpts else None
    return Commitment(
        briefing_id=briefing_id,
        title=parsed.title,
        description=parsed.description,
        theme=parsed.theme,
        owner=parsed.owner,
        kind=parsed.kind,
        status=Status.NOT_STARTED,
        base_status=Status.NOT_STARTED,
        deadline=parsed.deadline,
        base_deadline=parsed.deadline,
        deadline_text=parsed.deadline_text,
        deadline_rule=parsed.deadline_rule,
        target_value=parsed.target_value,
        target_unit=parsed.target_unit,
        baseline=parsed.baseline,
        span_start=first.start if first else None,
        span_end=first.end if first else None,
        excerpt=first.text if first else None,
        fingerprint=fingerprint,
        since=since,
        created_at=stamp,
        updated_at=stamp,
    )
