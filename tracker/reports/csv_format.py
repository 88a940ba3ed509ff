"""CSV: the report's rows for a spreadsheet or a program, codes as stored."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from tracker import csvio
from tracker.fiscal import Timeliness
from tracker.reports.model import (
    COLUMNS,
    GroupBy,
    PerValue,
    ReportSource,
    RowsWritten,
    Scope,
    date_reader,
    report_tuples,
    timeliness_of,
)


def write_csv(
    session: ReportSource,
    out: IO[str],
    *,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    progress: RowsWritten | None = None,
) -> int:
    """The report's rows as CSV as tracker writes it (UTF-8 with a byte-order mark, formulas
    neutralised, the columns of ``COLUMNS``); returns the number of rows.

    At a million commitments the CSV export is the one that must keep pace with the sqlite3
    shell (see tests/test_reports_bench.py): every cell is converted inline, without a call
    per cell where a test of its first character will do.
    """
    formula_starts = (*csvio.FORMULA_STARTS, "'")
    neutralise = csvio.neutralise
    overdue = Timeliness.OVERDUE
    every_row_overdue = scope is Scope.OVERDUE
    # Dates come as stored (``stored_dates``): a report repeats a few thousand, so each
    # distinct one is checked, written as its ISO form (the very text stored, as a rule) and
    # its days overdue worked out once, and then looked up without a Python call per row.
    day_of = PerValue(date_reader(session))
    iso = PerValue(lambda stored: None if (day := day_of[stored]) is None else day.isoformat())
    late_by = PerValue(lambda stored: (as_of - day_of[stored]).days)

    def lines(chunk: Any) -> Iterator[tuple[Any, ...]]:
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
        ) in chunk:
            late: int | str
            if every_row_overdue:  # no need to ask
                state, late = overdue, late_by[deadline]
            else:
                state = timeliness_of(day_of[deadline], status, as_of)
                late = late_by[deadline] if state is overdue else ""
            # Text is neutralised only where it starts like a formula: one test a cell.
            yield (
                id_,
                neutralise(title) if title and title.startswith(formula_starts) else title,
                neutralise(theme) if theme and theme.startswith(formula_starts) else theme,
                neutralise(owner) if owner and owner.startswith(formula_starts) else owner,
                status,
                confidence,
                iso[deadline],
                late,
                state,
                iso[last_on],
                neutralise(last_by) if last_by and last_by.startswith(formula_starts) else last_by,
                neutralise(last_note) if last_note and last_note.startswith(formula_starts) else last_note,
                neutralise(excerpt) if excerpt and excerpt.startswith(formula_starts) else excerpt,
                iso[since],
                kind,
            )

    out.write(csvio.BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    written = 0
    for chunk in report_tuples(session, scope=scope, as_of=as_of, group_by=group_by, stored_dates=True):
        writer.writerows(lines(chunk))
        written += len(chunk)
        if progress is not None:
            progress(written)
    return written
