"""Synthetic commitments for trials and benchmarks (``tracker demo --count N``).

Rows go in through SQLAlchemy Core in the caller's single transaction: ORM objects would
cost twenty times as much at a million rows.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from tracker.clock import utc_now
from tracker.commitments import new_fingerprint
from tracker.models import Commitment, Status
from tracker.progress import ProgressFn
from tracker.themes import load_themes

OWNERS = (
    "Ministry of Information Technology and Telecommunication",
    "Pakistan Software Export Board",
    "Special Technology Zones Authority",
    "Federal Board of Revenue",
    "State Bank of Pakistan",
    "Pakistan Telecommunication Authority",
    "Finance Division",
    "Ignite National Technology Fund",
    "وزارت آئی ٹی",
)
VERBS = ("Deliver", "Publish", "Launch", "Complete", "Release", "Notify", "Approve", "Roll out")
OBJECTS = (
    "the broadband expansion plan",
    "funds for the software technology parks",
    "the STZ incentive package",
    "tax facilitation for freelancers",
    "the digital payments gateway",
    "training for 50,000 graduates",
    "the IT export roadmap",
    "the submarine cable landing station",
    "the cross-departmental task force report",
    "the startup support mechanism",
)
STATUS_WEIGHTS = (
    (Status.NOT_STARTED, 40),
    (Status.IN_PROGRESS, 30),
    (Status.STALLED, 8),
    (Status.DONE, 14),
    (Status.PARTLY_DONE, 5),
    (Status.DROPPED, 3),
)
BATCH = 20_000


def fill(session: Session, *, count: int, seed: int, today: date, progress: ProgressFn | None = None) -> int:
    """Insert ``count`` synthetic commitments; about a third are overdue on ``today``.
    ``progress`` hears (added so far, ``count``) after each batch."""
    rng = random.Random(seed)
    themes = [t.slug for t in load_themes()]
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    stamp = utc_now()
    run = stamp.strftime("%Y%m%d%H%M%S%f")
    table = Commitment.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    added = 0
    while added < count:
        batch: list[dict[str, Any]] = []
        for i in range(added, min(added + BATCH, count)):
            status = str(rng.choices(statuses, weights)[0])
            confidence = rng.choice((None, "green", "amber", "red"))
            deadline = today + timedelta(days=rng.randint(-400, 500)) if rng.random() > 0.1 else None
            title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} ({i + 1})"
            owner = rng.choice(OWNERS)
            batch.append(
                {
                    "title": title,
                    "description": f"Synthetic commitment {i + 1} for trials.",
                    "theme": rng.choice(themes),
                    "owner": owner,
                    "status": status,
                    "base_status": status,
                    "confidence": confidence,
                    "base_confidence": confidence,
                    "deadline": deadline,
                    "base_deadline": deadline,
                    "deadline_text": f"by {deadline:%d %B %Y}" if deadline else None,
                    "deadline_rule": "synthetic" if deadline else None,
                    "target_value": None,
                    "target_unit": None,
                    "fingerprint": new_fingerprint("demo", run, str(i)),
                    "version": 1,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
        connection.execute(insert(table), batch)
        added += len(batch)
        if progress is not None:
            progress(added, count)
    return added
