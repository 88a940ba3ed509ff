"""Review: a briefing's items are proposed, count nowhere until accepted, and a rejected item
is not proposed again. Through the command line, the service and the TUI's facade, on real
SQLite files (and PostgreSQL with TRACKER_TEST_DB_URL), with a real SMTP server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from freezegun import freeze_time
from sqlalchemy import text

from tests.conftest import Cli, InProcess, table_snapshot
from tests.test_reminders import Handler, Server, body, free_port

MOITT = "Ministry of Information Technology and Telecommunication"  # "Ministry of IT and ..." in the text
FBR = "Federal Board of Revenue"
TITLE = "Broadband and cable briefing"
OPINION = "Senator Tahir Sial said the government will lose revenue if the rules are delayed again."
BRIEFING = f"""---
title: {TITLE}
date: 2025-06-10
committee: Senate Standing Committee on IT and Telecom
presenter: Ministry of IT and Telecommunication
---

The Ministry of IT and Telecommunication will complete the cable landing station at Karachi by 30 June 2025.

The Ministry of IT and Telecommunication will launch the national broadband plan by 20 July 2025.

The Federal Board of Revenue will notify the tax facilitation rules for freelancers by 25 June 2025.

{OPINION}
"""
# The same cable sentence, heard again at a later sitting.
LATER = """---
title: Follow-up on connectivity
date: 2025-09-15
committee: Senate Standing Committee on IT and Telecom
presenter: Ministry of IT and Telecommunication
---

The Ministry of IT and Telecommunication will complete the cable landing station at Karachi by 30 June 2025.

The Ministry of IT and Telecommunication will set up 50 new software technology parks by June 2026.
"""
CABLE, BROADBAND, TAX = 1, 2, 3  # ids in the order of the text
AS_OF = "2025-07-01"  # cable and tax overdue, broadband due within 30 days


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    path = tmp_path / "broadband.md"
    path.write_text(BRIEFING, encoding="utf-8")
    return path


@pytest.fixture
def proposed(cli: Cli, briefing: Path) -> Cli:
    """The briefing imported: three items wait for review."""
    result = cli("import", str(briefing))
    assert result.exit_code == 0, result.output
    return cli


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path) -> Iterator[Server]:
    monkeypatch.setenv("TRACKER_SMTP_FROM", "Committee Secretariat <secretariat@senate.gov.pk>")
    if db_url.startswith("postgresql"):
        monkeypatch.setenv("TRACKER_LOCK_FILE", str(tmp_path / "reminders.lock"))
    handler = Handler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield Server(handler, controller.port)
    finally:
        controller.stop()


def overdue_ids(cli: Cli) -> list[int]:
    result = cli("export", "overdue", "--as-of", AS_OF, "--format", "json")
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)]


def markdown_totals(cli: Cli) -> str:
    result = cli("export", "all", "--as-of", AS_OF, "--format", "md")
    assert result.exit_code == 0, result.output
    return next(line for line in result.stdout.splitlines() if line.startswith("- Overdue:"))


def summary(store: Any) -> Any:
    from tracker.browse import Browser, View

    return Browser(store, today=date(2025, 7, 1)).summary(View(as_of=date(2025, 7, 1)))


def reviews(store: Any) -> dict[int, tuple[str, str | None]]:
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT id, review, reviewed_by FROM commitment ORDER BY id"))
        return {r[0]: (r[1], r[2]) for r in rows}


def history_notes(cli: Cli, item: int) -> list[str]:
    shown = cli("show", str(item), "--format", "json")
    assert shown.exit_code == 0, shown.output
    return [h["note"] for h in json.loads(shown.stdout)["history"]]


# ---------------------------------------------------------------- proposed: listed, counted nowhere


def test_an_imported_briefing_proposes_its_items_and_list_marks_them(proposed: Cli, store: Any) -> None:
    assert reviews(store) == {CABLE: ("proposed", None), BROADBAND: ("proposed", None), TAX: ("proposed", None)}
    listed = proposed("list", "--as-of", AS_OF)
    assert listed.exit_code == 0, listed.output
    rows = listed.stdout.splitlines()[1:]
    assert [row.split()[0] for row in rows] == ["1", "2", "3"]
    assert all("(proposed) " in row for row in rows)
    as_json = json.loads(proposed("list", "--as-of", AS_OF, "--format", "json").stdout)
    assert [(r["id"], r["review"]) for r in as_json] == [(1, "proposed"), (2, "proposed"), (3, "proposed")]


def test_proposed_items_are_in_no_report_count_or_calendar(proposed: Cli, store: Any) -> None:
    assert overdue_ids(proposed) == []
    assert markdown_totals(proposed) == "- Overdue: 0 · Open: 0 (including the overdue) · Closed: 0 · Total: 0"
    assert summary(store).total == 0
    with freeze_time("2025-07-01 06:00:00"):
        calendar = proposed("export", "calendar")
    assert calendar.exit_code == 0, calendar.output
    assert "BEGIN:VEVENT" not in calendar.stdout


def test_proposed_items_are_never_reminded_and_accepted_ones_are(proposed: Cli, smtp: Server) -> None:
    assert proposed("owner", "set", MOITT, "--email", "moitt@gov.pk").exit_code == 0
    assert proposed("owner", "set", FBR, "--email", "fbr@gov.pk").exit_code == 0

    before = proposed("remind", "--smtp", smtp.address, "--as-of", AS_OF)
    assert before.exit_code == 0, before.output
    assert smtp.received == []

    assert proposed("review", "--accept", f"{CABLE}").exit_code == 0
    after = proposed("remind", "--smtp", smtp.address, "--as-of", AS_OF)
    assert after.exit_code == 0, after.output
    assert smtp.subjects() == [f"[tracker] 1 overdue - {MOITT}"]
    assert "Complete the cable landing station" in body(smtp.received[0])


# ---------------------------------------------------------------- deciding


def test_accepting_counts_an_item_everywhere_and_starts_its_history(proposed: Cli, store: Any) -> None:
    result = proposed("review", "1", "--accept", f"{CABLE},{TAX}")

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == f"accepted 2: #{CABLE}, #{TAX}"
    assert "Launch the national broadband plan" in result.stdout  # still waits
    assert reviews(store)[CABLE] == ("accepted", "tester")
    assert overdue_ids(proposed) == [TAX, CABLE]
    assert markdown_totals(proposed) == "- Overdue: 2 · Open: 2 (including the overdue) · Closed: 0 · Total: 2"
    assert summary(store).total == 2
    assert history_notes(proposed, CABLE)[0] == f"accepted from {TITLE} by tester"


def test_accept_all_takes_every_waiting_item_of_the_briefing(proposed: Cli, store: Any) -> None:
    result = proposed("review", "1", "--accept-all", "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "waiting": [
            {
                "briefing_id": 1,
                "title": TITLE,
                "date": "2025-06-10",
                "committee": "Senate Standing Committee on IT and Telecom",
                "items": [],
                "follow_ups": [],
            }
        ],
        "accepted": [CABLE, BROADBAND, TAX],
    }
    assert {r for r, _ in reviews(store).values()} == {"accepted"}
    assert proposed("review").stdout == "Nothing waits for review.\n"


def test_review_lists_what_waits_with_its_sentence(proposed: Cli) -> None:
    result = proposed("review", "--format", "json")

    assert result.exit_code == 0, result.output
    (waiting,) = json.loads(result.stdout)["waiting"]
    assert [(i["id"], i["owner"], i["deadline"]) for i in waiting["items"]] == [
        (CABLE, MOITT, "2025-06-30"),
        (BROADBAND, MOITT, "2025-07-20"),
        (TAX, FBR, "2025-06-25"),
    ]
    cable = waiting["items"][0]
    assert BRIEFING[cable["span_start"] : cable["span_end"]] == cable["excerpt"]
    assert cable["excerpt"].startswith("The Ministry of IT and Telecommunication will complete the cable")
    table = proposed("review").stdout
    assert f"Briefing 1: {TITLE} (2025-06-10), 3 waiting" in table
    assert '"The Federal Board of Revenue will notify the tax facilitation rules' in table


def test_a_rejected_item_is_kept_and_a_reimport_does_not_propose_it_again(
    proposed: Cli, store: Any, briefing: Path, tmp_path: Path
) -> None:
    assert proposed("review", "--reject", str(CABLE)).exit_code == 0
    assert reviews(store)[CABLE] == ("rejected", "tester")
    assert history_notes(proposed, CABLE) == [f"rejected from {TITLE} by tester"]
    rejected = json.loads(proposed("list", "--review", "rejected", "--format", "json").stdout)
    assert [(r["id"], r["excerpt"].split(" by ")[0]) for r in rejected] == [
        (CABLE, "The Ministry of IT and Telecommunication will complete the cable landing station at Karachi")
    ]
    assert CABLE not in [r["id"] for r in json.loads(proposed("list", "--format", "json").stdout)]

    # An edited text of the same briefing: the rejected item's fingerprint is known.
    briefing.write_text(BRIEFING + "\nThe Ministry also briefed the committee on its budget.\n", encoding="utf-8")
    again = proposed("import", str(briefing))
    assert again.exit_code == 0, again.output
    # A later briefing with the same sentence of the same owner: not proposed again either.
    later = tmp_path / "later.md"
    later.write_text(LATER, encoding="utf-8")
    follow_up = proposed("import", str(later))
    assert follow_up.exit_code == 0, follow_up.output
    assert "1 rejected before (not proposed again)" in follow_up.stdout

    cable_rows = [
        r
        for r in json.loads(proposed("list", "--review", "proposed", "--review", "rejected", "--format", "json").stdout)
        if "cable landing station" in r["title"]
    ]
    assert [(r["id"], r["review"]) for r in cable_rows] == [(CABLE, "rejected")]
    waiting = json.loads(proposed("review", "--format", "json").stdout)["waiting"]
    assert [[i["title"] for i in w["items"]] for w in waiting] == [
        [
            "Launch the national broadband plan by 20 July 2025",
            "Notify the tax facilitation rules for freelancers by 25 June 2025",
        ],
        [waiting[1]["items"][0]["title"]],
    ]
    assert "software technology parks" in waiting[1]["items"][0]["title"]


def test_import_accept_stores_items_accepted_at_once(cli: Cli, store: Any, briefing: Path) -> None:
    result = cli("import", "--accept", str(briefing))

    assert result.exit_code == 0, result.output
    assert "wait for review" not in result.stdout
    assert reviews(store) == {
        CABLE: ("accepted", "tester"),
        BROADBAND: ("accepted", "tester"),
        TAX: ("accepted", "tester"),
    }
    assert overdue_ids(cli) == [TAX, CABLE]
    assert cli("review").stdout == "Nothing waits for review.\n"


def test_import_accept_starts_each_history_as_accepting_in_review_does(cli: Cli, briefing: Path) -> None:
    with freeze_time("2025-06-12 06:00:00"):
        assert cli("import", "--accept", str(briefing)).exit_code == 0
    for item in (CABLE, BROADBAND, TAX):
        shown = cli("show", str(item), "--format", "json")
        [entry] = json.loads(shown.stdout)["history"]
        assert (entry["note"], entry["by"], entry["effective_on"]) == (
            f"accepted from {TITLE} by tester",
            "tester",
            "2025-06-12",
        )
        assert (entry["from_status"], entry["to_status"]) == ("not_started", "not_started")


def test_csv_records_are_accepted_as_before(cli: Cli, store: Any, tmp_path: Path) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("title,owner,deadline\nBroadband plan,MoITT,2025-06-01\n", encoding="utf-8")

    assert cli("import", str(rows)).exit_code == 0
    assert reviews(store) == {1: ("accepted", None)}
    assert overdue_ids(cli) == [1]


def test_the_first_run_seed_import_is_accepted(store: Any) -> None:
    from tracker.seeding import seed_briefings

    seed_briefings(store)

    states = reviews(store)
    assert states
    assert {r for r, _ in states.values()} == {"accepted"}
    assert summary(store).total == len(states)


def test_the_seed_import_starts_each_history_as_accepting_in_review_does(store: Any) -> None:
    from tracker.seeding import seed_briefings

    seed_briefings(store)

    with store.read() as session:
        rows = session.execute(
            text(
                "SELECT c.id, b.title, s.note, s.by FROM commitment c JOIN briefing b ON b.id = c.briefing_id "
                "LEFT JOIN statuschange s ON s.commitment_id = c.id ORDER BY c.id"
            )
        ).all()
    assert rows
    assert [(note, by) for _, _, note, by in rows] == [
        (f"accepted from {title} by seed", "seed") for _, title, _, _ in rows
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--accept", "99"), "tracker: no commitment with id 99: nothing was decided"),
        (("--accept", "1,99"), "tracker: no commitment with id 99: nothing was decided"),
        (("--reject", "2-x"), "tracker: '2-x' is not an id or a range of ids (write them like 3,5-7)"),
        (("--accept", "3-1"), "tracker: '3-1': a range runs from the smaller id to the larger (like 5-7)"),
        (("--accept", "4"), "tracker: #4 does not wait for review (it was accepted): nothing was decided"),
        (("7", "--accept", "1"), "tracker: no briefing with id 7"),
    ],
)
def test_bad_ids_are_one_line_exit_1_and_change_nothing(
    run: InProcess, store: Any, proposed: Cli, args: tuple[str, ...], message: str
) -> None:
    from tracker.commitments import add_commitment

    with store.write() as session:
        add_commitment(session, title="Typed in by hand", owner=MOITT)  # id 4, accepted
    before = table_snapshot(store)

    result = run("review", *args)

    assert (result.returncode, result.stderr) == (1, message + "\n")
    assert "Traceback" not in result.stderr
    assert table_snapshot(store) == before


def test_an_id_of_another_briefing_is_refused(proposed: Cli, store: Any, tmp_path: Path) -> None:
    later = tmp_path / "later.md"
    later.write_text(LATER, encoding="utf-8")
    assert proposed("import", str(later)).exit_code == 0
    before = table_snapshot(store)

    result = proposed("review", "2", "--accept", f"{BROADBAND}")

    assert result.exit_code == 1
    assert result.stderr == f"tracker: #{BROADBAND} is not an item of briefing 2: nothing was decided\n"
    assert table_snapshot(store) == before


def test_conflicting_choices_are_a_usage_error(proposed: Cli) -> None:
    both = proposed("review", "1", "--accept", "1", "--reject", "2")
    assert (both.exit_code, both.stderr) == (2, "tracker: choose one of --accept and --reject\n")
    alone = proposed("review", "--accept-all")
    assert (alone.exit_code, alone.stderr) == (2, "tracker: --accept-all needs the BRIEFING_ID whose items to accept\n")


# ---------------------------------------------------------------- correcting, through the TUI's facade


@pytest.fixture
def browser(proposed: Cli, store: Any) -> Any:
    from tracker.browse import Browser

    return Browser(store, today=date(2025, 7, 1))


def test_edit_resolves_a_deadline_phrase_from_the_sitting_and_an_alias_to_its_body(browser: Any, store: Any) -> None:
    assert browser.review_deadline(BROADBAND, "within 60 days").date == date(2025, 8, 9)  # 60 days after 2025-06-10

    item = browser.review_edit(
        BROADBAND, title="Broadband plan", owner="MoITT", deadline="within 60 days", theme="other"
    )

    assert (item.title, item.owner, item.deadline, item.deadline_text, item.theme) == (
        "Broadband plan",
        MOITT,
        date(2025, 8, 9),
        "within 60 days",
        "other",
    )
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT title, deadline, base_deadline, review FROM commitment WHERE id = 2")).one()
    assert (stored[0], str(stored[1]), str(stored[2]), stored[3]) == (
        "Broadband plan",
        "2025-08-09",
        "2025-08-09",
        "proposed",
    )


def test_a_bad_edit_changes_nothing(browser: Any, store: Any) -> None:
    from tracker.errors import UserError

    before = table_snapshot(store)
    with pytest.raises(UserError, match="unknown theme"):
        browser.review_edit(BROADBAND, title="New title", theme="nonsense")
    with pytest.raises(UserError, match="a phrase such as"):
        browser.review_edit(BROADBAND, deadline="at the next meeting")
    browser.review_accept([CABLE])
    with pytest.raises(UserError, match="does not wait for review"):
        browser.review_edit(CABLE, title="Too late")
    assert {k: v for k, v in table_snapshot(store).items() if k not in ("commitment", "statuschange")} == {
        k: v for k, v in before.items() if k not in ("commitment", "statuschange")
    }
    assert browser.review_waiting()[0].items[0].title == "Launch the national broadband plan by 20 July 2025"


def test_split_makes_two_waiting_items_of_one_sentence(browser: Any) -> None:
    first, second = browser.review_split(BROADBAND, first_title="Broadband plan", second_title="Rural broadband")

    assert (first.id, first.title) == (BROADBAND, "Broadband plan")
    assert second.title == "Rural broadband"
    assert (second.excerpt, second.owner, second.deadline) == (first.excerpt, first.owner, first.deadline)
    titles = [i.title for i in browser.review_waiting(1)[0].items]
    assert titles == [
        "Complete the cable landing station at Karachi by 30 June 2025",
        "Broadband plan",
        "Rural broadband",
        "Notify the tax facilitation rules for freelancers by 25 June 2025",
    ]


def test_merge_keeps_the_first_with_both_sentences_and_rejects_the_rest(browser: Any, cli: Cli) -> None:
    merged = browser.review_merge([CABLE, BROADBAND], title="Cable and broadband")

    assert (merged.id, merged.title) == (CABLE, "Cable and broadband")
    assert [i.id for i in browser.review_waiting(1)[0].items] == [CABLE, TAX]
    detail = browser.detail(CABLE)
    assert [e.split(" will ")[1][:8] for e in detail.excerpts] == ["complete", "launch t"]
    assert history_notes(cli, BROADBAND) == ["merged into #1 by tester"]
    browser.review_accept([CABLE])
    assert history_notes(cli, CABLE) == [f"accepted from {TITLE} by tester"]


def test_also_in_this_briefing_lists_a_cued_sentence_that_gave_no_item_and_makes_one(browser: Any) -> None:
    review = browser.review_briefing(1)

    assert [(a.text, a.verdict) for a in review.also] == [(OPINION, "opinion")]
    assert [review.text[i.span_start : i.span_end] == i.excerpt for i in review.items] == [True, True, True]

    made = browser.review_from_sentence(1, review.also[0].start, review.also[0].end, owner="FBR")

    assert (made.owner, made.excerpt) == (FBR, OPINION)
    again = browser.review_briefing(1)
    assert again.also == []
    assert [i.id for i in again.items] == [CABLE, BROADBAND, TAX, made.id]


def test_browse_accept_and_reject_decide_and_record_who(browser: Any, store: Any) -> None:
    assert browser.review_accept([CABLE], by="clerk") == [CABLE]
    assert browser.review_reject([TAX], by="clerk") == [TAX]

    assert reviews(store) == {CABLE: ("accepted", "clerk"), BROADBAND: ("proposed", None), TAX: ("rejected", "clerk")}
    assert summary(store).total == 1
    assert browser.review_accept_all(1) == [BROADBAND]
    assert MOITT in browser.owner_choices()
    assert "MoITT" in browser.owner_choices()
