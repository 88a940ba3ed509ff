"""CSV: the report's rows for a spreadsheet or a program, codes as stored."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from sqlmodel import Session

from tracker import csvio
from tracker.fiscal import Timeliness
from tracker.reports.model import COLUMNS, GroupBy, RowsWritten, Scope, report_tuples, timeliness_of


def write_csv(
    session: Session,
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

    def text(value: str | None) -> str:
        if not value:
            return ""
        return neutralise(value) if value.startswith(formula_starts) else value

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
            if scope is Scope.OVERDUE:  # every row is overdue: no need to ask
                state, late = overdue, (as_of - deadline).days
            else:
                state = timeliness_of(deadline, status, as_of)
                late = (as_of - deadline).days if state is overdue else ""
            yield (
                id_,
                text(title),
                text(theme),
                text(owner),
                status,
                confidence or "",
                deadline.isoformat() if deadline else "",
                late,
                state,
                last_on.isoformat() if last_on else "",
                text(last_by),
                text(last_note),
                text(excerpt),
                since.isoformat() if since else "",
                kind,
            )

    out.write(csvio.BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    written = 0
    for chunk in report_tuples(session, scope=scope, as_of=as_of, group_by=group_by):
        writer.writerows(lines(chunk))
        written += len(chunk)
        if progress is not None:
            progress(written)
    return written
