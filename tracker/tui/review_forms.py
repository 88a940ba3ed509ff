"""The Review screen's forms: edit a proposed item in place, split one into two.

The deadline is a phrase read as the parser reads a briefing, against the sitting's date
("by June", "within 60 days", "next fiscal year"), and what it resolves to is shown as it is
typed. The owner is offered from the owners tracker knows and the names they go by (the
aliases of ``seeds/owners.toml``), completed as it is typed; any other name is kept as written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Grid
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static

from tracker.aliases import load_aliases
from tracker.browse import Browser, review
from tracker.errors import TrackerError, UserError
from tracker.themes import load_themes
from tracker.tui.forms import KIND_OPTIONS, Form, resolved_deadline
from tracker.tui.text import safe_line


def target_text(item: review.ProposedItem) -> str:
    """The target as the form shows it: ``5200000000 USD``, or empty."""
    if item.target_value is None:
        return ""
    value = f"{item.target_value:.0f}" if item.target_value == int(item.target_value) else f"{item.target_value}"
    return f"{value} {item.target_unit or ''}".strip()


class ItemForm(Form):
    """Edit one proposed item: title, kind, theme, owner, deadline phrase, target."""

    TITLE_TEXT = "Edit the item"

    def __init__(self, browser: Browser, item: review.ProposedItem, *, sitting: date, focus: str = "title") -> None:
        super().__init__(browser)
        self.item = item
        self.sitting = sitting
        self.focus_field = focus

    def title_text(self) -> Text:
        title = Text(f"Edit #{self.item.id} ({self.item.kind}), proposed  ", style="bold")
        title.append_text(safe_line(self.item.title, 30))
        return title

    def fields(self) -> ComposeResult:
        item = self.item
        with Grid():
            yield Label("Title")
            yield Input(item.title, id="title", compact=True)
            yield Label("Kind")
            yield Select(KIND_OPTIONS, value=item.kind, allow_blank=False, id="kind", compact=True)
            yield Label("Theme")
            themes = [(t.label, t.slug) for t in load_themes()]
            known = {slug for _, slug in themes}
            if item.theme not in known:
                themes.append((item.theme, item.theme))
            yield Select(themes, value=item.theme, allow_blank=False, id="theme", compact=True)
            yield Label("Owner")
            yield Input(item.owner, placeholder="a known body or any name", id="owner", compact=True)
            yield Label("")
            yield Static("", id="owner-resolved", classes="hint")
            yield Label("Deadline")
            yield Input(
                self._initial_deadline,
                placeholder="by June, within 60 days, next fiscal year, 30/06/2026, none",
                id="deadline",
                compact=True,
            )
            yield Label("")
            yield Static("", id="deadline-resolved", classes="hint")
            yield Label("Target")
            yield Input(
                target_text(item), placeholder="5200000000 USD, 4e9 PKR, 1000000 freelancers", id="target", compact=True
            )
        yield Static(Text(f"The deadline is read from the sitting, {self.sitting.isoformat()}."), classes="hint")

    @property
    def _initial_deadline(self) -> str:
        item = self.item
        return item.deadline_text or (item.deadline.isoformat() if item.deadline else "")

    def on_mount(self) -> None:
        self.query_one(f"#{self.focus_field}", Input).focus()
        self._show_deadline(self.value("#deadline"))
        self._owners()

    @work(thread=True, exclusive=True, group="form-owners")
    def _owners(self) -> None:
        try:
            names = self.browser.owner_choices()
        except TrackerError:
            return  # no suggestions; the field still takes any name
        self.app.call_from_thread(self._suggest, names)

    def _suggest(self, names: list[str]) -> None:
        self.query_one("#owner", Input).suggester = SuggestFromList(names, case_sensitive=False)

    @on(Input.Changed, "#deadline")
    def _deadline_changed(self, event: Input.Changed) -> None:
        self._show_deadline(event.value)

    def _show_deadline(self, raw: str) -> None:
        if raw.strip() == self._initial_deadline:
            # As the briefing put it: the words are kept even where they name no day.
            item = self.item
            shown = f"→ {item.deadline.isoformat()}" if item.deadline else "→ no day named"
            shown += f" ({item.deadline_rule})" if item.deadline and item.deadline_rule else ""
        else:
            shown = resolved_deadline(raw, self.sitting)[1] or "→ no deadline"
        self.query_one("#deadline-resolved", Static).update(Text(shown))

    @on(Input.Changed, "#owner")
    def _owner_changed(self, event: Input.Changed) -> None:
        typed = " ".join(event.value.split())
        canonical = load_aliases().resolve(typed) if typed else None
        shown = Text("")
        if canonical is not None and canonical != typed:
            shown = Text("→ ")
            shown.append_text(safe_line(canonical, 60))
        elif typed and canonical is None:
            shown = Text("not a body tracker knows: kept as written")
        self.query_one("#owner-resolved", Static).update(shown)

    def action_save(self) -> None:
        item = self.item
        title = self.value("#title")
        if not title:
            self.show("Title: an item needs a title")
            return
        fields: dict[str, Any] = {"title": title, "expected_version": item.version}
        kind, theme = str(self.query_one("#kind", Select).value), str(self.query_one("#theme", Select).value)
        if kind != item.kind:
            fields["kind"] = kind
        if theme != item.theme:
            fields["theme"] = theme
        if self.value("#owner") != item.owner:
            fields["owner"] = self.value("#owner")
        # A deadline left as it was is not read again: its words may name no day.
        raw = self.value("#deadline")
        if raw != self._initial_deadline:
            choice, shown = resolved_deadline(raw or "none", self.sitting)
            if choice is None:
                self.show(f"Deadline: {shown.removeprefix('✗ ')}")
                return
            fields["deadline"] = raw or "none"
        if self.value("#target") != target_text(item):
            try:
                fields["target_value"], fields["target_unit"] = self._target()
            except UserError as exc:
                self.show(f"Target: {exc}")
                return
        self.show("Saving…", error=False)
        self._save(fields)

    def _target(self) -> tuple[float | None, str | None]:
        """(value, unit) of the target typed; (None, None) when it was emptied."""
        raw = self.value("#target")
        if not raw:
            return None, None
        number, _, unit = raw.partition(" ")
        try:
            value = float(number.replace(",", ""))
        except ValueError:
            raise UserError(f"{raw!r}: a number, then its unit (5200000000 USD)") from None
        return value, unit.strip() or None

    @work(thread=True, exclusive=True, group="form")
    def _save(self, fields: dict[str, Any]) -> None:
        try:
            saved = self.browser.review_edit(self.item.id, **fields)
        except TrackerError as exc:
            self.app.call_from_thread(self.show, str(exc))
            return
        self.app.call_from_thread(self.dismiss, saved)


class SplitForm(Form):
    """Split one proposed item into two: the title of each (both keep the sentence)."""

    TITLE_TEXT = "Split the item into two"
    SAVE_LABEL = "Split (ctrl+s)"

    def __init__(self, browser: Browser, item: review.ProposedItem) -> None:
        super().__init__(browser)
        self.item = item

    def title_text(self) -> Text:
        title = Text(f"Split #{self.item.id} into two  ", style="bold")
        title.append_text(safe_line(self.item.title, 40))
        return title

    def fields(self) -> ComposeResult:
        with Grid():
            yield Label("First")
            yield Input(self.item.title, id="first", compact=True)
            yield Label("Second")
            yield Input(self.item.title, id="second", compact=True)
        yield Static(Text("Both wait, with the same sentence, owner and deadline; edit each after."), classes="hint")

    def action_save(self) -> None:
        first, second = self.value("#first"), self.value("#second")
        if not first or not second:
            self.show("Each of the two needs a title")
            return
        self.show("Splitting…", error=False)
        self._split(first, second)

    @work(thread=True, exclusive=True, group="form")
    def _split(self, first: str, second: str) -> None:
        try:
            parts = self.browser.review_split(self.item.id, first_title=first, second_title=second)
        except TrackerError as exc:
            self.app.call_from_thread(self.show, str(exc))
            return
        self.app.call_from_thread(self.dismiss, parts)
