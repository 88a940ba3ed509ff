"""Opt-in benchmarks: the overdue CSV export against the sqlite3 shell on a million commitments,
and every other format against the CSV export of the same rows (``TRACKER_BENCH_FORMAT_COUNT``,
default 200,000 commitments).

Run with ``pytest -m bench -s tests/test_reports_bench.py``. The demo database is built once
with ``tracker demo`` and kept under /tmp, keyed by its size (``TRACKER_BENCH_COUNT``, default
1,000,000; building a million takes about a minute), by ``tracker.bench``, which prints this
figure among the others. Both commands run as whole processes, alternately, three times each;
the medians are compared. The CSV export is measured in CPU time (user + system) of the whole
process, which a loaded machine disturbs less than wall time.
"""

from __future__ import annotations

import csv
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tracker.bench import demo_database, shell_query

RUNS = 3


LIMIT = 3.0
# Issue 16's goal for the CSV export (CPU of whole processes); printed, met or not.
GOAL = 2.0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def timed(command: list[str], stdout_path: Path | None = None) -> float:
    started = time.perf_counter()
    if stdout_path is None:
        subprocess.run(command, check=True, env=_env(), cwd=ROOT, stdout=subprocess.DEVNULL)
    else:
        with stdout_path.open("wb") as out:
            subprocess.run(command, check=True, env=_env(), cwd=ROOT, stdout=out)
    return time.perf_counter() - started


def cpu_timed(command: list[str], stdout_path: Path | None = None) -> float:
    """CPU seconds (user + system) of one whole process."""
    with stdout_path.open("wb") if stdout_path else open(os.devnull, "wb") as out:
        process = subprocess.Popen(command, env=_env(), cwd=ROOT, stdout=out)
        _pid, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, command
    return usage.ru_utime + usage.ru_stime


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.bench
def test_overdue_csv_export_takes_at_most_three_times_the_sqlite3_shell(tmp_path: Path) -> None:
    shell = shutil.which("sqlite3")
    if shell is None:
        pytest.skip("the sqlite3 command-line shell is not installed")
    count = int(os.environ.get("TRACKER_BENCH_COUNT", "1000000"))
    db = demo_database(count, log=print)
    as_of = date.today()  # noqa: DTZ011 (the day the demo data is measured against; any day serves)
    ours, theirs = tmp_path / "tracker.csv", tmp_path / "shell.csv"
    tracker_cmd = [
        sys.executable, "-m", "tracker", "--db", str(db),
        "export", "overdue", "--as-of", as_of.isoformat(), "--format", "csv", "--output", str(ours),
    ]  # fmt: skip
    shell_cmd = [shell, "-csv", "-header", str(db), shell_query(as_of)]

    tracker_times, shell_times = [], []
    for _ in range(RUNS):
        shell_times.append(cpu_timed(shell_cmd, theirs))
        tracker_times.append(cpu_timed(tracker_cmd))

    ours_rows, their_rows = read_rows(ours), read_rows(theirs)
    assert ours_rows[0] == their_rows[0]  # the same columns
    assert len(ours_rows) == len(their_rows)  # the same rows...
    for i in (1, len(ours_rows) // 2, len(ours_rows) - 1):  # ...in the same order, the same values
        assert ours_rows[i] == their_rows[i]

    t_tracker, t_shell = statistics.median(tracker_times), statistics.median(shell_times)
    ratio = t_tracker / t_shell
    print(
        f"\n{count:,} commitments, {len(ours_rows) - 1:,} overdue as of {as_of}:"
        f"\n  tracker export overdue --format csv  CPU median {t_tracker:.2f} s  "
        f"({', '.join(f'{t:.2f}' for t in tracker_times)})"
        f"\n  sqlite3 -csv -header                 CPU median {t_shell:.2f} s  "
        f"({', '.join(f'{t:.2f}' for t in shell_times)})"
        f"\n  ratio {ratio:.2f}x (limit {LIMIT:.0f}x; issue 16's goal {GOAL:.0f}x: "
        f"{'met' if ratio <= GOAL else 'missed'})"
    )
    assert ratio <= LIMIT


# Each format against the CSV export of the same rows (issue 16's goals): what people read
# costs a little more per row than CSV, the workbook most of all.
FORMAT_GOALS = {"json": 1.5, "md": 1.5, "html": 1.5, "xlsx": 3.0}


@pytest.mark.bench
@pytest.mark.parametrize("fmt", sorted(FORMAT_GOALS))
def test_each_export_format_keeps_pace_with_csv(tmp_path: Path, fmt: str) -> None:
    count = int(os.environ.get("TRACKER_BENCH_FORMAT_COUNT", "200000"))
    db = demo_database(count, log=print)
    as_of = date.today()  # noqa: DTZ011 (the day the demo data is measured against; any day serves)

    def command(name: str) -> list[str]:
        return [
            sys.executable, "-m", "tracker", "--db", str(db), "export", "overdue",
            "--as-of", as_of.isoformat(), "--format", name, "--output", str(tmp_path / f"overdue.{name}"),
        ]  # fmt: skip

    csv_times, fmt_times = [], []
    for _ in range(RUNS):
        csv_times.append(timed(command("csv")))
        fmt_times.append(timed(command(fmt)))
    t_csv, t_fmt = statistics.median(csv_times), statistics.median(fmt_times)
    ratio = t_fmt / t_csv
    print(
        f"\n{count:,} commitments, overdue as of {as_of}: {fmt} median {t_fmt:.2f} s, csv median {t_csv:.2f} s,"
        f" ratio {ratio:.2f}x (goal {FORMAT_GOALS[fmt]}x)"
    )
    assert ratio <= FORMAT_GOALS[fmt]


# What each format may add to the CSV export's time per 10,000 rows, written in one process
# (issue 16's goals less the start-up every export shares: 0.35 s and 1.4 s over the 62,500
# overdue rows of 200,000 demo commitments).
EXTRA_MS_PER_10K = {"json": 56.0, "md": 56.0, "html": 56.0, "xlsx": 224.0}
IN_PROCESS_RUNS = 5


@pytest.mark.bench
def test_each_writer_adds_little_to_the_csv_per_row_in_one_process(tmp_path: Path) -> None:
    """Every report writer on the same rows, in one process, so start-up does not count: CPU
    time of ``write_report`` per format, the formats taking turns, medians of five. Markdown,
    HTML and the workbook first count every commitment for their header (HTML per theme too,
    in the same scan): that is timed on its own and printed, and the goal is about what
    the writer adds per row over it."""
    from tracker.reports import Scope, write_report
    from tracker.reports.model import build_header
    from tracker.store import open_store

    count = int(os.environ.get("TRACKER_BENCH_FORMAT_COUNT", "200000"))
    db = demo_database(count, log=print)
    as_of = date.today()  # noqa: DTZ011 (the day the demo data is measured against; any day serves)
    store = open_store(str(db))
    formats = ["csv", *EXTRA_MS_PER_10K]
    totals: dict[str, list[float]] = {f: [] for f in formats}
    headers: dict[str, list[float]] = {f: [] for f in formats}
    rows = 0
    with store.read() as session:
        for i in range(IN_PROCESS_RUNS):
            shift = i % len(formats)  # each run starts with the next format
            for fmt in formats[shift:] + formats[:shift]:
                started = time.process_time()
                if fmt in ("md", "html", "xlsx"):
                    build_header(session, scope=Scope.OVERDUE, as_of=as_of, by_theme=fmt == "html")
                headers[fmt].append(time.process_time() - started)
                target = tmp_path / f"overdue.{fmt}"
                started = time.process_time()
                if fmt == "xlsx":
                    rows = write_report(session, target, fmt=fmt, scope=Scope.OVERDUE, as_of=as_of)
                else:
                    with target.open("w", encoding="utf-8", newline="") as out:
                        rows = write_report(session, out, fmt=fmt, scope=Scope.OVERDUE, as_of=as_of)
                totals[fmt].append(time.process_time() - started)
    store.dispose()

    def ms_per_10k(seconds: list[float]) -> float:
        return statistics.median(seconds) / rows * 10_000 * 1000

    total = {f: ms_per_10k(t) for f, t in totals.items()}
    header = {f: ms_per_10k(t) for f, t in headers.items()}
    per_row = {f: total[f] - header[f] for f in formats}
    print(f"\n{count:,} commitments, {rows:,} overdue as of {as_of}, CPU ms per 10,000 rows (medians):")
    print("  format  export  its header  rows  rows over csv (goal)")
    for fmt in formats:
        extra = "" if fmt == "csv" else f"{per_row[fmt] - per_row['csv']:+.0f} (+{EXTRA_MS_PER_10K[fmt]:.0f})"
        print(f"  {fmt:6} {total[fmt]:7.0f} {header[fmt]:11.0f} {per_row[fmt]:5.0f}  {extra}")
    for fmt, allowed in EXTRA_MS_PER_10K.items():
        assert per_row[fmt] - per_row["csv"] <= allowed, fmt
