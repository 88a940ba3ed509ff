"""The test fixtures themselves (tests/conftest.py): a skip that comes too late costs every
PostgreSQL run a database per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]


def test_a_sqlite_only_test_is_skipped_on_postgresql_before_a_database_is_made(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A server that never answers: a fixture that tried to make a database would error.
    monkeypatch.setenv("TRACKER_TEST_DB_URL", "postgresql://tracker@127.0.0.1:9/none?connect_timeout=1")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    pytester.makepyfile(
        test_plan="""
        import pytest

        @pytest.mark.sqlite_only("the plan is SQLite's")
        def test_plan(store):
            raise AssertionError("ran on PostgreSQL")
        """
    )
    result = pytester.runpytest_subprocess("-p", "tests.conftest", "-p", "no:cacheprovider", "-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*the plan is SQLite's*"])


def test_no_test_sees_what_the_test_before_it_left_in_the_database(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    # On PostgreSQL the tests of a worker take turns on one database: rows, ids, planner
    # statistics, a changed schema and connections left open must not reach the next test.
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    pytester.makepyfile(
        test_turns="""
        from datetime import date

        import pytest
        from sqlalchemy import create_engine, inspect, text

        from tests.conftest import table_snapshot
        from tracker import commitments as svc
        from tracker.store import resolve_url

        left_open = []


        def _fresh(store, is_postgres):
            assert all(rows == [] for rows in table_snapshot(store).values())
            with store.write() as session:
                first = svc.add_commitment(session, title="First", owner="PTA")
                svc.set_owner(session, "PTA", ["pta@example.gov.pk"])
                svc.update_commitment(session, first.id, today=date(2026, 1, 5), note="seen", by="A")
            with store.engine.connect() as conn:
                assert conn.execute(text("SELECT id FROM commitment")).scalars().all() == [1]
                assert conn.execute(text("SELECT id FROM owner")).scalars().all() == [1]
                assert conn.execute(text("SELECT id FROM statuschange")).scalars().all() == [1]
                assert "leftover" not in {c["name"] for c in inspect(conn).get_columns("commitment")}
                if is_postgres:
                    stats = "SELECT count(*) FROM pg_stats WHERE schemaname = 'public'"
                    assert conn.execute(text(stats)).scalar() == 0


        def test_1_writes_rows_analyzes_and_leaves_a_pooled_connection(db_url, store, is_postgres):
            _fresh(store, is_postgres)
            with store.write() as session:
                for n in range(50):
                    svc.add_commitment(session, title=f"Row {n}", owner="MoF", deadline=date(2026, 6, 30))
            with store.engine.begin() as conn:
                conn.execute(text("ANALYZE"))
            # An engine never disposed: its connection stays in its pool after the test.
            left_open.append(create_engine(resolve_url(db_url)))
            with left_open[-1].connect() as conn:
                conn.execute(text("SELECT 1"))


        def test_2_starts_from_the_template(store, is_postgres):
            _fresh(store, is_postgres)


        def test_3_changes_the_schema(store, is_postgres):
            _fresh(store, is_postgres)
            with store.engine.begin() as conn:
                conn.execute(text("ALTER TABLE commitment ADD COLUMN leftover INTEGER"))


        def test_4_starts_from_the_template(store, is_postgres):
            _fresh(store, is_postgres)


        def test_5_leaves_a_transaction_open(db_url, store, is_postgres):
            _fresh(store, is_postgres)
            left_open.append(create_engine(resolve_url(db_url)).connect())
            left_open[-1].execute(text("SELECT count(*) FROM commitment"))


        def test_6_draws_an_id_it_rolls_back_and_leaves_no_row(store):
            with pytest.raises(RuntimeError), store.write() as session:
                svc.add_commitment(session, title="Undone", owner="PTA")
                session.flush()
                raise RuntimeError("roll back")
            assert all(rows == [] for rows in table_snapshot(store).values())


        def test_7_starts_from_the_template(store, is_postgres):
            _fresh(store, is_postgres)
        """
    )
    result = pytester.runpytest_subprocess("-p", "tests.conftest", "-p", "no:cacheprovider", "-n", "0")
    result.assert_outcomes(passed=7)
