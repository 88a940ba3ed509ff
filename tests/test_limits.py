"""Inputs at the edges a user or an attacker can reach: far dates, huge or quadratic files,
deeply nested configuration. Each is refused (or, for a row already stored, still reported)
with one line and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, Cli, Proc, table_snapshot
from tracker.dates import parse_deadline
from tracker.errors import UserError
from tracker.importer import MAX_FILE_BYTES
from tracker.models import Commitment


def test_a_keymap_nested_too_deeply_stops_tracker_with_exit_78(proc: Proc, tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text('[keys]\n"commitments.update" = ' + "[" * 100_000 + "]" * 100_000 + "\n")
    proc.env["TRACKER_KEYMAP"] = str(deep)
    result = proc("tui")
    assert result.returncode == 78, result.stderr
    assert "Traceback" not in result.stderr
    # (the lines before it say what the first run loaded from seeds/)
    assert result.stderr.strip().splitlines()[-1] == f"tracker: {deep}: not a valid keymap (values nested too deeply)"


# ---------------------------------------------------------------- far dates

RANGE = "outside the dates tracker accepts (1947-01-01 to 2200-12-31)"
BRIEFING = (
    "---\ntitle: Far sitting\ndate: {day}\npresenter: Finance Division\n---\n"
    "The Division will deliver a portal by 30 June 2026.\n"
)


def _far_inputs(tmp_path: Path) -> dict[str, list[str]]:
    csv_file = tmp_path / "far.csv"
    csv_file.write_text("title,owner,deadline\nNear,Finance Division,2026-05-01\nFar,Finance Division,9999-12-31\n")
    json_file = tmp_path / "early.json"
    json_file.write_text(json.dumps([{"title": "Early", "owner": "Finance Division", "deadline": "0001-01-01"}]))
    late, early = tmp_path / "late.md", tmp_path / "early.md"
    late.write_text(BRIEFING.format(day="9999-12-31"))
    early.write_text(BRIEFING.format(day="0001-01-01"))
    undated = tmp_path / "undated.md"
    undated.write_text(BRIEFING.replace("date: {day}\n", ""))
    return {
        "list --as-of": ["list", "--as-of", "9999-12-31"],
        "export --as-of": ["export", "overdue", "--as-of", "0001-01-01"],
        "remind --as-of": ["remind", "--as-of", "9999-12-31", "--dry-run"],
        "update --on": ["update", "1", "--note", "x", "--on", "31/12/1899"],
        "update --deadline": ["update", "1", "--deadline", "9999-12-31"],
        "update --deadline phrase": ["update", "1", "--deadline", "end of March 9999"],
        "csv deadline": ["import", str(csv_file)],
        "json deadline": ["import", str(json_file)],
        "briefing date 9999": ["import", str(late)],
        "briefing date 0001": ["import", str(early)],
        "import --date": ["import", "--date", "9999-12-31", str(undated)],
    }


@pytest.mark.parametrize(
    "entry",
    [
        "list --as-of",
        "export --as-of",
        "remind --as-of",
        "update --on",
        "update --deadline",
        "update --deadline phrase",
        "csv deadline",
        "json deadline",
        "briefing date 9999",
        "briefing date 0001",
        "import --date",
    ],
)
def test_a_far_date_is_refused_with_one_line_at_every_entry_point(
    cli: Cli, store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entry: str
) -> None:
    monkeypatch.setenv("TRACKER_SMTP_FROM", "secretariat@senate.gov.pk")
    cli("demo", "--count", "3")
    before = table_snapshot(store)
    result = cli(*_far_inputs(tmp_path)[entry])
    assert result.exit_code == 1, result.output
    (line,) = result.stderr.strip().splitlines()
    assert RANGE in line or "names a day outside 1947-01-01 to 2200-12-31" in line
    assert table_snapshot(store) == before


def test_the_update_form_refuses_a_far_deadline_with_the_range() -> None:
    # The TUI's update form reads its deadline field with this parser.
    with pytest.raises(UserError, match="1947-01-01 to 2200-12-31"):
        parse_deadline("31/12/9999", reference=date(2026, 1, 10))
    assert parse_deadline("31/12/2200", reference=date(2026, 1, 10)).date == date(2200, 12, 31)


def test_a_far_deadline_in_a_briefing_is_kept_as_words_without_a_date(cli: Cli, tmp_path: Path) -> None:
    briefing = tmp_path / "far.md"
    briefing.write_text(
        "---\ntitle: Sitting\ndate: 2026-01-10\npresenter: Finance Division\n---\n"
        "The Division will complete the national fibre backbone by March 9999.\n"
    )
    assert cli("import", str(briefing)).exit_code == 0
    (row,) = json.loads(cli("list", "--format", "json").stdout)
    assert row["deadline"] is None
    assert row["deadline_text"] == "by March 9999"


def test_rows_stored_with_far_deadlines_still_appear_in_every_report(
    cli: Cli, store: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Older data, stored before the range was enforced.
    with store.write() as session:
        for title, day in (("Far", date(9999, 12, 31)), ("Early", date(1, 1, 1)), ("Near", date(2026, 5, 1))):
            session.add(
                Commitment(title=title, owner="Finance Division", deadline=day, base_deadline=day, fingerprint=title)
            )
    calendar = tmp_path / "deadlines.ics"
    result = cli("export", "calendar", "--output", str(calendar))
    assert result.exit_code == 0, result.output
    text = calendar.read_bytes().decode("utf-8")
    assert "DTSTART;VALUE=DATE:99991231" in text
    assert "DTSTART;VALUE=DATE:00010101\r\nDTEND;VALUE=DATE:00010102" in text
    assert text.count("BEGIN:VEVENT") == 3
    for fmt in ("csv", "json", "md", "html"):
        assert cli("export", "all", "--format", fmt).exit_code == 0
    workbook = tmp_path / "all.xlsx"
    assert cli("export", "all", "--output", str(workbook)).exit_code == 0
    listed = json.loads(cli("list", "--format", "json").stdout)
    assert {r["deadline"] for r in listed} == {"9999-12-31", "0001-01-01", "2026-05-01"}
    monkeypatch.setenv("TRACKER_SMTP_FROM", "secretariat@senate.gov.pk")
    reminded = cli("remind", "--dry-run", "--as-of", "2200-12-31")
    assert reminded.exit_code == 0, reminded.output


# ---------------------------------------------------------------- large and quadratic files


def test_a_header_of_a_title_and_900000_empty_columns_is_read_in_one_pass(proc: Proc, tmp_path: Path) -> None:
    # Counting each column among all the others took more than ten minutes for 1 MB.
    wide = tmp_path / "wide.csv"
    wide.write_text("title" + "," * 900_000 + "\nReview the tariff\n")
    result = proc("import", str(wide), timeout=120)
    assert result.returncode == 0, result.stderr[:300]
    assert result.stdout.strip() == f"{wide}: 1 created, 0 updated, 0 already present"


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_file_over_the_size_cap_is_refused_unread(proc: Proc, tmp_path: Path, suffix: str) -> None:
    huge = tmp_path / f"huge{suffix}"
    with huge.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: takes no disk, and must not be read
    result = proc("import", str(huge))
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"tracker: {huge}: larger than 256 MB, the most tracker imports at once; split it into smaller files"
    )


def test_a_one_line_csv_is_refused_at_its_first_long_line_in_bounded_memory(proc: Proc, tmp_path: Path) -> None:
    size = 40 * 1024 * 1024
    one_line = tmp_path / "one-line.csv"
    one_line.write_text("title," + "x," * (size // 2) + "\n")
    # Measured in a process of its own, so no earlier child's peak counts.
    code = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'tracker', *sys.argv[1:]], capture_output=True, text=True)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(done.stderr.strip())\n"
    )
    measured = subprocess.run(
        [sys.executable, "-c", code, "--db", proc.db, "import", str(one_line)],
        capture_output=True,
        text=True,
        env=proc.env,
        cwd=ROOT,
        timeout=120,
    )
    first, message = measured.stdout.strip().splitlines()
    code_seen, peak_kib = (int(v) for v in first.split())
    assert code_seen == 1
    assert message == f"tracker: {one_line}: line 1 is longer than 1,000,000 characters; is it the right file?"
    # The bytes read and their text, and little more: the CSV reader never sees the line.
    assert peak_kib * 1024 < 150 * 1024 * 1024 + 3 * size
