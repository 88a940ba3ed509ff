"""The interface does what it shows: each screen shows the state the officer just recorded
or was told about, early keys act as keys, words instead of codes, and exports that never
overwrite a file unasked. Driven with Pilot on a real database (see tests/test_tui.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, Select, Static

from tests.test_tui import (
    TODAY,
    Seeded,
    app_for,
    history_of,
    line_text,
    row_of,
    seeded,  # noqa: F401  (the fixture)
    select_id,
    settle,
    shown_ids,
    table,
)
from tracker.browse import Browser
from tracker.models import Status
from tracker.tui.commitments import CommitmentsScreen
from tracker.tui.forms import ConfirmReplace, ExportForm, UpdateForm
from tracker.tui.screens import DetailScreen


def top_screen(app: Any) -> object:
    """The screen on top now (read afresh: an earlier isinstance check says nothing after a key)."""
    return app.screen


def shown_line(app: Any, commitment_id: int) -> str:
    t = table(app)
    index = next(i for i, r in t.rows.items() if r.id == commitment_id)
    t.move_to(index)
    return line_text(t, index - int(t.scroll_offset.y) + 1)


def summary_of(app: Any) -> str:
    return str(app.screen.query_one("#summary", Static).render())


# ---------------------------------------------------------------- 18: the list after a save


async def test_an_update_saved_from_the_detail_screen_shows_in_the_list_at_once(seeded: Seeded) -> None:  # noqa: F811  (the fixture)
    app = app_for(seeded)
    target = seeded.ids["late"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "in progress" not in summary_of(app)
        await select_id(pilot, target)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UpdateForm)
        form.query_one("#status", Select).value = "in_progress"
        form.query_one("#note", Input).value = "Tender issued"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert re.search(r"Status +in progress", str(app.screen.query_one("#detail-body", Static).render()))
        await pilot.press("escape")  # back to the list, no F5
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert "in progress" in shown_line(app, target)
        assert "1 in progress" in summary_of(app)
    assert row_of(seeded.store, target).status == "in_progress"


async def test_a_commitment_closed_from_the_overdue_list_leaves_it_at_once(seeded: Seeded) -> None:  # noqa: F811  (the fixture)
    app = app_for(seeded)
    target = seeded.ids["late"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        assert target in shown_ids(app)
        await select_id(pilot, target)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UpdateForm)
        form.query_one("#status", Select).value = "done"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert target not in shown_ids(app)
        assert "2 overdue" in str(app.screen.query_one("#overdue-count", Static).render())


# ---------------------------------------------------------------- 19: keys typed at start


async def test_keys_typed_while_tracker_starts_act_as_keys_not_as_a_search(seeded: Seeded) -> None:  # noqa: F811  (the fixture)
    app = app_for(seeded)
    # What the terminal holds before the app has drawn anything: "u" typed at once.
    app.post_message(events.Key("u", "u"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UpdateForm)  # u updates the first commitment, once it is there
        assert form.row.id == min(seeded.ids.values())
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.query_one("#search", Input).value == ""
        assert table(app).total == 7
        assert "search" not in summary_of(app)


# ---------------------------------------------------------------- 20: a refused save


async def test_a_refused_save_keeps_what_was_typed_and_shows_the_new_state(seeded: Seeded) -> None:  # noqa: F811  (the fixture)
    app = app_for(seeded)
    target = seeded.ids["late"]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await select_id(pilot, target)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, DetailScreen)
        await pilot.press("u")  # officer A opens the form at version 1
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UpdateForm)
        Browser(seeded.store, today=TODAY).update(  # officer B saves first
            target, expected_version=1, status=Status.DONE, note="B was first", by="officer-b"
        )
        form.query_one("#confidence", Select).value = "amber"
        form.query_one("#note", Input).value = "A's long note about the tender"
        form.query_one("#evidence", Input).value = "https://example.gov.pk/a"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # still open, with what A typed
        message = str(form.query_one("#message", Static).render())
        assert "someone else updated" in message
        assert "Now: status done" in message
        assert form.query_one("#note", Input).value == "A's long note about the tender"
        assert form.query_one("#evidence", Input).value == "https://example.gov.pk/a"
        assert form.query_one("#confidence", Select).value == "amber"  # A's choice stays
        assert form.query_one("#status", Select).value == "done"  # untouched: follows B's change
        body = str(detail.query_one("#detail-body", Static).render())  # the detail beneath re-read
        assert re.search(r"Status +done", body)
        assert "B was first" in body
        assert (row_of(seeded.store, target).version, row_of(seeded.store, target).confidence) == (2, None)
        await pilot.press("ctrl+s")  # A records on top of B's change, having seen it
        await settle(pilot)
        assert top_screen(app) is detail
        assert "A's long note about the tender" in str(detail.query_one("#detail-body", Static).render())
    c = row_of(seeded.store, target)
    assert (c.status, c.confidence, c.version) == ("done", "amber", 3)
    assert [h.note for h in history_of(seeded.store, target)] == ["B was first", "A's long note about the tender"]


# ---------------------------------------------------------------- 24: where an export goes


def _home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, *, documents: bool) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    if documents:
        (home / "Documents").mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home


@pytest.mark.parametrize("documents", [True, False], ids=["documents", "home"])
async def test_an_export_goes_to_the_documents_folder_and_says_the_full_path(
    seeded: Seeded,  # noqa: F811  (the fixture)
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    documents: bool,
) -> None:
    home = _home(monkeypatch, tmp_path, documents=documents)
    folder = home / "Documents" if documents else home
    monkeypatch.chdir(tmp_path)  # the current folder is never where an export lands
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportForm)
        assert form.query_one("#path", Input).value == str(folder / "overdue-2026-03-01.csv")
        form.query_one("#path", Input).value = "papers.csv"  # a bare name: in that folder too
        await pilot.pause()
        assert f"→ {folder / 'papers.csv'}" in str(form.query_one("#path-resolved", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert any(str(folder / "papers.csv") in n.message for n in app._notifications)
    assert (folder / "papers.csv").read_text(encoding="utf-8-sig").startswith("id,title")
    assert not (tmp_path / "papers.csv").exists()


async def test_an_export_replaces_a_file_only_after_asking(seeded: Seeded, tmp_path: Path) -> None:  # noqa: F811  (the fixture)
    out = tmp_path / "overdue.csv"
    out.write_text("the officer's own notes\n", encoding="utf-8")
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportForm)
        form.query_one("#path", Input).value = str(out)
        await pilot.pause()
        assert "exists" in str(form.query_one("#path-resolved", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmReplace)
        assert str(out) in str(app.screen.query_one("#question", Static).render())
        await pilot.press("enter")  # the default answer keeps the file
        await settle(pilot)
        assert top_screen(app) is form
        assert "Not written: overdue.csv is kept" in str(form.query_one("#message", Static).render())
        assert out.read_text(encoding="utf-8") == "the officer's own notes\n"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
    assert out.read_text(encoding="utf-8-sig").startswith("id,title")


# ---------------------------------------------------------------- 23: words, and the orders


async def test_the_list_shows_theme_labels_and_status_words_not_codes(seeded: Seeded) -> None:  # noqa: F811  (the fixture)
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = shown_line(app, seeded.ids["funds"])
        assert "Fund disbursement" in line
        assert "not started" in line
        assert "fund_disbursement" not in line
        assert "not_started" not in line
        assert "Special Technology" in shown_line(app, seeded.ids["stz"])
        await pilot.press("f")
        app.screen.query_one("#theme", Select).value = "exports"
        await settle(pilot)
        assert "theme IT exports" in summary_of(app)
        await pilot.press("escape")
        await settle(pilot)
        await select_id(pilot, seeded.ids["hostile"])
        await pilot.press("enter")
        await settle(pilot)
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "not started -> stalled" in body
        assert "not_started" not in body


async def test_status_sorts_in_workflow_order(seeded: Seeded) -> None:  # noqa: F811  (the fixture)
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommitmentsScreen)
        screen.sort_by("status")
        await settle(pilot)
        statuses = [table(app).rows[i].status for i in sorted(table(app).rows)]
        assert statuses == ["not_started"] * 5 + ["stalled", "done"]
        await pilot.press("r")
        await settle(pilot)
        statuses = [table(app).rows[i].status for i in sorted(table(app).rows)]
        assert statuses == ["done", "stalled"] + ["not_started"] * 5


async def test_o_lists_the_most_overdue_first_and_gives_the_order_back(seeded: Seeded) -> None:  # noqa: F811  (the fixture)
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommitmentsScreen)
        screen.sort_by("title", descending=True)
        await settle(pilot)
        by_title = shown_ids(app)
        await pilot.press("o")
        await settle(pilot)
        # funds was due 2025-07-02, late 2025-12-31, hostile 2026-01-01
        assert shown_ids(app) == [seeded.ids["funds"], seeded.ids["late"], seeded.ids["hostile"]]
        assert "242d late" in shown_line(app, seeded.ids["funds"])
        await pilot.press("o")
        await settle(pilot)
        assert shown_ids(app) == by_title
        assert "by title ▼" in summary_of(app)
