"""The export formats: one entry each, the one place that knows them.

The command line's ``--format`` choices, the TUI export form's options, the rule that picks a
format from a file's suffix and the test that reads every format back all come from
``FORMATS``. Adding a format is a module with its writer and one entry here.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from tracker.errors import UserError

if TYPE_CHECKING:
    from datetime import date

    from tracker.progress import ProgressFn
    from tracker.reports.model import GroupBy, ReportSource, Scope

# writer(source, target, *, scope, as_of, group_by, progress) -> rows written. The target
# is a text stream, or for a binary format a path.
Writer = Callable[..., int]


@dataclass(frozen=True)
class Format:
    """One export format. Its writer is named, not imported, so that reading the list (the
    command line's choices, at every start) loads no writer and no database library."""

    name: str  # what --format takes
    label: str  # what the TUI offers
    suffixes: tuple[str, ...]  # the first one is what a default file name ends with
    writer_name: str  # "module:function"
    needs_file: bool = False  # binary: cannot go to a terminal
    noun: str = "file"  # what a refusal calls it
    report: bool = True  # offered for the overdue and full reports (else its own command)

    @property
    def writer(self) -> Writer:
        module, function = self.writer_name.split(":")
        found: Writer = getattr(importlib.import_module(module), function)
        return found


FORMATS: tuple[Format, ...] = (
    Format("csv", "CSV (Excel)", (".csv",), "tracker.reports.csv_format:write_csv"),
    Format("xlsx", "Excel workbook", (".xlsx",), "tracker.reports.xlsx:write_xlsx", needs_file=True, noun="workbook"),
    Format("html", "Web page (printable)", (".html", ".htm"), "tracker.reports.html_page:write_html"),
    Format("md", "Markdown", (".md", ".markdown"), "tracker.reports.markdown:write_markdown"),
    Format("json", "JSON", (".json",), "tracker.reports.json_format:write_json_report"),
    Format("ics", "Calendar (iCalendar)", (".ics",), "tracker.reports.ics:write_ics", report=False),
)
_BY_NAME = {f.name: f for f in FORMATS}
REPORT_FORMATS: tuple[Format, ...] = tuple(f for f in FORMATS if f.report)


def get_format(name: str) -> Format:
    """The format called ``name``; a user error names the choices."""
    found = _BY_NAME.get(name)
    if found is None:
        raise UserError(f"unknown format {name!r} (choose from: {', '.join(f.name for f in REPORT_FORMATS)})")
    return found


def format_for_suffix(path: Path) -> Format | None:
    """The format a file name asks for by its suffix (``.htm`` is HTML), or None."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def _with_total(session: ReportSource, progress: ProgressFn | None, *, fmt: Format, scope: Scope, as_of: date) -> Any:
    """The writer's per-chunk callback: ``progress`` with the number of rows in all."""
    if progress is None:
        return None
    total = None
    if fmt.report:  # one count first, only when someone watches
        from tracker.reports.model import count_listed

        total = count_listed(session, scope=scope, as_of=as_of)
    progress(0, total)
    return lambda done: progress(done, total)


def write_report(
    session: ReportSource,
    target: IO[str] | Path,
    *,
    fmt: str,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    progress: ProgressFn | None = None,
) -> int:
    """Write the report in ``fmt`` to a text stream (or a path); returns the rows.

    The one place that maps a format to its writer, for the command line and the TUI alike.
    """
    spec = get_format(fmt)
    if spec.needs_file and not isinstance(target, Path):
        raise UserError(f"an {spec.name} {spec.noun} cannot go to the terminal: give --output FILE{spec.suffixes[0]}")
    rows_written = _with_total(session, progress, fmt=spec, scope=scope, as_of=as_of)
    if isinstance(target, Path) and not spec.needs_file:
        with target.open("w", encoding="utf-8", newline="") as out:
            return int(spec.writer(session, out, scope=scope, as_of=as_of, group_by=group_by, progress=rows_written))
    return int(spec.writer(session, target, scope=scope, as_of=as_of, group_by=group_by, progress=rows_written))


def export_file(
    session: ReportSource,
    path: Path,
    *,
    fmt: str,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    progress: ProgressFn | None = None,
) -> int:
    """Write the report to ``path`` whole or not at all; a device or pipe is written through
    (``tracker.files.atomic_write``)."""
    from tracker.files import atomic_write

    with atomic_write(path.expanduser()) as target:
        return write_report(session, target, fmt=fmt, scope=scope, as_of=as_of, group_by=group_by, progress=progress)
