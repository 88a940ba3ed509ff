"""The screens beyond the main list: detail, overdue, briefing and help."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, Label, Static

from tracker.browse import Actual, BriefingText, Browser, CommitmentDetail, View, change_summary, format_amount
from tracker.dates import parse_day
from tracker.errors import TrackerError
from tracker.fiscal import Timeliness
from tracker.queries import CommitmentRow, Filters
from tracker.themes import load_themes
from tracker.tui.changes import RecordsChanged
from tracker.tui.forms import ExportForm, export_message, open_update_form
from tracker.tui.table import CommitmentTable, when_text
from tracker.tui.text import label_value, safe, safe_line

EXCERPT = Style(bold=True, underline=True)
CURRENT = Style(reverse=True, bold=True)


def _timeliness_text(r: CommitmentRow) -> str:
    """ "overdue (516d late) as of 2026-11-28"; the days only where they add something."""
    words = str(r.timeliness).replace("_", " ")
    if r.timeliness in (Timeliness.OVERDUE, Timeliness.DUE_SOON):
        words += f" ({when_text(r)})"
    return f"{words} as of {r.as_of}"


def _iso_day(value: date | None) -> str:
    """A day as shown in the detail: 2026-06-30, or "none"."""
    return value.isoformat() if value else "none"


BAR = 20  # cells of a full bar: the target


def actuals_chart(actuals: list[Actual]) -> Text:
    """Each actual as a bar against the target in force on its date, one line each, within
    80 columns: ``2026-07-09 ████████████▒▒▒▒▒▒▒▒  62%  3.1 bn USD of 5 bn USD``. A value past
    the target fills the bar; its percentage says by how much."""
    out = Text()
    for a in actuals:
        out.append(f"{a.as_of.isoformat()} ")
        if a.percent is None:
            out.append("·" * BAR, style="dim")
            out.append("    -")
        else:
            filled = max(0, min(BAR, round(BAR * a.percent / 100)))
            out.append("█" * filled, style="bold")
            out.append("▒" * (BAR - filled), style="dim")
            out.append(f" {a.percent:3.0f}%")
        out.append(f"  {format_amount(a.value, a.unit)}")
        if a.target_value is not None:
            out.append(f" of {format_amount(a.target_value, a.target_unit)}")
        out.append("\n")
    return out


def detail_text(d: CommitmentDetail) -> Text:
    """Everything about one commitment as literal text (titles and notes never markup)."""
    r = d.row
    out = Text()
    out.append(f"#{r.id}  ", style="bold")
    out.append_text(safe_line(r.title, style="bold"))
    out.append("\n\n")
    lines = [
        label_value("Status", r.status.replace("_", " ")),
        label_value("Timeliness", _timeliness_text(r)),
        label_value("Confidence", r.confidence or "none"),
    ]
    deadline = _iso_day(r.deadline)
    if r.deadline_text:
        deadline += f'  from "{r.deadline_text}"'
    if r.deadline_rule:
        deadline += f"  ({r.deadline_rule})"
    theme = {t.slug: t.label for t in load_themes()}.get(r.theme, r.theme)
    lines += [
        label_value("Deadline", deadline),
        label_value("Kind", r.kind),
        label_value("Theme", theme),
        label_value("Owner", r.owner),
    ]
    if r.target_value is not None:
        lines.append(label_value("Target", f"{r.target_value:,.0f} {r.target_unit or ''}".strip()))
    if d.baseline:
        lines.append(label_value("Baseline", d.baseline))
    if d.briefing_title:
        lines.append(label_value("Briefing", f"{d.briefing_title} ({_iso_day(r.briefing_date)}) - press b to read it"))
    if d.slippage.moves or d.slippage.sittings:
        slip = d.slippage
        restated = f", restated at {slip.sittings} sitting(s)" if slip.sittings else ""
        lines.append(label_value("Moved", f"deadline moved {slip.moves}x, {slip.days:+d} days{restated}"))
    lines.append(label_value("Version", r.version))
    out.append_text(Text("\n").join(lines))
    if d.actuals:
        out.append("\n\nActuals against the target\n", style="bold")
        out.append_text(actuals_chart(d.actuals))
    if len(d.lineage) > 1:
        out.append("\n\nStated at\n", style="bold")
        for entry in d.lineage:
            out.append(f"{_iso_day(entry.briefing_date)}  ", style="bold")
            out.append_text(safe(f"{entry.briefing_title}: {entry.words}"))
            out.append("\n")
            if entry.sentence:
                out.append("    ")
                out.append_text(safe(f'"{entry.sentence}"'))
                out.append("\n")
    if r.description:
        out.append("\n\nDescription\n", style="bold")
        out.append_text(safe(r.description))
    if d.paragraphs:
        out.append("\n\nWhere it was said\n", style="bold")
        # A paragraph that holds several of the excerpts is shown once, each one marked.
        spans_in: dict[str, list[tuple[int, int]]] = {}
        for paragraph, start, end in d.paragraphs:
            spans_in.setdefault(paragraph, []).append((start, end))
        for paragraph, spans in spans_in.items():
            shown, at = Text(), 0
            for start, end in sorted(spans):
                start = max(start, at)
                shown.append_text(safe(paragraph[at:start]))
                shown.append_text(safe(paragraph[start:end], style="bold underline"))
                at = max(at, end)
            shown.append_text(safe(paragraph[at:]))
            out.append_text(shown)
            out.append("\n")
    elif d.excerpts:
        out.append("\n\nWhere it was said\n", style="bold")
        for excerpt in d.excerpts:
            out.append_text(safe(f'"{excerpt}"'))
            out.append("\n")
    out.append("\n\nHistory\n", style="bold")
    if not d.history:
        out.append("No updates recorded yet.")
    for h in d.history:
        line = Text(f"{h.effective_on.isoformat()}  ", style="bold")
        line.append_text(safe(h.by))
        line.append(f"  {change_summary(h, words=True)}  (recorded {h.recorded_at})\n")
        if h.note:
            line.append("    ")
            line.append_text(safe(h.note))
            line.append("\n")
        if h.evidence:
            line.append("    evidence: ")
            line.append_text(safe(h.evidence))
            line.append("\n")
        out.append_text(line)
    return out


class DetailScreen(Screen[None]):
    """One commitment: what, who, by when, where it was said, and its history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "app.pop_screen", "Back", id="detail.back", tooltip="Back to the list"),
        Binding("u", "update", "Update", id="detail.update", tooltip="Record a new status, deadline or note"),
        Binding("b", "briefing", "Briefing", id="detail.briefing", tooltip="Read the briefing it came from"),
    ]

    def __init__(self, browser: Browser, commitment_id: int, as_of: date) -> None:
        super().__init__()
        self.browser = browser
        self.commitment_id = commitment_id
        self.as_of = as_of
        self.detail: CommitmentDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail-scroll"):
            yield Static(Text("Loading…"), id="detail-body")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="detail")
    def load(self) -> None:
        try:
            d = self.browser.detail(self.commitment_id, as_of=self.as_of)
        except TrackerError as exc:
            self.app.call_from_thread(self.query_one("#detail-body", Static).update, Text(str(exc)))
            return
        self.app.call_from_thread(self._show, d)

    def _show(self, d: CommitmentDetail) -> None:
        self.detail = d
        self.query_one("#detail-body", Static).update(detail_text(d))

    def on_records_changed(self, _message: RecordsChanged) -> None:
        self.load()

    def action_update(self) -> None:
        if self.detail is None:
            return

        def done(row: CommitmentRow | None) -> None:
            if row is not None:
                self.notify(f"Saved: #{row.id} is now {row.status.replace('_', ' ')} (version {row.version})")

        # The save is checked against the version shown here: a save by someone else since
        # is refused.
        open_update_form(self, self.browser, self.commitment_id, self.detail.row.version, done)

    def action_briefing(self) -> None:
        if self.detail is None or self.detail.briefing_id is None:
            self.notify("This commitment was not parsed from a briefing.", severity="warning")
            return
        self.app.push_screen(BriefingScreen(self.browser, self.detail.briefing_id, focus=self.commitment_id))


class OverdueScreen(Screen[None]):
    """The overdue list as of a chosen date, most overdue first, and its export."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="overdue.back", tooltip="Back to the list"),
        Binding("e", "export", "Export", id="overdue.export", tooltip="Write the overdue list to a file"),
        Binding("d", "focus_date", "As of", id="overdue.as_of", tooltip="Choose the date the list is as of"),
        Binding("enter", "detail", "Detail", id="overdue.detail", tooltip="Everything about this commitment"),
    ]

    def __init__(self, browser: Browser, as_of: date) -> None:
        super().__init__()
        self.browser = browser
        self.as_of = as_of

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="overdue-bar", classes="bar"):
            yield Label("Overdue as of ")
            yield Input(self.as_of.isoformat(), id="as-of", compact=True)
            yield Static(Text(""), id="overdue-count")
        view = View(as_of=self.as_of, filters=Filters(overdue=True), sort="timeliness")
        yield CommitmentTable(self.browser, view, id="overdue-table")
        yield Static(Text("e: export this list   d: change the date   enter: detail"), id="export-result")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(CommitmentTable).focus()

    def on_commitment_table_count_ready(self, message: CommitmentTable.CountReady) -> None:
        self.query_one("#overdue-count", Static).update(Text(f"  {message.total:,} overdue"))

    def on_records_changed(self, _message: RecordsChanged) -> None:
        self.query_one(CommitmentTable).reload()

    def action_focus_date(self) -> None:
        self.query_one("#as-of", Input).focus()

    @on(Input.Submitted, "#as-of")
    def _as_of_changed(self, event: Input.Submitted) -> None:
        try:
            self.as_of = parse_day(event.value)
        except ValueError as exc:
            # The list still shows the last date asked for: put it back in the field.
            self.query_one("#export-result", Static).update(
                Text(f"As of: {exc}; still showing {self.as_of.isoformat()}")
            )
            event.input.value = self.as_of.isoformat()
            return
        table = self.query_one(CommitmentTable)
        table.set_view(View(as_of=self.as_of, filters=Filters(overdue=True), sort="timeliness"))
        table.focus()
        self.query_one("#export-result", Static).update(Text(f"Showing what was overdue on {self.as_of.isoformat()}"))

    def action_export(self) -> None:
        as_of = self.as_of

        def done(result: object) -> None:
            if isinstance(result, tuple):
                message = export_message(result, as_of)
                self.query_one("#export-result", Static).update(message)
                self.notify(message.plain, markup=False, timeout=8)

        self.app.push_screen(ExportForm(self.browser, as_of), done)

    def action_detail(self) -> None:
        row = self.query_one(CommitmentTable).current
        if row is not None:
            self.app.push_screen(DetailScreen(self.browser, row.id, self.as_of))


class BriefingScreen(Screen[None]):
    """A briefing's text with its commitments highlighted; jump from one to the next."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="briefing.back", tooltip="Back"),
        Binding("n,tab", "step(1)", "Next", id="briefing.next", tooltip="Next highlighted commitment"),
        Binding("p,shift+tab", "step(-1)", "Previous", id="briefing.previous", tooltip="Previous commitment"),
        Binding("enter", "open", "Open", id="briefing.open", tooltip="Open the highlighted commitment"),
    ]

    def __init__(self, browser: Browser, briefing_id: int, *, focus: int | None = None) -> None:
        super().__init__()
        self.browser = browser
        self.briefing_id = briefing_id
        self.focus_id = focus
        self.briefing: BriefingText | None = None
        self.current = 0
        self.paragraph_of: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Loading…"), id="briefing-title")
        yield VerticalScroll(id="briefing-text")
        yield Static(Text(""), id="briefing-current")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="briefing")
    def load(self) -> None:
        try:
            b = self.browser.briefing(self.briefing_id)
        except TrackerError as exc:
            self.app.call_from_thread(self.query_one("#briefing-title", Static).update, Text(str(exc)))
            return
        self.app.call_from_thread(self._show, b)

    def _paragraphs(self) -> list[tuple[int, int]]:
        assert self.briefing is not None
        bounds, start = [], 0
        text = self.briefing.text
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end == -1 else end
            if text[start:end].strip():
                bounds.append((start, end))
            start = end + 1
        return bounds

    def _show(self, b: BriefingText) -> None:
        self.briefing = b
        title = Text(f"{b.date.isoformat()}  ", style="bold")
        title.append_text(safe_line(b.title, style="bold"))
        if b.committee:
            title.append("  ")
            title.append_text(safe_line(b.committee))
        self.query_one("#briefing-title", Static).update(title)
        if self.focus_id is not None:
            self.current = next((i for i, s in enumerate(b.spans) if s.commitment_id == self.focus_id), 0)
        self._render_text()

    def _render_text(self) -> None:
        assert self.briefing is not None
        container = self.query_one("#briefing-text", VerticalScroll)
        container.remove_children()
        bounds = self._paragraphs()
        self.paragraph_of = []
        for span in self.briefing.spans:
            self.paragraph_of.append(next((i for i, (s, e) in enumerate(bounds) if s <= span.start < e), 0))
        widgets = [Static(self._paragraph_text(i, s, e), classes="paragraph") for i, (s, e) in enumerate(bounds)]
        container.mount_all(widgets)
        self.call_after_refresh(self._focus_current)

    def _paragraph_text(self, index: int, start: int, end: int) -> Text:
        assert self.briefing is not None
        text = safe(self.briefing.text[start:end])
        # clean() only removes characters; offsets stay right when nothing was removed.
        if len(text.plain) != end - start:
            return text
        for n, span in enumerate(self.briefing.spans):
            if self.paragraph_of and self.paragraph_of[n] == index:
                text.stylize(CURRENT if n == self.current else EXCERPT, span.start - start, span.end - start)
        return text

    def _focus_current(self) -> None:
        assert self.briefing is not None
        status = self.query_one("#briefing-current", Static)
        if not self.briefing.spans:
            status.update(Text("No commitment of this briefing has a place in its text."))
            return
        span = self.briefing.spans[self.current]
        line = Text(f"{self.current + 1} of {len(self.briefing.spans)}: #{span.commitment_id} ")
        line.append_text(safe_line(span.title, 60))
        line.append("   enter: open   n/p: next/previous")
        status.update(line)
        paragraphs = list(self.query(".paragraph").results(Static))
        if self.paragraph_of and self.paragraph_of[self.current] < len(paragraphs):
            target = paragraphs[self.paragraph_of[self.current]]
            self.query_one("#briefing-text", VerticalScroll).scroll_to_widget(target, animate=False, top=True)

    def action_step(self, step: int) -> None:
        if self.briefing is None or not self.briefing.spans:
            return
        self.current = (self.current + step) % len(self.briefing.spans)
        bounds = self._paragraphs()
        for i, widget in enumerate(self.query(".paragraph").results(Static)):
            widget.update(self._paragraph_text(i, *bounds[i]))
        self._focus_current()

    def action_open(self) -> None:
        if self.briefing is None or not self.briefing.spans:
            return
        span = self.briefing.spans[self.current]
        self.app.push_screen(DetailScreen(self.browser, span.commitment_id, self.browser.today))


class HelpScreen(ModalScreen[None]):
    """The keys that work on the screen underneath, as they are bound now (keymap included)."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 100; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    #help-body { text-wrap: nowrap; text-overflow: ellipsis; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close", tooltip="Close the help"),
    ]

    def __init__(self, beneath: Screen[object]) -> None:
        super().__init__()
        self.beneath = beneath

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self._bindings_text(), id="help-body")

    def _bindings_text(self) -> Text:
        beneath = self.beneath
        # The body does not wrap (see DEFAULT_CSS): a narrow terminal cuts each line short,
        # and the tooltip comes last so the id, which is what a keymap remaps, stays readable.
        out = Text("Keys on this screen\n\n")
        out.stylize("bold", 0, len("Keys on this screen"))
        seen: set[str] = set()
        for active in beneath.active_bindings.values():
            binding = active.binding
            if not binding.id or not binding.description or binding.id in seen:
                continue
            seen.add(binding.id)
            shown = self.app.get_key_display(binding)
            out.append(f"{shown:>9} ", style="bold")
            out.append(f"{binding.description:<15} ")
            out.append(f"{binding.id:<22} ", style="dim italic")
            out.append(f"{binding.tooltip}\n", style="dim")
        out.append("\nctrl+p opens the command palette: every action, searchable.\n", style="dim")
        out.append("Remap keys by id in ~/.config/tracker/keymap.toml.", style="dim")
        return out
