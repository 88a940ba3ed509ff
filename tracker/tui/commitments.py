"""The main screen: every commitment, filtered and sorted, with counts per status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Checkbox, Footer, Header, Input, Label, Select, Static

from tracker.browse import SORTS, Browser, Cancelled, ImportOutcome, Lane, Summary, View
from tracker.models import Kind, Status
from tracker.queries import CommitmentRow, Filters
from tracker.themes import load_themes
from tracker.tui.changes import RecordsChanged
from tracker.tui.forms import AddForm, ExportForm, ImportForm, UpdateForm, export_message, open_update_form
from tracker.tui.review import ReviewScreen
from tracker.tui.screens import BriefingScreen, DetailScreen, OverdueScreen
from tracker.tui.table import CommitmentTable

# Seconds of quiet typing before a search runs: short, since the index answers at once and
# each new search interrupts the one before it. 0.05 s still lets a burst of keys typed
# faster than that run one search, and slower typing starts one a key, each interrupted by
# the next (see the README's Performance section for the count at each typing speed).
SEARCH_DELAY = 0.05


def filters_text(view: View) -> str:
    """The filters in force, in words ("overdue only, theme stz, search 'cable'"), or ""."""
    f = view.filters
    parts = []
    if f.overdue:
        parts.append("overdue only")
    if f.due_within is not None:
        parts.append(f"due within {f.due_within} days")
    parts += [f"status {s.replace('_', ' ')}" for s in f.statuses]
    labels = {t.slug: t.label for t in load_themes()}
    parts += [f"theme {labels.get(t, t)}" for t in f.themes]
    parts += [f"{k}s only" for k in f.kinds]
    if f.owner:
        parts.append(f"owner '{f.owner}'")
    if f.search:
        parts.append(f"search '{f.search}'")
    return ", ".join(parts)


def summary_text(summary: Summary | None, view: View, waiting: int = 0) -> Text:
    """``1,204 shown · 412 not started · ... · 97 overdue · as of 2026-11-27``; while the
    counts of a new view are being made (None), says so rather than show the old ones.
    Items that wait for review (``waiting``), counted nowhere else, are named first."""
    filtered = filters_text(view)
    if summary is None:
        out = Text("counting…", style="dim")
        if filtered:
            out.append(f" · {filtered}", style="bold")
        return out
    out = Text(style="bold")
    if waiting:
        out.append(f"{waiting:,} wait for review", style="reverse")
        out.append(" · ")
    out.append(f"{summary.total:,} shown")
    if filtered:
        out.append(f" ({filtered})", style="bold")
    for status in Status:
        n = summary.by_status.get(status.value, 0)
        if n:
            out.append(f" · {n:,} {status.value.replace('_', ' ')}")
    out.append(" · ")
    out.append(f"{summary.overdue:,} overdue", style="bold red" if summary.overdue else "")
    out.append(f" · as of {view.as_of.isoformat()} · by {view.sort} {'▼' if view.descending else '▲'}")
    return out


class CommitmentsScreen(Screen[None]):
    """Find a commitment (search, filters, sort) and act on it.

    Keys typed while tracker starts (the terminal holds them until the app reads it) go to
    the table, never into the search box: the table is focused from the start, and an action
    on "the selected commitment" typed before the first rows arrive runs once they have.
    """

    AUTO_FOCUS = "CommitmentTable"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search", id="commitments.search", tooltip="Search titles, owners and excerpts"),
        Binding("f", "filters", "Filters", id="commitments.filters", tooltip="Show the filters: status, theme, owner"),
        Binding("o", "overdue_only", "Overdue only", id="commitments.overdue", tooltip="Show only overdue ones"),
        Binding("enter", "detail", "Detail", id="commitments.detail", tooltip="Everything about this commitment"),
        Binding("u", "update", "Update", id="commitments.update", tooltip="Record a status, deadline or note"),
        Binding("e", "export", "Export", id="commitments.export", tooltip="Write the overdue list to a file"),
        Binding("a", "add", "Add", id="commitments.add", tooltip="Add a commitment by hand"),
        Binding("i", "import", "Import", id="commitments.import", tooltip="Import a briefing, CSV or JSON file"),
        Binding("b", "briefing", "Briefing", id="commitments.briefing", tooltip="Read the briefing it came from"),
        Binding("v", "review", "Review", id="commitments.review", tooltip="Accept or reject what imports proposed"),
        Binding("s", "sort", "Sort", id="commitments.sort", tooltip="Sort by the next column", show=False),
        Binding("r", "reverse", "Reverse", id="commitments.reverse", tooltip="Reverse the order", show=False),
        Binding(
            "O",
            "overdue_report",
            "Overdue report",
            id="commitments.overdue_report",
            tooltip="Overdue on a date",
        ),
        Binding("escape", "clear", "Clear", id="commitments.clear", tooltip="Clear search and filters", show=False),
        Binding(
            "f5,ctrl+r",
            "reload",
            "Refresh",
            id="commitments.refresh",
            tooltip="Read the list again, with what others recorded since",
            show=False,
        ),
    ]

    def __init__(self, browser: Browser, view: View) -> None:
        super().__init__()
        self.browser = browser
        self.view = view
        self.highlighted: CommitmentRow | None = None
        self._search_timer: Timer | None = None
        self._waiting: Callable[[], None] | None = None  # a row action typed before the rows came
        self._sort_before_overdue: tuple[str, bool] | None = None
        self._summary_lane = Lane()
        self._counted = False  # the first counts have been asked for
        self._summary: Summary | None = None
        self._waiting_review = 0  # items of briefings that wait for review (not in the list)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="search-bar", classes="bar"):
            yield Label("Search ")
            yield Input(placeholder="/ to search; f filters; o overdue; ? help", id="search", compact=True)
        with Horizontal(id="filters", classes="bar"):
            statuses = [(s.value.replace("_", " "), s.value) for s in Status]
            yield Select(statuses, prompt="any status", id="status", compact=True)
            yield Select([(t.label, t.slug) for t in load_themes()], prompt="any theme", id="theme", compact=True)
            yield Select([(k.value, k.value) for k in Kind], prompt="any kind", id="kind", compact=True)
            yield Input(placeholder="owner", id="owner", compact=True)
            yield Checkbox("overdue", id="overdue", compact=True)
            yield Input(placeholder="due in N days", id="due", type="integer", compact=True)
        yield CommitmentTable(self.browser, self.view, id="table")
        yield Static(Text("Counting…"), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CommitmentTable).focus()
        self.count_waiting()  # a read of the few rows that wait, through their own index
        # The counts start once the first rows are in (on_commitment_table_highlighted): at a
        # million rows they scan for a second, and would compete with the first page for the CPU.

    # ------------------------------------------------------------ the view

    def apply(self, view: View) -> None:
        """Show ``view``: the table from the top and fresh counts."""
        if view == self.view:
            return
        self.view = view
        # The counts of the view before are of no use now, and the new ones wait for its
        # first rows (on_commitment_table_highlighted): at a million rows they scan for
        # half a second and would compete with the rows for the two cores.
        self._summary_lane.cancel()
        self._counted = False
        self.query_one(CommitmentTable).set_view(view)
        self.query_one("#summary", Static).update(summary_text(None, view))

    def _filters_from_bar(self) -> Filters:
        status = self.query_one("#status", Select).value
        theme = self.query_one("#theme", Select).value
        kind = self.query_one("#kind", Select).value
        due = self.query_one("#due", Input).value.strip()
        return Filters(
            statuses=[str(status)] if status is not Select.NULL else [],
            themes=[str(theme)] if theme is not Select.NULL else [],
            kinds=[str(kind)] if kind is not Select.NULL else [],
            owner=self.query_one("#owner", Input).value.strip() or None,
            overdue=self.query_one("#overdue", Checkbox).value,
            due_within=int(due) if due.isdigit() else None,
            search=self.query_one("#search", Input).value.strip() or None,
        )

    def _apply_bar(self) -> None:
        filters = self._filters_from_bar()
        sort, descending = self.view.sort, self.view.descending
        # Overdue only lists the most overdue first; the order chosen before comes back after.
        if filters.overdue and not self.view.filters.overdue:
            self._sort_before_overdue = (sort, descending)
            sort, descending = "timeliness", False
        elif not filters.overdue and self._sort_before_overdue is not None:
            if (sort, descending) == ("timeliness", False):  # unless the officer sorted since
                sort, descending = self._sort_before_overdue
            self._sort_before_overdue = None
        self.apply(View(as_of=self.view.as_of, filters=filters, sort=sort, descending=descending))

    @on(Input.Changed, "#search, #owner, #due")
    def _typed(self, _event: Input.Changed) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_bar)

    @on(Input.Submitted, "#search, #owner, #due")
    def _submitted(self) -> None:
        if self._search_timer is not None:
            self._search_timer.stop()
        self._apply_bar()
        self.query_one(CommitmentTable).focus()

    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _chosen(self) -> None:
        self._apply_bar()

    @work(thread=True, exclusive=True, group="summary")
    def refresh_summary(self) -> None:
        view = self.view
        try:
            summary = self.browser.summary(view, lane=self._summary_lane)
        except Cancelled:
            return  # the counts of a newer view are on their way
        self.app.call_from_thread(self._show_summary, summary, view)

    def _show_summary(self, summary: Summary, view: View) -> None:
        if view == self.view:
            self._summary = summary
            # Counts that arrive as the app closes find no bar to show them in.
            for bar in self.query("#summary").results(Static):
                bar.update(summary_text(summary, view, self._waiting_review))

    def on_unmount(self) -> None:
        self._summary_lane.cancel()  # counts nobody will see: stop them in the database

    @work(thread=True, exclusive=True, group="review-count")
    def count_waiting(self) -> None:
        """How many items wait for review, for the summary bar."""
        waiting = self.browser.review_waiting_count()
        self.app.call_from_thread(self._show_waiting, waiting)

    def _show_waiting(self, waiting: int) -> None:
        self._waiting_review = waiting
        if self._summary is not None:
            self._show_summary(self._summary, self.view)

    def on_commitment_table_highlighted(self, message: CommitmentTable.Highlighted) -> None:
        self.highlighted = message.row
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            waiting()
        if not self._counted:
            self._counted = True
            self.refresh_summary()

    def on_commitment_table_sort_clicked(self, message: CommitmentTable.SortClicked) -> None:
        self.sort_by(message.sort)

    # ------------------------------------------------------------ actions

    def sort_by(self, sort: str, *, descending: bool | None = None) -> None:
        if descending is None:
            # Most moved first: the ones with a slipped deadline are what that order is for.
            descending = not self.view.descending if sort == self.view.sort else sort == "moved"
        self.apply(View(as_of=self.view.as_of, filters=self.view.filters, sort=sort, descending=descending))

    def action_sort(self) -> None:
        following = SORTS[(SORTS.index(self.view.sort) + 1) % len(SORTS)]
        self.sort_by(following, descending=following == "moved")

    def action_reverse(self) -> None:
        self.sort_by(self.view.sort, descending=not self.view.descending)

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_filters(self) -> None:
        bar = self.query_one("#filters")
        bar.toggle_class("-visible")
        if bar.has_class("-visible"):
            self.query_one("#status", Select).focus()
        else:
            self.query_one(CommitmentTable).focus()

    def action_overdue_only(self) -> None:
        box = self.query_one("#overdue", Checkbox)
        box.value = not box.value

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        self.query_one("#owner", Input).value = ""
        self.query_one("#due", Input).value = ""
        self.query_one("#status", Select).clear()
        self.query_one("#theme", Select).clear()
        self.query_one("#kind", Select).clear()
        self.query_one("#overdue", Checkbox).value = False
        self.query_one(CommitmentTable).focus()
        self._apply_bar()

    def _current(self, action: Callable[[], None]) -> CommitmentRow | None:
        """The selected commitment; None (having said why, or having put ``action`` off until
        the rows arrive) when there is none yet."""
        table = self.query_one(CommitmentTable)
        row = table.current
        if row is None and not table.started:
            self._waiting = action
            return None
        if row is None:
            self.notify("No commitment is selected.", severity="warning")
        return row

    def action_detail(self) -> None:
        row = self._current(self.action_detail)
        if row is not None:
            self.app.push_screen(DetailScreen(self.browser, row.id, self.view.as_of))

    def action_update(self) -> None:
        row = self._current(self.action_update)
        if row is None:
            return

        def done(saved: CommitmentRow | None) -> None:
            if saved is not None:
                self.notify(
                    f"Saved: #{saved.id} is now {saved.status.replace('_', ' ')} (version {saved.version})",
                    markup=False,
                )

        # The version in the row on screen is the one the officer saw. An update records
        # what happens now, so a list shown as of a past date opens the form on today's state.
        if self.view.as_of == self.browser.today:
            self.app.push_screen(UpdateForm(self.browser, row), done)
        else:
            open_update_form(self, self.browser, row.id, row.version, done)

    def action_reload(self) -> None:
        self._reload()

    def on_records_changed(self, _message: RecordsChanged) -> None:
        self._reload()

    def _reload(self) -> None:
        self.query_one(CommitmentTable).reload()
        self.refresh_summary()
        self.count_waiting()

    def action_export(self) -> None:
        as_of = self.view.as_of

        def done(result: Any) -> None:
            if isinstance(result, tuple):
                self.notify(export_message(result, as_of).plain, markup=False, timeout=10)

        self.app.push_screen(ExportForm(self.browser, as_of), done)

    def action_overdue_report(self) -> None:
        self.app.push_screen(OverdueScreen(self.browser, self.view.as_of))

    def action_add(self) -> None:
        def done(row: CommitmentRow | None) -> None:
            if row is not None:
                self.notify(f"Added #{row.id}.", markup=False)

        self.app.push_screen(AddForm(self.browser), done)

    def action_import(self) -> None:
        def done(imported: ImportOutcome | None) -> None:
            if imported is None:
                return
            self.notify(imported.line, markup=False, timeout=10)
            if imported.review_briefing_id is not None:
                # A briefing's new items count only once accepted: review them straight away.
                self.app.push_screen(ReviewScreen(self.browser, imported.review_briefing_id))

        self.app.push_screen(ImportForm(self.browser), done)

    def action_briefing(self) -> None:
        row = self._current(self.action_briefing)
        if row is None:
            return
        if row.briefing_id is None:
            self.notify("This commitment was not parsed from a briefing.", severity="warning")
            return
        self.app.push_screen(BriefingScreen(self.browser, row.briefing_id, focus=row.id))

    def action_review(self) -> None:
        """Review what waits, the oldest sitting's briefing first."""
        self.app.push_screen(ReviewScreen(self.browser))
