"""The reports' read path on SQLite (``tracker.reports.sqlite_read``): the same bytes as the
SQLAlchemy path in every format, from the same statements, without loading SQLAlchemy, and
with the store's refusals unchanged."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from freezegun import freeze_time

from tests.conftest import ROOT, Cli, Proc, known_environment
from tracker.reports import sqlite_gen
from tracker.reports.sqlite_read import SqliteReport, open_report

URDU_TITLE = "انٹرنیٹ کی بحالی"
URDU_OWNER = "وزارت آئی ٹی"

# Urdu text, cells a spreadsheet would run, empty cells (no confidence, deadline, excerpt or
# owner), targets to measure against, a commitment made later than the earliest date asked.
COMMITMENTS = [
    {"title": "Release funds for the STZs", "theme": "fund_disbursement", "owner": "Finance Division",
     "status": "in_progress", "deadline": "2025-09-30", "confidence": "amber",
     "excerpt": "Funds will be released by September.", "target_value": 40, "target_unit": "bn PKR"},
    {"title": "=HYPERLINK(\"http://example.com\")", "theme": "upskilling", "owner": "+92 DigiSkills",
     "kind": "directive", "status": "stalled", "deadline": "2025-12-31", "confidence": "red",
     "excerpt": "@SUM(A1)"},
    {"title": "Reliable internet", "theme": "internet_resilience", "owner": "PTA", "status": "done",
     "deadline": "2025-10-01", "confidence": "green"},
    {"title": "Tax facilitation for IT firms", "theme": "tax_facilitation", "owner": "", "status": "not_started"},
    {"title": "IT exports of $5.2 billion", "theme": "exports", "owner": "Ministry of IT", "status": "not_started",
     "deadline": "2026-06-30", "target_value": 5.2, "target_unit": "bn USD", "since": "2025-12-15"},
    {"title": URDU_TITLE, "theme": "internet_resilience", "owner": URDU_OWNER, "status": "not_started",
     "deadline": "2025-11-15", "excerpt": "وزارت نے یقین دلایا کہ انٹرنیٹ بحال ہوگا"},
    {"title": "Broadband | pipes\nand breaks", "theme": "exports", "owner": URDU_OWNER,
     "status": "partly_done", "deadline": "2025-08-01"},
]  # fmt: skip
# Early (the state is rebuilt from the history, one commitment not made yet), in the middle
# of the history, and after it (the stored state).
DATES = (date(2025, 10, 15), date(2026, 1, 1), date(2026, 4, 1))


@pytest.fixture(scope="module")
def _history_once(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The history below, built once for the module's tests (its commands took about a
    second per test); each test gets its own copy."""
    if os.environ.get("TRACKER_TEST_DB_URL", "").strip():
        pytest.skip("the read path is SQLite's")
    folder = tmp_path_factory.mktemp("history")
    path = folder / "tracker.db"
    shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
    with pytest.MonkeyPatch.context() as monkeypatch:
        known_environment(monkeypatch, folder)
        build_history(Cli(str(path)), str(path), folder)
    assert not Path(f"{path}-wal").exists()  # everything is in the main file, safe to copy
    return path


@pytest.fixture
def history(_history_once: Path, db_url: str) -> Path:
    """A database whose history reaches past the first dates asked: updates, moved
    deadlines, a restated target, actuals. It is this test's database (``cli``, ``proc``)."""
    shutil.copyfile(_history_once, db_url)
    return Path(db_url)


def build_history(cli: Cli, db_url: str, tmp_path: Path) -> None:
    """Write the history into the database at ``db_url``."""
    source = tmp_path / "commitments.json"
    source.write_text(json.dumps(COMMITMENTS, ensure_ascii=False), encoding="utf-8")
    imported = cli("import", str(source))
    assert imported.exit_code == 0, imported.output
    updates = [
        ("1", "--note", "Half released | rest pending\nsecond tranche", "--by", "Ayesha Khan", "--on", "2025-10-01"),
        ("1", "--deadline", "2026-01-31", "--on", "2025-12-01", "--by", "=cmd|' /C calc'!A0"),
        ("1", "--deadline", "2026-02-28", "--on", "2026-02-01", "--note", "پھر سے"),
        ("1", "--actual", "25", "--on", "2026-01-20"),
        ("2", "--status", "in_progress", "--confidence", "amber", "--on", "2025-11-01"),
        ("2", "--deadline", "2025-10-01", "--on", "2026-03-01"),
        ("3", "--status", "done", "--on", "2025-12-01", "--note", "Notified"),
        ("5", "--actual", "1.1", "--on", "2026-01-10"),
        ("6", "--confidence", "red", "--on", "2026-02-15", "--by", URDU_OWNER),
    ]
    with freeze_time("2026-03-20 09:00:00"):
        for args in updates:
            result = cli("update", *args)
            assert result.exit_code == 0, result.output
        restate_target(db_url)
        result = cli("update", "1", "--actual", "30", "--on", "2026-03-10")
        assert result.exit_code == 0, result.output


def restate_target(db_url: str) -> None:
    """Commitment 1's target raised from 40 to 50 bn PKR, effective 2026-03-01."""
    from tracker.commitments import update_commitment
    from tracker.store import open_store

    store = open_store(db_url)
    with store.write() as session:
        update_commitment(
            session, 1, today=date(2026, 3, 20), target=(50.0, "bn PKR"), effective_on=date(2026, 3, 1), by="tester"
        )
    store.dispose()


def written(source: Any, fmt: str, tmp_path: Path, **options: Any) -> tuple[bytes, list[tuple[int, int | None]]]:
    """What the report writes in ``fmt`` from ``source``, and what it told its progress."""
    from tracker.reports import registry

    calls: list[tuple[int, int | None]] = []
    path = tmp_path / f"report.{fmt}"
    with freeze_time("2026-03-20 09:00:00"):
        registry.export_file(source, path, fmt=fmt, progress=lambda n, total: calls.append((n, total)), **options)
    data = path.read_bytes()
    path.unlink()
    return data, calls


def workbook_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {name: book.read(name) for name in book.namelist()}


@pytest.fixture
def both(history: Path) -> Iterator[tuple[SqliteReport, Any]]:
    """The database opened by each path."""
    from tracker.store import open_store

    reader = open_report(str(history))
    assert isinstance(reader, SqliteReport)
    store = open_store(str(history))
    try:
        with reader, store.read() as session:
            yield reader, session
    finally:
        store.dispose()


@pytest.mark.parametrize("fmt", ["csv", "json", "md", "html", "xlsx", "ics"])
def test_every_format_writes_the_same_bytes_by_either_path(
    both: tuple[SqliteReport, Any], tmp_path: Path, fmt: str
) -> None:
    from tracker.reports.model import GroupBy, Scope

    reader, session = both
    groups = [None] if fmt == "ics" else [None, GroupBy.OWNER, GroupBy.THEME]
    compared = 0
    for as_of in DATES:
        for scope in Scope:
            for group_by in groups:
                options = {"scope": scope, "as_of": as_of, "group_by": group_by}
                fast, fast_progress = written(reader, fmt, tmp_path, **options)
                slow, slow_progress = written(session, fmt, tmp_path, **options)
                if fmt == "xlsx":
                    assert workbook_parts(fast) == workbook_parts(slow), options
                else:
                    assert fast == slow, options
                assert fast_progress == slow_progress, options
                compared += 1
    assert compared == len(DATES) * 2 * len(groups)


def test_the_fixture_reaches_every_section(both: tuple[SqliteReport, Any], tmp_path: Path) -> None:
    """The comparison above is worth something: the pages it compares hold Urdu, neutralised
    cells, a rebuilt state, moved deadlines and actuals against a restated target."""
    from tracker.reports.model import Scope

    reader, _session = both
    page = written(reader, "html", tmp_path, scope=Scope.ALL, as_of=date(2026, 3, 15))[0].decode("utf-8")
    assert URDU_TITLE in page
    assert "Deadlines moved" in page
    assert "Actuals against targets" in page
    assert "60%" in page  # 30 of the 50 bn PKR in force since 2026-03-01
    early = written(reader, "csv", tmp_path, scope=Scope.ALL, as_of=DATES[0])[0].decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(early))}
    assert rows["2"]["title"].startswith("'=HYPERLINK")
    assert rows["2"]["status"] == "stalled"  # in progress only from 2025-11-01
    assert "5" not in rows  # made on 2025-12-15


def test_the_html_page_counts_per_owner_and_per_theme_in_one_scan(
    both: tuple[SqliteReport, Any], tmp_path: Path
) -> None:
    """The page's totals, owner table and theme chart come from one grouped scan of the
    commitments by either path (two scans cost a tenth of a second at 200,000), and its
    theme chart still counts every commitment."""
    from sqlalchemy import event

    from tracker.reports.model import Scope

    reader, session = both
    fast: list[str] = []
    reader._conn.set_trace_callback(fast.append)
    slow: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        slow.append(statement)

    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", seen)
    try:
        page = written(reader, "html", tmp_path, scope=Scope.ALL, as_of=DATES[-1])[0].decode("utf-8")
        assert written(session, "html", tmp_path, scope=Scope.ALL, as_of=DATES[-1])[0].decode("utf-8") == page
    finally:
        event.remove(engine, "before_cursor_execute", seen)
        reader._conn.set_trace_callback(None)
    for statements in (fast, slow):
        grouped = [s for s in statements if "count(*)" in s and "GROUP BY" in s]
        assert len(grouped) == 1, grouped
    chart = page.split("Commitments by theme</figcaption>")[1].split("</svg>")[0]
    assert re.findall(r">([^<]+)</text>", chart) == [
        "overdue", "not overdue",
        "IT exports", "2 (0 overdue)",
        "Internet resilience", "2 (1 overdue)",
        "Fund disbursement", "1 (1 overdue)",
        "Tax facilitation", "1 (0 overdue)",
        "Upskilling", "1 (1 overdue)",
    ]  # fmt: skip


def test_the_compiled_statements_are_those_sqlalchemy_builds_today() -> None:
    """sqlite_sql.py is what the statements compile to now: a query changed anywhere without
    running ``python -m tracker.reports.sqlite_gen`` fails here."""
    assert sqlite_gen.TARGET.read_text(encoding="utf-8") == sqlite_gen.module_text()


def test_overdue_rows_picked_by_id_first_are_the_filters_rows_in_its_order(
    history: Path, cli: Cli, tmp_path: Path
) -> None:
    """On SQLite an overdue report picks its ids first, so that the table is read in id order
    (``model.report_statement``): the same rows as the plain filter, in the same order, with a
    commitment made after the date left out, grouped or not; a state rebuilt from the history
    keeps the plain filter."""
    from sqlalchemy.dialects import sqlite

    from tracker import queries
    from tracker.reports.model import GroupBy, Scope, report_statement
    from tracker.store import open_store

    later = tmp_path / "later.json"
    later.write_text(
        json.dumps([{"title": "Made later", "theme": "exports", "owner": "PTA", "status": "not_started",
                     "deadline": "2025-07-01", "since": "2026-05-01"}]),
        encoding="utf-8",
    )  # fmt: skip
    assert cli("import", str(later)).exit_code == 0
    # Two items of a briefing, overdue at every date asked, one still proposed and one rejected:
    # neither is a commitment, whichever way the rows are picked.
    briefing = tmp_path / "briefing.md"
    briefing.write_text(
        "---\ndate: 2025-06-02\npresenter: Pakistan Telecommunication Authority\n---\n"
        "The Authority would submit the fibre backbone audit to the Committee by August 2025.\n\n"
        "The Authority would publish the census of mobile towers by September 2025.\n",
        encoding="utf-8",
    )
    with freeze_time("2026-03-20 09:00:00"):  # within the history, as the rest of it was written
        assert cli("import", str(briefing)).exit_code == 0
        with sqlite3.connect(history) as db:
            waiting = dict(db.execute("SELECT title, id FROM commitment WHERE review = 'proposed'").fetchall())
            briefing_id = db.execute("SELECT max(id) FROM briefing").fetchone()[0]
        (rejected,) = [key for title, key in waiting.items() if "census of mobile towers" in title]
        assert len(waiting) == 2
        assert cli("review", str(briefing_id), "--reject", str(rejected)).exit_code == 0
    store = open_store(str(history))
    try:
        with store.read() as session:
            picked = 0
            for as_of in (*DATES, date(2026, 6, 1)):
                state = queries.state_columns(session, as_of)
                for group_by in (None, *GroupBy):
                    options = {"scope": Scope.OVERDUE, "as_of": as_of, "group_by": group_by}
                    first = report_statement(state, sqlite=True, **options)
                    plain = report_statement(state, sqlite=False, **options)
                    rows = session.execute(first).all()
                    assert rows == session.execute(plain).all(), options
                    assert ("Made later" in {row.title for row in rows}) is (as_of >= date(2026, 5, 1)), options
                    assert not {row.title for row in rows} & set(waiting), options
                    if "IN (SELECT" in str(first.compile(dialect=sqlite.dialect())):
                        picked += 1
                        assert rows, options
            # The stored state after the history: with a commitment made later to leave out
            # (2026-04-01), and with none (2026-06-01).
            assert picked == 2 * (1 + len(GroupBy))
    finally:
        store.dispose()


# ---------------------------------------------------------------- what the command line loads


def imported(command: list[str], cwd: Path) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", *command], capture_output=True, text=True, cwd=cwd
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize(
    "command",
    [
        ["export", "overdue", "--format", "csv"],
        ["export", "overdue", "--format", "json"],
        ["export", "all", "--format", "md", "--group-by", "owner"],
        ["export", "all", "--format", "html"],
        ["export", "overdue", "--format", "xlsx", "--output", "out.xlsx"],
        ["export", "calendar"],
    ],
)
def test_an_export_on_sqlite_loads_no_sqlalchemy_nor_pydantic(
    history: Path, tmp_path: Path, command: list[str]
) -> None:
    """Nor pydantic (0.1 s of CPU): not for Typer's options, not for the settings it reads."""
    modules = imported(["--db", str(history), *command], tmp_path)
    assert "tracker.reports.sqlite_read" in modules
    assert not {m for m in modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "textual", "pydantic")}
    assert "tracker.models" not in modules


# ---------------------------------------------------------------- the store's guarantees


def files_of(db: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(db.parent.iterdir()) if p.name.startswith(db.name)}


def test_the_read_path_writes_nothing(history: Path, proc: Proc) -> None:
    """Not even the journal mode: a database in rollback-journal mode stays so, byte for byte
    (the normal path would have put it in WAL mode)."""
    conn = sqlite3.connect(history)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    before = files_of(history)

    result = proc("export", "all", "--format", "html", "--as-of", "2026-01-01")

    assert result.returncode == 0, result.stderr
    assert files_of(history) == before


def corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's b-tree: the schema
    path.write_bytes(bytes(data))


def text_file(path: Path) -> None:
    path.write_text("id,title\n1,not a database\n", encoding="utf-8")


def older_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '0010'")
    conn.commit()
    conn.close()


def newer_schema(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()


def no_version(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP TABLE alembic_version")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("spoil", [corrupt, text_file, older_schema, newer_schema, no_version])
# The database is refused before any writer starts: the workbook's run proves the same again,
# with the slow proofs.
@pytest.mark.parametrize("fmt", ["csv", pytest.param("xlsx", marks=pytest.mark.slow)])
def test_a_bad_database_is_refused_as_every_command_refuses_it(
    history: Path, proc: Proc, tmp_path: Path, spoil: Any, fmt: str
) -> None:
    spoil(history)
    before = files_of(history)
    output = tmp_path / f"out.{fmt}"

    exported = proc("export", "overdue", "--format", fmt, "--output", str(output))
    listed = proc("list")

    assert exported.returncode == listed.returncode != 0
    assert exported.stderr == listed.stderr
    assert len(exported.stderr.splitlines()) == 1
    assert "Traceback" not in exported.stderr
    assert not output.exists()
    assert files_of(history) == before


def test_a_missing_file_in_a_missing_folder_is_refused_as_before(proc: Proc, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "tracker.db"
    exported = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(missing), "export", "overdue"],
        capture_output=True, text=True, env=proc.env, cwd=ROOT,
    )  # fmt: skip
    assert exported.returncode == 1
    assert (
        exported.stderr.strip()
        == f"tracker: folder {missing.parent} does not exist (create it, or choose another --db)"
    )


def test_a_database_locked_by_another_program_is_a_temporary_error(history: Path, proc: Proc) -> None:
    holder = sqlite3.connect(history, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        env = {**proc.env, "TRACKER_BUSY_TIMEOUT_MS": "200"}
        result = subprocess.run(
            [sys.executable, "-m", "tracker", "--db", str(history), "export", "overdue"],
            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60,
        )  # fmt: skip
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode == 75
    assert result.stderr == "tracker: the database is busy (another program is writing to it); try again\n"
    assert result.stdout == ""


def test_tracker_db_names_the_database_as_before(history: Path, tmp_path: Path, proc: Proc) -> None:
    """No --db: TRACKER_DB is read, and today is the office's (the clock), as always."""
    env = {**proc.env, "TRACKER_DB": str(history), "TRACKER_TZ": "Asia/Karachi"}
    by_env = subprocess.run(
        [sys.executable, "-m", "tracker", "export", "all", "--format", "json"],
        capture_output=True, text=True, env=env, cwd=tmp_path,
    )  # fmt: skip
    by_option = proc("export", "all", "--format", "json")
    assert by_env.returncode == 0, by_env.stderr
    assert by_env.stdout == by_option.stdout
    assert len(json.loads(by_env.stdout)) == len(COMMITMENTS)


def test_a_sqlite_url_takes_the_normal_path_to_the_same_report(history: Path, proc: Proc) -> None:
    """A URL is not looked into: the normal path reads it, to the same report."""
    url = f"sqlite:///{history}"
    by_url = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", url, "export", "all", "--as-of", "2026-01-01"],
        capture_output=True, text=True, env=proc.env, cwd=ROOT,
    )  # fmt: skip
    by_path = proc("export", "all", "--as-of", "2026-01-01")
    assert by_url.returncode == by_path.returncode == 0
    assert by_url.stdout == by_path.stdout
