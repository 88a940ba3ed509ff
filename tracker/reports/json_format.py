"""JSON: the report's rows as ``tracker list --format json`` prints them, codes as stored."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
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
            record = {
                "id": id_,
                "title": title,
                "theme": theme,
                "owner": owner,
                "kind": kind,
                "status": status,
                "confidence": confidence,
                "deadline": deadline.isoformat() if deadline else None,
                "deadline_text": deadline_text,
                "timeliness": str(state),
                "days_overdue": (as_of - deadline).days if deadline and state == "overdue" else None,
                "target_value": target_value,
                "target_unit": target_unit,
                "briefing_date": briefing_date.isoformat() if briefing_date else None,
                "since": since.isoformat() if since else None,
                "excerpt": excerpt,
                "version": version,
                "review": "accepted",  # a report holds accepted items only
                "description": description,
                "deadline_rule": deadline_rule,
            }
            parts.append(("\n  " if n == 0 else ",\n  ") + _ENCODE(record))
            n += 1
        out.write("".join(parts))
        if progress is not None:
            progress(n)
    out.write("\n]\n" if n else "]\n")
    return n
