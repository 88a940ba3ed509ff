"""Mail goes only where it should, says what it should, and the nightly run keeps its word:
tried as an attacker and as the officers who read the digests would, against a real SMTP
server (aiosmtpd on 127.0.0.1), reading the envelope and the raw message."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import text

from tests.conftest import ROOT, Cli, InProcess, Proc, table_snapshot
from tests.test_reminders import add, body, free_port, html_body, ledger

SENDER = "Committee Secretariat <secretariat@senate.gov.pk>"
MOITT = "Ministry of Information Technology and Telecommunication"  # the canonical name its aliases resolve to
FBR = "Federal Board of Revenue"
# RFC 5322 group syntax around an encoded word: getaddresses() reads two recipients in it.
GROUP_ADDRESS = "=?utf-8?q?MoITT=0D=0ABcc:_attacker=40evil.example?=:moitt@gov.pk"
# Decoded by Python's email package into CR LF and two header lines.
INJECTED_NAME = "=?utf-8?q?MoITT=0D=0ABcc:_attacker@evil.example=0D=0AReply-To:_attacker@evil.example?="
ESC_ADDRESS = "moitt\x1b[2J@gov.pk"


@dataclass
class Received:
    """One message the server accepted: the envelope and the raw bytes as they arrived."""

    rcpt_tos: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        msg = email.message_from_bytes(self.raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        return msg


@dataclass
class Handler:
    """Accepts every message; ``hold_at`` makes the server sit on that message (1-based)
    until ``release`` is set, to interrupt a run while a digest is with the server."""

    received: list[Received] = field(default_factory=list)
    hold_at: int | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    data_count: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.data_count += 1
        if self.data_count == self.hold_at:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        self.received.append(Received(list(envelope.rcpt_tos), bytes(envelope.original_content or envelope.content)))
        return "250 Message accepted for delivery"


@dataclass
class Server:
    handler: Handler
    port: int

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def received(self) -> list[Received]:
        return self.handler.received


def _serve(smtputf8: bool) -> Iterator[Server]:
    handler = Handler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, enable_SMTPUTF8=smtputf8, decode_data=False)
    controller.start()
    try:
        yield Server(handler, port)
    finally:
        handler.release.set()
        controller.stop()


@pytest.fixture
def smtp() -> Iterator[Server]:
    """A server that, like many, does not offer SMTPUTF8."""
    yield from _serve(smtputf8=False)


@pytest.fixture
def smtp_utf8() -> Iterator[Server]:
    yield from _serve(smtputf8=True)


@pytest.fixture(autouse=True)
def _settings(monkeypatch: pytest.MonkeyPatch) -> None:
    # Asks for no database: the tests of the rules alone need none (on PostgreSQL, db_url
    # gives each test that has one its own reminder lock file).
    monkeypatch.setenv("TRACKER_SMTP_FROM", SENDER)


def store_raw_owner(store: Any, name: str, emails: str) -> None:
    """An owner row as an older tracker (or a hand edit of the database) could have left it,
    without the checks of today's commands."""
    with store.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO owner (name, emails, updated_at) VALUES (:n, :e, :t)"),
            {"n": name, "e": emails, "t": "2025-01-01 00:00:00+00:00"},
        )


def write_csv(tmp_path: Path, header: str, *rows: str) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def briefing(tmp_path: Path, *, presenter: str = MOITT, committee: str = "Senate Standing Committee on IT") -> Path:
    path = tmp_path / "briefing.md"
    path.write_text(
        "---\n"
        "title: Briefing on broadband\n"
        "date: 2025-06-10\n"
        f"committee: {committee}\n"
        f"presenter: {presenter}\n"
        "---\n"
        "The Ministry will launch the national broadband plan by 30/06/2025.\n\n"
        "The Ministry will also complete the submarine cable landing station within 25 days.\n",
        encoding="utf-8",
    )
    return path


# ---------------------------------------------------------------- 1. one address is one recipient


def test_a_group_address_is_refused_by_owner_set_owner_load_and_import(
    cli: Cli, run: InProcess, store: Any, tmp_path: Path
) -> None:
    before = table_snapshot(store)

    by_hand = run("owner", "set", MOITT, "--email", GROUP_ADDRESS)
    contacts = tmp_path / "owners.toml"
    contacts.write_text(f'[[owner]]\nname = "{MOITT}"\nemails = ["{GROUP_ADDRESS}"]\n', encoding="utf-8")
    loaded = run("owner", "load", str(contacts))
    imported = run("import", str(write_csv(tmp_path, "title,owner,owner_email", f"Broadband,{MOITT},{GROUP_ADDRESS}")))

    assert (by_hand.returncode, loaded.returncode, imported.returncode) == (1, 78, 1)
    for result in (by_hand, loaded, imported):
        assert "encoded word" in result.stderr
        assert "Traceback" not in result.stderr
    assert table_snapshot(store) == before


@pytest.mark.parametrize(
    "address",
    [
        "Team:moitt@gov.pk;",  # a group
        "moitt@gov.pk (the minister)",  # a comment
        '"a@b"@gov.pk',  # a quoted local part
        "moitt@gov.pk attacker@evil.org",  # two addresses without a comma
        "Name <moitt@gov.pk",  # unclosed
    ],
)
def test_only_plain_addresses_are_accepted(run: InProcess, address: str) -> None:
    result = run("owner", "set", MOITT, "--email", address)

    assert result.returncode == 1
    assert result.stderr.startswith("tracker: ")
    assert len(result.stderr.splitlines()) == 1


def test_plain_addresses_with_display_names_are_accepted(cli: Cli) -> None:
    result = cli("owner", "set", MOITT, "--email", "IT Desk <it@moitt.gov.pk>; chair@moitt.gov.pk")

    assert result.exit_code == 0, result.output
    assert "IT Desk <it@moitt.gov.pk>, chair@moitt.gov.pk" in cli("owner", "list").stdout


def test_a_stored_group_address_never_reaches_the_envelope(cli: Cli, store: Any, smtp: Server) -> None:
    store_raw_owner(store, MOITT, GROUP_ADDRESS)
    cli("owner", "set", FBR, "--email", "fbr@gov.pk")
    add(store, "Broadband plan", MOITT, date(2025, 7, 4))
    tax = add(store, "Tax facilitation", FBR, date(2025, 7, 4))

    result = cli("remind", "--smtp", smtp.address, "--as-of", "2025-07-01")

    assert [r.rcpt_tos for r in smtp.received] == [["fbr@gov.pk"]]  # never attacker@evil.example
    assert result.exit_code == 1
    assert f"{MOITT}: " in result.stderr
    assert "encoded word" in result.stderr
    assert (tax, "due_7", "2025-07-04", "sent") in ledger(store)


# ---------------------------------------------------------------- 2. a name is data, never a header


def test_an_encoded_word_in_an_owner_name_is_refused_on_every_way_in(cli: Cli, store: Any, tmp_path: Path) -> None:
    before = table_snapshot(store)
    from_csv = cli("import", str(write_csv(tmp_path, "title,owner", f"Broadband,{INJECTED_NAME}")))
    json_file = tmp_path / "rows.json"
    json_file.write_text(json.dumps([{"title": "Broadband", "owner": INJECTED_NAME}]), encoding="utf-8")
    from_json = cli("import", str(json_file))
    from_briefing = cli("import", str(briefing(tmp_path, presenter=INJECTED_NAME)))
    by_hand = cli("owner", "set", INJECTED_NAME, "--email", "moitt@gov.pk")
    with_newline = cli("import", str(write_csv(tmp_path, "title,owner", 'Broadband,"MoITT\nBcc: x@evil.org"')))

    for result in (from_csv, from_json, from_briefing, by_hand, with_newline):
        assert result.exit_code == 1, result.stderr
        assert "Traceback" not in result.stderr
    assert "presenter" in from_briefing.stderr
    assert "encoded word" in from_json.stderr
    assert "control character" in with_newline.stderr
    assert table_snapshot(store) == before


def test_a_stored_encoded_word_owner_adds_no_header_and_keeps_the_body(
    cli: Cli, store: Any, smtp: Server, tmp_path: Path
) -> None:
    # With a blank line encoded too, the decoded name would end the headers and become the body.
    name = INJECTED_NAME.replace("?=", "=0D=0A=0D=0AYou are all done?=")
    store_raw_owner(store, name, "moitt@gov.pk")
    plan = add(store, "Broadband plan", MOITT, date(2025, 7, 4))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE commitment SET owner = :o WHERE id = :i"), {"o": name, "i": plan})
    outbox = tmp_path / "outbox"

    result = cli("remind", "--smtp", smtp.address, "--outbox", str(outbox), "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    (received,) = smtp.received
    assert received.rcpt_tos == ["moitt@gov.pk"]
    eml = next(outbox.glob("*.eml")).read_bytes()
    for raw in (received.raw, eml):
        headers = raw.split(b"\r\n\r\n", 1)[0]
        assert b"\r\nBcc:" not in headers
        assert b"\r\nReply-To: attacker" not in headers
        assert b"=?utf-8?q?MoITT" not in headers
    msg = received.message
    assert msg["Bcc"] is None
    assert msg["Reply-To"] == SENDER
    assert "= ?utf-8?q?MoITT" in str(msg["Subject"])
    assert "Broadband plan" in body(msg)


# ---------------------------------------------------------------- 3. one owner's address, one owner's failure


def test_a_non_ascii_address_fails_only_its_owners_digest(cli: Cli, store: Any, smtp: Server) -> None:
    cli("owner", "set", MOITT, "--email", "ü@exämple.pk")
    cli("owner", "set", FBR, "--email", "fbr@gov.pk")
    cable = add(store, "Submarine cable", MOITT, date(2025, 7, 4))
    tax = add(store, "Tax facilitation", FBR, date(2025, 7, 4))

    result = cli("remind", "--smtp", smtp.address, "--as-of", "2025-07-01")

    assert result.exit_code == 1
    assert [r.rcpt_tos for r in smtp.received] == [["fbr@gov.pk"]]
    assert f"{MOITT}: SMTP server {smtp.address} does not offer SMTPUTF8" in result.stderr
    assert "'ü@exämple.pk'" in result.stderr
    assert "; 1 item retried next run once fixed" in result.stderr
    assert "1 failed (1 item, retried next run)" in result.stdout
    assert sorted(ledger(store)) == sorted(
        [(cable, "due_7", "2025-07-04", "failed"), (tax, "due_7", "2025-07-04", "sent")]
    )


def test_a_non_ascii_address_goes_out_through_a_server_that_offers_smtputf8(
    cli: Cli, store: Any, smtp_utf8: Server
) -> None:
    cli("owner", "set", MOITT, "--email", "ü@exämple.pk")
    add(store, "Submarine cable", MOITT, date(2025, 7, 4))

    result = cli("remind", "--smtp", smtp_utf8.address, "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    assert [r.rcpt_tos for r in smtp_utf8.received] == [["ü@exämple.pk"]]


# ---------------------------------------------------------------- 4. nothing drives a terminal


def test_an_address_with_a_control_character_is_refused(run: InProcess, store: Any, tmp_path: Path) -> None:
    before = table_snapshot(store)

    by_hand = run("owner", "set", MOITT, "--email", ESC_ADDRESS)
    imported = run("import", str(write_csv(tmp_path, "title,owner,owner_email", f"Broadband,{MOITT},{ESC_ADDRESS}")))

    assert (by_hand.returncode, imported.returncode) == (1, 1)
    for result in (by_hand, imported):
        assert "control character" in result.stderr
        assert "\x1b" not in result.stderr
    assert table_snapshot(store) == before


def test_a_stored_escape_sequence_is_not_printed_by_owner_list_or_a_dry_run(cli: Cli, store: Any) -> None:
    store_raw_owner(store, MOITT, ESC_ADDRESS)
    add(store, "Broadband plan", MOITT, date(2025, 7, 4))

    listed = cli("owner", "list")
    dry = cli("remind", "--dry-run", "--as-of", "2025-07-01")

    assert "moitt[2J@gov.pk" in listed.stdout
    assert "To: moitt[2J@gov.pk" in dry.stdout
    assert "\x1b" not in listed.output + dry.output


def _list_csv_on_a_terminal(proc: Proc) -> bytes:
    """``list --format csv`` with its stdout on a pseudo-terminal, as a user at a shell runs it."""
    leader, follower = pty.openpty()
    try:
        child = subprocess.Popen(
            [sys.executable, "-m", "tracker", "--db", proc.db, "list", "--format", "csv"],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=subprocess.PIPE,
            env=proc.env,
            cwd=ROOT,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert child.wait(timeout=60) == 0
        return b"".join(chunks)
    finally:
        os.close(leader)
        if follower != -1:
            os.close(follower)


def test_list_csv_to_a_terminal_passes_no_escape_sequence_but_a_file_keeps_every_byte(proc: Proc, store: Any) -> None:
    title = "Broadband\x1b]0;pwned\x07 plan \x9b31m"
    add(store, title, MOITT, date(2025, 7, 4))

    on_terminal = _list_csv_on_a_terminal(proc)
    to_file = proc("list", "--format", "csv")

    assert b"Broadband]0;pwned plan 31m" in on_terminal
    assert b"\x1b" not in on_terminal
    assert b"\x07" not in on_terminal
    assert "\x9b".encode() not in on_terminal
    assert to_file.returncode == 0
    assert title in to_file.stdout


# ---------------------------------------------------------------- 5. what the message says


def test_the_digest_is_written_for_the_officer_who_receives_it(
    cli: Cli, store: Any, smtp: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_REPLY_TO", "Committee Desk <desk@senate.gov.pk>")
    cli("import", "--accept", str(briefing(tmp_path, committee="Senate Standing Committee on IT")))
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    # From the briefing: the plan (#1) due 2025-06-30, the cable (#2) due 2025-07-05. On
    # 2025-07-01 only the plan's rule fires; the cable and a third item, due in 4 and 5 days,
    # had their due_7 reminder on 2025-06-29.
    soon = add(store, "Digital payments gateway", MOITT, date(2025, 7, 6))
    cli("update", "1", "--status", "in_progress", "--note", "Tender issued", "--on", "2025-06-20")
    assert cli("remind", "--smtp", smtp.address, "--as-of", "2025-06-29").exit_code == 0
    smtp.received.clear()

    result = cli("remind", "--smtp", smtp.address, "--as-of", "2025-07-01")

    assert result.exit_code == 0, result.output
    (received,) = smtp.received
    msg = received.message
    assert msg["Reply-To"] == "Committee Desk <desk@senate.gov.pk>"
    text_body = body(msg)
    assert "reply to this message (it goes to the committee secretariat, Committee Desk <desk@senate.gov.pk>)" in (
        text_body
    )
    assert "tracker update" not in text_body
    assert "not_started" not in text_body
    assert "in_progress" not in text_body
    assert "NEW  #1  Launch the national broadband plan" in text_body
    assert "Made at:      Senate Standing Committee on IT, sitting of 10 June 2025" in text_body
    assert "In its words: \u201cThe Ministry will launch the national broadband plan by 30/06/2025.\u201d" in text_body
    assert "Status:       in progress" in text_body
    assert "Last update:  20 June 2025, tester: Tender issued" in text_body
    assert "Deadline:     30 June 2025 (1 day overdue)" in text_body
    # Due in 4 and 5 days and reminded two nights ago: still listed, not marked new.
    assert "\n#2  Complete the submarine cable landing station" in text_body
    assert f"\n#{soon}  Digital payments gateway" in text_body
    assert "Deadline:     06 July 2025 (5 days left)" in text_body
    assert "3 items, 1 newly due (marked NEW)" in text_body
    assert "1 items" not in text_body
    assert "Senate Standing Committee on IT" in html_body(msg)


# ---------------------------------------------------------------- 6. placeholder addresses


def test_a_run_to_placeholder_addresses_is_refused_unless_allowed(
    cli: Cli, store: Any, smtp: Server, tmp_path: Path
) -> None:
    assert cli("owner", "load").exit_code == 0  # the seed's placeholders under example.gov.pk
    add(store, "Broadband plan", "Ministry of Information Technology and Telecommunication", date(2025, 7, 4))
    before = table_snapshot(store)

    refused = cli("remind", "--smtp", smtp.address, "--as-of", "2025-07-01")
    outbox_only = cli("remind", "--outbox", str(tmp_path / "outbox"), "--as-of", "2025-07-01")
    dry = cli("remind", "--dry-run", "--as-of", "2025-07-01")

    assert (refused.exit_code, outbox_only.exit_code, dry.exit_code) == (78, 78, 0)
    assert "it-exports@moitt.example.gov.pk" in refused.stderr
    assert "--allow-example" in refused.stderr
    assert "warning: placeholder addresses" in dry.stderr
    assert smtp.received == []
    assert not (tmp_path / "outbox").exists()
    assert table_snapshot(store) == before

    allowed = cli("remind", "--smtp", smtp.address, "--as-of", "2025-07-01", "--allow-example")

    assert allowed.exit_code == 0, allowed.stderr
    assert [r.rcpt_tos for r in smtp.received] == [["it-exports@moitt.example.gov.pk"]]


@pytest.mark.parametrize(
    "address",
    [
        "a@example.com",
        "a@example.org",
        "a@mail.example.net",
        "a@host.test",
        "a@x.invalid",
        "a@box.localhost",
        "a@x.example",
    ],
)
def test_every_reserved_example_domain_counts_as_a_placeholder(
    cli: Cli, store: Any, smtp: Server, address: str
) -> None:
    cli("owner", "set", MOITT, "--email", address)
    add(store, "Broadband plan", MOITT, date(2025, 7, 4))

    result = cli("remind", "--smtp", smtp.address, "--as-of", "2025-07-01")

    assert result.exit_code == 78
    assert smtp.received == []


# ---------------------------------------------------------------- 7. an interrupted run says what went out


def test_sigint_while_a_digest_is_with_the_server_records_what_went_out(
    cli: Cli, proc: Proc, store: Any, smtp: Server
) -> None:
    owners = [FBR, MOITT, "Special Technology Zones Authority"]
    for n, owner in enumerate(owners):
        cli("owner", "set", owner, "--email", f"owner{n}@gov.pk")
        add(store, f"Item of {owner}", owner, date(2025, 7, 4))
    smtp.handler.hold_at = 2  # the server sits on the second digest
    run = subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", proc.db, "remind", "--smtp", smtp.address, "--as-of", "2025-07-01"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=proc.env,
        cwd=ROOT,
    )
    try:
        assert smtp.handler.holding.wait(30), "the second digest never reached the server"
        run.send_signal(signal.SIGINT)
        time.sleep(0.5)  # the run is still waiting for the server's answer
        smtp.handler.release.set()
        _out, err = run.communicate(timeout=60)
    finally:
        run.kill()

    assert run.returncode == 130
    assert "nothing was changed" not in err
    first, second = (one_line_owner(r) for r in smtp.received)
    assert f"interrupted: 2 digests went out and are recorded as sent ({first}, {second})" in err
    assert f"1 digest not sent ({owners[2]}): the next run sends them" in err
    assert sorted(state for *_key, state in ledger(store)) == ["failed", "sent", "sent"]

    rerun = cli("remind", "--smtp", smtp.address, "--as-of", "2025-07-01")

    assert rerun.exit_code == 0, rerun.output
    ids = [str(r.message["Message-ID"]) for r in smtp.received]
    assert len(ids) == 3
    assert len(set(ids)) == 3
    assert one_line_owner(smtp.received[2]) == owners[2]


def one_line_owner(received: Received) -> str:
    return str(received.message["Subject"]).rpartition(" - ")[2]


# ---------------------------------------------------------------- 8. the clock going backwards


def test_a_run_dated_before_an_earlier_run_never_sends_a_less_urgent_rule(cli: Cli, store: Any, smtp: Server) -> None:
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    plan = add(store, "Broadband plan", MOITT, date(2026, 2, 5))

    later = cli("remind", "--smtp", smtp.address, "--as-of", "2026-02-01")
    earlier = cli("remind", "--smtp", smtp.address, "--as-of", "2026-01-10")

    assert (later.exit_code, earlier.exit_code) == (0, 0)
    assert len(smtp.received) == 1
    assert "sent 0 messages" in earlier.stdout
    assert ledger(store) == [(plan, "due_7", "2026-02-05", "sent")]


# ---------------------------------------------------------------- 9. a dry run needs no sender


def test_a_dry_run_needs_no_sender_address(proc: Proc, cli: Cli, store: Any) -> None:
    cli("owner", "set", MOITT, "--email", "moitt@gov.pk")
    add(store, "Broadband plan", MOITT, date(2025, 7, 4))
    env = {k: v for k, v in proc.env.items() if k != "TRACKER_SMTP_FROM"}

    result = Proc(proc.db, env)("remind", "--dry-run", "--as-of", "2025-07-01")

    assert result.returncode == 0, result.stderr
    assert "To: moitt@gov.pk" in result.stdout
    assert "NEW #1" in result.stdout
    assert "would send 1 message to 1 owner, 1 item" in result.stdout
