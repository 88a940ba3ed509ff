"""XLSX: an Excel workbook, written row by row by ``sheetml``, our own streaming writer.

Each row's XML is built in one string and compressed into the file as it goes, so a sheet of a
million rows never sits in memory. XlsxWriter (in its constant-memory mode) wrote the same
cells before at about five times the cost per row: see the README's Performance section.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any

from tracker.fiscal import Timeliness
from tracker.reports.model import (
    COLUMNS,
    MOVED_LABELS,
    MOVED_TITLE,
    MOVED_WIDTHS,
    GroupBy,
    ReportSource,
    RowsWritten,
    Scope,
    build_header,
    group_index,
    group_title,
    grouped_chunks,
    moved_deadlines,
    report_tuples,
    status_words,
    theme_label,
    timeliness_of,
    timeliness_words,
)
from tracker.reports.sheetml import (
    BOLD,
    DATE,
    NORMAL,
    RTL,
    WRAP,
    WRAP_RTL,
    Sheet,
    Workbook,
    excel_prefix,
    excel_serial,
    inline,
)
from tracker.text import mainly_rtl, one_line

# What Excel refuses in a sheet name, and what XML cannot carry (the name is an attribute).
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\\x00-\x1f\ufffe\uffff]")


def sheet_name(wanted: str, used: set[str]) -> str:
    """A valid, unused sheet name: at most 31 characters as Excel counts them (UTF-16 units:
    an emoji is two), none of ``[]:*?/\\``, neither starting nor ending with an apostrophe
    (Excel refuses both), however it is cut."""
    base = _SHEET_NAME_ILLEGAL.sub(" ", one_line(wanted)).strip(" '") or "Sheet"
    name = excel_prefix(base, 31).rstrip(" '")
    n = 2
    while name.casefold() in {u.casefold() for u in used} or name.casefold() == "history":
        suffix = f" ({n})"
        name = excel_prefix(base, 31 - len(suffix)).rstrip(" '") + suffix
        n += 1
    used.add(name)
    return name


def write_xlsx(
    session: ReportSource,
    target: Path | IO[bytes],
    *,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    progress: RowsWritten | None = None,
) -> int:
    """An Excel workbook: a sheet of rows (a sheet per group when grouped) with a frozen
    header row and an autofilter, and a Summary sheet. Dates are dates, numbers numbers,
    themes and statuses in words; text cells are strings, never formulas. Returns the
    number of rows."""
    header = build_header(session, scope=scope, as_of=as_of, group_by=group_by)
    workbook = Workbook(target)
    used: set[str] = {"Summary"}  # the sheets' names so far
    try:
        n = _write_sheets(
            session,
            workbook,
            used,
            header_message=header.empty_message,
            scope=scope,
            as_of=as_of,
            group_by=group_by,
            progress=progress,
        )
        _write_moved(session, workbook, used, as_of=as_of)
        _write_summary(workbook, header, empty=n == 0)
        workbook.close()
    except BaseException:
        workbook.abandon()
        raise
    return n


# The rows a sheet holds in Excel, its header included.
MAX_ROWS = 1_048_576
_WIDTHS = tuple(c.width for c in COLUMNS)
_LAST = len(COLUMNS) - 1


def _new_sheet(workbook: Workbook, title: str, used: set[str]) -> Sheet:
    sheet = workbook.add_sheet(sheet_name(title, used), _WIDTHS, freeze_header=True)
    sheet.row(1, ((c.label, BOLD) for c in COLUMNS))
    return sheet


def _write_sheets(
    session: ReportSource,
    workbook: Workbook,
    used: set[str],
    *,
    header_message: str,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None,
    progress: RowsWritten | None,
) -> int:
    """The sheets of rows (one per group when grouped); returns the number of rows."""
    # Words for the codes and the numbers for the dates, worked out once each (as the end of
    # a cell's XML): a sheet repeats a few codes and a few thousand dates.
    words: dict[tuple[Callable[[str], str], str], str] = {}
    days: dict[date, str] = {}

    def word(turn: Callable[[str], str], code: str) -> str:
        found = words.get((turn, code))
        if found is None:
            found = words[turn, code] = inline(turn(code))
        return found

    def day(value: date) -> str:
        found = days.get(value)
        if found is None:
            found = days[value] = f' s="{DATE}"><v>{excel_serial(value)}</v></c>'
        return found

    def text(value: str, style: int, rtl_style: int) -> str:
        return inline(value, rtl_style if mainly_rtl(value) else style)

    default_title = "Overdue" if scope is Scope.OVERDUE else "Commitments"
    every_row_overdue = scope is Scope.OVERDUE
    overdue = Timeliness.OVERDUE
    n = 0
    chunks = report_tuples(session, scope=scope, as_of=as_of, group_by=group_by)
    for group, rows in grouped_chunks(chunks, group_index(group_by)):
        title_of_group = group_title(group_by, group) if group_by is not None else default_title
        sheet = _new_sheet(workbook, title_of_group, used)
        r = 1
        batch: list[str] = []
        for (
            id_,
            title,
            theme,
            owner,
            status,
            confidence,
            deadline,
            last_on,
            last_by,
            last_note,
            excerpt,
            since,
            kind,
        ) in rows:
            if r == MAX_ROWS:  # a full sheet goes on in the next, "Overdue (2)"
                sheet.write("".join(batch))
                batch.clear()
                sheet.close(autofilter=(r, _LAST))
                sheet = _new_sheet(workbook, title_of_group, used)
                r = 1
            r += 1
            state = overdue if every_row_overdue else timeliness_of(deadline, status, as_of)
            # One string per row: the cells that hold something, in column order.
            batch.append(
                f'<row r="{r}"><c r="A{r}"><v>{id_}</v></c>'
                + (f'<c r="B{r}"{text(title, WRAP, WRAP_RTL)}' if title else "")
                + f'<c r="C{r}"{word(theme_label, theme)}'
                + (f'<c r="D{r}"{text(owner, NORMAL, RTL)}' if owner else "")
                + f'<c r="E{r}"{word(status_words, status)}'
                + (f'<c r="F{r}"{word(str, confidence)}' if confidence else "")
                + (
                    f'<c r="G{r}"{day(deadline)}'
                    + (f'<c r="H{r}"><v>{(as_of - deadline).days}</v></c>' if state is overdue else "")
                    if deadline is not None
                    else ""
                )
                + f'<c r="I{r}"{word(timeliness_words, state)}'
                + (f'<c r="J{r}"{day(last_on)}' if last_on is not None else "")
                + (f'<c r="K{r}"{text(last_by, NORMAL, RTL)}' if last_by else "")
                + (f'<c r="L{r}"{text(last_note, WRAP, WRAP_RTL)}' if last_note else "")
                + (f'<c r="M{r}"{text(excerpt, WRAP, WRAP_RTL)}' if excerpt else "")
                + (f'<c r="N{r}"{day(since)}' if since is not None else "")
                + f'<c r="O{r}"{word(str, kind)}</row>'
            )
            if len(batch) == 1000:
                sheet.write("".join(batch))
                batch.clear()
            n += 1
            if progress is not None and n % 5000 == 0:
                progress(n)
        sheet.write("".join(batch))
        sheet.close(autofilter=(r, _LAST))
    if n == 0:
        sheet = _new_sheet(workbook, default_title, used)
        sheet.row(2, [(header_message, BOLD)])
        sheet.close(autofilter=(1, _LAST))
    if progress is not None:
        progress(n)
    return n


def _write_moved(session: ReportSource, workbook: Workbook, used: set[str], *, as_of: date) -> None:
    """The "Deadlines moved" sheet, when some deadline had moved by ``as_of``."""
    moved: Sheet | None = None
    r = 1
    for row in moved_deadlines(session, as_of=as_of):
        if moved is None:
            moved = workbook.add_sheet(sheet_name(MOVED_TITLE, used), MOVED_WIDTHS, freeze_header=True)
            moved.row(1, ((label, BOLD) for label in MOVED_LABELS))
        r += 1
        id_, title, owner, times, days, sittings, first, deadline = row
        moved.row(
            r,
            [
                (id_, NORMAL),
                (title, WRAP_RTL if mainly_rtl(title) else WRAP),
                (owner or None, RTL if mainly_rtl(owner) else NORMAL),
                (times, NORMAL),
                (days, NORMAL),
                (sittings, NORMAL),
                (first, DATE),
                (deadline, DATE),
            ],
        )
    if moved is not None:
        moved.close(autofilter=(r, len(MOVED_LABELS) - 1))


def _write_summary(workbook: Workbook, header: Any, *, empty: bool) -> None:
    """The Summary sheet: the date, the briefings covered, the counts, each owner's."""
    summary = workbook.add_sheet("Summary", (45, 14, 10, 10))
    lines: list[list[Any]] = [[(header.title, BOLD)], ["As of", header.as_of]]
    if empty:
        lines.append([(header.empty_message, BOLD)])
    lines += [[], [("Briefings covered", BOLD), ("Sitting", BOLD)]]
    lines += [[b.title, b.date] for b in header.briefings] or [["none recorded"]]
    t = header.totals
    lines += [
        [],
        ["Overdue", t.overdue],
        ["Open (including the overdue)", t.open],
        ["Closed", t.closed],
        ["Total", t.total],
        [],
        [(h, BOLD) for h in ("Owner", "Overdue", "Open", "Closed")],
    ]
    lines += [[owner, c.overdue, c.open, c.closed] for owner, c in header.by_owner]
    for r, line in enumerate(lines, start=1):
        if line:
            summary.row(r, [cell if isinstance(cell, tuple) else (cell, _plain_style(cell)) for cell in line])
    summary.close()


def _plain_style(value: Any) -> int:
    """The style of a cell given without one: right to left for Urdu text."""
    return RTL if isinstance(value, str) and mainly_rtl(value) else NORMAL
