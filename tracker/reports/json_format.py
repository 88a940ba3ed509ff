"""JSON: the report's rows as ``tracker list --format json`` prints them, codes as stored."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from json.encoder import encode_basestring
from typing import IO

from tracker.readmodels import CommitmentRow
from tracker.reports.model import GroupBy, ReportSource, RowsWritten, Scope, report_tuples, timeliness_of

# One encoder for every row: ``json.dumps`` with options builds a new one per call.
_ENCODE = json.JSONEncoder(ensure_ascii=False).encode

_FIELDS = (
    "id", "title", "theme", "owner", "status", "confidence", "deadline", "deadline_text",
    "target_value", "target_unit", "briefing_date", "excerpt", "version", "description", "deadline_rule",
    "since", "kind",
)  # fmt: skip


def write_json(rows: Iterable[CommitmentRow], out: IO[str]) -> int:
    """One JSON array of the fields DESIGN lists (as ``list --format json``), streamed."""
    out.write("[")
    n = 0
    for row in rows:
        out.write(",\n  " if n else "\n  ")
        out.write(_ENCODE(row.to_json()))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def write_json_report(
    session: ReportSource,
    out: IO[str],
    *,
    scope: Scope,
    as_of: date,
    group_by: GroupBy | None = None,
    progress: RowsWritten | None = None,
) -> int:
    """The report's rows as the JSON array ``write_json`` writes, streamed from plain tuples
    (no read model per row); returns the number of rows."""
    # Each record is built as the text ``_ENCODE`` makes of the dict ``CommitmentRow.to_json``
    # gives (the same keys in the same order, ", " and ": " between them): a dict and an
    # encoder's pass per row cost more than the rest of the export.
    text = encode_basestring  # what the encoder writes for a str when ensure_ascii is off

    def opt(value: str | None) -> str:
        return "null" if value is None else text(value)

    def day(value: date | None) -> str:
        return f'"{value.isoformat()}"' if value else "null"

    states: dict[str, str] = {}
    out.write("[")
    n = 0
    chunks = report_tuples(session, scope=scope, as_of=as_of, group_by=group_by, fields=_FIELDS, with_last_update=False)
    for chunk in chunks:
        parts = []
        for (
            id_, title, theme, owner, status, confidence, deadline, deadline_text,
            target_value, target_unit, briefing_date, excerpt, version, description, deadline_rule, since, kind,
        ) in chunk:  # fmt: skip
            state = timeliness_of(deadline, status, as_of)
            if (shown_state := states.get(state)) is None:
                shown_state = states[state] = text(str(state))
            late = (as_of - deadline).days if deadline and state == "overdue" else None
            parts.append(
                (",\n  " if n else "\n  ") + f'{{"id": {id_}, "title": {opt(title)}, "theme": {opt(theme)}, '
                f'"owner": {opt(owner)}, "kind": {opt(kind)}, "status": {opt(status)}, '
                f'"confidence": {opt(confidence)}, "deadline": {day(deadline)}, '
                f'"deadline_text": {opt(deadline_text)}, "timeliness": {shown_state}, '
                f'"days_overdue": {"null" if late is None else late}, '
                f'"target_value": {"null" if target_value is None else _ENCODE(target_value)}, '
                f'"target_unit": {opt(target_unit)}, "briefing_date": {day(briefing_date)}, '
                f'"since": {day(since)}, "excerpt": {opt(excerpt)}, "version": {_ENCODE(version)}, '
                f'"review": "accepted", "description": {opt(description)}, "deadline_rule": {opt(deadline_rule)}}}'
            )
            n += 1
        out.write("".join(parts))
        if progress is not None:
            progress(n)
    out.write("\n]\n" if n else "]\n")
    return n
