"""Importing commitments from CSV or JSON: all rows or none.

Every row is checked before anything is written; a file with bad rows imports nothing and
names every bad row with its line number. A row with an ``id`` updates that commitment if
it exists (its version, when given, must still be current) and otherwise creates it with
that id, so a file written by ``list --format csv`` recreates the same commitments in a
fresh database. A row without an id is matched by title, theme and owner: importing the
same file twice creates nothing the second time.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session, col

from tracker import commitments as svc
from tracker.csvio import BOM, unneutralise
from tracker.errors import UserError
from tracker.fiscal import parse_day, utc_now
from tracker.models import Commitment, Confidence, Status
from tracker.store import sync_id_sequence
from tracker.themes import theme_slugs

# Columns tracker writes that are computed, not stored: accepted and ignored on import.
COMPUTED = frozenset({"timeliness", "days_overdue", "briefing_date", "deadline_rule"})
KNOWN = frozenset(
    {
        "id",
        "title",
        "theme",
        "owner",
        "status",
        "deadline",
        "description",
        "confidence",
        "target_value",
        "target_unit",
        "deadline_text",
        "owner_email",
        "excerpt",
        "version",
    }
)
MAX_FIELD = 100_000
_csv_field_limit_set = False


@dataclass
class RowData:
    line: int
    id: int | None
    title: str
    theme: str
    owner: str
    status: str
    deadline: date | None
    description: str
    confidence: str | None
    target_value: float | None
    target_unit: str | None
    deadline_text: str | None
    owner_email: str | None
    excerpt: str | None
    version: int | None
    present: frozenset[str]


@dataclass
class ImportReport:
    path: str
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return (
            f"{self.path}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} already present"
        )


class BadRows(UserError):
    """A file with rows that cannot be imported; names each one."""

    def __init__(self, path: str, problems: list[str]) -> None:
        shown = problems[:20]
        more = f"; and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{path}: nothing imported: " + "; ".join(shown) + more)
        self.problems = problems


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied") from None
    if b"\x00" in raw:
        raise UserError(f"{path}: not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from None
    return text.removeprefix(BOM)


def _records_from_csv(path: Path, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    global _csv_field_limit_set
    if not _csv_field_limit_set:
        csv.field_size_limit(MAX_FIELD * 10)
        _csv_field_limit_set = True
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise UserError(f"{path}: the file is empty (a header row with at least 'title' is needed)") from None
    except csv.Error as exc:
        raise UserError(f"{path}: not a readable CSV file ({exc})") from None
    names = [h.strip().lower() for h in header]
    if "title" not in names:
        raise UserError(f"{path}: the header row has no 'title' column (found: {', '.join(names)[:200]})")
    unknown = [n for n in names if n and n not in KNOWN and n not in COMPUTED]
    if unknown:
        raise UserError(f"{path}: unknown column(s) {', '.join(unknown[:10])}; known: {', '.join(sorted(KNOWN))}")
    dupes = {n for n in names if names.count(n) > 1 and n}
    if dupes:
        raise UserError(f"{path}: column(s) {', '.join(sorted(dupes))} appear more than once")
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(names):
                yield line, {"__error__": f"{len(values)} cells but the header has {len(names)}"}
                continue
            yield line, {n: unneutralise(v) for n, v in zip(names, values, strict=False) if n}
    except csv.Error as exc:
        raise UserError(f"{path}: line {reader.line_num}: not readable as CSV ({exc})") from None


def _records_from_json(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise UserError(f"{path}: not valid JSON ({str(exc)[:120]})") from None
    if isinstance(data, dict) and isinstance(data.get("commitments"), list):
        data = data["commitments"]
    if not isinstance(data, list):
        raise UserError(f"{path}: expected a JSON array of commitments")
    for i, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            yield i, {"__error__": "not an object"}
            continue
        unknown = [k for k in item if k not in KNOWN and k not in COMPUTED]
        if unknown:
            yield i, {"__error__": f"unknown field(s) {', '.join(map(str, unknown[:5]))}"}
            continue
        yield i, item


def _text(value: Any, name: str, *, limit: int = MAX_FIELD) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"{name} must be text")
    text = str(value)
    if len(text) > limit:
        raise ValueError(f"{name} is longer than {limit} characters")
    return text


def _check_row(line: int, record: dict[str, Any], slugs: frozenset[str]) -> RowData:
    if "__error__" in record:
        raise ValueError(record["__error__"])
    title = _text(record.get("title"), "title").strip()
    if not title:
        raise ValueError("title is empty")
    raw_id = _text(record.get("id"), "id").strip()
    row_id = None
    if raw_id:
        if not raw_id.isdigit() or int(raw_id) <= 0:
            raise ValueError(f"id {raw_id!r} is not a positive whole number")
        row_id = int(raw_id)
    theme = _text(record.get("theme"), "theme").strip().lower() or "other"
    if theme not in slugs:
        raise ValueError(f"unknown theme {theme!r}")
    status_text = _text(record.get("status"), "status").strip()
    status = Status.NOT_STARTED
    if status_text:
        try:
            status = svc.parse_status(status_text)
        except UserError as exc:
            raise ValueError(str(exc)) from None
    deadline_raw = _text(record.get("deadline"), "deadline").strip()
    deadline = parse_day(deadline_raw) if deadline_raw else None
    confidence_raw = _text(record.get("confidence"), "confidence")
    try:
        confidence: Confidence | None = svc.parse_confidence(confidence_raw)
    except UserError as exc:
        raise ValueError(str(exc)) from None
    target_raw = record.get("target_value")
    target: float | None = None
    if target_raw not in (None, ""):
        try:
            target = float(str(target_raw).replace(",", ""))
        except ValueError:
            raise ValueError(f"target_value {str(target_raw)[:40]!r} is not a number") from None
        if not math.isfinite(target):
            raise ValueError("target_value must be a finite number")
    version_raw = _text(record.get("version"), "version").strip()
    version = None
    if version_raw:
        if not version_raw.isdigit():
            raise ValueError(f"version {version_raw!r} is not a whole number")
        version = int(version_raw)
    email = _text(record.get("owner_email"), "owner_email").strip() or None
    owner = _text(record.get("owner"), "owner").strip()
    if email:
        try:
            svc.check_emails(email)
        except UserError as exc:
            raise ValueError(str(exc)) from None
        if not owner:
            raise ValueError("owner_email given without an owner")
    return RowData(
        line=line,
        id=row_id,
        title=title,
        theme=theme,
        owner=owner,
        status=str(status),
        deadline=deadline,
        description=_text(record.get("description"), "description").strip(),
        confidence=str(confidence) if confidence else None,
        target_value=target,
        target_unit=_text(record.get("target_unit"), "target_unit").strip() or None,
        deadline_text=_text(record.get("deadline_text"), "deadline_text").strip() or None,
        owner_email=email,
        excerpt=_text(record.get("excerpt"), "excerpt").strip() or None,
        version=version,
        present=frozenset(k for k in record if k in KNOWN),
    )


def read_rows(path: Path) -> list[RowData]:
    """Read and check every row of a CSV or JSON file; BadRows names each bad one."""
    text = _read_text(path)
    if not text.strip():
        raise UserError(f"{path}: the file is empty")
    records = _records_from_json(path, text) if path.suffix.lower() == ".json" else _records_from_csv(path, text)
    label = "item" if path.suffix.lower() == ".json" else "line"
    slugs = theme_slugs()
    rows: list[RowData] = []
    problems: list[str] = []
    seen_ids: dict[int, int] = {}
    seen_keys: dict[str, int] = {}
    for line, record in records:
        try:
            row = _check_row(line, record, slugs)
        except ValueError as exc:
            problems.append(f"{label} {line}: {exc}")
            continue
        if row.id is not None:
            if row.id in seen_ids:
                problems.append(f"{label} {line}: id {row.id} already on {label} {seen_ids[row.id]}")
                continue
            seen_ids[row.id] = line
        else:
            key = _fingerprint(row)
            if key in seen_keys:
                problems.append(f"{label} {line}: repeats {label} {seen_keys[key]} (same title, theme and owner)")
                continue
            seen_keys[key] = line
        rows.append(row)
    if problems:
        raise BadRows(str(path), problems)
    if not rows:
        raise UserError(f"{path}: no commitments in the file")
    return rows


def _fingerprint(row: RowData) -> str:
    return svc.new_fingerprint("row", row.title, row.theme, row.owner)


_EDITABLE = ("title", "theme", "owner", "description", "target_value", "target_unit", "deadline_text", "excerpt")


def import_rows(
    session: Session,
    rows: list[RowData],
    *,
    path: str,
    today: date,
    by: str | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Write checked rows in the caller's transaction; raise BadRows (writing nothing) on
    a conflict with what is stored."""
    stamp = now or utc_now()
    report = ImportReport(path)
    ids = [r.id for r in rows if r.id is not None]
    existing: dict[int, Commitment] = {}
    for start in range(0, len(ids), 500):
        id_chunk = ids[start : start + 500]
        found = session.scalars(select(Commitment).where(col(Commitment.id).in_(id_chunk)))
        existing.update({c.id: c for c in found if c.id is not None})
    keys = {_fingerprint(r): r for r in rows if r.id is None}
    known_keys: dict[str, int] = {}
    key_list = list(keys)
    for start in range(0, len(key_list), 500):
        chunk = key_list[start : start + 500]
        stmt = select(col(Commitment.fingerprint), col(Commitment.id)).where(col(Commitment.fingerprint).in_(chunk))
        known_keys.update({fp: i for fp, i in session.execute(stmt) if i is not None})

    problems: list[str] = []
    new_rows: list[dict[str, Any]] = []
    updates: list[tuple[RowData, Commitment]] = []
    for row in rows:
        if row.id is not None and row.id in existing:
            current = existing[row.id]
            if row.version is not None and row.version != current.version and _differs(row, current):
                problems.append(
                    f"line {row.line}: commitment {row.id} was changed since this file was written "
                    f"(version {current.version}, the file has {row.version})"
                )
                continue
            updates.append((row, current))
            continue
        if row.id is None and _fingerprint(row) in known_keys:
            report.unchanged.append(known_keys[_fingerprint(row)])
            continue
        # A row with an id is that commitment: its id, not its wording, is its identity (two
        # commitments may share a title).
        fingerprint = _fingerprint(row) if row.id is None else svc.new_fingerprint("row-id", str(row.id))
        new_rows.append(
            {
                "id": row.id,
                "briefing_id": None,
                "title": row.title,
                "description": row.description,
                "theme": row.theme,
                "owner": row.owner,
                "status": row.status,
                "base_status": row.status,
                "confidence": row.confidence,
                "base_confidence": row.confidence,
                "deadline": row.deadline,
                "base_deadline": row.deadline,
                "deadline_text": row.deadline_text,
                "deadline_rule": "imported" if row.deadline else None,
                "target_value": row.target_value,
                "target_unit": row.target_unit,
                "baseline": None,
                "span_start": None,
                "span_end": None,
                "excerpt": row.excerpt,
                "fingerprint": fingerprint,
                "version": 1,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
    if problems:
        raise BadRows(path, problems)

    with_ids = [r for r in new_rows if r["id"] is not None]
    without_ids = [{k: v for k, v in r.items() if k != "id"} for r in new_rows if r["id"] is None]
    table = Commitment.__table__  # type: ignore[attr-defined]
    connection = session.connection()
    if with_ids:
        connection.execute(insert(table), with_ids)
        report.created.extend(r["id"] for r in with_ids)
        sync_id_sequence(session, "commitment")
    if without_ids:
        connection.execute(insert(table), without_ids)
        # Fingerprints are unique: they give back the ids the database chose.
        fps = [r["fingerprint"] for r in without_ids]
        for start in range(0, len(fps), 500):
            chunk = fps[start : start + 500]
            id_stmt = select(col(Commitment.id)).where(col(Commitment.fingerprint).in_(chunk))
            report.created.extend(i for i in session.execute(id_stmt).scalars() if i is not None)

    for row, current in updates:
        if _apply(session, row, current, today=today, by=by, path=path):
            report.updated.append(row.id or 0)
        else:
            report.unchanged.append(row.id or 0)

    for row in rows:
        if row.owner_email:
            svc.add_owner_email(session, row.owner, row.owner_email)
    return report


def _differs(row: RowData, current: Commitment) -> bool:
    for name in _EDITABLE:
        if name in row.present and getattr(row, name) != getattr(current, name):
            return True
    return (
        ("status" in row.present and row.status != current.status)
        or ("deadline" in row.present and row.deadline != current.deadline)
        or ("confidence" in row.present and row.confidence != current.confidence)
    )


def _apply(session: Session, row: RowData, current: Commitment, *, today: date, by: str | None, path: str) -> bool:
    """Bring an existing commitment in line with a row; False when nothing differs."""
    if not _differs(row, current):
        return False
    for name in _EDITABLE:
        if name in row.present:
            setattr(current, name, getattr(row, name))
    state_changed = (
        ("status" in row.present and row.status != current.status)
        or ("deadline" in row.present and row.deadline != current.deadline)
        or ("confidence" in row.present and row.confidence != current.confidence)
    )
    if state_changed:
        svc.update_commitment(
            session,
            current.id or 0,
            today=today,
            status=Status(row.status) if "status" in row.present else None,
            deadline=row.deadline if "deadline" in row.present else svc.UNSET,
            confidence=Confidence(row.confidence)
            if row.confidence
            else (None if "confidence" in row.present else svc.UNSET),
            note=f"imported from {Path(path).name}",
            by=by,
        )
    else:
        current.updated_at = utc_now()
        session.flush()
    return True
