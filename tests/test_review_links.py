"""Follow-ups through review: a later briefing's restatements and progress reports are
proposed against the commitments stored before, shown old beside new, and change nothing
until accepted. Pairs from tests/corpus/followup/dev, on real databases."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import ROOT, Cli, InProcess, follow_up_pair, table_snapshot

PAIRS = ROOT / "tests" / "corpus" / "followup" / "dev"
RAAST = PAIRS / "fin-raast-p2m-2023-09"  # sitting of the later briefing: 2024-04-23
AUCTION = PAIRS / "it-spectrum-auction-2024-10"  # sitting of the later briefing: 2025-03-18
MERCHANTS = 3  # "Bring one million merchants onto Raast QR payments by 30 June 2024"
HOLD_AUCTION = 1  # "Hold the auction of spectrum for 5G services next year by 30 April 2025"


# A promise the mention tests follow up ("{due}" its deadline's words).
DRY_PORT_PROMISE = (
    "The Secretary Commerce told the Committee that the dry port's second phase would be completed by {due}."
)


def imported(cli: Cli, pair: Path) -> Cli:
    """The earlier briefing imported accepted, then the later one: its follow-ups wait."""
    assert cli("import", "--accept", str(pair / "earlier.md")).exit_code == 0
    later = cli("import", str(pair / "later.md"))
    assert later.exit_code == 0, later.output
    return cli


def follow_ups(cli: Cli) -> list[dict[str, Any]]:
    result = cli("review", "--format", "json")
    assert result.exit_code == 0, result.output
    return [f for w in json.loads(result.stdout)["waiting"] for f in w["follow_ups"]]


def one(rows: list[dict[str, Any]], commitment: int, relation: str) -> dict[str, Any]:
    (found,) = [r for r in rows if r["commitment_id"] == commitment and r["relation"] == relation]
    return found


def shown(cli: Cli, item: int, *args: str) -> dict[str, Any]:
    result = cli("show", str(item), "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout))


def stored(store: Any, sql: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def test_a_later_briefing_proposes_follow_ups_and_changes_nothing(cli: Cli, store: Any) -> None:
    assert cli("import", "--accept", str(RAAST / "earlier.md")).exit_code == 0
    before = {k: v for k, v in table_snapshot(store).items() if k in ("statuschange", "measurement")}
    earlier = stored(store, "SELECT id, status, deadline, version FROM commitment ORDER BY id")

    later = cli("import", str(RAAST / "later.md"))

    assert later.exit_code == 0, later.output
    assert "follow-ups of earlier commitments" in later.stdout
    assert {k: v for k, v in table_snapshot(store).items() if k in ("statuschange", "measurement")} == before
    assert stored(store, "SELECT id, status, deadline, version FROM commitment WHERE id <= 4 ORDER BY id") == earlier
    rows = follow_ups(cli)
    progress = one(rows, MERCHANTS, "progress")
    assert progress["old"]["status"] == "not_started"
    assert (progress["new"]["status"], progress["new"]["actual_value"], progress["new"]["actual_unit"]) == (
        "in_progress",
        410000.0,
        "merchants",
    )
    restated = one(rows, MERCHANTS, "restatement")
    assert (restated["old"]["deadline"], restated["new"]["deadline"]) == ("2024-06-30", "2024-12-31")
    assert 0 < restated["score"] <= 1
    assert restated["explanation"]
    text_of_later = (RAAST / "later.md").read_text(encoding="utf-8")
    assert text_of_later[restated["span_start"] : restated["span_end"]] == restated["excerpt"]
    assert restated["excerpt"].startswith("Some 410,000 merchants have been onboarded so far")
    table = cli("review").stdout
    assert "deadline 2024-06-30 -> 2024-12-31" in table
    assert "not started -> in progress; actual 410,000 merchants" in table


def test_accepting_a_restatement_moves_the_deadline_from_the_sitting_on(cli: Cli, store: Any) -> None:
    rows = follow_ups(imported(cli, RAAST))
    restated = one(rows, MERCHANTS, "restatement")

    result = cli("review", "--accept-link", str(restated["id"]))

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"accepted follow-ups 1: #{restated['id']}"
    assert shown(cli, MERCHANTS)["deadline"] == "2024-12-31"
    as_listed = json.loads(cli("list", "--as-of", "2024-04-22", "--format", "json").stdout)
    assert next(r["deadline"] for r in as_listed if r["id"] == MERCHANTS) == "2024-06-30"
    # Beside the entry of its acceptance at import (effective the day it was accepted).
    [restatement] = [h for h in shown(cli, MERCHANTS)["history"] if h["note"].startswith("restated at ")]
    assert restatement["effective_on"] == "2024-04-23"
    assert restatement["evidence"].startswith("Some 410,000 merchants have been onboarded so far")
    assert restated["excerpt"] in shown(cli, MERCHANTS)["excerpts"]
    assert one(follow_ups(cli), MERCHANTS, "progress")  # the other one still waits


def test_accepting_a_progress_report_records_the_status_and_the_actual(cli: Cli, store: Any) -> None:
    progress = one(follow_ups(imported(cli, RAAST)), MERCHANTS, "progress")

    assert cli("review", "2", "--accept-link", str(progress["id"])).exit_code == 0

    assert shown(cli, MERCHANTS)["status"] == "in_progress"
    measured = stored(store, "SELECT commitment_id, value, unit, as_of, recorded_by FROM measurement")
    assert [(c, v, u, str(d), by) for c, v, u, d, by in measured] == [
        (MERCHANTS, 410000.0, "merchants", "2024-04-23", "tester")
    ]


def test_a_rejected_follow_up_changes_nothing_and_is_decided(cli: Cli, store: Any) -> None:
    progress = one(follow_ups(imported(cli, RAAST)), MERCHANTS, "progress")
    before = {k: v for k, v in table_snapshot(store).items() if k != "linkproposal"}

    assert cli("review", "--reject-link", str(progress["id"])).exit_code == 0

    assert {k: v for k, v in table_snapshot(store).items() if k != "linkproposal"} == before
    assert stored(store, f"SELECT state, decided_by FROM linkproposal WHERE id = {progress['id']}") == [
        ("rejected", "tester")
    ]
    again = cli("review", "--accept-link", str(progress["id"]))
    assert (again.exit_code, again.stderr) == (
        1,
        f"tracker: follow-up {progress['id']} does not wait for review (it was rejected): nothing was decided\n",
    )


@pytest.mark.parametrize("ids", ["999", "1,999", "x"])
def test_bad_follow_up_ids_are_one_line_and_change_nothing(cli: Cli, run: InProcess, store: Any, ids: str) -> None:
    assert cli("import", "--accept", str(RAAST / "earlier.md")).exit_code == 0
    assert cli("import", str(RAAST / "later.md")).exit_code == 0
    before = table_snapshot(store)

    result = run("review", "--accept-link", ids)

    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("tracker: ")
    assert table_snapshot(store) == before


def test_accepting_a_restating_item_turns_down_the_item_it_also_gave(cli: Cli, store: Any) -> None:
    rows = follow_ups(imported(cli, AUCTION))
    restated = one(rows, HOLD_AUCTION, "restatement")
    item = restated["item_id"]
    assert restated["excerpt"].startswith("The sale of 5G spectrum will now take place by June")
    assert stored(store, f"SELECT review FROM commitment WHERE id = {item}") == [("proposed",)]

    assert cli("review", "2", "--accept-link", str(restated["id"])).exit_code == 0

    assert shown(cli, HOLD_AUCTION)["deadline"] == "2025-06-30"
    assert stored(store, f"SELECT review, reviewed_by FROM commitment WHERE id = {item}") == [("rejected", "tester")]
    assert shown(cli, item)["history"][0]["note"] == f"restated #{HOLD_AUCTION}; turned down by tester"
    assert item not in [
        i["id"] for w in json.loads(cli("review", "--format", "json").stdout)["waiting"] for i in w["items"]
    ]


def test_accepting_the_item_as_new_turns_its_follow_up_down(cli: Cli, store: Any) -> None:
    restated = one(follow_ups(imported(cli, AUCTION)), HOLD_AUCTION, "restatement")

    assert cli("review", "--accept", str(restated["item_id"])).exit_code == 0

    assert stored(store, f"SELECT state FROM linkproposal WHERE id = {restated['id']}") == [("rejected",)]
    assert shown(cli, HOLD_AUCTION)["deadline"] == "2025-04-30"


def test_the_browse_facade_lists_and_decides_follow_ups(cli: Cli, store: Any) -> None:
    from tracker.browse import Browser

    imported(cli, RAAST)
    browser = Browser(store, today=date(2026, 1, 10))
    review = browser.review_briefing(2)
    restated = next(f for f in review.links if f.commitment_id == MERCHANTS and f.relation == "restatement")
    assert review.text[restated.span_start : restated.span_end] == restated.excerpt
    assert (restated.old_deadline, restated.new_deadline) == (date(2024, 6, 30), date(2024, 12, 31))

    assert browser.review_accept_links([restated.id], by="clerk") == [restated.id]
    assert browser.detail(MERCHANTS).row.deadline == date(2024, 12, 31)
    rest = [f.id for f in browser.review_briefing(2).links]
    assert restated.id not in rest
    assert browser.review_reject_links(rest[:1], by="clerk") == rest[:1]


def test_an_accepted_mention_keeps_its_sentence_as_evidence_and_leaves_the_status(
    cli: Cli, store: Any, tmp_path: Path
) -> None:
    # A sentence no cue reads, which says nothing of how far the work got: before mentions it
    # proposed nothing, and the committee's follow-up on the second phase was lost from the
    # commitment's record.
    sentence = "The Secretary Commerce briefed the Committee on the dry port's second phase at Sukkur."
    earlier, later = follow_up_pair(tmp_path, DRY_PORT_PROMISE.format(due="June 2025"), sentence)
    assert cli("import", "--accept", str(earlier)).exit_code == 0
    assert cli("import", str(later)).exit_code == 0
    (mention,) = follow_ups(cli)
    assert (mention["relation"], mention["commitment_id"], mention["new"]["status"]) == ("progress", 1, None)
    assert "mentioned (no change of status read)" in cli("review").stdout
    before = stored(store, "SELECT status, deadline FROM commitment WHERE id = 1")

    accepted = cli("review", "2", "--accept-link", str(mention["id"]))

    assert accepted.exit_code == 0, accepted.output
    assert stored(store, "SELECT status, deadline FROM commitment WHERE id = 1") == before
    assert stored(store, "SELECT count(*) FROM measurement") == [(0,)]
    detail = shown(cli, 1)
    assert detail["status"] == "not_started"
    assert sentence in detail["excerpts"]  # a further excerpt, of the later briefing
    reported = [h for h in detail["history"] if h["evidence"] == sentence]
    assert [(h["effective_on"], h["from_status"], h["to_status"]) for h in reported] == [
        ("2025-08-20", "not_started", "not_started")
    ]
    assert reported[0]["note"] == "reported at later (2025-08-20)"
    assert f"evidence: {sentence}" in cli("show", "1").stdout
    assert detail["slippage"]["restated_sittings"] == 0  # spoken of, not restated
    assert follow_ups(cli) == []


def test_an_accepted_mention_of_work_going_on_puts_the_commitment_in_progress(cli: Cli, tmp_path: Path) -> None:
    # "is going on" says by its grammar that the work goes on: accepted, the commitment is under way.
    sentence = "The Secretary Commerce told the Committee that work on the dry port's second phase is going on."
    earlier, later = follow_up_pair(tmp_path, DRY_PORT_PROMISE.format(due="December 2025"), sentence)
    assert cli("import", "--accept", str(earlier)).exit_code == 0
    assert cli("import", str(later)).exit_code == 0
    (mention,) = follow_ups(cli)
    assert (mention["relation"], mention["commitment_id"], mention["new"]["status"]) == ("progress", 1, "in_progress")

    accepted = cli("review", "2", "--accept-link", str(mention["id"]))

    assert accepted.exit_code == 0, accepted.output
    detail = shown(cli, 1)
    assert detail["status"] == "in_progress"
    reported = [h for h in detail["history"] if h["evidence"] == sentence]
    assert [(h["effective_on"], h["from_status"], h["to_status"]) for h in reported] == [
        ("2025-08-20", "not_started", "in_progress")
    ]
