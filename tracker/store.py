"""The database: where it is, how to connect, sessions, and the schema's version.

Everything specific to a database engine lives here. On SQLite every connection runs in
WAL mode with a busy timeout and foreign keys on, and write transactions start with
``BEGIN IMMEDIATE`` so two writers queue instead of losing updates (a deferred read
transaction cannot be upgraded once another writer has committed). On PostgreSQL the same
code runs through the URL given; row locks are taken with ``SELECT ... FOR UPDATE``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, create_engine, event, insert, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from tracker.errors import (
    ConfigError,
    TemporaryError,
    TrackerError,
    UserError,
    damaged_database,
    operational_error,
    unreadable_date,
)
from tracker.files import atomic_write
from tracker.paths import default_db_path, migrations_dir
from tracker.settings import DatabaseSettings, ServerSettings, SqliteSettings, read

# The Alembic revision this code expects; tests check it is the migrations' head.
SCHEMA_HEAD = "0012"
_KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011", "0012")


def resolve_url(db: str | None) -> URL:
    """The database URL from ``--db``, else ``TRACKER_DB``, else the default file.

    A value containing ``://`` is an SQLAlchemy URL; anything else is a file path, whose
    folder must exist (a missing folder is a user error, not something to create).
    """
    value = db if db else read(DatabaseSettings).db
    if value is None:
        path = default_db_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return URL.create("sqlite+pysqlite", database=str(path))
    if "://" in value:
        try:
            url = make_url(value)
        except ArgumentError:
            raise ConfigError(f"{value!r} is not a database URL") from None
        if url.get_backend_name() == "postgres":
            # Heroku's and libpq's spelling, which SQLAlchemy dropped: say what to write.
            raise ConfigError(
                f"'{url.drivername}://' is not an SQLAlchemy URL scheme: for PostgreSQL write "
                "postgresql+psycopg://USER:PASSWORD@HOST/DATABASE"
            )
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise ConfigError(f"unsupported database {url.get_backend_name()!r}: use SQLite or PostgreSQL")
        if url.get_backend_name() == "postgresql" and url.drivername == "postgresql":
            url = url.set(drivername="postgresql+psycopg")
        if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
            raise ConfigError(f"{value!r} is an in-memory database, which is lost when tracker exits: give a file")
        return url
    path = Path(value).expanduser()
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a database file")
    if path.exists() and not path.is_file():
        # A device or pipe is no database, and SQLite would create <path>-journal beside it.
        raise UserError(f"{path} is not a regular file, so it cannot be a database")
    if not path.parent.is_dir():
        raise UserError(f"folder {path.parent} does not exist (create it, or choose another --db)")
    return URL.create("sqlite+pysqlite", database=str(path.resolve()))


def _busy_timeout_ms() -> int:
    return read(SqliteSettings).busy_timeout_ms


def _connect_timeout_s() -> int:
    return read(ServerSettings).connect_timeout_s


def make_engine(url: URL, *, foreign_keys: bool = True) -> Engine:
    """An engine for ``url``. On SQLite, set up WAL, timeouts and explicit transactions;
    on a server, give up connecting after TRACKER_CONNECT_TIMEOUT seconds (default 10)."""
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": _connect_timeout_s()})

    timeout_ms = _busy_timeout_ms()
    # One connection per checkout: a command-line process needs no pool, and the TUI's
    # worker threads each get their own connection.
    engine = create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Take transactions out of the driver's hands; the "begin" listener emits BEGIN.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        cur.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        mode = cur.execute("PRAGMA journal_mode").fetchone()
        if mode and str(mode[0]).lower() != "wal" and url.database not in (None, "", ":memory:"):
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


@dataclass
class Store:
    """An open database: its URL, its engine, and sessions for reading and writing."""

    url: URL
    engine: Engine

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def display(self) -> str:
        if self.is_sqlite:
            return str(self.url.database)
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading: never blocks writers (a deferred transaction on SQLite)."""
        with translate_errors(self.engine), Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error.

        On SQLite the transaction starts with BEGIN IMMEDIATE, so the read-modify-write
        inside it cannot be interleaved with another writer's.
        """
        bind = self.engine.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else self.engine
        with translate_errors(self.engine), Session(bind, expire_on_commit=False) as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()


@contextmanager
def translate_errors(engine: Engine | None = None) -> Iterator[None]:
    """Turn driver errors that a user can act on into one-line TrackerErrors.

    With the ``engine`` of the session, a ValueError or TypeError while reading rows is looked
    into: a date column of a SQLite file holding text (or a number) that is no date, a hand
    edit, is named with its row (``errors.unreadable_date``); any other such error is a fault
    and goes on as it is.
    """
    try:
        yield
    except (ValueError, TypeError) as exc:
        unreadable = _unreadable_date(engine) if engine is not None and not isinstance(exc, TrackerError) else None
        if unreadable is not None:
            raise unreadable from None
        raise
    except OperationalError as exc:
        raise operational_error(str(exc.orig) if exc.orig is not None else str(exc)) from None
    except DatabaseError as exc:
        damaged = damaged_database(str(exc.orig) if exc.orig is not None else str(exc))
        if damaged is not None:
            raise damaged from None
        raise


def _unreadable_date(engine: Engine) -> UserError | None:
    """A stored date of ``engine``'s database that cannot be read (SQLite only: other
    engines store dates as dates); None if there is none or the database cannot tell."""
    if engine.url.get_backend_name() != "sqlite":
        return None
    try:
        conn = engine.raw_connection()
    except DatabaseError:
        return None
    try:
        return unreadable_date(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def current_revision(engine: Engine) -> str | None:
    """The schema revision stored in the database; None for an empty database.

    Raises UserError when the database holds tables but is not a tracker database.
    """
    with translate_errors(), engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        if "alembic_version" not in tables:
            if tables:
                raise UserError("this database is not a tracker database (it has no schema version)")
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
        return row[0] if row else None


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config  # imported only when the schema must change

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.attributes["connection"] = connection
    return config


def upgrade(url: URL, revision: str = "head") -> None:
    """Migrate the schema up to ``revision``."""
    _migrate(url, "upgrade", revision)


def downgrade(url: URL, revision: str) -> None:
    """Migrate the schema down to ``revision`` (tests and emergencies)."""
    _migrate(url, "downgrade", revision)


def _migrate(url: URL, direction: str, revision: str) -> None:
    """Run Alembic with foreign keys off around the change, then check them.

    A batch migration on SQLite rebuilds tables; with foreign keys on, rebuilding a parent
    table would delete every ON DELETE CASCADE child row.
    """
    from alembic import command

    engine = make_engine(url, foreign_keys=False)
    try:
        with translate_errors(), engine.connect() as conn:
            getattr(command, direction)(_alembic_config(conn), revision)
            conn.commit()
            check_foreign_keys(conn)
    finally:
        engine.dispose()


def check_foreign_keys(conn: Any) -> None:
    if conn.dialect.name != "sqlite":
        return
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    conn.rollback()
    if broken:
        raise ConfigError(f"the migration left {len(broken)} rows pointing at missing rows; restore the backup")


def open_store(db: str | None = None, *, upgrade_schema: bool = False, create: bool = True) -> Store:
    """Open the database named by ``db`` (or TRACKER_DB, or the default file).

    A database that does not exist yet is created at the current schema, as ``init`` does
    (unless ``create`` is false: then a missing SQLite file is a user error).
    An older schema is upgraded only when ``upgrade_schema`` (``tracker init``) asks for it,
    after a backup; otherwise the user is told to run ``tracker init``.
    """
    url = resolve_url(db)
    if not create and url.get_backend_name() == "sqlite" and not Path(str(url.database)).is_file():
        raise UserError(f"{url.database}: no such database")
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
        if revision is None:
            upgrade(url)
        elif revision != SCHEMA_HEAD:
            if revision not in _KNOWN_REVISIONS:
                raise ConfigError(
                    f"the database has schema {revision}, made by a newer tracker; upgrade tracker to use it"
                )
            if not upgrade_schema:
                raise ConfigError(
                    f"the database has schema {revision} and this tracker needs {SCHEMA_HEAD}: run 'tracker init'"
                )
            store = Store(url, engine)
            if store.is_sqlite:
                backup_sqlite(store, Path(str(url.database) + f".before-{SCHEMA_HEAD}.bak"))
            upgrade(url)
    except BaseException:
        engine.dispose()
        raise
    return Store(url, engine)


def ensure_search_index(store: Store) -> bool:
    """Put back the full-text index and the triggers that keep it, if any is missing, and
    fill it from the commitments; True if it had to. ``tracker init`` runs it.

    Migration 0007 creates them; a later batch migration that rebuilds ``commitment`` or
    ``statuschange`` on SQLite drops their triggers, and a database restored or copied by
    other tools may lack the index.
    """
    from tracker import search

    with store.write() as session:
        conn = session.connection()
        if store.is_sqlite:
            wanted = list(search.SQLITE_OBJECTS)
            listed = ", ".join(f"'{name}'" for name in wanted)
            found = {row[0] for row in conn.exec_driver_sql(f"SELECT name FROM sqlite_master WHERE name IN ({listed})")}
            if found == set(wanted):
                return False
            for name in found - {search.FTS_TABLE}:
                conn.exec_driver_sql(f"DROP TRIGGER {name}")
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {search.FTS_TABLE}")
            conn.exec_driver_sql(search.SQLITE_NOTES_BACKFILL)
            conn.exec_driver_sql(search.SQLITE_OBJECTS[search.FTS_TABLE])
            conn.exec_driver_sql(search.SQLITE_REBUILD)
            for name, ddl in search.SQLITE_OBJECTS.items():
                if name != search.FTS_TABLE:
                    conn.exec_driver_sql(ddl)
            return True
        column = conn.exec_driver_sql(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
            f"AND table_name = 'commitment' AND column_name = '{search.PG_VECTOR_COLUMN}'"
        ).first()
        trigger = conn.exec_driver_sql("SELECT 1 FROM pg_trigger WHERE tgname = 'statuschange_history_notes'").first()
        if column is not None and trigger is not None:
            return False
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS statuschange_history_notes ON statuschange")
        conn.exec_driver_sql(search.POSTGRES_NOTES_BACKFILL)
        for ddl in search.POSTGRES_OBJECTS.values():
            conn.exec_driver_sql(ddl)
        return True


def backup_sqlite(store: Store, target: Path) -> int:
    """Copy a live SQLite database with the backup API, then check the copy.

    Copying the file itself misses what is still in the ``-wal`` file. Returns the number
    of commitments in the copy.
    """
    if not store.is_sqlite:
        raise UserError(
            "tracker backup copies SQLite databases; for PostgreSQL use pg_dump "
            "(e.g. pg_dump --format=custom --file=tracker.dump DBNAME)"
        )
    target = target.expanduser()
    if target.exists() and target.resolve() == Path(str(store.url.database)).resolve():
        raise UserError("the backup must not overwrite the database itself")
    if target.exists() and not target.is_file():
        # SQLite would put its journal next to a device or pipe (/dev/null-journal).
        raise UserError(f"{target} is not a regular file: a backup must be a file")
    with atomic_write(target) as partial:
        source = sqlite3.connect(str(store.url.database))
        try:
            source.execute(f"PRAGMA busy_timeout = {_busy_timeout_ms()}")
            dest = sqlite3.connect(str(partial))
            try:
                source.backup(dest)
                ok = dest.execute("PRAGMA integrity_check").fetchone()
                count = dest.execute("SELECT count(*) FROM commitment").fetchone()
            finally:
                dest.close()
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise TemporaryError("the database is busy; try the backup again") from None
            if "disk is full" in str(exc):
                raise TemporaryError(f"cannot write {target}: no space left ({exc}); nothing was written") from None
            raise UserError(f"backup failed: {exc}") from None
        finally:
            source.close()
        if not ok or ok[0] != "ok":
            raise UserError(f"the backup failed its integrity check: {ok[0] if ok else 'no answer'}")
    return int(count[0]) if count else 0


def sync_id_sequence(session: Session, table: str) -> None:
    """After rows were inserted with explicit ids, move PostgreSQL's id sequence past them.

    SQLite needs nothing: its next id is always above the largest one in the table.
    """
    bind = session.connection()
    if bind.dialect.name == "postgresql":
        bind.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")
        )


def insert_new_rows(
    session: Session, table: Any, rows: list[dict[str, Any]], *, unique: list[str], returning: list[str]
) -> list[Any]:
    """Insert ``rows``, skipping those whose ``unique`` columns are already taken.

    ``INSERT ... ON CONFLICT (unique) DO NOTHING RETURNING ...`` on SQLite and PostgreSQL:
    what comes back is exactly what this statement inserted, so two writers claiming the
    same key can never both believe they hold it. Runs in the caller's transaction; the rows
    go in as one executemany, which SQLAlchemy batches into multi-row statements.
    """
    if not rows:
        return []
    dialect = session.connection().dialect.name
    stmt: Any
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table).on_conflict_do_nothing(index_elements=unique)
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt = pg_insert(table).on_conflict_do_nothing(index_elements=unique)
    else:  # resolve_url admits no other engine
        raise ConfigError(f"unsupported database {dialect!r}")
    stmt = stmt.returning(*(table.c[name] for name in returning))
    return list(session.connection().execute(stmt, rows).all())


def autogenerate_include(
    obj: Any,
    name: str | None,
    type_: str,
    reflected: bool,  # noqa: ARG001
    compare_to: Any,
) -> bool:
    """Alembic autogenerate filter: leave out indexes on expressions and the search index.

    SQLite does not report expression indexes back and PostgreSQL reports them in its own
    normalised spelling, so comparing them would always show a difference; migration 0003
    creates them and the models declare them. The full-text index (SQLite's FTS5 tables,
    PostgreSQL's generated tsvector column and its GIN index) has no SQLAlchemy model: it is
    made by migration 0007 and queried through ``tracker.search``.
    """
    search_index = ("search_vector", "ix_commitment_search_vector")
    if name is not None and (name.startswith("commitment_fts") or name in search_index):
        return False
    if type_ == "index":
        index = obj if obj is not None else compare_to
        expressions = getattr(index, "expressions", ())
        if any(not isinstance(e, Column) for e in expressions):
            return False
    return True


_INSERT_BATCH = 50_000
_BULK_CACHE_KIB = 64 * 1024


def insert_rows(session: Session, table: Any, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Insert ``rows`` (each the values of ``columns``, in that order) in the caller's transaction.

    On SQLite the rows go to the driver's ``executemany`` as tuples: SQLAlchemy's insert builds
    a parameter dict per row, which cost 0.7 s per 100,000 rows, half the insert itself. Each
    value first passes through its column type's bind processor, so it is stored exactly as
    SQLAlchemy would store it (dates and timestamps as text in its format). Other databases
    get SQLAlchemy's insert, which batches the rows into multi-row statements.
    """
    connection = session.connection()
    dialect = connection.dialect
    if dialect.name == "sqlite" and len(rows) > _INSERT_BATCH // 10:
        # Room for the five indexes being written: with SQLite's default 2 MB page cache a
        # large insert spills pages to the WAL and reads them back (about 10 % of the time).
        # The connection is this command's own and closes with it.
        connection.exec_driver_sql(f"PRAGMA cache_size = -{_BULK_CACHE_KIB}")
    for start in range(0, len(rows), _INSERT_BATCH):
        batch = rows[start : start + _INSERT_BATCH]
        if dialect.paramstyle != "qmark":
            connection.execute(insert(table), [dict(zip(columns, values, strict=True)) for values in batch])
            continue
        cells: list[Sequence[Any]] = []
        for name, column in zip(columns, zip(*batch, strict=True), strict=True):
            process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            if process is None:
                cells.append(column)
            else:
                # Each distinct value once: dates and timestamps repeat across rows.
                stored = {value: process(value) for value in set(column)}
                cells.append([stored[value] for value in column])
        quote = dialect.identifier_preparer.quote
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        connection.exec_driver_sql(sql, list(zip(*cells, strict=True)))
