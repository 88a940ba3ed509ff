"""Faults: a killed import, update burst or reminder run, a locked, damaged or read-only
database, a full disk. Afterwards the database checks ok and holds all or nothing of what
was being written, and what a killed reminder run claimed is sent by the next one."""

from __future__ import annotations

import asyncio
import ctypes
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from tests.conftest import ROOT, Cli, Proc
from tests.test_reminders import Handler, free_port

pytestmark = pytest.mark.usefixtures("_sqlite_only")


@pytest.fixture
def _sqlite_only(is_postgres: bool) -> None:
    if is_postgres:
        pytest.skip("file-level faults concern the SQLite database file")


def _start(proc: Proc, *args: str, **extra: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "--db", proc.db, *args],
        env=proc.env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **extra,
    )


def _check(db: str) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return conn


def _big_csv(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8") as f:
        f.write("title,theme,owner,deadline\n")
        for i in range(rows):
            f.write(f"Commitment number {i},exports,Owner {i % 40},2026-0{i % 9 + 1}-15\n")
    return path


@pytest.mark.slow
def test_kill_9_during_a_large_import_leaves_all_or_nothing(proc: Proc, tmp_path: Path) -> None:
    csv_file = _big_csv(tmp_path, 60_000)
    assert proc("init").returncode == 0
    running = _start(proc, "import", str(csv_file))
    time.sleep(1.2)  # inside the transaction: parsing done, rows going in
    running.send_signal(signal.SIGKILL)
    running.wait(30)
    conn = _check(proc.db)
    count = conn.execute("SELECT count(*) FROM commitment").fetchone()[0]
    conn.close()
    assert count in (0, 60_000)
    again = proc("import", str(csv_file))
    assert again.returncode == 0, again.stderr
    conn = _check(proc.db)
    assert conn.execute("SELECT count(*) FROM commitment").fetchone()[0] == 60_000


@pytest.mark.slow
def test_kill_9_during_an_update_burst_loses_no_history(proc: Proc, cli: Cli) -> None:
    cli("demo", "--count", "5")
    script = (
        "import sys\n"
        "from datetime import date\n"
        "from tracker.store import open_store\n"
        "from tracker.commitments import update_commitment\n"
        "store = open_store(sys.argv[1])\n"
        "i = 0\n"
        "while True:\n"
        "    with store.write() as s:\n"
        "        update_commitment(s, 1 + i % 5, today=date(2026, 1, 10), note=f'burst {i}', by='burst')\n"
        "    i += 1\n"
    )
    running = subprocess.Popen([sys.executable, "-c", script, proc.db], env=proc.env, cwd=ROOT)
    # Kill it in full flight: once it has committed a few updates (a loaded machine may take
    # seconds just to start it), not after a fixed sleep.
    watcher = sqlite3.connect(proc.db)
    deadline = time.monotonic() + 60
    while watcher.execute("SELECT count(*) FROM statuschange").fetchone()[0] <= 10 and time.monotonic() < deadline:
        time.sleep(0.05)
    watcher.close()
    running.send_signal(signal.SIGKILL)
    running.wait(30)
    conn = _check(proc.db)
    for cid, version in conn.execute("SELECT id, version FROM commitment"):
        history = conn.execute("SELECT count(*) FROM statuschange WHERE commitment_id = ?", (cid,)).fetchone()[0]
        assert history == version - 1  # every committed update has its history row, and no more
    assert conn.execute("SELECT count(*) FROM statuschange").fetchone()[0] > 10


def test_a_database_locked_longer_than_the_busy_timeout_exits_75(proc: Proc, cli: Cli) -> None:
    cli("demo", "--count", "3")
    holder = sqlite3.connect(proc.db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        proc.env["TRACKER_BUSY_TIMEOUT_MS"] = "200"
        result = proc("update", "1", "--note", "blocked")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 75
    assert "busy" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_damaged_database_file_is_one_clear_line(proc: Proc, cli: Cli) -> None:
    cli("demo", "--count", "2000")
    with sqlite3.connect(proc.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = os.path.getsize(proc.db)
    with open(proc.db, "r+b") as f:
        f.seek(size // 2)
        f.write(os.urandom(64 * 1024))
    result = proc("list", "--format", "json")
    assert result.returncode == 1
    assert "damaged" in result.stderr or "database error" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_full_disk_fails_cleanly_and_writes_nothing(proc: Proc, cli: Cli, tmp_path: Path) -> None:
    assert proc("init").returncode == 0
    csv_file = _big_csv(tmp_path, 60_000)
    limit = os.path.getsize(proc.db) + 256 * 1024

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    running = _start(proc, "import", str(csv_file), preexec_fn=small_disk)
    _out, err = running.communicate(timeout=120)
    assert running.returncode in (1, 75)
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    conn = _check(proc.db)
    assert conn.execute("SELECT count(*) FROM commitment").fetchone()[0] == 0


# ---------------------------------------------------------------- a reminder run killed mid-send


class SlowToAnswer:
    """An SMTP server that takes the message and then never answers: the run is stuck between
    its claim (committed before any sending) and marking the message sent."""

    def __init__(self) -> None:
        self.arrived = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.arrived.set()
        await asyncio.sleep(60)
        return "451 4.3.0 Too slow"


@contextmanager
def smtp_server(handler: Any) -> Iterator[str]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        controller.stop()


def _ledger_states(db: str) -> list[str]:
    conn = _check(db)
    try:
        return [state for (state,) in conn.execute("SELECT state FROM reminderlog ORDER BY id")]
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_9_during_a_reminder_run_loses_nothing_and_the_next_run_sends_it(
    proc: Proc, cli: Cli, tmp_path: Path
) -> None:
    due = tmp_path / "due.csv"
    due.write_text(
        "title,owner,owner_email,deadline\n"
        "Broadband plan,MoITT,moitt@gov.pk,2025-07-04\n"
        "Submarine cable,MoITT,moitt@gov.pk,2025-06-20\n"
        "Export roadmap,MoITT,moitt@gov.pk,2025-07-20\n"
        "Tax facilitation,FBR,fbr@gov.pk,2025-06-30\n",
        encoding="utf-8",
    )
    assert cli("import", str(due)).exit_code == 0
    proc.env["TRACKER_SMTP_FROM"] = "secretariat@senate.gov.pk"

    slow = SlowToAnswer()
    with smtp_server(slow) as address:
        running = _start(proc, "remind", "--smtp", address, "--as-of", "2025-07-01")
        assert slow.arrived.wait(30), "the run never reached the SMTP server"
        running.send_signal(signal.SIGKILL)
        running.wait(30)

    assert _ledger_states(proc.db) == ["claimed"] * 4  # claimed, and none marked sent

    # The next night (the dead run's claims past their lease) sends every claimed item once.
    proc.env["TRACKER_CLAIM_LEASE_MINUTES"] = "0"
    handler = Handler()
    with smtp_server(handler) as address:
        result = proc("remind", "--smtp", address, "--as-of", "2025-07-01")
        again = proc("remind", "--smtp", address, "--as-of", "2025-07-01")
    assert result.returncode == 0, result.stderr
    assert "sent 2 messages to 2 owners, 4 items" in result.stdout
    assert sorted(m["To"] for m in handler.received) == ["fbr@gov.pk", "moitt@gov.pk"]
    assert again.returncode == 0, again.stderr
    assert len(handler.received) == 2  # a rerun sends nothing twice
    assert _ledger_states(proc.db) == ["sent"] * 4


# ---------------------------------------------------------------- a read-only database file

_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2


def _bound_by_file_modes() -> Callable[[], None] | None:
    """What to run in a child so file modes bind it: as root, drop the capabilities that let
    root write through them (the child is still root, the owner, so it can read)."""
    if os.geteuid() != 0:
        return None
    libc = ctypes.CDLL(None, use_errno=True)

    def drop() -> None:
        for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
            if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) refused")

    return drop


def test_a_read_only_database_refuses_an_update_in_one_line_and_still_lists(
    proc: Proc, cli: Cli, tmp_path: Path
) -> None:
    cli("demo", "--count", "3")
    with sqlite3.connect(proc.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = conn.execute("SELECT * FROM commitment ORDER BY id").fetchall()
    os.chmod(proc.db, 0o444)
    preexec = _bound_by_file_modes()
    probe = subprocess.run(
        [sys.executable, "-c", f"open({proc.db!r}, 'r+b')"], preexec_fn=preexec, capture_output=True, text=True
    )
    if probe.returncode == 0 or "PermissionError" not in probe.stderr:
        pytest.skip(f"cannot make a read-only file bind this user here: {probe.stderr.strip()[-200:] or 'it opened'}")

    update = _start(proc, "update", "1", "--status", "done", "--note", "closed", preexec_fn=preexec)
    _out, err = update.communicate(timeout=60)
    listed = _start(proc, "list", "--format", "json", preexec_fn=preexec)
    out, list_err = listed.communicate(timeout=60)

    assert update.returncode == 1
    assert err.strip() == "tracker: the database is read-only: nothing was changed"
    assert listed.returncode == 0, list_err
    assert [row["status"] for row in json.loads(out)] == [str(r[6]) for r in before]
    os.chmod(proc.db, 0o644)
    with sqlite3.connect(proc.db) as conn:
        assert conn.execute("SELECT * FROM commitment ORDER BY id").fetchall() == before
        assert conn.execute("SELECT count(*) FROM statuschange").fetchone() == (0,)
