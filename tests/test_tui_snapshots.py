"""Snapshots of the main screens at 80x24 and 120x40, with a fixed date and seeded data.

Update them after a deliberate change of the look: ``pytest tests/test_tui_snapshots.py
--snapshot-update``, then look at the SVGs in tests/__snapshots__ before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.test_tui import TODAY, Seeded, seeded, select_id, settle  # noqa: F401  (the fixture)
from tracker.tui.app import make_app

Snap = Callable[..., bool]


def steps(*keys: str, select: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if select is not None:
            await select_id(pilot, _ids[select])
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.pause()

    return run


_ids: dict[str, int] = {}


@pytest.fixture
def app_factory(seeded: Seeded) -> Callable[..., Any]:  # noqa: F811
    _ids.clear()
    _ids.update(seeded.ids)

    def make(theme: str | None = None) -> Any:
        app = make_app(seeded.store, today=TODAY, keymap={})
        if theme:
            app.theme = theme
        return app

    return make


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_commitments_screen(snap_compare: Snap, app_factory: Callable[..., Any], size: tuple[int, int]) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=steps())


def test_commitments_screen_light_theme_with_filters(snap_compare: Snap, app_factory: Callable[..., Any]) -> None:
    assert snap_compare(app_factory("textual-light"), terminal_size=(80, 24), run_before=steps("f", "escape"))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_detail_screen(snap_compare: Snap, app_factory: Callable[..., Any], size: tuple[int, int]) -> None:
    assert snap_compare(app_factory(), terminal_size=size, run_before=steps("enter", select="hostile"))


def test_update_form(snap_compare: Snap, app_factory: Callable[..., Any]) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=steps("u", select="late"))


def test_overdue_screen(snap_compare: Snap, app_factory: Callable[..., Any]) -> None:
    assert snap_compare(app_factory(), terminal_size=(120, 40), run_before=steps("O"))


def test_briefing_screen(snap_compare: Snap, app_factory: Callable[..., Any]) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=steps("b", select="stz"))


def test_help_screen(snap_compare: Snap, app_factory: Callable[..., Any]) -> None:
    assert snap_compare(app_factory(), terminal_size=(80, 24), run_before=steps("question_mark"))
