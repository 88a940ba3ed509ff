"""The nightly reminder run: one digest per owner of what is due soon or overdue.

Policy (DESIGN, "Reminder policy"). Each open commitment with a deadline passes through the
rules ``due_30``, ``due_7``, ``due_1``, ``due_today``, then ``overdue_1``, ``overdue_8``,
``overdue_15``, ... (one rule a week). A rule is pending from its day until it is sent, and
only the most urgent pending rule of a commitment fires: a first run, or a run after missed
nights, sends one reminder per commitment, never a backlog of stale ones.

The ledger (``reminderlog``) holds one row per (commitment, rule, deadline): a rerun the same
night finds the row and sends nothing; a moved deadline is a new key and starts a new cycle.

Reliability (RELIABILITY 11-14). One run at a time, by ``fcntl.flock`` on a lock file; a
second run exits 75 at once. Each digest is claimed (``INSERT ... ON CONFLICT DO NOTHING`` in a
write transaction), sent, then marked sent; an SMTP 4xx or an unreachable server marks it
failed (exit 75), and failed rows, and rows left ``claimed`` by a run that died, are sent by
the next run. Delivery is therefore at least once: the Message-ID is deterministic per
(owner, run date, items), so a mail system can recognise a resent digest.

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
import smtplib
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

from sqlalchemy import Select, and_, or_, select, update
from sqlmodel import Session

from tracker import queries
from tracker.errors import ConfigError, TemporaryError, UserError
from tracker.fiscal import utc_now
from tracker.models import OPEN_STATUSES, Commitment, Owner, ReminderLog, ReminderState, Status
from tracker.store import Store, insert_new_rows
from tracker.text import clean, one_line

LOOKAHEAD_DAYS = 30
DUE_THIS_WEEK_DAYS = 7
SMTP_TIMEOUT_S = 30.0
_CHUNK = 500  # keys or ids per statement: far below the engines' bound-parameter limits
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>]+$")
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("", "0", "false", "no", "off")

_c = Commitment.__table__.c  # type: ignore[attr-defined]
_log = ReminderLog.__table__  # type: ignore[attr-defined]


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
class Settings:
    """Where digests come from and go to, checked before the run touches anything."""

    sender: str
    smtp: SmtpSettings | None = None
    outbox: Path | None = None
    fallback: tuple[str, ...] = ()


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def _port(value: str, source: str, error: type[Exception]) -> int:
    try:
        port = int(value)
    except ValueError:
        raise error(f"{source}: {value!r} is not a port number") from None
    if not 0 < port < 65536:
        raise error(f"{source}: port {port} is out of range")
    return port


def _smtp_settings(option: str | None) -> SmtpSettings | None:
    host, port = _env("TRACKER_SMTP_HOST"), 25
    if _env("TRACKER_SMTP_PORT"):
        port = _port(_env("TRACKER_SMTP_PORT"), "TRACKER_SMTP_PORT", ConfigError)
    if option is not None:
        given_host, sep, given_port = option.strip().rpartition(":")
        if not sep or not given_host:
            raise UserError(f"--smtp: {option!r} is not HOST:PORT")
        host, port = given_host.strip("[]"), _port(given_port, "--smtp", UserError)
    if not host:
        return None
    starttls = _env("TRACKER_SMTP_STARTTLS").lower()
    if starttls not in _TRUE + _FALSE:
        raise ConfigError(f"TRACKER_SMTP_STARTTLS={starttls!r}: use 1 or 0")
    user, password = _env("TRACKER_SMTP_USER") or None, os.environ.get("TRACKER_SMTP_PASSWORD") or None
    if user and not password:
        raise ConfigError("TRACKER_SMTP_USER is set but TRACKER_SMTP_PASSWORD is not")
    return SmtpSettings(host, port, user, password, starttls in _TRUE)


def _addresses(value: str, source: str) -> tuple[str, ...]:
    found = tuple(a.strip() for a in re.split(r"[,;]", value) if a.strip())
    for address in found:
        if not _EMAIL.match(address):
            raise ConfigError(f"{source}: {address!r} is not an e-mail address")
    return found


def load_settings(*, smtp: str | None, outbox: Path | None, dry_run: bool) -> Settings:
    """Settings from the options and ``TRACKER_SMTP_*`` / ``TRACKER_REMINDER_FALLBACK``.

    No sender address, or nowhere to deliver (no SMTP server and no outbox), is a
    configuration error (exit 78). A dry run needs a sender but no delivery.
    """
    raw_sender = _env("TRACKER_SMTP_FROM")
    if not raw_sender:
        raise ConfigError("no sender address: set TRACKER_SMTP_FROM (e.g. secretariat@senate.gov.pk)")
    if not _EMAIL.match(parseaddr(raw_sender)[1]):
        raise ConfigError(f"TRACKER_SMTP_FROM={raw_sender!r} is not an e-mail address")
    smtp_settings = _smtp_settings(smtp)
    if smtp_settings is None and outbox is None and not dry_run:
        raise ConfigError("nowhere to deliver: give --smtp HOST:PORT (or TRACKER_SMTP_HOST) or --outbox DIR")
    if outbox is not None and outbox.exists() and not outbox.is_dir():
        raise UserError(f"--outbox: {outbox} is a file, not a folder")
    fallback = _addresses(_env("TRACKER_REMINDER_FALLBACK"), "TRACKER_REMINDER_FALLBACK")
    return Settings(raw_sender, smtp_settings, outbox, fallback)


def runs_are_exclusive(store: Store) -> bool:
    """Whether holding the lock proves no other run is live: a SQLite database (one machine)
    locked by its own lock file. Then a claim left behind is from a run that died and is taken
    at once; otherwise (a shared server, or a lock file set by hand) it waits out the lease."""
    return store.is_sqlite and not _env("TRACKER_LOCK_FILE")


def lock_path(store: Store) -> Path:
    """``TRACKER_LOCK_FILE``, else ``<database file>.reminders.lock`` next to a SQLite
    database, else ``db/.reminders.lock`` in the checkout (a PostgreSQL URL has no folder)."""
    configured = _env("TRACKER_LOCK_FILE")
    if configured:
        return Path(configured).expanduser()
    if store.is_sqlite and store.url.database not in (None, "", ":memory:"):
        return Path(str(store.url.database) + ".reminders.lock")
    from tracker.store import default_db_path

    return default_db_path().parent / ".reminders.lock"


@contextmanager
def run_lock(path: Path) -> Iterator[None]:
    """Hold ``path`` locked for the run; another holder means another run: exit 75 at once.

    The kernel releases an flock when its process dies, so a crashed run never leaves a
    stale lock behind. The file itself stays (removing it would race with the next run).
    """
    try:
        handle = path.open("a+", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot open the lock file {path} ({exc.strerror}); set TRACKER_LOCK_FILE") from None
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise TemporaryError(f"another reminder run is in progress (lock file {path}); try again later") from None
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        yield


# ---------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Item:
    """One commitment that fires tonight, with what its digest shows."""

    commitment_id: int
    rule: str
    deadline: date
    owner: str
    title: str = ""
    status: str = ""
    days_left: int = 0
    last_update: queries.LastUpdate | None = None

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
    def command(self) -> str:
        """What to type to record progress (the current status, kept unless edited)."""
        return f'tracker update {self.commitment_id} --status {self.status} --note "..."'


@dataclass
class Digest:
    owner: str
    recipients: tuple[str, ...]
    items: list[Item]
    day: date
    fallback: bool = False

    @property
    def counts(self) -> tuple[int, int, int]:
        """How many are overdue, due this week (0-7 days left), due later this month."""
        overdue = sum(1 for i in self.items if i.overdue)
        week = sum(1 for i in self.items if 0 <= i.days_left <= DUE_THIS_WEEK_DAYS)
        return overdue, week, len(self.items) - overdue - week

    @property
    def headline(self) -> str:
        """E.g. "3 overdue, 2 due this week"."""
        overdue, week, month = self.counts
        labelled = ((overdue, "overdue"), (week, "due this week"), (month, f"due within {LOOKAHEAD_DAYS} days"))
        return ", ".join(f"{n} {label}" for n, label in labelled if n)

    @property
    def subject(self) -> str:
        return f"[tracker] {self.headline} - {one_line(self.owner, 120) or '(no owner)'}"


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
    """Open commitments made by ``day`` and due within 30 days of it or overdue on it.

    ``status IN (<open statuses>)`` and the deadline range let the planner answer from the
    covering index on (status, deadline, owner) alone (checked by a test).
    """
    state = queries.state_columns(session, day)
    return select(_c.id, state.deadline.label("deadline"), _c.owner).where(
        state.status.in_([str(s) for s in OPEN_STATUSES]),
        state.deadline.is_not(None),
        state.deadline <= day + timedelta(days=LOOKAHEAD_DAYS),
        *state.made_clauses(),
    )


def _chunks(values: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def ledger_statement(rule: str, commitment_ids: Sequence[int]) -> Select[Any]:
    """Ledger rows of one rule for these commitments: probes of the unique index on
    (commitment_id, rule, deadline), one per id, however long the ledger grows."""
    return select(_log.c.id, _log.c.commitment_id, _log.c.rule, _log.c.deadline, _log.c.state).where(
        _log.c.rule == rule, _log.c.commitment_id.in_(list(commitment_ids))
    )


def _ledger_states(session: Session, keys: list[tuple[int, str, date]]) -> dict[tuple[int, str, date], Any]:
    """The ledger rows (id, state) that already exist for these (commitment, rule, deadline) keys."""
    wanted = set(keys)
    ids_by_rule: dict[str, list[int]] = defaultdict(list)
    for commitment_id, rule, _deadline in keys:
        ids_by_rule[rule].append(commitment_id)
    found: dict[tuple[int, str, date], Any] = {}
    for rule, ids in ids_by_rule.items():
        for chunk in _chunks(ids):
            for row in session.execute(ledger_statement(rule, chunk)):
                key = (row.commitment_id, row.rule, row.deadline)
                if key in wanted:  # a row for an earlier deadline belongs to an old cycle
                    found[key] = row
    return found


def _addresses_by_owner(session: Session) -> dict[str, tuple[str, ...]]:
    return {o.name: tuple(o.email_list) for o in session.scalars(select(Owner))}


def build_plan(session: Session, day: date, *, fallback: Sequence[str] = ()) -> Plan:
    """Decide what fires on ``day``: read only, so a dry run and a real run agree."""
    fires: list[Item] = []
    for row in session.execute(candidates_statement(session, day)):
        rule = rule_for(row.deadline, day)
        if rule is not None:
            fires.append(Item(row.id, rule, row.deadline, row.owner or ""))
    ledger = _ledger_states(session, [i.key for i in fires])
    plan = Plan(day)
    pending: list[Item] = []
    for item in fires:
        existing = ledger.get(item.key)
        if existing is None:
            pending.append(item)
        elif existing.state != ReminderState.SENT:
            plan.retry_ids[item.key] = existing.id
            pending.append(item)
    detailed = _with_details(session, pending, day)
    addresses = _addresses_by_owner(session)
    by_owner: dict[str, list[Item]] = defaultdict(list)
    for item in detailed:
        by_owner[item.owner].append(item)
    for owner in sorted(by_owner):
        items = sorted(by_owner[owner], key=lambda i: (i.days_left, i.commitment_id))
        recipients = addresses.get(owner, ())
        if not recipients:
            plan.unaddressed[owner] = items
            if not fallback:
                continue
        plan.digests.append(Digest(owner, recipients or tuple(fallback), items, day, fallback=not recipients))
    return plan


def _with_details(session: Session, items: list[Item], day: date) -> list[Item]:
    """The items with title, status and last update, read in batches by id."""
    by_id = {i.commitment_id: i for i in items}
    ids = sorted(by_id)
    out: list[Item] = []
    for chunk in _chunks(ids):
        filters = queries.Filters(ids=list(chunk))
        for row in queries.iter_rows(session, as_of=day, filters=filters, with_last_update=True):
            item = by_id[row.id]
            out.append(
                Item(
                    item.commitment_id,
                    item.rule,
                    item.deadline,
                    item.owner,
                    title=row.title,
                    status=row.status,
                    days_left=(item.deadline - day).days,
                    last_update=row.last_update,
                )
            )
    return out


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
    domain = parseaddr(sender)[1].rpartition("@")[2] or "tracker.invalid"
    # Short enough to stay on the header's first line (a folded one reads back with a space).
    return f"<{digest.day:%Y%m%d}.remind.{owner}.{items}@{domain}>"


def _last_update_text(item: Item) -> str:
    last = item.last_update
    if last is None:
        return "none recorded"
    note = f": {one_line(last.note, 200)}" if last.note else ""
    return f"{last.effective_on.isoformat()}, {one_line(last.by, 60)}{note}"


def _sections(items: list[Item]) -> list[tuple[str, list[Item]]]:
    overdue = [i for i in items if i.overdue]
    soon = [i for i in items if not i.overdue]
    return [(title, group) for title, group in (("Overdue", overdue), ("Due soon", soon)) if group]


def _intro(digest: Digest) -> list[str]:
    lines = [
        f"Commitments of {one_line(digest.owner) or '(no owner)'} that are overdue or due within "
        f"{LOOKAHEAD_DAYS} days, as of {digest.day:%A %d %B %Y}.",
    ]
    if digest.fallback:
        lines.append(
            f"No address is on file for this owner, so this digest went to the fallback address. "
            f"Add one with: tracker owner set {shlex.quote(one_line(digest.owner))} --email ADDR"
        )
    return lines


def plain_text(digest: Digest) -> str:
    lines = [*_intro(digest), "", digest.headline + ".", ""]
    for title, group in _sections(digest.items):
        lines += [title.upper(), ""]
        for item in group:
            lines += [
                f"#{item.commitment_id}  {one_line(item.title)}",
                f"     Deadline:    {item.deadline.isoformat()} ({item.when})",
                f"     Status:      {item.status}",
                f"     Last update: {_last_update_text(item)}",
                f"     To record progress: {item.command}",
                "",
            ]
    lines += [
        f"Statuses: {', '.join(s.value for s in Status)}.",
        f"Sent by tracker's nightly reminder run of {digest.day.isoformat()}.",
    ]
    return "\n".join(lines) + "\n"


def html_text(digest: Digest) -> str:
    def e(text: str) -> str:
        return html.escape(clean(text), quote=True)

    parts = ["<!DOCTYPE html>", '<html><head><meta charset="utf-8"></head><body>']
    parts += [f"<p>{e(line)}</p>" for line in _intro(digest)]
    for title, group in _sections(digest.items):
        parts.append(f"<h2>{e(title)} ({len(group)})</h2>")
        parts.append('<table border="1" cellpadding="4" cellspacing="0">')
        parts.append(
            "<tr><th>ID</th><th>Commitment</th><th>Deadline</th><th>When</th><th>Status</th>"
            "<th>Last update</th><th>To record progress</th></tr>"
        )
        for item in group:
            parts.append(
                f"<tr><td>{item.commitment_id}</td><td>{e(one_line(item.title))}</td>"
                f"<td>{item.deadline.isoformat()}</td><td>{e(item.when)}</td><td>{e(item.status)}</td>"
                f"<td>{e(_last_update_text(item))}</td><td><code>{e(item.command)}</code></td></tr>"
            )
        parts.append("</table>")
    parts.append(f"<p>Sent by tracker's nightly reminder run of {digest.day.isoformat()}.</p>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def build_message(digest: Digest, *, sender: str, now: datetime) -> EmailMessage:
    """The digest as an e-mail: plain text with an HTML alternative."""
    msg = EmailMessage(policy=email.policy.SMTP)
    msg["From"] = sender
    msg["To"] = ", ".join(digest.recipients)
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = message_id(digest, sender)
    # RFC 3834: keeps vacation responders from answering a nightly robot.
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Tracker-Run-Date"] = digest.day.isoformat()
    msg.set_content(plain_text(digest))
    msg.add_alternative(html_text(digest), subtype="html")
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

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: smtplib.SMTP | None = None
        self._broken: DeliveryError | None = None

    def send(self, msg: EmailMessage, digest: Digest) -> list[str]:
        """Deliver ``msg``; returns the recipients the server refused while accepting others."""
        if self.settings.outbox is not None:
            self._write_eml(msg, digest)
        if self.settings.smtp is None:
            return []
        if self._broken is not None:
            raise self._broken
        where = f"SMTP server {self.settings.smtp.display}"
        try:
            refused = self._connection().send_message(msg)
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
            except BaseException:
                conn.close()
                raise
            self._smtp = conn
        return self._smtp

    def _write_eml(self, msg: EmailMessage, digest: Digest) -> None:
        folder = self.settings.outbox
        assert folder is not None
        slug = re.sub(r"[^a-z0-9]+", "-", digest.owner.lower()).strip("-")[:60]
        owner_hash = hashlib.sha256(digest.owner.encode("utf-8")).hexdigest()[:8]
        # One file per digest: a retry rewrites its own file, a second digest the same night
        # (a deadline moved) gets another.
        digest_hash = hashlib.sha256(str(msg["Message-ID"]).encode("utf-8")).hexdigest()[:8]
        name = f"{digest.day.isoformat()}_{slug + '_' if slug else ''}{owner_hash}_{digest_hash}.eml"
        target = folder / name
        partial = folder / (name + ".partial")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial.write_bytes(msg.as_bytes())
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise DeliveryError(f"cannot write {target}: {exc.strerror}", 75, fatal=True) from None

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
class Report:
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
    exit_code: int = 0

    @property
    def summary(self) -> str:
        without = sum(len(ids) for ids in self.unaddressed.values())
        verb = "would send" if self.dry_run else "sent"
        retried = f" ({self.failed_items} items, retried next run)" if self.failed_items else ""
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


def describe(plan: Plan, settings: Settings) -> Iterator[str]:
    """What a dry run prints: each digest's envelope and items."""
    for digest in plan.digests:
        yield f"To: {', '.join(digest.recipients)}"
        yield f"Subject: {digest.subject}"
        yield f"Message-ID: {message_id(digest, settings.sender)}"
        for item in digest.items:
            yield (
                f"  #{item.commitment_id}  {item.rule:<11} {item.deadline.isoformat()}  {item.when:<17} "
                f"{item.status:<11} {one_line(item.title, 70)}"
            )
        yield ""


def _report(plan: Plan, settings: Settings, *, dry_run: bool) -> Report:
    return Report(
        day=plan.day,
        dry_run=dry_run,
        unaddressed={owner: sorted(i.commitment_id for i in items) for owner, items in plan.unaddressed.items()},
        fallback=settings.fallback,
    )


def _claim(
    session: Session, plan: Plan, settings: Settings, now: datetime, lease: timedelta
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
    raw = _env("TRACKER_CLAIM_LEASE_MINUTES")
    if not raw:
        return timedelta(minutes=30)
    try:
        minutes = float(raw)
    except ValueError:
        raise ConfigError(f"TRACKER_CLAIM_LEASE_MINUTES={raw!r} is not a number of minutes") from None
    if minutes < 0:
        raise ConfigError("TRACKER_CLAIM_LEASE_MINUTES must not be negative")
    return timedelta(minutes=minutes)


def _mark(store: Store, ids: list[int], **values: Any) -> None:
    with store.write() as session:
        for chunk in _chunks(ids):
            session.execute(update(_log).where(_log.c.id.in_(list(chunk))).values(**values))


def run(
    store: Store,
    settings: Settings,
    *,
    day: date,
    dry_run: bool = False,
    echo: Callable[[str], None],
) -> Report:
    """The nightly run for ``day``: plan, claim, send, mark. Returns what happened.

    A dry run reads the plan, prints each digest through ``echo`` and writes nothing, not
    even the lock file.
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
        return report

    with run_lock(lock_path(store)):
        with store.read() as session:
            plan = build_plan(session, day, fallback=settings.fallback)
        report = _report(plan, settings, dry_run=False)
        if not plan.digests:
            return report
        now = utc_now()
        with store.write() as session:
            lease = timedelta(0) if runs_are_exclusive(store) else claim_lease()
            taken = _claim(session, plan, settings, now, lease)
        report.held = sum(1 for digest in plan.digests for i in digest.items if i.key not in taken)
        delivery = Delivery(settings)
        try:
            for digest in plan.digests:
                # Only what this run holds: a key claimed elsewhere is that run's to send.
                digest.items = [i for i in digest.items if i.key in taken]
                if digest.items:
                    _deliver(store, delivery, digest, [taken[i.key] for i in digest.items], settings, report)
        finally:
            delivery.close()
    return report


def _deliver(
    store: Store, delivery: Delivery, digest: Digest, ids: list[int], settings: Settings, report: Report
) -> None:
    msg = build_message(digest, sender=settings.sender, now=utc_now())
    try:
        refused = delivery.send(msg, digest)
    except DeliveryError as exc:
        _mark(store, ids, state=str(ReminderState.FAILED), error=str(exc)[:500])
        report.failed_messages += 1
        report.failed_items += len(ids)
        retry = "retried next run" if exc.exit_code == 75 else "retried next run once fixed"
        report.errors.append(f"{one_line(digest.owner) or '(no owner)'}: {exc}; {len(ids)} items {retry}")
        report.exit_code = _graver(report.exit_code, exc.exit_code)
        return
    _mark(store, ids, state=str(ReminderState.SENT), sent_at=utc_now(), error=None, message_id=msg["Message-ID"])
    report.messages += 1
    report.owners += 1
    report.items += len(ids)
    if refused:
        report.errors.append(f"{one_line(digest.owner)}: delivered, but the server refused {'; '.join(refused)}")
        report.exit_code = _graver(report.exit_code, 1)


# What needs a person comes first: settings (78), then a refusal (1), then "try later" (75).
_GRAVITY = {0: 0, 75: 1, 1: 2, 78: 3}


def _graver(current: int, new: int) -> int:
    return max(current, new, key=_GRAVITY.__getitem__)
