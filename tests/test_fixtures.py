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
