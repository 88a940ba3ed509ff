"""Follow-up briefings: a later sitting restates a commitment (deadline, target), reports its
progress, or an officer types an actual in; slippage, actuals and lineage read back as of any
date, in the command line, the reports and the TUI."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import select
from sqlmodel import col

from tests.conftest import Cli, InProcess, table_snapshot
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
    result = cli("import", "--accept", str(path))
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
    assert (restated[0]["from_target_value"], restated[0]["to_target_value"]) == (5e9, 3.8e9)
    assert restated[1]["to_target_value"] is None  # the second kept the target: no move recorded
    text = cli("show", str(briefed)).stdout
    assert "deadline 2025-12-31 -> 2026-06-30; target 5,000,000,000 USD -> 3,800,000,000 USD" in text
    assert any("end of September 2026" in e for e in shown["excerpts"])


def test_slippage_counts_moves_days_and_sittings_as_of_any_date(briefed: int, store: Any) -> None:
    _restate_twice(store, briefed)

    with store.read() as session:
        now = followup.slippage(session, [briefed], as_of=TODAY)[briefed]
        january = followup.slippage(session, [briefed], as_of=date(2026, 1, 15))[briefed]
        before = followup.slippage(session, [briefed], as_of=date(2026, 1, 14))
    # 2025-12-31 -> 2026-06-30 is 181 days, then -> 2026-09-30 another 92.
    assert now == followup.Slippage(moves=2, days=273, sittings=2, first_deadline=date(2025, 12, 31))
    assert january == followup.Slippage(moves=1, days=181, sittings=1, first_deadline=date(2025, 12, 31))
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


# ---------------------------------------------------------------- the command line


def _table_row(output: str, commitment_id: int) -> list[str]:
    lines = output.splitlines()
    return next(line.split() for line in lines[1:] if line.split()[0] == str(commitment_id))


def test_list_slipped_2_lists_a_deadline_moved_twice_with_its_days(briefed: int, store: Any, cli: Cli) -> None:
    _restate_twice(store, briefed)

    twice = cli("list", "--slipped", "2")

    assert twice.exit_code == 0, twice.output
    assert twice.stdout.splitlines()[0].split()[:3] == ["ID", "MOVED", "DAYS"]
    assert _table_row(twice.stdout, briefed)[:4] == [str(briefed), "2", "+273", "2026-09-30"]
    assert len(twice.stdout.splitlines()) == 2  # the follow-ups' own new commitments never moved
    assert "No commitments match." in cli("list", "--slipped", "3").output


def test_list_slipped_as_of_the_day_before_a_sitting_counts_only_the_moves_by_then(
    briefed: int, store: Any, cli: Cli
) -> None:
    _restate_twice(store, briefed)

    before = cli("list", "--slipped", "--as-of", "2026-01-14")
    on_the_day = cli("list", "--slipped", "--as-of", "2026-01-15", "--format", "json")

    assert before.exit_code == 0
    assert "No commitments match." in before.output
    (row,) = json.loads(on_the_day.stdout)
    assert (row["id"], row["deadline"], row["deadline_moves"], row["deadline_days_moved"]) == (
        briefed,
        "2026-06-30",
        1,
        181,
    )
    assert row["restated_sittings"] == 1


@freeze_time("2026-11-20 09:00:00")
def test_update_actual_then_show_lists_the_measurement_and_the_percentage(briefed: int, cli: Cli) -> None:
    recorded = cli("update", str(briefed), "--actual", "3.1bn", "--on", "2026-07-09", "--by", "Asma")

    assert recorded.exit_code == 0, recorded.output
    assert "actual 3.1 bn USD as of 2026-07-09 (62% of the target)" in recorded.stdout
    shown = cli("show", str(briefed)).stdout
    assert "Progress     62% of the target: 3.1 bn USD as of 2026-07-09" in shown
    actuals = shown.split("Actuals:\n", 1)[1]
    assert actuals.splitlines()[0].split() == ["2026-07-09", "3.1", "bn", "USD", "62%", "of", "5", "bn", "USD", "Asma"]
    as_json = json.loads(cli("show", str(briefed), "--format", "json").stdout)
    assert as_json["measurements"][0]["value"] == 3.1e9
    assert as_json["measurements"][0]["unit"] == "USD"
    assert as_json["progress_percent"] == 62.0
    assert [h["note"] for h in as_json["history"]] == [
        "actual 3.1 bn USD",
        "accepted from Ministry of Commerce briefing on exports by tester",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("lots", "--actual: 'lots' is not a number"),
        ("nan", "--actual: 'nan' is not a number"),
        ("1e999", "--actual: '1e999' is not a number"),
    ],
)
def test_a_bad_actual_is_one_line_exit_1_and_changes_nothing(
    briefed: int, store: Any, run: InProcess, value: str, message: str
) -> None:
    before = table_snapshot(store)

    result = run("update", str(briefed), "--actual", value)

    assert result.returncode == 1
    assert result.stderr.startswith(f"tracker: {message}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(store) == before


def test_an_actual_for_a_commitment_without_a_target_is_refused(store: Any, run: InProcess) -> None:
    from tracker import commitments as svc

    with store.write() as session:
        plain = svc.add_commitment(session, title="Brief the committee on the cable outage", owner="PTA").id
    before = table_snapshot(store)

    result = run("update", str(plain), "--actual", "12")

    assert result.returncode == 1
    assert result.stderr.strip() == f"tracker: commitment {plain} has no numeric target to measure an actual against"
    assert table_snapshot(store) == before


def test_show_lists_every_briefing_that_stated_it_oldest_first_with_its_words(
    briefed: int, store: Any, cli: Cli
) -> None:
    _restate_twice(store, briefed)

    shown = cli("show", str(briefed)).stdout
    stated = shown.split("Stated at:\n", 1)[1].split("\n\n", 1)[0].splitlines()

    assert stated[0] == "  2025-07-10  Ministry of Commerce briefing on exports: 5 bn USD by December 2025 (2025-12-31)"
    assert stated[2] == "  2026-01-15  Commerce follow-up, January: 3.8 bn USD by June 2026 (2026-06-30)"
    assert stated[4] == ("  2026-07-09  Commerce follow-up, July: 3.8 bn USD by the end of September 2026 (2026-09-30)")
    assert stated[5].strip().startswith('"The Secretary said the $3.8 billion exports target')
    as_json = json.loads(cli("show", str(briefed), "--format", "json").stdout)
    assert [e["date"] for e in as_json["lineage"]] == ["2025-07-10", "2026-01-15", "2026-07-09"]
    assert as_json["slippage"] == {"deadline_moves": 2, "days_moved": 273, "restated_sittings": 2}


# ---------------------------------------------------------------- the reports


def _progress_reported(store: Any, commitment_id: int) -> None:
    third_id, third = _briefing(store, "Commerce follow-up, July")
    words = "The Secretary reported that IT exports reached $3.1 billion in FY2025-26."
    with store.write() as session:
        followup.record_progress(
            session,
            commitment_id,
            briefing_id=third_id,
            effective_on=date(2026, 7, 9),
            status=Status.IN_PROGRESS,
            actual=(3.1e9, "USD"),
            sentence=words,
            span=_span(third, words),
            by="Commerce follow-up, July",
            today=TODAY,
        )


# One sitting reports the year's exports and fixes the next year's target.
AUGUST = """---
title: Commerce follow-up, August
date: 2026-08-20
committee: Senate Standing Committee on Commerce
presenter: Ministry of Commerce
---
The Secretary reported that IT exports reached $4.1 billion in calendar 2025.
The Secretary said the IT exports target for calendar 2026 had been fixed at $6 billion.
"""


def _reported_and_restated_at_one_sitting(
    store: Any, cli: Cli, tmp_path: Path, commitment_id: int, *, restated_first: bool
) -> None:
    """The August sitting reports $4.1 bn against the $5 bn target and fixes $6 bn for the
    next year: both effective on the sitting, in either order."""
    _import(cli, tmp_path / "august.md", AUGUST)
    august_id, august = _briefing(store, "Commerce follow-up, August")
    reached = "The Secretary reported that IT exports reached $4.1 billion in calendar 2025."
    fixed = "The Secretary said the IT exports target for calendar 2026 had been fixed at $6 billion."
    sitting = date(2026, 8, 20)

    def report() -> None:
        with store.write() as session:
            followup.record_progress(
                session,
                commitment_id,
                briefing_id=august_id,
                effective_on=sitting,
                status=Status.IN_PROGRESS,
                actual=(4.1e9, "USD"),
                sentence=reached,
                span=_span(august, reached),
                by="Commerce follow-up, August",
                today=TODAY,
            )

    def restate() -> None:
        with store.write() as session:
            followup.restate(
                session,
                commitment_id,
                briefing_id=august_id,
                effective_on=sitting,
                deadline=date(2026, 12, 31),
                deadline_text="for calendar 2026",
                target_value=6e9,
                sentence=fixed,
                span=_span(august, fixed),
                by="Commerce follow-up, August",
                today=TODAY,
            )

    for step in (restate, report) if restated_first else (report, restate):
        step()


@pytest.mark.parametrize("restated_first", [False, True])
def test_an_actual_reported_where_the_next_target_is_set_measures_the_target_before(
    briefed: int, store: Any, cli: Cli, tmp_path: Path, restated_first: bool
) -> None:
    _reported_and_restated_at_one_sitting(store, cli, tmp_path, briefed, restated_first=restated_first)
    # A later actual measures the new target.
    with store.write() as session:
        followup.record_actual(session, briefed, value=5.4e9, as_of=date(2026, 10, 1), today=TODAY, by="Asma")

    with freeze_time("2026-11-20 09:00:00"):
        shown = cli("show", str(briefed))
        as_json = json.loads(cli("show", str(briefed), "--format", "json").stdout)

    assert shown.exit_code == 0, shown.output
    assert "Target       6,000,000,000 USD" in shown.stdout
    actuals = shown.stdout.split("Actuals:\n", 1)[1].splitlines()
    assert actuals[0].split()[:8] == ["2026-08-20", "4.1", "bn", "USD", "82%", "of", "5", "bn"]
    assert actuals[2].split()[:8] == ["2026-10-01", "5.4", "bn", "USD", "90%", "of", "6", "bn"]
    assert [(m["as_of"], m["target_value"], m["percent"]) for m in as_json["measurements"]] == [
        ("2026-08-20", 5e9, 82.0),
        ("2026-10-01", 6e9, 90.0),
    ]
    assert as_json["progress_percent"] == 90.0  # the latest actual, against the new target


@pytest.mark.parametrize("restated_first", [False, True])
def test_show_progress_names_the_target_an_actual_measured_when_it_was_restated_since(
    briefed: int, store: Any, cli: Cli, tmp_path: Path, restated_first: bool
) -> None:
    _reported_and_restated_at_one_sitting(store, cli, tmp_path, briefed, restated_first=restated_first)

    with freeze_time("2026-11-20 09:00:00"):
        shown = cli("show", str(briefed)).stdout
        as_json = json.loads(cli("show", str(briefed), "--format", "json").stdout)

    assert "Progress     82% of the target then, 5 bn USD: 4.1 bn USD as of 2026-08-20" in shown
    assert as_json["progress_percent"] == 82.0


def test_the_markdown_report_has_a_deadlines_moved_section(briefed: int, store: Any, cli: Cli, tmp_path: Path) -> None:
    _restate_twice(store, briefed)
    path = tmp_path / "all.md"

    assert cli("export", "all", "--as-of", "2026-11-20", "--format", "md", "--output", str(path)).exit_code == 0

    section = path.read_text(encoding="utf-8").split("## Deadlines moved\n", 1)[1].strip().splitlines()
    assert section[0] == "| ID | Title | Owner | Times moved | Days moved | Sittings | First deadline | Deadline |"
    cells = [c.strip() for c in section[2].strip("|").split("|")]
    assert cells[0] == str(briefed)
    assert cells[3:] == ["2", "273", "2", "2025-12-31", "2026-09-30"]
    assert len(section) == 3
    # As of the day before the first restatement nothing had moved: no section.
    assert cli("export", "all", "--as-of", "2026-01-14", "--format", "md", "--output", str(path)).exit_code == 0
    assert "Deadlines moved" not in path.read_text(encoding="utf-8")


def test_the_html_report_has_the_moved_deadlines_and_bars_of_actuals(
    briefed: int, store: Any, cli: Cli, tmp_path: Path
) -> None:
    from html.parser import HTMLParser

    _restate_twice(store, briefed)
    _progress_reported(store, briefed)
    path = tmp_path / "all.html"

    assert cli("export", "all", "--as-of", "2026-11-20", "--format", "html", "--output", str(path)).exit_code == 0

    class Tables(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tables: dict[str, list[list[str]]] = {}
            self.bars: list[str] = []
            self._table: str | None = None
            self._cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            if tag == "table":
                self._table = found.get("class") or ""
                self.tables[self._table] = []
            elif tag == "tr" and self._table is not None:
                self.tables[self._table].append([])
            elif tag in ("td", "th"):
                self._cell = []
            elif tag == "span" and found.get("style"):
                self.bars.append(str(found["style"]))

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self._cell is not None and self._table is not None:
                self.tables[self._table][-1].append("".join(self._cell).strip())
                self._cell = None
            elif tag == "table":
                self._table = None

        def handle_data(self, data: str) -> None:
            if self._cell is not None:
                self._cell.append(data)

    page = Tables()
    page.feed(path.read_text(encoding="utf-8"))
    moved = page.tables["moved"]
    assert moved[0][:4] == ["ID", "Title", "Owner", "Times moved"]
    assert moved[1][0] == str(briefed)
    assert moved[1][3:] == ["2", "273", "2", "2025-12-31", "2026-09-30"]
    actuals = page.tables["actuals"]
    assert actuals[1][0] == str(briefed)
    assert actuals[1][2:] == ["2026-07-09", "3.1 bn USD", "3.8 bn USD", "82%"]
    assert page.bars == ["width:82%"]


def test_the_html_report_bars_an_actual_against_the_target_it_measured(
    briefed: int, store: Any, cli: Cli, tmp_path: Path
) -> None:
    _reported_and_restated_at_one_sitting(store, cli, tmp_path, briefed, restated_first=True)
    path = tmp_path / "all.html"

    assert cli("export", "all", "--as-of", "2026-11-20", "--format", "html", "--output", str(path)).exit_code == 0

    page = path.read_text(encoding="utf-8").split("Actuals against targets", 1)[1]
    row = next(r for r in page.split("<tr>") if "4.1 bn USD" in r)
    assert "<td>5 bn USD</td>" in row
    assert '<span style="width:82%"></span></span> 82%' in row


def test_the_workbook_has_a_deadlines_moved_sheet(briefed: int, store: Any, cli: Cli, tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import load_workbook

    _restate_twice(store, briefed)
    path = tmp_path / "overdue.xlsx"

    result = cli("export", "overdue", "--as-of", "2026-11-20", "--format", "xlsx", "--output", str(path))

    assert result.exit_code == 0, result.output
    book = load_workbook(path)
    assert book.sheetnames == ["Overdue", "Deadlines moved", "Summary"]
    rows = list(book["Deadlines moved"].iter_rows(values_only=True))
    assert rows[0] == ("ID", "Title", "Owner", "Times moved", "Days moved", "Sittings", "First deadline", "Deadline")
    assert rows[1][0] == briefed
    # Excel dates have no zone: they come back as naive datetimes, read here as days.
    cells = [v.date() if isinstance(v, datetime) else v for v in rows[1][2:]]
    assert cells == ["Ministry of Commerce", 2, 273, 2, date(2025, 12, 31), date(2026, 9, 30)]
    assert len(rows) == 2


# ---------------------------------------------------------------- the TUI


async def _settle(pilot: Any) -> None:
    """Wait until the workers are done and the messages they posted are handled."""
    import asyncio

    from textual.worker import WorkerState

    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    quiet = 0
    for _ in range(1000):
        await pilot.pause()
        quiet = 0 if any(w.state in busy for w in pilot.app.workers) else quiet + 1
        if quiet == 3:
            return
        await asyncio.sleep(0.002)
    raise AssertionError("the app did not settle")


def _line(app: Any, y: int) -> str:
    from tracker.tui.table import CommitmentTable

    return "".join(segment.text for segment in app.screen.query_one(CommitmentTable).render_line(y))


async def test_the_tui_shows_how_often_a_deadline_moved_and_sorts_by_it(briefed: int, store: Any) -> None:
    from tracker.tui.app import make_app

    _restate_twice(store, briefed)
    later = briefed + 1  # the first follow-up's own new commitment: never moved
    app = make_app(store, today=TODAY, keymap={})
    async with app.run_test(size=(130, 30)) as pilot:
        await _settle(pilot)
        assert _line(app, 0).rstrip().endswith("Moved")
        assert _line(app, 1).split()[0] == str(briefed)
        assert _line(app, 1).rstrip().endswith("2x")
        assert _line(app, 2).split()[0] == str(later)
        assert _line(app, 2).rstrip().endswith("-")
        # Reverse by id, then sort by the moves: most moved first.
        await pilot.press("r")
        await _settle(pilot)
        assert _line(app, 1).split()[0] != str(briefed)
        for _ in range(7):  # id -> title -> ... -> timeliness -> moved
            await pilot.press("s")
            await _settle(pilot)
        assert "Moved ▼" in _line(app, 0)
        assert _line(app, 1).split()[0] == str(briefed)


async def test_the_tui_moved_column_counts_as_of_the_day_it_shows(briefed: int, store: Any) -> None:
    from tracker.tui.app import make_app

    _restate_twice(store, briefed)
    app = make_app(store, today=TODAY, as_of=date(2026, 1, 15), keymap={})
    async with app.run_test(size=(130, 30)) as pilot:
        await _settle(pilot)
        assert _line(app, 1).split()[0] == str(briefed)
        assert _line(app, 1).rstrip().endswith("1x")


async def test_the_detail_charts_the_actuals_against_the_target_within_80_columns(briefed: int, store: Any) -> None:
    from tracker.tui.app import make_app

    _restate_twice(store, briefed)
    _progress_reported(store, briefed)
    with store.write() as session:
        followup.record_actual(session, briefed, value=3.6e9, as_of=date(2026, 10, 1), today=TODAY, by="Asma")
    app = make_app(store, today=TODAY, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        body = str(app.screen.query_one("#detail-body").render())
    chart = body.split("Actuals against the target\n", 1)[1].splitlines()[:2]
    assert chart[0] == "2026-07-09 " + "█" * 16 + "▒" * 4 + "  82%  3.1 bn USD of 3.8 bn USD"
    assert chart[1] == "2026-10-01 " + "█" * 19 + "▒" * 1 + "  95%  3.6 bn USD of 3.8 bn USD"
    assert all(len(line) <= 78 for line in chart)
    assert "Moved        deadline moved 2x, +273 days, restated at 2 sitting(s)" in body
    assert "2026-01-15  Commerce follow-up, January: 3.8 bn USD by June 2026 (2026-06-30)" in body


async def test_the_detail_charts_an_actual_against_the_target_it_measured(
    briefed: int, store: Any, cli: Cli, tmp_path: Path
) -> None:
    from tracker.tui.app import make_app

    _reported_and_restated_at_one_sitting(store, cli, tmp_path, briefed, restated_first=True)
    app = make_app(store, today=TODAY, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        body = str(app.screen.query_one("#detail-body").render())
    chart = body.split("Actuals against the target\n", 1)[1].splitlines()
    assert chart[0] == "2026-08-20 " + "█" * 16 + "▒" * 4 + "  82%  4.1 bn USD of 5 bn USD"


# ---------------------------------------------------------------- the schema


@pytest.mark.own_database
def test_the_upgrade_to_0010_counts_the_deadline_moves_already_recorded(db_url: str, store: Any, cli: Cli) -> None:
    from sqlalchemy import inspect, text

    from tracker import commitments as svc
    from tracker.store import downgrade, resolve_url, upgrade

    with store.write() as session:
        moved = svc.add_commitment(session, title="Auction the 5G spectrum", owner="PTA", deadline=date(2025, 12, 31))
        assert moved.id is not None
        for deadline in (date(2026, 6, 30), date(2026, 3, 31)):
            svc.update_commitment(session, moved.id, today=TODAY, deadline=deadline, by="A")
        svc.update_commitment(session, moved.id, today=TODAY, note="a note alone moves nothing", by="A")
    url = resolve_url(db_url)

    downgrade(url, "0008")
    with store.engine.connect() as conn:
        columns = [c["name"] for c in inspect(conn).get_columns("commitment")]
        assert "deadline_moves" not in columns
    upgrade(url)
    downgrade(url, "0008")
    upgrade(url)

    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT deadline_moves FROM commitment WHERE id = :i"), {"i": moved.id}).scalar() == 2
    listed = json.loads(cli("list", "--slipped", "2", "--format", "json").stdout)
    assert [(r["id"], r["deadline_days_moved"]) for r in listed] == [(moved.id, 90)]


def test_the_0010_migration_keeps_the_expression_indexes_and_search_triggers(tmp_path: Path) -> None:
    import sqlite3

    from tracker.store import downgrade, resolve_url, upgrade

    path = tmp_path / "old.db"
    url = resolve_url(str(path))
    upgrade(url, "0009")
    listed = "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name"
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO commitment (title, description, theme, owner, status, base_status, fingerprint, version,"
            " created_at, updated_at) VALUES ('Lay the submarine cable', '', 'other', '', 'not_started',"
            " 'not_started', 'old', 1, '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
        before = conn.execute(listed).fetchall()

    upgrade(url, "0010")
    with sqlite3.connect(path) as conn:
        added = sorted(set(conn.execute(listed).fetchall()) - set(before))
        assert set(before) <= set(conn.execute(listed).fetchall())
        assert conn.execute("SELECT rowid FROM commitment_fts WHERE commitment_fts MATCH 'submarine'").fetchall() == [
            (1,)
        ]
    assert added == [("index", "ix_commitment_deadline_moves"), ("index", "ix_measurement_commitment_as_of")]
    downgrade(url, "0009")
    with sqlite3.connect(path) as conn:
        assert conn.execute(listed).fetchall() == before
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
