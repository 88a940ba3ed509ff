"""Shared fixtures: a fresh database per test (SQLite, or PostgreSQL when
TRACKER_TEST_DB_URL names a server, where a worker's one database is emptied between tests),
the command line in-process and as a real process."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import uuid
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent

# A marker expression that chooses the slow proofs, the benchmarks or the corpus figures
# (rather than leaving them out, as the default `not bench and not slow and not corpus` does).
_TIMED_MARKERS = re.compile(r"(?<!not )\b(slow|bench|corpus)\b")


def pytest_configure(config: pytest.Config) -> None:
    """Write tracker's bytecode once (``tracker.bench.compile_tracker``) before any test runs,
    in the main process, not again in each xdist worker: otherwise each test that starts
    ``python -m tracker`` compiles tracker's modules again where ``PYTHONDONTWRITEBYTECODE`` is
    set. The benchmarks, which start tracker processes too, rely on it."""
    config.addinivalue_line("markers", "sqlite_only(reason): skipped on PostgreSQL before its fixtures make a database")
    config.addinivalue_line(
        "markers",
        "own_database: on PostgreSQL the test gets a database of its own, not its worker's reused one"
        " (a test that migrates or downgrades it)",
    )
    if not hasattr(config, "workerinput"):
        from tracker.bench import compile_tracker

        compile_tracker()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """How many workers `-n auto` (in the default options) starts: one more than the cores for
    the whole default suite, because the TUI tests spend much of their time waiting for the
    app to settle and another worker uses the core meanwhile; none (one process, as before)
    when the run names its own tests or chooses the slow proofs, benchmarks or corpus figures,
    which time, kill or race processes and must not share the cores with other tests.
    PYTEST_XDIST_AUTO_NUM_WORKERS still chooses the count when set."""
    narrowed = config.args_source != pytest.Config.ArgsSource.TESTPATHS
    if narrowed or _TIMED_MARKERS.search(config.option.markexpr or ""):
        return 0
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores + 1


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test marked ``sqlite_only`` on PostgreSQL before pytest sets up its fixtures: a
    skip in the test's body comes after ``store`` or ``cli`` has made its database."""
    marker = item.get_closest_marker("sqlite_only")
    if marker is not None and _postgres_admin_url():
        pytest.skip(marker.args[0] if marker.args else "concerns SQLite only")


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Each test starts from a known environment, never the user's database."""
    known_environment(monkeypatch, tmp_path)


def known_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The environment every test starts from (also for a fixture shared by a module's tests,
    which runs before any test's own environment is set)."""
    for name in list(os.environ):
        if name.startswith("TRACKER_") and name != "TRACKER_TEST_DB_URL":
            monkeypatch.delenv(name)
    # pytest-xdist's workers are given COLUMNS=80, and a shell may export its own: without
    # them the command line sees what any piped run sees (its 120-column default).
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    monkeypatch.setenv("TRACKER_TZ", "Asia/Karachi")
    monkeypatch.setenv("TRACKER_USER", "tester")
    monkeypatch.setenv("TRACKER_DB", str(tmp_path / "unexpected-default.db"))


def _postgres_admin(admin_url: str) -> tuple[str, Any]:
    """The libpq connection string of the admin URL, and the URL itself parsed."""
    from sqlalchemy.engine import make_url

    url = make_url(admin_url)
    return url.set(drivername="postgresql").render_as_string(hide_password=False), url


def _postgres_database(admin_url: str, template: str) -> Iterator[str]:
    """A new PostgreSQL database for one test, a copy of ``template``, dropped afterwards."""
    import psycopg

    conninfo, url = _postgres_admin(admin_url)
    name = f"tracker_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        # PostgreSQL 15's default strategy writes the whole copy to the WAL: copying the files
        # instead took 50 ms rather than 125 ms per test, and its drop 20 ms rather than 60.
        strategy = " STRATEGY = FILE_COPY" if conn.info.server_version >= 150000 else ""
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _postgres_template() -> Iterator[str]:
    """A PostgreSQL database at the current schema, made once per run (per xdist worker, each
    under its own name): every test's database is created from it instead of running the
    migrations again. Nothing stays connected to it, as CREATE DATABASE ... TEMPLATE needs."""
    import psycopg

    from tracker.store import open_store

    admin = os.environ["TRACKER_TEST_DB_URL"].strip()
    conninfo, url = _postgres_admin(admin)
    name = f"tracker_template_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        open_store(url.set(database=name).render_as_string(hide_password=False)).dispose()
        yield name
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Everything a test could change in a database besides its rows: the schema, its triggers,
# functions, sequences' definitions, extensions, the database's own settings, the schema
# revision. A test whose database no longer has the template's fingerprint leaves it to be
# made again rather than emptied.
_FINGERPRINT = """
SELECT md5(coalesce(string_agg(item, E'\\n' ORDER BY item), '')) FROM (
  SELECT format('rel %s.%s %s %s %s', n.nspname, c.relname, c.relkind, c.reloptions, c.relrowsecurity) AS item
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  UNION ALL
  SELECT format('col %s %s %s %s %s %s %s', a.attrelid::regclass, a.attnum, a.attname,
                format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attgenerated, pg_get_expr(d.adbin, d.adrelid))
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE a.attnum > 0 AND NOT a.attisdropped
     AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  UNION ALL
  SELECT format('idx %s %s', pg_get_indexdef(i.indexrelid), i.indisvalid)
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
  UNION ALL
  SELECT format('con %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL
  SELECT format('trg %s %s', pg_get_triggerdef(oid), tgenabled) FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL
  SELECT format('fn %s', pg_get_functiondef(oid)) FROM pg_proc
   WHERE prokind IN ('f', 'p')
     AND pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL
  SELECT format('seq %s %s %s %s %s', seqrelid::regclass, seqtypid, seqstart, seqincrement, seqcycle) FROM pg_sequence
  UNION ALL
  SELECT format('type %s', oid::regtype) FROM pg_type
   WHERE typnamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
     AND typnamespace::regnamespace::text NOT LIKE 'pg\\_%'
  UNION ALL
  SELECT format('ext %s %s', extname, extversion) FROM pg_extension
  UNION ALL
  SELECT format('nsp %s', nspname) FROM pg_namespace
   WHERE nspname NOT LIKE 'pg\\_temp%' AND nspname NOT LIKE 'pg\\_toast\\_temp%'
  UNION ALL
  SELECT format('set %s', setconfig) FROM pg_db_role_setting
   WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
  UNION ALL
  SELECT format('lo %s', count(*)) FROM pg_largeobject_metadata
  UNION ALL
  SELECT format('revision %s', version_num) FROM public.alembic_version
) AS schema
"""


@dataclass
class _ReusedDatabase:
    """One PostgreSQL database per xdist worker that tests take in turn instead of each
    creating and dropping its own (70 ms a test). After each test every table is emptied and
    its id sequence restarted (``TRUNCATE ... RESTART IDENTITY``), the planner's statistics
    and the activity counters that would start autovacuum are cleared, so the next test sees
    what a fresh copy of the template gives it; connections the test left are ended first.
    The database is made again instead whenever a test left a prepared transaction, a
    connection that would not end, or a schema that is not the template's (``_FINGERPRINT``),
    or when emptying it failed."""

    admin_conninfo: str
    admin_url: Any
    template: str
    name: str
    expected: str = ""
    tables: tuple[str, ...] = ()
    ready: bool = False
    remade: int = 0

    @property
    def url(self) -> str:
        return str(self.admin_url.set(database=self.name).render_as_string(hide_password=False))

    def _conninfo(self) -> str:
        return str(
            self.admin_url.set(drivername="postgresql", database=self.name).render_as_string(hide_password=False)
        )

    def checkout(self) -> str:
        """The database's URL for the next test, made again first if the last one spoiled it."""
        if not self.ready:
            self._remake()
        self.ready = False
        return self.url

    def checkin(self) -> None:
        """Empty the database after a test, or leave it to be made again."""
        import psycopg

        try:
            self.ready = self._empty()
        except psycopg.Error:
            self.ready = False

    def drop(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def _remake(self) -> None:
        import psycopg

        self.remade += 1
        with psycopg.connect(self.admin_conninfo, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            strategy = " STRATEGY = FILE_COPY" if conn.info.server_version >= 150000 else ""
            conn.execute(f'CREATE DATABASE "{self.name}" TEMPLATE "{self.template}"{strategy}')
        if not self.expected:
            with psycopg.connect(self._conninfo(), autocommit=True) as conn:
                self.expected = conn.execute(_FINGERPRINT).fetchone()[0]  # type: ignore[index]
                names = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
                self.tables = tuple(sorted(t for t in names if t != "alembic_version"))
                for table in self.tables:
                    # Emptying gives the template's content only while its tables hold no rows.
                    assert conn.execute(f'SELECT NOT EXISTS (SELECT FROM "{table}")').fetchone() == (True,), table

    def _empty(self) -> bool:
        import psycopg

        with psycopg.connect(self._conninfo(), autocommit=True) as conn:
            conn.execute("SET lock_timeout = '10s'")
            prepared = "SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()"
            if conn.execute(prepared).fetchone() != (0,):
                return False
            # A command run in-process leaves its engine's pooled connections behind until the
            # engine is collected, and a test may leave one in a transaction: they are ended
            # here, as dropping the database with FORCE ended them.
            others = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            for (pid,) in conn.execute(others).fetchall():
                if conn.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,)).fetchone() != (True,):
                    return False
            if conn.execute(_FINGERPRINT).fetchone() != (self.expected,):
                return False
            # TRUNCATE makes new files for every table and index (30 ms or more): only when
            # the test left rows. An id drawn and rolled back leaves none, hence the setval.
            written = " UNION ALL ".join(f'(SELECT 1 FROM "{table}" LIMIT 1)' for table in self.tables)
            with conn.transaction():
                if conn.execute(written).fetchone() is not None:
                    conn.execute(f"TRUNCATE {', '.join(self.tables)} RESTART IDENTITY CASCADE")
                else:
                    conn.execute("SELECT setval(seqrelid, seqstart, false) FROM pg_sequence")
                conn.execute(
                    "DELETE FROM pg_statistic WHERE starelid IN"
                    " (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)"
                )
            conn.execute("SELECT pg_stat_reset()")
        return True


@pytest.fixture(scope="session")
def _postgres_reused(_postgres_template: str) -> Iterator[_ReusedDatabase]:
    """This worker's reused PostgreSQL database (see ``_ReusedDatabase``), dropped at the end."""
    conninfo, url = _postgres_admin(os.environ["TRACKER_TEST_DB_URL"].strip())
    reused = _ReusedDatabase(conninfo, url, _postgres_template, f"tracker_test_{uuid.uuid4().hex[:12]}")
    yield reused
    reused.drop()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty SQLite database at the current schema, made once per run: running the
    migrations for every test cost a fifth of the suite's time."""
    from tracker.store import open_store

    path = tmp_path_factory.mktemp("template") / "tracker.db"
    open_store(str(path)).dispose()
    assert not Path(f"{path}-wal").exists()  # everything is in the main file, safe to copy
    return path


@pytest.fixture
def db_url(tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Where this test's database lives: a file path or a PostgreSQL URL, each as fresh as a
    copy of a database migrated once per run. On PostgreSQL a test shares its worker's database
    (``_postgres_reused``), emptied after each test, unless it is marked ``own_database``."""
    admin = _postgres_admin_url()
    if admin:
        # A URL has no folder for the reminder lock: without its own, tests running in
        # parallel would share the checkout's db/.reminders.lock and refuse each other's runs.
        monkeypatch.setenv("TRACKER_LOCK_FILE", str(tmp_path / "reminders.lock"))
        if request.node.get_closest_marker("own_database"):
            yield from _postgres_database(admin, request.getfixturevalue("_postgres_template"))
        else:
            reused: _ReusedDatabase = request.getfixturevalue("_postgres_reused")
            yield reused.checkout()
            reused.checkin()
    else:
        path = tmp_path / "tracker.db"
        shutil.copyfile(request.getfixturevalue("_sqlite_template"), path)
        yield str(path)


def _postgres_admin_url() -> str:
    """The server the tests run against (TRACKER_TEST_DB_URL), or "" for SQLite files."""
    return os.environ.get("TRACKER_TEST_DB_URL", "").strip()


@pytest.fixture
def is_postgres() -> bool:
    """Whether this run's databases are PostgreSQL, for a test that checks each server its own
    way. A test that only skips on PostgreSQL takes the ``sqlite_only`` marker instead: pytest
    sets up every fixture a test names before its body runs, so a skip there comes after its
    database was made."""
    return bool(_postgres_admin_url())


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    from tracker.store import open_store

    opened = open_store(db_url)
    yield opened
    opened.dispose()


@dataclass
class Cli:
    db: str

    def __call__(self, *args: str, input: str | None = None) -> Result:
        from tracker.cli import app

        return CliRunner().invoke(app, ["--db", self.db, *args], input=input, catch_exceptions=False)


@pytest.fixture
def cli(db_url: str) -> Cli:
    """The command line run in-process against this test's database."""
    return Cli(db_url)


@dataclass
class Proc:
    db: str
    env: dict[str, str]

    def __call__(self, *args: str, input: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "tracker", "--db", self.db, *args],
            input=input,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            cwd=ROOT,
        )


@pytest.fixture
def proc(db_url: str) -> Proc:
    """The command line as a real process, for exit codes and stderr."""
    env = dict(os.environ.items())
    env["PYTHONIOENCODING"] = "utf-8"
    return Proc(db_url, env)


@dataclass
class InProcess:
    db: str
    env: dict[str, str | None]

    def __call__(self, *args: str, input: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run ``tracker --db DB ARGS`` through ``tracker.cli.main``, the console script's own
        entry point, in this process: the exit code, stdout and stderr it leaves, as ``proc``
        gives them, without the second or so a new Python spends importing the database layer.
        Anything ``main`` lets through (a traceback in a real process) fails the test."""
        from tracker import cli

        argv = ["tracker", "--db", self.db, *args]
        saved_argv, sys.argv = sys.argv, argv
        code: int | str | None = 0
        root = logging.getLogger()
        handlers, root.handlers = root.handlers, []
        with CliRunner().isolation(input=input, env=self.env) as (out, err, _), warnings.catch_warnings():
            # What a process would print besides tracker's own lines must reach this stderr
            # too, not pytest's captures: a library's log record (Python's last-resort
            # handler, as in a process without logging set up) and its warnings, under
            # Python's default filters.
            warnings.resetwarnings()
            for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
                warnings.simplefilter("ignore", category)
            warnings.showwarning = _warning_to_stderr
            try:
                cli.main()
            except SystemExit as exc:
                code = exc.code
            finally:
                sys.stdout.flush()  # what a process flushes as it exits
                if not sys.stderr.closed:  # closed by a command whose reader went away (BrokenPipeError)
                    sys.stderr.flush()
                sys.argv = saved_argv
                root.handlers = handlers
            stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
        if isinstance(code, str):  # SystemExit("message"): printed to stderr, exit 1
            stderr, code = stderr + code + "\n", 1
        return subprocess.CompletedProcess(argv, code or 0, stdout, stderr)


def _warning_to_stderr(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """Show a warning as a process without pytest shows it: on (the current) stderr."""
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@pytest.fixture
def run(db_url: str) -> InProcess:
    """The command line through its entry point in-process, for exit codes and the lines on
    stderr where what is tested is not the process itself (``proc`` starts a real one; set
    ``run.env[NAME]`` as ``proc.env``)."""
    return InProcess(db_url, {})


def follow_up_pair(
    folder: Path, earlier: str, later: str, *, presenter: str = "Ministry of Commerce"
) -> tuple[Path, Path]:
    """Two briefings of ``presenter`` in ``folder``, sat on 2025-01-15 and 2025-08-20, each one
    paragraph: a promise, then what a later sitting says of it."""
    paths = folder / "earlier.md", folder / "later.md"
    for path, day, body in zip(paths, ("2025-01-15", "2025-08-20"), (earlier, later), strict=True):
        path.write_text(f"---\ndate: {day}\npresenter: {presenter}\n---\n{body}\n", encoding="utf-8")
    return paths


def table_snapshot(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every tracker table, typed, to compare databases or prove a failed
    command changed nothing."""
    from sqlalchemy import select
    from sqlmodel import SQLModel

    import tracker.models  # noqa: F401

    with store.engine.connect() as conn:
        tables = SQLModel.metadata.sorted_tables
        return {t.name: [tuple(r) for r in conn.execute(select(t).order_by(t.c.id))] for t in tables}
