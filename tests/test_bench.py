"""The benchmark entry point works end to end (on 200 rows: the real sizes are opt-in)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 command-line shell is not installed")
def test_the_benchmark_prints_every_figure_beside_its_baseline(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tracker.bench", "--sizes", "200", "--repeat", "1", "--cache", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| 200 |")]
    measured = [row.split("|")[2].strip() for row in rows]
    assert measured == [
        "CSV import into a fresh db",
        "CSV import (the same runs)",
        "export overdue --format csv",
        "remind --dry-run",
        "list --overdue --format json",
        "start to first line of list --limit 20",
    ]
    for row in rows:  # tracker's time, and its baseline's beside it
        cells = [cell.strip() for cell in row.split("|")]
        assert cells[3].endswith(" s"), row
        assert cells[5].endswith(" s"), row
    assert "imports Textual: no" in result.stdout
    assert (tmp_path / "demo-200.db").exists()  # cached for the next run
