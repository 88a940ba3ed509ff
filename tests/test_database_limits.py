"""What a database may be asked to hold and how long tracker waits for one: ids beyond what
a column holds are refused with one line on both databases, and a server that never answers
is "try again later" (exit 75), not a hang."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Proc


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port where the kernel completes the TCP handshake and nothing ever answers."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield int(sock.getsockname()[1])


def test_a_server_that_never_answers_exits_75_after_the_connect_timeout(
    proc: Proc, silent_server: int, tmp_path: Path
) -> None:
    pytest.importorskip("psycopg")
    proc.env["TRACKER_CONNECT_TIMEOUT"] = "1"
    proc.env["TRACKER_SMTP_FROM"] = "secretariat@senate.gov.pk"
    url = f"postgresql+psycopg://tracker@127.0.0.1:{silent_server}/tracker"
    for args in (["list"], ["remind", "--outbox", str(tmp_path / "outbox")]):
        started = time.monotonic()
        result = Proc(url, proc.env)(*args, timeout=30)
        assert time.monotonic() - started < 15
        assert result.returncode == 75, result.stderr
        assert result.stderr.strip() == "tracker: cannot reach the database: connection timeout expired"


def test_an_unresolvable_database_host_exits_75(proc: Proc) -> None:
    pytest.importorskip("psycopg")
    result = Proc("postgresql+psycopg://tracker@db.invalid:5432/tracker", proc.env)("list", timeout=30)
    assert result.returncode == 75, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("tracker: cannot reach the database: failed to resolve host 'db.invalid'")


@pytest.mark.parametrize("value", ["0", "ten", "-5"])
def test_a_bad_connect_timeout_is_a_configuration_error(proc: Proc, value: str) -> None:
    pytest.importorskip("psycopg")
    proc.env["TRACKER_CONNECT_TIMEOUT"] = value
    result = Proc("postgresql+psycopg://tracker@127.0.0.1:1/tracker", proc.env)("list", timeout=30)
    assert result.returncode == 78, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("tracker: TRACKER_CONNECT_TIMEOUT")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused_as_a_configuration_error(proc: Proc, url: str) -> None:
    result = Proc(url, proc.env)("demo", "--count", "3")
    assert result.returncode == 78
    assert result.stderr.strip() == (
        f"tracker: {url!r} is an in-memory database, which is lost when tracker exits: give a file"
    )
