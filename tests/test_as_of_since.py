"""As of a date, the truth of that date: a commitment exists from the day it was made.

A briefing's commitments exist from its sitting; a structured row from its ``since`` column
(none: older data, there at every date); one typed in by hand from the date its form gives.
Before that day a commitment is in no list, count, report or reminder.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time
from sqlalchemy import text

from tests.conftest import Cli
from tracker.browse import Browser, View
from tracker.seeding import seed_briefings

BRIEFING = """---
title: PSEB briefing on skills and exports
date: 2025-12-10
committee: Senate Standing Committee on IT and Telecom
presenter: Pakistan Software Export Board
---
The board will train 20,000 freelancers by 31 December 2025.
The board said it would open export facilitation desks in five cities by 30 June 2026.
"""

OLD_ROWS = "title,theme,owner,status,deadline\nPublish the broadband policy,policy,PTA,not_started,2025-03-31\n"


@pytest.fixture
def briefing(tmp_path: Path) -> Path:
    path = tmp_path / "pseb-2025-12.md"
    path.write_text(BRIEFING, encoding="utf-8")
    return path


def listed(cli: Cli, *args: str) -> list[dict[str, Any]]:
    result = cli("list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout))


def exported(cli: Cli, *args: str) -> list[dict[str, str]]:
    result = cli("export", *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))


def test_a_briefing_is_in_no_list_or_report_before_its_sitting(cli: Cli, briefing: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.csv"
    old.write_text(OLD_ROWS, encoding="utf-8")
    assert cli("import", "--accept", str(briefing)).exit_code == 0
    assert cli("import", "--accept", str(old)).exit_code == 0
    made = [r["title"] for r in listed(cli, "--as-of", "2025-12-10")]
    assert len(made) == 3

    # Before the sitting only the older row (no `since`) is there: it exists at every date.
    assert [r["title"] for r in listed(cli, "--as-of", "2025-07-01")] == ["Publish the broadband policy"]
    assert [r["title"] for r in listed(cli, "--as-of", "2025-12-09")] == ["Publish the broadband policy"]
    assert [r["title"] for r in exported(cli, "all", "--as-of", "2025-07-01")] == ["Publish the broadband policy"]
    late = exported(cli, "overdue", "--as-of", "2026-03-01")
    assert {r["title"] for r in late} == {
        "Publish the broadband policy",
        "Train 20,000 freelancers by 31 December 2025",
    }
    assert [r["title"] for r in exported(cli, "overdue", "--as-of", "2025-07-01")] == ["Publish the broadband policy"]
    markdown = cli("export", "all", "--as-of", "2025-07-01", "--format", "md").stdout
    assert "PSEB briefing" not in markdown  # no briefing covered that had not sat yet
    assert "1 open" in markdown.lower() or "open: 1" in markdown.lower(), markdown
    summary = json.loads(cli("export", "all", "--as-of", "2025-07-01", "--format", "json").stdout)
    assert [r["title"] for r in summary] == ["Publish the broadband policy"]


def test_the_seed_is_not_on_track_before_the_sitting_that_made_it(cli: Cli, store: Any) -> None:
    seed_briefings(store)
    assert listed(cli, "--as-of", "2025-06-02")
    assert listed(cli, "--as-of", "2025-01-01") == []
    assert exported(cli, "all", "--as-of", "2025-06-01") == []


def test_since_is_written_by_list_and_export_and_read_back(cli: Cli, briefing: Path, tmp_path: Path) -> None:
    cli("import", "--accept", str(briefing))
    rows = listed(cli)
    assert {r["since"] for r in rows} == {"2025-12-10"}
    for path, written in (
        (tmp_path / "list.csv", cli("list", "--format", "csv").stdout),
        (tmp_path / "export.csv", cli("export", "all", "--format", "csv").stdout),
        (tmp_path / "list.json", cli("list", "--format", "json").stdout),
    ):
        path.write_text(written, encoding="utf-8")
        fresh = Cli(str(tmp_path / f"fresh-{path.stem}-{path.suffix[1:]}.db"))
        result = fresh("import", str(path))
        assert result.exit_code == 0, result.output
        assert {r["since"] for r in listed(fresh)} == {"2025-12-10"}, path
        assert listed(fresh, "--as-of", "2025-12-09") == [], path


def test_a_structured_row_exists_from_its_since_and_without_one_at_every_date(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(
        "title,theme,owner,deadline,since\n"
        "Open five export desks,exports,PSEB,30/06/2026,10/12/2025\n"
        "Older undertaking,policy,PTA,2024-06-30,\n",
        encoding="utf-8",
    )
    assert cli("import", str(path)).exit_code == 0, cli("import", str(path)).output
    assert [r["title"] for r in listed(cli, "--as-of", "2020-01-01")] == ["Older undertaking"]
    assert len(listed(cli, "--as-of", "2025-12-10")) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("title,since\nSomething,next week\n", encoding="utf-8")
    refused = cli("import", str(bad))
    assert refused.exit_code == 1
    assert "line 2: since: 'next week' is not a date" in refused.stderr


def test_reminders_as_of_before_the_sitting_send_nothing(
    cli: Cli, briefing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, db_url: str
) -> None:
    monkeypatch.setenv("TRACKER_SMTP_FROM", "secretariat@senate.example.gov.pk")
    monkeypatch.setenv("TRACKER_LOCK_FILE", str(tmp_path / "reminders.lock"))
    cli("import", "--accept", str(briefing))
    cli("owner", "set", "Pakistan Software Export Board", "--email", "pseb@example.gov.pk")
    # On 2025-12-05 the freelancer training (due 2025-12-31) would be due within 30 days,
    # had it been promised yet; the sitting was on 2025-12-10.
    before = cli("remind", "--as-of", "2025-12-05", "--dry-run")
    assert before.exit_code == 0, before.output
    assert "freelancers" not in before.stdout
    after = cli("remind", "--as-of", "2025-12-20", "--dry-run")
    assert "freelancers" in after.stdout, after.stdout


def test_the_tuis_pages_and_counts_hide_what_was_not_yet_made(store: Any, briefing: Path, cli: Cli) -> None:
    cli("import", "--accept", str(briefing))
    browser = Browser(store, today=date(2026, 3, 1))
    before = View(as_of=date(2025, 12, 9))
    assert browser.first_page(before).rows == []
    assert browser.summary(before).total == 0
    assert browser.count(before) == 0
    for sort in ("id", "title", "deadline", "timeliness", "status"):
        assert browser.first_page(View(as_of=date(2025, 12, 10), sort=sort)).rows, sort
    assert browser.summary(View(as_of=date(2026, 3, 1))).overdue == 1


def test_one_commitment_can_still_be_shown_whatever_its_date(cli: Cli, briefing: Path) -> None:
    # A briefing dated ahead of today (a sitting typed in early) must not break `show`.
    with freeze_time("2025-11-01 09:00:00"):
        cli("import", "--accept", str(briefing))
        result = cli("show", "1")
    assert result.exit_code == 0, result.output
    assert "freelancers" in result.stdout
    assert "Made on      2025-12-10" in result.stdout


def test_the_migration_dates_existing_commitments_from_their_briefing(tmp_path: Path) -> None:
    from tracker.store import downgrade, open_store, resolve_url, upgrade

    path = tmp_path / "old.db"
    fresh = Cli(str(path))
    briefing = tmp_path / "b.md"
    briefing.write_text(BRIEFING, encoding="utf-8")
    rows = tmp_path / "rows.csv"
    rows.write_text(OLD_ROWS, encoding="utf-8")
    assert fresh("import", "--accept", str(briefing)).exit_code == 0
    assert fresh("import", str(rows)).exit_code == 0
    url = resolve_url(str(path))
    downgrade(url, "0004")
    upgrade(url)
    store = open_store(str(path))
    try:
        with store.engine.connect() as conn:
            found = conn.execute(text("SELECT title, since FROM commitment ORDER BY id")).fetchall()
    finally:
        store.dispose()
    assert [(t, str(s) if s else None) for t, s in found] == [
        ("Train 20,000 freelancers by 31 December 2025", "2025-12-10"),
        ("Open export facilitation desks in five cities by 30 June 2026", "2025-12-10"),
        ("Publish the broadband policy", None),
    ]


async def _settle(pilot: Any) -> None:
    """Wait until the app's workers are done and what they posted is handled."""
    import asyncio

    from textual.worker import WorkerState

    quiet = 0
    for _ in range(1000):
        await pilot.pause()
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers)
        quiet = 0 if busy else quiet + 1
        if quiet == 3:
            return
        await asyncio.sleep(0.002)
    raise AssertionError("the app did not settle")


async def test_the_tuis_add_form_dates_the_commitment_it_adds(store: Any) -> None:
    from textual.widgets import Input, Static

    from tracker.tui.app import make_app
    from tracker.tui.forms import AddForm

    today = date(2026, 3, 1)
    app = make_app(store, today=today, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(pilot)
        for title, made_on in (("Notify the cloud policy", "15/02/2026"), ("Open a help desk", None)):
            await pilot.press("a")
            form = app.screen
            assert isinstance(form, AddForm)
            assert form.query_one("#since", Input).value == "2026-03-01"  # today, unless changed
            form.query_one("#title", Input).value = title
            if made_on is not None:
                form.query_one("#since", Input).value = "02/03/2026"
                await pilot.press("ctrl+s")
                await _settle(pilot)
                message = str(form.query_one("#message", Static).render())
                assert "Made on: 2026-03-02 is after today (2026-03-01)" in message, message
                form.query_one("#since", Input).value = made_on
            await pilot.press("ctrl+s")
            await _settle(pilot)
            assert not isinstance(app.screen, AddForm)
    with store.read() as session:
        found = session.execute(text("SELECT title, since FROM commitment ORDER BY id")).fetchall()
    assert [(t, str(s)) for t, s in found] == [
        ("Notify the cloud policy", "2026-02-15"),
        ("Open a help desk", "2026-03-01"),
    ]
    browser = Browser(store, today=today)
    assert [r.title for r in browser.first_page(View(as_of=date(2026, 2, 20))).rows] == ["Notify the cloud policy"]
    assert browser.first_page(View(as_of=date(2026, 2, 14))).rows == []
