"""A date hand-edited into the SQLite file that is no date (``2026-02-30``, ``garbage``): every
command names the row and the column in one line and exits 1, the TUI says so and stays open,
and ``tracker update ID --deadline D`` puts a commitment's deadline right."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, InProcess, Proc
from tracker.errors import UserError

pytestmark = pytest.mark.sqlite_only("PostgreSQL stores dates as dates: only a SQLite file can hold one that is none")

TODAY = date(2026, 3, 1)


@pytest.fixture
def db(cli: Cli, db_url: str, tmp_path: Path) -> Path:
    """Three open commitments of one owner with an address, two of them overdue by now."""
    deadlines = {"Release funds": "2026-01-31", "Notify the STZ rules": "2026-02-15", "Audit": None}
    rows = [
        {"title": title, "theme": "other", "owner": "Finance Division", "status": "not_started", "deadline": deadline}
        for title, deadline in deadlines.items()
    ]
    source = tmp_path / "commitments.json"
    source.write_text(json.dumps(rows), encoding="utf-8")
    imported = cli("import", str(source))
    assert imported.exit_code == 0, imported.output
    assert cli("owner", "set", "Finance Division", "--email", "fd@example.org").exit_code == 0
    return Path(db_url)


def hand_edit(db: Path, sql: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(sql)
    conn.close()


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ["list"],
        ["list", "--format", "json"],
        ["show", "2"],
        ["remind", "--dry-run"],
        ["update", "2", "--status", "stalled"],
        ["export", "all"],
        ["export", "overdue", "--format", "xlsx", "--output", "{out}.xlsx"],
        ["export", "calendar", "--output", "{out}.ics"],
    ],
    ids=lambda c: " ".join(c[:3]),
)
def test_every_command_names_the_impossible_deadline_and_changes_nothing(
    db: Path, run: InProcess, tmp_path: Path, command: list[str]
) -> None:
    hand_edit(db, "UPDATE commitment SET deadline = '2026-02-30' WHERE id = 2")
    before = dump(db)
    args = [a.format(out=tmp_path / "report") for a in command]

    result = run(*args)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "tracker: commitment 2 has an impossible deadline '2026-02-30' in the database: "
        "correct it with `tracker update 2 --deadline DATE` (or `--deadline none`)"
    ]
    assert dump(db) == before
    assert not list(tmp_path.glob("report*"))


@pytest.mark.parametrize("command", [["list"], ["export", "all", "--format", "json"]], ids=["store", "report"])
@pytest.mark.parametrize("stored", ["'garbage'", "20260230"], ids=["a word", "a number"])
def test_text_or_a_number_that_is_no_date_is_named_on_both_read_paths(
    db: Path, proc: Proc, command: list[str], stored: str
) -> None:
    hand_edit(db, f"UPDATE commitment SET deadline = {stored} WHERE id = 3")

    result = proc(*command)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"tracker: commitment 3 has an impossible deadline '{stored.strip(chr(39))}' in the database: "
        "correct it with `tracker update 3 --deadline DATE` (or `--deadline none`)"
    ]


def test_the_reports_stdlib_path_names_the_row_too(db: Path, tmp_path: Path) -> None:
    """An export on a SQLite file reads through ``sqlite_read`` (no SQLAlchemy): its dates
    fail there, and say the same."""
    from tracker.reports import registry
    from tracker.reports.model import Scope
    from tracker.reports.sqlite_read import SqliteReport, open_report

    hand_edit(db, "UPDATE commitment SET deadline = '2026-13-01' WHERE id = 1")
    reader = open_report(str(db))
    assert isinstance(reader, SqliteReport)

    with reader, pytest.raises(UserError) as refused:
        registry.export_file(reader, tmp_path / "all.csv", fmt="csv", scope=Scope.ALL, as_of=TODAY)

    assert str(refused.value).startswith("commitment 1 has an impossible deadline '2026-13-01' in the database")


def test_a_bad_date_in_the_history_names_its_table_column_and_row(db: Path, cli: Cli, proc: Proc) -> None:
    assert cli("update", "1", "--note", "Half released", "--on", "2026-02-01").exit_code == 0
    hand_edit(db, "UPDATE statuschange SET effective_on = '2026-02-29' WHERE commitment_id = 1")

    result = proc("show", "1")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "tracker: statuschange 1 has an impossible effective_on '2026-02-29' in the database: correct it "
        "(YYYY-MM-DD) with the sqlite3 shell: UPDATE statuschange SET effective_on = ... WHERE id = 1"
    ]


def test_several_bad_dates_name_the_first_and_count_the_rest(db: Path, proc: Proc) -> None:
    hand_edit(db, "UPDATE commitment SET deadline = '2026-02-31' WHERE id IN (1, 2)")

    result = proc("list")

    assert result.returncode == 1
    assert result.stderr.startswith("tracker: commitment 1 has an impossible deadline '2026-02-31'")
    assert result.stderr.rstrip().endswith("(and 1 more like it)")


def test_the_csv_export_checks_every_date_it_writes_as_stored(db: Path, cli: Cli, proc: Proc) -> None:
    """The CSV export writes the dates it reads as the text stored, checking each distinct
    value once: a bad date of the last update or of the day a commitment was made is named
    as a bad deadline is, and no report is written."""
    assert cli("update", "1", "--note", "Half released", "--on", "2026-02-01").exit_code == 0
    assert cli("update", "2", "--note", "Drafted", "--on", "2026-02-10").exit_code == 0
    # Not the latest date either, which the export reads before any row; and as of a day
    # after every change, so that the rows are read as stored, not rebuilt from the history.
    hand_edit(db, "UPDATE statuschange SET effective_on = '2026-01-00' WHERE commitment_id = 1")

    result = proc("export", "overdue", "--as-of", "2099-12-31", "--format", "csv")

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "tracker: statuschange 1 has an impossible effective_on '2026-01-00' in the database: correct it "
        "(YYYY-MM-DD) with the sqlite3 shell: UPDATE statuschange SET effective_on = ... WHERE id = 1"
    ]


def test_the_csv_export_writes_a_date_stored_in_short_form_as_iso(db: Path, proc: Proc) -> None:
    """The reports read ``2026-1-31`` as 31 January: the CSV export, which writes the text
    stored where that is the ISO form, writes this one as the other formats do."""
    hand_edit(db, "UPDATE commitment SET deadline = '2026-1-31' WHERE id = 1")

    result = proc("export", "all", "--as-of", TODAY.isoformat(), "--format", "csv")
    as_json = proc("export", "all", "--as-of", TODAY.isoformat(), "--format", "json")

    assert result.returncode == 0, result.stderr
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")))}
    assert (rows["Release funds"]["deadline"], rows["Release funds"]["days_overdue"]) == ("2026-01-31", "29")
    assert [c["deadline"] for c in json.loads(as_json.stdout) if c["id"] == 1] == ["2026-01-31"]


def test_update_with_a_new_deadline_repairs_the_row(db: Path, cli: Cli) -> None:
    hand_edit(db, "UPDATE commitment SET deadline = '2026-02-30' WHERE id = 2")

    updated = cli("update", "2", "--deadline", "2026-03-31", "--note", "date fixed")

    assert updated.exit_code == 0, updated.output
    assert "deadline 2026-02-15 -> 2026-03-31" in updated.output
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT deadline FROM commitment WHERE id = 2").fetchone()
    logged = conn.execute(
        "SELECT from_deadline, to_deadline, note FROM statuschange WHERE commitment_id = 2"
    ).fetchall()
    conn.close()
    assert stored == ("2026-03-31",)
    assert logged == [("2026-02-15", "2026-03-31", "date fixed")]
    listed = cli("list")
    assert listed.exit_code == 0
    assert "2026-03-31" in listed.output


def test_update_with_deadline_none_clears_an_impossible_one(db: Path, cli: Cli) -> None:
    hand_edit(db, "UPDATE commitment SET deadline = 'garbage' WHERE id = 3")

    updated = cli("update", "3", "--deadline", "none")

    assert updated.exit_code == 0, updated.output
    assert cli("show", "3", "--format", "json").exit_code == 0


async def test_the_tui_says_which_row_is_wrong_and_stays_open(db: Path) -> None:
    from tracker.store import open_store
    from tracker.tui.app import make_app
    from tracker.tui.commitments import CommitmentsScreen

    hand_edit(db, "UPDATE commitment SET deadline = '2026-02-30' WHERE id = 2")
    store = open_store(str(db))
    app = make_app(store, today=TODAY, keymap={})
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(50):
                await pilot.pause(0.05)
                if app._notifications:
                    break
            shown: Any = [n.message for n in app._notifications]
            assert shown == [
                "commitment 2 has an impossible deadline '2026-02-30' in the database: "
                "correct it with `tracker update 2 --deadline DATE` (or `--deadline none`)"
            ]
            assert isinstance(app.screen, CommitmentsScreen)
            assert app.is_running
    finally:
        store.dispose()
    assert app.return_code in (0, None)
