"""One grammar for what users type: every date option and field takes the same forms, each
command offers only the formats it has, a mistyped URL names the fix, and a CSV file is read
whatever delimiter the spreadsheet that saved it used."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from freezegun import freeze_time

from tests.conftest import Cli, InProcess, table_snapshot
from tracker.dates import parse_day

ROWS = (
    "title,theme,owner,status,deadline\n"
    "Release funds for the STZs,fund_disbursement,Finance Division,in_progress,30-09-2025\n"
)


@pytest.mark.parametrize("typed", ["2026-06-30", "30/06/2026", "30-06-2026", "30.06.2026", " 30/6/2026 "])
def test_every_date_form_means_the_same_day(typed: str) -> None:
    assert parse_day(typed) == date(2026, 6, 30)


@pytest.mark.parametrize("typed", ["06/30/2026", "2026/06/30", "30-06-26", "tomorrow", "31/02/2026", "30/06-2026"])
def test_what_is_not_one_of_those_forms_is_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="not"):
        parse_day(typed)


@freeze_time("2026-01-10 09:00:00")
def test_every_date_option_takes_the_day_first_forms(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")
    imported = cli("import", str(path))
    assert imported.exit_code == 0, imported.output
    assert json.loads(cli("show", "1", "--format", "json").stdout)["deadline"] == "2025-09-30"

    updated = cli("update", "1", "--status", "done", "--on", "30-12-2025", "--deadline", "30-06-2027")
    assert updated.exit_code == 0, updated.output
    assert "effective 2025-12-30" in updated.stdout
    for as_of in ("31-12-2025", "31.12.2025", "31/12/2025", "2025-12-31"):
        result = cli("list", "--format", "json", "--as-of", as_of)
        assert result.exit_code == 0, (as_of, result.output)
        assert json.loads(result.stdout)[0]["status"] == "done", as_of
    exported = cli("export", "all", "--as-of", "29.12.2025", "--format", "json")
    assert exported.exit_code == 0, exported.output
    assert json.loads(exported.stdout)[0]["status"] == "in_progress"


def test_a_date_in_no_known_form_is_one_line_naming_the_forms(run: InProcess, store: object) -> None:
    before = table_snapshot(store)
    result = run("list", "--as-of", "12/31/2025")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1, result.stderr
    assert "--as-of" in result.stderr
    for form in ("2026-06-30", "30/06/2026", "30-06-2026", "30.06.2026"):
        assert form in result.stderr, result.stderr
    assert table_snapshot(store) == before


def test_import_offers_only_its_own_formats(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")
    refused = cli("import", "--format", "csv", str(path))
    assert refused.exit_code == 2
    assert "'csv' is not one of 'table', 'json'" in refused.output
    assert cli("list", "--format", "json").stdout.strip() == "[]"  # nothing was imported
    assert cli("import", "--format", "json", str(path)).exit_code == 0


def test_a_postgres_url_names_the_driver_to_write(run: InProcess) -> None:
    result = run("--db", "postgres://tracker:secret@db.example.internal/tracker", "list")
    assert result.returncode == 78
    assert "postgresql+psycopg://" in result.stderr
    assert "secret" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("delimiter", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_a_csv_file_is_read_whatever_its_delimiter(cli: Cli, tmp_path: Path, delimiter: str) -> None:
    # As Excel saves "CSV" where the decimal mark is a comma: semicolons between the cells,
    # and cells holding a comma quoted only when the delimiter needs it.
    header = ["title", "theme", "owner", "status", "deadline", "target_value"]
    rows = [
        [
            "IT exports of $5.2 billion, in FY2025-26",
            "exports",
            "Ministry of IT",
            "not_started",
            "30/06/2026",
            "5200000000",
        ],
        ["Upskill 50,000 graduates", "upskilling", "DigiSkills", "stalled", "31.12.2025", ""],
    ]

    def line(cells: list[str]) -> str:
        return delimiter.join(f'"{c}"' if delimiter == "," and "," in c else c for c in cells)

    path = tmp_path / "excel.csv"
    path.write_text("\ufeff" + "\r\n".join(line(r) for r in [header, *rows]) + "\r\n", encoding="utf-8")

    result = cli("import", str(path))

    assert result.exit_code == 0, result.output
    listed = json.loads(cli("list", "--format", "json").stdout)
    assert [(r["title"], r["owner"], r["deadline"], r["target_value"]) for r in listed] == [
        ("IT exports of $5.2 billion, in FY2025-26", "Ministry of IT", "2026-06-30", 5.2e9),
        ("Upskill 50,000 graduates", "DigiSkills", "2025-12-31", None),
    ]


def test_a_header_with_no_title_still_names_its_columns(run: InProcess, tmp_path: Path) -> None:
    path = tmp_path / "wrong.csv"
    path.write_text("name;theme;owner\nSomething;policy;PTA\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.returncode == 1
    assert "no 'title' column (found: name, theme, owner)" in result.stderr, result.stderr
