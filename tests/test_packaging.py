"""tracker installed from a wheel, away from any checkout, runs every command: the migrations
and the default seeds travel inside the package, and the default database goes to the user's
data folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tracker.paths import checkout_root, default_db_path, migrations_dir, seeds_dir

ROOT = Path(__file__).resolve().parent.parent

# What is installed does not depend on the database under test: the PostgreSQL run skips it.
on_postgres = pytest.mark.skipif(bool(os.environ.get("TRACKER_TEST_DB_URL")), reason="database-independent")


def test_a_checkout_uses_its_own_migrations_seeds_and_database() -> None:
    assert checkout_root() == ROOT
    assert migrations_dir() == ROOT / "db" / "migrations"
    assert seeds_dir() == ROOT / "seeds"
    assert default_db_path() == ROOT / "db" / "tracker.db"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("tracker-*.whl")
    return built


@pytest.mark.slow
@on_postgres
def test_the_wheel_carries_migrations_and_seeds(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for migration in (ROOT / "db" / "migrations" / "versions").glob("*.py"):
        assert f"tracker/_data/migrations/versions/{migration.name}" in names
    assert "tracker/_data/migrations/env.py" in names
    assert "tracker/_data/seeds/themes.toml" in names
    assert "tracker/_data/seeds/senate-it-briefing-2025-06.md" in names
    assert not [n for n in names if "__pycache__" in n]


@pytest.mark.slow
@on_postgres
def test_a_wheel_in_a_fresh_venv_runs_from_an_empty_folder(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", str(wheel)], check=True, capture_output=True)
    home = tmp_path / "home"
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "XDG_", "PYTHON"))}
    env.update(HOME=str(home), TRACKER_TZ="Asia/Karachi")

    def tracker(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(venv / "bin" / "tracker"), *args], cwd=empty, env=env, capture_output=True, text=True, timeout=120
        )

    data_db = home / ".local" / "share" / "tracker" / "tracker.db"
    init = tracker("init")
    assert init.returncode == 0, init.stderr
    assert str(data_db) in init.stdout
    assert data_db.is_file()

    seed = venv.glob("lib/python*/site-packages/tracker/_data/seeds/senate-it-briefing-2025-06.md")
    imported = tracker("import", str(next(seed)))
    assert imported.returncode == 0, imported.stderr

    listed = tracker("list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert "5.2" in listed.stdout
    assert "Ministry of Information Technology" in listed.stdout
    assert list(empty.iterdir()) == []  # nothing written where it was run

    # --db still wins over the data folder.
    other = tmp_path / "other.db"
    assert tracker("--db", str(other), "init").returncode == 0
    assert other.is_file()
