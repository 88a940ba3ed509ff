"""The TUI's import form for briefings as they arrive: the sitting date proposed from the
file, shown before anything is imported, corrected and checked; a near-duplicate imported
only when the user asks again."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from textual.widgets import Input, Static

from tests.intake_samples import SENATE_NEWS
from tests.test_tui import TODAY, settle
from tracker.models import Briefing
from tracker.tui.app import TrackerApp, make_app
from tracker.tui.forms import ImportForm
from tracker.tui.review import ReviewScreen


def stored_briefings(store: Any) -> list[tuple[str, date]]:
    with store.read() as session:
        return [(b.title, b.date) for b in session.scalars(select(Briefing).order_by(Briefing.id))]  # type: ignore[arg-type]


def app_on(store: Any) -> TrackerApp:
    return make_app(store, today=TODAY, keymap={})


async def test_the_import_form_proposes_the_date_found_in_the_page_and_imports_the_corrected_one(
    store: Any, tmp_path: Path
) -> None:
    page = tmp_path / "senate-news.html"
    page.write_text(SENATE_NEWS, encoding="utf-8")
    before = stored_briefings(store)
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        form = app.screen
        assert isinstance(form, ImportForm)
        form.query_one("#path", Input).value = str(page)
        await pilot.press("ctrl+s")
        await settle(pilot)
        # Proposed and shown with the words it came from; nothing imported yet.
        assert form.query_one("#date", Input).value == "2022-09-05"
        found = str(form.query_one("#date-found", Static).render())
        assert "2022-09-05 from the text: 'Islamabad, September 05, 2022'" in found
        assert stored_briefings(store) == before
        # A wrong date is refused by the parser the command line uses.
        form.query_one("#date", Input).value = "31/02/2022"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Sitting date: '31/02/2022' is not a real date" in str(form.query_one("#message", Static).render())
        assert stored_briefings(store) == before
        form.query_one("#date", Input).value = "06/09/2022"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)  # its items wait for review
    title = "Senate Standing Committee on IT reviews fibre plan"
    assert stored_briefings(store) == [*before, (title, date(2022, 9, 6))]


async def test_a_near_duplicate_is_imported_from_the_form_only_when_asked_twice(store: Any, tmp_path: Path) -> None:
    first, copy = tmp_path / "news.html", tmp_path / "news-saved-again.html"
    first.write_text(SENATE_NEWS, encoding="utf-8")
    copy.write_text(SENATE_NEWS.replace("September 05, 2022", "September 07, 2022"), encoding="utf-8")
    app = app_on(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for n, path in enumerate((first, copy)):
            if n:
                assert isinstance(app.screen, ReviewScreen)  # the first import's items wait for review
                await pilot.press("escape")
            await pilot.press("i")
            form = app.screen
            assert isinstance(form, ImportForm)
            form.query_one("#path", Input).value = str(path)
            await pilot.press("ctrl+s")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
        assert isinstance(app.screen, ImportForm)
        message = str(app.screen.query_one("#message", Static).render())
        assert "nearly the same text as briefing" in message
        assert "press ctrl+s again to import it anyway" in message
        assert [d for _, d in stored_briefings(store)][-1] == date(2022, 9, 5)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    assert [d for _, d in stored_briefings(store)][-2:] == [date(2022, 9, 5), date(2022, 9, 7)]
