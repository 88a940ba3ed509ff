"""Linking a follow-up briefing to what was promised before (issue 14): what is proposed.

``pytest -m corpus -s tests/test_linking.py`` prints the figures on the follow-up pairs of the
corpus (tests/linking_scoring.py says how they are counted); the default suite holds them at
their floors and checks proposals a clerk would recognise on the pairs themselves.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import Cli
from tests.linking_scoring import FOLLOWUP_ROOT, FollowupScore, score_followup
from tracker.briefing import ParsedBriefing, parse_briefing
from tracker.linking import Candidate, Proposal, candidate_from_item, candidates, link
from tracker.models import Status

EXPORTS = FOLLOWUP_ROOT / "dev" / "com-export-target-2024-10"
FIBRE = FOLLOWUP_ROOT / "dev" / "it-usf-fibre-2021-01"
PSEB = FOLLOWUP_ROOT / "dev" / "it-exports-pseb-2023-12"

# Measured on 2026-12-01 (dev tuned on; heldout measured once, at the end: (a) 5/14, (b) 1/8,
# (c) 5/5). (a) restatement and progress links proposed against the right item, (b) new items
# proposed as restatements (a ceiling), (c) status of the progress links found. Dev holds the
# figures reached; heldout a little below (above, for the ceiling). Raise a floor when the
# linker improves; never lower one quietly.
FLOORS = {
    "dev": {"linked": 0.9, "wrongly_restated": 0.053, "status": 1.0},
    "heldout": {"linked": 0.3, "wrongly_restated": 0.15, "status": 0.8},
}


def _parsed(folder: Path, name: str) -> ParsedBriefing:
    return parse_briefing((folder / f"{name}.md").read_text(encoding="utf-8"))


def _pair(folder: Path) -> tuple[ParsedBriefing, list[Candidate], list[Proposal]]:
    earlier, later = _parsed(folder, "earlier"), _parsed(folder, "later")
    stored = [candidate_from_item(i, c) for i, c in enumerate(earlier.commitments)]
    return earlier, stored, link(later.commitments, later.results, stored, sitting=later.date)


def _at(proposals: list[Proposal], words: str) -> Proposal:
    found = [p for p in proposals if words in p.sentence]
    assert found, f"no proposal at {words!r}: {[p.sentence for p in proposals]}"
    return found[0]


@pytest.fixture(scope="module", params=["dev", "heldout"])
def split(request: pytest.FixtureRequest) -> FollowupScore:
    return score_followup(request.param)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_print_linking_figures(name: str) -> None:
    print()
    print(score_followup(name).report())


def test_linking_figures_stay_at_or_above_their_floors(split: FollowupScore) -> None:
    floors = FLOORS[split.split]
    assert split.linked >= floors["linked"], split.report()
    assert split.wrongly_restated <= floors["wrongly_restated"], split.report()
    assert split.status_accuracy >= floors["status"], split.report()


def test_the_fy26_export_target_restates_the_32_billion_target_with_its_new_deadline_and_figure() -> None:
    earlier, stored, proposals = _pair(EXPORTS)
    target = next(c for c in stored if c.target_value == pytest.approx(32.3e9))
    restated = _at(proposals, "had been fixed at $35 billion")
    assert restated.relation == "restatement"
    assert restated.candidate_id == target.id
    assert restated.new_deadline == date(2026, 6, 30)
    assert restated.new_target is not None
    assert restated.new_target[0] == pytest.approx(35e9)
    assert restated.new_target[1] == "USD"
    assert "deadline moved 2025-06-30 -> 2026-06-30" in restated.explanation
    assert "target 32.3 billion USD -> 35 billion USD" in restated.explanation
    assert "same owner" in restated.explanation
    assert 0 < restated.score <= 1.2


def test_the_services_export_target_stays_new_with_its_nearest_candidates() -> None:
    _, stored, proposals = _pair(EXPORTS)
    services = _at(proposals, "separate target of $4 billion for exports of services")
    assert services.relation == "new"
    assert services.candidate_id is None
    assert services.item is not None
    assert len(services.nearest) == 3
    assert {n.candidate_id for n in services.nearest} <= {c.id for c in stored}
    assert services.nearest[0].score >= services.nearest[1].score >= services.nearest[2].score
    assert all(n.explanation for n in services.nearest)


def test_a_trade_office_in_another_city_stays_new() -> None:
    _, _, proposals = _pair(EXPORTS)
    dakar = _at(proposals, "opened in Dakar by December")
    assert dakar.relation == "new"
    assert "dakar" in dakar.nearest[0].explanation


def test_the_exports_reached_so_far_are_progress_on_the_annual_target_with_the_actual() -> None:
    _, stored, proposals = _pair(EXPORTS)
    target = next(c for c in stored if c.target_value == pytest.approx(32.3e9))
    report = _at(proposals, "goods exports reached $26.8 billion")
    assert (report.relation, report.candidate_id, report.status) == ("progress", target.id, "in_progress")
    assert report.actual is not None
    assert report.actual[0] == pytest.approx(26.8e9)
    assert report.actual[1] == "USD"
    assert "deadline not passed" in report.explanation


def test_km_laid_of_the_planned_km_is_partly_done_and_the_remaining_km_move_the_deadline() -> None:
    _, stored, proposals = _pair(FIBRE)
    fibre = next(c for c in stored if c.target_unit == "km" and c.target_value == 1500)
    laid = _at(proposals, "1,240 km of the 1,500 km")
    assert (laid.relation, laid.candidate_id, laid.status, laid.actual) == (
        "progress",
        fibre.id,
        "partly_done",
        (1240.0, "km"),
    )
    remaining = _at(proposals, "The remaining 260 km")
    assert (remaining.relation, remaining.candidate_id) == ("restatement", fibre.id)
    assert remaining.new_deadline == date(2021, 12, 31)
    assert remaining.new_target is None  # the total is unchanged
    merged = _at(proposals, "optical fibre in the merged districts")
    assert merged.relation == "new"


def test_a_shelved_scheme_is_dropped_and_a_register_target_exceeded_is_done() -> None:
    _, stored, proposals = _pair(PSEB)
    loans = next(c for c in stored if c.target_unit == "PKR")
    shelved = _at(proposals, "has been shelved")
    assert (shelved.relation, shelved.candidate_id, shelved.status) == ("progress", loans.id, "dropped")
    register = next(c for c in stored if c.target_unit == "freelancers")
    signed = _at(proposals, "PSEB signed up 11,300 freelancers")
    assert (signed.candidate_id, signed.status, signed.actual) == (register.id, "done", (11300.0, "freelancers"))


def test_past_results_are_kept_as_evidence_never_as_items() -> None:
    later = _parsed(FIBRE, "later")
    laid = next(r for r in later.results if "1,240 km" in r.text)
    assert (laid.cue, laid.status) == ("laid", "progress")
    assert laid.actual is not None
    assert (laid.actual.value, laid.actual.unit) == (1240.0, "km")
    assert laid.of_total is not None
    assert laid.of_total.value == 1500.0
    assert later.text[laid.start : laid.end] == laid.text
    assert laid.owner == "Universal Service Fund"
    switched = next(r for r in later.results if "switched on" in r.text)
    assert switched.status == "done"
    for item in later.commitments:
        assert not any(item.excerpts[0].start <= r.start < item.excerpts[0].end for r in (laid, switched))
    # A promise is no result: "would be completed by December" is the item's, not a report.
    assert not any("would be completed by December" in r.text for r in later.results)


def test_candidates_are_the_open_commitments_of_the_owner_under_all_its_names(cli: Cli, store: Any) -> None:
    assert cli("import", "--accept", str(FIBRE / "earlier.md")).exit_code == 0
    with store.write() as session:
        session.execute(
            text(
                "INSERT INTO commitment (title, description, theme, owner, kind, status, base_status, fingerprint,"
                " version, created_at, updated_at, history_notes) VALUES"
                " ('Lay fibre in Kech', '', 'other', 'USF', 'commitment', 'in_progress', 'in_progress', 'fp-alias',"
                " 1, '2021-01-01 00:00:00', '2021-01-01 00:00:00', ''),"
                " ('Fibre in Sindh', '', 'other', 'Universal Service Fund', 'commitment', 'done', 'done', 'fp-done',"
                " 1, '2021-01-01 00:00:00', '2021-01-01 00:00:00', ''),"
                " ('Fibre in Punjab', '', 'other', 'Pakistan Telecommunication Authority', 'commitment',"
                " 'not_started', 'not_started', 'fp-other', 1, '2021-01-01 00:00:00', '2021-01-01 00:00:00', '')"
            )
        )
    with store.read() as session:
        found = candidates(session, ["USF"])
    titles = {c.title for c in found}
    assert "Lay fibre in Kech" in titles  # stored under the alias
    assert "Fibre in Sindh" not in titles  # closed
    assert "Fibre in Punjab" not in titles  # another owner
    assert len(found) == 5  # the four items of the January briefing and the one under the alias
    assert {c.owner for c in found} == {"Universal Service Fund"}
    assert all(c.status in {s.value for s in (Status.NOT_STARTED, Status.IN_PROGRESS, Status.STALLED)} for c in found)


def test_candidates_are_read_through_the_owner_index(store: Any, is_postgres: bool) -> None:
    if is_postgres:
        pytest.skip("the plan is checked on SQLite; PostgreSQL picks by its statistics")
    from sqlalchemy import event

    seen: list[tuple[str, Any]] = []

    def record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
        if "FROM commitment" in statement:
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", record)
    try:
        with store.read() as session:
            candidates(session, ["USF"])
            assert candidates(session, []) == []
            queries = len(seen)
            statement, parameters = seen[0]
            plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    finally:
        event.remove(store.engine, "before_cursor_execute", record)
    steps = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX ix_commitment_owner" in steps
    assert "SCAN commitment" not in steps
    assert queries == 1  # no owner, no query


def test_linking_the_follow_up_against_the_stored_briefing_end_to_end(cli: Cli, store: Any) -> None:
    assert cli("import", "--accept", str(EXPORTS / "earlier.md")).exit_code == 0
    later = _parsed(EXPORTS, "later")
    with store.read() as session:
        stored = candidates(session, {i.owner for i in later.commitments} | {"Ministry of Commerce"})
    proposals = link(later.commitments, later.results, stored, sitting=later.date)
    restated = _at(proposals, "had been fixed at $35 billion")
    target = next(c for c in stored if c.target_value == pytest.approx(32.3e9))
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == (
        "restatement",
        target.id,
        date(2026, 6, 30),
    )
