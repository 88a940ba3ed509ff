"""Benchmarks: tracker's bulk commands beside a baseline measured in the same run.

``python -m tracker.bench [--sizes 10000,100000,1000000] [--repeat 3]`` builds (once, cached
under ``/tmp/tracker-bench`` or ``TRACKER_BENCH_DIR``, keyed by size) a database of N synthetic
commitments with ``tracker demo``, then times, in fresh processes and alternately with its
baseline, each command a user runs on data of that size:

- ``tracker import`` of the CSV that ``tracker list --format csv`` wrote, into a fresh database,
  against the sqlite3 shell's ``.import`` of the same file into a bare table (goal: 4x). The
  shell also inserts the same rows into tracker's own schema (its five indexes, unique
  fingerprint and checks): that is the floor for any program writing them.
- ``tracker export overdue --format csv`` against the shell's query to CSV (goal: 3x).
- ``tracker remind --dry-run`` and ``tracker list --overdue --format json`` against the shell
  reading the same rows.
- process start to the first line of ``tracker list --limit 20`` against
  ``python -c 'import sqlmodel'`` (goal: within 0.15 s); ``-X importtime`` proves Textual is
  not imported on that path.

The machines are noisy: read the ratios, which are measured side by side, not absolute times.
The table is Markdown, ready for the README. Headless: nothing here imports Textual.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
OPEN = "('not_started', 'in_progress', 'stalled')"
IMPORT_GOAL = 4.0
EXPORT_GOAL = 3.0
START_GOAL_S = 0.15


def cache_dir() -> Path:
    from tracker.settings import BenchSettings, read

    return read(BenchSettings).cache


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env.setdefault("TRACKER_SMTP_FROM", "secretariat@senate.example.gov.pk")
    return env


def compile_tracker() -> None:
    """Write tracker's bytecode, as ``pip install`` does, before anything is measured.

    With ``PYTHONDONTWRITEBYTECODE`` set (some machines set it) an editable install never
    writes it, and every measured process would compile tracker's modules again (0.03 s for
    the generated SQL alone): a cost no installed tracker pays. Python reads bytecode that is
    there whatever the variable says. Quiet when the folder cannot be written.
    """
    import compileall

    compileall.compile_dir(Path(__file__).resolve().parent, quiet=2)


def _tracker(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "tracker", "--db", str(db), *args]


def _office_today() -> date:
    from tracker.clock import today

    return today()


def _schema_head() -> str:
    from tracker.store import SCHEMA_HEAD

    return SCHEMA_HEAD


def _revision(db: Path) -> str | None:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def demo_database(count: int, *, cache: Path | None = None, log: Callable[[str], None] | None = None) -> Path:
    """A database of ``count`` synthetic commitments (``tracker demo``), built once and cached.

    A cached file with an older schema is rebuilt.
    """
    folder = cache or cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"demo-{count}.db"
    if path.exists() and _revision(path) == _schema_head():
        return path
    partial = folder / f"demo-{count}.db.partial"
    for stale in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run(_tracker(partial, "demo", "--count", str(count)), check=True, env=_env(), stdout=subprocess.DEVNULL)
    conn = sqlite3.connect(partial)
    try:  # fold the WAL in: the cached file stands alone (the last close removes -wal and -shm)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    partial.replace(path)
    if log:
        log(f"built {path} in {time.perf_counter() - started:.1f} s")
    return path


def demo_csv(db: Path) -> Path:
    """What ``tracker list --format csv`` writes for the demo database, cached beside it."""
    path = db.with_suffix(".csv")
    if path.exists() and path.stat().st_mtime >= db.stat().st_mtime:
        return path
    partial = path.with_name(path.name + ".partial")
    with partial.open("wb") as out:
        subprocess.run(_tracker(db, "list", "--format", "csv"), check=True, env=_env(), stdout=out)
    partial.replace(path)
    return path


def shell_query(as_of: date) -> str:
    """The overdue report's query as SQL for the sqlite3 shell: the same rows, columns and order."""
    d = as_of.isoformat()
    last = (
        "(SELECT s.{col} FROM statuschange s WHERE s.commitment_id = c.id AND s.effective_on <= '{d}' "
        "ORDER BY s.effective_on DESC, s.id DESC LIMIT 1)"
    )
    return (
        "SELECT c.id, c.title, c.theme, c.owner, c.status, c.confidence, c.deadline, "
        f"CAST(julianday('{d}') - julianday(c.deadline) AS INTEGER) AS days_overdue, 'overdue' AS timeliness, "
        f"{last.format(col='effective_on', d=d)} AS last_update_on, "
        f"{last.format(col='by', d=d)} AS last_update_by, "
        f"{last.format(col='note', d=d)} AS last_update_note, "
        "c.excerpt, c.since, c.kind FROM commitment c "
        f"WHERE c.status IN {OPEN} AND c.deadline < '{d}' "
        "ORDER BY c.deadline, c.id"
    )


def _overdue_json_query(as_of: date) -> str:
    """What ``list --overdue --format json`` reads, as SQL for the shell's JSON output."""
    d = as_of.isoformat()
    return (
        "SELECT c.id, c.title, c.theme, c.owner, c.status, c.confidence, c.deadline, c.deadline_text, "
        f"'overdue' AS timeliness, CAST(julianday('{d}') - julianday(c.deadline) AS INTEGER) AS days_overdue, "
        "c.target_value, c.target_unit, b.date AS briefing_date, c.excerpt, c.version "
        "FROM commitment c LEFT JOIN briefing b ON b.id = c.briefing_id "
        f"WHERE c.status IN {OPEN} AND c.deadline < '{d}' ORDER BY c.deadline, c.id"
    )


def _reminder_query(as_of: date) -> str:
    """The rows a reminder run plans from: open, due within 30 days or overdue, by owner."""
    horizon = (as_of + timedelta(days=30)).isoformat()
    return (
        "SELECT c.owner, c.deadline, c.id, c.title, c.status FROM commitment c "
        f"WHERE c.status IN {OPEN} AND c.deadline IS NOT NULL AND c.deadline <= '{horizon}' "
        "ORDER BY c.owner, c.deadline"
    )


def _floor_script(csv_path: Path, header: Sequence[str]) -> str:
    """sqlite3 shell commands inserting the CSV's rows into tracker's schema, as import does.

    Fingerprints are random, like the hashes tracker stores, so the unique index is written in
    the same scattered order.
    """
    columns = ", ".join(f'"{name}"' for name in header)
    stamp = "'2026-01-01 00:00:00.000000'"
    return "\n".join(
        [
            f"CREATE TEMP TABLE raw ({columns});",
            f".import --csv --skip 1 --schema temp '{csv_path}' raw",
            "BEGIN IMMEDIATE;",
            "INSERT INTO commitment (id, title, description, theme, owner, status, base_status, confidence, "
            "base_confidence, deadline, base_deadline, deadline_text, deadline_rule, target_value, target_unit, "
            "excerpt, fingerprint, version, created_at, updated_at) "
            "SELECT CAST(id AS INTEGER), title, description, theme, owner, status, status, NULLIF(confidence, ''), "
            "NULLIF(confidence, ''), NULLIF(deadline, ''), NULLIF(deadline, ''), NULLIF(deadline_text, ''), "
            "CASE WHEN deadline = '' THEN NULL ELSE 'imported' END, CAST(NULLIF(target_value, '') AS REAL), "
            "NULLIF(target_unit, ''), NULLIF(excerpt, ''), 'row-id:' || lower(hex(randomblob(32))), 1, "
            f"{stamp}, {stamp} FROM temp.raw;",
            "COMMIT;",
        ]
    )


def timed(command: Sequence[str], *, stdout: Path | None = None, stdin: str | None = None) -> float:
    """Wall time of one whole process; a failure stops the benchmark."""
    started = time.perf_counter()
    if stdout is None:
        subprocess.run(command, check=True, env=_env(), stdout=subprocess.DEVNULL, input=stdin, text=True)
    else:
        with stdout.open("w", encoding="utf-8") as out:
            subprocess.run(command, check=True, env=_env(), stdout=out, input=stdin, text=True)
    return time.perf_counter() - started


def first_output(command: Sequence[str]) -> float:
    """Seconds from starting ``command`` to its first line on stdout."""
    started = time.perf_counter()
    with subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        assert process.stdout is not None
        process.stdout.readline()
        elapsed = time.perf_counter() - started
        process.stdout.read()
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, list(command))
    return elapsed


def imported_modules(command: Sequence[str]) -> set[str]:
    """Top-level names of every module ``command`` (a ``python -m ...`` line) imports."""
    traced = [command[0], "-X", "importtime", *command[1:]]
    result = subprocess.run(traced, check=True, env=_env(), capture_output=True, text=True)
    names = set()
    for line in result.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names


@dataclass
class Line:
    """One row of the table: tracker's median beside its baseline's."""

    rows: int
    what: str
    ours: list[float]
    baseline: str
    theirs: list[float]
    goal: str = ""
    met: bool | None = None

    @property
    def ours_s(self) -> float:
        return statistics.median(self.ours)

    @property
    def theirs_s(self) -> float:
        return statistics.median(self.theirs)

    @property
    def ratio(self) -> float:
        return self.ours_s / self.theirs_s if self.theirs_s > 0 else float("inf")


def _alternate(
    repeat: int, ours: Callable[[int], float], theirs: Callable[[int], float]
) -> tuple[list[float], list[float]]:
    """Run both ``repeat`` times, alternately, so load on the machine falls on both alike."""
    a: list[float] = []
    b: list[float] = []
    for i in range(repeat):
        b.append(theirs(i))
        a.append(ours(i))
    return a, b


def _fresh_copy(template: Path, target: Path) -> Path:
    for stale in (target, Path(f"{target}-wal"), Path(f"{target}-shm")):
        stale.unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def _count(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM commitment").fetchone()[0])
    finally:
        conn.close()


def _csv_rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def measure(count: int, *, repeat: int, shell: str, work: Path, cache: Path, log: Callable[[str], None]) -> list[Line]:
    """Every figure for a database of ``count`` commitments."""
    db = demo_database(count, cache=cache, log=log)
    source = demo_csv(db)
    as_of = _office_today()
    with source.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f))
    lines: list[Line] = []

    log(f"{count:,}: import")
    template = work / "empty.db"
    if not template.exists():
        subprocess.run(_tracker(template, "init"), check=True, env=_env(), stdout=subprocess.DEVNULL)
    target = work / "import.db"

    def our_import(_i: int) -> float:
        elapsed = timed(_tracker(_fresh_copy(template, target), "import", str(source)))
        if _count(target) != count:
            raise RuntimeError(f"tracker import wrote {_count(target)} of {count} rows")
        return elapsed

    def shell_import(i: int) -> float:
        raw = work / f"raw{i}.db"
        raw.unlink(missing_ok=True)
        return timed([shell, str(raw), f".import --csv '{source}' raw"])

    ours, theirs = _alternate(repeat, our_import, shell_import)
    goal = f"<= {IMPORT_GOAL:.0f}x"
    line = Line(count, "CSV import into a fresh db", ours, "sqlite3 `.import` (bare table)", theirs, goal)
    line.met = line.ratio <= IMPORT_GOAL
    lines.append(line)
    script = _floor_script(source, header)
    floor = [timed([shell, str(_fresh_copy(template, work / "floor.db"))], stdin=script) for _ in range(repeat)]
    if _count(work / "floor.db") != count:
        raise RuntimeError("the sqlite3 shell's insert into tracker's schema lost rows")
    lines.append(Line(count, "CSV import (the same runs)", ours, "sqlite3 into tracker's schema", floor))

    log(f"{count:,}: export overdue")
    ours_csv, theirs_csv = work / "tracker.csv", work / "shell.csv"
    export = _tracker(
        db, "export", "overdue", "--as-of", as_of.isoformat(), "--format", "csv", "--output", str(ours_csv)
    )
    query = [shell, "-csv", "-header", str(db), shell_query(as_of)]
    ours, theirs = _alternate(repeat, lambda _i: timed(export), lambda _i: timed(query, stdout=theirs_csv))
    if _csv_rows(ours_csv) != _csv_rows(theirs_csv):
        raise RuntimeError("tracker and the sqlite3 shell found different overdue rows")
    line = Line(
        count, "export overdue --format csv", ours, "sqlite3 -csv, same query", theirs, f"<= {EXPORT_GOAL:.0f}x"
    )
    line.met = line.ratio <= EXPORT_GOAL
    lines.append(line)

    log(f"{count:,}: remind --dry-run")
    remind = _tracker(db, "remind", "--dry-run", "--as-of", as_of.isoformat())
    query = [shell, str(db), _reminder_query(as_of)]
    ours, theirs = _alternate(repeat, lambda _i: timed(remind), lambda _i: timed(query))
    lines.append(Line(count, "remind --dry-run", ours, "sqlite3, due and overdue rows by owner", theirs))

    log(f"{count:,}: list --overdue --format json")
    listing = _tracker(db, "list", "--overdue", "--as-of", as_of.isoformat(), "--format", "json")
    query = [shell, "-json", str(db), _overdue_json_query(as_of)]
    ours, theirs = _alternate(repeat, lambda _i: timed(listing), lambda _i: timed(query))
    lines.append(Line(count, "list --overdue --format json", ours, "sqlite3 -json, same rows", theirs))

    log(f"{count:,}: start-up")
    first = _tracker(db, "list", "--limit", "20")
    bare = [sys.executable, "-c", "import sqlmodel"]
    ours, theirs = _alternate(repeat, lambda _i: first_output(first), lambda _i: timed(bare))
    line = Line(count, "start to first line of list --limit 20", ours, "python -c 'import sqlmodel'", theirs)
    line.goal = f"within {START_GOAL_S:.2f} s"
    line.met = line.ours_s - line.theirs_s <= START_GOAL_S
    lines.append(line)
    return lines


def _seconds(value: float) -> str:
    return f"{value:.3f} s" if value < 1 else f"{value:.2f} s"


def table(lines: Sequence[Line]) -> str:
    """The figures as a Markdown table."""
    out = [
        "| rows | tracker | median | baseline | median | ratio | goal |",
        "|---:|---|---:|---|---:|---:|---|",
    ]
    for line in lines:
        if line.goal.startswith("within"):
            ratio = f"{line.ours_s - line.theirs_s:+.2f} s"
        else:
            ratio = f"{line.ratio:.1f}x"
        goal = f"{line.goal} {'met' if line.met else 'missed'}" if line.goal else ""
        out.append(
            f"| {line.rows:,} | {line.what} | {_seconds(line.ours_s)} | {line.baseline} | "
            f"{_seconds(line.theirs_s)} | {ratio} | {goal} |"
        )
    return "\n".join(out)


def machine() -> str:
    """What the figures were measured on."""
    import sqlalchemy
    import sqlmodel

    return (
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, SQLAlchemy {sqlalchemy.__version__}, "
        f"SQLModel {sqlmodel.__version__}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}"
    )


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a list of whole numbers") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tracker.bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=_sizes, default=list(DEFAULT_SIZES), help="commitments per database, comma-separated"
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (the median is shown)")
    parser.add_argument("--cache", type=Path, default=None, help="where demo databases are kept (default: %(default)s)")
    args = parser.parse_args(argv)
    shell = shutil.which("sqlite3")
    if shell is None:
        sys.stderr.write("tracker.bench: the sqlite3 command-line shell is needed for the baselines\n")
        return 78
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    def log(message: str) -> None:
        sys.stderr.write(message + "\n")
        sys.stderr.flush()

    cache = args.cache or cache_dir()
    compile_tracker()
    lines: list[Line] = []
    with tempfile.TemporaryDirectory(prefix="tracker-bench-") as work:
        for count in args.sizes:
            lines.extend(measure(count, repeat=args.repeat, shell=shell, work=Path(work), cache=cache, log=log))
        modules = imported_modules(_tracker(demo_database(args.sizes[0], cache=cache), "list", "--limit", "20"))
    textual = "textual" in modules
    sys.stdout.write(
        f"{machine()}; medians of {args.repeat} runs in fresh processes, {_office_today()}\n\n"
        f"{table(lines)}\n\n"
        f"`tracker list --limit 20` imports Textual: {'YES' if textual else 'no'} "
        f"(sqlmodel: {'yes' if 'sqlmodel' in modules else 'no'}; {len(modules)} top-level packages)\n"
    )
    return 1 if textual else 0


if __name__ == "__main__":
    sys.exit(main())
