"""The nightly reminder run: one digest per owner of what is due soon or overdue.

Policy (DESIGN, "Reminder policy"). Each open commitment with a deadline passes through the
rules ``due_30``, ``due_7``, ``due_1``, ``due_today``, then ``overdue_1``, ``overdue_8``,
``overdue_15``, ... (one rule a week). A rule is pending from its day until it is sent, and
only the most urgent pending rule of a commitment fires: a first run, or a run after missed
nights, sends one reminder per commitment, never a backlog of stale ones.

The ledger (``reminderlog``) holds one row per (commitment, rule, deadline): a rerun the same
night finds the row and sends nothing; a moved deadline is a new key and starts a new cycle. A
rule less urgent than one already sent for the same deadline never fires (a run dated before
the last one must not send ``due_30`` after ``due_7``).

What goes where (``tracker.addresses``): recipients are checked ``local@domain`` addresses,
given to the server as the envelope (never read back from the headers), and the owner's name
is neutralised in the Subject, so no stored text adds a recipient or a header line. One
owner's unusable address (malformed, or non-ASCII with a server without SMTPUTF8) fails that
owner's digest only. A run that would mail a domain reserved for examples is refused.

Reliability. One run at a time, by ``fcntl.flock`` on a lock file; a
second run exits 75 at once. Each digest is claimed (``INSERT ... ON CONFLICT DO NOTHING`` in a
write transaction), sent, then marked sent; an SMTP 4xx or an unreachable server marks it
failed (exit 75), and failed rows, and rows left ``claimed`` by a run that died, are sent by
the next run. Delivery is therefore at least once: the Message-ID is deterministic per
(owner, run date, items), so a mail system can recognise a resent digest.
Each digest is marked sent as soon as the server accepts it; SIGINT or SIGTERM lets the digest
in flight finish and be recorded, starts no other, and the report says what went out.

This module is headless and imports only what the cron path needs.
"""

from __future__ import annotations

import email.policy
import fcntl
import hashlib
import html
import os
import re
import shlex
import signal
import smtplib
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, or_, select, update
from sqlmodel import Session

from tracker import queries
from tracker.addresses import Address, header_text, is_reserved, parse_address
from tracker.clock import utc_now
from tracker.errors import ConfigError, TemporaryError, TrackerError, UserError
from tracker.files import atomic_write, write_error
from tracker.models import OPEN_STATUSES, Briefing, Commitment, Owner, ReminderLog, ReminderState, Status
from tracker.progress import ProgressFn
from tracker.settings import MailSettings, RunSettings, parse_port, read
from tracker.store import Store, insert_new_rows
from tracker.text import clean, one_line

LOOKAHEAD_DAYS = 30
DUE_THIS_WEEK_DAYS = 7
SMTP_TIMEOUT_S = 30.0
_CHUNK = 500  # keys or ids per statement: far below the engines' bound-parameter limits

_c = Commitment.__table__.c  # type: ignore[attr-defined]
_log = ReminderLog.__table__  # type: ignore[attr-defined]
_b = Briefing.__table__  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the rules


def rule_for(deadline: date, day: date) -> str | None:
    """The most urgent rule pending on ``day`` for a commitment due on ``deadline``.

    That is the last rule whose day has come: ``due_30`` from 30 days before, ``due_7`` from
    7 days before, ``due_1``, ``due_today``, then ``overdue_N`` from N days late, N = 1, 8,
    15, ... None while the deadline is more than 30 days away.
    """
    left = (deadline - day).days
    if left > LOOKAHEAD_DAYS:
        return None
    if left > DUE_THIS_WEEK_DAYS:
        return "due_30"
    if left > 1:
        return "due_7"
    if left == 1:
        return "due_1"
    if left == 0:
        return "due_today"
    late = -left
    return f"overdue_{1 + 7 * ((late - 1) // 7)}"


_DUE_RULES = ("due_30", "due_7", "due_1", "due_today")


def rule_rank(rule: str) -> int:
    """Where ``rule`` comes in a deadline's cycle: ``due_30`` first, then each more urgent."""
    if rule in _DUE_RULES:
        return _DUE_RULES.index(rule)
    return len(_DUE_RULES) + int(rule.removeprefix("overdue_"))


# ---------------------------------------------------------------- settings


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None = None
    password: str | None = None
    starttls: bool = False

    @property
    def display(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass(frozen=True)
class DeliverySettings:
    """Where digests come from and go to, checked before the run touches anything.

    ``sender`` is empty only for a dry run without ``TRACKER_SMTP_FROM``. ``reply_to`` is
    where officers' replies go (``TRACKER_REPLY_TO``, else the sender).
    """

    sender: str
    smtp: SmtpSettings | None = None
    outbox: Path | None = None
    fallback: tuple[str, ...] = ()
    reply_to: str = ""
    allow_example: bool = False


def _smtp_settings(mail: MailSettings, option: str | None) -> SmtpSettings | None:
    host, port = mail.smtp_host, mail.smtp_port
    if option is not None:
        given_host, sep, given_port = option.strip().rpartition(":")
        if not sep or not given_host:
            raise UserError(f"--smtp: {option!r} is not HOST:PORT")
        try:
            host, port = given_host.strip("[]"), parse_port(given_port)
        except ValueError as exc:
            raise UserError(f"--smtp: {exc}") from None
    if not host:
        return None
    return SmtpSettings(host, port, mail.smtp_user, mail.smtp_password, mail.starttls)


def load_settings(
    *, smtp: str | None, outbox: Path | None, dry_run: bool, allow_example: bool = False
) -> DeliverySettings:
    """What a run delivers with, from the options and ``TRACKER_SMTP_*`` / ``TRACKER_REPLY_TO`` /
    ``TRACKER_REMINDER_FALLBACK``.

    No sender address, or nowhere to deliver (no SMTP server and no outbox), is a
    configuration error (exit 78). A dry run sends nothing, so it needs neither.
    """
    mail = read(MailSettings)
    sender = mail.sender
    if not sender and not dry_run:
        raise ConfigError("no sender address: set TRACKER_SMTP_FROM (e.g. secretariat@senate.gov.pk)")
    smtp_settings = _smtp_settings(mail, smtp)
    if smtp_settings is None and outbox is None and not dry_run:
        raise ConfigError("nowhere to deliver: give --smtp HOST:PORT (or TRACKER_SMTP_HOST) or --outbox DIR")
    if outbox is not None and outbox.exists() and not outbox.is_dir():
        raise UserError(f"--outbox: {outbox} is a file, not a folder")
    return DeliverySettings(sender, smtp_settings, outbox, mail.fallback, mail.reply_to or sender, allow_example)


def runs_are_exclusive(store: Store) -> bool:
    """Whether holding the lock proves no other run is live: a SQLite database (one machine)
    locked by its own lock file. Then a claim left behind is from a run that died and is taken
    at once; otherwise (a shared server, or a lock file set by hand) it waits out the lease."""
    return store.is_sqlite and read(RunSettings).lock_file is None


def lock_path(store: Store) -> Path:
    """``TRACKER_LOCK_FILE``, else ``<database file>.reminders.lock`` next to a SQLite
    database, else ``db/.reminders.lock`` in the checkout (a PostgreSQL URL has no folder)."""
    configured = read(RunSettings).lock_file
    if configured is not None:
        return configured.expanduser()
    if store.is_sqlite and store.url.database not in (None, "", ":memory:"):
        return Path(str(store.url.database) + ".reminders.lock")
    from tracker.paths import default_db_path

    return default_db_path().parent / ".reminders.lock"


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold ``path`` locked for the run; another holder means another run: exit 75 at once.

    The kernel releases an flock when its process dies, so a crashed run never leaves a
    stale lock behind. The file itself stays (removing it would race with the next run).
    The process id goes in unbuffered, so a full disk fails here (exit 75), not later while
    the file is closed.
    """
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise ConfigError(f"cannot open the lock file {path} ({exc.strerror}); set TRACKER_LOCK_FILE") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise TemporaryError(f"another reminder run is in progress (lock file {path}); try again later") from None
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as exc:
            raise write_error(f"the lock file {path}", exc) from None
        yield
    finally:
        os.close(fd)


# ---------------------------------------------------------------- the plan


_STATUS_WORDS = {
    Status.NOT_STARTED: "not started",
    Status.IN_PROGRESS: "in progress",
    Status.STALLED: "stalled",
    Status.DONE: "done",
    Status.PARTLY_DONE: "partly done",
    Status.DROPPED: "dropped",
}


@dataclass(frozen=True)
class Sitting:
    """The briefing a commitment was made at: what the digest names as its source."""

    committee: str
    day: date
    title: str

    @property
    def text(self) -> str:
        where = one_line(self.committee) or one_line(self.title)
        return f"{where}, sitting of {self.day:%d %B %Y}" if where else f"sitting of {self.day:%d %B %Y}"


@dataclass(frozen=True)
class Item:
    """One open commitment a digest lists; ``new`` when one of its rules fires tonight."""

    commitment_id: int
    rule: str
    deadline: date
    owner: str
    title: str = ""
    status: str = ""
    days_left: int = 0
    last_update: queries.LastUpdate | None = None
    new: bool = True
    excerpt: str = ""
    sitting: Sitting | None = None
    # A directive (the committee told the owner to do it) is followed up like a commitment.
    kind: str = "commitment"

    @property
    def key(self) -> tuple[int, str, date]:
        return (self.commitment_id, self.rule, self.deadline)

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def when(self) -> str:
        if self.days_left < 0:
            late = -self.days_left
            return f"{late} day{'s' if late != 1 else ''} overdue"
        if self.days_left == 0:
            return "due today"
        return f"{self.days_left} day{'s' if self.days_left != 1 else ''} left"

    @property
    def status_words(self) -> str:
        try:
            return _STATUS_WORDS[Status(self.status)]
        except ValueError:
            return self.status.replace("_", " ")


@dataclass
class Digest:
    """One owner's message: ``items`` fire tonight (and are claimed in the ledger),
    ``others`` are the owner's other open items due within 30 days or overdue, listed too."""

    owner: str
    recipients: tuple[str, ...]
    items: list[Item]
    day: date
    fallback: bool = False
    others: list[Item] = field(default_factory=list)

    @property
    def listed(self) -> list[Item]:
        """Every item the message shows, the most urgent first."""
        return sorted([*self.items, *self.others], key=lambda i: (i.days_left, i.commitment_id))

    @property
    def counts(self) -> tuple[int, int, int]:
        """How many listed are overdue, due this week (0-7 days left), due later this month."""
        listed = self.listed
        overdue = sum(1 for i in listed if i.overdue)
        week = sum(1 for i in listed if 0 <= i.days_left <= DUE_THIS_WEEK_DAYS)
        return overdue, week, len(listed) - overdue - week

    @property
    def headline(self) -> str:
        """E.g. "3 overdue, 2 due this week"."""
        overdue, week, month = self.counts
        labelled = ((overdue, "overdue"), (week, "due this week"), (month, f"due within {LOOKAHEAD_DAYS} days"))
        return ", ".join(f"{n} {label}" for n, label in labelled if n)

    @property
    def subject(self) -> str:
        # header_text: an owner stored before names were checked still cannot add a header.
        return f"[tracker] {self.headline} - {header_text(self.owner)[:120] or '(no owner)'}"


@dataclass
class Plan:
    """What tonight's run sends: a digest per owner, and who could not be reached."""

    day: date
    digests: list[Digest] = field(default_factory=list)
    # Owner -> items that have no address of their own (sent to the fallback when one is set).
    unaddressed: dict[str, list[Item]] = field(default_factory=dict)
    # Ledger ids of rows to retake: claimed by a run that died, or failed last time.
    retry_ids: dict[tuple[int, str, date], int] = field(default_factory=dict)

    @property
    def items(self) -> int:
        return sum(len(d.items) for d in self.digests)


def candidates_statement(session: Session, day: date) -> Select[Any]:
    """Open accepted commitments made by ``day`` and due within 30 days of it or overdue on it.

    ``status IN (<open statuses>)`` and the deadline range let the planner answer from the
    covering index on (status, deadline, owner) alone (checked by a test).
    """
    state = queries.state_columns(session, day)
    return select(_c.id, state.deadline.label("deadline"), _c.owner).where(
        state.status.in_([str(s) for s in OPEN_STATUSES]),
        state.deadline.is_not(None),
        state.deadline <= day + timedelta(days=LOOKAHEAD_DAYS),
        *state.made_clauses(),
        queries.counted(),
    )


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def ledger_statement(commitment_ids: Sequence[int]) -> Select[Any]:
    """Every ledger row of these commitments (a few rules per deadline each): probes of the
    unique index on (commitment_id, rule, deadline), one per id, however long it grows."""
    return select(_log.c.id, _log.c.commitment_id, _log.c.rule, _log.c.deadline, _log.c.state).where(
        _log.c.commitment_id.in_(list(commitment_ids))
    )


@dataclass
class _Ledger:
    """What the ledger holds for tonight's candidates."""

    rows: dict[tuple[int, str, date], Any] = field(default_factory=dict)
    # (commitment, deadline) -> the rank of the most urgent rule already sent for it.
    sent_rank: dict[tuple[int, date], int] = field(default_factory=dict)


def _read_ledger(session: Session, commitment_ids: list[int]) -> _Ledger:
    ledger = _Ledger()
    for chunk in _chunks(sorted(set(commitment_ids))):
        for row in session.execute(ledger_statement(chunk)):
            ledger.rows[(row.commitment_id, row.rule, row.deadline)] = row
            if row.state == ReminderState.SENT:
                cycle = (row.commitment_id, row.deadline)
                ledger.sent_rank[cycle] = max(ledger.sent_rank.get(cycle, -1), rule_rank(row.rule))
    return ledger


def _addresses_by_owner(session: Session) -> dict[str, tuple[str, ...]]:
    return {o.name: tuple(o.email_list) for o in session.scalars(select(Owner))}


def build_plan(session: Session, day: date, *, fallback: Sequence[str] = ()) -> Plan:
    """Decide what fires on ``day``: read only, so a dry run and a real run agree.

    A rule fires unless it was sent, or a more urgent rule of the same deadline was (a run
    dated before an earlier one never goes back to a less urgent reminder). An owner gets a
    digest when at least one of its items fires; the digest also lists the owner's other
    open items due within 30 days or overdue, so it is the whole picture.
    """
    candidates: list[Item] = []
    for row in session.execute(candidates_statement(session, day)):
        rule = rule_for(row.deadline, day)
        if rule is not None:
            candidates.append(Item(row.id, rule, row.deadline, row.owner or ""))
    ledger = _read_ledger(session, [i.commitment_id for i in candidates])
    plan = Plan(day)
    pending: list[Item] = []
    quiet: list[Item] = []
    for item in candidates:
        existing = ledger.rows.get(item.key)
        superseded = ledger.sent_rank.get((item.commitment_id, item.deadline), -1) > rule_rank(item.rule)
        if superseded or (existing is not None and existing.state == ReminderState.SENT):
            quiet.append(item)
            continue
        if existing is not None:
            plan.retry_ids[item.key] = existing.id
        pending.append(item)
    firing_owners = {i.owner for i in pending}
    quiet = [replace(i, new=False) for i in quiet if i.owner in firing_owners]
    detailed = _with_details(session, [*pending, *quiet], day)
    addresses = _addresses_by_owner(session)
    by_owner: dict[str, list[Item]] = defaultdict(list)
    for item in detailed:
        by_owner[item.owner].append(item)
    for owner in sorted(by_owner):
        listed = sorted(by_owner[owner], key=lambda i: (i.days_left, i.commitment_id))
        items = [i for i in listed if i.new]
        others = [i for i in listed if not i.new]
        recipients = addresses.get(owner, ())
        if not recipients:
            plan.unaddressed[owner] = items
            if not fallback:
                continue
        digest = Digest(owner, recipients or tuple(fallback), items, day, fallback=not recipients, others=others)
        plan.digests.append(digest)
    return plan


def _sittings(session: Session, briefing_ids: set[int]) -> dict[int, Sitting]:
    found: dict[int, Sitting] = {}
    for chunk in _chunks(sorted(briefing_ids)):
        stmt = select(_b.c.id, _b.c.committee, _b.c.date, _b.c.title).where(_b.c.id.in_(list(chunk)))
        for row in session.execute(stmt):
            found[row.id] = Sitting(row.committee or "", row.date, row.title or "")
    return found


def _with_details(session: Session, items: list[Item], day: date) -> list[Item]:
    """The items with title, status, last update, the briefing's words and its sitting,
    read in batches by id."""
    by_id = {i.commitment_id: i for i in items}
    rows: list[queries.CommitmentRow] = []
    for chunk in _chunks(sorted(by_id)):
        filters = queries.Filters(ids=list(chunk))
        rows += queries.iter_rows(session, as_of=day, filters=filters, with_last_update=True)
    sittings = _sittings(session, {r.briefing_id for r in rows if r.briefing_id is not None})
    return [
        replace(
            by_id[row.id],
            title=row.title,
            status=row.status,
            days_left=(by_id[row.id].deadline - day).days,
            last_update=row.last_update,
            excerpt=row.excerpt or "",
            sitting=sittings.get(row.briefing_id) if row.briefing_id is not None else None,
            kind=row.kind,
        )
        for row in rows
    ]


# ---------------------------------------------------------------- the message


def message_id(digest: Digest, sender: str) -> str:
    """The same for every attempt at one digest: its owner, its run date and its items.

    A digest tried again (after a 4xx, or after a run died) keeps its Message-ID, so a mail
    system can drop the duplicate; a digest with other items the same night (a deadline
    moved after the first run) gets another one, so it is not dropped as a duplicate.
    """
    owner = hashlib.sha256(digest.owner.encode("utf-8")).hexdigest()[:12]
    keys = "\n".join(
        f"{cid} {rule} {deadline.isoformat()}" for cid, rule, deadline in sorted(i.key for i in digest.items)
    )
    items = hashlib.sha256(keys.encode("utf-8")).hexdigest()[:8]
    domain = parse_address(sender).domain if sender else ""
    domain = domain if domain.isascii() and domain else "tracker.invalid"
    # Short enough to stay on the header's first line (a folded one reads back with a space).
    return f"<{digest.day:%Y%m%d}.remind.{owner}.{items}@{domain}>"


def _last_update_text(item: Item) -> str:
    last = item.last_update
    if last is None:
        return "none recorded"
    note = f": {one_line(last.note, 200)}" if last.note else ""
    return f"{last.effective_on:%d %B %Y}, {one_line(last.by, 60)}{note}"


def _sections(items: list[Item]) -> list[tuple[str, list[Item]]]:
    overdue = [i for i in items if i.overdue]
    soon = [i for i in items if not i.overdue]
    sections = (("Overdue", overdue), (f"Due within {LOOKAHEAD_DAYS} days", soon))
    return [(title, group) for title, group in sections if group]


def _reply_address(settings: DeliverySettings) -> str:
    return settings.reply_to or settings.sender


def _intro(digest: Digest, reply_to: str) -> list[str]:
    listed = digest.listed
    new = len(digest.items)
    lines = [
        f"Open commitments of {one_line(digest.owner) or '(no owner)'} that are overdue or due within "
        f"{LOOKAHEAD_DAYS} days, as of {digest.day:%A %d %B %Y}: {_count(len(listed), 'item')}, "
        f"{new} newly due (marked NEW).",
        "",
        "To report progress, reply to this message"
        + (f" (it goes to the committee secretariat, {one_line(reply_to)})" if reply_to else "")
        + ": say what has been done, what remains and by when, with a link or a document as evidence. "
        "The secretariat records it, and the next reminder shows it.",
    ]
    if digest.fallback:
        lines += [
            "",
            "No address is on file for this owner, so this digest went to the fallback address. "
            f"Add one with: tracker owner set {shlex.quote(one_line(digest.owner))} --email ADDR",
        ]
    return lines


def _item_lines(item: Item) -> list[tuple[str, str]]:
    """(label, text) of each line an item shows, in the order the message gives them."""
    lines = []
    if item.kind == "directive":
        lines.append(("Kind", "a directive of the committee"))
    if item.sitting is not None:
        lines.append(("Made at", item.sitting.text))
    if item.excerpt:
        lines.append(("In its words", f"\u201c{one_line(item.excerpt, 600)}\u201d"))
    lines += [
        ("Deadline", f"{item.deadline:%d %B %Y} ({item.when})"),
        ("Status", item.status_words),
        ("Last update", _last_update_text(item)),
    ]
    return lines


def plain_text(digest: Digest, reply_to: str = "") -> str:
    """The digest's plain-text body, written for the ministry officer who receives it."""
    lines = [*_intro(digest, reply_to), "", digest.headline + ".", ""]
    for title, group in _sections(digest.listed):
        lines += [f"{title.upper()} ({len(group)})", ""]
        for item in group:
            mark = "NEW  " if item.new else ""
            lines.append(f"{mark}#{item.commitment_id}  {one_line(item.title)}")
            lines += [f"     {label + ':':<14}{text}" for label, text in _item_lines(item)]
            lines.append("")
    lines.append(f"Sent by the committee secretariat's tracker, nightly reminders of {digest.day:%d %B %Y}.")
    return "\n".join(lines) + "\n"


def html_text(digest: Digest, reply_to: str = "") -> str:
    """The same as ``plain_text`` as HTML: every piece of text escaped."""

    def e(text: str) -> str:
        return html.escape(clean(text), quote=True)

    parts = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8"></head><body>']
    parts += [f"<p>{e(line)}</p>" for line in _intro(digest, reply_to) if line]
    for title, group in _sections(digest.listed):
        parts.append(f"<h2>{e(title)} ({len(group)})</h2>")
        for item in group:
            mark = "<strong>NEW</strong> " if item.new else ""
            parts.append(f"<h3>{mark}#{item.commitment_id} {e(one_line(item.title))}</h3>")
            parts.append('<table cellpadding="2" cellspacing="0">')
            for label, text in _item_lines(item):
                parts.append(f'<tr><th align="left">{e(label)}</th><td>{e(text)}</td></tr>')
            parts.append("</table>")
    parts.append(f"<p>Sent by the committee secretariat's tracker, nightly reminders of {digest.day:%d %B %Y}.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def envelope(digest: Digest) -> list[Address]:
    """The digest's recipients, checked again at send time (a row stored before addresses
    were checked must not add one); ValueError names the first that is not a plain address."""
    return [parse_address(r) for r in digest.recipients]


def build_message(digest: Digest, *, sender: str, now: datetime, reply_to: str = "") -> EmailMessage:
    """The digest as an e-mail: plain text with an HTML alternative, a Reply-To to the
    secretariat. Every address is a checked one and the owner's name is neutralised, so no
    stored text can add a header line or a recipient."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = str(parse_address(sender))
    msg["To"] = ", ".join(str(a) for a in envelope(digest))
    if reply_to:
        msg["Reply-To"] = str(parse_address(reply_to))
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(digest, sender)
    # RFC 3834: keeps vacation responders from answering a nightly robot.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Tracker-Run-Date"] = digest.day.isoformat()
    msg.set_content(plain_text(digest, reply_to))
    msg.add_alternative(html_text(digest, reply_to), subtype="html")
    if digest.subject.isascii():
        # Python folds a subject of 70-77 characters onto a line of its own, which reads
        # back with a leading space; an ASCII subject is far below the 998-character limit.
        # Non-ASCII ones keep the default folding: their encoded words must stay short.
        msg.policy = email.policy.SMTP.clone(max_line_length=998)
    return msg


# ---------------------------------------------------------------- delivery


class DeliveryError(Exception):
    """A digest did not go out. ``exit_code``: 75 try again, 1 refused, 78 misconfigured."""

    def __init__(self, message: str, exit_code: int, *, fatal: bool = False) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.fatal = fatal  # the server is gone: do not try the other digests


def _smtp_error(exc: smtplib.SMTPException | OSError, where: str) -> DeliveryError:
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(f"{where} refused the login: {exc.smtp_code}", 78, fatal=True)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return DeliveryError(f"{where}: {exc}", 78, fatal=True)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        detail = "; ".join(f"{rcpt}: {code} {_text(msg)}" for rcpt, (code, msg) in exc.recipients.items())
        temporary = all(400 <= code < 500 for code in codes)
        return DeliveryError(f"{where} refused every recipient ({detail})", 75 if temporary else 1)
    if isinstance(exc, smtplib.SMTPResponseException):
        code, text = exc.smtp_code, _text(exc.smtp_error)
        if 400 <= code < 500:
            return DeliveryError(f"{where} answered {code} {text}", 75, fatal=code == 421)
        return DeliveryError(f"{where} refused the message: {code} {text}", 1)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return DeliveryError(f"{where} closed the connection", 75, fatal=True)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
    return DeliveryError(f"cannot reach {where}: {reason}", 75, fatal=True)


def _text(value: bytes | str) -> str:
    return one_line(value.decode("utf-8", "replace") if isinstance(value, bytes) else value, 200)


class Delivery:
    """Writes each digest to the outbox and/or hands it to the SMTP server (one connection)."""

    def __init__(self, settings: DeliverySettings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._broken: DeliveryError | None = None

    def send(self, msg: EmailMessage, digest: Digest, recipients: Sequence[Address]) -> list[str]:
        """Deliver ``msg`` to ``recipients`` (the envelope is given, never read back from the
        headers); returns the recipients the server refused while accepting others."""
        sender = parse_address(self.settings.sender).spec
        specs = [a.spec for a in recipients]
        international = not all(a.isascii() for a in [sender, *specs])
        if self.settings.outbox is not None:
            self._write_eml(msg, digest, international)
        if self.settings.smtp is None:
            return []
        if self._broken is not None:
            raise self._broken
        where = f"SMTP server {self.settings.smtp.display}"
        try:
            conn = self._connection()
            if international and not conn.has_extn("smtputf8"):
                wide = next(a for a in [sender, *specs] if not a.isascii())
                # One owner's address, not the server's fault: the other digests still go.
                raise DeliveryError(
                    f"{where} does not offer SMTPUTF8, which the non-ASCII address {wide!r} needs; "
                    "give an ASCII address or use a server that offers it",
                    1,
                )
            refused = conn.send_message(msg, from_addr=sender, to_addrs=specs)
        except (smtplib.SMTPException, OSError) as exc:
            error = _smtp_error(exc, where)
            if error.fatal:
                self._broken = error
                self._drop_connection()
            raise error from None
        return [f"{rcpt}: {code} {_text(text)}" for rcpt, (code, text) in refused.items()]

    def _connection(self) -> smtplib.SMTP:
        if self._smtp is None:
            smtp = self.settings.smtp
            assert smtp is not None
            conn = smtplib.SMTP(smtp.host, smtp.port, timeout=SMTP_TIMEOUT_S)
            try:
                if smtp.starttls:
                    conn.starttls()
                if smtp.user and smtp.password:
                    conn.login(smtp.user, smtp.password)
                conn.ehlo_or_helo_if_needed()  # what the server offers (SMTPUTF8) is known
            except BaseException:
                conn.close()
                raise
            self._smtp = conn
        return self._smtp

    def _write_eml(self, msg: EmailMessage, digest: Digest, international: bool) -> None:
        folder = self.settings.outbox
        assert folder is not None
        slug = re.sub(r"[^a-z0-9]+", "-", digest.owner.lower()).strip("-")[:60]
        owner_hash = hashlib.sha256(digest.owner.encode("utf-8")).hexdigest()[:8]
        # One file per digest: a retry rewrites its own file, a second digest the same night
        # (a deadline moved) gets another.
        digest_hash = hashlib.sha256(str(msg["Message-ID"]).encode("utf-8")).hexdigest()[:8]
        name = f"{digest.day.isoformat()}_{slug + '_' if slug else ''}{owner_hash}_{digest_hash}.eml"
        target = folder / name
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DeliveryError(f"cannot write {target}: {exc.strerror}", 75, fatal=True) from None
        # A non-ASCII address is written as it is (SMTPUTF8), never as an encoded word.
        policy = email.policy.SMTPUTF8 if international else msg.policy
        try:
            with atomic_write(target) as partial:
                partial.write_bytes(msg.as_bytes(policy=policy))
        except TrackerError as exc:
            raise DeliveryError(str(exc), 75, fatal=True) from None

    def abandon(self) -> None:
        """Close the connection without a goodbye (a send was cut short)."""
        try:
            self._drop_connection()
        except OSError:
            pass  # the socket is closed either way

    def _drop_connection(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.close()
            finally:
                self._smtp = None

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                pass  # the messages were accepted; a failed goodbye changes nothing
            self._drop_connection()


# ---------------------------------------------------------------- the run


@dataclass
class RunReport:
    """What a run did, for the summary line and the exit code."""

    day: date
    dry_run: bool = False
    messages: int = 0
    owners: int = 0
    items: int = 0
    failed_messages: int = 0
    failed_items: int = 0
    held: int = 0  # claimed by another run still within its lease (shared databases)
    unaddressed: dict[str, list[int]] = field(default_factory=dict)
    fallback: tuple[str, ...] = ()
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    exit_code: int = 0
    sent_to: list[str] = field(default_factory=list)  # owners whose digest the server accepted
    interrupted: bool = False
    not_sent: list[str] = field(default_factory=list)  # owners left unsent by an interruption
    unsure: list[str] = field(default_factory=list)  # owners whose send was cut short

    @property
    def interruption(self) -> str:
        """What an interrupted run did, exactly: what went out and what the next run sends."""
        went = f"{_count(len(self.sent_to), 'digest')} went out and are recorded as sent"
        if self.sent_to:
            went += f" ({', '.join(one_line(o, 60) or '(no owner)' for o in self.sent_to)})"
        parts = [f"interrupted: {went}"]
        if self.unsure:
            owners = ", ".join(one_line(o, 60) or "(no owner)" for o in self.unsure)
            parts.append(
                f"the digest being sent was cut short ({owners}): the server may have it; the next run "
                "sends it again with the same Message-ID"
            )
        if self.not_sent:
            owners = ", ".join(one_line(o, 60) or "(no owner)" for o in self.not_sent)
            parts.append(f"{_count(len(self.not_sent), 'digest')} not sent ({owners}): the next run sends them")
        return "; ".join(parts)

    @property
    def summary(self) -> str:
        without = sum(len(ids) for ids in self.unaddressed.values())
        verb = "would send" if self.dry_run else "sent"
        retried = f" ({_count(self.failed_items, 'item')}, retried next run)" if self.failed_items else ""
        held = f"; {_count(self.held, 'item')} being sent by another run" if self.held else ""
        return (
            f"remind {self.day.isoformat()}{' (dry run)' if self.dry_run else ''}: {verb} "
            f"{_count(self.messages, 'message')} to {_count(self.owners, 'owner')}, {_count(self.items, 'item')}; "
            f"{without} without recipient; {self.failed_messages} failed{retried}{held}"
        )

    def unaddressed_lines(self) -> list[str]:
        lines = []
        for owner, ids in self.unaddressed.items():
            shown = ", ".join(f"#{i}" for i in ids[:10]) + (f" and {len(ids) - 10} more" if len(ids) > 10 else "")
            where = f"sent to {', '.join(self.fallback)}" if self.fallback else "not sent"
            lines.append(
                f'  no address for "{one_line(owner) or "(no owner)"}": {len(ids)} item'
                f"{'s' if len(ids) != 1 else ''} ({shown}) {where}; "
                f"add one with: tracker owner set {shlex.quote(one_line(owner))} --email ADDR"
            )
        return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def describe(plan: Plan, settings: DeliverySettings) -> Iterator[str]:
    """What a dry run prints: each digest's envelope and items (NEW: its rule fires tonight).
    Stored text is printed without control characters."""
    for digest in plan.digests:
        yield f"To: {one_line(', '.join(digest.recipients))}"
        yield f"Subject: {digest.subject}"
        if settings.sender:
            yield f"Message-ID: {message_id(digest, settings.sender)}"
        for item in digest.listed:
            rule = item.rule if item.new else "(listed)"
            yield (
                f"  {'NEW' if item.new else '   '} #{item.commitment_id}  {rule:<11} {item.deadline.isoformat()}  "
                f"{item.when:<17} {item.status_words:<11} {'directive: ' if item.kind == 'directive' else ''}"
                f"{one_line(item.title, 70)}"
            )
        yield ""


def placeholder_recipients(plan: Plan) -> list[str]:
    """ "owner: address" of every recipient in a domain reserved for examples (RFC 2606/6761)."""
    found = []
    for digest in plan.digests:
        for raw in digest.recipients:
            try:
                address = parse_address(raw)
            except ValueError:
                continue  # refused when its digest is sent, naming the owner
            if is_reserved(address):
                found.append(f"{one_line(digest.owner, 60) or '(no owner)'}: {address.spec}")
    return found


def _report(plan: Plan, settings: DeliverySettings, *, dry_run: bool) -> RunReport:
    return RunReport(
        day=plan.day,
        dry_run=dry_run,
        unaddressed={owner: sorted(i.commitment_id for i in items) for owner, items in plan.unaddressed.items()},
        fallback=settings.fallback,
    )


def _claim(
    session: Session, plan: Plan, settings: DeliverySettings, now: datetime, lease: timedelta
) -> dict[tuple[int, str, date], int]:
    """Take the ledger rows for every item of the plan; returns the ledger id of each key taken.

    New keys go in with ON CONFLICT DO NOTHING, so a key another writer holds is skipped;
    rows that failed, or were claimed longer than ``lease`` ago (their run died), are taken over.
    """
    new_rows: list[dict[str, Any]] = []
    retake: list[int] = []
    for digest in plan.digests:
        mid = message_id(digest, settings.sender)
        for item in digest.items:
            if item.key in plan.retry_ids:
                retake.append(plan.retry_ids[item.key])
            else:
                new_rows.append(
                    {
                        "commitment_id": item.commitment_id,
                        "rule": item.rule,
                        "deadline": item.deadline,
                        "for_date": plan.day,
                        "state": str(ReminderState.CLAIMED),
                        "owner": item.owner,
                        "message_id": mid,
                        "error": None,
                        "claimed_at": now,
                        "sent_at": None,
                    }
                )
    inserted = insert_new_rows(
        session,
        _log,
        new_rows,
        unique=["commitment_id", "rule", "deadline"],
        returning=["id", "commitment_id", "rule", "deadline"],
    )
    taken = {(r.commitment_id, r.rule, r.deadline): r.id for r in inserted}
    retaken: set[int] = set()
    for chunk in _chunks(retake):
        stmt = (
            update(_log)
            .where(
                _log.c.id.in_(list(chunk)),
                or_(
                    _log.c.state == ReminderState.FAILED,
                    # A claim younger than the lease may belong to a run still sending on
                    # another host (several sites share one database): leave it to that run.
                    and_(_log.c.state == ReminderState.CLAIMED, _log.c.claimed_at < now - lease),
                ),
            )
            .values(state=str(ReminderState.CLAIMED), for_date=plan.day, claimed_at=now, error=None)
            .returning(_log.c.id)
        )
        retaken.update(session.scalars(stmt))
    taken.update({key: ledger_id for key, ledger_id in plan.retry_ids.items() if ledger_id in retaken})
    return taken


def claim_lease() -> timedelta:
    """How long a claim on a shared (PostgreSQL) database is left to the run that made it:
    ``TRACKER_CLAIM_LEASE_MINUTES`` (default 30). The lease keeps a run on another host from
    resending what a live run is still sending; on SQLite the lock file is enough."""
    return timedelta(minutes=read(RunSettings).claim_lease_minutes)


def _mark(store: Store, ids: list[int], **values: Any) -> None:
    with store.write() as session:
        for chunk in _chunks(ids):
            session.execute(update(_log).where(_log.c.id.in_(list(chunk))).values(**values))


class _Interrupts:
    """SIGINT (Ctrl+C) and SIGTERM during a run, made safe for the ledger.

    The first signal asks the run to stop: the digest being sent is finished, so its outcome
    is known and recorded, and no further digest is started. A second signal while a digest
    is with the server cuts that send short (the run then cannot know whether the server
    kept it, and says so). Recording what was sent is never cut short. Signals are only
    caught in the main thread (Python delivers them nowhere else).
    """

    def __init__(self) -> None:
        self.requested = False
        self._abortable = False
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)

    def _handle(self, signum: int, frame: object) -> None:  # noqa: ARG002 (the signal API)
        if self.requested and self._abortable:
            raise KeyboardInterrupt
        if not self.requested:
            self.requested = True
            if self._abortable:
                os.write(2, b"tracker: stopping after the message being sent (interrupt again to cut it short)\n")

    @contextmanager
    def abortable(self) -> Iterator[None]:
        """While a message is with the server: a second signal may cut it short."""
        self._abortable = True
        try:
            yield
        finally:
            self._abortable = False


def run(
    store: Store,
    settings: DeliverySettings,
    *,
    day: date,
    dry_run: bool = False,
    echo: Callable[[str], None],
    progress: ProgressFn | None = None,
) -> RunReport:
    """The nightly run for ``day``: plan, claim, send, mark. Returns what happened.

    A dry run reads the plan, prints each digest through ``echo`` and writes nothing, not
    even the lock file; placeholder addresses are only a warning there. A real run (SMTP or
    outbox) that would send to a domain reserved for examples is refused (exit 78) unless
    ``settings.allow_example``. Each digest is recorded as sent as soon as the server has
    accepted it; an interrupted run stops after the digest in flight and says what went out.
    ``progress`` hears (digests done, digests in all) as they go out.
    """
    if dry_run:
        with store.read() as session:
            plan = build_plan(session, day, fallback=settings.fallback)
        for line in describe(plan, settings):
            echo(line)
        report = _report(plan, settings, dry_run=True)
        report.messages = len(plan.digests)
        report.owners = len(plan.digests)
        report.items = plan.items
        placeholders = placeholder_recipients(plan)
        if placeholders and not settings.allow_example:
            report.warnings.append(_placeholder_text(placeholders) + "; a real run would refuse to send")
        return report

    with _Interrupts() as interrupts, run_lock(lock_path(store)):
        with store.read() as session:
            plan = build_plan(session, day, fallback=settings.fallback)
        report = _report(plan, settings, dry_run=False)
        placeholders = placeholder_recipients(plan)
        if placeholders and not settings.allow_example:
            raise ConfigError(
                _placeholder_text(placeholders)
                + ": set the real ones with `tracker owner set NAME --email ADDR`, or give --allow-example"
            )
        if not plan.digests or interrupts.requested:
            report.interrupted = interrupts.requested
            return report
        now = utc_now()
        with store.write() as session:
            lease = timedelta(0) if runs_are_exclusive(store) else claim_lease()
            taken = _claim(session, plan, settings, now, lease)
        report.held = sum(1 for digest in plan.digests for i in digest.items if i.key not in taken)
        delivery = Delivery(settings)
        unsent: list[int] = []
        try:
            for done, digest in enumerate(plan.digests, 1):
                # Only what this run holds: a key claimed elsewhere is that run's to send.
                digest.items = [i for i in digest.items if i.key in taken]
                ids = [taken[i.key] for i in digest.items]
                if ids and interrupts.requested:
                    unsent += ids
                    report.not_sent.append(digest.owner)
                elif ids:
                    _deliver(store, delivery, digest, ids, settings, report, interrupts)
                if progress is not None:
                    progress(done, len(plan.digests))
        finally:
            delivery.close()
        if unsent:
            # Failed, not claimed: the next run takes them at once, on a shared database too.
            _mark(store, unsent, state=str(ReminderState.FAILED), error="the run was interrupted before sending")
        report.interrupted = interrupts.requested
    return report


def _placeholder_text(placeholders: list[str]) -> str:
    shown = "; ".join(placeholders[:5]) + (f"; and {len(placeholders) - 5} more" if len(placeholders) > 5 else "")
    return f"placeholder addresses in a domain reserved for examples ({shown})"


def _deliver(
    store: Store,
    delivery: Delivery,
    digest: Digest,
    ids: list[int],
    settings: DeliverySettings,
    report: RunReport,
    interrupts: _Interrupts,
) -> None:
    owner = one_line(digest.owner) or "(no owner)"
    try:
        recipients = envelope(digest)
        msg = build_message(digest, sender=settings.sender, now=utc_now(), reply_to=settings.reply_to)
        with interrupts.abortable():
            refused = delivery.send(msg, digest, recipients)
    except ValueError as exc:
        error = DeliveryError(f"{exc}; fix it with: tracker owner set {shlex.quote(owner)} --email ADDR", 1)
        _failed(store, digest, ids, error, report)
        return
    except DeliveryError as exc:
        _failed(store, digest, ids, exc, report)
        return
    except KeyboardInterrupt:
        delivery.abandon()
        _mark(store, ids, state=str(ReminderState.FAILED), error="the run was interrupted while sending")
        report.unsure.append(digest.owner)
        return
    _mark(store, ids, state=str(ReminderState.SENT), sent_at=utc_now(), error=None, message_id=msg["Message-ID"])
    report.sent_to.append(digest.owner)
    report.messages += 1
    report.owners += 1
    report.items += len(ids)
    if refused:
        report.errors.append(f"{owner}: delivered, but the server refused {'; '.join(refused)}")
        report.exit_code = _graver(report.exit_code, 1)


def _failed(store: Store, digest: Digest, ids: list[int], exc: DeliveryError, report: RunReport) -> None:
    _mark(store, ids, state=str(ReminderState.FAILED), error=str(exc)[:500])
    report.failed_messages += 1
    report.failed_items += len(ids)
    retry = "retried next run" if exc.exit_code == 75 else "retried next run once fixed"
    report.errors.append(f"{one_line(digest.owner) or '(no owner)'}: {exc}; {_count(len(ids), 'item')} {retry}")
    report.exit_code = _graver(report.exit_code, exc.exit_code)


# What needs a person comes first: settings (78), then a refusal (1), then "try later" (75).
_GRAVITY = {0: 0, 75: 1, 1: 2, 78: 3}


def _graver(current: int, new: int) -> int:
    return max(current, new, key=_GRAVITY.__getitem__)
