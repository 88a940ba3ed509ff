"""Errors as a user meets them from a real process: one line on stderr, the right exit code."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import Proc


def assert_one_clean_line(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "4242"), 1, "no commitment with id 4242"),
        (("show", "99999999999999999999"), 1, "no commitment with id 99999999999999999999"),
        (("update", "99999999999999999999", "--note", "x"), 1, "no commitment with id"),
        (("list", "--status", "finished"), 1, "unknown status 'finished'"),
        (("list", "--theme", "astrology"), 1, "unknown theme 'astrology'"),
        (("list", "--as-of", "31/02/2026"), 1, "not a real date"),
        (("update", "1", "--deadline", "soonish"), 1, "not a date"),
        (("import", "briefing.odt"), 1, "briefings (.md, .markdown, .txt, .pdf, .docx, .html, .htm) and commitments"),
    ],
)
def test_user_errors_exit_1_with_one_line(proc: Proc, args: tuple[str, ...], code: int, message: str) -> None:
    result = proc(*args)
    assert result.returncode == code
    assert message in result.stderr
    assert_one_clean_line(result.stderr)


def test_an_unknown_option_is_a_usage_error(proc: Proc) -> None:
    result = proc("list", "--frobnicate")
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_a_database_in_a_missing_folder_is_a_user_error(proc: Proc, tmp_path: Path) -> None:
    proc.db = str(tmp_path / "no" / "such" / "folder" / "t.db")
    result = proc("list")
    assert result.returncode == 1
    assert "does not exist" in result.stderr
    assert not (tmp_path / "no").exists()


def test_a_file_that_is_not_a_database(proc: Proc, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    proc.db = str(path)
    result = proc("list")
    assert result.returncode == 1
    assert "not a tracker database" in result.stderr
    assert_one_clean_line(result.stderr)
    assert path.read_text().startswith("these are my notes")


def test_a_database_from_a_newer_tracker_is_a_configuration_error(proc: Proc, tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    proc.db = str(path)
    assert proc("init").returncode == 0
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    result = proc("list")
    assert result.returncode == 78
    assert "newer tracker" in result.stderr


def test_an_unknown_time_zone_is_a_configuration_error(proc: Proc) -> None:
    proc.env["TRACKER_TZ"] = "Mars/Olympus_Mons"
    result = proc("list")
    assert result.returncode == 78
    assert "TRACKER_TZ" in result.stderr
    assert_one_clean_line(result.stderr)


def test_every_bad_setting_is_a_line_naming_its_variable(proc: Proc) -> None:
    proc.env.update(
        TRACKER_SMTP_FROM="secretariat@senate.gov.pk",
        TRACKER_SMTP_PORT="twenty-five",
        TRACKER_SMTP_STARTTLS="maybe",
        TRACKER_REPLY_TO="desk@senate.gov.pk, chair@senate.gov.pk",
    )
    result = proc("remind", "--dry-run")
    assert result.returncode == 78
    assert result.stderr.strip().splitlines() == [
        "tracker: TRACKER_REPLY_TO: give one address, not 2",
        "tracker: TRACKER_SMTP_PORT: 'twenty-five' is not a port number",
        "tracker: TRACKER_SMTP_STARTTLS: 'maybe': use 1 or 0",
    ]


def test_a_bad_setting_stops_only_the_commands_that_use_it(proc: Proc) -> None:
    # Mail settings only: on PostgreSQL every command uses the connect timeout.
    proc.env.update(TRACKER_SMTP_PORT="twenty-five", TRACKER_SMTP_STARTTLS="perhaps")
    result = proc("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("[")


def test_an_unsupported_database_url_is_a_configuration_error(proc: Proc) -> None:
    proc.db = "mysql://localhost/tracker"
    result = proc("list")
    assert result.returncode == 78
    assert "unsupported database" in result.stderr
