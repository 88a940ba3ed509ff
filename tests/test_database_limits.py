"""What a database may be asked to hold and how long tracker waits for one: ids beyond what
a column holds are refused with one line on both databases, and a server that never answers
is "try again later" (exit 75), not a hang."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.conftest import ROOT, Cli, InProcess, Proc, table_snapshot
from tracker.models import Commitment


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
def test_a_bad_connect_timeout_is_a_configuration_error(run: InProcess, value: str) -> None:
    pytest.importorskip("psycopg")
    run.env["TRACKER_CONNECT_TIMEOUT"] = value
    result = InProcess("postgresql+psycopg://tracker@127.0.0.1:1/tracker", run.env)("list")
    assert result.returncode == 78, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("tracker: TRACKER_CONNECT_TIMEOUT")


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_an_in_memory_database_is_refused_as_a_configuration_error(run: InProcess, url: str) -> None:
    result = InProcess(url, run.env)("demo", "--count", "3")
    assert result.returncode == 78
    assert result.stderr.strip() == (
        f"tracker: {url!r} is an in-memory database, which is lost when tracker exits: give a file"
    )


# ---------------------------------------------------------------- ids


def _import_ids(cli: Cli, tmp_path: Path, *ids: int) -> Result:
    path = tmp_path / "ids.csv"
    path.write_text("id,title,owner\n" + "".join(f"{i},Commitment {i},Finance Division\n" for i in ids))
    return cli("import", str(path))


def test_ids_beyond_32_bits_are_kept_and_later_ids_follow_them(cli: Cli, tmp_path: Path, store: Any) -> None:
    assert _import_ids(cli, tmp_path, 2_147_483_647, 3_000_000_000).exit_code == 0
    assert cli("demo", "--count", "2").exit_code == 0
    assert cli("import", str(ROOT / "seeds" / "senate-it-briefing-2025-06.md")).exit_code == 0
    shown = cli("show", "3000000000", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["title"] == "Commitment 3000000000"
    ids = sorted(row["id"] for row in json.loads(cli("list", "--format", "json").stdout))
    assert ids[:2] == [2_147_483_647, 3_000_000_000]
    assert ids[2:] == list(range(3_000_000_001, 3_000_000_001 + len(ids) - 2))  # in order, none random
    with store.read() as session:
        assert session.get(Commitment, 3_000_000_001) is not None


def test_an_unknown_id_beyond_32_bits_is_not_found(cli: Cli) -> None:
    cli("demo", "--count", "1")
    for value in ("3000000000", str(2**63), str(10**30)):
        result = cli("show", value)
        assert result.exit_code == 1
        assert result.stderr.strip() == f"tracker: no commitment with id {value}"


@pytest.mark.parametrize("huge", [2**53, 2**63 - 1])
def test_an_id_above_the_bound_is_refused_and_nothing_is_imported(
    cli: Cli, tmp_path: Path, store: Any, huge: int
) -> None:
    cli("demo", "--count", "1")
    before = table_snapshot(store)
    result = _import_ids(cli, tmp_path, 7, huge)
    assert result.exit_code == 1
    assert f"id '{huge}' is not a whole number from 1 to 9007199254740991" in result.stderr
    assert table_snapshot(store) == before
