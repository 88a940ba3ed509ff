"""How long the nightly run takes with 100,000 open commitments (opt-in: pytest -m bench -s).

Each figure is the median wall time of a whole ``tracker remind`` process (start-up
included), as cron runs it.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from tests.conftest import ROOT

OPEN_COMMITMENTS = 100_000
FIRST_RUN_LIMIT_S = 10.0
RERUN_LIMIT_S = 2.0


def _fill(db: Path) -> None:
    """100,000 open commitments, deadlines from 400 days late to 500 days ahead (as demo)."""
    from tracker.clock import today, utc_now
    from tracker.commitments import new_fingerprint, set_owner
    from tracker.demo import OWNERS
    from tracker.models import OPEN_STATUSES, Commitment
    from tracker.store import open_store

    rng = random.Random(7)
    day, stamp = today(), utc_now()
    store = open_store(str(db))
    rows: list[dict[str, Any]] = []
    for i in range(OPEN_COMMITMENTS):
        status = str(rng.choice(OPEN_STATUSES))
        deadline = day + timedelta(days=rng.randint(-400, 500)) if rng.random() > 0.1 else None
        rows.append(
            {
                "title": f"Synthetic commitment {i + 1}",
                "description": "",
                "theme": "other",
                "owner": rng.choice(OWNERS),
                "status": status,
                "base_status": status,
                "deadline": deadline,
                "base_deadline": deadline,
                "fingerprint": new_fingerprint("bench", str(i)),
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    with store.write() as session:
        session.connection().execute(insert(Commitment.__table__), rows)  # type: ignore[attr-defined]
        for n, owner in enumerate(OWNERS):
            set_owner(session, owner, [f"owner{n}@gov.pk"])
    store.dispose()


def _copy(source: Path, target: Path) -> None:
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _remind(db: Path, outbox: Path) -> tuple[float, str]:
    env = {**os.environ, "TRACKER_SMTP_FROM": "secretariat@senate.gov.pk", "PYTHONIOENCODING": "utf-8"}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(db), "remind", "--outbox", str(outbox)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    return elapsed, result.stdout.splitlines()[0]


@pytest.mark.bench
def test_nightly_run_with_100000_open_commitments(tmp_path: Path) -> None:
    template = tmp_path / "template.db"
    _fill(template)

    first_runs, summaries = [], []
    for n in range(3):
        db = tmp_path / f"night{n}.db"
        _copy(template, db)
        elapsed, summary = _remind(db, tmp_path / f"outbox{n}")
        first_runs.append(elapsed)
        summaries.append(summary)
    reruns = [_remind(tmp_path / "night0.db", tmp_path / "outbox0")[0] for _ in range(5)]

    first, rerun = statistics.median(first_runs), statistics.median(reruns)
    print(f"\n{OPEN_COMMITMENTS:,} open commitments")
    print(f"first run:  median {first:.2f} s of {[round(t, 2) for t in first_runs]}  ({summaries[0]})")
    print(f"rerun:      median {rerun:.2f} s of {[round(t, 2) for t in reruns]}  (nothing new to send)")
    assert "sent 9 messages" in summaries[0]
    assert first < FIRST_RUN_LIMIT_S
    assert rerun < RERUN_LIMIT_S
