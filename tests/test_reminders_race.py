"""Two hosts run the nightly job against one shared database at once (each with its own lock
file): every reminder still goes out exactly once."""

from __future__ import annotations

import email
import email.policy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import ROOT, Cli
from tracker.demo import OWNERS


def _ids_in(outbox: Path) -> list[int]:
    ids: list[int] = []
    for path in sorted(outbox.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        # Only the items marked NEW were claimed and sent by this host; the others are listed.
        ids += [int(i) for i in re.findall(r"^NEW  #(\d+)", body.get_content(), re.MULTILINE)]
    return ids


@pytest.mark.slow
def test_two_hosts_racing_send_each_reminder_once(cli: Cli, store: Any, tmp_path: Path, proc: Any) -> None:
    assert cli("demo", "--count", "1500", "--seed", "4").exit_code == 0
    for i, owner in enumerate(OWNERS):
        cli("owner", "set", owner, "--email", f"owner{i}@gov.pk")
    runs = []
    for host in ("host-a", "host-b"):
        env = dict(proc.env)
        env.update(
            TRACKER_LOCK_FILE=str(tmp_path / f"{host}.lock"),
            TRACKER_SMTP_FROM="secretariat@gov.pk",
        )
        (tmp_path / host).mkdir()
        runs.append(
            subprocess.Popen(
                [sys.executable, "-m", "tracker", "--db", cli.db, "remind", "--outbox", str(tmp_path / host)],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outcomes = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outcomes

    a, b = _ids_in(tmp_path / "host-a"), _ids_in(tmp_path / "host-b")
    assert len(a) == len(set(a))
    assert len(b) == len(set(b))
    assert not set(a) & set(b)
    with store.read() as session:
        ledger = session.execute(text("SELECT commitment_id, state FROM reminderlog")).all()
    assert len(ledger) == len(a) + len(b) > 100
    assert {state for _, state in ledger} == {"sent"}
    assert {cid for cid, _ in ledger} == set(a) | set(b)
