"""Follow-up briefings: a later sitting restates a commitment (deadline, target), reports its
progress, or an officer types an actual in; slippage, actuals and lineage read back as of any
date, in the command line, the reports and the TUI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from tests.conftest import Cli, table_snapshot
from tracker import followup
from tracker.errors import ConflictError, UserError
from tracker.models import Briefing, Commitment, Measurement, Status

TODAY = date(2026, 11, 20)
FIRST = """---
title: Ministry of Commerce briefing on exports
date: 2025-07-10
committee: Senate Standing Committee on Commerce
presenter: Ministry of Commerce
---
The Ministry of Commerce will raise IT exports to $5.0 billion by December 2025.
"""
SECOND = """---
title: Commerce follow-up, January
date: 2026-01-15
committee: Senate Standing Committee on Commerce
presenter: Ministry of Commerce
---
The Secretary said that the exports target now stands at $3.8 billion, to be met by June 2026.
"""
THIRD = """---
title: Commerce follow-up, July
date: 2026-07-09
committee: Senate Standing Committee on Commerce
presenter: Ministry of Commerce
---
The Secretary said the $3.8 billion exports target would now be met by the end of September 2026.
The Secretary reported that IT exports reached $3.1 billion in FY2025-26.
"""


def _import(cli: Cli, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output


def _briefing(store: Any, title: str) -> tuple[int, str]:
    with store.read() as session:
        b = session.scalars(select(Briefing).where(col(Briefing.title) == title)).one()
        assert b.id is not None
        return b.id, b.text


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


@pytest.fixture
def briefed(cli: Cli, store: Any, tmp_path: Path) -> int:
    """Three sittings' briefings imported; the first one's commitment, not yet followed up."""
    _import(cli, tmp_path / "first.md", FIRST)
    _import(cli, tmp_path / "second.md", SECOND)
    _import(cli, tmp_path / "third.md", THIRD)
    with store.read() as session:
        return int(session.scalars(select(col(Commitment.id)).where(col(Commitment.since) == date(2025, 7, 10))).one())


def _restate_twice(store: Any, commitment_id: int) -> None:
    second_id, second = _briefing(store, "Commerce follow-up, January")
    third_id, third = _briefing(store, "Commerce follow-up, July")
    with store.write() as session:
        words = "The Secretary said that the exports target now stands at $3.8 billion, to be met by June 2026."
        followup.restate(
            session,
            commitment_id,
            briefing_id=second_id,
            effective_on=date(2026, 1, 15),
            deadline=date(2026, 6, 30),
            deadline_text="by June 2026",
            target_value=3.8e9,
            sentence=words,
            span=_span(second, words),
            by="Commerce follow-up, January",
            today=TODAY,
        )
    with store.write() as session:
        words = "The Secretary said the $3.8 billion exports target would now be met by the end of September 2026."
        followup.restate(
            session,
            commitment_id,
            briefing_id=third_id,
            effective_on=date(2026, 7, 9),
            deadline=date(2026, 9, 30),
            deadline_text="by the end of September 2026",
            sentence=words,
            span=_span(third, words),
            by="Commerce follow-up, July",
            today=TODAY,
        )


def test_a_restated_deadline_holds_from_its_sitting_and_not_the_day_before(briefed: int, store: Any, cli: Cli) -> None:
    _restate_twice(store, briefed)

    def deadline_on(day: str) -> str:
        rows = json.loads(cli("list", "--format", "json", "--as-of", day).stdout)
        return str(next(r["deadline"] for r in rows if r["id"] == briefed))

    assert deadline_on("2026-01-14") == "2025-12-31"
    assert deadline_on("2026-01-15") == "2026-06-30"
    assert deadline_on("2026-07-08") == "2026-06-30"
    assert deadline_on("2026-07-09") == "2026-09-30"


def test_a_restated_target_is_kept_as_of_each_date(briefed: int, store: Any) -> None:
    _restate_twice(store, briefed)

    with store.read() as session:
        before = followup.progress(session, briefed, as_of=date(2026, 1, 14))
        after = followup.progress(session, briefed, as_of=date(2026, 1, 15))
        now = session.get(Commitment, briefed)
        assert now is not None
        assert (now.target_value, now.target_unit) == (3.8e9, "USD")
    assert (before.target_value, before.target_unit) == (5e9, "USD")
    assert (after.target_value, after.target_unit) == (3.8e9, "USD")


def test_restating_records_the_sentence_as_evidence_and_as_an_excerpt_of_that_briefing(
    briefed: int, store: Any, cli: Cli
) -> None:
    _restate_twice(store, briefed)

    shown = json.loads(cli("show", str(briefed), "--format", "json").stdout)

    restated = [h for h in shown["history"] if h["note"].startswith("restated at")]
    assert [h["note"] for h in restated] == [
        "restated at Commerce follow-up, January (2026-01-15)",
        "restated at Commerce follow-up, July (2026-07-09)",
    ]
    assert restated[0]["evidence"].startswith("The Secretary said that the exports target now stands")
    assert any("end of September 2026" in e for e in shown["excerpts"])


def test_slippage_counts_moves_days_and_sittings_as_of_any_date(briefed: int, store: Any) -> None:
    _restate_twice(store, briefed)

    with store.read() as session:
        now = followup.slippage(session, [briefed], as_of=TODAY)[briefed]
        january = followup.slippage(session, [briefed], as_of=date(2026, 1, 15))[briefed]
        before = followup.slippage(session, [briefed], as_of=date(2026, 1, 14))
    # 2025-12-31 -> 2026-06-30 is 181 days, then -> 2026-09-30 another 92.
    assert now == followup.Slippage(moves=2, days=273, sittings=2)
    assert january == followup.Slippage(moves=1, days=181, sittings=1)
    assert before == {}


def test_a_stale_restatement_is_refused_and_changes_nothing(briefed: int, store: Any) -> None:
    second_id, second = _briefing(store, "Commerce follow-up, January")
    words = "The Secretary said that the exports target now stands at $3.8 billion, to be met by June 2026."
    before = table_snapshot(store)

    with pytest.raises(ConflictError), store.write() as session:
        followup.restate(
            session,
            briefed,
            briefing_id=second_id,
            effective_on=date(2026, 1, 15),
            deadline=date(2026, 6, 30),
            sentence=words,
            span=_span(second, words),
            by="review",
            expected_version=0,
            today=TODAY,
        )

    assert table_snapshot(store) == before


def test_a_progress_report_records_the_status_and_the_actual(briefed: int, store: Any) -> None:
    third_id, third = _briefing(store, "Commerce follow-up, July")
    words = "The Secretary reported that IT exports reached $3.1 billion in FY2025-26."

    with store.write() as session:
        change, measurement = followup.record_progress(
            session,
            briefed,
            briefing_id=third_id,
            effective_on=date(2026, 7, 9),
            status=Status.IN_PROGRESS,
            actual=(3.1e9, None),
            sentence=words,
            span=_span(third, words),
            by="Commerce follow-up, July",
            today=TODAY,
        )
        assert change.to_status == "in_progress"

    with store.read() as session:
        stored = session.scalars(select(Measurement)).one()
        assert (stored.value, stored.unit, stored.as_of, stored.briefing_id) == (
            3.1e9,
            "USD",
            date(2026, 7, 9),
            third_id,
        )
        assert stored.source == words
        assert followup.progress(session, briefed, as_of=TODAY).percent == pytest.approx(62.0)
        assert followup.progress(session, briefed, as_of=date(2026, 7, 8)).actual is None


def test_a_progress_sentence_outside_its_briefing_is_refused(briefed: int, store: Any) -> None:
    third_id, third = _briefing(store, "Commerce follow-up, July")
    before = table_snapshot(store)

    with pytest.raises(UserError, match="not inside the briefing"), store.write() as session:
        followup.record_progress(
            session,
            briefed,
            briefing_id=third_id,
            effective_on=date(2026, 7, 9),
            status=Status.DONE,
            sentence="exports reached",
            span=(len(third), len(third) + 5),
            by="review",
            today=TODAY,
        )

    assert table_snapshot(store) == before
