"""The modal forms: update a commitment, add one, import a file, export the overdue list.

Each form checks its input before anything is written and shows what is wrong beside the
form; the write runs in a thread worker through ``tracker.browse``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from tracker.browse import (
    Browser,
    DeadlineChoice,
    current_user,
    default_export_path,
    export_folder,
    parse_confidence,
    parse_deadline,
)
from tracker.dates import parse_day
from tracker.errors import ConflictError, DuplicateBriefingError, TrackerError, UserError
from tracker.intake.dates import FoundDate
from tracker.models import Confidence, Kind, Status
from tracker.queries import CommitmentRow
from tracker.reports.registry import REPORT_FORMATS, format_for_suffix
from tracker.themes import load_themes
from tracker.tui.changes import announce_change
from tracker.tui.text import safe, safe_line

FORM_CSS = """
Form {
    align: center middle;
    & > #dialog {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $primary; background: $panel; padding: 0 1;
    }
    & #form-title { text-style: bold; margin-bottom: 1; width: 100%; }
    & Grid { grid-size: 2; grid-columns: 13 1fr; grid-rows: auto; height: auto; grid-gutter: 0 1; }
    & Grid Label { padding: 0; color: $text-muted; }
    & .hint { color: $text-muted; height: auto; }
    & #message { height: auto; margin-top: 1; }
    & #message.-error { color: $text-error; }
    & #message.-ok { color: $text-success; }
    & #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    & #buttons Button { margin-left: 1; }
}
"""

STATUS_OPTIONS = [(s.value.replace("_", " "), s.value) for s in Status]
KIND_OPTIONS = [(k.value, k.value) for k in Kind]
CONFIDENCE_OPTIONS = [("none", "none"), *[(c.value, c.value) for c in Confidence]]


class Form(ModalScreen[Any]):
    """A modal form: ctrl+s saves, escape closes without saving."""

    DEFAULT_CSS = FORM_CSS
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Check the form and save it"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]
    TITLE_TEXT = ""
    SAVE_LABEL = "Save (ctrl+s)"

    def __init__(self, browser: Browser) -> None:
        super().__init__()
        self.browser = browser

    def title_text(self) -> Text:
        return Text(self.TITLE_TEXT)

    def fields(self) -> ComposeResult:
        yield from ()

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.title_text(), id="form-title")
            yield from self.fields()
            yield Static("", id="message")
            with Horizontal(id="buttons"):
                yield Button(self.SAVE_LABEL, id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def show(self, message: str | Text, *, error: bool = True) -> None:
        widget = self.query_one("#message", Static)
        widget.update(message if isinstance(message, Text) else Text(message))
        widget.set_class(error, "-error")
        widget.set_class(not error, "-ok")

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    def _written(self, result: Any) -> None:
        """Close the form with ``result`` of a write, after telling every screen to re-read."""
        announce_change(self)
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raise NotImplementedError

    def value(self, selector: str) -> str:
        return self.query_one(selector, Input).value.strip()


def resolved_deadline(raw: str, today: date) -> tuple[DeadlineChoice | None, str]:
    """(choice, what to show beside the field) for what was typed in a deadline field."""
    if not raw.strip():
        return None, ""
    try:
        choice = parse_deadline(raw, reference=today)
    except UserError as exc:
        return None, f"✗ {exc}"
    return choice, f"→ {choice.describe()}"


class UpdateForm(Form):
    """Record what happened to one commitment, against the version seen when it opened."""

    TITLE_TEXT = "Update"

    def __init__(self, browser: Browser, row: CommitmentRow) -> None:
        super().__init__(browser)
        self.row = row
        self.seen_version = row.version  # the version the user saw, not re-read at save: a stale edit is refused

    def title_text(self) -> Text:
        title = Text(f"Update #{self.row.id}  ", style="bold")
        title.append_text(safe_line(self.row.title, 56))
        return title

    def fields(self) -> ComposeResult:
        r = self.row
        with Grid():
            yield Label("Status")
            yield Select(STATUS_OPTIONS, value=r.status, allow_blank=False, id="status", compact=True)
            yield Label("Confidence")
            yield Select(
                CONFIDENCE_OPTIONS, value=r.confidence or "none", allow_blank=False, id="confidence", compact=True
            )
            yield Label("Deadline")
            now = r.deadline.isoformat() if r.deadline else "none"
            yield Input(placeholder=f"unchanged ({now}); 30/06/2026, 2026-06-30, none", id="deadline", compact=True)
            yield Label("")
            yield Static("", id="deadline-resolved", classes="hint")
            yield Label("Note")
            yield Input(placeholder="what happened", id="note", compact=True)
            yield Label("Evidence")
            yield Input(placeholder="a link or a file path", id="evidence", compact=True)
            yield Label("Effective")
            yield Input(self.browser.today.isoformat(), id="effective", compact=True)
            yield Label("By")
            yield Input(current_user(), id="by", compact=True)

    @on(Input.Changed, "#deadline")
    def _deadline_changed(self, event: Input.Changed) -> None:
        _, shown = resolved_deadline(event.value, self.browser.today)
        self.query_one("#deadline-resolved", Static).update(Text(shown))

    def _collect(self) -> dict[str, Any]:
        """The update to record, or UserError naming the first field that is wrong."""
        status = str(self.query_one("#status", Select).value)
        confidence = str(self.query_one("#confidence", Select).value)
        changes: dict[str, Any] = {}
        if status != self.row.status:
            changes["status"] = Status(status)
        if confidence != (self.row.confidence or "none"):
            changes["confidence"] = parse_confidence(confidence)
        raw = self.value("#deadline")
        if raw:
            try:
                changes["deadline"] = parse_deadline(raw, reference=self.browser.today)
            except UserError as exc:
                raise UserError(f"Deadline: {exc}") from None
        try:
            effective = parse_day(self.value("#effective") or self.browser.today.isoformat())
        except ValueError as exc:
            raise UserError(f"Effective: {exc}") from None
        if effective > self.browser.today:
            raise UserError(f"Effective: {effective.isoformat()} is in the future (today is {self.browser.today})")
        note = self.value("#note")
        if not changes and not note:
            raise UserError("Nothing to record: change the status, confidence or deadline, or write a note")
        return {
            **changes,
            "note": note,
            "evidence": self.value("#evidence") or None,
            "by": self.value("#by") or None,
            "effective_on": effective,
        }

    def action_save(self) -> None:
        try:
            update = self._collect()
        except UserError as exc:
            self.show(str(exc))
            return
        self.show("Saving…", error=False)
        self._save(update)

    @work(thread=True, exclusive=True, group="form")
    def _save(self, update: dict[str, Any]) -> None:
        try:
            row = self.browser.update(self.row.id, expected_version=self.seen_version, **update)
        except ConflictError:
            now = self.browser.row(self.row.id)
            self.app.call_from_thread(self._refused, now)
            return
        except TrackerError as exc:
            self.app.call_from_thread(self.show, str(exc))
            return
        self.app.call_from_thread(self._written, row)

    def _refused(self, now: CommitmentRow) -> None:
        """Show the other officer's state and keep what was typed, now measured against it.

        A status or confidence the officer left as it was follows the new state (saving must
        not quietly undo the other change); one the officer chose stays chosen. The note,
        evidence, deadline, date and name stay as typed. The next save is checked against the
        version shown here.
        """
        seen = self.row
        for selector, before, after in (
            ("#status", seen.status, now.status),
            ("#confidence", seen.confidence or "none", now.confidence or "none"),
        ):
            field = self.query_one(selector, Select)
            if str(field.value) == before:
                field.value = after
        deadline = now.deadline.isoformat() if now.deadline else "none"
        self.query_one("#deadline", Input).placeholder = f"unchanged ({deadline}); 30/06/2026, 2026-06-30, none"
        message = Text(
            f"Not saved: someone else updated #{now.id} since you opened this form "
            f"(you saw version {self.seen_version}, it is now {now.version}). Nothing was overwritten.\n"
            f"Now: status {now.status.replace('_', ' ')}, deadline {deadline}, "
            f"confidence {now.confidence or 'none'}.\n"
            "What you typed is kept: check it and press ctrl+s to record it on top, or Esc to drop it."
        )
        self.row = now
        self.seen_version = now.version
        self.show(message)
        announce_change(self)  # the screens beneath show the other officer's state too


class AddForm(Form):
    """A commitment typed in by hand."""

    TITLE_TEXT = "Add a commitment"

    def fields(self) -> ComposeResult:
        with Grid():
            yield Label("Title")
            yield Input(placeholder="what was promised", id="title", compact=True)
            yield Label("Theme")
            themes = [(t.label, t.slug) for t in load_themes()]
            yield Select(themes, value="other", allow_blank=False, id="theme", compact=True)
            yield Label("Owner")
            yield Input(placeholder="the responsible body", id="owner", compact=True)
            yield Label("Kind")
            yield Select(KIND_OPTIONS, value=Kind.COMMITMENT.value, allow_blank=False, id="kind", compact=True)
            yield Label("Deadline")
            yield Input(placeholder="30/06/2026, 2026-06-30, or empty", id="deadline", compact=True)
            yield Label("")
            yield Static("", id="deadline-resolved", classes="hint")
            yield Label("Status")
            yield Select(STATUS_OPTIONS, value=Status.NOT_STARTED.value, allow_blank=False, id="status", compact=True)
            yield Label("Confidence")
            yield Select(CONFIDENCE_OPTIONS, value="none", allow_blank=False, id="confidence", compact=True)
            yield Label("Description")
            yield Input(placeholder="optional", id="description", compact=True)
            yield Label("Made on")
            yield Input(
                self.browser.today.isoformat(),
                placeholder="the day it was promised (earlier lists leave it out)",
                id="since",
                compact=True,
            )

    @on(Input.Changed, "#deadline")
    def _deadline_changed(self, event: Input.Changed) -> None:
        _, shown = resolved_deadline(event.value, self.browser.today)
        self.query_one("#deadline-resolved", Static).update(Text(shown))

    def action_save(self) -> None:
        title = self.value("#title")
        if not title:
            self.show("Title: a commitment needs a title")
            return
        try:
            since = parse_day(self.value("#since") or self.browser.today.isoformat())
        except ValueError as exc:
            self.show(f"Made on: {exc}")
            return
        if since > self.browser.today:
            self.show(f"Made on: {since.isoformat()} is after today ({self.browser.today.isoformat()})")
            return
        deadline = None
        if self.value("#deadline"):
            try:
                deadline = parse_deadline(self.value("#deadline"), reference=self.browser.today)
            except UserError as exc:
                self.show(f"Deadline: {exc}")
                return
        fields = {
            "title": title,
            "theme": str(self.query_one("#theme", Select).value),
            "owner": self.value("#owner"),
            "description": self.value("#description"),
            "deadline": deadline,
            "status": Status(str(self.query_one("#status", Select).value)),
            "confidence": parse_confidence(str(self.query_one("#confidence", Select).value)),
            "since": since,
            "kind": Kind(str(self.query_one("#kind", Select).value)),
        }
        self.show("Saving…", error=False)
        self._save(fields)

    @work(thread=True, exclusive=True, group="form")
    def _save(self, fields: dict[str, Any]) -> None:
        try:
            row = self.browser.add(**fields)
        except TrackerError as exc:
            self.app.call_from_thread(self.show, str(exc))
            return
        self.app.call_from_thread(self._written, row)


class ImportForm(Form):
    """Import commitments (.csv, .json) or a briefing (text, PDF, Word, web page) from a file.

    A briefing's sitting date is proposed from the file (its front matter, its text or the
    page) as soon as the file is named, shown with the words it was read from, and imported
    only once the user has seen it; it can be corrected, and is checked as the command line
    checks ``--date``.
    """

    TITLE_TEXT = "Import a file"
    SAVE_LABEL = "Import (ctrl+s)"

    def __init__(self, browser: Browser) -> None:
        super().__init__(browser)
        # The file whose date was looked up (and what was proposed), so that a save after
        # the proposal imports, and naming another file looks again.
        self._looked_up: Path | None = None
        self._proposed = ""
        # The file the user chose to import although it nearly repeats a stored briefing.
        self._duplicate_ok: Path | None = None

    def fields(self) -> ComposeResult:
        with Grid():
            yield Label("File")
            yield Input(placeholder="a briefing (.md .txt .pdf .docx .html) or .csv/.json", id="path", compact=True)
            yield Label("Sitting date")
            yield Input(placeholder="found in the briefing, or 2025-09-05 / 05/09/2025", id="date", compact=True)
        yield Static("", id="date-found", classes="hint")
        yield Static(
            Text(
                "Every row is checked first: a file with a bad row imports nothing. "
                "Importing a file twice adds nothing."
            ),
            classes="hint",
        )
        bar = ProgressBar(id="progress", show_eta=False)
        bar.display = False
        yield bar

    @on(Input.Submitted, "#path")
    @on(Input.Submitted, "#date")
    def _submitted(self) -> None:
        self.action_save()

    def _progress(self, done: int, total: int | None) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)

    @on(Input.Blurred, "#path")
    def _path_left(self) -> None:
        self._look_up_date()

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        if self._looked_up is not None and self._path() != self._looked_up:
            # Another file: the date proposed for the last one no longer applies.
            if self.value("#date") == self._proposed:
                self.query_one("#date", Input).value = ""
            self._looked_up, self._proposed = None, ""
            self.query_one("#date-found", Static).update("")

    def _path(self) -> Path:
        return Path(self.value("#path")).expanduser()

    def _is_briefing(self, path: Path) -> bool:
        from tracker.intake import BRIEFING_SUFFIXES

        return path.suffix.lower() in BRIEFING_SUFFIXES

    def _look_up_date(self) -> bool:
        """Look up the date the named briefing states (once per file); True if it started."""
        if not self.value("#path"):
            return False
        path = self._path()
        if not self._is_briefing(path) or self._looked_up == path:
            return False
        self._looked_up = path
        self._find_date(path)
        return True

    @work(thread=True, exclusive=True, group="form-date")
    def _find_date(self, path: Path) -> None:
        try:
            found = self.browser.briefing_date_in(path)
        except TrackerError as exc:
            self.app.call_from_thread(self.show, str(exc))
            return
        self.app.call_from_thread(self._propose, path, found)

    def _propose(self, path: Path, found: FoundDate | None) -> None:
        if path != self._looked_up:
            return
        note = self.query_one("#date-found", Static)
        date_input = self.query_one("#date", Input)
        if found is None:
            note.update(Text("The file states no sitting date: type it."))
            if not date_input.value.strip():
                date_input.focus()
            return
        if not date_input.value.strip():
            self._proposed = found.day.isoformat()
            date_input.value = self._proposed
        note.update(Text(f"{found.day.isoformat()} {found.note}; check it, correct it if need be."))
        self.show("Check the sitting date, then ctrl+s to import.", error=False)

    def action_save(self) -> None:
        raw = self.value("#path")
        if not raw:
            self.show("File: give the path of the file to import")
            return
        path = self._path()
        day: date | None = None
        if self._is_briefing(path):
            if self._look_up_date():
                # The date is shown for confirmation before anything is imported.
                self.show("Looking for the sitting date…", error=False)
                return
            typed = self.value("#date")
            if typed:
                try:
                    day = parse_day(typed)
                except ValueError as exc:
                    self.show(f"Sitting date: {exc}")
                    return
        self.show("Importing…", error=False)
        self._import(path, day, self._duplicate_ok == path)

    @work(thread=True, exclusive=True, group="form")
    def _import(self, path: Path, day: date | None, allow_duplicate: bool) -> None:
        def progress(done: int, total: int | None) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            summary = self.browser.import_for_review(
                path, progress=progress, briefing_date=day, allow_duplicate=allow_duplicate
            )
        except DuplicateBriefingError as exc:
            self._duplicate_ok = path
            self.app.call_from_thread(
                self.show, f"{exc.what}; nothing imported: press ctrl+s again to import it anyway"
            )
            return
        except TrackerError as exc:
            self.app.call_from_thread(self.show, str(exc))
            return
        self.app.call_from_thread(self._written, summary)


class ConfirmReplace(ModalScreen[bool]):
    """Ask before an export replaces a file that exists: True replaces it."""

    DEFAULT_CSS = """
    ConfirmReplace { align: center middle; }
    ConfirmReplace > Vertical {
        width: 70; max-width: 100%; height: auto; border: round $warning; background: $panel; padding: 0 1;
    }
    ConfirmReplace #buttons { height: auto; margin-top: 1; align-horizontal: right; }
    ConfirmReplace #buttons Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Replace", id="confirm.replace", tooltip="Replace the file that is there"),
        Binding("n,escape", "answer(False)", "Keep", id="confirm.keep", tooltip="Keep it and write nothing"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical():
            question = Text("A file of this name exists:\n", style="bold")
            question.append_text(safe(str(self.path)))
            question.append("\nReplace it?")
            yield Static(question, id="question")
            with Horizontal(id="buttons"):
                yield Button("Replace (y)", id="replace", variant="warning", compact=True)
                yield Button("Keep it (n)", id="keep", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()  # enter keeps the file: replacing takes a y

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "replace")

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)


class ExportForm(Form):
    """Export the overdue list as of a date: the format, and where the file goes.

    The file is offered in ``folder``, by default the user's documents folder (or home); a
    name without a folder goes there too, and the full path is shown as it is typed. A file
    that exists is replaced only after the officer says so.
    """

    TITLE_TEXT = "Export overdue commitments"
    SAVE_LABEL = "Export (ctrl+s)"

    def __init__(self, browser: Browser, as_of: date, folder: Path | None = None) -> None:
        super().__init__(browser)
        self.as_of = as_of
        self.folder = folder if folder is not None else export_folder()
        self._suggested = str(default_export_path(as_of, "csv", self.folder))

    def title_text(self) -> Text:
        return Text(f"Export overdue commitments as of {self.as_of.isoformat()}", style="bold")

    def fields(self) -> ComposeResult:
        with Grid():
            yield Label("Format")
            options = [(f.label, f.name) for f in REPORT_FORMATS]
            yield Select(options, value="csv", allow_blank=False, id="format", compact=True)
            yield Label("File")
            yield Input(self._suggested, id="path", compact=True)
            yield Label("")
            yield Static(self._where(self._suggested), id="path-resolved", classes="hint")
        bar = ProgressBar(id="progress", show_eta=False)
        bar.display = False
        yield bar

    def target(self, raw: str) -> Path:
        """The file ``raw`` names: ``~`` expanded, a bare or relative name inside the folder."""
        path = Path(raw.strip()).expanduser()
        return path if path.is_absolute() else self.folder / path

    def _where(self, raw: str) -> Text:
        if not raw.strip():
            return Text("")
        path = self.target(raw)
        shown = Text("→ ")
        shown.append_text(safe(str(path)))
        if path.is_file():
            shown.append("  (exists: you will be asked before it is replaced)")
        return shown

    @on(Input.Changed, "#path")
    def _path_changed(self, event: Input.Changed) -> None:
        self.query_one("#path-resolved", Static).update(self._where(event.value))

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        if path.value == self._suggested:  # follow the format unless the user chose a name
            self._suggested = str(default_export_path(self.as_of, str(event.value), self.folder))
            path.value = self._suggested

    def action_save(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        raw = self.value("#path")
        if not raw:
            self.show("File: say where to write the export")
            return
        path = self.target(raw)
        asked_format = format_for_suffix(path)
        asked = asked_format.name if asked_format is not None else None
        if asked is not None and asked != fmt:
            self.show(f"File: the name ends {path.suffix} but the format is {fmt}; change one of them")
            return
        if path.is_dir():
            self.show(f"File: {path} is a folder; add a file name")
            return
        if not path.is_file():
            self._write(fmt, path)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._write(fmt, path)
            else:
                kept = Text("Not written: ")
                kept.append_text(safe(path.name))
                kept.append(" is kept. Choose another name, or save again.")
                self.show(kept)
                self.query_one("#path", Input).focus()

        self.app.push_screen(ConfirmReplace(path), answered)

    def _write(self, fmt: str, path: Path) -> None:
        self.show("Writing…", error=False)
        self._export(fmt, path)

    def _progress(self, done: int, total: int | None) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.display = True
        bar.update(total=total, progress=done)

    @work(thread=True, exclusive=True, group="form")
    def _export(self, fmt: str, path: Path) -> None:
        def progress(done: int, total: int | None) -> None:
            self.app.call_from_thread(self._progress, done, total)

        try:
            written, count = self.browser.export_overdue(as_of=self.as_of, fmt=fmt, path=path, progress=progress)
        except TrackerError as exc:
            self.app.call_from_thread(self.show, str(exc))
            return
        self.app.call_from_thread(self.dismiss, (written, count))


def export_message(result: tuple[Path, int], as_of: date) -> Text:
    path, count = result
    noun = "commitment" if count == 1 else "commitments"
    message = Text(f"Wrote {count} overdue {noun} as of {as_of.isoformat()} to ")
    message.append_text(safe(str(path)))
    return message


def open_update_form(
    screen: Screen[Any], browser: Browser, commitment_id: int, seen_version: int, done: Callable[[Any], None]
) -> None:
    """Open the update form on the commitment as it stands today, read in a worker; the save
    is checked against ``seen_version``, the version the officer was looking at."""

    def fetch() -> None:
        try:
            row = browser.row(commitment_id)
        except TrackerError as exc:
            screen.app.call_from_thread(screen.notify, str(exc), severity="error", markup=False)
            return
        form = UpdateForm(browser, replace(row, version=seen_version))
        screen.app.call_from_thread(screen.app.push_screen, form, done)

    screen.run_worker(fetch, thread=True, exclusive=True, group="open-update")
