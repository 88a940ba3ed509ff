"""Reports for the committee's papers: what is overdue (or everything) as of any date.

The command line (``tracker export``) and the TUI's export dialog call the same functions.
``build_report`` gathers the header (as-of date, the briefings covered, counts overdue, open
and closed, per owner, per theme, per status) and a stream of rows, most overdue first;
one function per format writes it. Rows are streamed from the database and written as they
come, so a million commitments never sit in memory.

Untrusted text (titles, notes, excerpts) is made safe for each format: CSV and XLSX cells that
a spreadsheet would run as a formula get a leading ``'`` (and XLSX text cells are typed as
strings, so ``=...`` can never become a formula); Markdown escapes ``|`` and line breaks;
HTML escapes everything; iCalendar escapes its separators and folds long lines.
"""

from __future__ import annotations

import csv
import html
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

from sqlmodel import Session

from tracker import csvio, queries
from tracker.errors import UserError
from tracker.fiscal import Timeliness, timeliness, utc_now
from tracker.models import CLOSED_STATUSES, OPEN_STATUSES, Status
from tracker.queries import BriefingRef, CommitmentRow, Filters
from tracker.text import clean, one_line
from tracker.themes import load_themes


class Scope(StrEnum):
    """Which commitments a report lists."""

    OVERDUE = "overdue"
    ALL = "all"


class GroupBy(StrEnum):
    OWNER = "owner"
    THEME = "theme"


NO_OWNER = "(no owner)"


@dataclass(frozen=True)
class Counts:
    """Commitments as they stood on a date. ``open`` includes the overdue ones."""

    overdue: int = 0
    open: int = 0
    closed: int = 0

    @property
    def total(self) -> int:
        return self.open + self.closed

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.overdue + other.overdue, self.open + other.open, self.closed + other.closed)


@dataclass(frozen=True)
class ReportHeader:
    """What a report says before its rows."""

    scope: Scope
    as_of: date
    group_by: GroupBy | None
    briefings: tuple[BriefingRef, ...]
    totals: Counts
    by_owner: tuple[tuple[str, Counts], ...]
    by_theme: tuple[tuple[str, Counts], ...]
    by_status: tuple[tuple[str, int], ...]

    @property
    def title(self) -> str:
        return report_title(self.scope, self.as_of)

    @property
    def empty_message(self) -> str:
        return empty_message(self.scope, self.as_of)


@dataclass
class Report:
    header: ReportHeader
    rows: Iterable[CommitmentRow]


def report_title(scope: Scope, as_of: date) -> str:
    what = "Overdue commitments" if scope is Scope.OVERDUE else "Commitments"
    return f"{what} as of {as_of.isoformat()}"


def empty_message(scope: Scope, as_of: date) -> str:
    """What an empty report says, in place of its rows."""
    if scope is Scope.OVERDUE:
        return f"Nothing is overdue as of {as_of.isoformat()}."
    return f"There are no commitments as of {as_of.isoformat()}."


def group_key(row: CommitmentRow, group_by: GroupBy) -> str:
    """The group a row falls in: its owner (or "(no owner)") or its theme."""
    if group_by is GroupBy.OWNER:
        return row.owner or NO_OWNER
    return row.theme


# ---------------------------------------------------------------- gathering


def _query(scope: Scope, group_by: GroupBy | None) -> dict[str, Any]:
    """What ``queries.select_rows`` is asked for a report's rows."""
    return {
        "filters": Filters(overdue=scope is Scope.OVERDUE),
        "order": "most_overdue" if scope is Scope.OVERDUE else "report",
        "with_last_update": True,
        "group_by": str(group_by) if group_by else None,
    }


def report_rows(
    session: Session, *, scope: Scope, as_of: date, group_by: GroupBy | None = None
) -> Iterator[CommitmentRow]:
    """The report's rows as they stood on ``as_of``, streamed: most overdue first (for
    ``all``: then the open ones by deadline, then the closed ones), by group if grouped."""
    return queries.iter_rows(session, as_of=as_of, **_query(scope, group_by))


def build_header(session: Session, *, scope: Scope, as_of: date, group_by: GroupBy | None = None) -> ReportHeader:
    """The header of a report: counts over every commitment as it stood on ``as_of``, and
    the briefings the listed commitments came from."""
    owners: dict[str, Counts] = {}
    themes: dict[str, Counts] = {}
    statuses: dict[str, int] = {str(s): 0 for s in Status}
    briefing_ids: set[int] = set()
    for sc in queries.count_states(session, as_of=as_of):
        is_open = sc.status in {str(s) for s in OPEN_STATUSES}
        counts = Counts(sc.count if sc.overdue else 0, sc.count if is_open else 0, 0 if is_open else sc.count)
        owner = sc.owner or NO_OWNER
        owners[owner] = owners.get(owner, Counts()) + counts
        themes[sc.theme] = themes.get(sc.theme, Counts()) + counts
        statuses[sc.status] = statuses.get(sc.status, 0) + sc.count
        if sc.briefing_id is not None and (scope is Scope.ALL or sc.overdue):
            briefing_ids.add(sc.briefing_id)
    totals = sum(owners.values(), Counts())

    def most_overdue_first(items: dict[str, Counts]) -> tuple[tuple[str, Counts], ...]:
        return tuple(sorted(items.items(), key=lambda kv: (-kv[1].overdue, -kv[1].open, kv[0])))

    return ReportHeader(
        scope=scope,
        as_of=as_of,
        group_by=group_by,
        briefings=tuple(queries.briefings(session, sorted(briefing_ids))),
        totals=totals,
        by_owner=most_overdue_first(owners),
        by_theme=most_overdue_first(themes),
        by_status=tuple(statuses.items()),
    )


def build_report(session: Session, *, scope: Scope, as_of: date, group_by: GroupBy | None = None) -> Report:
    """A report as it stood on ``as_of``: its header, and its rows (streamed: write them
    while ``session`` is open)."""
    return Report(
        header=build_header(session, scope=scope, as_of=as_of, group_by=group_by),
        rows=report_rows(session, scope=scope, as_of=as_of, group_by=group_by),
    )


def _grouped(report: Report) -> Iterator[tuple[str | None, Iterator[CommitmentRow]]]:
    """The rows in one group (key None) or, when grouped, a group per owner or theme; only
    groups that hold a row, so a writer can open each group's table before its rows."""
    group_by = report.header.group_by
    groups: Iterable[tuple[str | None, Iterator[CommitmentRow]]]
    if group_by is None:
        groups = [(None, iter(report.rows))]
    else:
        groups = itertools.groupby(report.rows, key=lambda r: group_key(r, group_by))
    for key, rows in groups:
        first = next(rows, None)
        if first is not None:
            yield key, itertools.chain([first], rows)


# ---------------------------------------------------------------- columns


@dataclass(frozen=True)
class Column:
    name: str  # in CSV
    label: str  # in XLSX, Markdown and HTML
    value: Callable[[CommitmentRow], Any]
    width: int = 12  # in XLSX, in characters


def _last(row: CommitmentRow, field: str) -> Any:
    return getattr(row.last_update, field) if row.last_update else None


COLUMNS: tuple[Column, ...] = (
    Column("id", "ID", lambda r: r.id, 7),
    Column("title", "Title", lambda r: r.title, 50),
    Column("theme", "Theme", lambda r: r.theme, 18),
    Column("owner", "Owner", lambda r: r.owner, 30),
    Column("status", "Status", lambda r: r.status, 12),
    Column("confidence", "Confidence", lambda r: r.confidence, 11),
    Column("deadline", "Deadline", lambda r: r.deadline, 11),
    Column("days_overdue", "Days overdue", lambda r: r.days_overdue, 8),
    Column("timeliness", "Timeliness", lambda r: str(r.timeliness), 11),
    Column("last_update_on", "Last update", lambda r: _last(r, "effective_on"), 11),
    Column("last_update_by", "Updated by", lambda r: _last(r, "by"), 16),
    Column("last_update_note", "Update note", lambda r: _last(r, "note"), 40),
    Column("excerpt", "Excerpt", lambda r: r.excerpt, 60),
    # The day it was made: `import` reads it back, so a round trip keeps it.
    Column("since", "Made on", lambda r: r.since, 11),
)


def row_values(row: CommitmentRow) -> list[Any]:
    """One row's cells in ``COLUMNS`` order, typed (int, date, str or None)."""
    return [c.value(row) for c in COLUMNS]


# ---------------------------------------------------------------- CSV and JSON


def write_csv(session: Session, out: IO[str], *, scope: Scope, as_of: date, group_by: GroupBy | None = None) -> int:
    """The report's rows as CSV as tracker writes it (UTF-8 with a byte-order mark, formulas
    neutralised, the columns of ``COLUMNS``); returns the number of rows.

    The rows that ``report_rows`` gives, without building a read model per row: at a
    million commitments the CSV export is the one that must keep pace with the sqlite3
    shell (see tests/test_reports_bench.py).
    """
    stmt = queries.select_rows(session, as_of=as_of, **_query(scope, group_by))
    wanted = (
        "id", "title", "theme", "owner", "status", "confidence", "deadline",
        "last_effective_on", "last_by", "last_note", "excerpt", "since",
    )  # fmt: skip
    stmt = stmt.with_only_columns(*(stmt.selected_columns[name] for name in wanted), maintain_column_froms=True)
    result = session.connection().execution_options(stream_results=True, yield_per=5000).execute(stmt)
    closed_statuses = {str(s) for s in CLOSED_STATUSES}
    formula_starts = csvio.FORMULA_STARTS
    neutralise = csvio.neutralise

    def text(value: str | None) -> str:
        if not value:
            return ""
        return neutralise(value) if value.startswith(formula_starts) or value[0] == "'" else value

    written = 0

    def lines() -> Iterator[tuple[Any, ...]]:
        nonlocal written
        # Partitions: a third cheaper than fetching one row at a time.
        rows = itertools.chain.from_iterable(result.partitions())
        for id_, title, theme, owner, status, confidence, deadline, last_on, last_by, last_note, excerpt, since in rows:
            written += 1
            closed = status in closed_statuses
            state = timeliness(closed=closed, deadline=deadline, as_of=as_of)
            late = (as_of - deadline).days if state is Timeliness.OVERDUE else ""
            yield (
                id_,
                text(title),
                text(theme),
                text(owner),
                status,
                confidence or "",
                deadline.isoformat() if deadline else "",
                late,
                str(state),
                last_on.isoformat() if last_on else "",
                text(last_by),
                text(last_note),
                text(excerpt),
                since.isoformat() if since else "",
            )

    out.write(csvio.BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    writer.writerows(lines())
    return written


def write_json(rows: Iterable[CommitmentRow], out: IO[str]) -> int:
    """One JSON array of the fields DESIGN lists (as ``list --format json``), streamed."""
    out.write("[")
    n = 0
    for row in rows:
        out.write(",\n  " if n else "\n  ")
        out.write(json.dumps(row.to_json(), ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


# ---------------------------------------------------------------- Markdown


_MD_SPECIAL = re.compile(r"([\\|<>\[\]`*])")


def md_cell(value: Any) -> str:
    """Text for one Markdown table cell: ``|`` and markup escaped, line breaks as ``<br>``."""
    if value is None or value == "":
        return ""
    if isinstance(value, date):
        return value.isoformat()
    lines = clean(str(value)).replace("\t", " ").split("\n")
    return "<br>".join(_MD_SPECIAL.sub(r"\\\1", line.strip()) for line in lines)


_NUMERIC = frozenset({"ID", "Days overdue"})


def _last_update_text(row: CommitmentRow) -> str:
    last = row.last_update
    if last is None:
        return ""
    text = f"{last.effective_on.isoformat()}, {last.by}"
    return f"{text}: {last.note}" if last.note else text


def _display_columns(scope: Scope) -> list[tuple[str, Callable[[CommitmentRow], Any]]]:
    """What Markdown and HTML show per row, in words for the committee's papers (theme labels,
    "not started"); CSV, JSON and XLSX carry the stored values of every column."""
    labels = {t.slug: t.label for t in load_themes()}
    shown: list[tuple[str, Callable[[CommitmentRow], Any]]] = [
        ("ID", lambda r: r.id),
        ("Title", lambda r: r.title),
        ("Theme", lambda r: labels.get(r.theme, r.theme)),
        ("Owner", lambda r: r.owner),
        ("Status", lambda r: r.status.replace("_", " ")),
        ("Confidence", lambda r: r.confidence),
        ("Deadline", lambda r: r.deadline),
    ]
    if scope is Scope.ALL:
        shown.append(("Timeliness", lambda r: str(r.timeliness)))
    shown += [
        ("Days overdue", lambda r: r.days_overdue),
        ("Last update", _last_update_text),
        ("Excerpt", lambda r: r.excerpt),
    ]
    return shown


def _counts_line(header: ReportHeader) -> str:
    t = header.totals
    return f"Overdue: {t.overdue} · Open: {t.open} (including the overdue) · Closed: {t.closed} · Total: {t.total}"


def _briefings_text(header: ReportHeader) -> list[str]:
    return [f"{b.title} ({b.date.isoformat()})" for b in header.briefings]


def write_markdown(report: Report, out: IO[str]) -> int:
    """A Markdown document for the committee's papers: the header, then a table of rows
    (one table per group when grouped). Returns the number of rows."""
    header = report.header
    out.write(f"# {md_cell(header.title)}\n\n")
    covered = _briefings_text(header)
    out.write(f"- Briefings covered: {md_cell('; '.join(covered)) if covered else 'none recorded'}\n")
    out.write(f"- {_counts_line(header)}\n\n")
    if header.by_owner:
        out.write("| Owner | Overdue | Open | Closed |\n|---|--:|--:|--:|\n")
        for owner, c in header.by_owner:
            out.write(f"| {md_cell(owner)} | {c.overdue} | {c.open} | {c.closed} |\n")
        out.write("\n")
    columns = _display_columns(header.scope)
    table_head = (
        "| "
        + " | ".join(label for label, _ in columns)
        + " |\n|"
        + "|".join("--:" if label in _NUMERIC else "---" for label, _ in columns)
        + "|\n"
    )
    n = 0
    for group, rows in _grouped(report):
        if group is not None:
            out.write(f"## {md_cell(header.group_by).capitalize()}: {md_cell(group)}\n\n")
        out.write(table_head)
        for row in rows:
            out.write("| " + " | ".join(md_cell(value(row)) for _, value in columns) + " |\n")
            n += 1
        out.write("\n")
    if n == 0:
        out.write(f"**{md_cell(header.empty_message)}**\n")
    return n


# ---------------------------------------------------------------- HTML

_CSS = """
body { font: 11pt/1.35 "Noto Sans", "Segoe UI", Arial, sans-serif; color: #111; margin: 1.5em; }
h1 { font-size: 17pt; margin: 0 0 .3em; }
h2 { font-size: 13pt; margin: 1.4em 0 .4em; }
.meta { margin: .2em 0; }
.empty { font-size: 13pt; font-weight: bold; padding: .8em; border: 2px solid #2e7d32; display: inline-block; }
.charts { display: flex; flex-wrap: wrap; gap: 2em; margin: 1em 0; }
.charts figure { margin: 0; }
.charts figcaption { font-weight: bold; margin-bottom: .3em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0 1em; font-size: 9.5pt; }
table.summary { width: auto; }
th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
td.num, th.num { text-align: right; }
td.excerpt { font-style: italic; color: #333; }
td.text { white-space: pre-wrap; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@page { size: A4 landscape; margin: 12mm; }
@media print { body { margin: 0; } .charts { break-inside: avoid; } }
"""

_STATUS_COLOURS = {
    "not_started": "#9e9e9e",
    "in_progress": "#1e88e5",
    "stalled": "#f9a825",
    "done": "#2e7d32",
    "partly_done": "#81c784",
    "dropped": "#616161",
}
_OVERDUE_COLOUR = "#c62828"
_REST_COLOUR = "#90a4ae"


def _e(value: Any) -> str:
    """Text escaped for HTML (quotes included), controls and bidi overrides removed."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return html.escape(clean(str(value)), quote=True)


def bar_chart(title: str, bars: Sequence[tuple[str, int, int]], *, legend: Sequence[tuple[str, str]] = ()) -> str:
    """An inline SVG horizontal bar chart. Each bar: (label, total, highlighted part drawn
    in red, or -1 to colour the bar by its label as a status)."""
    label_width, bar_width, bar_height, gap, value_width = 170, 300, 16, 6, 110
    top = 20 if legend else 4
    height = top + len(bars) * (bar_height + gap) + 4
    width = label_width + bar_width + value_width
    biggest = max((total for _, total, _ in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_e(title)}" font-size="11" '
        'font-family="sans-serif">'
    ]
    x = label_width
    for text, colour in legend:
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{_e(text)}</text>')
        x += 14 + 7 * len(text) + 16
    for i, (label, total, part) in enumerate(bars):
        y = top + i * (bar_height + gap)
        full = round(bar_width * total / biggest)
        shown = one_line(label, 26)
        parts.append(f'<text x="{label_width - 6}" y="{y + 12}" text-anchor="end">{_e(shown)}</text>')
        if part < 0:
            colour = _STATUS_COLOURS.get(label, _REST_COLOUR)
            parts.append(f'<rect x="{label_width}" y="{y}" width="{full}" height="{bar_height}" fill="{colour}"/>')
            value = str(total)
        else:
            red = round(bar_width * part / biggest)
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{full}" height="{bar_height}" fill="{_REST_COLOUR}"/>'
            )
            if red:
                parts.append(
                    f'<rect x="{label_width}" y="{y}" width="{red}" height="{bar_height}" fill="{_OVERDUE_COLOUR}"/>'
                )
            value = f"{total} ({part} overdue)"
        parts.append(f'<text x="{label_width + full + 5}" y="{y + 12}">{_e(value)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _html_rows_table(columns: Sequence[tuple[str, Callable[[CommitmentRow], Any]]]) -> str:
    heads = "".join(
        f"<th{' class=num' if label in ('ID', 'Days overdue') else ''}>{_e(label)}</th>" for label, _ in columns
    )
    return f"<table class=rows><thead><tr>{heads}</tr></thead><tbody>\n"


def _html_cell(label: str, value: Any) -> str:
    if label in _NUMERIC:
        return f"<td class=num>{_e(value)}</td>"
    css = "excerpt text" if label == "Excerpt" else "text"
    return f'<td class="{css}" dir="auto">{_e(value)}</td>'


def write_html(report: Report, out: IO[str]) -> int:
    """One self-contained printable page: inline CSS and SVG, no script, nothing fetched
    from the network, every piece of text escaped. Returns the number of rows."""
    header = report.header
    out.write(
        "<!DOCTYPE html>\n<html lang=en>\n<head>\n<meta charset=utf-8>\n"
        # No script, no network: only the inline styles and images this page carries.
        "<meta http-equiv=Content-Security-Policy "
        "content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name=viewport content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(header.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
    )
    out.write(f"<h1>{_e(header.title)}</h1>\n")
    covered = _briefings_text(header)
    out.write(
        '<p class=meta dir="auto">Briefings covered: '
        + (_e("; ".join(covered)) if covered else "none recorded")
        + "</p>\n"
    )
    t = header.totals
    out.write(
        "<table class=summary><tbody>"
        f"<tr><th>Overdue</th><td class=num>{t.overdue}</td></tr>"
        f"<tr><th>Open (including the overdue)</th><td class=num>{t.open}</td></tr>"
        f"<tr><th>Closed</th><td class=num>{t.closed}</td></tr>"
        f"<tr><th>Total</th><td class=num>{t.total}</td></tr>"
        "</tbody></table>\n"
    )
    out.write("<div class=charts>\n")
    out.write(
        "<figure><figcaption>Commitments by status</figcaption>"
        + bar_chart("Commitments by status", [(s, n, -1) for s, n in header.by_status])
        + "</figure>\n"
    )
    out.write(
        "<figure><figcaption>Commitments by theme</figcaption>"
        + bar_chart(
            "Commitments by theme",
            [(theme, c.total, c.overdue) for theme, c in sorted(header.by_theme, key=lambda kv: (-kv[1].total, kv[0]))],
            legend=(("overdue", _OVERDUE_COLOUR), ("not overdue", _REST_COLOUR)),
        )
        + "</figure>\n"
    )
    out.write("</div>\n")
    if header.by_owner:
        out.write(
            "<h2>By owner</h2>\n<table class=summary><thead><tr><th>Owner</th><th class=num>Overdue</th>"
            "<th class=num>Open</th><th class=num>Closed</th></tr></thead><tbody>\n"
        )
        for owner, c in header.by_owner:
            out.write(
                f'<tr><td dir="auto">{_e(owner)}</td><td class=num>{c.overdue}</td>'
                f"<td class=num>{c.open}</td><td class=num>{c.closed}</td></tr>\n"
            )
        out.write("</tbody></table>\n")
    columns = _display_columns(header.scope)
    n = 0
    for group, rows in _grouped(report):
        if group is not None:
            out.write(f'<h2 dir="auto">{_e(str(header.group_by).capitalize())}: {_e(group)}</h2>\n')
        else:
            out.write(f"<h2>{_e('Overdue' if header.scope is Scope.OVERDUE else 'Commitments')}</h2>\n")
        out.write(_html_rows_table(columns))
        for row in rows:
            out.write("<tr>" + "".join(_html_cell(label, value(row)) for label, value in columns) + "</tr>\n")
            n += 1
        out.write("</tbody></table>\n")
    if n == 0:
        out.write(f"<p class=empty>{_e(header.empty_message)}</p>\n")
    out.write("</body>\n</html>\n")
    return n


# ---------------------------------------------------------------- XLSX

# Characters XML 1.0 cannot hold (openpyxl refuses them): C0 controls but tab, LF and CR.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
EXCEL_CELL_LIMIT = 32_767


def xlsx_text(value: str) -> str:
    """A text cell's value: neutralised like CSV, without what XML cannot carry."""
    # XML reads a carriage return back as a line feed: write the line feed it will be.
    text = _XML_ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    return csvio.neutralise(text)[:EXCEL_CELL_LIMIT]


def sheet_name(wanted: str, used: set[str]) -> str:
    """A valid, unused sheet name (at most 31 characters, none of ``[]:*?/\\``)."""
    base = _SHEET_NAME_ILLEGAL.sub(" ", one_line(wanted)).strip(" '") or "Sheet"
    name = base[:31]
    n = 2
    while name.casefold() in {u.casefold() for u in used} or name.casefold() == "history":
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def write_xlsx(report: Report, target: Path | IO[bytes]) -> int:
    """An Excel workbook: a sheet of rows (a sheet per group when grouped) with a frozen
    header row and an autofilter, and a Summary sheet. Dates are dates, numbers numbers;
    text cells are strings, never formulas. Returns the number of rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

    header = report.header
    workbook = Workbook(write_only=True)
    used: set[str] = {"Summary"}
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    last_column = get_column_letter(len(COLUMNS))
    wrapped = {"title", "last_update_note", "excerpt"}

    def text_cell(sheet: WriteOnlyWorksheet, value: str, *, font: Font | None = None, wrap_it: bool = False) -> Any:
        cell = WriteOnlyCell(sheet, value=xlsx_text(value))
        cell.data_type = "s"  # a string even if it looked like a formula
        if font is not None:
            cell.font = font
        if wrap_it:
            cell.alignment = wrap
        return cell

    def new_sheet(title: str) -> WriteOnlyWorksheet:
        sheet = workbook.create_sheet(sheet_name(title, used))
        sheet.freeze_panes = "A2"
        for i, column in enumerate(COLUMNS, 1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.append([text_cell(sheet, c.label, font=bold) for c in COLUMNS])
        return sheet

    def finish(sheet: WriteOnlyWorksheet, rows: int) -> None:
        sheet.auto_filter.ref = f"A1:{last_column}{rows + 1}"

    default_title = "Overdue" if header.scope is Scope.OVERDUE else "Commitments"
    n = 0
    for group, rows in _grouped(report):
        sheet = new_sheet(group if group is not None else default_title)
        in_sheet = 0
        for row in rows:
            cells = []
            for column, value in zip(COLUMNS, row_values(row), strict=True):
                if isinstance(value, str):
                    cells.append(text_cell(sheet, value, wrap_it=column.name in wrapped))
                else:
                    cells.append(value)
            sheet.append(cells)
            in_sheet += 1
        finish(sheet, in_sheet)
        n += in_sheet
    if n == 0:
        sheet = new_sheet(default_title)
        sheet.append([text_cell(sheet, header.empty_message, font=bold)])
        finish(sheet, 0)

    summary = workbook.create_sheet("Summary")
    summary.column_dimensions["A"].width = 45
    summary.column_dimensions["B"].width = 14
    for letter in ("C", "D"):
        summary.column_dimensions[letter].width = 10
    summary.append([text_cell(summary, header.title, font=bold)])
    summary.append([text_cell(summary, "As of"), header.as_of])
    if n == 0:
        summary.append([text_cell(summary, header.empty_message, font=bold)])
    summary.append([])
    summary.append([text_cell(summary, "Briefings covered", font=bold), text_cell(summary, "Sitting", font=bold)])
    for b in header.briefings:
        summary.append([text_cell(summary, b.title), b.date])
    if not header.briefings:
        summary.append([text_cell(summary, "none recorded")])
    summary.append([])
    t = header.totals
    for label, value in (
        ("Overdue", t.overdue),
        ("Open (including the overdue)", t.open),
        ("Closed", t.closed),
        ("Total", t.total),
    ):
        summary.append([text_cell(summary, label), value])
    summary.append([])
    summary.append([text_cell(summary, h, font=bold) for h in ("Owner", "Overdue", "Open", "Closed")])
    for owner, c in header.by_owner:
        summary.append([text_cell(summary, owner), c.overdue, c.open, c.closed])
    workbook.save(target)
    return n


# ---------------------------------------------------------------- iCalendar

_ICS_MAX_OCTETS = 75


def ics_text(value: str | None) -> str:
    """A TEXT value escaped as RFC 5545 wants: backslash, ``;`` and ``,`` escaped, line
    breaks as ``\\n``, other control characters dropped."""
    text = clean(value).replace("\t", " ")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """One content line folded at 75 octets (never inside a UTF-8 character), CRLF-ended."""
    pieces: list[str] = []
    current: list[str] = []
    size, limit = 0, _ICS_MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            # A continuation line starts with a space, which counts towards its 75 octets.
            current, size, limit = [], 0, _ICS_MAX_OCTETS - 1
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def calendar_rows(session: Session, *, today: date) -> Iterator[CommitmentRow]:
    """Every commitment open today that has a deadline, past ones included, soonest first."""
    rows = queries.iter_rows(
        session, as_of=today, filters=Filters(statuses=[str(s) for s in OPEN_STATUSES]), order="deadline"
    )
    return (r for r in rows if r.deadline is not None)


def write_calendar(
    rows: Iterable[CommitmentRow], out: IO[str], *, now: datetime | None = None, name: str = "Commitment deadlines"
) -> int:
    """An RFC 5545 calendar: one all-day event per commitment on its deadline. The UID of
    a commitment's event never changes, and SEQUENCE follows its version, so a subscribed
    calendar moves the event when the deadline moves. Returns the number of events."""
    stamp = (now or utc_now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")

    def put(line: str) -> None:
        out.write(ics_fold(line))

    put("BEGIN:VCALENDAR")
    put("VERSION:2.0")
    put("PRODID:-//Senate committee secretariat//tracker//EN")
    put("CALSCALE:GREGORIAN")
    put("METHOD:PUBLISH")
    put(f"X-WR-CALNAME:{ics_text(name)}")
    n = 0
    for row in rows:
        if row.deadline is None:
            continue
        details = [
            f"Owner: {row.owner or NO_OWNER}",
            f"Status: {row.status}" + (f", confidence {row.confidence}" if row.confidence else ""),
            f"Theme: {row.theme}",
            f"Deadline: {row.deadline.isoformat()}"
            + (f" ({one_line(row.deadline_text)})" if row.deadline_text else ""),
        ]
        if row.excerpt:
            details.append(f"Source: {one_line(row.excerpt)}")
        details.append(f"tracker commitment #{row.id}")
        description = "\n".join(details)
        put("BEGIN:VEVENT")
        put(f"UID:commitment-{row.id}@tracker")
        put(f"DTSTAMP:{stamp}")
        put(f"SEQUENCE:{row.version}")
        put(f"DTSTART;VALUE=DATE:{row.deadline:%Y%m%d}")
        put(f"DTEND;VALUE=DATE:{row.deadline + timedelta(days=1):%Y%m%d}")
        put(f"SUMMARY:{ics_text('Due: ' + one_line(row.title))}")
        put(f"DESCRIPTION:{ics_text(description)}")
        put(f"CATEGORIES:{ics_text(row.theme)}")
        put("TRANSP:TRANSPARENT")
        put("END:VEVENT")
        n += 1
    put("END:VCALENDAR")
    return n


FORMATS: tuple[str, ...] = ("csv", "md", "json", "xlsx", "html")
# The format a file name asks for, by its suffix.
FORMAT_OF_SUFFIX = {
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
}
SUFFIXES = {
    ".csv": "csv",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
}


def write_report(
    session: Session,
    target: IO[str] | Path,
    *,
    fmt: str,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
) -> int:
    """Write the report in ``fmt`` to a text stream (or, for xlsx, a path); returns the rows.

    The one place that maps a format to its writer, for the command line and the TUI alike.
    """
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} (choose from: {', '.join(FORMATS)})")
    if fmt == "xlsx":
        if not isinstance(target, Path):
            raise UserError("an xlsx workbook cannot go to the terminal: give --output FILE.xlsx")
        return write_xlsx(build_report(session, scope=scope, as_of=as_of, group_by=group_by), target)
    if isinstance(target, Path):
        with target.open("w", encoding="utf-8", newline="") as out:
            return write_report(session, out, fmt=fmt, scope=scope, as_of=as_of, group_by=group_by)
    # CSV and JSON carry the rows alone: no header to count first.
    if fmt == "csv":
        return write_csv(session, target, scope=scope, as_of=as_of, group_by=group_by)
    if fmt == "json":
        return write_json(report_rows(session, scope=scope, as_of=as_of, group_by=group_by), target)
    report = build_report(session, scope=scope, as_of=as_of, group_by=group_by)
    return (write_markdown if fmt == "md" else write_html)(report, target)


def export_file(
    session: Session, path: Path, *, fmt: str, scope: Scope, as_of: date, group_by: GroupBy | None = None
) -> int:
    """Write the report to ``path`` whole or not at all (a .partial file renamed at the end)."""
    path = path.expanduser()
    if not path.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist")
    partial = path.with_name(path.name + ".partial")
    try:
        written = write_report(session, partial, fmt=fmt, scope=scope, as_of=as_of, group_by=group_by)
        partial.replace(path)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)
    return written
