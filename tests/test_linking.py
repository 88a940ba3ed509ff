"""Linking a follow-up briefing to what was promised before (issue 14): what is proposed.

``pytest -m corpus -s tests/test_linking.py`` prints the figures on the follow-up pairs of the
corpus (tests/linking_scoring.py says how they are counted); the default suite holds them at
their floors and checks proposals a clerk would recognise on the pairs themselves.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from tests.conftest import Cli
from tests.linking_scoring import (
    FOLLOWUP_ROOT,
    FollowupScore,
    ablation,
    candidate_from_item,
    leave_one_pair_out,
    score_followup,
    splits,
)
from tracker.briefing import ParsedBriefing, parse_briefing
from tracker.linking import MENTION_AT, PROGRESS_AT, RESTATE_AT, Candidate, Proposal, candidates, link
from tracker.models import Status

EXPORTS = FOLLOWUP_ROOT / "dev" / "com-export-target-2024-10"
FIBRE = FOLLOWUP_ROOT / "dev" / "it-usf-fibre-2021-01"
PSEB = FOLLOWUP_ROOT / "dev" / "it-exports-pseb-2023-12"

# Measured on 2026-12-02 on the 51 dev pairs (each earlier held-out set moved into dev after its one
# measurement; sets B and C, spent, joined it this round): before issue 14's eighth round (a)
# 305/324, (b) 2/144, (c) 208/236; after it (a) 316/324, (b) 2/144, (c) 216/241, and the same
# leaving each pair out of the choice of the thresholds. Sets B and C at their one run: (a) 26/32
# and 29/36, (b) 0/13 and 1/14, (c) 16/22 and 25/25. Set D (6 fresh held-out pairs, prefix d-),
# run once after tuning: (a) 15/31, (b) 0/11, (c) 11/13, the same as the code before this round
# on it; run again unchanged as the base of the ninth round, then moved into dev (dev with it:
# (a) 331/355, (b) 2/155, (c) 227/254). Sets E and F (4 fresh held-out pairs each, prefixes e-
# and f-), run once on the code before the ninth round: (a) 21/28 and 15/24, (b) 0/12 and 0/10,
# (c) 12/16 and 12/13. Tenth round (the wrong commitment and the wrong relation, dev's misses read
# by kind): dev (a) 331/355 -> 339/355 (set D 15/31 -> 20/31, the rest 316/324 -> 319/324), (b)
# 2/155 both times, (c) 227/254 -> 229/257, and the same leaving each pair out (0.60/0.35 chosen
# for all 57); sets E and F together, counts only: (a) 36/52 -> 39/52, (b) 0/22 both times.
# (a) restatement and progress links proposed against the right item, (b) new items proposed
# as restatements (a ceiling), (c) status of the progress links found. Dev holds the
# figures reached (its ceiling went from 0.01 to 0.02 with sets B and C, which hold the new item
# set C's run took for a restatement), heldout a little below (above, for the ceiling). Raise a
# floor when the linker improves; never lower one quietly.
# Mentions (issue 14's ninth round: a sentence no cue reads, proposed on a strong match): on
# the 51 pairs of dev before set D (a) 318/324, (b) 2/144, (c) 217/243; set D's counts (a) 17/31,
# (b) 0/11, (c) 11/15. Both rounds together, measured once: dev (57 pairs) (a) 343/355, (b)
# 2/155, (c) 230/261; sets E and F (a) 42/52, (b) 0/22, (c) 25/34. A mention found right whose
# words imply no status counts as a wrong status in (c), so the held-out status floor went from
# 0.8 to 0.7: more links found, some with no status read. Sets E and F, spent, then joined dev:
# (a) 385/407, (b) 2/177, (c) 255/295. Issue 14's eleventh round, in two parts: (1) an item's
# target figure, a place only the stored one names, a date given "now" in the words of the report
# before, "do so", the house and committee no names: (a) 388/407, (b) 1/177, (c) 255/295; (2) the
# aspect of a report's verb, what members were told, a new date after the result clause, a
# headline-like line with a share: (a) 389/407, (b) 2/177, (c) 267/297. Both together: (a)
# 392/407, (b) 1/177, (c) 267/297. Sets G and H (4 fresh held-out pairs each, prefixes g- and h-,
# written blind while the eleventh round was made), counts only: on the code before the ninth
# round (a) 39/59, (b) 1/29; before the eleventh (a) 44/59, (b) 1/29, (c) 27/36; after it (a)
# 44/59, (b) 1/29, (c) 28/36: the eleventh round's gains on dev did not carry to them.
FLOORS = {
    "dev": {"linked": 0.95, "wrongly_restated": 0.01, "status": 0.89},
    "heldout": {"linked": 0.7, "wrongly_restated": 0.05, "status": 0.7},
}


def _parsed(folder: Path, name: str) -> ParsedBriefing:
    return parse_briefing((folder / f"{name}.md").read_text(encoding="utf-8"))


def _pair(folder: Path) -> tuple[ParsedBriefing, list[Candidate], list[Proposal]]:
    earlier, later = _parsed(folder, "earlier"), _parsed(folder, "later")
    stored = [candidate_from_item(i, c) for i, c in enumerate(earlier.commitments)]
    return earlier, stored, link(later.commitments, later.results, stored, sitting=later.date, mentions=later.mentions)


def _at(proposals: list[Proposal], words: str) -> Proposal:
    found = [p for p in proposals if words in p.sentence]
    assert found, f"no proposal at {words!r}: {[p.sentence for p in proposals]}"
    return found[0]


# Each split is scored apart; an empty or absent held-out folder (between one spent set and a
# fresh one) is simply not scored.
@pytest.fixture(scope="module", params=splits())
def split(request: pytest.FixtureRequest) -> FollowupScore:
    return score_followup(request.param)


@pytest.mark.corpus
@pytest.mark.parametrize("name", splits())
def test_print_linking_figures(name: str) -> None:
    print()
    print(score_followup(name).report())


@pytest.mark.corpus
def test_print_the_thresholds_chosen_leaving_one_dev_pair_out() -> None:
    # The estimate before a fresh held-out run: each dev pair linked with the thresholds the
    # other pairs choose (tests/linking_scoring.py); the thresholds in use are those chosen on all.
    calibration = leave_one_pair_out("dev", (RESTATE_AT, PROGRESS_AT, MENTION_AT))
    print()
    print(calibration.report())
    assert calibration.overall == (RESTATE_AT, PROGRESS_AT, MENTION_AT)


@pytest.mark.corpus
def test_print_what_mentions_alone_find_on_dev_with_the_cue_reading_switched_off() -> None:
    # The estimate of what mentions catch where no cue reads a sentence: dev with no result
    # clause at all (tests/linking_scoring.py's ablation). Dev only: a held-out split stays unread.
    print()
    print(ablation("dev"))


def test_linking_figures_stay_at_or_above_their_floors(split: FollowupScore) -> None:
    assert split.split in FLOORS, f"the {split.split} pairs have no floors yet: measure them once and set them"
    floors = FLOORS[split.split]
    # Plain figures first: a failing assert on the score itself would print its repr, the
    # held-out sentences with it, which must stay unread.
    linked, wrongly, status, report = split.linked, split.wrongly_restated, split.status_accuracy, split.report()
    assert linked >= floors["linked"], report
    assert wrongly <= floors["wrongly_restated"], report
    assert status >= floors["status"], report


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


@pytest.mark.sqlite_only("the plan is checked on SQLite; PostgreSQL picks by its statistics")
def test_candidates_are_read_through_the_owner_index(store: Any) -> None:
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


# --- rules that hold for how committees and newspapers write, each as a clerk reads it -----


def _sitting(body: str, when: str, presenter: str = "Pakistan Telecommunication Authority") -> ParsedBriefing:
    return parse_briefing(f"---\ndate: {when}\npresenter: {presenter}\n---\n{body}\n")


def _linked(
    earlier: str, later: str, *, first: str = "2024-01-10", then: str = "2024-07-10", **kw: str
) -> list[Proposal]:
    before, after = _sitting(earlier, first, **kw), _sitting(later, then, **kw)
    stored = [candidate_from_item(i, c) for i, c in enumerate(before.commitments)]
    return link(after.commitments, after.results, stored, sitting=after.date, mentions=after.mentions)


def test_an_abbreviation_the_earlier_briefing_defines_names_the_same_thing_later() -> None:
    proposals = _linked(
        "The FBR would issue the Refund Payment Order (RPO) rules to exporters by March 2024.",
        "The FBR would now issue the RPO rules to exporters by September 2024.",
        presenter="Federal Board of Revenue",
    )
    restated = _at(proposals, "RPO rules")
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2024, 9, 30))
    assert "refund payment order" in restated.explanation


def test_an_abbreviation_is_read_by_the_initials_of_words_the_other_briefing_uses() -> None:
    proposals = _linked(
        "The PTA would issue the information memorandum for the auction at least 45 days before bidding.",
        "PTA's member licensing said the IM would be issued to mobile operators in the second half of April.",
        presenter="Ministry of Information Technology and Telecommunication",
    )
    restated = _at(proposals, "the IM would be issued")
    assert (restated.relation, restated.candidate_id) == ("restatement", 0)
    # The item falls to the presenter; the body whose member speaks is named in the sentence.
    assert "names its owner (Pakistan Telecommunication Authority)" in restated.explanation
    assert "both name information memorandum" in restated.explanation


def test_small_words_never_spell_an_abbreviation() -> None:
    from tracker.linking import _abbreviations

    assert "IM" not in _abbreviations(["The IM is due in March.", "It would be issued in March."])
    assert _abbreviations(["the IM is due", "the information memorandum"])["IM"] == "information memorandum"


def test_it_after_a_report_in_the_same_sentence_is_the_same_commitment_promised_again() -> None:
    proposals = _linked(
        "The Authority would issue the information memorandum for the auction by March 2024.",
        "The Committee was informed that the information memorandum had not yet been issued and that PTA"
        " would release it in October.",
    )
    report = next(p for p in proposals if p.relation == "progress")
    assert (report.candidate_id, report.status) == (0, "stalled")
    again = next(p for p in proposals if p.item is not None)
    assert "would release it in October" in again.sentence
    assert again.relation == "restatement"
    assert (again.candidate_id, again.new_deadline) == (0, date(2024, 10, 31))


def test_a_commitment_whose_outcome_is_reported_comes_back_as_a_new_round_not_a_restatement() -> None:
    proposals = _linked(
        "The NITB would train 3,000 officers as e-office users by June 2024.",
        "NITB trained 2,450 officers as e-office users by June 2024.\n\n"
        "The NITB would train 1,500 officers as e-office users by June 2025.",
        first="2023-09-01",
        then="2024-09-01",
        presenter="National Information Technology Board",
    )
    report = _at(proposals, "NITB trained 2,450 officers")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "partly_done")
    again = _at(proposals, "1,500 officers")
    assert again.relation == "new"
    assert "a new round" in again.explanation


def test_a_part_of_the_same_whole_is_a_report_on_it_whatever_the_thing_is_called_now() -> None:
    proposals = _linked(
        "The commission would reconcile the records of 1,200 laptops by May 2024.",
        "The records of 1,050 of the 1,200 untraced devices have been reconciled with the universities.",
        presenter="Higher Education Commission",
    )
    report = _at(proposals, "1,050 of the 1,200")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "partly_done")
    assert report.actual == (1050.0, "devices")
    assert "of the same 1200" in report.explanation


def test_all_of_a_number_bought_is_done() -> None:
    proposals = _linked(
        "The Authority would procure 90 mobile registration vans by March 2024.",
        "All 90 mobile registration vans have been procured.",
        presenter="National Database and Registration Authority",
    )
    report = _at(proposals, "All 90")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "done")


def test_n_out_of_m_and_a_share_are_quantities_of_a_result() -> None:
    later = _sitting(
        "The Authority reported that 30 out of 40 tehsil offices have been opened. "
        "The Authority said 80 percent of the schools have been connected.",
        "2024-07-10",
    )
    part = next(r for r in later.results if "out of" in r.text)
    assert part.actual is not None
    assert part.of_total is not None
    assert (part.actual.value, part.of_total.value) == (30.0, 40.0)
    share = next(r for r in later.results if "percent" in r.text)
    assert share.actual is not None
    assert (share.actual.value, share.actual.unit) == (80.0, "%")


def test_a_perfect_of_any_verb_is_a_result_but_being_informed_is_not() -> None:
    later = _sitting(
        "The Committee has been informed that the records have been re-verified by the universities.",
        "2024-07-10",
    )
    assert [(r.cue, r.status) for r in later.results] == [("have been re-verified", "progress")]


def test_urdu_results_completed_started_delayed_and_a_date_moved() -> None:
    later = _sitting(
        "پی ٹی اے نے بتایا کہ فائبر بچھانے کا کام مکمل ہو گیا ہے۔\n\n"
        "پی ٹی اے کے مطابق سروے مکمل کر لیا گیا ہے۔\n\n"
        "پی ٹی اے نے کہا کہ نیلامی کا عمل شروع ہو چکا ہے۔\n\n"
        "پی ٹی اے کے مطابق لائسنس کے اجرا میں تاخیر ہوئی۔\n\n"
        "پی ٹی اے نے بتایا کہ رپورٹ کا کام اب دسمبر تک مکمل ہو گا۔",
        "2024-07-10",
    )
    statuses = [(r.status, r.owner) for r in later.results]
    assert [s for s, _ in statuses] == ["done", "done", "progress", "stalled", "restated"]
    # Urdu names of bodies go through the aliases to their canonical name.
    assert {o for _, o in statuses} == {"Pakistan Telecommunication Authority"}


def test_an_urdu_clause_ending_in_a_perfect_is_a_result_but_being_told_is_not() -> None:
    later = _sitting(
        "کمیٹی کو بتایا گیا ہے کہ ۴۰ میں سے ۲۶ تحصیلوں میں دفاتر کھول دیے گئے ہیں جبکہ باقی ۱۴ تحصیلوں میں دفاتر دسمبر"
        " تک کھول دیے جائیں گے۔",
        "2025-05-20",
        presenter="National Database and Registration Authority",
    )
    (result,) = later.results
    # "کھول دیے گئے": opened, complete in its aspect; the 26 of 40 say how far the whole got.
    assert result.status == "done"
    assert result.text.endswith("کھول دیے گئے ہیں")  # the promise after "جبکہ" is not in it
    assert result.actual is not None
    assert result.of_total is not None
    assert (result.actual.value, result.of_total.value, result.actual.unit) == (26.0, 40.0, "تحصیلوں")


def test_urdu_further_keeps_an_item_new_and_the_remaining_restates_it() -> None:
    earlier = "نادرا رواں مالی سال کے اختتام تک ۴۰ نئی تحصیلوں میں رجسٹریشن دفاتر قائم کر دے گا۔"
    proposals = _linked(
        earlier,
        "نادرا ۴۰ میں سے ۲۶ تحصیلوں میں رجسٹریشن دفاتر قائم کر چکا ہے جبکہ باقی ۱۴ تحصیلوں میں رجسٹریشن دفاتر دسمبر تک"
        " قائم کر دے گا۔\n\nنادرا ۳۰ مزید تحصیلوں میں رجسٹریشن دفاتر دسمبر تک قائم کر دے گا۔",
        first="2024-11-12",
        then="2025-05-20",
        presenter="National Database and Registration Authority",
    )
    report = next(p for p in proposals if p.relation == "progress")
    assert (report.candidate_id, report.status, report.actual) == (0, "in_progress", (26.0, "تحصیلوں"))
    rest = _at(proposals, "باقی ۱۴")
    assert (rest.relation, rest.candidate_id, rest.new_deadline) == ("restatement", 0, date(2025, 12, 31))
    further = _at(proposals, "۳۰ مزید")
    assert further.relation == "new"


def test_a_figure_that_stood_above_a_ceiling_after_its_deadline_is_partly_done() -> None:
    proposals = _linked(
        "The Power Division would cap the stock of circular debt at Rs 2,100 billion by June 2024.",
        "The stock of circular debt stood at Rs 2,210 billion at the end of June.",
        first="2024-01-10",
        then="2024-08-10",
        presenter="Power Division",
    )
    report = _at(proposals, "stood at Rs 2,210 billion")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "partly_done")
    assert "of a ceiling" in report.explanation


def test_a_figure_under_a_ceiling_after_its_deadline_is_done() -> None:
    proposals = _linked(
        "The Power Division would reduce line losses to 15 percent by June 2024.",
        "Line losses stood at 14 percent at the end of June.",
        first="2024-01-10",
        then="2024-08-10",
        presenter="Power Division",
    )
    report = _at(proposals, "stood at 14 percent")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "done")


def test_urdu_an_amount_that_stood_is_a_result_even_before_a_relative_clause() -> None:
    later = _sitting(
        "کمیٹی کو آگاہ کیا گیا کہ جون کے اختتام پر گردشی قرضے کا حجم ۲۲۱۰ ارب روپے رہا جو گزشتہ سال سے کم ہے۔",
        "2024-08-10",
        presenter="Power Division",
    )
    (result,) = later.results
    assert result.status == "progress"
    assert result.actual is not None
    assert (result.actual.value, result.actual.unit) == (2210e9, "PKR")


def test_an_additional_secretary_speaking_is_a_rank_not_a_further_thing() -> None:
    proposals = _linked(
        "The Petroleum Division would finalise a policy on LPG cylinders for rural areas within three months.",
        "The additional secretary told the committee that the policy on LPG cylinders for rural areas had been"
        " shelved.",
        presenter="Petroleum Division",
    )
    report = _at(proposals, "had been shelved")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "dropped")
    assert '"additional"' not in report.explanation


def test_a_target_lowered_to_a_bare_figure_restates_it_in_the_unit_it_counted() -> None:
    proposals = _linked(
        "The company will provide 350,000 new domestic gas connections during the current fiscal year.",
        "The company has lowered its target for new domestic gas connections in the current fiscal year to 280,000.",
        then="2024-05-10",
        presenter="Sui Northern Gas Pipelines Limited",
    )
    restated = _at(proposals, "has lowered its target")
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, None)
    assert restated.new_target is not None
    assert restated.new_target[0] == 280000


def test_land_that_had_been_got_back_is_part_of_the_acres_promised() -> None:
    proposals = _linked(
        "Pakistan Post would recover 64 acres of its encroached land in Karachi and Lahore within six months.",
        "The Director General informed that 23 acres of the encroached land had been got back in Karachi.",
        then="2024-09-01",
        presenter="Pakistan Post",
    )
    report = _at(proposals, "had been got back")
    assert (report.relation, report.candidate_id, report.status, report.actual) == (
        "progress",
        0,
        "partly_done",
        (23.0, "acres"),
    )


def test_received_is_a_result_only_as_a_verb_not_after_a_noun() -> None:
    later = _sitting(
        "The Committee directed the Post to submit a list of its buildings leased out, with the rent received.\n\n"
        "The list of pending applications the committee had sought was received in October.",
        "2024-07-10",
    )
    assert [(r.cue, r.status) for r in later.results] == [("received", "done")]


def test_urdu_a_part_of_a_whole_in_words_is_counted() -> None:
    later = _sitting("انہوں نے کہا کہ متاثرین کے لیے نو بستیوں میں سے چار مکمل ہو چکی ہیں۔", "2024-07-10")
    (result,) = later.results
    assert result.actual is not None
    assert result.of_total is not None
    assert (result.actual.value, result.of_total.value, result.actual.unit) == (4.0, 9.0, "بستیوں")


def test_urdu_sentences_sharing_only_their_grammar_are_not_alike() -> None:
    # Both say "by December this year ... will be done": tense, postpositions and the month
    # are no part of what is delivered (a spectrum policy draft; towers in every district).
    proposals = _linked(
        "پی ٹی اے کے مطابق رواں سال دسمبر تک نئی سپیکٹرم پالیسی کا مسودہ وفاقی کابینہ کو بھیج دیا جائے گا۔",
        "پی ٹی اے کے مطابق رواں سال دسمبر تک تمام اضلاع میں موبائل ٹاورز نصب کر دیے جائیں گے۔",
    )
    (item,) = proposals
    assert item.relation == "new"
    alike = int(item.nearest[0].explanation.split("words ")[1].split("%")[0])
    assert alike < 50


def test_what_a_committee_recommends_be_done_is_no_result() -> None:
    later = _sitting(
        "The Committee recommended that ongoing projects be finished first and that the ceiling be reduced to"
        " 5 percent.",
        "2024-07-10",
    )
    assert later.results == ()


def test_another_kind_of_the_same_thing_stays_new_and_the_same_kind_is_restated() -> None:
    earlier = "The Department would certify 400,000 tonnes of maize seed by June 2024."
    proposals = _linked(
        earlier,
        "The Department would certify 90,000 tonnes of sunflower seed by June 2025.",
        presenter="Federal Seed Certification and Registration Department",
    )
    other = _at(proposals, "sunflower seed")
    assert other.relation == "new"
    assert "another kind of seed: sunflower" in other.nearest[0].explanation
    proposals = _linked(
        earlier,
        "The Department would now certify 450,000 tonnes of maize seed by December 2024.",
        presenter="Federal Seed Certification and Registration Department",
    )
    same = _at(proposals, "maize seed")
    assert (same.relation, same.candidate_id, same.new_target) == ("restatement", 0, (450000.0, "tonnes"))


def test_a_place_both_sentences_name_says_where_not_what() -> None:
    proposals = _linked(
        "The Authority would build a container terminal at Keti Bandar by June 2024.\n\n"
        "The Authority would dredge the approach channel at Pasni by June 2024.",
        "The Authority would complete the desalination plant at Keti Bandar by March 2025.",
        presenter="Port Qasim Authority",
    )
    plant = _at(proposals, "desalination plant")
    assert plant.relation == "new"
    terminal = next(n for n in plant.nearest if n.candidate_id == 0)
    assert "but the words differ" in terminal.explanation


def test_the_target_an_item_counts_tells_which_of_two_alike_promises_it_restates() -> None:
    # Both promises count mobile operators; "the four" is the figure only the first one promised.
    proposals = _linked(
        "The Authority would link all 4 mobile operators to one complaint system by June 2024.\n\n"
        "The Authority would finish renewing the licences of 7 mobile operators by June 2024.",
        "The Authority would now finish linking the four mobile operators by December 2024.",
    )
    restated = _at(proposals, "linking the four mobile operators")
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2024, 12, 31))
    assert "same target 4 operators" in restated.explanation


def test_land_at_another_place_than_the_one_promised_stays_new() -> None:
    # Each sentence names a place the other does not: two plots of land, however alike the words.
    proposals = _linked(
        "The Board would get 300 acres of land for a dry port at Sialkot from the Government of Punjab by March 2024.",
        "The Board would get 120 acres of land for a dry port at Okara from the Government of Punjab by December 2024.",
        presenter="Federal Board of Revenue",
    )
    other = _at(proposals, "Okara")
    assert other.relation == "new"
    assert "and the stored one names sialkot" in other.nearest[0].explanation


def test_a_date_given_now_in_the_words_of_the_report_just_before_restates_that_commitment() -> None:
    proposals = _linked(
        "The Division said the outsourcing of Lahore airport would be put out to bid by March 2024.\n\n"
        "The Division would hand over the new cargo terminal at Multan by June 2024.",
        "Regarding the outsourcing of Lahore airport, the Secretary informed that bids could not be invited in"
        " March because the contract of the advisor had lapsed. The Committee was assured that the bids would now"
        " be invited by the end of September.",
        presenter="Aviation Division",
    )
    report = _at(proposals, "could not be invited")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "stalled")
    again = _at(proposals, "would now be invited")
    assert (again.relation, again.candidate_id, again.new_deadline) == ("restatement", 0, date(2024, 9, 30))


def test_a_date_given_now_in_other_words_than_the_report_before_is_not_taken_for_it() -> None:
    proposals = _linked(
        "The Division said the outsourcing of Lahore airport would be put out to bid by March 2024.",
        "Regarding the outsourcing of Lahore airport, the Secretary informed that bids could not be invited in"
        " March because the contract of the advisor had lapsed. The Committee was assured that a new cargo"
        " terminal would now be built at Multan by the end of September.",
        presenter="Aviation Division",
    )
    assert _at(proposals, "cargo terminal").relation == "new"


def test_will_do_so_promises_again_what_the_sentence_says_is_not_yet_done() -> None:
    proposals = _linked(
        "The Authority would award the contract for a new telemetry system on the main canals by October 2024.\n\n"
        "The Committee directed the Authority to say within 30 days when it would recalibrate the gauges at the"
        " two barrages.",
        "The Authority has yet to award the contract for its telemetry system, and the authority now says it will"
        " do so by April 2025.",
        presenter="Indus River System Authority",
    )
    again = _at(proposals, "will do so")
    assert (again.relation, again.candidate_id, again.new_deadline) == ("restatement", 0, date(2025, 4, 30))


def test_the_house_and_the_committee_a_report_was_made_to_are_no_names_of_the_thing() -> None:
    proposals = _linked(
        "The Authority would install telemetry at the main canals by October 2024.",
        "Telemetry at the main canals would now be installed by April 2025, the National Assembly Standing"
        " Committee on Water Resources was informed.",
        presenter="Indus River System Authority",
    )
    restated = _at(proposals, "Telemetry at the main canals")
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2025, 4, 30))
    assert "names what the stored one does not" not in restated.explanation


def test_a_status_table_reports_in_its_cells_what_was_done() -> None:
    earlier = (
        "| Deliverable | Target | Deadline |\n|---|---|---|\n"
        "| Fit solar panels on government schools | 500 schools | by 30 June 2024 |\n"
        "| Notify the net-metering rules for schools | all schools | by March 2024 |"
    )
    later = (
        "| Deliverable | Status |\n|---|---|\n"
        "| Solar panels on schools | 310 schools fitted by 30 June 2024 |\n"
        "| Net-metering rules | rules for schools notified on 2 May 2024 |"
    )
    proposals = _linked(earlier, later, presenter="Power Division")
    panels = _at(proposals, "310 schools fitted")
    assert (panels.relation, panels.candidate_id, panels.status, panels.actual) == (
        "progress",
        0,
        "partly_done",
        (310.0, "schools"),
    )
    rules = _at(proposals, "notified on 2 May")
    assert (rules.relation, rules.candidate_id, rules.status) == ("progress", 1, "done")


def test_an_achieved_column_is_the_actual_and_a_revised_date_beside_it_restates() -> None:
    proposals = _linked(
        "| Deliverable | Target | Deadline |\n|---|---|---|\n"
        "| Fit solar panels on government schools | 500 schools | by 30 June 2024 |",
        "| Deliverable | Target | Achieved | Status |\n|---|---|---|---|\n"
        "| Solar panels on government schools | 500 schools | 310 schools | Completion revised to December 2024 |\n"
        "| Street lights on the motorway | 900 lights | - | Not started |",
        presenter="Power Division",
    )
    report = next(p for p in proposals if p.relation == "progress")
    assert (report.candidate_id, report.actual, report.status) == (0, (310.0, "schools"), "partly_done")
    moved = next(p for p in proposals if p.relation == "restatement")
    assert (moved.candidate_id, moved.new_deadline) == (0, date(2024, 12, 31))
    # A table without a column of results reports nothing: its rows are promises.
    plan = _sitting(
        "| Deliverable | Target | Deadline |\n|---|---|---|\n"
        "| Schools fitted with panels | 200 schools | by June 2025 |",
        "2024-07-10",
    )
    assert plan.results == ()


def test_a_bare_figure_achieved_counts_in_the_unit_of_its_target() -> None:
    earlier = (
        "| Deliverable | Target | Deadline |\n|---|---|---|\n"
        "| Training of youth in high-tech trades, phase II | 50,000 trainees | by June 2021 |\n"
        "| Notification of national competency standards for new trades | 120 qualifications | by September 2021 |\n"
        "| Accreditation of TVET institutes by the National Accreditation Council | {institutes} | in fiscal 2021 |"
    )
    later = (
        "| Deliverable | Target | Achieved | Status |\n|---|---|---|---|\n"
        "| Phase II training of youth in high-tech trades | 50,000 trainees | 38,600 |"
        " Remaining batches to finish by December 2021 |\n"
        "| National competency standards | 120 qualifications | 74 notified | On schedule |\n"
        "| Institutes accredited (NAC) | 600 | 612 | Completed in June 2021 |"
    )
    for institutes, unit in (("600 institutes", "institutes"), ("600", None)):
        proposals = _linked(
            earlier.format(institutes=institutes),
            later,
            first="2021-01-19",
            then="2021-08-10",
            presenter="National Vocational and Technical Training Commission",
        )
        reports = {p.candidate_id: (p.actual, p.status) for p in proposals if p.relation == "progress"}
        assert reports[0] == ((38600.0, "trainees"), "partly_done")
        assert reports[1] == ((74.0, "qualifications"), "in_progress")
        # "612" against a bare "600": the stored commitment's unit, and none made up where it has none.
        assert reports[2] == (((612.0, unit) if unit else None), "done")
    # Urdu digits count the same; a bare figure in a Status cell is no actual.
    urdu = _sitting(
        "| Deliverable | Target | Achieved |\n|---|---|---|\n| Competency standards | 120 qualifications | ۷۴ |",
        "2021-08-10",
    )
    assert [(r.actual.value, r.actual.unit) for r in urdu.results if r.actual] == [(74.0, "qualifications")]
    status = _sitting(
        "| Deliverable | Target | Status |\n|---|---|---|\n| Institutes accredited | 600 | 612 |", "2021-08-10"
    )
    assert [r.actual for r in status.results] == [None]


def test_a_bare_figure_achieved_is_recorded_as_the_actual_once_accepted(cli: Cli, tmp_path: Path) -> None:
    head = "---\ndate: {}\npresenter: National Vocational and Technical Training Commission\n---\n"
    earlier, later = tmp_path / "earlier.md", tmp_path / "later.md"
    earlier.write_text(
        head.format("2021-01-19") + "| Deliverable | Target | Deadline |\n|---|---|---|\n"
        "| Notification of national competency standards for new trades | 120 qualifications | by September 2021 |\n",
        encoding="utf-8",
    )
    later.write_text(
        head.format("2021-08-10") + "| Deliverable | Target | Achieved | Status |\n|---|---|---|---|\n"
        "| National competency standards | 120 qualifications | 74 notified | On schedule |\n",
        encoding="utf-8",
    )
    assert cli("import", "--accept", str(earlier)).exit_code == 0
    assert cli("import", str(later)).exit_code == 0
    waiting = json.loads(cli("review", "--format", "json").stdout)["waiting"]
    [progress] = [f for w in waiting for f in w["follow_ups"] if f["relation"] == "progress"]

    assert cli("review", "--accept-link", str(progress["id"])).exit_code == 0

    shown = cli("show", str(progress["commitment_id"]))
    assert shown.exit_code == 0, shown.output
    assert "74 qualifications as of 2021-08-10" in shown.stdout


def test_what_could_not_be_done_or_has_lain_shut_is_stalled() -> None:
    later = _sitting(
        "The Ministry told the Committee that the loan agreement could not be signed in June.\n\n"
        "پی ٹی اے کے مطابق فائبر بچھانے کا کام فروری سے بند پڑا ہے۔",
        "2024-07-10",
    )
    assert [(r.cue, r.status) for r in later.results] == [
        ("could not be signed", "stalled"),
        ("بند پڑا", "stalled"),
    ]


def test_urdu_baqiya_is_the_remaining_as_baqi_is() -> None:
    proposals = _linked(
        "نادرا رواں مالی سال کے اختتام تک ۴۰ نئی تحصیلوں میں رجسٹریشن دفاتر قائم کر دے گا۔",
        "نادرا ۴۰ میں سے ۲۶ تحصیلوں میں رجسٹریشن دفاتر قائم کر چکا ہے۔"
        " بقیہ ۱۴ تحصیلوں میں دفاتر دسمبر تک قائم کر دے گا۔",
        first="2024-11-12",
        then="2025-05-20",
        presenter="National Database and Registration Authority",
    )
    rest = _at(proposals, "بقیہ ۱۴")
    assert (rest.relation, rest.candidate_id, rest.new_deadline) == ("restatement", 0, date(2025, 12, 31))


def test_the_second_package_is_package_ii_not_package_i() -> None:
    proposals = _linked(
        "The Ministry would sign the financing agreement for Package-I of the canal lining by June 2024.\n\n"
        "The Ministry would sign the financing agreement for Package-II of the canal lining by June 2024.",
        "The Ministry would now sign the financing agreement for the second package of the canal lining"
        " by December 2024.",
        presenter="Ministry of Water Resources",
    )
    second = _at(proposals, "the second package")
    assert (second.relation, second.candidate_id) == ("restatement", 1)


def test_a_designation_with_a_number_is_never_spelt_out_as_an_abbreviation() -> None:
    from tracker.linking import _abbreviations

    texts = ["ML-1 would upgrade the track.", "the dues for manned level crossings"]
    assert "ML" not in _abbreviations(texts)


def test_one_body_read_in_the_singular_and_the_plural_is_the_same_owner() -> None:
    before = _sitting("The Ministry would lay 40 km of new track by June 2024.", "2024-01-10", "Ministry of Railways")
    after = _sitting(
        "The Ministry would now lay 40 km of new track by December 2024.", "2024-07-10", "Ministry of Railways"
    )
    stored = [candidate_from_item(0, before.commitments[0])._replace(owner="Ministry of Railway")]
    restated = link(after.commitments, after.results, stored, sitting=after.date)[0]
    assert restated.relation == "restatement"
    assert "same owner" in restated.explanation


def test_a_government_or_an_amount_in_rupees_is_no_name_two_provinces_share() -> None:
    proposals = _linked(
        "The Committee directed the Ministry to approach the Government of Sindh for release of Rs 1.2 billion"
        " owed for level crossings.",
        "The Committee directed the Ministry to approach the Government of Balochistan for release of Rs 600 million"
        " owed for level crossings.",
        presenter="Ministry of Railways",
    )
    other = _at(proposals, "Balochistan")
    assert other.relation == "new"
    assert "both name" not in other.nearest[0].explanation


def test_what_was_or_were_done_is_a_result_but_what_was_confirmed_or_informed_is_not() -> None:
    later = _sitting(
        "The Secretary informed that the revised rules were notified in May after vetting.\n\n"
        "The minutes of the previous meeting were confirmed without change.\n\n"
        "The Committee was informed that the auction would be held in June.",
        "2024-07-10",
    )
    # A simple past passive tells an act done.
    assert [(r.cue, r.status) for r in later.results] == [("were notified", "done")]


def test_the_remaining_n_further_on_restates_what_a_report_counted_when_the_two_add_up() -> None:
    earlier = "ہاؤسنگ اتھارٹی مارچ تک ۱۰۰۰ اپارٹمنٹس کا قبضہ الاٹیوں کو دے دے گی۔"
    report = (
        "ہاؤسنگ اتھارٹی نے بتایا کہ ۱۰۰۰ فلیٹس میں سے ۴۰۰ کا قبضہ دیا جا چکا ہے۔\n\n"
        "اجلاس پارلیمنٹ ہاؤس میں منعقد ہوا۔\n\n"
    )
    kw = {"first": "2023-01-10", "then": "2023-07-10", "presenter": "Federal Government Employees Housing Authority"}
    rest = _at(_linked(earlier, report + "بقیہ ۶۰۰ فلیٹس دسمبر تک الاٹیوں کو سونپ دیے جائیں گے۔", **kw), "بقیہ ۶۰۰")
    assert (rest.relation, rest.candidate_id) == ("restatement", 0)
    assert "after the progress report on it" in rest.explanation
    # 500 and 400 make no 1,000: not the remainder of that report.
    other = _at(_linked(earlier, report + "بقیہ ۵۰۰ فلیٹس دسمبر تک الاٹیوں کو سونپ دیے جائیں گے۔", **kw), "بقیہ ۵۰۰")
    assert "after the progress report on it" not in other.explanation


def test_what_lenders_asked_for_answers_nobody_but_what_the_committee_asked_for_answers_it() -> None:
    earlier = (
        "The Ministry would sign the financing agreement for the first package of the line by June 2024.\n\n"
        "The Committee directed the Ministry to submit the revised cost estimate of the line within 15 days."
    )
    kw = {"presenter": "Ministry of Railways"}
    stalled = _at(
        _linked(
            earlier,
            "The financing agreement for the first package could not be signed in June, as the lenders had asked"
            " for a revised cost estimate of the line.",
            **kw,
        ),
        "could not be signed",
    )
    assert (stalled.relation, stalled.candidate_id, stalled.status) == ("progress", 0, "stalled")
    directive = next(n for n in stalled.nearest if n.candidate_id == 1)
    assert "answers the committee's request" not in directive.explanation
    answered = _at(
        _linked(
            earlier, "The revised cost estimate of the line the Committee had asked for was submitted in May.", **kw
        ),
        "was submitted",
    )
    assert (answered.relation, answered.candidate_id, answered.status) == ("progress", 1, "done")
    assert "answers the committee's request" in answered.explanation


def test_the_second_after_one_reported_in_the_same_sentence_is_the_rest_of_it() -> None:
    earlier = "The Authority would procure two fire tenders for the airport by December 2023."
    kw = {"first": "2023-06-10", "then": "2024-03-10", "presenter": "Pakistan Airports Authority"}
    proposals = _linked(
        earlier, "One fire tender had been received in January, and the second would be delivered by August 2024.", **kw
    )
    rest = _at(proposals, "the second would be delivered")
    assert (rest.relation, rest.candidate_id, rest.new_deadline) == ("restatement", 0, date(2024, 8, 31))
    # "the second terminal": a noun of its own, another thing.
    proposals = _linked(
        earlier,
        "One fire tender had been received in January, and the second terminal would be built by August 2025.",
        **kw,
    )
    assert _at(proposals, "the second terminal").relation == "new"


def test_a_plan_the_committee_sought_and_still_lacks_is_stalled_on_its_directive_and_asked_for_again() -> None:
    proposals = _linked(
        "The committee directed the CDA to post a sector-wise schedule of tanker supply on its website within"
        " seven days and to present a financing plan for the Ghazi Barotha scheme at its next meeting.",
        "The Committee appreciated that the tanker schedule was now available on the CDA website. The Committee"
        " noted with displeasure that the financing plan for the Ghazi Barotha scheme, sought in November, had"
        " still not been presented, and directed the CDA to submit it within 15 days.",
        first="2020-11-20",
        then="2021-06-15",
        presenter="Capital Development Authority",
    )
    # Two directives of one sentence, alike on the words they share: each report goes to its own.
    posted = _at(proposals, "tanker schedule was now available")
    assert (posted.relation, posted.candidate_id, posted.status) == ("progress", 0, "done")
    missing = _at(proposals, "had still not been presented")
    assert (missing.relation, missing.candidate_id, missing.status) == ("progress", 1, "stalled")
    again = [p for p in proposals if p.item is not None]
    assert [(p.relation, p.candidate_id, p.new_deadline) for p in again] == [("restatement", 1, date(2021, 6, 30))]


def test_a_promise_to_start_is_kept_once_the_thing_has_started() -> None:
    proposals = _linked(
        "ڈائریکٹر جنرل حج کا کہنا تھا کہ تمام ۱۲ حاجی کیمپوں میں عازمین کی تربیت مارچ سے شروع کر دی جائے گی۔",
        "ڈائریکٹر جنرل حج کے مطابق حاجی کیمپوں میں تربیتی نشستیں اپریل کے پہلے ہفتے میں شروع ہو سکیں۔",
        first="2023-11-20",
        then="2024-07-10",
        presenter="Ministry of Religious Affairs and Interfaith Harmony",
    )
    (report,) = proposals
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "done")


def test_a_body_where_a_result_now_lies_is_not_whose_it_is() -> None:
    earlier = _sitting(
        "According to him, the consultant engaged for the Ghazi Barotha conveyance scheme would hand in its"
        " revised feasibility study by March 2021.",
        "2020-11-20",
        presenter="Capital Development Authority",
    )
    later = _sitting(
        "The Committee was further informed that the revised feasibility of the Ghazi Barotha conveyance scheme"
        " had been received in April and was now with the Planning Commission.",
        "2021-06-15",
        presenter="Capital Development Authority",
    )
    (result,) = later.results
    assert result.owner == "Capital Development Authority"
    stored = [candidate_from_item(i, c) for i, c in enumerate(earlier.commitments)]
    (report,) = link(later.commitments, later.results, stored, sitting=later.date)
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "done")
    assert "same owner" in report.explanation


def test_an_urdu_result_goes_to_the_promise_whose_count_it_shares() -> None:
    proposals = _linked(
        "قومی اسمبلی کی قائمہ کمیٹی برائے داخلہ کو بتایا گیا ہے کہ ڈائریکٹوریٹ جنرل امیگریشن اینڈ پاسپورٹس دسمبر سے ملک"
        " کے تمام 98 پاسپورٹ دفاتر میں e-Passport جاری کرنا شروع کر دے گا۔\n\n"
        "ڈائریکٹر جنرل نے بتایا کہ 37 ایسے اضلاع میں جہاں پاسپورٹ دفتر نہیں، نئے دفاتر کا PC-I منصوبہ بندی کمیشن"
        " کو بھیج دیا گیا ہے اور یہ دفاتر جون 2023 تک کام شروع کر دیں گے۔",
        "ڈائریکٹر جنرل کے مطابق 37 اضلاع کے نئے دفاتر کا PC-I تاحال منظور نہیں ہو سکا اس لیے ان پر کام شروع نہیں ہوا۔",
        first="2022-09-20",
        then="2023-04-18",
        presenter="Directorate General of Immigration and Passports",
    )
    report = _at(proposals, "تاحال منظور نہیں ہو سکا")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 1, "stalled")
    assert "both count 37" in report.explanation


def test_one_modifier_before_two_nouns_names_one_thing_and_the_planes_it_is_taking_are_not_it() -> None:
    proposals = _linked(
        "The CEO informed the Committee that PIA would induct six narrow-body aircraft on dry lease by December"
        " 2021 to replace the oldest part of its fleet.",
        "Pakistan International Airlines (PIA) will now bring in the remaining four of the six narrow-body planes"
        " it is taking on dry lease by June 2022 instead of December, the National Assembly Standing Committee"
        " on Aviation was told on Wednesday.",
        first="2021-02-24",
        then="2021-09-15",
        presenter="Pakistan International Airlines",
    )
    (restated,) = proposals
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2022, 6, 30))
    assert '"planes" for "aircraft"' in restated.explanation
    assert "names what the stored one does not" not in restated.explanation


def test_one_modifier_before_two_nouns_of_another_kind_stays_new() -> None:
    (item,) = _linked(
        "PIA would induct six narrow-body aircraft on dry lease by December 2021.",
        "PIA would open two narrow-body hangars at Karachi airport by June 2022.",
        first="2021-02-24",
        then="2021-09-15",
        presenter="Pakistan International Airlines",
    )
    assert item.relation == "new"


def test_a_result_under_an_abbreviation_the_earlier_briefing_defined_reports_on_it() -> None:
    proposals = _linked(
        "He stated that the number of employees per aircraft would be brought down from 480 to 260 by 30th"
        " June, 2021 through a voluntary separation scheme (VSS).",
        "Some 1,870 employees left under the VSS by June, bringing the staff per aircraft down to 355, he said.",
        first="2021-02-24",
        then="2021-09-15",
        presenter="Pakistan International Airlines",
    )
    (report,) = proposals
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "partly_done")


def test_homes_connected_count_the_connections_promised_not_the_meters() -> None:
    proposals = _linked(
        "Sui Northern Gas Pipelines Limited (SNGPL) will provide 350,000 new domestic gas connections during the"
        " current fiscal year. The company would also replace 1.1 million old meters with tamper-proof ones by"
        " June 2022 to bring down gas theft.",
        "The SNGPL managing director said 191,000 homes had been connected between July and February.",
        first="2021-08-17",
        then="2022-03-09",
        presenter="Sui Northern Gas Pipelines Limited",
    )
    (report,) = proposals
    assert (report.relation, report.candidate_id, report.actual) == ("progress", 0, (191000.0, "homes"))
    assert '"connected" counts connections' in report.explanation


def test_a_share_of_the_works_completed_is_work_in_progress_and_a_past_passive_act_is_done() -> None:
    proposals = _linked(
        "The NHA would complete the Hakla motorway by June 2020. The Division would notify the Seed Rules by"
        " December 2020.",
        "The Chairman NHA said that 91 percent of the civil works on the Hakla motorway had been completed."
        " The Secretary informed that the Seed Rules were notified in November.",
        first="2019-01-10",
        then="2019-12-10",
        presenter="National Highway Authority",
    )
    works, rules = _at(proposals, "91 percent"), _at(proposals, "were notified")
    assert (works.candidate_id, works.status) == (0, "in_progress")
    assert (rules.candidate_id, rules.status) == (1, "done")


def test_done_electronically_and_electronic_orders_are_one_thing_moved() -> None:
    proposals = _linked(
        "The FBR told the committee that the Board would start issuing Refund Payment Orders (RPOs) electronically"
        " to all claimants by July.",
        "The FBR told the committee that electronic RPOs would now reach all claimants from January.",
        first="2022-02-15",
        then="2022-08-16",
        presenter="Federal Board of Revenue",
    )
    (moved,) = proposals
    assert (moved.relation, moved.candidate_id, moved.new_deadline) == ("restatement", 0, date(2023, 1, 31))
    assert "another kind" not in moved.explanation


def test_next_years_target_for_the_same_receipts_restates_this_years() -> None:
    # The defect: "has set itself a ... target of Rs 150 billion" for the next year was read as
    # nothing, so this year's Rs 140 billion target stood unchanged.
    proposals = _linked(
        "The Board aims to raise Rs 140 billion from sale proceeds during the current fiscal year.",
        "For 2019-20, the Board has set itself a sale receipts target of Rs 150 billion, the secretary said.",
        first="2018-11-14",
        then="2019-06-12",
        presenter="Privatisation Commission",
    )
    restated = _at(proposals, "target of Rs 150 billion")
    assert (restated.relation, restated.candidate_id) == ("restatement", 0)
    assert restated.new_target == (150e9, "PKR")
    assert restated.new_deadline == date(2020, 6, 30)


def test_the_house_and_the_weekday_the_committee_sat_are_no_names_of_the_thing() -> None:
    # The defect: "Assembly", "Standing" and "Wednesday" counted as names the stored promise did
    # not hold, so a deadline moved on the same named plant was proposed as a new promise.
    proposals = _linked(
        "The transaction for the 1,180 MW power plant at Nandipur near Gujranwala would be completed by the end"
        " of June 2019, he added.",
        "ISLAMABAD: The sale of the government's gas-fired power plant at Nandipur near Gujranwala will now be"
        " completed by December 2019, the National Assembly Standing Committee on Privatisation was told on"
        " Wednesday.",
        first="2018-11-14",
        then="2019-06-12",
        presenter="Privatisation Commission",
    )
    restated = _at(proposals, "will now be completed")
    assert (restated.relation, restated.candidate_id) == ("restatement", 0)
    assert restated.new_deadline == date(2019, 12, 31)


def test_a_part_of_the_targeted_count_is_progress_and_the_remaining_restates_the_deadline() -> None:
    # The defect: "610,000 of the targeted ... accounts" carried no count, so the report read as
    # the whole target delivered.
    proposals = _linked(
        "The Commission would open 1.2 million new investor accounts by the end of this year.",
        "The chairman said about 610,000 of the targeted new investor accounts had been opened so far, and the"
        " remaining 590,000 would now be opened by June 2025.",
        first="2024-03-10",
        then="2024-10-10",
        presenter="Securities and Exchange Commission of Pakistan",
    )
    progress = _at(proposals, "had been opened so far")
    assert (progress.relation, progress.candidate_id, progress.actual) == ("progress", 0, (610000, "accounts"))
    assert progress.status == "in_progress"
    restated = _at(proposals, "remaining 590,000")
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2025, 6, 30))


def test_a_body_no_alias_list_knows_is_its_owner_where_its_abbreviation_is_defined() -> None:
    # The defect: "PSDA has added 14 products" fell to the presenting ministry, so the promise of
    # the Authority the earlier briefing named "PSDA" scored as another owner's and went unlinked.
    proposals = _linked(
        "The Punjab Seed Development Authority (PSDA) would add 20 more products, including cotton and maize"
        " seed, to the compulsory certification list within six months.",
        "PSDA has added 14 products, among them cotton and maize seed, to the mandatory certification regime,"
        " its director told the meeting.",
        first="2021-02-10",
        then="2021-09-15",
        presenter="Ministry of Science and Technology",
    )
    progress = _at(proposals, "has added 14 products")
    assert (progress.relation, progress.candidate_id, progress.actual) == ("progress", 0, (14, "products"))
    assert "names its owner (Punjab Seed Development Authority)" in progress.explanation


def test_a_sentence_naming_no_body_is_not_another_owners_and_its_share_done_is_progress() -> None:
    # The defect: "The committee was told that ..." names no body, so the report fell to the
    # presenting ministry and scored as another owner's against the Authority's laboratory; and
    # "was 70 percent complete", with no verb of result, was no report at all.
    proposals = _linked(
        "The Punjab Seed Development Authority (PSDA) would set up a seed testing laboratory at Multan by"
        " December 2021. It would also print a new seed catalogue by June 2021.",
        "The committee was told that the seed testing laboratory at Multan was 70 percent complete and would"
        " start work in March next year.",
        first="2021-02-10",
        then="2021-09-15",
        presenter="Ministry of Science and Technology",
    )
    progress = next(p for p in proposals if p.relation == "progress")
    assert (progress.candidate_id, progress.status, progress.actual) == (0, "in_progress", (70, "%"))
    assert "names no owner" in progress.explanation
    restated = next(p for p in proposals if p.relation == "restatement")
    assert (restated.candidate_id, restated.new_deadline) == (0, date(2022, 3, 31))


def test_a_sentence_naming_another_body_is_still_another_owners() -> None:
    proposals = _linked(
        "The Punjab Seed Development Authority (PSDA) would set up a seed testing laboratory at Multan by"
        " December 2021.",
        "The committee was told that the Federal Board of Revenue's seed testing laboratory at Multan would"
        " start work in March next year.",
        first="2021-02-10",
        then="2021-09-15",
        presenter="Ministry of Science and Technology",
    )
    (item,) = [p for p in proposals if p.item is not None]
    assert "names no owner" not in item.explanation
    assert "names no owner" not in item.nearest[0].explanation


def test_people_counted_are_no_other_unit_than_the_technicians_promised() -> None:
    # The defect: "1,380 young people" scored as another unit than the 2,000 technicians, and the
    # report went to the condition stated in the same sentence as the promise.
    proposals = _linked(
        "The Council would train 2,000 technicians in phone repair and solar fitting during the current fiscal"
        " year, subject to release of the full PSDP allocation. The Council would open a food laboratory at"
        " Sukkur by June 2021.",
        "He said 1,380 young people had completed the Council's short courses in phone repair and solar fitting"
        " by the end of June.",
        first="2021-02-10",
        then="2021-09-15",
        presenter="Pakistan Council of Scientific and Industrial Research",
    )
    (report,) = proposals
    assert (report.relation, report.candidate_id, report.actual) == ("progress", 0, (1380, "people"))
    assert report.status == "partly_done"
    assert "people may be technicians" in report.explanation


def test_a_place_named_only_in_the_reason_for_a_delay_is_no_other_thing() -> None:
    # The defect: "as work on two culverts near Dhadar had been held up" made Dhadar a place the
    # stored promise did not name, and the bypass moved to December stayed new.
    proposals = _linked(
        "The National Highway Authority would open the Sibi bypass to traffic by August 2024. It would also"
        " award the contract for the Quetta western bypass by March 2024.",
        "The Committee was informed that the bypass would now be opened to traffic by December 2024, as work on"
        " two culverts near Dhadar had been held up.",
        presenter="National Highway Authority",
    )
    restated = next(p for p in proposals if p.item is not None)
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2024, 12, 31))
    assert "dhadar" not in restated.explanation


def test_a_place_the_promise_itself_names_still_tells_another_thing() -> None:
    proposals = _linked(
        "The National Highway Authority would open the Sibi bypass to traffic by August 2024.",
        "The Authority would open a bypass at Dhadar to traffic by December 2024.",
        presenter="National Highway Authority",
    )
    (item,) = proposals
    assert item.relation == "new"
    assert "names what the stored one does not: dhadar" in item.nearest[0].explanation


def test_a_higher_figure_for_the_same_count_carries_it_on_not_a_new_round() -> None:
    # The defect: the year's outcome reported, the next year's higher outlet target was taken for a
    # new round, as a refresher course after a training is; the count goes on growing.
    proposals = _linked(
        "The FBR would integrate 15,000 Tier-1 retail outlets with the POS system by 30 June 2021.",
        "The FBR said 11,240 Tier-1 retail outlets had been integrated with the POS system by 30 June 2021."
        " The FBR would integrate 22,000 Tier-1 retail outlets with the POS system by 30 June 2022.",
        first="2021-02-10",
        then="2021-09-15",
        presenter="Federal Board of Revenue",
    )
    report = next(p for p in proposals if p.relation == "progress")
    assert (report.candidate_id, report.status, report.actual) == (0, "partly_done", (11240, "outlets"))
    restated = next(p for p in proposals if p.item is not None)
    assert (restated.relation, restated.candidate_id) == ("restatement", 0)
    assert (restated.new_target, restated.new_deadline) == ((22000, "outlets"), date(2022, 6, 30))


def test_the_body_directed_promising_it_after_its_time_ran_out_restates_the_directive() -> None:
    # The defect: a commitment against a directive cost 15 %, so the Ministry's new date for the
    # post it had been directed to fill within two months stayed a new, unrelated commitment.
    proposals = _linked(
        "The Committee directed the Ministry to fill the post of Director General of the Authority on a"
        " regular basis within two months. The Ministry would also notify the new service rules of the"
        " Authority by June 2021.",
        "The Secretary said the post of Director General of the Authority would be filled on a regular basis"
        " by the end of October.",
        first="2021-02-16",
        then="2021-09-22",
        presenter="Ministry of Science and Technology",
    )
    (restated,) = proposals
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2021, 10, 31))
    assert "the body directed promises it, its time past" in restated.explanation


def test_a_commitment_against_a_directive_whose_time_has_not_run_out_is_no_answer_to_it() -> None:
    proposals = _linked(
        "The Committee directed the Ministry to fill the post of Director General of the Authority on a"
        " regular basis within six months.",
        "The Secretary said the post of Director General of the Authority would be filled on a regular basis"
        " by the end of October.",
        first="2021-06-16",
        then="2021-09-22",
        presenter="Ministry of Science and Technology",
    )
    (item,) = proposals
    assert "a commitment against a directive" in item.nearest[0].explanation


def test_a_term_in_latin_script_inside_urdu_names_the_same_thing_in_both_briefings() -> None:
    # The defect: "portal", kept in Latin script in both Urdu sentences, counted only as one word
    # among the others, and the portal's new date stayed a new commitment.
    proposals = _linked(
        "انہوں نے کہا کہ شہریوں کے اپنے اندراج کے لیے self-registration portal نومبر میں کھول دیا جائے گا۔"
        " ادارہ تمام اضلاع میں مردم شماری کا عملہ اکتوبر تک تعینات کر دے گا۔",
        "چیف شماریات نے بتایا کہ خانہ شماری کا portal اب 20 فروری کو کھولا جائے گا۔",
        first="2022-07-10",
        then="2023-01-20",
        presenter="Pakistan Bureau of Statistics",
    )
    (restated,) = proposals
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2023, 2, 20))
    assert "both name portal" in restated.explanation


def test_a_run_of_latin_words_inside_urdu_is_one_term_named_by_its_noun() -> None:
    from tracker.linking import _terms

    assert _terms("لاہور میں 12 لاکھ AMI smart meters نصب کیے جائیں گے") == {"meter"}
    assert _terms("شہریوں کے لیے self-enumeration portal کھول دیا جائے گا") == {"portal"}
    assert _terms("The portal would open in February.") == set()


def test_what_the_ministry_did_despite_the_committees_recommendation_drops_that_recommendation() -> None:
    proposals = _linked(
        "The Committee recommended that no new vehicle be bought for the Ministry until the old fleet is"
        " auctioned. The Ministry would release Rs 2 billion for the school buses by March 2025.",
        "The Secretary conceded that the budget for 2025-26 buys 12 new vehicles for the Ministry despite the"
        " Committee's recommendation.",
        first="2025-01-15",
        then="2025-07-15",
        presenter="Ministry of Planning, Development and Special Initiatives",
    )
    (dropped,) = [p for p in proposals if p.relation == "progress"]
    assert (dropped.candidate_id, dropped.status) == (0, "dropped")
    assert "answers the committee's request" in dropped.explanation


def test_the_rest_of_a_list_reported_in_part_is_restated_not_a_new_round() -> None:
    # The defect: "RTO Islamabad" was no name (a capital word after an abbreviation), and the
    # desk still to open, after two of the three had opened, was taken for a new round of desks.
    proposals = _linked(
        "The FBR would open POS facilitation desks in the RTOs of Karachi, Lahore and Islamabad within 30 days.",
        "The FBR said the facilitation desks in Karachi and Lahore had been opened in March. The FBR would open"
        " the facilitation desk at RTO Islamabad by October 2021.",
        first="2021-02-16",
        then="2021-08-25",
        presenter="Federal Board of Revenue",
    )
    report = next(p for p in proposals if p.relation == "progress")
    assert (report.candidate_id, report.status) == (0, "partly_done")
    restated = next(p for p in proposals if p.item is not None)
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2021, 10, 31))
    assert "both name islamabad" in restated.explanation


def test_a_body_written_in_latin_script_inside_urdu_is_who_acts_not_a_name_of_the_thing() -> None:
    # The defect: "SCO" in both Urdu sentences counted as a name of the thing, and towers in other
    # districts were taken for the same towers.
    proposals = _linked(
        "SCO آزاد کشمیر کے 10 اضلاع میں رواں سال دسمبر تک 150 نئے ٹاورز نصب کرے گا۔",
        "SCO گلگت بلتستان کے 6 اضلاع میں بھی 4G کے لیے 90 ٹاورز مارچ 2026 تک نصب کرے گا۔",
        first="2025-01-15",
        then="2025-08-20",
        presenter="Ministry of Kashmir Affairs and Gilgit-Baltistan",
    )
    (item,) = proposals
    assert "both name sco" not in item.nearest[0].explanation


def test_the_other_five_restate_the_rest_and_a_report_that_reached_the_committee_answers_it() -> None:
    # The defects: "the other five would" (a count between "the other" and the verb) was no
    # remainder, and a report that "had still not reached the committee" went to a commitment.
    proposals = _linked(
        "The Department would issue licences to 12 deep-sea fishing vessels by June 2023. The Committee directed"
        " the Department to submit a report on action against foreign trawlers within 30 days. The Department"
        " would publish a report on the fish stock survey by March 2023.",
        "Seven of the 12 vessels had been licensed by August. He said the other five would get theirs by December."
        " The chairperson pointed out that the report on action against foreign trawlers had still not reached"
        " the committee.",
        first="2023-01-20",
        then="2023-09-12",
        presenter="Marine Fisheries Department",
    )
    rest = next(p for p in proposals if "other five" in p.sentence)
    assert (rest.relation, rest.candidate_id, rest.new_deadline) == ("restatement", 0, date(2023, 12, 31))
    report = next(p for p in proposals if "trawlers" in p.sentence)
    assert (report.relation, report.candidate_id, report.status) == ("progress", 1, "stalled")
    assert "answers the committee's request" in report.explanation


def test_who_was_told_in_urdu_and_the_committees_long_name_are_no_part_of_what_was_said() -> None:
    # The defect: both briefings open with the committee's long name ("... برائے کابینہ سیکرٹریٹ کو
    # بتایا گیا ہے کہ"), so a new date for the mobile app went to the offices stated the same way.
    proposals = _linked(
        "قومی اسمبلی کی قائمہ کمیٹی برائے کابینہ سیکرٹریٹ کو بتایا گیا ہے کہ ادارہ دسمبر تک ملک کے ۱۰ اضلاع میں"
        " اپنے دفاتر کھول دے گا۔ سیکرٹری نے بتایا کہ شکایات درج کرانے کے لیے موبائل ایپ اکتوبر میں جاری کر دی"
        " جائے گی۔",
        "قومی اسمبلی کی قائمہ کمیٹی برائے کابینہ سیکرٹریٹ کو بتایا گیا ہے کہ ادارے کی موبائل ایپلیکیشن اب مارچ کے"
        " آخر تک عوام کو دستیاب ہو گی۔",
        first="2022-08-20",
        then="2023-02-15",
        presenter="Federal Ombudsman",
    )
    restated = [p for p in proposals if p.relation == "restatement"]
    assert restated
    assert {(p.candidate_id, p.new_deadline) for p in restated} == {(1, date(2023, 3, 31))}


def test_the_remaining_ones_in_the_clause_that_reports_the_part_done_restate_the_rest() -> None:
    # The defect: a report clause that ran to the sentence's end held the remainder too, and the
    # remainder (not after the report's end) was taken for a new item.
    proposals = _linked(
        "The Board would settle all 4,000 pending pension claims by December 2024.",
        "The chairman said 2,500 of the 4,000 pending pension claims had been settled and that the remaining"
        " claims would be settled by April 2025.",
        first="2024-03-10",
        then="2024-11-20",
        presenter="Employees Old-Age Benefits Institution",
    )
    report = next(p for p in proposals if p.relation == "progress")
    assert report.candidate_id == 0
    rest = next(p for p in proposals if p.item is not None)
    assert (rest.relation, rest.candidate_id, rest.new_deadline) == ("restatement", 0, date(2025, 4, 30))


def test_one_of_a_listed_set_left_after_the_others_are_reported_done_is_the_rest_of_that_promise() -> None:
    # The defect: a company written as an abbreviation ("SEPCO") was no name, so the one audit
    # still to finish, after the report on the other two in the same sentence, was a new item.
    proposals = _linked(
        "The Authority would complete inspections of the grid stations of IESCO, GEPCO and SEPCO by June 2024.",
        "The Member (Technical) said that the inspections of IESCO and GEPCO had been carried out and the SEPCO"
        " inspection would be carried out by the end of October.",
        first="2024-01-15",
        then="2024-08-20",
        presenter="National Electric Power Regulatory Authority",
    )
    report = next(p for p in proposals if p.relation == "progress")
    assert report.candidate_id == 0
    rest = next(p for p in proposals if p.item is not None)
    assert (rest.relation, rest.candidate_id, rest.new_deadline) == ("restatement", 0, date(2024, 10, 31))
    assert "the rest of the list" in rest.explanation


def test_a_thing_now_due_after_the_date_it_missed_is_that_promise_moved_on() -> None:
    # The defect: "the draft" shares few words with "the revised licensing rules", and a promise
    # "now" due later than one whose date had passed was scored as any other new item.
    proposals = _linked(
        "The Authority would send the revised licensing rules to the Law Division for vetting by October 2019.",
        "The chairman said the draft would now reach the Law Division by the end of March 2020.",
        first="2019-06-10",
        then="2019-12-20",
        presenter="Pakistan Electronic Media Regulatory Authority",
    )
    (moved,) = proposals
    assert (moved.relation, moved.candidate_id, moved.new_deadline) == ("restatement", 0, date(2020, 3, 31))
    assert "due after its passed date" in moved.explanation


def test_what_is_now_also_done_or_a_similar_one_is_another_thing_not_the_promise_moved_on() -> None:
    proposals = _linked(
        "The Authority would audit the billing of three distribution companies by June 2023.",
        "The Authority would now also carry out a similar audit of the billing of K-Electric by December 2023.",
        first="2022-11-10",
        then="2023-07-20",
        presenter="National Electric Power Regulatory Authority",
    )
    (item,) = proposals
    assert item.relation == "new"
    assert '"also"' in item.nearest[0].explanation


def test_the_body_directed_giving_a_date_after_its_time_ran_out_is_the_directive_moved_on() -> None:
    # The defect: the Ministry's date for the report it had been directed to give within 15 days,
    # in other words than the directive's, stayed a new commitment though those days were gone.
    proposals = _linked(
        "The Committee directed the Ministry to submit a report on the inquiry into the delayed Hajj refunds"
        " within 15 days.",
        "The Ministry assured the committee that the report on the refunds would be laid before it by the end"
        " of August.",
        first="2023-11-10",
        then="2024-06-20",
        presenter="Ministry of Religious Affairs and Interfaith Harmony",
    )
    (moved,) = proposals
    assert (moved.relation, moved.candidate_id, moved.new_deadline) == ("restatement", 0, date(2024, 8, 31))
    assert "due after its passed date" in moved.explanation


def test_why_a_result_stands_as_it_does_is_no_part_of_what_it_is_about() -> None:
    # The defect: "because the contractor had not been paid the second instalment" was read as
    # what the result was about, and "second" marked it another thing, so the stalled hospital
    # was reported on nothing.
    proposals = _linked(
        "The Ministry would complete a 100-bed hospital for burn patients in Sukkur by December 2024. The"
        " Ministry would open 12 district drug testing laboratories by June 2024.",
        "Officials said work on the burns centre had stalled since March because the contractor had not been"
        " paid the second instalment.",
        first="2024-01-10",
        then="2024-08-10",
        presenter="Ministry of National Health Services",
    )
    (report,) = proposals
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "stalled")
    assert '"second"' not in report.explanation


def test_money_released_short_of_what_was_sought_is_part_of_it_before_the_deadline_too() -> None:
    # The defect: "Rs 300 million of the Rs 500 million" released before the deadline read as work
    # under way, though a release is made once and what came was short of what was sought.
    proposals = _linked(
        "The Finance Division would release Rs 500 million for the girls' hostels scheme by June 2025.",
        "The Finance Division had released Rs 300 million of the Rs 500 million for the girls' hostels scheme.",
        first="2024-09-10",
        then="2025-03-12",
        presenter="Finance Division",
    )
    (report,) = proposals
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "partly_done")
    assert "released short" in report.explanation


def test_people_counted_against_a_length_of_road_are_another_unit() -> None:
    # The defect: "people" against any stored unit was waived as "people may be km", so a count of
    # people scored as closely as a count of the road promised.
    (report,) = _linked(
        "The Authority would build 40 km of road in the Sibi district by June 2024.",
        "Some 1,380 people had benefited from the new road in the Sibi district.",
        presenter="National Highway Authority",
    )
    assert "units differ (people / km)" in report.explanation
    assert "people may be km" not in report.explanation


# --- mentions: a sentence no cue reads, proposed where it names a stored commitment strongly ----

DRY_PORT = (
    "The Secretary Commerce told the Committee that the dry port's second phase would be completed by June 2025.\n\n"
    "He said the Ministry would get the feasibility of the Thar coal freight line approved by March 2025.\n\n"
    "The Ministry would also set up a bonded warehouse at Gwadar by December 2025."
)


def _commerce(later: str) -> list[Proposal]:
    return _linked(DRY_PORT, later, first="2025-01-15", then="2025-08-20", presenter="Ministry of Commerce")


def test_work_said_to_be_going_on_is_a_mention_of_the_promise_in_progress() -> None:
    # The defect: "is going on" is in no list of cues, so the sentence was read as nothing and the
    # committee's follow-up on the second phase was lost; then it was kept with no status,
    # though its verb says the work goes on.
    (mention,) = _commerce(
        "The Secretary Commerce told the Committee that work on the dry port's second phase is going on."
    )
    assert (mention.relation, mention.candidate_id, mention.status, mention.actual) == (
        "progress",
        0,
        "in_progress",
        None,
    )
    assert "mentioned, work going on" in mention.explanation
    assert mention.result is not None
    assert mention.result.mention


def test_a_mention_that_says_nothing_of_how_far_it_got_keeps_no_status() -> None:
    (mention,) = _commerce("The Secretary Commerce briefed the Committee on the dry port's second phase at Sukkur.")
    assert (mention.relation, mention.candidate_id, mention.status) == ("progress", 0, None)
    assert "mentioned: no change of status read" in mention.explanation


def test_a_feasibility_not_yet_before_the_board_is_a_mention_that_stalled() -> None:
    # "has not yet come before" holds no verb of result: only the grammar of negation says it is stuck.
    (mention,) = _commerce("The feasibility of the Thar coal freight line has not yet come before the CDWP.")
    assert (mention.relation, mention.candidate_id, mention.status) == ("progress", 1, "stalled")
    assert '"has not yet"' in mention.explanation
    # The cue reading already says so where a verb of result is negated, and still does.
    (cued,) = _commerce("The feasibility of the Thar coal freight line has not yet been approved.")
    assert (cued.relation, cued.candidate_id, cued.status) == ("progress", 1, "stalled")


def test_an_urdu_mention_still_under_consideration_is_stalled() -> None:
    (mention,) = _linked(
        "وزارت تجارت نے بتایا کہ تھر کول فریٹ لائن کی فزیبلٹی مارچ 2025 تک منظور کرا لی جائے گی۔",
        "وزارت تجارت کے مطابق تھر کول فریٹ لائن کی فزیبلٹی ابھی تک زیر غور ہے۔",
        first="2025-01-15",
        then="2025-08-20",
        presenter="Ministry of Commerce",
    )
    assert (mention.relation, mention.candidate_id, mention.status) == ("progress", 0, "stalled")


def test_a_sentence_naming_another_thing_of_the_same_owner_gives_nothing() -> None:
    proposals = _commerce(
        "The Secretary Commerce told the Committee that work on the dry port's second phase is going on.\n\n"
        "The Ministry's new trade portal for exporters is with the Law Division."
    )
    assert [(p.relation, p.candidate_id) for p in proposals] == [("progress", 0)]
    assert not any("trade portal" in p.sentence for p in proposals)


def test_a_mention_with_a_later_limit_date_moves_the_deadline() -> None:
    (moved,) = _commerce("The dry port's second phase is now expected to finish by December 2025, the Secretary said.")
    assert (moved.relation, moved.candidate_id, moved.new_deadline) == ("restatement", 0, date(2025, 12, 31))
    assert "deadline moved 2025-06-30 -> 2025-12-31" in moved.explanation


def test_a_mention_of_two_alike_commitments_names_neither() -> None:
    # Two promises about one port, and a sentence that says "the port" and little else: too close
    # to call, so no mention is proposed for either.
    proposals = _linked(
        "The Authority would dredge the Gwadar port channel by June 2025.\n\n"
        "The Authority would extend the Gwadar port berth by June 2025.",
        "Work at Gwadar port is going on.",
        first="2025-01-15",
        then="2025-08-20",
        presenter="Gwadar Port Authority",
    )
    assert proposals == []


def test_of_two_close_candidates_the_one_holding_the_rare_words_of_the_report_is_chosen() -> None:
    # The defect: a result goes to a commitment rather than a directive by 10 %, which outweighed
    # the words: "illegal occupants" are named by the directive alone, yet the report went to the
    # census, whose common words ("Estate Office", "government houses") it shares with both.
    proposals = _linked(
        "The Estate Office would complete the census of government houses in Islamabad by March 2024."
        " The Committee directed the Estate Office to share the list of illegal occupants of government"
        " houses within two weeks.",
        "The Estate Office had identified 300 illegal occupants of houses in the capital.",
        presenter="Ministry of Housing and Works",
    )
    (report,) = proposals
    assert (report.relation, report.candidate_id) == ("progress", 1)
    assert "its distinctive words: 100% held, against 0%" in report.explanation


def test_a_report_that_gives_the_rest_a_new_date_in_its_own_clause_also_restates_the_deadline() -> None:
    # The defect: "expects the remaining 18 to be running by June next year", in the report's own
    # clause and no item of its own, was read as part of the progress report only; the date moved
    # was lost.
    proposals = _linked(
        "The Met Office would install 30 new weather radars across the country by December 2024.",
        "The Met Office has installed 12 of the 30 planned weather radars and expects the remaining 18 to be"
        " running by June next year.",
        presenter="Pakistan Meteorological Department",
    )
    report, restated = proposals
    assert (report.relation, report.candidate_id, report.actual) == ("progress", 0, (12, "radars"))
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2025, 6, 30))
    assert report.sentence[restated.start - report.start :].startswith(" and expects the remaining 18")


def test_a_report_saying_when_work_resumed_moves_no_deadline() -> None:
    # The limit of the rule above: "resumed in August" says when it happened; only a date something
    # "would", "will" or "is expected to" happen by is a new deadline.
    proposals = _linked(
        "The Met Office would install 30 new weather radars across the country by December 2024.",
        "Installation of the weather radars has resumed in August after the sites had been closed for nine weeks.",
        then="2024-09-10",
        presenter="Pakistan Meteorological Department",
    )
    assert [(p.relation, p.candidate_id) for p in proposals] == [("progress", 0)]


def test_a_target_raised_from_the_stored_figure_to_another_restates_the_target() -> None:
    # The defect: "has been raised from 1,200 to 1,500" read as a result, and the 1,500 as 125 %
    # of the target delivered.
    proposals = _linked(
        "The Institute would train 1,200 auditors in forensic audit in the current fiscal year.",
        "The Institute said 540 auditors had been trained so far, and this year's target has been raised from"
        " 1,200 to 1,500 auditors.",
        first="2023-08-10",
        then="2024-01-10",
        presenter="Auditor General of Pakistan",
    )
    report, restated = proposals
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "in_progress")
    assert (restated.relation, restated.candidate_id, restated.new_target) == ("restatement", 0, (1500, "auditors"))
    assert restated.new_deadline is None


def test_an_item_stating_the_count_a_stored_promise_states_restates_it() -> None:
    # The defect: a shared count ("1,800") told a result's commitment only, never an item's, and a
    # count written with a thousands comma was not read at all.
    proposals = _linked(
        "The Authority would install 1,800 new traffic cameras in the city by June 2023. It would also upgrade"
        " the data centre by April 2023.",
        "The project for the 1,800 cameras would be finished by December 2023.",
        first="2023-01-10",
        then="2023-08-10",
        presenter="Safe City Authority",
    )
    (restated,) = proposals
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2023, 12, 31))
    assert "both count 1800" in restated.explanation


def test_a_number_word_before_a_noun_says_how_many_not_which_kind() -> None:
    # The defect: "40 thousand households" against "deserving households" read as another kind of
    # household, as "cotton seed" against "maize seed" is, so the remainder of the promise stayed new.
    proposals = _linked(
        "The Programme would enrol 7 lakh more deserving households in the Kafalat scheme by June 2024.",
        "The remaining 1 lakh 40 thousand households would be enrolled by September 2024.",
        first="2023-06-10",
        then="2023-12-10",
        presenter="Benazir Income Support Programme",
    )
    (restated,) = proposals
    assert (restated.relation, restated.candidate_id, restated.new_deadline) == ("restatement", 0, date(2024, 9, 30))
    assert "another kind" not in restated.explanation


# --- the status a report implies, by the aspect of its verb -----------------------------------


def test_a_phase_being_built_is_in_progress_though_its_date_has_passed() -> None:
    # The defect: "is being built" was read as "built", and with June 2025 gone by the clerk was
    # offered "partly done" for a phase still under construction.
    (report,) = _commerce("The dry port's second phase is being built by the port trust, the Secretary Commerce said.")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "in_progress")
    assert "work going on" in report.explanation


def test_urdu_work_going_on_is_in_progress() -> None:
    (report,) = _linked(
        "وزارت تجارت نے بتایا کہ ڈرائی پورٹ کا دوسرا مرحلہ جون 2025 تک مکمل کر لیا جائے گا۔",
        "وزارت تجارت نے بتایا کہ ڈرائی پورٹ کے دوسرے مرحلے پر کام جاری ہے۔",
        first="2025-01-15",
        then="2025-08-20",
        presenter="Ministry of Commerce",
    )
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "in_progress")


def test_a_warehouse_now_operational_is_done() -> None:
    # The defect: "is now operational" was read as work reported, so the promise stayed in
    # progress after the warehouse had opened.
    (report,) = _commerce("The bonded warehouse at Gwadar is now operational, the Ministry told the Committee.")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 2, "done")
    assert "in use now" in report.explanation


def test_one_of_two_promised_offices_operational_is_not_done() -> None:
    proposals = _linked(
        "The Directorate would make the new passport offices at Quetta and Turbat operational by December 2025.",
        "The passport office at Quetta is now operational, while the one at Turbat has not been furnished.",
        first="2025-01-15",
        then="2025-08-20",
        presenter="Directorate General of Immigration and Passports",
    )
    assert [(p.relation, p.candidate_id) for p in proposals] == [("progress", 0), ("progress", 0)]
    assert "done" not in {p.status for p in proposals}


def test_urdu_a_share_of_the_building_is_how_far_it_got() -> None:
    # The defect: "۴۵ فیصد" is no amount the parser reads, so 45 percent built was "done".
    (report,) = _linked(
        "وزارت نے بتایا کہ اسلام آباد میں جامعہ کی عمارت دسمبر 2026 تک مکمل کر لی جائے گی۔",
        "وزارت نے بتایا کہ اسلام آباد میں جامعہ کی عمارت کا ۴۵ فیصد تعمیراتی کام مکمل ہو چکا ہے۔",
        first="2025-01-15",
        then="2025-08-20",
        presenter="Overseas Pakistanis Foundation",
    )
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "in_progress")
    assert "45% of the target" in report.explanation


def test_urdu_part_of_the_money_released_is_partly_done_with_the_amount_released() -> None:
    # The defect: "2 ارب روپے میں سے 1.2 ارب روپے" gave the whole as the actual: 100 percent, done.
    (report,) = _linked(
        "وزارت خزانہ گندم کی سبسڈی کے لیے 2 ارب روپے جون 2025 تک جاری کرے گی۔",
        "وزارت خزانہ نے گندم کی سبسڈی کے 2 ارب روپے میں سے 1.2 ارب روپے جاری کر دیے ہیں۔",
        first="2025-01-15",
        then="2025-08-20",
        presenter="Finance Division",
    )
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "partly_done")
    assert report.actual == (1.2e9, "PKR")


def test_urdu_warehouses_completed_so_far_are_work_in_progress() -> None:
    (report,) = _linked(
        "این ڈی ایم اے نے بتایا کہ سیلاب زدہ اضلاع میں امدادی سامان کے گودام تعمیر کیے جائیں گے۔",
        "انہوں نے بتایا کہ اب تک ۶ گوداموں کی تعمیر مکمل ہوئی ہے۔",
        first="2025-01-15",
        then="2025-08-20",
        presenter="National Disaster Management Authority",
    )
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "in_progress")
    assert "so far" in report.explanation


def test_a_portal_that_went_live_is_done_though_users_joined_so_far() -> None:
    # "so far" is said of the employers counted, not of the portal's going live.
    (report,) = _linked(
        "The Authority would launch an apprenticeship portal for employers by March 2025.",
        "The apprenticeship portal went live on 3 May 2025 and 1,900 employers have signed up so far.",
        first="2025-01-15",
        then="2025-08-20",
        presenter="National Vocational and Technical Training Commission",
    )
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "done")


# --- sentences that were passed over, and now give their proposal -----------------------------


def test_what_members_were_told_is_a_report_of_the_body() -> None:
    # The defect: a sentence opening with "Members" was taken for a member's own remark.
    (report,) = _commerce(
        "Members were told that the feasibility of the Thar coal freight line had still not been approved."
    )
    assert (report.relation, report.candidate_id, report.status) == ("progress", 1, "stalled")


def test_a_member_complaining_the_list_came_late_reports_the_directive_met() -> None:
    (report,) = _linked(
        "The Committee directed the Authority to share the district-wise list of licensed operators.",
        "Members complained that the district-wise list of licensed operators had reached the Committee"
        " only last week.",
        first="2025-01-15",
        then="2025-08-20",
    )
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "done")
    assert "what the committee asked for, given" in report.explanation


def test_a_members_own_view_still_gives_nothing() -> None:
    proposals = _commerce("Members said the Thar coal freight line feasibility should have been approved long ago.")
    assert proposals == []


def test_a_new_date_in_the_clause_after_a_stalled_report_restates_the_deadline() -> None:
    # The defect: the result clause ended at "survey", and the date in the words after it was lost.
    stalled, moved = _commerce(
        "The Committee was informed that the feasibility of the Thar coal freight line could not be approved in"
        " March as the CDWP had sought a fresh survey, and that it would now be approved by the end of October 2025."
    )
    assert (stalled.relation, stalled.candidate_id, stalled.status) == ("progress", 1, "stalled")
    assert (moved.relation, moved.candidate_id, moved.new_deadline) == ("restatement", 1, date(2025, 10, 31))
    assert "deadline moved 2025-03-31 -> 2025-10-31" in moved.explanation


def test_a_headline_like_line_in_the_body_stating_a_share_reports_on_the_promise() -> None:
    # The defect: "سرمائی پیکٹ: ۳ لاکھ میں سے ..." (winter packs: 260,000 of 300,000 families) reads
    # as a headline, and headlines were never read, though this one stands among the body's
    # sentences and says how far the distribution got.
    (report,) = _linked(
        "این ڈی ایم اے نے بتایا کہ دسمبر تک ۳ لاکھ خاندانوں میں سرمائی پیکٹ تقسیم کیے جائیں گے۔",
        "چیئرمین این ڈی ایم اے نے بتایا کہ محکمہ موسمیات نے اس سال زیادہ بارشوں کی پیش گوئی کی ہے۔\n\n"
        "سرمائی پیکٹ: ۳ لاکھ میں سے ۲ لاکھ ۶۰ ہزار خاندانوں تک",
        first="2025-01-15",
        then="2025-08-20",
        presenter="National Disaster Management Authority",
    )
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "in_progress")
    assert report.actual == (260000.0, "خاندانوں")
    assert "87% of the target" in report.explanation


def test_a_report_read_as_done_that_expects_to_finish_later_moves_the_deadline() -> None:
    # The defect: 48 of the 40 cities read as done, and the date in its next clause was dropped.
    proposals = _linked(
        "The Authority would extend the single complaint system to 40 cities by June 2025.",
        "The Authority has extended the single complaint system to 48 cities and now expects to finish it by"
        " November 2025.",
        first="2025-01-15",
        then="2025-08-20",
    )
    moved = [p for p in proposals if p.relation == "restatement"]
    assert [(p.candidate_id, p.new_deadline) for p in moved] == [(0, date(2025, 11, 30))]


# --- what a maintainer's read of the last rounds found ---------------------------------------


def test_a_date_for_another_promise_after_a_report_moves_no_deadline() -> None:
    # The defect: any date ahead in the rest of the sentence moved the reported promise's deadline,
    # though the words before it were about the freight line, or about the accounts.
    proposals = _commerce(
        "The Secretary said the dry port's second phase had been 60 percent completed, and the freight line's"
        " feasibility is now expected by May 2026."
    )
    assert [(p.relation, p.candidate_id, p.new_deadline) for p in proposals] == [("progress", 0, None)]
    proposals = _commerce(
        "The Secretary said the dry port's second phase had been 60 percent completed; the audit of the accounts"
        " is expected to finish by November 2025."
    )
    assert [(p.relation, p.candidate_id, p.new_deadline) for p in proposals] == [("progress", 0, None)]


def test_a_date_for_the_rest_of_the_reported_work_moves_its_deadline_and_quotes_those_words() -> None:
    report, moved = _commerce(
        "The Secretary said the dry port's second phase had been 60 percent completed, and the rest is now"
        " expected by May 2026."
    )
    assert (report.relation, report.candidate_id) == ("progress", 0)
    assert (moved.relation, moved.candidate_id, moved.new_deadline) == ("restatement", 0, date(2026, 5, 31))
    assert moved.sentence == ", and the rest is now expected by May 2026"


def test_two_promises_due_within_the_same_number_of_days_share_no_count() -> None:
    # The defect: "within 30 days" on both sides read as a count both state (+10 %), and a draft on
    # satellite licences restated the promise of a spectrum audit report.
    proposals = _linked(
        "The Authority would submit the spectrum audit report to the Committee within 30 days.\n\n"
        "The Authority would issue the licensing rules for satellite operators by June 2024.",
        "The Authority would submit the satellite licensing draft to the Committee within 30 days.",
    )
    assert [p.relation for p in proposals] == ["new"]
    assert "both count" not in proposals[0].explanation


def test_a_period_from_one_month_to_another_sets_no_limit() -> None:
    # The defect: "July 2025 to June 2026" read "to June 2026" as a limit, and the deadline of the
    # second phase moved to the end of the period its accounts cover.
    for sentence in (
        "The Secretary said the dry port's second phase at Sukkur accounts for the period July 2025 to June 2026"
        " were audited.",
        "The dry port's second phase at Sukkur accounts covering July 2025 to December 2025 were shown to the"
        " Committee.",
    ):
        (mention,) = _commerce(sentence)
        assert (mention.relation, mention.candidate_id, mention.new_deadline) == ("progress", 0, None)
    # A limit after a month that opens nothing still moves it.
    (moved,) = _commerce(
        "The dry port's second phase at Sukkur, delayed in July, is now expected to finish by December 2025."
    )
    assert (moved.relation, moved.new_deadline) == ("restatement", date(2025, 12, 31))


_URDU_PORT = "وزارت تجارت نے بتایا کہ سکھر ڈرائی پورٹ کا دوسرا مرحلہ جون 2025 تک مکمل کر لیا جائے گا۔"


def _urdu_port(later: str) -> list[Proposal]:
    return _linked(_URDU_PORT, later, first="2025-01-15", then="2025-08-20", presenter="Ministry of Commerce")


def test_an_urdu_percent_that_is_no_share_of_the_work_is_not_how_far_it_got() -> None:
    # The defect: any "N فیصد" was read as the share of the work done: a 10 percent cut in the
    # budget was "10% of the target", and an interest rate of 22 percent partly done.
    for later in (
        "سکھر ڈرائی پورٹ کے دوسرے مرحلے کے بجٹ میں 10 فیصد کٹوتی کی گئی ہے۔",
        "سکھر ڈرائی پورٹ کے دوسرے مرحلے پر شرح سود 22 فیصد ہے۔",
    ):
        proposals = _urdu_port(later)
        assert [(p.relation, p.candidate_id) for p in proposals] == [("progress", 0)]
        assert "of the target" not in proposals[0].explanation
    (rate,) = _urdu_port("سکھر ڈرائی پورٹ کے دوسرے مرحلے پر شرح سود 22 فیصد ہے۔")
    assert rate.status is None


def test_an_urdu_share_with_the_urdu_decimal_sign_is_read_whole() -> None:
    # The defect: "۶۷٫۸" was read from its last digit, 8 percent.
    (report,) = _urdu_port("سکھر ڈرائی پورٹ کے دوسرے مرحلے کا ۶۷٫۸ فیصد تعمیراتی کام مکمل ہو چکا ہے۔")
    assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "partly_done")
    assert "68% of the target" in report.explanation


def test_a_mention_of_what_could_not_go_ahead_is_stalled_and_what_might_not_is_no_status() -> None:
    # The defect: "could" in "could not" was read as a hedge, so the mention kept no status.
    (stalled,) = _commerce("The tender for the dry port's second phase at Sukkur could not move ahead this year.")
    assert (stalled.relation, stalled.candidate_id, stalled.status) == ("progress", 0, "stalled")
    (hedged,) = _commerce("The tender for the dry port's second phase at Sukkur might not move ahead this year.")
    assert (hedged.relation, hedged.candidate_id, hedged.status) == ("progress", 0, None)


def test_people_complaining_about_the_work_say_nothing_of_it_going_on() -> None:
    # The defect: any "have been ...ing" read as work going on, so traders' complaints put the
    # second phase in progress.
    (complaint,) = _commerce("Traders at Sukkur have been complaining about delays in the dry port's second phase.")
    assert (complaint.relation, complaint.candidate_id, complaint.status) == ("progress", 0, None)
    (work,) = _commerce("Contractors have been building the dry port's second phase at Sukkur since March.")
    assert (work.relation, work.candidate_id, work.status) == ("progress", 0, "in_progress")


def test_a_demand_members_made_at_the_end_of_the_sentence_moves_no_deadline() -> None:
    # The defect: only a sentence opening with members was theirs; ", members demanded" at its end
    # moved the second phase's deadline on their demand.
    proposals = _commerce("The dry port's second phase at Sukkur must be completed by December 2025, members demanded.")
    assert proposals == []


def test_what_members_of_the_committee_were_told_by_the_chairman_is_a_report_of_the_body() -> None:
    # The defect: "of the Committee" between "Members" and "were informed", or the Chairman named
    # after "told by", made the body's report a member's remark, and nothing was proposed.
    for sentence in (
        "Members of the Committee were informed that work on the dry port's second phase at Sukkur is going on.",
        "Members were told by the Chairman that work on the dry port's second phase at Sukkur is going on.",
    ):
        (report,) = _commerce(sentence)
        assert (report.relation, report.candidate_id, report.status) == ("progress", 0, "in_progress")
