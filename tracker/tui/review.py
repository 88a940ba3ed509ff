"""The Review screen: a briefing's proposed items beside its text, each decided with one key.

Items parsed from a briefing wait as *proposed* until an officer accepts them; only then do
they count in lists, reports and reminders. The screen shows the briefing text with the
sentence of each item that waits highlighted (the current one reversed) and, beside it, the
items: those that wait, and those decided since the screen opened, with what was decided.
Below them, the briefing's follow-ups of commitments stored before (a restatement's new
deadline or target, a progress report's status and actual, each beside the commitment as it
stands, with the linker's score), decided with the same keys as items when their list has the
focus; then "also in this briefing": sentences with a future or obligation cue that gave no
item, which one key turns into an item. Every decision is written at once through
``tracker.browse`` (who and when are recorded there), and every other screen is told to read
its rows again, so the main list and its counts are right when the officer goes back.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static
from textual.worker import get_current_worker

from tracker.browse import Browser, review
from tracker.errors import TrackerError
from tracker.themes import load_themes
from tracker.tui.changes import RecordsChanged, announce_change
from tracker.tui.review_forms import ItemForm, SplitForm
from tracker.tui.text import safe, safe_line, visual_cell

Item = review.ProposedItem
Sentence = review.UnmatchedSentence
Link = review.LinkItem

WAITING = Style(bold=True, underline=True)
CURRENT = Style(reverse=True, bold=True)
DECIDED = Style(dim=True)
ALSO = Style(italic=True, underline=True)
WAITS = "waits"


@dataclass(frozen=True)
class Listed:
    """A row of the item list: the item as last read, and what became of it ("waits",
    "accepted", "rejected", "merged into #12")."""

    item: Item
    state: str

    @property
    def waits(self) -> bool:
        return self.state == WAITS


@dataclass(frozen=True)
class ListedLink:
    """A row of the follow-up list: the follow-up as last read, and what became of it."""

    link: Link
    state: str

    @property
    def waits(self) -> bool:
        return self.state == WAITS


def link_cell(row: ListedLink, width: int) -> Text:
    """One follow-up in two lines: state, relation, score, the earlier commitment (#id title);
    below, the old -> the new."""
    link = row.link
    style = "" if row.waits else "dim strike" if row.state != "accepted" else "dim"
    head = f"{row.state.split()[0]:<9}{link.relation:<12}{link.score:.2f}  #{link.commitment_id} "
    out = Text(head, style=style or "bold")
    out.append(visual_cell(link.title, max(width - len(head), 10)), style=style)
    out.append("\n  ")
    out.append(visual_cell(link.change(), max(width - 2, 10)), style=style)
    return out


# The item list's columns: (heading, width); the title takes what the others leave. Each cell
# is cut one short of its column, so the columns keep a space between them.
COLUMNS = (("", 2), ("State", 9), ("Kind", 5), ("Deadline", 11), ("Title", 0), ("Owner", 13))


def item_cells(row: Listed, *, marked: bool, title_width: int) -> list[Text]:
    """One row of the item list: mark, state, kind, deadline, title, owner (literal text)."""
    item = row.item
    style = "" if row.waits else "dim strike" if row.state != "accepted" else "dim"
    return [
        Text("●" if marked else " ", style="bold"),
        Text(row.state.split()[0], style=style or "bold"),
        Text(item.kind[:3], style=style),
        Text(item.deadline.isoformat() if item.deadline else "-", style=style),
        Text(visual_cell(item.title, title_width - 1), style=style),
        Text(visual_cell(item.owner or "-", COLUMNS[-1][1] - 1), style=style),
    ]


def title_width(table_width: int) -> int:
    """The title column's width in a table ``table_width`` wide (its scrollbar included)."""
    return max(table_width - 2 - sum(w for _, w in COLUMNS), 16)


def item_summary(item: Item, theme_labels: dict[str, str], width: int) -> Text:
    """The current item in two lines of about ``width``: what it is; whose, by when (and from
    which words), which target, which theme."""
    out = Text(f"#{item.id} {item.kind}  ", style="bold")
    out.append_text(safe_line(item.title, max(width - 20, 20), style="bold"))
    out.append("\n")
    out.append_text(safe_line(item.owner or "no owner", 60))
    out.append("  ·  " + (item.deadline.isoformat() if item.deadline else "no deadline"))
    if item.deadline_text:
        out.append(' from "')
        out.append_text(safe_line(item.deadline_text, 40))
        out.append('"')
    if item.target_value is not None:
        out.append(f"  ·  target {item.target_value:,.0f} {item.target_unit or ''}".rstrip())
    out.append(f"  ·  {theme_labels.get(item.theme, item.theme)}")
    return out


class ItemList(DataTable[Text]):
    """A list of rows (items, sentences) whose Home and End go to the first and last row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First", show=False, id="review.first", tooltip="The first in the list"),
        Binding("end", "scroll_bottom", "Last", show=False, id="review.last", tooltip="The last in the list"),
    ]

    class Resized(Message):
        """The list has a new size: its cells are cut to fit it again."""

    def on_resize(self, _event: events.Resize) -> None:
        self.post_message(self.Resized())


class ReviewScreen(Screen[None]):
    """Decide what a briefing's import proposed: accept, reject, edit, split, merge, add."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="review.back", tooltip="Back to the list"),
        Binding("a", "accept", "Accept", id="review.accept", tooltip="Accept this item or follow-up"),
        Binding("x", "reject", "Reject", id="review.reject", tooltip="Reject it (kept, never proposed again)"),
        Binding("A", "accept_all", "Accept all", id="review.accept_all", tooltip="Accept every item that waits"),
        Binding("e", "edit", "Edit", id="review.edit", tooltip="Title, kind, theme, owner, deadline, target"),
        Binding("d", "edit('deadline')", "Deadline", id="review.deadline", tooltip="Edit its deadline phrase"),
        Binding("s", "split", "Split", id="review.split", tooltip="Split this item into two"),
        Binding("space", "mark", "Mark", id="review.mark", tooltip="Mark items to merge", show=False),
        Binding("m", "merge", "Merge", id="review.merge", tooltip="Merge the marked items, or this and the next"),
        Binding("plus", "make_item", "Make item", id="review.make_item", tooltip="Make an item of the sentence"),
        Binding("n", "other_briefing(1)", "Next briefing", id="review.next", tooltip="The next briefing that waits"),
        Binding("p", "other_briefing(-1)", "Previous", id="review.previous", tooltip="The previous one", show=False),
    ]

    def __init__(self, browser: Browser, briefing_id: int | None = None) -> None:
        super().__init__()
        self.browser = browser
        self.briefing_id = briefing_id
        self.briefing: review.ReviewBriefing | None = None
        self.rows: list[Listed] = []
        self.decided: dict[int, Listed] = {}  # items decided since the screen opened
        self.links: list[ListedLink] = []
        self.links_decided: dict[int, ListedLink] = {}  # follow-ups decided since it opened
        self._want_link: int | None = None  # the follow-up to put the cursor on once read
        self.marked: set[int] = set()
        self.theme_labels = {t.slug: t.label for t in load_themes()}
        self._bounds: list[tuple[int, int]] = []  # each paragraph's (start, end) in the text
        self._current_span: tuple[int, int] | None = None
        self._want: int | None = None  # the item to put the cursor on once the rows are read
        self._rendered: int | None = None  # the briefing whose paragraphs are mounted

    # ------------------------------------------------------------ layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Loading…"), id="review-title")
        with Container(id="review-body"):
            yield VerticalScroll(id="review-text")
            with Vertical(id="review-side"):
                yield ItemList(id="review-items", cursor_type="row", cell_padding=0)
                yield Static(Text(""), id="review-links-title")
                links = ItemList(id="review-links", cursor_type="row", show_header=False)
                links.add_column("Follow-up")
                yield links
                yield Static(Text(""), id="review-also-title")
                also = ItemList(id="review-also", cursor_type="row", show_header=False)
                also.add_column("Sentence")
                yield also
        yield Static(Text(""), id="review-current")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-items", DataTable).focus()
        self.load()

    # ------------------------------------------------------------ reading

    @work(thread=True, exclusive=True, group="review")
    def load(self) -> None:
        try:
            briefing_id = self.briefing_id
            if briefing_id is None:
                waiting = self.browser.review_waiting()
                if not waiting:
                    self.app.call_from_thread(self._nothing_waits)
                    return
                briefing_id = waiting[0].id
            found = self.browser.review_briefing(briefing_id)
        except TrackerError as exc:
            self.app.call_from_thread(self._say, Text(str(exc)))
            return
        if not get_current_worker().is_cancelled:  # a newer read replaced this one
            self.app.call_from_thread(self._show, found)

    def _say(self, message: Text) -> None:
        self.query_one("#review-current", Static).update(message)

    def _nothing_waits(self) -> None:
        self.query_one("#review-title", Static).update(Text("Review", style="bold"))
        self.query_one("#review-also-title", Static).update(Text(""))
        self.query_one("#review-also", DataTable).display = False
        self.query_one("#review-links-title", Static).display = False
        self.query_one("#review-links", DataTable).display = False
        self._say(Text("Nothing waits for review: every item of every briefing has been decided.", style="bold"))

    def _show(self, found: review.ReviewBriefing) -> None:
        self.briefing, self.briefing_id = found, found.id
        self.marked &= {i.id for i in found.items}
        self._list()
        self._fill_links()
        self._fill_also()
        if self._rendered == found.id:
            # A decision changes only what is highlighted: restyle the paragraphs in place.
            for widget, bounds in zip(self.query(".paragraph").results(Static), self._bounds, strict=False):
                widget.update(self._paragraph(*bounds))
            self._follow()
        else:
            self.call_later(self._mount_text)

    def _list(self) -> None:
        """The item list and the heading from the items read and the decisions taken here."""
        assert self.briefing is not None
        found = self.briefing
        # The cursor stays on its item (or goes where it was sent), wherever the item now is.
        keep = self._want if self._want is not None else self.current_id()
        self._want = None
        # What was decided here stays listed, as decided, even while a read taken before the
        # decision was written still has it waiting.
        waiting = [Listed(i, WAITS) for i in found.items if i.id not in self.decided]
        self.rows = waiting + list(self.decided.values())
        self.rows.sort(key=lambda r: (r.item.span_start if r.item.span_start is not None else -1, r.item.id))
        title = Text(f"Review  {found.date.isoformat()}  ", style="bold")
        # One line: the title gives way to the counts.
        title.append_text(safe_line(found.title, max(self.size.width - 48, 20), style="bold"))
        title.append(f"   {len(waiting)} wait")
        links_waiting = sum(1 for link in found.links if link.id not in self.links_decided)
        if links_waiting:
            title.append(f" · {links_waiting} follow-ups")
        if self.decided or self.links_decided:
            title.append(f" · {len(self.decided) + len(self.links_decided)} decided here")
        self.query_one("#review-title", Static).update(title)
        self._fill_items(keep)

    def _fill_items(self, keep: int | None) -> None:
        table = self.query_one("#review-items", DataTable)
        width = title_width(table.size.width)
        table.clear(columns=True)
        for heading, column in COLUMNS:
            table.add_column(heading, width=column or width)
        for row in self.rows:
            table.add_row(*item_cells(row, marked=row.item.id in self.marked, title_width=width), key=str(row.item.id))
        ids = [r.item.id for r in self.rows]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        else:
            table.move_cursor(row=next((n for n, r in enumerate(self.rows) if r.waits), 0), animate=False)

    def _fill_links(self) -> None:
        """The follow-up list: those that wait and those decided here, in the order of the text;
        hidden with its heading when the briefing has none."""
        assert self.briefing is not None
        table = self.query_one("#review-links", DataTable)
        keep = self._want_link if self._want_link is not None else self.current_link_id()
        self._want_link = None
        waiting = [ListedLink(link, WAITS) for link in self.briefing.links if link.id not in self.links_decided]
        self.links = sorted(waiting + list(self.links_decided.values()), key=lambda r: (r.link.span_start, r.link.id))
        width = max(self.query_one("#review-side").size.width - 3, 30)
        table.clear()
        for row in self.links:
            table.add_row(link_cell(row, width), key=str(row.link.id), height=2)
        ids = [r.link.id for r in self.links]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        else:
            table.move_cursor(row=next((n for n, r in enumerate(self.links) if r.waits), 0), animate=False)
        shown = bool(self.links)
        table.display = shown
        heading = self.query_one("#review-links-title", Static)
        heading.display = shown
        heading.update(
            Text.assemble(
                ("Follow-ups of earlier commitments", "bold"),
                f" ({len(waiting)} wait): tab, a accept, x reject",
            )
        )

    def _fill_also(self) -> None:
        assert self.briefing is not None
        also = self.briefing.also
        table = self.query_one("#review-also", DataTable)
        table.clear()
        width = max(self.query_one("#review-side").size.width - 3, 20)
        for n, sentence in enumerate(also):
            table.add_row(Text(visual_cell(sentence.text, width)), key=str(n))
        table.display = bool(also)
        heading = Text("Also in this briefing", style="bold")
        if also:
            heading.append(f" ({len(also)}): tab, then + makes one an item")
        else:
            heading.append(": no other sentence says something will or must be done", style="dim")
        self.query_one("#review-also-title", Static).update(heading)

    # ------------------------------------------------------------ the text

    async def _mount_text(self) -> None:
        """The briefing's paragraphs, highlighted, in place of another briefing's."""
        assert self.briefing is not None
        self._rendered = self.briefing.id
        text = self.briefing.text
        self._bounds = []
        start = 0
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            if text[start:end].strip():
                self._bounds.append((start, end))
            start = end + 1
        container = self.query_one("#review-text", VerticalScroll)
        await container.remove_children()
        await container.mount_all([Static(self._paragraph(s, e), classes="paragraph") for s, e in self._bounds])
        self._follow()

    def _spans(self) -> list[tuple[int, int, Style]]:
        """Every highlighted span of the text with its style, the current one last."""
        assert self.briefing is not None
        spans = [(s.start, s.end, ALSO) for s in self.briefing.also]
        spans += [(r.link.span_start, r.link.span_end, WAITING) for r in self.links if r.waits]
        for row in sorted(self.rows, key=lambda r: r.waits):  # what waits is drawn over what was decided
            s, e = row.item.span_start, row.item.span_end
            if s is not None and e is not None:
                spans.append((s, e, WAITING if row.waits else DECIDED))
        if self._current_span is not None:
            spans.append((*self._current_span, CURRENT))
        return spans

    def _paragraph(self, start: int, end: int) -> Text:
        assert self.briefing is not None
        text = safe(self.briefing.text[start:end])
        # clean() only removes characters; offsets stay right when nothing was removed.
        if len(text.plain) != end - start:
            return text
        for s, e, style in self._spans():
            if s < end and e > start:
                text.stylize(style, max(s, start) - start, min(e, end) - start)
        return text

    def _paragraph_of(self, offset: int) -> int | None:
        return next((n for n, (s, e) in enumerate(self._bounds) if s <= offset <= e), None)

    def _set_current_span(self, span: tuple[int, int] | None) -> None:
        """Reverse ``span`` in the text (the one before goes back to its own style) and
        scroll it into sight."""
        before, self._current_span = self._current_span, span
        paragraphs = list(self.query(".paragraph").results(Static))
        touched = {self._paragraph_of(s[0]) for s in (before, span) if s is not None}
        for n in touched:
            if n is not None and n < len(paragraphs):
                paragraphs[n].update(self._paragraph(*self._bounds[n]))
        n = self._paragraph_of(span[0]) if span is not None else None
        if n is not None and n < len(paragraphs):
            # After the next refresh: paragraphs just mounted have no place on screen yet.
            target = paragraphs[n]
            scroll = self.query_one("#review-text", VerticalScroll)
            self.call_after_refresh(scroll.scroll_to_widget, target, animate=False, top=True)

    # ------------------------------------------------------------ what is current

    def current_row(self) -> Listed | None:
        row = self.query_one("#review-items", DataTable).cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def current_id(self) -> int | None:
        row = self.current_row()
        return row.item.id if row is not None else None

    def current_sentence(self) -> Sentence | None:
        if self.briefing is None:
            return None
        row = self.query_one("#review-also", DataTable).cursor_row
        return self.briefing.also[row] if 0 <= row < len(self.briefing.also) else None

    def current_link(self) -> ListedLink | None:
        table = self.query_one("#review-links", DataTable)
        return self.links[table.cursor_row] if 0 <= table.cursor_row < len(self.links) else None

    def current_link_id(self) -> int | None:
        row = self.current_link()
        return row.link.id if row is not None else None

    def _links_focused(self) -> bool:
        return self.focused is self.query_one("#review-links", DataTable)

    def _follow(self) -> None:
        """Show the current item, or the current follow-up or sentence when their list has
        the focus: reversed in the text, described below."""
        if self.briefing is None:
            return
        link_row = self.current_link()
        if self._links_focused() and link_row is not None:
            link = link_row.link
            self._set_current_span((link.span_start, link.span_end))
            line = Text(f"{link.relation} of #{link.commitment_id} ({link.score:.2f}): ", style="bold")
            line.append(link.change())
            line.append("\n")
            line.append_text(safe_line(link.explanation, max(self.size.width - 2, 20)))
            line.append("\n")
            if link_row.waits:
                line.append("a: accept (changes the commitment as of the sitting)   x: reject   tab: next list")
            else:
                line.append(link_row.state, style="bold")
            self._say(line)
            return
        sentence = self.current_sentence()
        if self.focused is self.query_one("#review-also", DataTable) and sentence is not None:
            self._set_current_span((sentence.start, sentence.end))
            line = Text("Also in this briefing: ", style="bold")
            line.append_text(safe_line(sentence.text, 140))
            line.append("\n+ makes it an item that waits for review   tab: back to the items")
            self._say(line)
            return
        row = self.current_row()
        item = row.item if row is not None else None
        if item is not None and item.span_start is not None and item.span_end is not None:
            self._set_current_span((item.span_start, item.span_end))
        else:
            self._set_current_span(None)
        if not self.briefing.items and not any(r.waits for r in self.links):
            message = Text("Nothing waits for review in this briefing: every item is decided.", style="bold")
            message.append("\nn: the next briefing that waits   esc: back to the list", style="")
            self._say(message)
        elif row is None:
            self._say(Text("No item waits here; its follow-ups do: tab to them, then a or x.", style="bold"))
        else:
            summary = item_summary(row.item, self.theme_labels, self.size.width)
            if not row.waits:
                summary.append(f"  ·  {row.state}", style="bold")
            self._say(summary)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._follow()

    def on_descendant_focus(self) -> None:
        self._follow()

    def on_records_changed(self, _message: RecordsChanged) -> None:
        self.load()

    def on_item_list_resized(self, _message: ItemList.Resized) -> None:
        # The first rows are cut before the layout has given the list its width.
        if self.briefing is not None:
            self._fill_items(self.current_id())
            self._fill_links()
            self._fill_also()

    # ------------------------------------------------------------ deciding

    def _waiting_current(self) -> Listed | None:
        """The current item if it waits; else None, having said why."""
        row = self.current_row()
        if row is None:
            self.notify("Nothing waits for review here.", severity="warning")
            return None
        if not row.waits:
            self.notify(f"#{row.item.id} is already decided: {row.state}.", severity="warning", markup=False)
            return None
        return row

    def _next_waiting(self, after: Listed, skip: set[int]) -> int | None:
        """The id of the first item after ``after`` (wrapping) that waits and is not in ``skip``."""
        at = self.rows.index(after)
        for step in range(1, len(self.rows) + 1):
            row = self.rows[(at + step) % len(self.rows)]
            if row.waits and row.item.id not in skip:
                return row.item.id
        return None

    def _done(self, message: str, *, decided: dict[int, Listed], cursor: int | None) -> None:
        """After a write: keep what was decided on the list, put the cursor on ``cursor``,
        and tell every screen (this one included) to read again."""
        self.decided.update(decided)
        self.marked -= set(decided)
        self._want = cursor
        self.notify(message, markup=False)
        announce_change(self)

    def _failed(self, exc: TrackerError, undo: Sequence[int] = ()) -> None:
        """A write was refused: say why, take back what was shown as decided, read again."""
        for item_id in undo:
            self.decided.pop(item_id, None)
        self.notify(str(exc), severity="error", markup=False)
        self.load()  # show the items as they now stand

    def action_accept(self) -> None:
        if self._links_focused():
            self._decide_link("accepted")
            return
        row = self._waiting_current()
        if row is not None:
            self._decide([row], "accepted", self._next_waiting(row, {row.item.id}))

    def action_reject(self) -> None:
        if self._links_focused():
            self._decide_link("rejected")
            return
        row = self._waiting_current()
        if row is not None:
            self._decide([row], "rejected", self._next_waiting(row, {row.item.id}))

    def action_accept_all(self) -> None:
        waiting = [r for r in self.rows if r.waits]
        if not waiting:
            self.notify("Nothing waits for review here.", severity="warning")
            return
        self._decide(waiting, "accepted", None)

    def _decide(self, rows: list[Listed], state: str, cursor: int | None) -> None:
        """Show ``rows`` as decided and move on at once, so the next key acts on the next
        item even before the write is done; the write follows in a worker."""
        ids = [r.item.id for r in rows]
        self.decided.update({r.item.id: Listed(r.item, state) for r in rows})
        self.marked -= set(ids)
        self._want = cursor
        self._list()
        self._follow()
        self._write_decision(ids, state)

    @work(thread=True, group="review-write")
    def _write_decision(self, ids: list[int], state: str) -> None:
        try:
            if state == "accepted":
                self.browser.review_accept(ids)
            else:
                self.browser.review_reject(ids)
        except TrackerError as exc:
            self.app.call_from_thread(self._failed, exc, ids)
            return
        shown = ", ".join(f"#{i}" for i in ids)
        if state == "rejected":
            message = f"Rejected {shown}: kept, and not proposed again."
        else:
            message = f"Accepted {shown}." if len(ids) < 6 else f"Accepted all {len(ids)} that waited."
        self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(announce_change, self)

    def _decide_link(self, state: str) -> None:
        """Decide the current follow-up: shown as decided at once, the cursor on the next that
        waits, the write in a worker."""
        row = self.current_link()
        if row is None or not row.waits:
            what = "No follow-up waits here." if row is None else f"That follow-up is already {row.state}."
            self.notify(what, severity="warning", markup=False)
            return
        at = self.links.index(row)
        following = [r for r in self.links[at + 1 :] + self.links[:at] if r.waits]
        self.links_decided[row.link.id] = ListedLink(row.link, state)
        self._want_link = following[0].link.id if following else row.link.id
        self._list()
        self._fill_links()
        self._follow()
        self._write_link(row.link, state)

    @work(thread=True, group="review-write")
    def _write_link(self, link: Link, state: str) -> None:
        try:
            if state == "accepted":
                self.browser.review_accept_links([link.id])
            else:
                self.browser.review_reject_links([link.id])
        except TrackerError as exc:
            self.app.call_from_thread(self._link_failed, exc, link.id)
            return
        if state == "rejected":
            message = f"Rejected the {link.relation} of #{link.commitment_id}: it stays as it was."
        else:
            message = f"Accepted the {link.relation} of #{link.commitment_id}: {link.change()}."
        self.app.call_from_thread(self._link_done, message, link, state)

    def _link_done(self, message: str, link: Link, state: str) -> None:
        # An accepted restatement turns down the item its sentence also gave: keep it listed so.
        if state == "accepted" and link.item_id is not None:
            item = next((r.item for r in self.rows if r.item.id == link.item_id and r.waits), None)
            if item is not None:
                self.decided[item.id] = Listed(item, f"restated #{link.commitment_id}")
        self.notify(message, markup=False)
        announce_change(self)

    def _link_failed(self, exc: TrackerError, link_id: int) -> None:
        self.links_decided.pop(link_id, None)
        self.notify(str(exc), severity="error", markup=False)
        self.load()

    def action_mark(self) -> None:
        row = self._waiting_current()
        if row is None:
            return
        self.marked ^= {row.item.id}
        self._fill_items(self._next_waiting(row, set()) if row.item.id in self.marked else row.item.id)

    def action_merge(self) -> None:
        rows = [r for r in self.rows if r.item.id in self.marked and r.waits]
        if len(rows) < 2:
            row = self._waiting_current()
            if row is None:
                return
            following = self._next_waiting(row, {row.item.id})
            if following is None:
                self.notify("Nothing to merge it with: mark two items with space.", severity="warning")
                return
            rows = [row, next(r for r in self.rows if r.item.id == following)]
        self._merge(rows)

    @work(thread=True, group="review-write")
    def _merge(self, rows: list[Listed]) -> None:
        try:
            kept = self.browser.review_merge([r.item.id for r in rows])
        except TrackerError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        gone = {r.item.id: Listed(r.item, f"merged into #{kept.id}") for r in rows if r.item.id != kept.id}
        message = f"Merged {', '.join(f'#{i}' for i in gone)} into #{kept.id}; it still waits."
        self.app.call_from_thread(self._done, message, decided=gone, cursor=kept.id)

    def action_edit(self, field: str = "title") -> None:
        row = self._waiting_current()
        if row is None or self.briefing is None:
            return

        def done(saved: Item | None) -> None:
            if saved is not None:
                self._done(f"Saved #{saved.id}; it still waits.", decided={}, cursor=saved.id)

        self.app.push_screen(ItemForm(self.browser, row.item, sitting=self.briefing.date, focus=field), done)

    def action_split(self) -> None:
        row = self._waiting_current()
        if row is None:
            return

        def done(parts: tuple[Item, Item] | None) -> None:
            if parts is not None:
                first, second = parts
                message = f"Split into #{first.id} and #{second.id}; both wait."
                self._done(message, decided={}, cursor=second.id)

        self.app.push_screen(SplitForm(self.browser, row.item), done)

    def action_make_item(self) -> None:
        sentence = self.current_sentence()
        if sentence is None or self.briefing_id is None:
            self.notify("No sentence of 'Also in this briefing' is chosen.", severity="warning")
            return
        self._make(self.briefing_id, sentence)

    @work(thread=True, group="review-write")
    def _make(self, briefing_id: int, sentence: Sentence) -> None:
        try:
            item = self.browser.review_from_sentence(briefing_id, sentence.start, sentence.end)
        except TrackerError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        self.app.call_from_thread(self._made, item)

    def _made(self, item: Item) -> None:
        self.query_one("#review-items", DataTable).focus()
        self._done(f"#{item.id} made of the sentence: it waits like the others.", decided={}, cursor=item.id)

    def action_other_briefing(self, step: int) -> None:
        self._other(step)

    @work(thread=True, exclusive=True, group="review")
    def _other(self, step: int) -> None:
        try:
            waiting = [b.id for b in self.browser.review_waiting()]
        except TrackerError as exc:
            self.app.call_from_thread(self._failed, exc)
            return
        others = [b for b in waiting if b != self.briefing_id]
        if not others:
            self.app.call_from_thread(self.notify, "No other briefing waits for review.", markup=False)
            return
        if self.briefing_id in waiting:
            target = waiting[(waiting.index(self.briefing_id) + step) % len(waiting)]
        else:
            target = others[0] if step > 0 else others[-1]
        self.app.call_from_thread(self._switch, target)

    def _switch(self, briefing_id: int) -> None:
        self.briefing_id = briefing_id
        self.decided.clear()
        self.links_decided.clear()
        self.marked.clear()
        self._current_span = None
        self.load()
