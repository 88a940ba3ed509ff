"""The command line as a user runs it: import, list, show, update, owners, backup, init."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from freezegun import freeze_time

from tests.conftest import Cli, InProcess, Proc, table_snapshot

HEADER = "title,theme,owner,status,deadline,description,confidence,target_value,target_unit,deadline_text,owner_email\n"
ROWS = (
    "IT exports of $5.2 billion in FY2025-26,exports,Ministry of IT,not_started,2026-06-30,"
    "Export target,amber,5200000000,USD,next fiscal year,it@example.gov.pk\n"
    "Release funds for the STZs,fund_disbursement,Finance Division,in_progress,30/09/2025,,,,,,\n"
    "Reliable internet,internet_resilience,PTA,done,2025-12-31,No shutdowns,green,,,,\n"
    '"Upskill 50,000 graduates",upskilling,DigiSkills,stalled,31/12/2025,,red,50000,people,,\n'
    "Tax facilitation for IT firms,tax_facilitation,FBR,not_started,,,,,,before the budget,\n"
)


@pytest.fixture
def sample_csv(tmp_path: Path) -> Path:
    path = tmp_path / "commitments.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


def listed(cli: Cli, *args: str) -> list[dict[str, object]]:
    result = cli("list", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_import_then_list_overdue_as_of_new_year_gives_the_late_open_ones(cli: Cli, sample_csv: Path) -> None:
    result = cli("import", str(sample_csv))
    assert result.exit_code == 0, result.output
    assert "5 created" in result.stdout

    rows = listed(cli, "--overdue", "--as-of", "2026-01-01")

    assert [(r["title"], r["days_overdue"]) for r in rows] == [
        ("Release funds for the STZs", 93),
        ("Upskill 50,000 graduates", 1),
    ]
    assert all(r["timeliness"] == "overdue" for r in rows)
    assert rows[0]["deadline"] == "2025-09-30"


def test_json_rows_carry_every_field_the_design_promises(cli: Cli, sample_csv: Path) -> None:
    cli("import", str(sample_csv))
    row = listed(cli, "--search", "exports")[0]
    for name in (
        "id", "title", "theme", "owner", "status", "confidence", "deadline", "deadline_text", "timeliness",
        "days_overdue", "target_value", "target_unit", "briefing_date", "excerpt", "version",
    ):  # fmt: skip
        assert name in row
    assert row["target_value"] == 5.2e9
    assert row["target_unit"] == "USD"
    assert row["deadline_text"] == "next fiscal year"
    assert row["confidence"] == "amber"


def test_importing_the_same_file_twice_creates_nothing_the_second_time(cli: Cli, sample_csv: Path) -> None:
    cli("import", str(sample_csv))
    again = cli("import", str(sample_csv))
    assert again.exit_code == 0
    assert "0 created" in again.stdout
    assert "5 already present" in again.stdout
    assert len(listed(cli)) == 5


def test_a_csv_import_does_not_load_the_briefing_parser(proc: Proc, sample_csv: Path) -> None:
    """Its rules and patterns took 0.1-0.2 s of a CSV import's CPU; only a briefing needs them."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", "--db", proc.db, "import", str(sample_csv)],
        capture_output=True,
        text=True,
        env=proc.env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "5 created" in result.stdout
    modules = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "tracker.importer" in modules
    assert not modules & {"tracker.briefing", "tracker.briefing_store", "tracker.deadlines", "tracker.intake"}


def test_a_file_neither_briefing_nor_rows_is_refused_naming_what_import_takes(run: InProcess, tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    path.write_text("Release funds by June.\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.returncode == 1
    kinds = "briefings (.md, .markdown, .txt, .pdf, .docx, .html, .htm) and commitments (.csv, .json)"
    assert result.stderr == f"tracker: {path}: tracker imports {kinds}\n"
    assert run("list", "--format", "json").stdout.strip() == "[]"


def test_a_file_with_bad_rows_imports_nothing_and_names_every_bad_line(run: InProcess, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        HEADER
        + "Fine row,exports,MoITT,not_started,2026-01-01,,,,,,\n"
        + "Impossible date,exports,MoITT,not_started,31/02/2026,,,,,,\n"
        + "Unknown theme,astrology,MoITT,not_started,,,,,,,\n"
        + ",exports,MoITT,not_started,,,,,,,\n"
        + "Bad status,exports,MoITT,finished,,,,,,,\n",
        encoding="utf-8",
    )
    result = run("import", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    for fragment in ("line 3", "not a real date", "line 4", "astrology", "line 5", "title is empty", "line 6"):
        assert fragment in lines[0]
    assert "Traceback" not in result.stderr
    empty = run("list", "--format", "json")
    assert json.loads(empty.stdout) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "empty"),
        ("name,when\nx,y\n", "no 'title' column"),
        ("title,deadlin\nx,2026-01-01\n", "unknown column"),
        ('title\n"never closed\n', "line"),
    ],
)
def test_malformed_csv_is_one_clear_line(run: InProcess, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "odd.csv"
    path.write_text(content, encoding="utf-8")
    result = run("import", str(path))
    assert result.returncode == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_non_utf8_and_binary_files_are_refused(run: InProcess, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("title\nCaf\xe9\n".encode("latin-1"))
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"title\n\x00\x01\x02")
    assert "not UTF-8" in run("import", str(latin)).stderr
    assert "not a text file" in run("import", str(binary)).stderr
    assert "no such file" in run("import", str(tmp_path / "missing.csv")).stderr


HOSTILE_TITLES = [
    '=HYPERLINK("http://x","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tTabbed",
    "'=already quoted",
    "'plain apostrophe",
    "وزارت آئی ٹی کا ہدف",
    'Commas, "quotes" and\nnewlines',
]


def test_list_csv_reads_back_unchanged_into_a_fresh_database(tmp_path: Path) -> None:
    first = Cli(str(tmp_path / "first.db"))
    source = tmp_path / "hostile.json"
    source.write_text(
        json.dumps(
            [
                {"title": t, "theme": "policy", "owner": "Owner " + str(i), "deadline": "2025-07-0" + str(i % 9 + 1),
                 "target_value": -5.5 if i == 2 else None, "description": "-starts with minus"}
                for i, t in enumerate(HOSTILE_TITLES)
            ]
        ),
        encoding="utf-8",
    )  # fmt: skip
    assert first("import", str(source)).exit_code == 0
    first("update", "3", "--status", "in_progress", "--confidence", "red", "--note", "moving")
    exported = first("list", "--format", "csv").stdout
    assert exported.startswith("\ufeff")
    cells = list(csv.reader(io.StringIO(exported.removeprefix("\ufeff"))))
    for row in cells[1:]:
        for value in row:
            assert not value.startswith(("=", "+", "@", "\t")), value
            assert not (value.startswith("-") and not value.replace(".", "", 1).lstrip("-").isdigit()), value

    csv_file = tmp_path / "export.csv"
    csv_file.write_text(exported, encoding="utf-8")
    second = Cli(str(tmp_path / "second.db"))
    result = second("import", str(csv_file))
    assert result.exit_code == 0, result.output

    def essentials(cli: Cli) -> list[tuple[object, ...]]:
        keys = ("id", "title", "theme", "owner", "status", "confidence", "deadline", "target_value", "description")
        return [tuple(r[k] for k in keys) for r in listed(cli)]

    assert essentials(second) == essentials(first)
    # Titles are trimmed of surrounding whitespace on the way in; nothing else changes.
    assert [r["title"] for r in listed(second)] == [t.strip() for t in HOSTILE_TITLES]
    again = second("import", str(csv_file))
    assert "0 created" in again.stdout
    assert "0 updated" in again.stdout


def test_a_csv_row_with_an_id_updates_that_commitment_and_records_history(
    cli: Cli, sample_csv: Path, tmp_path: Path
) -> None:
    cli("import", str(sample_csv))
    edit = tmp_path / "edit.csv"
    edit.write_text("id,title,status,deadline\n2,Release funds for the STZs,done,2025-09-30\n", encoding="utf-8")
    result = cli("import", str(edit))
    assert "1 updated" in result.stdout
    shown = json.loads(cli("show", "2", "--format", "json").stdout)
    assert shown["status"] == "done"
    assert [(h["from_status"], h["to_status"]) for h in shown["history"]] == [("in_progress", "done")]


def test_a_stale_csv_row_is_refused(cli: Cli, sample_csv: Path, tmp_path: Path) -> None:
    cli("import", str(sample_csv))
    cli("update", "2", "--note", "someone else was here")
    stale = tmp_path / "stale.csv"
    stale.write_text("id,title,status,version\n2,Release funds for the STZs,dropped,1\n", encoding="utf-8")
    result = cli("import", str(stale))
    assert result.exit_code == 1
    assert "changed since this file was written" in result.stderr
    assert listed(cli, "--search", "STZs")[0]["status"] == "in_progress"


@freeze_time("2026-01-10 09:00:00")
def test_update_then_show_round_trips(cli: Cli, sample_csv: Path) -> None:
    cli("import", str(sample_csv))
    result = cli(
        "update", "4", "--status", "in_progress", "--confidence", "amber", "--deadline", "31/03/2026",
        "--note", "Batch of 12,000 trained", "--evidence", "https://example.org/report.pdf",
        "--by", "Ayesha Khan", "--on", "2026-01-05",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "stalled -> in_progress" in result.stdout

    shown = json.loads(cli("show", "4", "--format", "json").stdout)
    assert (shown["status"], shown["confidence"], shown["deadline"]) == ("in_progress", "amber", "2026-03-31")
    assert shown["version"] == 2
    (entry,) = shown["history"]
    assert entry["by"] == "Ayesha Khan"
    assert entry["effective_on"] == "2026-01-05"
    assert entry["recorded_at"].startswith("2026-01-10T09:00:00")
    assert (entry["from_status"], entry["to_status"]) == ("stalled", "in_progress")
    assert (entry["from_deadline"], entry["to_deadline"]) == ("2025-12-31", "2026-03-31")
    assert entry["note"] == "Batch of 12,000 trained"
    assert entry["evidence"] == "https://example.org/report.pdf"

    text = cli("show", "4").stdout
    assert "Upskill 50,000 graduates" in text
    assert "stalled -> in_progress" in text
    assert "Ayesha Khan" in text
    assert "Batch of 12,000 trained" in text


@freeze_time("2026-01-10 09:00:00")
def test_every_update_appends_exactly_one_history_entry_a_note_alone_included(cli: Cli, sample_csv: Path) -> None:
    cli("import", str(sample_csv))
    cli("update", "1", "--note", "Met the export board")
    cli("update", "1", "--status", "in_progress")
    cli("update", "1", "--confidence", "green", "--note", "on course")
    shown = json.loads(cli("show", "1", "--format", "json").stdout)
    assert len(shown["history"]) == 3
    assert shown["version"] == 4
    assert shown["history"][0]["from_status"] == shown["history"][0]["to_status"] == "not_started"


@freeze_time("2026-02-01 12:00:00")
def test_as_of_rebuilds_the_state_from_history(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("title,deadline\nPublish the STZ rules,2025-11-01\n", encoding="utf-8")
    cli("import", str(path))
    cli("update", "1", "--status", "done", "--on", "2025-12-01", "--note", "Rules gazetted")

    before = listed(cli, "--overdue", "--as-of", "2025-11-30")
    after = listed(cli, "--overdue", "--as-of", "2026-01-01")
    assert [(r["id"], r["status"], r["days_overdue"]) for r in before] == [(1, "not_started", 29)]
    assert after == []
    # The imported state holds before the import date too.
    assert listed(cli, "--as-of", "2020-01-01")[0]["status"] == "not_started"
    assert listed(cli, "--status", "done")[0]["timeliness"] == "closed"


@freeze_time("2026-02-01 12:00:00")
def test_a_backdated_deadline_change_counts_from_its_effective_date(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("title,deadline\nLaunch the payments gateway,2025-10-01\n", encoding="utf-8")
    cli("import", str(path))
    cli("update", "1", "--deadline", "2026-03-31", "--on", "2025-09-15", "--note", "Extended by cabinet")
    assert listed(cli, "--as-of", "2025-09-14")[0]["deadline"] == "2025-10-01"
    assert listed(cli, "--overdue", "--as-of", "2025-12-01") == []
    assert listed(cli)[0]["deadline"] == "2026-03-31"


@freeze_time("2026-01-01 08:00:00")
def test_list_filters(cli: Cli, sample_csv: Path) -> None:
    cli("import", str(sample_csv))
    assert {r["title"] for r in listed(cli, "--theme", "exports", "--theme", "upskilling")} == {
        "IT exports of $5.2 billion in FY2025-26",
        "Upskill 50,000 graduates",
    }
    assert [r["owner"] for r in listed(cli, "--owner", "finance")] == ["Finance Division"]
    assert [r["status"] for r in listed(cli, "--status", "done")] == ["done"]
    assert len(listed(cli, "--status", "done", "--status", "stalled")) == 2
    assert [r["title"] for r in listed(cli, "--search", "50,000")] == ["Upskill 50,000 graduates"]
    assert listed(cli, "--search", "100%") == []
    assert [r["title"] for r in listed(cli, "--due-within", "200")] == ["IT exports of $5.2 billion in FY2025-26"]
    assert listed(cli, "--due-within", "100") == []
    assert len(listed(cli, "--limit", "2")) == 2
    table = cli("list", "--overdue").stdout
    assert "93d late" in table
    assert "Release funds for the STZs" in table


def test_owner_set_and_list(cli: Cli, sample_csv: Path) -> None:
    cli("import", str(sample_csv))
    assert cli("owner", "set", "FBR", "--email", "ops@fbr.gov.pk, chair@fbr.gov.pk").exit_code == 0
    out = cli("owner", "list").stdout
    assert "FBR" in out
    assert "ops@fbr.gov.pk, chair@fbr.gov.pk" in out
    assert "it@example.gov.pk" in out  # from the owner_email column
    assert "(no address)" in out
    bad = cli("owner", "set", "FBR", "--email", "not-an-address")
    assert bad.exit_code == 1
    assert "not an e-mail address" in bad.stderr


def test_backup_copies_every_row_and_checks_it(cli: Cli, sample_csv: Path, tmp_path: Path, is_postgres: bool) -> None:
    cli("import", str(sample_csv))
    target = tmp_path / "copy.db"
    result = cli("backup", str(target))
    if is_postgres:
        assert result.exit_code == 1
        assert "pg_dump" in result.stderr
        return
    assert result.exit_code == 0, result.output
    assert "5 commitments, integrity ok" in result.stdout
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM commitment").fetchone() == (5,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_any_command_on_a_missing_database_creates_it_and_init_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    cli = Cli(str(path))
    assert cli("list").exit_code == 0
    assert path.exists()
    assert cli("init").exit_code == 0
    again = cli("init")
    assert again.exit_code == 0
    assert "ready" in again.stdout


def test_python_dash_m_tracker_works(proc: Proc) -> None:
    result = proc("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("tracker ")


def test_a_failed_update_leaves_the_database_as_it_was(cli: Cli, sample_csv: Path, store: object) -> None:
    cli("import", str(sample_csv))
    before = table_snapshot(store)
    for args in (
        ("update", "2", "--status", "nonsense"),
        ("update", "2", "--deadline", "31/02/2026"),
        ("update", "999", "--note", "x"),
        ("update", "2", "--on", "2999-01-01", "--note", "x"),
        ("update", "2"),
        ("update", "2", "--if-version", "7", "--note", "x"),
    ):
        assert cli(*args).exit_code == 1, args
    assert table_snapshot(store) == before


def test_a_deadline_changed_from_the_command_line_keeps_its_own_words(cli: Cli, sample_csv: Path) -> None:
    cli("import", str(sample_csv))
    cli("update", "1", "--deadline", "end of FY2026-27", "--note", "moved a year")
    shown = json.loads(cli("show", "1", "--format", "json").stdout)
    assert (shown["deadline"], shown["deadline_text"], shown["deadline_rule"]) == (
        "2027-06-30",
        "end of FY2026-27",
        "end of FY2026-27",
    )
    cli("update", "1", "--deadline", "31/12/2026")
    shown = json.loads(cli("show", "1", "--format", "json").stdout)
    assert (shown["deadline"], shown["deadline_text"]) == ("2026-12-31", "31/12/2026")


def test_an_exported_csv_reads_back_into_a_fresh_database(cli: Cli, sample_csv: Path, tmp_path: Path) -> None:
    cli("import", str(sample_csv))
    exported = tmp_path / "all.csv"
    assert cli("export", "all", "--output", str(exported)).exit_code == 0
    fresh = Cli(str(tmp_path / "fresh.db"))
    result = fresh("import", str(exported))
    assert result.exit_code == 0, result.output
    assert sorted(str(r["title"]) for r in listed(fresh)) == sorted(str(r["title"]) for r in listed(cli))


def test_export_to_a_markdown_file_name_writes_markdown(cli: Cli, sample_csv: Path, tmp_path: Path) -> None:
    cli("import", str(sample_csv))
    target = tmp_path / "papers.markdown"
    assert cli("export", "overdue", "--as-of", "2026-01-01", "--output", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_copy_from_a_mistyped_path_is_refused_and_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    result = cli("copy", "--from", str(tmp_path / "typo.db"), "--to", str(tmp_path / "target.db"))
    assert result.exit_code == 1
    assert "no such database" in result.stderr
    assert not (tmp_path / "typo.db").exists()


def test_due_within_any_number_of_days_is_answered(cli: Cli, sample_csv: Path) -> None:
    cli("import", str(sample_csv))
    for days in ("3000000", "999999999999"):
        result = cli("list", "--due-within", days, "--as-of", "2026-01-01", "--format", "json")
        assert result.exit_code == 0, result.output
        assert [r["title"] for r in json.loads(result.stdout)] == ["IT exports of $5.2 billion in FY2025-26"]


@pytest.mark.parametrize(
    "args",
    [["--help"], ["export", "--help"], ["owner", "--help"], ["exprot", "overdue"], ["export", "overdeu"], ["--db"]],
    ids=lambda a: " ".join(a),
)
def test_the_command_run_alone_answers_as_the_whole_command_line(proc: Proc, args: list[str]) -> None:
    """``tracker`` builds only the command it runs: help, a mistyped command and a missing
    value still get what Typer's app with every command built gives."""
    whole_app = "import sys; from tracker.cli import app; app(sys.argv[1:], prog_name='tracker')"

    alone = proc(*args)
    whole = subprocess.run(
        [sys.executable, "-c", whole_app, "--db", proc.db, *args], capture_output=True, text=True, env=proc.env
    )

    assert (alone.returncode, alone.stdout, alone.stderr) == (whole.returncode, whole.stdout, whole.stderr)
    assert alone.returncode == (0 if "--help" in args else 2)
