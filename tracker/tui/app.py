"""The tracker App and the factory the command line and the tests share.

The App is given its ``Browser`` (the database facade) and today's date; it opens no
session itself. Keys come from each screen's BINDINGS, every one with an id, so a user's
keymap file can move them (``tracker.tui.keymap``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import WorkerFailed

from tracker.browse import SORTS, Browser, Store, View
from tracker.errors import TrackerError
from tracker.text import one_line
from tracker.tui.changes import RecordsChanged
from tracker.tui.commitments import CommitmentsScreen
from tracker.tui.keymap import load_keymap
from tracker.tui.screens import HelpScreen


class TrackerApp(App[None]):
    """Find, update and follow the commitments ministries made in briefings."""

    CSS_PATH = "app.tcss"
    TITLE = "tracker"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="tracker.help", tooltip="The keys of this screen"),
        Binding("q", "quit", "Quit", id="tracker.quit", tooltip="Leave tracker"),
    ]

    def __init__(self, browser: Browser, *, as_of: date | None = None, keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.browser = browser
        self.as_of = as_of or browser.today
        self._keymap = keymap or {}
        self._told: set[str] = set()
        if self.as_of != browser.today:
            self.sub_title = f"as of {self.as_of.isoformat()}"

    def on_mount(self) -> None:
        if self._keymap:
            self.set_keymap(self._keymap)
        self.push_screen(CommitmentsScreen(self.browser, View(as_of=self.as_of)))

    def on_records_changed(self, _message: RecordsChanged) -> None:
        # Screens beneath the current one too: a modal form leaves the detail in sight, and
        # the list must be right when the officer goes back to it.
        for screen in self.screen_stack:
            screen.post_message(RecordsChanged())

    def _handle_exception(self, error: Exception) -> None:
        """A read that fails with a message for the user (a stored date that is no date, the
        database busy or gone) is shown to them, and tracker stays open; anything else ends
        it as Textual does. Textual sends every failed worker here, so this one place serves
        every screen's reads."""
        cause = error.error if isinstance(error, WorkerFailed) else error
        if not isinstance(cause, TrackerError):
            super()._handle_exception(error)
            return
        line = one_line(str(cause))
        # The list's page, its count and its summary often fail alike: say it once.
        if line not in self._told:
            self._told.add(line)
            self.notify(line, title="Cannot read the database", severity="error", timeout=30, markup=False)
            self.set_timer(30, lambda: self._told.discard(line))

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss()
            return
        self.push_screen(HelpScreen(self.screen))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """The command palette offers every action bound on the current screen, and sorts."""
        yield from super().get_system_commands(screen)
        seen: set[str] = set()
        for active in screen.active_bindings.values():
            b = active.binding
            if not b.description or b.action in seen or b.id in (None, "tracker.help"):
                continue
            seen.add(b.action)
            yield SystemCommand(b.description, b.tooltip or b.description, partial(self.run_action, b.action, screen))
        if isinstance(screen, CommitmentsScreen):
            for sort in SORTS:
                yield SystemCommand(f"Sort by {sort}", f"Order the list by {sort}", partial(screen.sort_by, sort))
        yield SystemCommand("Help", "The keys of this screen", self.action_help)


def bound_classes() -> list[type]:
    """Every class of the interface that declares key bindings."""
    from tracker.tui import commitments, forms, review, screens, table

    return [
        TrackerApp,
        commitments.CommitmentsScreen,
        screens.DetailScreen,
        screens.OverdueScreen,
        screens.BriefingScreen,
        screens.HelpScreen,
        review.ReviewScreen,
        review.ItemList,
        forms.Form,
        forms.ConfirmReplace,
        table.CommitmentTable,
    ]


def binding_ids() -> frozenset[str]:
    """Every binding id a keymap may name."""
    return frozenset(
        b.id for cls in bound_classes() for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding) and b.id
    )


def make_app(
    store: Store, *, today: date, as_of: date | None = None, keymap: dict[str, str] | None = None
) -> TrackerApp:
    """The app on ``store``, with ``today`` injected (the CLI passes the office's date).

    ``keymap`` None reads the user's keymap file; tests pass ``{}``.
    """
    if keymap is None:
        keymap = load_keymap(known_ids=binding_ids())
    return TrackerApp(Browser(store, today=today), as_of=as_of, keymap=keymap)
