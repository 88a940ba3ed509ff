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
import functools
import gc
import json
import math
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from tracker import commitments as svc
from tracker import search
from tracker.addresses import check_name
from tracker.clock import utc_now
from tracker.commitments import MAX_ID
from tracker.csvio import BOM, unneutralise
from tracker.dates import parse_day
from tracker.errors import UserError
from tracker.models import Commitment, Confidence, Kind, Status
from tracker.progress import ProgressFn
from tracker.store import insert_rows, sync_id_sequence
from tracker.themes import theme_slugs

# Columns tracker writes that are computed, not stored: accepted and ignored on import.
COMPUTED = frozenset(
    {
        "timeliness",
        "days_overdue",
        "briefing_date",
        "deadline_rule",
        "last_update_on",
        "last_update_by",
        "last_update_note",
        # A file's rows are records someone kept: stored accepted, whatever a list said of them.
        "review",
    }
)
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
        "since",
        "kind",
    }
)
MAX_FIELD = 100_000
# The largest CSV or JSON file read: room for a million commitments as `list --format csv`
# writes them (about 200 MB), while what a hostile file can make tracker hold stays bounded.
MAX_FILE_BYTES = 256 * 1024 * 1024
# The longest line of a CSV file: a row of long fields fits; a line of millions of cells,
# which the CSV reader would turn into a list of millions of strings, does not.
MAX_LINE = MAX_FIELD * 10
_csv_field_limit_set = False


@dataclass(slots=True)
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
    # The day the commitment was made; None: older data, there at every date.
    since: date | None
    # commitment or directive; a file without the column holds commitments.
    kind: str
    present: frozenset[str]
    # The identity of a row without an id (its title, theme and owner); set by read_rows.
    key: str | None = None


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
    """The file's text, refused unread when its size is over MAX_FILE_BYTES; a pipe, whose
    size is not known ahead, is read no further than that."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            raw = b"" if size > MAX_FILE_BYTES else f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise UserError(f"{path} is a folder, not a file") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied") from None
    if size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
        raise UserError(
            f"{path}: larger than {MAX_FILE_BYTES // 1024 // 1024} MB, the most tracker imports at once; "
            "split it into smaller files"
        )
    if b"\x00" in raw:
        raise UserError(f"{path}: not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from None
    return text.removeprefix(BOM)


def _bounded_lines(path: Path, text: str) -> Iterator[str]:
    """The lines of ``text`` with their endings, for the CSV reader, refused at the first one
    longer than MAX_LINE characters before it is copied (a StringIO would copy the whole
    text, at four bytes a character)."""
    size = len(text)
    # Lines end in \n (or \r\n); a file without one in its first line may use old Mac \r.
    ending = "\n" if text.find("\n", 0, MAX_LINE + 1) >= 0 or text.find("\r", 0, MAX_LINE + 1) < 0 else "\r"
    start, number = 0, 0
    while start < size:
        number += 1
        # Never searched further than one line may reach: the scan stays linear in the file.
        end = text.find(ending, start, start + MAX_LINE)
        if end >= 0:
            end += 1
        elif size - start <= MAX_LINE:
            end = size
        else:
            raise UserError(f"{path}: line {number} is longer than {MAX_LINE:,} characters; is it the right file?")
        yield text[start:end]
        start = end


CSV_DELIMITERS = (",", ";", "\t")
_QUOTED = re.compile(r'"[^"]*"')


def csv_delimiter(text: str) -> str:
    """The delimiter of a CSV file, told from its header line: whichever of comma, semicolon
    (what Excel writes where the decimal mark is a comma) and tab occurs most often outside
    quotes; a comma when none does or on a tie."""
    # Only the first line, and never more of it than a line may hold (MAX_LINE).
    end = text.find("\n", 0, MAX_LINE)
    header = _QUOTED.sub("", text[:MAX_LINE] if end == -1 else text[:end])
    counts = [header.count(d) for d in CSV_DELIMITERS]
    return CSV_DELIMITERS[counts.index(max(counts))]


def _csv_rows(path: Path, text: str) -> tuple[list[str], Iterator[list[tuple[int, list[str]]]]]:
    """The header's column names, and the data rows with their line numbers in batches.

    Blank rows are left out. The header is checked before any row is read.
    """
    global _csv_field_limit_set
    if not _csv_field_limit_set:
        csv.field_size_limit(MAX_FIELD * 10)
        _csv_field_limit_set = True
    reader = csv.reader(_bounded_lines(path, text), delimiter=csv_delimiter(text), strict=True)
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
    dupes = {n for n, times in Counter(names).items() if times > 1 and n}
    if dupes:
        raise UserError(f"{path}: column(s) {', '.join(sorted(dupes))} appear more than once")

    def batches() -> Iterator[list[tuple[int, list[str]]]]:
        batch: list[tuple[int, list[str]]] = []
        try:
            for values in reader:
                # One join instead of a strip per cell: blank when every cell is whitespace.
                if "".join(values).strip():
                    batch.append((reader.line_num, values))
                    if len(batch) == _BATCH:
                        yield batch
                        batch = []
        except csv.Error as exc:
            raise UserError(f"{path}: line {reader.line_num}: not readable as CSV ({exc})") from None
        if batch:
            yield batch

    return names, batches()


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
    # A CSV file with a NUL byte is refused whole; JSON can still spell one as \u0000, which
    # PostgreSQL cannot store in text at all.
    if "\x00" in text:
        raise ValueError(f"{name} contains a NUL character")
    # JSON can also spell a lone surrogate (\ud800), which is not a character and cannot be
    # stored as UTF-8.
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(f"{name} contains an invalid character (a lone surrogate)") from None
    return text


# One check per column, from a cell's text to its value; ValueError says what is wrong.
# The row-by-row path (_check_row) and the column-by-column path (_check_csv) share them.


def _title_cell(text: str) -> str:
    title = text.strip()
    if not title:
        raise ValueError("title is empty")
    return title


def _id_cell(text: str) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    # isdecimal, not isdigit: int() refuses digits such as "²" that isdigit accepts.
    if not raw.isdecimal() or len(raw) > 19 or not 0 < int(raw) <= MAX_ID:
        raise ValueError(f"id {raw[:30]!r} is not a whole number from 1 to {MAX_ID}")
    return int(raw)


def _theme_cell(text: str, slugs: frozenset[str]) -> str:
    theme = text.strip().lower() or "other"
    if theme not in slugs:
        raise ValueError(f"unknown theme {theme!r}")
    return theme


def _status_cell(text: str) -> str:
    raw = text.strip()
    if not raw:
        return str(Status.NOT_STARTED)
    try:
        return str(svc.parse_status(raw))
    except UserError as exc:
        raise ValueError(str(exc)) from None


def _deadline_cell(text: str) -> date | None:
    raw = text.strip()
    return parse_day(raw) if raw else None


def _since_cell(text: str) -> date | None:
    raw = text.strip()
    try:
        return parse_day(raw) if raw else None
    except ValueError as exc:
        raise ValueError(f"since: {exc}") from None


def _kind_cell(text: str) -> str:
    if not text.strip():
        return str(Kind.COMMITMENT)
    try:
        return str(svc.parse_kind(text))
    except UserError as exc:
        raise ValueError(str(exc)) from None


def _confidence_cell(text: str) -> str | None:
    try:
        confidence = svc.parse_confidence(text)
    except UserError as exc:
        raise ValueError(str(exc)) from None
    return str(confidence) if confidence else None


def _target_cell(raw: Any) -> float | None:
    if raw in (None, ""):
        return None
    try:
        target = float(str(raw).replace(",", ""))
    except ValueError:
        raise ValueError(f"target_value {str(raw)[:40]!r} is not a number") from None
    if not math.isfinite(target):
        raise ValueError("target_value must be a finite number")
    return target


def _version_cell(text: str) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    if not raw.isdecimal() or len(raw) > 19:
        raise ValueError(f"version {raw[:30]!r} is not a whole number")
    return int(raw)


def _email_cell(text: str) -> str | None:
    email = text.strip() or None
    if email:
        try:
            svc.check_emails(email)
        except UserError as exc:
            raise ValueError(str(exc)) from None
    return email


def _owner_cell(text: str) -> str:
    return check_name(text, "owner")


def _stripped(text: str) -> str:
    return text.strip()


def _stripped_or_none(text: str) -> str | None:
    return text.strip() or None


def _check_row(line: int, record: dict[str, Any], slugs: frozenset[str]) -> RowData:
    """One row (a CSV line as a dict of its cells, or a JSON object) checked; ValueError
    names the first thing wrong with it."""
    if "__error__" in record:
        raise ValueError(record["__error__"])

    def text(name: str) -> str:
        return _text(record.get(name), name)

    title = _title_cell(text("title"))
    row_id = _id_cell(text("id"))
    theme = _theme_cell(text("theme"), slugs)
    status = _status_cell(text("status"))
    deadline = _deadline_cell(text("deadline"))
    confidence = _confidence_cell(text("confidence"))
    target = _target_cell(record.get("target_value"))
    version = _version_cell(text("version"))
    since = _since_cell(text("since"))
    kind = _kind_cell(text("kind"))
    owner = _owner_cell(text("owner"))
    email = _email_cell(text("owner_email"))
    if email and not owner:
        raise ValueError("owner_email given without an owner")
    return RowData(
        line=line,
        id=row_id,
        title=title,
        theme=theme,
        owner=owner,
        status=status,
        deadline=deadline,
        description=text("description").strip(),
        confidence=confidence,
        target_value=target,
        target_unit=_stripped_or_none(text("target_unit")),
        deadline_text=_stripped_or_none(text("deadline_text")),
        owner_email=email,
        excerpt=_stripped_or_none(text("excerpt")),
        version=version,
        since=since,
        kind=kind,
        present=frozenset(k for k in record if k in KNOWN),
    )


_BAD = object()  # a cell the column check refused (or too long to check there)
_BATCH = 50_000  # CSV rows checked at a time: bounds the memory for raw cells


def _check_csv(names: list[str], batch: list[tuple[int, list[str]]], slugs: frozenset[str]) -> list[RowData | str]:
    """Check CSV rows a column at a time: each row's RowData, or what is wrong with it.

    A file repeats most of its values (a few themes, statuses, owners and deadlines), so each
    column is checked once per distinct value rather than once per cell; free text (title,
    description, excerpt, deadline text), whose cells mostly differ, is stripped a column at
    a time instead. Any row the column checks refuse, or that has too few cells, goes
    through ``_check_row``, which is the authority: it names the first problem exactly as a
    JSON item's would be named. A row that passes both paths comes out the same from either,
    since they share the cell checks.
    """
    width = len(names)
    results: list[RowData | str | None] = [None] * len(batch)
    full = [i for i, (_line, cells_of_row) in enumerate(batch) if len(cells_of_row) == width]
    for i, (_line, cells_of_row) in enumerate(batch):
        if len(cells_of_row) > width:
            results[i] = f"{len(cells_of_row)} cells but the header has {width}"
    cells: dict[str, Sequence[str]] = {}
    if full:
        for name, cells_of_column in zip(names, zip(*(batch[i][1] for i in full), strict=True), strict=True):
            if name in KNOWN:
                cells[name] = cells_of_column

    def one(raw: str, check: Callable[[str], Any]) -> Any:
        if len(raw) > MAX_FIELD:
            return _BAD
        try:
            return check(unneutralise(raw))
        except ValueError:
            return _BAD

    def checked(name: str, check: Callable[[str], Any]) -> list[Any]:
        column = cells.get(name)
        if column is None:  # not in the file: every row has the empty value
            return [one("", check)] * len(full)
        by_value = {raw: one(raw, check) for raw in set(column)}
        return list(map(by_value.__getitem__, column))

    def stripped(name: str, check: Callable[[str], Any], empty: Any) -> list[Any]:
        """``checked`` for a free-text column, whose check strips a cell and gives ``empty``
        when nothing is left: its cells mostly differ, so each is stripped in place instead
        of looked up. Only a cell that may carry a neutralising ``'``, or is too long, takes
        the full check."""
        column = cells.get(name)
        if column is None:
            return [one("", check)] * len(full)
        values = [raw.strip() or empty for raw in column]
        for k in [k for k, raw in enumerate(column) if raw[:1] == "'" or len(raw) > MAX_FIELD]:
            values[k] = one(column[k], check)
        return values

    columns = [
        checked("id", _id_cell),
        stripped("title", _title_cell, _BAD),
        checked("theme", functools.partial(_theme_cell, slugs=slugs)),
        checked("owner", _owner_cell),
        checked("status", _status_cell),
        checked("deadline", _deadline_cell),
        stripped("description", _stripped, ""),
        checked("confidence", _confidence_cell),
        checked("target_value", _target_cell),
        checked("target_unit", _stripped_or_none),
        stripped("deadline_text", _stripped_or_none, None),
        checked("owner_email", _email_cell),
        stripped("excerpt", _stripped_or_none, None),
        checked("version", _version_cell),
        checked("since", _since_cell),
        checked("kind", _kind_cell),
    ]
    refused: set[int] = set()
    for values in columns:
        if _BAD in values:
            refused.update(k for k, value in enumerate(values) if value is _BAD)
    if "owner_email" in cells:
        owners, emails = columns[3], columns[11]
        refused.update(k for k, (owner, email) in enumerate(zip(owners, emails, strict=True)) if email and not owner)

    # The columns are in RowData's field order, from id to present.
    columns.append([frozenset(n for n in names if n in KNOWN)] * len(full))
    for k, row_values in enumerate(zip(*columns, strict=True)):
        if k not in refused:
            results[full[k]] = RowData(batch[full[k]][0], *row_values)
    for i, result in enumerate(results):
        if result is None:
            line, raw_cells = batch[i]
            record = {n: unneutralise(v) for n, v in zip(names, raw_cells, strict=False) if n}
            results[i] = _row_or_problem(line, record, slugs)
    return [r for r in results if r is not None]


def _row_or_problem(line: int, record: dict[str, Any], slugs: frozenset[str]) -> RowData | str:
    try:
        return _check_row(line, record, slugs)
    except ValueError as exc:
        return str(exc)


@contextmanager
def _few_collections() -> Iterator[None]:
    """Hold off the cyclic garbage collector while many rows are built.

    A collection runs after every 700 new containers (lists, tuples, rows), and every so often
    walks all the live ones: that was half the time of reading 100,000 rows. Rows form no
    reference cycles, so it has nothing to find in them; it runs again as usual afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_rows(path: Path) -> list[RowData]:
    """Read and check every row of a CSV or JSON file; BadRows names each bad one."""
    with _few_collections():
        return _read_rows(path)


def _read_rows(path: Path) -> list[RowData]:
    text = _read_text(path)
    if not text or text.isspace():  # not strip(), which would copy a large file
        raise UserError(f"{path}: the file is empty")
    slugs = theme_slugs()
    checked: Iterator[tuple[int, RowData | str]]
    if path.suffix.lower() == ".json":
        label = "item"
        checked = ((line, _row_or_problem(line, record, slugs)) for line, record in _records_from_json(path, text))
    else:
        label = "line"
        names, batches = _csv_rows(path, text)
        checked = (
            (line, result)
            for batch in batches
            for (line, _), result in zip(batch, _check_csv(names, batch, slugs), strict=True)
        )
    rows: list[RowData] = []
    problems: list[str] = []
    seen_ids: dict[int, int] = {}
    seen_keys: dict[str, int] = {}
    for line, row in checked:
        if isinstance(row, str):
            problems.append(f"{label} {line}: {row}")
            continue
        if row.id is not None:
            if row.id in seen_ids:
                problems.append(f"{label} {line}: id {row.id} already on {label} {seen_ids[row.id]}")
                continue
            seen_ids[row.id] = line
        else:
            row.key = key = _fingerprint(row)
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


def _key(row: RowData) -> str:
    return row.key if row.key is not None else _fingerprint(row)


# The columns a new commitment is inserted with (an id too when the row has one); the others
# (briefing, baseline, source span) stay empty for a commitment that came from a file.
_NEW_COLUMNS = (
    "title",
    "description",
    "theme",
    "owner",
    "status",
    "base_status",
    "confidence",
    "base_confidence",
    "deadline",
    "base_deadline",
    "deadline_text",
    "deadline_rule",
    "target_value",
    "target_unit",
    "excerpt",
    "since",
    "kind",
    "fingerprint",
    "version",
    "created_at",
    "updated_at",
)


def _new_values(row: RowData, fingerprint: str, stamp: datetime) -> tuple[Any, ...]:
    """A new commitment's values, in the order of _NEW_COLUMNS."""
    return (
        row.title,
        row.description,
        row.theme,
        row.owner,
        row.status,
        row.status,
        row.confidence,
        row.confidence,
        row.deadline,
        row.deadline,
        row.deadline_text,
        "imported" if row.deadline else None,
        row.target_value,
        row.target_unit,
        row.excerpt,
        row.since,
        row.kind,
        fingerprint,
        1,
        stamp,
        stamp,
    )


_EDITABLE = (
    "title",
    "theme",
    "owner",
    "description",
    "target_value",
    "target_unit",
    "deadline_text",
    "excerpt",
    "since",
    "kind",
)


def import_rows(
    session: Session,
    rows: list[RowData],
    *,
    path: str,
    today: date,
    by: str | None = None,
    now: datetime | None = None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    """Write checked rows in the caller's transaction; raise BadRows (writing nothing) on
    a conflict with what is stored. ``progress`` hears (rows written, rows in all)."""
    with _few_collections():
        return _import_rows(session, rows, path=path, today=today, by=by, now=now, progress=progress)


# Rows inserted between two reports of progress, when someone watches.
_PROGRESS_STEP = 20_000


def _insert(
    session: Session,
    columns: Sequence[str],
    values: list[tuple[Any, ...]],
    progress: ProgressFn | None,
    done: int,
    total: int,
) -> int:
    """Insert new commitments, in steps when someone watches; returns the rows done."""
    table = Commitment.__table__  # type: ignore[attr-defined]
    step = _PROGRESS_STEP if progress is not None else max(len(values), 1)
    for start in range(0, len(values), step):
        chunk = values[start : start + step]
        insert_rows(session, table, columns, chunk)
        done += len(chunk)
        if progress is not None:
            progress(done, total)
    return done


def _import_rows(
    session: Session,
    rows: list[RowData],
    *,
    path: str,
    today: date,
    by: str | None,
    now: datetime | None,
    progress: ProgressFn | None = None,
) -> ImportReport:
    stamp = now or utc_now()
    report = ImportReport(path)
    ids = [r.id for r in rows if r.id is not None]
    existing: dict[int, Commitment] = {}
    for start in range(0, len(ids), 500):
        id_chunk = ids[start : start + 500]
        found = session.scalars(select(Commitment).where(col(Commitment.id).in_(id_chunk)))
        existing.update({c.id: c for c in found if c.id is not None})
    keys = {_key(r): r for r in rows if r.id is None}
    known_keys: dict[str, int] = {}
    key_list = list(keys)
    for start in range(0, len(key_list), 500):
        chunk = key_list[start : start + 500]
        stmt = select(col(Commitment.fingerprint), col(Commitment.id)).where(col(Commitment.fingerprint).in_(chunk))
        known_keys.update({fp: i for fp, i in session.execute(stmt) if i is not None})

    problems: list[str] = []
    with_ids: list[tuple[Any, ...]] = []
    without_ids: list[tuple[Any, ...]] = []
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
        if row.id is None:
            key = _key(row)
            if key in known_keys:
                report.unchanged.append(known_keys[key])
            else:
                without_ids.append(_new_values(row, key, stamp))
            continue
        # A row with an id is that commitment: its id, not its wording, is its identity (two
        # commitments may share a title).
        with_ids.append((row.id, *_new_values(row, svc.new_fingerprint("row-id", str(row.id)), stamp)))
    if problems:
        raise BadRows(path, problems)

    total, done = len(with_ids) + len(without_ids), 0
    with search.indexed_in_bulk(session, rows=total, ids=[values[0] for values in with_ids]):
        if with_ids:
            done = _insert(session, ("id", *_NEW_COLUMNS), with_ids, progress, done, total)
            report.created.extend(values[0] for values in with_ids)
            sync_id_sequence(session, "commitment")
        if without_ids:
            _insert(session, _NEW_COLUMNS, without_ids, progress, done, total)
            # Fingerprints are unique: they give back the ids the database chose.
            fingerprint_at = _NEW_COLUMNS.index("fingerprint")
            fps = [values[fingerprint_at] for values in without_ids]
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
