"""Markdown: the report for the committee's papers, ready to paste, in words."""

from __future__ import annotations

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
    build_header,
    display_labels,
    display_rows,
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
    chunks = report_tuples(session, scope=scope, as_of=as_of, group_by=group_by)
    for group, rows in grouped_chunks(chunks, group_index(group_by)):
        if group_by is not None:
            out.write(f"## {md_cell(str(group_by).capitalize())}: {md_cell(group_title(group_by, group))}\n\n")
        out.write(table_head)
        lines = (
            "| " + " | ".join([md_cell(v) for v in cells]) + " |\n"
            for cells in display_rows(rows, scope=scope, as_of=as_of)
        )
        n = write_in_chunks(out, lines, written=n, progress=progress)
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
