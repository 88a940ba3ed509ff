"""Storage safety: concurrent writers, stale edits, migrations, backups."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, inspect, select, text
from sqlmodel import col

from tests.conftest import ROOT, table_snapshot
from tracker import commitments as svc
from tracker.errors import ConflictError
from tracker.models import Commitment, Status, StatusChange
from tracker.store import SCHEMA_HEAD, downgrade, open_store, resolve_url, upgrade

TODAY = date(2026, 1, 10)


def _seed(store: Any, n: int = 3) -> None:
    with store.write() as session:
        for i in range(n):
            svc.add_commitment(session, title=f"Commitment {i + 1}", theme="exports", owner="MoITT")


def _hammer(db: str, commitment_id: int, n: int, who: str) -> None:
    store = open_store(db)
    for i in range(n):
        with store.write() as session:
            svc.update_commitment(session, commitment_id, today=TODAY, note=f"{who} {i}", by=who)
    store.dispose()


@pytest.mark.slow
def test_two_processes_updating_one_commitment_lose_nothing(db_url: str, store: Any) -> None:
    _seed(store, 1)
    n = 60
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_hammer, args=(db_url, 1, n, who)) for who in ("alpha", "beta")]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert [w.exitcode for w in workers] == [0, 0]
    with store.read() as session:
        rows = session.execute(select(col(StatusChange.by), func.count()).group_by(StatusChange.by)).all()
        version = session.get(Commitment, 1).version
    assert dict(rows) == {"alpha": n, "beta": n}
    assert version == 1 + 2 * n


def test_a_stale_edit_is_refused_and_the_first_save_survives(store: Any) -> None:
    _seed(store, 1)
    with store.read() as session:
        seen_by_a = session.get(Commitment, 1).version
        seen_by_b = session.get(Commitment, 1).version
    with store.write() as session:
        svc.update_commitment(session, 1, today=TODAY, status=Status.IN_PROGRESS, by="A", expected_version=seen_by_a)
    with pytest.raises(ConflictError, match="changed by someone else"), store.write() as session:
        svc.update_commitment(session, 1, today=TODAY, status=Status.DROPPED, by="B", expected_version=seen_by_b)
    with store.read() as session:
        c = session.get(Commitment, 1)
        history = svc.history(session, 1)
    assert c.status == "in_progress"
    assert [(h.by, h.to_status) for h in history] == [("A", "in_progress")]


@pytest.mark.own_database
def test_migrations_down_and_up_keep_every_row(db_url: str, store: Any) -> None:
    _seed(store, 3)
    with store.write() as session:
        svc.update_commitment(session, 2, today=TODAY, status=Status.DONE, note="done", by="A")
        svc.set_owner(session, "MoITT", ["it@example.gov.pk"])
    before = {k: v for k, v in table_snapshot(store).items() if k != "reminderlog"}
    url = resolve_url(db_url)

    downgrade(url, "0001")
    upgrade(url)
    downgrade(url, "0001")
    upgrade(url)

    after = {k: v for k, v in table_snapshot(store).items() if k != "reminderlog"}
    assert after == before
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == SCHEMA_HEAD
        if conn.dialect.name == "sqlite":
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() == []


@pytest.mark.own_database
def test_the_review_migration_accepts_every_existing_row_and_goes_down_and_up(db_url: str, store: Any) -> None:
    url = resolve_url(db_url)
    downgrade(url, "0008")
    with store.engine.begin() as conn:
        for title in ("Old one", "Old two"):
            conn.execute(
                text(
                    "INSERT INTO commitment (title, description, theme, owner, kind, status, base_status, fingerprint,"
                    " version, history_notes, created_at, updated_at) VALUES (:t, '', 'other', '', 'commitment',"
                    " 'not_started', 'not_started', :t, 1, '', '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
                ),
                {"t": title},
            )
        indexes_before = _indexes(conn)

    upgrade(url, "0009")

    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT title, review, reviewed_by FROM commitment ORDER BY id")).fetchall()
        assert [tuple(r) for r in rows] == [("Old one", "accepted", None), ("Old two", "accepted", None)]
        # Added in place: the expression indexes of 0003 and the search triggers of 0007 stay.
        assert _indexes(conn) == indexes_before | {"ix_commitment_review"}
    with pytest.raises(Exception, match="(?i)check"), store.engine.begin() as conn:
        conn.execute(text("UPDATE commitment SET review = 'maybe' WHERE title = 'Old one'"))

    downgrade(url, "0008")
    with store.engine.connect() as conn:
        assert _indexes(conn) == indexes_before
        assert "review" not in {c["name"] for c in inspect(conn).get_columns("commitment")}
    upgrade(url)
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM commitment WHERE review = 'accepted'")).scalar() == 2


def _indexes(conn: Any) -> set[str]:
    """The names of the commitment table's indexes, and on SQLite (whose expression indexes
    reflection skips) of every index and trigger."""
    if conn.dialect.name == "sqlite":
        found = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")
        return {r[0] for r in found}
    return {i["name"] for i in inspect(conn).get_indexes("commitment")}


def test_the_models_and_the_migrations_agree(store: Any) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlmodel import SQLModel

    from tracker.store import _alembic_config, autogenerate_include

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": autogenerate_include})
        assert compare_metadata(context, SQLModel.metadata) == []
        script = ScriptDirectory.from_config(_alembic_config(conn))
    assert script.get_current_head() == SCHEMA_HEAD


def test_init_upgrades_an_older_database_after_backing_it_up(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    url = resolve_url(str(path))
    upgrade(url, "0001")
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO commitment (title, description, theme, owner, status, base_status, fingerprint, version,"
            " created_at, updated_at) VALUES ('Old one', '', 'other', '', 'not_started', 'not_started', 'x', 1,"
            " '2025-01-01 00:00:00', '2025-01-01 00:00:00')"
        )
    env = {"PATH": "", "TRACKER_TZ": "Asia/Karachi", "HOME": str(tmp_path)}
    refused = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(path), "list"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert refused.returncode == 78
    assert "run 'tracker init'" in refused.stderr
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(path), "init"], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / f"old.db.before-{SCHEMA_HEAD}.bak").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT title FROM commitment").fetchall() == [("Old one",)]


def _writer(db: str, seconds: float) -> None:
    store = open_store(db)
    deadline = time.monotonic() + seconds
    i = 0
    while time.monotonic() < deadline:
        with store.write() as session:
            svc.add_commitment(session, title=f"Written during backup {i}", theme="policy")
        i += 1
    store.dispose()


@pytest.mark.slow
def test_a_backup_taken_while_a_writer_runs_has_every_committed_row(tmp_path: Path) -> None:
    db = str(tmp_path / "busy.db")
    store = open_store(db)
    with store.write() as session:
        from tracker.demo import fill

        fill(session, count=5000, seed=3, today=TODAY)
    ctx = multiprocessing.get_context("spawn")
    writer = ctx.Process(target=_writer, args=(db, 2.0))
    writer.start()
    time.sleep(0.8)
    from tracker.store import backup_sqlite

    copy = tmp_path / "copy.db"
    with store.read() as session:
        committed_before = session.execute(select(func.count()).select_from(Commitment)).scalar_one()
    count = backup_sqlite(store, copy)
    writer.join(60)
    assert count >= committed_before
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM commitment").fetchone()[0] == count
    store.dispose()


def test_write_transactions_begin_immediate_on_sqlite(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "t.db"))
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with store.write() as session:
        session.execute(text("SELECT 1"))
    with store.read() as session:
        session.execute(text("SELECT 1"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    assert "BEGIN IMMEDIATE" in statements
    assert "BEGIN DEFERRED" in statements
    store.dispose()


def test_a_backup_includes_rows_still_in_the_write_ahead_log(tmp_path: Path) -> None:
    """Committed rows that are only in the -wal file: a plain copy of the .db misses them,
    the backup has them."""
    import shutil

    db = tmp_path / "wal.db"
    store = open_store(str(db))
    writer = sqlite3.connect(db, isolation_level=None)
    # Another connection holds the database open, so closing ours does not checkpoint the -wal
    # file into the .db (the last connection to close would).
    writer.execute("SELECT count(*) FROM commitment").fetchone()
    with store.write() as session:
        from tracker.demo import fill

        fill(session, count=2000, seed=8, today=TODAY)

    naive = tmp_path / "naive.db"
    shutil.copy(db, naive)
    with sqlite3.connect(naive) as conn:
        assert conn.execute("SELECT count(*) FROM commitment").fetchone()[0] < 2000

    from tracker.store import backup_sqlite

    assert backup_sqlite(store, tmp_path / "backup.db") == 2000
    with sqlite3.connect(tmp_path / "backup.db") as conn:
        assert conn.execute("SELECT count(*) FROM commitment").fetchone() == (2000,)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    writer.close()
    store.dispose()
