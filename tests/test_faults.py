"""Faults: a killed process, a locked or damaged database, a full disk. Afterwards the
database checks ok and holds all or nothing of what was being written."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Cli, Proc

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
    time.sleep(2.0)
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
