"""A table of commitments that renders only the rows on screen (Textual's Line API).

It holds a few hundred rows around the cursor, keyed by their position, and asks
``tracker.browse`` for more in a thread worker as the cursor nears the edge of what it has:
the next page after the last row's key, the page before the first one, the last page for
End, and (only for a jump to an arbitrary place, a scrollbar drag) a page at an offset.
The total is counted lazily, in its own worker, and sizes the scrollbar when it arrives.
Pages and counts each run in a ``Lane``: a new view (the next key typed in the search box)
interrupts the query of the previous one in the database, so stale queries never pile up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.browse import SORTS, Browser, Cancelled, Key, Lane, Page, View
from tracker.fiscal import Timeliness
from tracker.queries import CommitmentRow
from tracker.text import one_line
from tracker.themes import load_themes
from tracker.tui.text import visual_cell

WINDOW = 200  # rows fetched per query
MARGIN = 60  # fetch more when the screen comes this close to the edge of what is held
KEEP = 800  # rows held around what is on screen; the rest are dropped


KIND_WIDTH = 10  # "commitment"


@dataclass(frozen=True)
class Column:
    key: str  # also the sort name
    label: str
    width: int  # 0: takes the remaining width


def columns_for(width: int) -> list[Column]:
    """The columns that fit: at 80 columns the theme gives way to the title; below 140 the
    kind is shortened ("com", "dir") and the owner narrowed, so the title keeps its room.
    How often the deadline moved ("Moved") shows from 130 columns, where the title still keeps
    30; narrower, the list still sorts by it (``s``), and the status line names the order."""
    wide = width >= 110
    widest = width >= 140
    cols = [
        Column("id", "ID", 7),
        Column("title", "Title", 0),
        Column("kind", "Kind", KIND_WIDTH if widest else 4),
        *([Column("theme", "Theme", 19)] if wide else []),
        Column("owner", "Owner", 24 if widest else 21 if wide else 14),
        Column("status", "Status", 12),
        Column("deadline", "Deadline", 11),
        Column("timeliness", "When", 10),
        *([Column("moved", "Moved", 7)] if width >= 130 else []),
    ]
    fixed = sum(c.width + 1 for c in cols if c.width)
    return [Column(c.key, c.label, c.width or max(width - fixed - 1, 8)) for c in cols]


def when_text(row: CommitmentRow) -> str:
    """Timeliness in a few characters: days late, days left, or the state."""
    t = row.timeliness
    if t is Timeliness.OVERDUE:
        return f"{row.days_overdue}d late"
    if t is Timeliness.DUE_SOON and row.deadline is not None:
        left = (row.deadline - row.as_of).days
        return "due today" if left == 0 else f"due {left}d"
    return {Timeliness.CLOSED: "closed", Timeliness.NO_DEADLINE: "-", Timeliness.ON_TRACK: "on track"}.get(t, str(t))


class CommitmentTable(ScrollView, can_focus=True):
    """Commitments for a ``View``, paged from the database as they come into sight."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up", tooltip="Previous commitment"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down", tooltip="Next commitment"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up", tooltip="One screen up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down", tooltip="One screen down"),
        Binding("home", "first", "First", show=False, id="table.first", tooltip="First commitment"),
        Binding("end", "last", "Last", show=False, id="table.last", tooltip="Last commitment"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "commitment-table--header",
        "commitment-table--cursor",
        "commitment-table--placeholder",
        "commitment-table--overdue",
        "commitment-table--due-soon",
        "commitment-table--closed",
        "commitment-table--stalled",
        "commitment-table--in-progress",
        "commitment-table--done",
    }
    DEFAULT_CSS = """
    CommitmentTable {
        height: 1fr;
        background: $surface;
        scrollbar-gutter: stable;
        overflow-x: hidden;
        & > .commitment-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .commitment-table--cursor { background: $block-cursor-blurred-background; }
        &:focus > .commitment-table--cursor {
            background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
        }
        & > .commitment-table--placeholder { color: $text-muted; }
        & > .commitment-table--overdue { color: $text-error; text-style: bold; }
        & > .commitment-table--due-soon { color: $text-warning; }
        & > .commitment-table--closed { color: $text-muted; }
        & > .commitment-table--stalled { color: $text-warning; }
        & > .commitment-table--in-progress { color: $text-primary; }
        & > .commitment-table--done { color: $text-success; }
    }
    """

    class Highlighted(Message):
        """The cursor is on ``row`` (None: the table is empty)."""

        def __init__(self, table: CommitmentTable, row: CommitmentRow | None) -> None:
            super().__init__()
            self.table = table
            self.row = row

    class SortClicked(Message):
        def __init__(self, sort: str) -> None:
            super().__init__()
            self.sort = sort

    class PageReady(Message):
        def __init__(self, generation: int, start: int, page: Page, total: int | None) -> None:
            super().__init__()
            self.generation, self.start, self.page, self.total = generation, start, page, total

    class CountReady(Message):
        def __init__(self, generation: int, total: int) -> None:
            super().__init__()
            self.generation, self.total = generation, total

    def __init__(self, browser: Browser, view: View, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.browser = browser
        self.view = view
        self.rows: dict[int, CommitmentRow] = {}
        self.keys: dict[int, Key] = {}
        self.total: int | None = None
        self.cursor = 0
        self.generation = 0
        self._counting = False  # a count of this generation is on its way
        self._pending: tuple[int, str, int] | None = None
        self._end_reached: int | None = None  # position after the last row, once a page hit the end
        self._jump_to_last = False
        self.theme_labels = {t.slug: t.label for t in load_themes()}  # shown; the slug is stored
        self._page_lane = Lane()
        self._count_lane = Lane()

    # ------------------------------------------------------------ what is shown

    @property
    def current(self) -> CommitmentRow | None:
        return self.rows.get(self.cursor)

    @property
    def body_height(self) -> int:
        return max(self.size.height - 1, 1)

    @property
    def started(self) -> bool:
        """True once rows of the current view have arrived, or it is known to have none."""
        return bool(self.rows) or self._end_reached is not None or self.total is not None

    @property
    def loaded(self) -> bool:
        """True once the first page and the count have arrived (tests wait on this)."""
        return self._pending is None and self.total is not None

    def on_mount(self) -> None:
        self.set_view(self.view)

    def set_view(self, view: View) -> None:
        """Show ``view`` from the top."""
        self.view = view
        self._new_generation()
        self.rows.clear()
        self.keys.clear()
        self.total = None
        self._end_reached = None
        self._pending = None
        self.cursor = 0
        self.scroll_to(y=0, animate=False, immediate=True)
        self._fetch(self.generation, "first", 0, None)  # counting starts once the rows are in
        self._resize()
        self.refresh()

    def reload(self) -> None:
        """Read the rows on screen again (after an update), keeping the cursor's place."""
        cursor, scroll = self.cursor, int(self.scroll_offset.y)
        self._new_generation()
        self.rows.clear()
        self.keys.clear()
        self.total = None
        self._end_reached = None
        self._pending = None
        self._fetch(self.generation, "at", max(scroll - MARGIN, 0), None)
        self.cursor = cursor
        self.refresh()

    def _resize(self) -> None:
        known = self.total
        if known is None:
            top = max(self.rows, default=-1) + 1
            known = self._end_reached if self._end_reached is not None else top + (0 if not top else self.body_height)
        self.virtual_size = Size(self.size.width, known + 1)

    # ------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="table-page")
    def _fetch(self, generation: int, how: str, position: int, key: Key | None) -> None:
        view = self.view
        lane = self._page_lane
        total = None
        try:
            if how == "first":
                page = self.browser.first_page(view, limit=WINDOW, lane=lane)
                start = 0
            elif how == "after" and key is not None:
                page = self.browser.page_after(view, key, limit=WINDOW, lane=lane)
                start = position
            elif how == "before" and key is not None:
                page = self.browser.page_before(view, key, limit=WINDOW, lane=lane)
                start = position - len(page.rows)
            elif how == "last":
                total = self.browser.count(view, lane=lane)
                page = self.browser.last_page(view, limit=WINDOW, lane=lane)
                start = max(total - len(page.rows), 0)
            else:
                page = self.browser.page_at(view, position, limit=WINDOW, lane=lane)
                start = position
        except Cancelled:
            return  # a newer fetch replaced this one and shows its own rows
        self.post_message(self.PageReady(generation, start, page, total))

    @work(thread=True, exclusive=True, group="table-count")
    def _count(self, generation: int, view: View) -> None:
        try:
            total = self.browser.count(view, lane=self._count_lane)
        except Cancelled:
            return
        self.post_message(self.CountReady(generation, total))

    def _new_generation(self) -> None:
        self.generation += 1
        self._counting = False
        self._count_lane.cancel()  # the count of the previous view is of no use now

    def on_unmount(self) -> None:
        self._page_lane.cancel()
        self._count_lane.cancel()

    def on_commitment_table_page_ready(self, message: PageReady) -> None:
        message.stop()
        if message.generation != self.generation:
            return
        self._pending = None
        if message.total is not None:
            self.total = message.total
        elif self.total is None and not self._counting and not (message.page.complete and message.start == 0):
            # The first rows paint before the count, which may scan a million rows, begins;
            # a list that fits on its first page is counted by it (below).
            self._counting = True
            self._count(self.generation, self.view)
        for offset, (row, key) in enumerate(zip(message.page.rows, message.page.keys, strict=True)):
            self.rows[message.start + offset] = row
            self.keys[message.start + offset] = key
        if message.page.complete and message.start >= 0:
            self._end_reached = message.start + len(message.page.rows)
            if self.total is None and message.start == 0:
                self.total = len(message.page.rows)
                if not self._counting:
                    # Not counted in the database: the page is the count, which screens show.
                    self.post_message(self.CountReady(self.generation, self.total))
        self._evict()
        self._resize()
        if self._jump_to_last and self.total is not None:
            self._jump_to_last = False
            self.move_to(self.total - 1)
        self.refresh()
        self._highlight()
        self._ensure()

    def on_commitment_table_count_ready(self, message: CountReady) -> None:
        # Not stopped: the screen shows the count too.
        if message.generation != self.generation:
            return
        self.total = message.total
        self.cursor = min(self.cursor, max(self.total - 1, 0))
        self._resize()
        self.refresh()
        if self._pending is None:
            self._highlight()
            self._ensure()

    def _evict(self) -> None:
        if len(self.rows) <= KEEP:
            return
        middle = int(self.scroll_offset.y) + self.body_height // 2
        for index in [i for i in self.rows if abs(i - middle) > KEEP // 2]:
            del self.rows[index]
            del self.keys[index]

    def _ensure(self) -> None:
        """Fetch the rows the screen is about to show, if they are not held yet."""
        if self._pending is not None:
            return
        top = int(self.scroll_offset.y)
        low = max(top - MARGIN, 0)
        high = top + self.body_height + MARGIN
        if self.total is not None:
            high = min(high, self.total)
        elif self._end_reached is not None:
            high = min(high, self._end_reached)
        missing = [i for i in range(low, high) if i not in self.rows]
        if not missing:
            return
        first = missing[0]
        request: tuple[int, str, Key | None]
        if first - 1 in self.keys:
            request = (first, "after", self.keys[first - 1])
        else:
            last = missing[-1]
            if last + 1 in self.keys and last + 1 - first <= WINDOW:
                request = (last + 1, "before", self.keys[last + 1])
            else:
                request = (max(first - MARGIN, 0), "at", None)
        position, how, key = request
        self._pending = (self.generation, how, position)
        self._fetch(self.generation, how, position, key)

    # ------------------------------------------------------------ moving

    def _last_index(self) -> int:
        if self.total is not None:
            return max(self.total - 1, 0)
        if self._end_reached is not None:
            return max(self._end_reached - 1, 0)
        return max(max(self.rows, default=0) + MARGIN, 0)

    def move_to(self, index: int) -> None:
        """Put the cursor on row ``index`` and scroll it into sight."""
        self.cursor = min(max(index, 0), self._last_index())
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            top = self.cursor
        elif self.cursor >= top + self.body_height:
            top = self.cursor - self.body_height + 1
        self._resize()
        self.scroll_to(y=top, animate=False, immediate=True)
        self.refresh()
        self._ensure()
        self._highlight()

    def _highlight(self) -> None:
        self.post_message(self.Highlighted(self, self.current))

    def action_cursor(self, step: int) -> None:
        self.move_to(self.cursor + step)

    def action_page(self, step: int) -> None:
        self.move_to(self.cursor + step * self.body_height)

    def action_first(self) -> None:
        if 0 not in self.rows:
            self._pending = (self.generation, "first", 0)
            self._fetch(self.generation, "first", 0, None)
        self.move_to(0)

    def action_last(self) -> None:
        if self.total is None:
            self._jump_to_last = True
            self._pending = (self.generation, "last", 0)
            self._fetch(self.generation, "last", 0, None)
            return
        last = max(self.total - 1, 0)
        if last not in self.rows:
            self._pending = (self.generation, "last", last)
            self._fetch(self.generation, "last", last, None)
        self.move_to(last)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._ensure()

    def on_resize(self, _event: events.Resize) -> None:
        self._resize()
        self._ensure()

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = 0
            for column in columns_for(self.size.width):
                if x <= event.x < x + column.width + 1:
                    if column.key in SORTS:  # the kind is a filter, not an order
                        self.post_message(self.SortClicked(column.key))
                    return
                x += column.width + 1
            return
        self.move_to(int(self.scroll_offset.y) + event.y - 1)

    # ------------------------------------------------------------ drawing

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"commitment-table--{name}")

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        columns = columns_for(width)
        if y == 0:
            header = self._style("header")
            arrow = " ▼" if self.view.descending else " ▲"
            cells = [c.label + (arrow if c.key == self.view.sort else "") for c in columns]
            return self._strip(columns, cells, [header] * len(cells), header, width)
        index = int(self.scroll_offset.y) + y - 1
        row = self.rows.get(index)
        end = self.total if self.total is not None else self._end_reached
        if row is None:
            if end is not None and index >= end:
                if end == 0 and y == 1:
                    return Strip([Segment(set_cell_size("  No commitments match.", width), self._style("placeholder"))])
                return Strip([Segment(" " * width, base)], width)
            return Strip([Segment(set_cell_size("  …", width), base + self._style("placeholder"))], width)
        line_style = base + self._style("cursor") if index == self.cursor else base
        wide = any(c.key == "theme" for c in columns)
        widest = any(c.key == "kind" and c.width == KIND_WIDTH for c in columns)
        moved = any(c.key == "moved" for c in columns)
        cells = [
            str(row.id),
            one_line(row.title),
            row.kind if widest else row.kind[:3],
            *([one_line(self.theme_labels.get(row.theme, row.theme))] if wide else []),
            one_line(row.owner) or "-",
            row.status.replace("_", " "),
            row.deadline.isoformat() if row.deadline else "-",
            when_text(row),
            *([f"{row.deadline_moves}x" if row.deadline_moves else "-"] if moved else []),
        ]
        styles = [line_style] * len(cells)
        status_at, when_at = (-4, -2) if moved else (-3, -1)
        styles[status_at] = line_style + self._status_style(row.status)
        styles[when_at] = line_style + self._when_style(row.timeliness)
        if index == self.cursor:
            styles[status_at] = styles[when_at] = line_style
        return self._strip(columns, cells, styles, line_style, width)

    def _status_style(self, status: str) -> Style:
        name = {
            "stalled": "stalled",
            "in_progress": "in-progress",
            "done": "done",
            "partly_done": "done",
            "dropped": "closed",
        }.get(status)
        return self._style(name) if name else Style()

    def _when_style(self, timeliness: Timeliness) -> Style:
        name = {Timeliness.OVERDUE: "overdue", Timeliness.DUE_SOON: "due-soon", Timeliness.CLOSED: "closed"}
        return self._style(name[timeliness]) if timeliness in name else Style()

    @staticmethod
    def _strip(columns: list[Column], cells: list[str], styles: list[Style], fill: Style, width: int) -> Strip:
        segments: list[Segment] = []
        used = 0
        for column, text, style in zip(columns, cells, styles, strict=True):
            if column.key == "id":
                cell = set_cell_size(text.rjust(column.width), column.width)
            else:
                cell = visual_cell(text, column.width)
            segments.append(Segment(cell, style))
            segments.append(Segment(" ", fill))
            used += column.width + 1
        if used < width:
            segments.append(Segment(" " * (width - used), fill))
        return Strip(segments).crop(0, width)
