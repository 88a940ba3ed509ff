"""Where output goes: a regular file is replaced whole or not at all; a device, a named pipe
or a symlink keeps being what it is; a full disk is "try again later" (exit 75) with one
line and nothing partial left behind."""

from __future__ import annotations

import csv
import io
import os
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli, Proc


@pytest.fixture
def _sqlite_only(is_postgres: bool) -> None:
    if is_postgres:
        pytest.skip("what becomes of a file path given as --db concerns SQLite")


def _leftovers(folder: Path, *expected: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


def test_export_to_a_device_writes_through_and_leaves_the_device(cli: Cli, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    cli("demo", "--count", "20")
    folder = tmp_path / "dev"
    folder.mkdir()
    null = folder / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a second /dev/null
    for args in (["export", "all"], ["export", "all", "--format", "xlsx"], ["export", "calendar"]):
        result = cli(*args, "--output", str(null))
        assert result.exit_code == 0, result.output
        assert stat.S_ISCHR(null.stat().st_mode), f"{args} replaced the device with a file"
    assert _leftovers(folder, "null") == []


def test_export_to_a_named_pipe_reaches_the_reader(cli: Cli, tmp_path: Path) -> None:
    cli("demo", "--count", "20")
    pipe = tmp_path / "report.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = cli("export", "all", "--format", "csv", "--output", str(pipe))
    reader.join(30)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(received[0].decode("utf-8-sig"))))
    assert len(rows) == 20
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert _leftovers(tmp_path, "report.pipe", "tracker.db", "tracker.db-wal", "tracker.db-shm") == []


def test_export_through_a_symlink_replaces_its_target_and_keeps_the_link(cli: Cli, tmp_path: Path) -> None:
    cli("demo", "--count", "20")
    papers = tmp_path / "papers"
    papers.mkdir()
    target = papers / "overdue.csv"
    target.write_text("old report\n")
    target.chmod(0o640)
    link = tmp_path / "latest.csv"
    link.symlink_to(target)
    result = cli("export", "all", "--output", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert link.resolve() == target
    assert len(list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))) == 20
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the file keeps its permissions
    assert _leftovers(papers, "overdue.csv") == []


@pytest.mark.usefixtures("_sqlite_only")
def test_a_device_or_a_pipe_is_refused_as_a_database(proc: Proc, tmp_path: Path) -> None:
    pipe = tmp_path / "db.pipe"
    os.mkfifo(pipe)
    refused = [pipe]
    if os.geteuid() == 0:
        null = tmp_path / "null"
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        refused.append(null)
    for db in refused:
        result = Proc(str(db), proc.env)("list", timeout=30)
        assert result.returncode == 1
        assert result.stderr.strip() == f"tracker: {db} is not a regular file, so it cannot be a database"
    # No db.pipe-journal, no null-journal (tracker.db is the fixture's own database).
    assert _leftovers(tmp_path, "db.pipe", "null", "tracker.db") == []


# ---------------------------------------------------------------- a full disk


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB filesystem (tmpfs), filled to the last byte."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    mount = tmp_path / "full"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        with (mount / "filler").open("wb", buffering=0) as filler:
            try:
                while True:
                    filler.write(b"x" * 4096)
            except OSError:
                pass
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _one_line_75(result: subprocess.CompletedProcess[str], path: Path) -> None:
    assert result.returncode == 75, result.stderr
    assert "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"tracker: cannot write {path}: no space left")


@pytest.mark.parametrize("name", ["deadlines.ics", "papers.xlsx", "papers.csv"])
def test_a_full_disk_fails_an_export_with_exit_75_and_leaves_nothing(
    proc: Proc, cli: Cli, full_disk: Path, name: str
) -> None:
    cli("demo", "--count", "200")
    output = full_disk / name
    scope = "calendar" if name.endswith(".ics") else "all"
    result = proc("export", scope, "--output", str(output))
    _one_line_75(result, output)
    assert _leftovers(full_disk, "filler") == []


def test_a_full_disk_under_the_reminder_lock_file_exits_75(
    proc: Proc, cli: Cli, full_disk: Path, tmp_path: Path
) -> None:
    cli("demo", "--count", "20")
    lock = full_disk / "reminders.lock"
    proc.env["TRACKER_LOCK_FILE"] = str(lock)
    proc.env["TRACKER_SMTP_FROM"] = "secretariat@senate.gov.pk"
    outbox = tmp_path / "outbox"
    result = proc("remind", "--outbox", str(outbox))
    _one_line_75(result, Path(f"the lock file {lock}"))
    assert not outbox.exists()  # nothing was sent: the run stopped before planning


@pytest.mark.usefixtures("_sqlite_only")
def test_a_backup_refuses_a_pipe_and_a_full_disk_leaves_nothing(proc: Proc, cli: Cli, full_disk: Path) -> None:
    cli("demo", "--count", "200")
    pipe = full_disk.parent / "backup.pipe"
    os.mkfifo(pipe)
    refused = proc("backup", str(pipe))
    assert refused.returncode == 1
    assert refused.stderr.strip() == f"tracker: {pipe} is not a regular file: a backup must be a file"
    target = full_disk / "copy.db"
    _one_line_75(proc("backup", str(target)), target)
    assert _leftovers(full_disk, "filler") == []
