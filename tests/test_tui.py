"""The Textual interface, driven with Pilot: each flow checked in the database afterwards.

Today is injected (TODAY): freezegun would freeze the event loop's clock.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static
from textual.worker import WorkerState

from tracker import commitments as svc
from tracker.browse import Browser
from tracker.errors import ConfigError
from tracker.models import Briefing, Commitment, CommitmentExcerpt, Status, StatusChange
from tracker.tui import commitments as commitments_screen
from tracker.tui.app import TrackerApp, binding_ids, make_app
from tracker.tui.commitments import CommitmentsScreen
from tracker.tui.forms import AddForm, ExportForm, ImportForm, UpdateForm
from tracker.tui.keymap import load_keymap
from tracker.tui.screens import BriefingScreen, DetailScreen, HelpScreen, OverdueScreen
from tracker.tui.table import CommitmentTable

TODAY = date(2026, 3, 1)
STAMP = datetime(2026, 2, 1, 9, 30, tzinfo=UTC)
HOSTILE = "[/] [link=https://x]click[/link] \x1b[2J\x1b]0;pwned\x07 \u202eevil [bold]"
BRIEFING = (
    "The ministry set a target of $5.2 billion in IT exports for the upcoming fiscal year.\n"
    "Officials said the STZ incentive package would be notified by March 2026.\n"
    "Members asked for the disbursement of funds within 30 days."
)


@dataclass
class Seeded:
    store: Any
    ids: dict[str, int]


def _add(session: Any, title: str, **fields: Any) -> int:
    c = svc.add_commitment(session, title=title, now=STAMP, **fields)
    assert c.id is not None
    return c.id


@pytest.fixture
def seeded(store: Any) -> Seeded:
    """Seven commitments, three from one briefing, one with a hostile title and history."""
    ids: dict[str, int] = {}
    with store.write() as session:
        b = Briefing(
            title="MoITT briefing on IT exports",
            date=date(2025, 6, 2),
            committee="Senate Standing Committee on IT",
            text=BRIEFING,
            sha256="0" * 64,
            created_at=STAMP,
        )
        session.add(b)
        session.flush()
        for key, phrase, theme, deadline in (
            ("exports", "$5.2 billion in IT exports", "exports", date(2026, 6, 30)),
            ("stz", "STZ incentive package would be notified by March 2026", "stz", date(2026, 3, 31)),
            ("funds", "disbursement of funds within 30 days", "fund_disbursement", date(2025, 7, 2)),
        ):
            start = BRIEFING.index(phrase)
            c = Commitment(
                briefing_id=b.id,
                title=phrase.capitalize(),
                theme=theme,
                owner="Ministry of IT",
                deadline=deadline,
                base_deadline=deadline,
                deadline_text=phrase,
                deadline_rule="seeded",
                span_start=start,
                span_end=start + len(phrase),
                excerpt=phrase,
                fingerprint=f"seed:{key}",
                created_at=STAMP,
                updated_at=STAMP,
            )
            session.add(c)
            session.flush()
            assert c.id is not None
            ids[key] = c.id
        session.add(CommitmentExcerpt(commitment_id=ids["exports"], span_start=4, span_end=12, excerpt="ministry"))
        ids["late"] = _add(
            session, "Publish the broadband plan", theme="policy", owner="PTA", deadline=date(2025, 12, 31)
        )
        ids["done"] = _add(
            session, "Train 50,000 graduates", theme="upskilling", owner="DigiSkills", status=Status.DONE
        )
        ids["urdu"] = _add(
            session, "آئی ٹی برآمدات کا ہدف", theme="exports", owner="وزارت آئی ٹی", deadline=date(2026, 3, 5)
        )
        ids["hostile"] = _add(session, HOSTILE, theme="other", owner="[red]Owner[/red]", deadline=date(2026, 1, 1))
        svc.update_commitment(
            session,
            ids["hostile"],
            today=TODAY,
            status=Status.STALLED,
            note="Note with [/] and \x1b[31mred\x1b[0m",
            evidence="[link=https://x]e[/link]",
            by="officer",
            effective_on=date(2026, 2, 1),
            now=STAMP,
        )
    return Seeded(store, ids)


def app_for(seeded: Seeded, **kwargs: Any) -> TrackerApp:
    return make_app(seeded.store, today=TODAY, keymap=kwargs.pop("keymap", {}), **kwargs)


async def settle(pilot: Pilot[Any]) -> None:
    """Wait until the workers are done and the messages they posted are handled."""
    busy = (WorkerState.PENDING, WorkerState.RUNNING)
    quiet = 0
    for _ in range(1000):
        await pilot.pause()
        quiet = 0 if any(w.state in busy for w in pilot.app.workers) else quiet + 1
        if quiet == 3:
            return
        await asyncio.sleep(0.002)
    raise AssertionError("the app did not settle")


def table(app: TrackerApp) -> CommitmentTable:
    return app.screen.query_one(CommitmentTable)


def shown_ids(app: TrackerApp) -> list[int]:
    t = table(app)
    return [t.rows[i].id for i in sorted(t.rows)]


def line_text(t: CommitmentTable, y: int) -> str:
    return "".join(segment.text for segment in t.render_line(y))


async def select_id(pilot: Pilot[Any], commitment_id: int) -> None:
    t = table(pilot.app)  # type: ignore[arg-type]
    index = next(i for i, r in t.rows.items() if r.id == commitment_id)
    t.move_to(index)
    await settle(pilot)


def row_of(store: Any, commitment_id: int) -> Commitment:
    with store.read() as session:
        c: Commitment | None = session.get(Commitment, commitment_id)
        assert c is not None
        return c


def history_of(store: Any, commitment_id: int) -> list[StatusChange]:
    with store.read() as session:
        return list(session.scalars(select(StatusChange).where(StatusChange.commitment_id == commitment_id)))  # type: ignore[arg-type]


# ---------------------------------------------------------------- the main screen


async def test_the_main_screen_lists_every_commitment_with_counts(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert table(app).total == 7
        assert shown_ids(app) == sorted(seeded.ids.values())
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "7 shown" in summary
        assert "3 overdue" in summary  # funds (2025-07-02), late (2025-12-31), hostile (2026-01-01)
        assert "as of 2026-03-01" in summary


async def test_overdue_only_search_and_status_filter_narrow_the_list(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert sorted(shown_ids(app)) == sorted([seeded.ids["funds"], seeded.ids["late"], seeded.ids["hostile"]])
        await pilot.press("o")
        await pilot.press("slash", *"broadband", "enter")
        await settle(pilot)
        assert shown_ids(app) == [seeded.ids["late"]]
        assert app.screen.focused is table(app)
        await pilot.press("escape")  # clears search and filters
        await settle(pilot)
        assert table(app).total == 7
        await pilot.press("f")
        app.screen.query_one("#status", Select).value = "stalled"
        await settle(pilot)
        assert shown_ids(app) == [seeded.ids["hostile"]]
        app.screen.query_one("#status", Select).clear()
        app.screen.query_one("#theme", Select).value = "exports"
        await settle(pilot)
        assert sorted(shown_ids(app)) == sorted([seeded.ids["exports"], seeded.ids["urdu"]])
        app.screen.query_one("#theme", Select).clear()
        app.screen.query_one("#due", Input).value = "7"
        await pilot.pause(0.4)  # typing settles before the query runs
        await settle(pilot)
        assert shown_ids(app) == [seeded.ids["urdu"]]  # due 2026-03-05


async def test_search_narrows_as_it_is_typed_and_says_when_nothing_matches(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"برآم")  # the start of an Urdu word, no enter
        await pilot.pause(0.2)
        await settle(pilot)
        assert shown_ids(app) == [seeded.ids["urdu"]]
        await pilot.press(*"zzz")
        await pilot.pause(0.2)
        await settle(pilot)
        assert shown_ids(app) == []
        assert "No commitments match." in line_text(table(app), 1)
        assert "0 shown" in str(app.screen.query_one("#summary", Static).render())
        await pilot.press("ctrl+a", "ctrl+k", *'"notified by', "enter")  # a phrase, still being typed
        await settle(pilot)
        assert shown_ids(app) == [seeded.ids["stz"]]


async def test_keys_typed_within_the_typing_delay_run_one_search(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A longer delay than the real one, so a loaded machine's late timers cannot split the burst.
    monkeypatch.setattr(commitments_screen, "SEARCH_DELAY", 0.5)
    app = app_for(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommitmentsScreen)
        searched: list[str | None] = []
        read = screen.browser.first_page

        def recording(view: Any, **kwargs: Any) -> Any:
            searched.append(view.filters.search)
            return read(view, **kwargs)

        screen.browser.first_page = recording  # type: ignore[method-assign]
        box = screen.query_one("#search", Input)
        box.focus()
        for end in range(1, 7):
            box.value = "notified"[:end]  # six keys 10 ms apart: each restarts the delay
            await asyncio.sleep(0.01)
        await pilot.pause(0.8)
        await settle(pilot)
        assert searched == ["notifi"]
        assert shown_ids(app) == [seeded.ids["stz"]]


async def test_sorting_by_each_column_keeps_every_row_once(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CommitmentsScreen)
        for _ in range(7):
            await pilot.press("s")
            await settle(pilot)
            assert sorted(shown_ids(app)) == sorted(seeded.ids.values())
        screen.sort_by("deadline")
        await settle(pilot)
        deadlines = [table(app).rows[i].deadline for i in sorted(table(app).rows)]
        assert [d for d in deadlines if d] == sorted(d for d in deadlines if d)
        assert deadlines[-1] is None  # no deadline sorts last
        await pilot.press("r")
        await settle(pilot)
        assert table(app).rows[0].deadline is None
        screen.sort_by("timeliness")
        await settle(pilot)
        assert table(app).rows[0].id == seeded.ids["funds"]  # the most overdue first


async def test_the_command_palette_offers_every_action(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for action in ("Search", "Filters", "Overdue only", "Detail", "Update", "Export", "Add", "Import"):
            assert action in titles
        assert {"Briefing", "Overdue report", "Help", "Sort by title", "Sort by timeliness"} <= titles


# ---------------------------------------------------------------- detail and update


async def test_detail_shows_deadline_words_excerpt_in_its_paragraph_and_history(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await select_id(pilot, seeded.ids["stz"])
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "2026-03-31" in body
        assert '"STZ incentive package would be notified by March 2026"' in body
        assert "Officials said the STZ incentive package would be notified by March 2026." in body
        assert "No updates recorded yet." in body
        await pilot.press("escape")
        await select_id(pilot, seeded.ids["hostile"])
        await pilot.press("enter")
        await settle(pilot)
        body = str(app.screen.query_one("#detail-body", Static).render())
        assert "officer" in body
        assert "not started -> stalled" in body
        assert "Note with [/] and [31mred[0m" in body
        assert "evidence: [link=https://x]e[/link]" in body


async def test_update_records_status_note_evidence_and_effective_date(seeded: Seeded) -> None:
    app = app_for(seeded)
    target = seeded.ids["late"]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_id(pilot, target)
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UpdateForm)
        form.query_one("#status", Select).value = "in_progress"
        form.query_one("#confidence", Select).value = "amber"
        await pilot.click("#deadline")
        await pilot.press(*"30/06/2026")
        assert "2026-06-30" in str(form.query_one("#deadline-resolved", Static).render())
        form.query_one("#note", Input).value = "Tender issued"
        form.query_one("#evidence", Input).value = "https://example.gov.pk/tender"
        form.query_one("#effective", Input).value = "20/02/2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        current = table(app).current
        assert current is not None
        assert current.status == "in_progress"
    c = row_of(seeded.store, target)
    assert (c.status, c.confidence, c.deadline, c.version) == ("in_progress", "amber", date(2026, 6, 30), 2)
    assert c.deadline_text == "30/06/2026"
    [change] = history_of(seeded.store, target)
    assert (change.from_status, change.to_status, change.note, change.by) == (
        "not_started",
        "in_progress",
        "Tender issued",
        "tester",
    )
    assert change.effective_on == date(2026, 2, 20)
    assert change.evidence == "https://example.gov.pk/tender"


async def test_invalid_input_is_shown_in_the_form_and_nothing_is_saved(seeded: Seeded) -> None:
    app = app_for(seeded)
    target = seeded.ids["late"]
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await select_id(pilot, target)
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UpdateForm)
        await pilot.press("ctrl+s")
        assert "Nothing to record" in str(form.query_one("#message", Static).render())
        form.query_one("#deadline", Input).value = "31/02/2026"
        await pilot.pause()
        assert "not a real date" in str(form.query_one("#deadline-resolved", Static).render())
        await pilot.press("ctrl+s")
        assert "Deadline:" in str(form.query_one("#message", Static).render())
        form.query_one("#deadline", Input).value = ""
        form.query_one("#note", Input).value = "x"
        form.query_one("#effective", Input).value = "2026-03-02"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "in the future" in str(form.query_one("#message", Static).render())
        assert app.screen is form
    assert history_of(seeded.store, target) == []
    assert row_of(seeded.store, target).version == 1


async def test_a_stale_edit_is_refused_and_the_other_change_survives(seeded: Seeded) -> None:
    app = app_for(seeded)
    target = seeded.ids["late"]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_id(pilot, target)
        await pilot.press("u")  # officer A opens the form at version 1
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UpdateForm)
        Browser(seeded.store, today=TODAY).update(  # officer B saves first
            target, expected_version=1, status=Status.DONE, note="B was first", by="officer-b"
        )
        form.query_one("#status", Select).value = "stalled"
        form.query_one("#note", Input).value = "A's view"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        message = str(form.query_one("#message", Static).render())
        assert "someone else updated" in message
        assert "Nothing was overwritten" in message
        assert "Now: status done" in message
    c = row_of(seeded.store, target)
    assert (c.status, c.version) == ("done", 2)
    assert [h.note for h in history_of(seeded.store, target)] == ["B was first"]


# ---------------------------------------------------------------- overdue and export


async def test_export_overdue_writes_the_file_and_says_where(seeded: Seeded, tmp_path: Path) -> None:
    app = app_for(seeded)
    out = tmp_path / "papers" / "overdue.json"
    out.parent.mkdir()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportForm)
        assert form.query_one("#path", Input).value.endswith("overdue-2026-03-01.csv")
        form.query_one("#format", Select).value = "json"
        await pilot.pause()
        assert form.query_one("#path", Input).value.endswith("overdue-2026-03-01.json")
        form.query_one("#path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert any(str(out) in n.message for n in app._notifications)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["id"] for d in data] == [seeded.ids["funds"], seeded.ids["late"], seeded.ids["hostile"]]
    assert data[0]["days_overdue"] == (TODAY - date(2025, 7, 2)).days


async def test_the_overdue_screen_as_of_a_past_date_exports_csv(seeded: Seeded, tmp_path: Path) -> None:
    app = app_for(seeded)
    out = tmp_path / "overdue.csv"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("O")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverdueScreen)
        assert table(app).total == 3
        await pilot.press("d")
        screen.query_one("#as-of", Input).value = "01/01/2026"
        await pilot.press("enter")
        await settle(pilot)
        assert shown_ids(app) == [seeded.ids["funds"], seeded.ids["late"]]  # the hostile one fell due later
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportForm)
        form.query_one("#path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        result = str(screen.query_one("#export-result", Static).render())
        assert "Wrote 2 overdue commitments as of 2026-01-01" in result
        assert str(out) in result
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("id,title,theme,owner,status")  # the same report as `tracker export`
    assert len(text.splitlines()) == 3


# ---------------------------------------------------------------- add and import


async def test_add_a_commitment_by_hand(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        form = app.screen
        assert isinstance(form, AddForm)
        await pilot.press("ctrl+s")
        assert "needs a title" in str(form.query_one("#message", Static).render())
        form.query_one("#title", Input).value = "Notify the cloud policy"
        form.query_one("#owner", Input).value = "MoITT"
        form.query_one("#theme", Select).value = "policy"
        form.query_one("#deadline", Input).value = "2026-09-30"
        await pilot.pause()
        assert "2026-09-30" in str(form.query_one("#deadline-resolved", Static).render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert table(app).total == 8
    with seeded.store.read() as session:
        c = session.scalars(select(Commitment).where(Commitment.title == "Notify the cloud policy")).one()  # type: ignore[arg-type]
    assert (c.owner, c.theme, c.deadline, c.status, c.version) == (
        "MoITT",
        "policy",
        date(2026, 9, 30),
        "not_started",
        1,
    )


async def test_import_a_csv_file_from_inside_the_app(seeded: Seeded, tmp_path: Path) -> None:
    path = tmp_path / "more.csv"
    path.write_text(
        "title,theme,owner,status,deadline\nRoll out e-invoicing,tax_facilitation,FBR,in_progress,30/06/2026\n"
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("title,theme\nSomething,no_such_theme\n")
    app = app_for(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, ImportForm)
        form.query_one("#path", Input).value = str(bad)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "nothing imported" in str(form.query_one("#message", Static).render())
        form.query_one("#path", Input).value = str(path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, CommitmentsScreen)
        assert table(app).total == 8
    with seeded.store.read() as session:
        c = session.scalars(select(Commitment).where(Commitment.owner == "FBR")).one()  # type: ignore[arg-type]
    assert (c.title, c.status, c.deadline) == ("Roll out e-invoicing", "in_progress", date(2026, 6, 30))


# ---------------------------------------------------------------- briefing, help, keys


async def test_the_briefing_highlights_its_commitments_and_jumps_to_one(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_id(pilot, seeded.ids["stz"])
        await pilot.press("b")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        assert screen.briefing is not None
        assert len(screen.briefing.spans) == 4
        assert f"#{seeded.ids['stz']}" in str(screen.query_one("#briefing-current", Static).render())
        await pilot.press("n")
        await pilot.pause()
        assert f"#{seeded.ids['funds']}" in str(screen.query_one("#briefing-current", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.commitment_id == seeded.ids["funds"]


async def test_help_lists_the_live_bindings_and_a_keymap_moves_them(seeded: Seeded, tmp_path: Path) -> None:
    keymap_file = tmp_path / "keymap.toml"
    keymap_file.write_text('[keys]\n"commitments.update" = "ctrl+u"\n')
    keymap = load_keymap(keymap_file, known_ids=binding_ids())
    app = app_for(seeded, keymap=keymap)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body", Static).render())
        assert "Record a status, deadline or note" in text
        assert "commitments.update" in text
        assert "^u" in text
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("u")
        assert isinstance(app.screen, CommitmentsScreen)  # u no longer updates
        await pilot.press("ctrl+u")
        assert isinstance(app.screen, UpdateForm)


def test_a_bad_keymap_is_a_configuration_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("[keys\n")
    with pytest.raises(ConfigError, match="not a valid keymap"):
        load_keymap(broken)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text('[keys]\n"no.such.binding" = "x"\n')
    with pytest.raises(ConfigError, match="no.such.binding"):
        load_keymap(unknown, known_ids=binding_ids())


async def test_every_binding_has_an_id_and_a_tooltip() -> None:
    from textual.binding import Binding

    from tracker.tui.app import bound_classes

    assert len(bound_classes()) >= 8
    for cls in bound_classes():
        for b in getattr(cls, "BINDINGS", []):
            assert isinstance(b, Binding), (cls.__name__, b)
            assert b.id, (cls.__name__, b)
            assert b.tooltip, (cls.__name__, b)


# ---------------------------------------------------------------- untrusted text


async def test_a_hostile_title_renders_literally_and_crashes_nothing(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        t = table(app)
        index = next(i for i, r in t.rows.items() if r.id == seeded.ids["hostile"])
        line = line_text(t, index + 1)
        assert "[/] [link=https://x]click[/link]" in line
        assert "[red]Owner[/red]" in line
        assert "\x1b" not in line
        assert "\u202e" not in line
        assert "\x07" not in line
        await select_id(pilot, seeded.ids["hostile"])
        await pilot.press("enter")
        await settle(pilot)
        body = app.screen.query_one("#detail-body", Static).render()
        assert "[/] [link=https://x]click[/link] [2J]0;pwned evil [bold]" in str(body)
        assert not any(span.style and "link" in str(span.style) for span in getattr(body, "spans", []))
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, UpdateForm)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, CommitmentsScreen)


# ---------------------------------------------------------------- many rows


async def test_paging_through_thousands_of_rows_reaches_the_last_and_back(store: Any) -> None:
    from tracker.demo import fill

    with store.write() as session:
        fill(session, count=2500, seed=3, today=TODAY)
    app = make_app(store, today=TODAY, keymap={})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app)
        assert t.total == 2500
        assert len(t.rows) <= 400
        await pilot.press("end")
        await settle(pilot)
        assert t.cursor == 2499
        assert t.current is not None
        assert t.current.id == 2500
        await pilot.press("pageup", "pageup", "up")
        await settle(pilot)
        assert t.current is not None
        assert t.current.id == 2500 - 2 * t.body_height - 1
        t.scroll_to(y=1200, animate=False, immediate=True)  # a scrollbar drag: a page at an offset
        await settle(pilot)
        assert t.rows[1200].id == 1201
        await pilot.press("home")
        await settle(pilot)
        assert t.cursor == 0
        assert t.current is not None
        assert t.current.id == 1
        for _ in range(30):
            await pilot.press("pagedown")
        await settle(pilot)
        assert t.current is not None
        assert t.current.id == t.cursor + 1
        assert len(t.rows) <= 1000


def test_the_app_shows_the_office_date_it_was_given(seeded: Seeded) -> None:
    app = make_app(seeded.store, today=TODAY, as_of=date(2026, 1, 1), keymap={})
    assert app.browser.today == TODAY
    assert app.as_of == date(2026, 1, 1)
    assert app.sub_title == "as of 2026-01-01"


async def test_as_of_a_past_date_shows_the_state_then(seeded: Seeded) -> None:
    app = make_app(seeded.store, today=TODAY, as_of=date(2026, 1, 15), keymap={})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        t = table(app)
        hostile = next(r for r in t.rows.values() if r.id == seeded.ids["hostile"])
        assert hostile.status == "not_started"  # it stalled on 2026-02-01


async def test_refresh_shows_what_another_officer_recorded(seeded: Seeded) -> None:
    app = app_for(seeded)
    target = seeded.ids["late"]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with seeded.store.write() as session:
            svc.update_commitment(session, target, today=TODAY, status=Status.DONE, by="someone else")
        await pilot.press("f5")
        await settle(pilot)
        shown = next(r for r in table(app).rows.values() if r.id == target)
        assert shown.status == "done"


async def test_an_update_opened_on_a_past_date_starts_from_today(seeded: Seeded) -> None:
    app = app_for(seeded, as_of=date(2026, 1, 15))
    target = seeded.ids["hostile"]  # stalled since 2026-02-01: not yet on 2026-01-15
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await select_id(pilot, target)
        current = table(app).current
        assert current is not None
        assert current.status == "not_started"
        await pilot.press("u")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, UpdateForm)
        assert form.query_one("#status", Select).value == "stalled"


async def test_an_export_whose_file_name_asks_for_another_format_is_refused(seeded: Seeded, tmp_path: Path) -> None:
    app = app_for(seeded)
    out = tmp_path / "papers.xlsx"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportForm)
        form.query_one("#path", Input).value = str(out)  # the format stays CSV
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "ends .xlsx but the format is csv" in str(form.query_one("#message", Static).render())
    assert not out.exists()


async def test_the_summary_says_which_filters_are_on(seeded: Seeded) -> None:
    app = app_for(seeded)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        summary = str(app.screen.query_one("#summary", Static).render())
        assert "(overdue only)" in summary
        assert summary.startswith(f"{len(shown_ids(app))} shown")
        await pilot.press("escape")
        await settle(pilot)
        assert "overdue only" not in str(app.screen.query_one("#summary", Static).render())


async def test_the_export_form_offers_the_formats_of_the_registry(seeded: Seeded) -> None:
    from tracker.reports import REPORT_FORMATS

    app = app_for(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportForm)
        select = form.query_one("#format", Select)
        assert [(str(label), value) for label, value in select._options] == [(f.label, f.name) for f in REPORT_FORMATS]


async def test_the_export_form_shows_its_progress(seeded: Seeded, tmp_path: Path) -> None:
    from textual.widgets import ProgressBar

    app = app_for(seeded)
    out = tmp_path / "overdue.md"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, ExportForm)
        bar = form.query_one("#progress", ProgressBar)
        assert not bar.display  # nothing to show before the work starts
        seen: list[tuple[bool, float | None, float]] = []
        draw = form._progress

        def watched(done: int, total: int | None) -> None:  # what the bar shows after each step
            draw(done, total)
            seen.append((bool(bar.display), bar.total, bar.progress))

        form._progress = watched  # type: ignore[method-assign]
        form.query_one("#format", Select).value = "md"
        form.query_one("#path", Input).value = str(out)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert seen, "the bar never moved"
        assert seen[0] == (True, 3, 0)  # shown as the work starts, out of the three overdue
        assert seen[-1] == (True, 3, 3)  # all written
    assert out.exists()


async def test_the_import_form_shows_its_progress(seeded: Seeded, tmp_path: Path) -> None:
    from textual.widgets import ProgressBar

    path = tmp_path / "more.csv"
    path.write_text("title,theme,owner\n" + "".join(f"Task {i},exports,PSEB\n" for i in range(25)))
    app = app_for(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, ImportForm)
        bar = form.query_one("#progress", ProgressBar)
        assert not bar.display
        seen: list[tuple[bool, float | None, float]] = []
        draw = form._progress

        def watched(done: int, total: int | None) -> None:  # what the bar shows after each step
            draw(done, total)
            seen.append((bool(bar.display), bar.total, bar.progress))

        form._progress = watched  # type: ignore[method-assign]
        form.query_one("#path", Input).value = str(path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert seen[-1] == (True, 25, 25)
        assert isinstance(app.screen, CommitmentsScreen)
        assert table(app).total == 7 + 25
