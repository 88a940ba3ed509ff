"""The nightly reminder run, against a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import email
import email.policy
import fcntl
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from freezegun import freeze_time
from sqlalchemy import text, update

from tests.conftest import Cli, Proc, table_snapshot
from tracker.models import ReminderLog
from tracker.reminders import rule_for

SENDER = "Committee Secretariat <secretariat@senate.gov.pk>"
MOITT = "Ministry of IT and Telecommunication"
FBR = "Federal Board of Revenue"


# ---------------------------------------------------------------- a real SMTP server


@dataclass
class Handler:
    """Accepts mail, or answers what the test sets (e.g. 451 to defer, 550 to refuse)."""

    received: list[EmailMessage] = field(default_factory=list)
    attempts: list[EmailMessage] = field(default_factory=list)
    data_reply: str | None = None
    rcpt_reply: str | None = None

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        self.attempts.append(msg)
        if self.data_reply:
            return self.data_reply
        self.received.append(msg)
        return "250 Message accepted for delivery"


@dataclass
class Server:
    handler: Handler
    port: int

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def received(self) -> list[EmailMessage]:
        return self.handler.received

    def subjects(self) -> list[str]:
        return sorted(str(m["Subject"]) for m in self.received)


def free_port() -> int:
    # aiosmtpd's Controller cannot be given port 0: ask the kernel for a free port first.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[Server]:
    handler = Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield Server(handler, port)
    finally:
        controller.stop()


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Asks for no database: the tests of the rules alone need none (on PostgreSQL, db_url
    # gives each test that has one its own reminder lock file).
    monkeypatch.setenv("TRACKER_SMTP_FROM", SENDER)


# ---------------------------------------------------------------- helpers


def add(store: Any, title: str, owner: str, deadline: date | None, status: str = "not_started") -> int:
    from tracker.commitments import add_commitment
    from tracker.models import Status

    with store.write() as session:
        commitment = add_commitment(session, title=title, owner=owner, deadline=deadline, status=Status(status))
        assert commitment.id is not None
        return commitment.id


def ledger(store: Any) -> list[tuple[int, str, str, str]]:
    """(commitment, rule, deadline, state) of every ledger row."""
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT commitment_id, rule, deadline, state FROM reminderlog ORDER BY id"))
        return [(r[0], r[1], str(r[2]), r[3]) for r in rows]


def body(msg: EmailMessage) -> str:
    part = msg.get_body(("plain",))
    assert part is not None
    return str(part.get_content())


def html_body(msg: EmailMessage) -> str:
    part = msg.get_body(("html",))
    assert part is not None
    return str(part.get_content())


@pytest.fixture
def two_owners(cli: Cli, store: Any) -> dict[str, int]:
    """Two owners with addresses; on 2025-07-01 three items fire for MoITT and one for FBR."""
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    cli("owner", "set", FBR, "--email", "fbr@gov.pk, chair-fbr@gov.pk")
    return {
        "exports": add(store, "IT exports of $5.2 billion", MOITT, date(2025, 6, 20), "in_progress"),
        "cable": add(store, "Submarine cable landing station", MOITT, date(2025, 7, 4)),
        "broadband": add(store, "Broadband plan", MOITT, date(2025, 7, 20)),
        "far": add(store, "Next year's roadmap", MOITT, date(2025, 12, 31)),
        "done": add(store, "Done already", MOITT, date(2025, 6, 1), "done"),
        "tax": add(store, "Tax facilitation for freelancers", FBR, date(2025, 6, 30), "stalled"),
    }


def remind(cli: Cli, smtp: Server | None, *args: str) -> Any:
    extra = ("--smtp", smtp.address) if smtp else ()
    return cli("remind", *extra, *args)


# ---------------------------------------------------------------- the rules


@pytest.mark.parametrize(
    ("days_left", "rule"),
    [
        (31, None),
        (30, "due_30"),
        (8, "due_30"),
        (7, "due_7"),
        (2, "due_7"),
        (1, "due_1"),
        (0, "due_today"),
        (-1, "overdue_1"),
        (-7, "overdue_1"),
        (-8, "overdue_8"),
        (-14, "overdue_8"),
        (-15, "overdue_15"),
        (-400, "overdue_400"),
    ],
)
def test_the_most_urgent_pending_rule(days_left: int, rule: str | None) -> None:
    deadline = date(2026, 1, 31)
    day = date.fromordinal(deadline.toordinal() - days_left)
    assert rule_for(deadline, day) == rule


# ---------------------------------------------------------------- a night's run


def test_each_owner_gets_one_digest_with_every_item_that_fires(
    cli: Cli, store: Any, smtp: Server, two_owners: dict[str, int]
) -> None:
    result = remind(cli, smtp, "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "remind 2025-07-01: sent 2 messages to 2 owners, 4 items; 0 without recipient; 0 failed"
    )
    assert smtp.subjects() == [
        f"[tracker] 1 overdue - {FBR}",
        f"[tracker] 1 overdue, 1 due this week, 1 due within 30 days - {MOITT}",
    ]
    moitt = next(m for m in smtp.received if MOITT in str(m["Subject"]))
    assert moitt["To"] == "moitt@gov.pk"
    assert moitt["From"] == SENDER
    assert moitt["Auto-Submitted"] == "auto-generated"
    text_body = body(moitt)
    ids = two_owners
    assert text_body.index("IT exports") < text_body.index("Submarine") < text_body.index("Broadband")
    assert "Deadline:     20 June 2025 (11 days overdue)" in text_body
    assert "Deadline:     04 July 2025 (3 days left)" in text_body
    assert "Status:       in progress" in text_body
    assert "Last update:  none recorded" in text_body
    assert "tracker update" not in text_body  # the officer who reads it has no tracker
    assert "Next year's roadmap" not in text_body
    assert "Done already" not in text_body
    fbr = next(m for m in smtp.received if FBR in str(m["Subject"]))
    assert sorted(a.strip() for a in str(fbr["To"]).split(",")) == ["chair-fbr@gov.pk", "fbr@gov.pk"]
    assert sorted(ledger(store)) == sorted(
        [
            (ids["exports"], "overdue_8", "2025-06-20", "sent"),
            (ids["cable"], "due_7", "2025-07-04", "sent"),
            (ids["broadband"], "due_30", "2025-07-20", "sent"),
            (ids["tax"], "overdue_1", "2025-06-30", "sent"),
        ]
    )


def test_rerun_same_night_sends_nothing_twice(cli: Cli, store: Any, smtp: Server, two_owners: dict[str, int]) -> None:
    first = remind(cli, smtp, "--as-of", "2025-07-01")
    second = remind(cli, smtp, "--as-of", "2025-07-01")

    assert first.exit_code == 0
    assert second.exit_code == 0
    assert len(smtp.received) == 2
    assert sorted(str(m["To"]).split(",")[0] for m in smtp.received) == ["fbr@gov.pk", "moitt@gov.pk"]
    assert second.stdout.startswith("remind 2025-07-01: sent 0 messages to 0 owners, 0 items")
    assert len(ledger(store)) == 4


def test_the_digest_shows_the_last_update_and_escapes_html(cli: Cli, store: Any, smtp: Server) -> None:
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    nasty = add(store, 'Publish <script>alert("x")</script> & the "plan" وزارت', MOITT, date(2025, 7, 1))
    cli("update", str(nasty), "--status", "in_progress", "--note", "Draft <b>sent</b> to cabinet", "--on", "2025-06-25")

    result = remind(cli, smtp, "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    (msg,) = smtp.received
    assert msg["Subject"] == f"[tracker] 1 due this week - {MOITT}"
    assert "Last update:  25 June 2025, tester: Draft <b>sent</b> to cabinet" in body(msg)
    assert "(due today)" in body(msg)
    assert 'Publish <script>alert("x")</script> & the "plan" وزارت' in body(msg)
    page = html_body(msg)
    assert "<script>" not in page
    assert "<b>sent" not in page
    assert "Publish &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; the &quot;plan&quot; وزارت" in page
    assert "<td>in progress</td>" in page


def test_an_urdu_owner_name_arrives_intact(cli: Cli, store: Any, smtp: Server) -> None:
    urdu = "وزارت انفارمیشن ٹیکنالوجی و ٹیلی کمیونیکیشن"
    cli("owner", "set", urdu, "--email", "urdu-desk@gov.pk")
    add(store, "آئی ٹی برآمدات کا ہدف", urdu, date(2025, 6, 30))

    result = remind(cli, smtp, "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    (msg,) = smtp.received
    assert msg["Subject"] == f"[tracker] 1 overdue - {urdu}"
    assert str(msg["Message-ID"]).startswith("<20250701.remind.")
    assert "#1  آئی ٹی برآمدات کا ہدف" in body(msg)


def test_first_run_answered_451_exits_75_and_the_next_run_delivers_once(
    cli: Cli, store: Any, smtp: Server, two_owners: dict[str, int]
) -> None:
    smtp.handler.data_reply = "451 4.3.0 Mailbox busy, try again later"

    deferred = remind(cli, smtp, "--as-of", "2025-07-01")

    assert deferred.exit_code == 75
    assert smtp.received == []
    assert "answered 451 4.3.0 Mailbox busy" in deferred.stderr
    assert "retried next run" in deferred.stderr
    assert "sent 0 messages" in deferred.stdout
    assert "2 failed (4 items, retried next run)" in deferred.stdout
    assert {state for *_, state in ledger(store)} == {"failed"}

    smtp.handler.data_reply = None
    retried = remind(cli, smtp, "--as-of", "2025-07-01")

    assert retried.exit_code == 0, retried.output
    assert len(smtp.received) == 2
    assert {state for *_, state in ledger(store)} == {"sent"}
    assert len(ledger(store)) == 4
    # The deferred attempt and the delivery carry the same Message-ID: one digest, tried twice.
    attempt_ids = sorted(str(m["Message-ID"]) for m in smtp.handler.attempts)
    assert attempt_ids[0] == attempt_ids[1]
    assert attempt_ids[2] == attempt_ids[3]
    assert remind(cli, smtp, "--as-of", "2025-07-01").stdout.startswith("remind 2025-07-01: sent 0 messages")
    assert len(smtp.received) == 2


def test_a_refused_recipient_exits_1_and_says_why(cli: Cli, store: Any, smtp: Server, proc: Proc) -> None:
    cli("owner", "set", MOITT, "--email", "nobody@gov.pk")
    add(store, "Broadband plan", MOITT, date(2025, 7, 3))
    smtp.handler.rcpt_reply = "550 5.1.1 No such mailbox"

    result = proc("remind", "--smtp", smtp.address, "--as-of", "2025-07-01")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "refused every recipient (nobody@gov.pk: 550 5.1.1 No such mailbox)" in result.stderr
    assert smtp.received == []
    (row,) = ledger(store)
    assert row[3] == "failed"


def test_an_unreachable_server_exits_75_and_loses_nothing(
    cli: Cli, store: Any, two_owners: dict[str, int], proc: Proc
) -> None:
    closed = free_port()

    result = proc("remind", "--smtp", f"127.0.0.1:{closed}", "--as-of", "2025-07-01")

    assert result.returncode == 75
    assert f"cannot reach SMTP server 127.0.0.1:{closed}" in result.stderr
    assert "Traceback" not in result.stderr
    assert {state for *_, state in ledger(store)} == {"failed"}


def test_a_held_lock_exits_75_at_once_and_sends_nothing(
    store: Any, smtp: Server, two_owners: dict[str, int], proc: Proc, db_url: str, tmp_path: Path
) -> None:
    from tracker.reminders import lock_path

    path = lock_path(store)
    with path.open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = proc("remind", "--smtp", smtp.address, "--as-of", "2025-07-01", timeout=20)

    assert result.returncode == 75
    assert result.stderr.strip() == (
        f"tracker: another reminder run is in progress (lock file {path}); try again later"
    )
    assert smtp.received == []
    assert ledger(store) == []


def test_a_run_that_died_between_claim_and_send_is_resent_next_run(
    cli: Cli, store: Any, smtp: Server, two_owners: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import reminders

    def power_cut(*_args: Any) -> None:
        raise RuntimeError("power cut")

    with monkeypatch.context() as patch:
        patch.setattr(reminders.Delivery, "send", power_cut)
        with pytest.raises(RuntimeError, match="power cut"):
            remind(cli, smtp, "--as-of", "2025-07-01")

    assert smtp.received == []
    assert {state for *_, state in ledger(store)} == {"claimed"}
    # The next night: the dead run's claims are older than the lease, so they are taken over.
    with store.write() as session:
        session.execute(update(ReminderLog).values(claimed_at=datetime(2025, 6, 1, tzinfo=UTC)))

    result = remind(cli, smtp, "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    assert len(smtp.received) == 2
    assert "4 items" in result.stdout
    assert {state for *_, state in ledger(store)} == {"sent"}
    assert len(ledger(store)) == 4


def test_a_moved_deadline_starts_a_new_cycle(cli: Cli, store: Any, smtp: Server) -> None:
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    cable = add(store, "Submarine cable landing station", MOITT, date(2025, 7, 4))
    remind(cli, smtp, "--as-of", "2025-07-01")
    cli("update", str(cable), "--deadline", "2025-07-03", "--note", "Brought forward", "--on", "2025-07-01")

    moved = remind(cli, smtp, "--as-of", "2025-07-01")
    again = remind(cli, smtp, "--as-of", "2025-07-01")

    assert moved.exit_code == 0
    assert "1 item" in moved.stdout
    assert "0 items" in again.stdout
    assert len(smtp.received) == 2
    assert "Deadline:     03 July 2025 (2 days left)" in body(smtp.received[1])
    # Same owner, same night, other items: another Message-ID, or a mail system may drop it.
    assert smtp.received[0]["Message-ID"] != smtp.received[1]["Message-ID"]
    assert ledger(store) == [
        (cable, "due_7", "2025-07-04", "sent"),
        (cable, "due_7", "2025-07-03", "sent"),
    ]


def test_after_three_missed_nights_only_the_most_urgent_reminder_fires(cli: Cli, store: Any, smtp: Server) -> None:
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    plan = add(store, "Broadband plan", MOITT, date(2025, 7, 10))
    cable = add(store, "Submarine cable", MOITT, date(2025, 7, 13))
    remind(cli, smtp, "--as-of", "2025-07-08")  # due_7 for both
    # No run on the 9th (due_1 of the plan), 10th (due_today) or 11th (overdue_1).

    result = remind(cli, smtp, "--as-of", "2025-07-12")

    assert result.exit_code == 0, result.output
    assert len(smtp.received) == 2
    caught_up = smtp.received[1]
    assert caught_up["Subject"] == f"[tracker] 1 overdue, 1 due this week - {MOITT}"
    assert body(caught_up).count("#") == 2
    assert sorted(ledger(store)) == [
        (plan, "due_7", "2025-07-10", "sent"),
        (plan, "overdue_1", "2025-07-10", "sent"),
        (cable, "due_1", "2025-07-13", "sent"),
        (cable, "due_7", "2025-07-13", "sent"),
    ]


def test_a_first_run_on_an_empty_ledger_sends_one_reminder_per_commitment(cli: Cli, store: Any, smtp: Server) -> None:
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    old = add(store, "Long overdue", MOITT, date(2024, 6, 1))

    remind(cli, smtp, "--as-of", "2025-07-01")

    assert ledger(store) == [(old, "overdue_393", "2024-06-01", "sent")]
    assert "Deadline:     01 June 2024 (395 days overdue)" in body(smtp.received[0])


def test_the_run_date_is_the_day_in_karachi(cli: Cli, store: Any, smtp: Server) -> None:
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    exports = add(store, "IT exports of $5.2 billion", MOITT, date(2025, 7, 1))

    with freeze_time("2025-06-30 18:59:00", real_asyncio=True):  # 23:59 in Karachi, 30 June
        evening = remind(cli, smtp)
    with freeze_time("2025-06-30 22:00:00", real_asyncio=True):  # 03:00 in Karachi, 1 July
        night = remind(cli, smtp)

    assert evening.stdout.startswith("remind 2025-06-30: sent 1 message")
    assert night.stdout.startswith("remind 2025-07-01: sent 1 message")
    first, second = smtp.received
    assert "Deadline:     01 July 2025 (1 day left)" in body(first)
    assert "Deadline:     01 July 2025 (due today)" in body(second)
    assert second["X-Tracker-Run-Date"] == "2025-07-01"
    assert str(second["Message-ID"]).startswith("<20250701.remind.")
    assert ledger(store) == [(exports, "due_1", "2025-07-01", "sent"), (exports, "due_today", "2025-07-01", "sent")]


def test_dry_run_sends_nothing_and_writes_nothing(
    cli: Cli, store: Any, smtp: Server, two_owners: dict[str, int], tmp_path: Path
) -> None:
    before = table_snapshot(store)

    result = remind(cli, smtp, "--as-of", "2025-07-01", "--dry-run", "--outbox", str(tmp_path / "outbox"))

    assert result.exit_code == 0, result.output
    assert smtp.received == []
    assert table_snapshot(store) == before
    assert not (tmp_path / "outbox").exists()
    from tracker.reminders import lock_path

    assert not lock_path(store).exists()
    assert "To: moitt@gov.pk" in result.stdout
    assert f"Subject: [tracker] 1 overdue, 1 due this week, 1 due within 30 days - {MOITT}" in result.stdout
    assert f"#{two_owners['cable']}  due_7       2025-07-04  3 days left" in result.stdout
    assert "remind 2025-07-01 (dry run): would send 2 messages to 2 owners, 4 items" in result.stdout


def test_the_outbox_holds_each_digest_as_an_eml_file(
    cli: Cli, store: Any, two_owners: dict[str, int], tmp_path: Path
) -> None:
    outbox = tmp_path / "outbox"

    result = cli("remind", "--outbox", str(outbox), "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    files = sorted(outbox.glob("*.eml"))
    assert [f.name.split("_")[0] for f in files] == ["2025-07-01", "2025-07-01"]
    messages = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    assert sorted(str(m["To"]).split(",")[0] for m in messages) == ["fbr@gov.pk", "moitt@gov.pk"]
    assert {state for *_, state in ledger(store)} == {"sent"}


# ---------------------------------------------------------------- recipients and settings


def test_items_without_an_address_are_listed_and_wait_for_one(cli: Cli, store: Any, smtp: Server) -> None:
    orphan = add(store, "Release STZ funds", "Finance Division", date(2025, 6, 28))

    result = remind(cli, smtp, "--as-of", "2025-07-01")

    assert result.exit_code == 0
    assert "0 messages" in result.stdout
    assert "1 without recipient" in result.stdout
    assert (
        f'no address for "Finance Division": 1 item (#{orphan}) not sent; '
        "add one with: tracker owner set 'Finance Division' --email ADDR"
    ) in result.stdout
    assert smtp.received == []
    assert ledger(store) == []

    cli("owner", "set", "Finance Division", "--email", "fd@gov.pk")
    later = remind(cli, smtp, "--as-of", "2025-07-01")

    assert "sent 1 message" in later.stdout
    assert smtp.received[0]["To"] == "fd@gov.pk"


def test_items_without_an_address_go_to_the_fallback(
    cli: Cli, store: Any, smtp: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_REMINDER_FALLBACK", "secretariat@senate.gov.pk")
    orphan = add(store, "Release STZ funds", "Finance Division", date(2025, 6, 28))

    result = remind(cli, smtp, "--as-of", "2025-07-01")

    assert "sent 1 message to 1 owner, 1 item; 1 without recipient" in result.stdout
    assert f"(#{orphan}) sent to secretariat@senate.gov.pk" in result.stdout
    (msg,) = smtp.received
    assert msg["To"] == "secretariat@senate.gov.pk"
    assert msg["Subject"] == "[tracker] 1 overdue - Finance Division"
    assert "No address is on file for this owner" in body(msg)


def test_no_sender_address_is_a_configuration_error(proc: Proc, smtp: Server) -> None:
    proc.env.pop("TRACKER_SMTP_FROM", None)

    result = proc("remind", "--smtp", smtp.address)

    assert result.returncode == 78
    assert result.stderr.strip() == "tracker: no sender address: set TRACKER_SMTP_FROM (e.g. secretariat@senate.gov.pk)"


def test_nowhere_to_deliver_is_a_configuration_error(proc: Proc) -> None:
    proc.env["TRACKER_SMTP_FROM"] = SENDER

    result = proc("remind")

    assert result.returncode == 78
    assert "nowhere to deliver" in result.stderr


def test_smtp_settings_come_from_the_environment(
    cli: Cli, store: Any, smtp: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("TRACKER_SMTP_PORT", str(smtp.port))
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    add(store, "Broadband plan", MOITT, date(2025, 7, 3))

    result = cli("remind", "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    assert len(smtp.received) == 1


# ---------------------------------------------------------------- speed


@pytest.mark.sqlite_only("EXPLAIN QUERY PLAN is SQLite's")
def test_the_selection_uses_the_covering_index(store: Any) -> None:
    from tracker.reminders import candidates_statement, ledger_statement

    def plan(stmt: Any) -> str:
        with store.read() as session:
            compiled = stmt.compile(session.connection(), compile_kwargs={"literal_binds": True})
            rows = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").fetchall()
        return "\n".join(str(r[-1]) for r in rows)

    with store.read() as session:
        candidates = candidates_statement(session, date(2025, 7, 1))
    assert "USING COVERING INDEX ix_commitment_status_deadline_owner" in plan(candidates)
    ledger_plan = plan(ledger_statement([1, 2, 3]))
    assert "SEARCH reminderlog USING" in ledger_plan
    assert "(commitment_id=?)" in ledger_plan


# ---------------------------------------------------------------- owner contacts seed


def test_owner_load_seeds_addresses_but_keeps_those_already_set(cli: Cli) -> None:
    cli("owner", "set", "Special Technology Zones Authority", "--email", "real@stza.gov.pk")

    result = cli("owner", "load")

    assert result.exit_code == 0, result.output
    assert "1 of 2 owners given addresses" in result.stdout
    listed = cli("owner", "list").stdout
    assert "real@stza.gov.pk" in listed
    assert "it-exports@moitt.example.gov.pk" in listed


def test_a_malformed_contacts_file_is_a_configuration_error(proc: Proc, tmp_path: Path) -> None:
    path = tmp_path / "owners.toml"
    path.write_text('[[owner]]\nname = "Finance Division"\nemails = ["not an address"]\n', encoding="utf-8")

    result = proc("owner", "load", str(path))

    assert result.returncode == 78
    assert "'Finance Division'" in result.stderr
    assert "is not an e-mail address" in result.stderr


@pytest.mark.sqlite_only("on a shared server a fresh claim may be a live run on another host: the lease applies")
def test_a_rerun_the_same_night_resends_what_a_dead_run_claimed(
    cli: Cli, store: Any, smtp: Server, two_owners: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tracker import reminders

    def power_cut(*_args: Any) -> None:
        raise RuntimeError("power cut")

    with monkeypatch.context() as patch:
        patch.setattr(reminders.Delivery, "send", power_cut)
        with pytest.raises(RuntimeError, match="power cut"):
            remind(cli, smtp, "--as-of", "2025-07-01")

    result = remind(cli, smtp, "--as-of", "2025-07-01")  # minutes later, the same night

    assert result.exit_code == 0, result.output
    assert len(smtp.received) == 2
    assert {state for *_, state in ledger(store)} == {"sent"}


def test_a_second_digest_the_same_night_gets_its_own_outbox_file(cli: Cli, store: Any, tmp_path: Path) -> None:
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    add(store, "Broadband plan", MOITT, date(2025, 7, 20))
    moved = add(store, "Cable landing station", MOITT, date(2025, 12, 31))
    outbox = tmp_path / "outbox"
    env = {"TRACKER_SMTP_FROM": "secretariat@gov.pk"}
    with pytest.MonkeyPatch.context() as patch:
        for name, value in env.items():
            patch.setenv(name, value)
        assert cli("remind", "--as-of", "2025-07-01", "--outbox", str(outbox)).exit_code == 0
        cli("update", str(moved), "--deadline", "2025-07-05", "--on", "2025-07-01", "--note", "brought forward")
        assert cli("remind", "--as-of", "2025-07-01", "--outbox", str(outbox)).exit_code == 0
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2
    bodies = [f.read_text(encoding="utf-8") for f in files]
    # The second digest lists the plan again, but only the moved cable is new in it.
    assert sum("NEW  #1  Broadband plan" in b for b in bodies) == 1
    assert sum("Cable landing station" in b for b in bodies) == 1


def test_the_nightly_run_draws_a_progress_bar_on_a_terminal_and_nothing_under_cron(
    proc: Proc, two_owners: dict[str, int], tmp_path: Path
) -> None:
    from tests.test_reports import run_with_stderr_on_a_terminal

    code, terminal = run_with_stderr_on_a_terminal(
        proc, "remind", "--outbox", str(tmp_path / "out"), "--as-of", "2025-07-01"
    )
    assert code == 0
    assert "remind [" in terminal
    assert "2 / 2 (100%)" in terminal  # one digest per owner

    cron = proc("remind", "--outbox", str(tmp_path / "cron"), "--as-of", "2025-07-15")
    assert cron.returncode == 0, cron.stderr
    assert cron.stderr == ""


def test_a_directive_reaches_its_owner_marked_as_the_committee_s_directive(cli: Cli, store: Any, smtp: Server) -> None:
    from tracker.commitments import add_commitment
    from tracker.models import Kind

    cli("owner", "set", FBR, "--email", "fbr@gov.pk")
    with store.write() as session:
        add_commitment(
            session, title="Report on IT tax refunds", owner=FBR, deadline=date(2025, 7, 3), kind=Kind.DIRECTIVE
        )
    add(store, "Tax facilitation for freelancers", FBR, date(2025, 6, 30), "stalled")

    dry = remind(cli, smtp, "--as-of", "2025-07-01", "--dry-run")
    assert "directive: Report on IT tax refunds" in dry.stdout
    result = remind(cli, smtp, "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    (msg,) = smtp.received
    assert msg["Subject"] == f"[tracker] 1 overdue, 1 due this week - {FBR}"
    lines = body(msg).splitlines()

    def item(title: str) -> list[str]:
        start = next(i for i, line in enumerate(lines) if title in line)
        return lines[start : lines.index("", start)]

    assert item("Report on IT tax refunds")[1].split() == ["Kind:", "a", "directive", "of", "the", "committee"]
    assert not any("directive" in line for line in item("Tax facilitation for freelancers"))
    assert '<th align="left">Kind</th><td>a directive of the committee</td>' in html_body(msg)
