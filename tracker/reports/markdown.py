"""Markdown: the report for the committee's papers, ready to paste, in words."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import IO, Any

from tracker.reports.model import (
    MOVED_LABELS,
    MOVED_NUMERIC,
    MOVED_TITLE,
    NUMERIC_LABELS,
    GroupBy,
    ReportHeader,
    ReportSource,
    RowsWritten,
    Scope,
    as_date,
    build_header,
    date_reader,
    display_cells,
    display_labels,
    group_index,
    group_title,
    grouped_chunks,
    moved_deadlines,
    report_tuples,
    write_in_chunks,
)
from tracker.text import UNSAFE_TRANSLATION

# Controls and bidi overrides dropped, tabs as spaces, Markdown's markup characters escaped.
_MD_TRANSLATION = {**UNSAFE_TRANSLATION, ord("\t"): " ", **{ord(c): "\\" + c for c in "\\|<>[]`*"}}


def md_cell(value: Any) -> str:
    """Text for one Markdown table cell: ``|`` and markup escaped, line breaks as ``<br>``."""
    if value is None or value == "":
        return ""
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).translate(_MD_TRANSLATION)
    if "\n" not in text:
        return text.strip()
    return "<br>".join(line.strip() for line in text.split("\n"))


def _md_text(value: str) -> str:
    """``md_cell`` of a string (the one per-cell step a row's free text needs)."""
    text = value.translate(_MD_TRANSLATION)
    if "\n" not in text:
        return text.strip()
    return "<br>".join(line.strip() for line in text.split("\n"))


def md_rows(
    rows: Iterable[Sequence[Any]], *, scope: Scope, as_of: date, date_of: Callable[[Any], date | None] = as_date
) -> Iterator[str]:
    """Rows of ``REPORT_FIELDS`` as the lines of the Markdown table under ``display_labels``:
    each cell as ``md_cell`` writes it, built in one string per row (``display_cells``; dates
    as stored read through ``date_of``)."""
    cells = display_cells(
        rows, scope=scope, as_of=as_of, escape=md_cell, state_cell=lambda words: f" | {words}", date_of=date_of
    )
    for (
        id_,
        title,
        owner,
        last_on,
        last_by,
        last_note,
        excerpt,
        kind,
        theme,
        status,
        confidence,
        day,
        late,
        state,
    ) in cells:
        if last_on is None:
            last = ""
        else:
            last = f"{last_on}, {last_by or ''}"
            if last_note:
                last = f"{last}: {last_note}"
            last = _md_text(last)
        yield (
            f"| {id_} | {_md_text(title) if title else ''} | {kind} | {theme} | "
            f"{_md_text(owner) if owner else ''} | {status} | {confidence} | {day}{state} | "
            f"{late} | {last} | {_md_text(excerpt) if excerpt else ''} |\n"
        )


def counts_line(header: ReportHeader) -> str:
    """The totals in one line."""
    t = header.totals
    return f"Overdue: {t.overdue} · Open: {t.open} (including the overdue) · Closed: {t.closed} · Total: {t.total}"


def briefings_text(header: ReportHeader) -> list[str]:
    """Each briefing covered, with its sitting date."""
    return [f"{b.title} ({b.date.isoformat()})" for b in header.briefings]


def write_markdown(
    session: ReportSource,
    out: IO[str],
    *,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    progress: RowsWritten | None = None,
) -> int:
    """A Markdown document for the committee's papers: the header, then a table of rows
    (one table per group when grouped), streamed. Returns the number of rows."""
    header = build_header(session, scope=scope, as_of=as_of, group_by=group_by)
    out.write(f"# {md_cell(header.title)}\n\n")
    covered = briefings_text(header)
    out.write(f"- Briefings covered: {md_cell('; '.join(covered)) if covered else 'none recorded'}\n")
    out.write(f"- {counts_line(header)}\n\n")
    if header.by_owner:
        out.write("| Owner | Overdue | Open | Closed |\n|---|--:|--:|--:|\n")
        for owner, c in header.by_owner:
            out.write(f"| {md_cell(owner)} | {c.overdue} | {c.open} | {c.closed} |\n")
        out.write("\n")
    labels = display_labels(scope)
    table_head = (
        "| "
        + " | ".join(labels)
        + " |\n|"
        + "|".join("--:" if label in NUMERIC_LABELS else "---" for label in labels)
        + "|\n"
    )
    n = 0
    chunks = report_tuples(session, scope=scope, as_of=as_of, group_by=group_by, stored_dates=True)
    date_of = date_reader(session)
    for group, rows in grouped_chunks(chunks, group_index(group_by)):
        if group_by is not None:
            out.write(f"## {md_cell(str(group_by).capitalize())}: {md_cell(group_title(group_by, group))}\n\n")
        out.write(table_head)
        n = write_in_chunks(out, md_rows(rows, scope=scope, as_of=as_of, date_of=date_of), written=n, progress=progress)
        out.write("\n")
    if progress is not None:
        progress(n)
    if n == 0:
        out.write(f"**{md_cell(header.empty_message)}**\n")
    write_moved_markdown(session, out, as_of=as_of)
    return n


def write_moved_markdown(session: ReportSource, out: IO[str], *, as_of: date) -> None:
    """The "Deadlines moved" section: every commitment whose deadline had moved by ``as_of``,
    most moves first; nothing when none had."""
    head = (
        f"\n## {MOVED_TITLE}\n\n| "
        + " | ".join(MOVED_LABELS)
        + " |\n|"
        + "|".join("--:" if label in MOVED_NUMERIC else "---" for label in MOVED_LABELS)
        + "|\n"
    )
    lines = (
        ("" if i else head) + "| " + " | ".join(md_cell(v) for v in row) + " |\n"
        for i, row in enumerate(moved_deadlines(session, as_of=as_of))
    )
    write_in_chunks(out, lines, written=0, progress=None)
