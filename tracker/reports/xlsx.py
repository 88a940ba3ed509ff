"""XLSX: an Excel workbook, written row by row in XlsxWriter's constant-memory mode.

XlsxWriter was chosen over openpyxl's write-only mode by measurement: on the same 62,513
rows it wrote the sheet about four times as fast (see the README's Performance section),
and in constant-memory mode each row goes to a temporary file as soon as the next one
starts, so a sheet of a million rows never sits in memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any

from tracker import csvio
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
from tracker.text import mainly_rtl, one_line

# Characters XML 1.0 cannot hold: C0 controls but tab, LF and CR.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_ILLEGAL = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
EXCEL_CELL_LIMIT = 32_767
# Excel's day 0 in its 1900 date system.
_EXCEL_EPOCH = date(1899, 12, 31).toordinal()


_NEUTRALISE_STARTS = (*csvio.FORMULA_STARTS, "'")


def xlsx_text(value: str) -> str:
    """A text cell's value: neutralised like CSV, without what XML cannot carry."""
    if value.isprintable():  # most cells: no control character to drop, no line break to mend
        text = value
    else:
        # XML reads a carriage return back as a line feed: write the line feed it will be.
        text = _XML_ILLEGAL.sub("", value).replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith(_NEUTRALISE_STARTS):
        text = csvio.neutralise(text)
    return text if len(text) <= EXCEL_CELL_LIMIT else text[:EXCEL_CELL_LIMIT]


def excel_serial(day: date) -> float:
    """The number Excel stores for ``day`` in its 1900 date system (what XlsxWriter's
    ``write_datetime`` writes): days since 1899-12-31, plus one from March 1900 on, for the
    29 February 1900 that Excel counts and that never was."""
    serial = float(day.toordinal() - _EXCEL_EPOCH)
    return serial + 1 if serial > 59 else serial


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
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError
    from xlsxwriter.worksheet import Worksheet

    header = build_header(session, scope=scope, as_of=as_of, group_by=group_by)
    workbook = xlsxwriter.Workbook(
        str(target) if isinstance(target, Path) else target,
        # Strings stay strings: nothing a cell holds is read as a formula, a link or a number.
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = workbook.add_format({"bold": True})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    # Text mainly in Urdu reads from the right edge of its cell, as Excel does for a
    # right-to-left paragraph; the text itself is not changed.
    rtl = {"align": "right", "reading_order": 2}
    right = workbook.add_format(rtl)
    wrap_right = workbook.add_format({"text_wrap": True, "valign": "top", **rtl})
    used: set[str] = {"Summary"}
    last_column = len(COLUMNS) - 1

    def new_sheet(title: str) -> Worksheet:
        sheet = workbook.add_worksheet(sheet_name(title, used))
        sheet.freeze_panes(1, 0)
        for i, column in enumerate(COLUMNS):
            sheet.set_column(i, i, column.width)
            sheet.write_string(0, i, column.label, bold)
        return sheet

    # Words for the codes and Excel's numbers for the dates, worked out once each: a sheet
    # repeats a few codes and a few thousand dates, and XlsxWriter's own work per cell is
    # most of a workbook's cost, so a date goes to it as the number it would have made.
    words: dict[tuple[Callable[[str], str], str], str] = {}
    serials: dict[date, float] = {}

    def word(turn: Callable[[str], str], code: str) -> str:
        found = words.get((turn, code))
        if found is None:
            found = words[turn, code] = xlsx_text(turn(code))
        return found

    def serial(day: date) -> float:
        found = serials.get(day)
        if found is None:
            found = serials[day] = excel_serial(day)
        return found

    default_title = "Overdue" if scope is Scope.OVERDUE else "Commitments"
    every_row_overdue = scope is Scope.OVERDUE
    overdue = Timeliness.OVERDUE
    n = 0
    chunks = report_tuples(session, scope=scope, as_of=as_of, group_by=group_by)
    for group, rows in grouped_chunks(chunks, group_index(group_by)):
        sheet = new_sheet(group_title(group_by, group) if group_by is not None else default_title)
        # Bound once: at a million rows the lookups add up.
        string, number = sheet.write_string, sheet.write_number
        r = 0
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
            r += 1
            state = overdue if every_row_overdue else timeliness_of(deadline, status, as_of)
            number(r, 0, id_)
            if title:
                string(r, 1, xlsx_text(title), wrap_right if mainly_rtl(title) else wrap)
            string(r, 2, word(theme_label, theme))
            if owner:
                string(r, 3, xlsx_text(owner), right if mainly_rtl(owner) else None)
            string(r, 4, word(status_words, status))
            if confidence:
                string(r, 5, word(str, confidence))
            if deadline is not None:
                number(r, 6, serial(deadline), day)
                if state is overdue:
                    number(r, 7, (as_of - deadline).days)
            string(r, 8, word(timeliness_words, state))
            if last_on is not None:
                number(r, 9, serial(last_on), day)
            if last_by:
                string(r, 10, xlsx_text(last_by), right if mainly_rtl(last_by) else None)
            if last_note:
                string(r, 11, xlsx_text(last_note), wrap_right if mainly_rtl(last_note) else wrap)
            if excerpt:
                string(r, 12, xlsx_text(excerpt), wrap_right if mainly_rtl(excerpt) else wrap)
            if since is not None:
                number(r, 13, serial(since), day)
            string(r, 14, word(str, kind))
            n += 1
            if progress is not None and n % 5000 == 0:
                progress(n)
        sheet.autofilter(0, 0, r, last_column)
    if n == 0:
        sheet = new_sheet(default_title)
        sheet.write_string(1, 0, xlsx_text(header.empty_message), bold)
        sheet.autofilter(0, 0, 0, last_column)
    if progress is not None:
        progress(n)

    moved, moved_rows = None, 0
    for moved_rows, row in enumerate(moved_deadlines(session, as_of=as_of), start=1):
        r = moved_rows
        if moved is None:
            moved = workbook.add_worksheet(sheet_name(MOVED_TITLE, used))
            moved.freeze_panes(1, 0)
            for i, (label, width) in enumerate(zip(MOVED_LABELS, MOVED_WIDTHS, strict=True)):
                moved.set_column(i, i, width)
                moved.write_string(0, i, label, bold)
        id_, title, owner, times, days, sittings, first, deadline = row
        moved.write_number(r, 0, id_)
        moved.write_string(r, 1, xlsx_text(title), wrap_right if mainly_rtl(title) else wrap)
        if owner:
            moved.write_string(r, 2, xlsx_text(owner), right if mainly_rtl(owner) else None)
        moved.write_number(r, 3, times)
        moved.write_number(r, 4, days)
        moved.write_number(r, 5, sittings)
        if first is not None:
            moved.write_datetime(r, 6, first, day)
        if deadline is not None:
            moved.write_datetime(r, 7, deadline, day)
    if moved is not None:
        moved.autofilter(0, 0, moved_rows, len(MOVED_LABELS) - 1)

    summary = workbook.add_worksheet("Summary")
    summary.set_column(0, 0, 45)
    summary.set_column(1, 1, 14)
    summary.set_column(2, 3, 10)
    lines: list[list[Any]] = [[(header.title, bold)], ["As of", header.as_of]]
    if n == 0:
        lines.append([(header.empty_message, bold)])
    lines += [[], [("Briefings covered", bold), ("Sitting", bold)]]
    lines += [[b.title, b.date] for b in header.briefings] or [["none recorded"]]
    t = header.totals
    lines += [
        [],
        ["Overdue", t.overdue],
        ["Open (including the overdue)", t.open],
        ["Closed", t.closed],
        ["Total", t.total],
        [],
        [(h, bold) for h in ("Owner", "Overdue", "Open", "Closed")],
    ]
    lines += [[owner, c.overdue, c.open, c.closed] for owner, c in header.by_owner]
    for r, line in enumerate(lines):
        for c, cell in enumerate(line):
            value, fmt = cell if isinstance(cell, tuple) else (cell, None)
            if isinstance(value, str):
                summary.write_string(r, c, xlsx_text(value), right if fmt is None and mainly_rtl(value) else fmt)
            elif isinstance(value, date):
                summary.write_datetime(r, c, value, day)
            else:
                summary.write_number(r, c, value, fmt)
    try:
        workbook.close()
    except FileCreateError as exc:
        # The OSError it wraps (no such folder, disk full) says what went wrong.
        raise exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc)) from None
    return n
