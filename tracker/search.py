"""Full-text search: what a user types, turned into a query the database's index answers.

One query builder serves ``tracker list --search`` and the TUI's search box. What a user
may type: words (each also matches as the start of a longer word, so a search narrows as it
is typed), several words (all must be found, in any of the searched fields), and a phrase in
double quotes (its words side by side; a phrase still being typed, without its closing
quote, also matches the start of its last word). Every other character is text to look for,
never query syntax: ``NEAR(``, ``*``, ``OR``, ``-`` or an unbalanced quote cannot change what
the query means or make it fail. A search with no letter or digit in it matches nothing.

The index covers a commitment's title, description, owner, theme, deadline words, source
excerpt and the notes of its history (``history_notes``, which a trigger on ``statuschange``
keeps; see migration 0007 for why the notes are copied there).

- SQLite: an FTS5 table ``commitment_fts`` over the ``commitment`` table (external content:
  the text is stored once, in ``commitment``), kept in step by triggers, tokenizer
  ``unicode61`` (letters of every script, Urdu included; case and Latin accents ignored).
- PostgreSQL: a stored generated ``tsvector`` column ``search_vector`` (configuration
  ``simple``: no stemming, no stop words, so results match SQLite's) with a GIN index.

Words match whole words or their beginnings, not text inside a word ("communication" does not
find "Telecommunication"): that is what an index can answer at a million rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam
from sqlalchemy import text as sql_text
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement as _ColumnElement
from sqlalchemy.types import Boolean

# The fields searched, all columns of ``commitment``; the migration indexes the same list.
SEARCHED_COLUMNS = ("title", "description", "owner", "theme", "deadline_text", "excerpt", "history_notes")
FTS_TABLE = "commitment_fts"
PG_VECTOR_COLUMN = "search_vector"
PG_CONFIG = "simple"
MAX_TERMS = 16  # a pasted paragraph is not a search; the first words are enough
MAX_TERM_LENGTH = 100
FEW = 2000  # up to this many matches, the database is handed the list of ids (see ``matches``)
# PostgreSQL: a one-word search its statistics say this share of the rows (and over 10 x FEW)
# holds skips the list of ids (see ``_postgres_common``).
COMMON_SHARE = 0.01


@dataclass(frozen=True)
class Term:
    """One thing to find: a word, or the words of a phrase; ``prefix``: also longer words."""

    text: str
    prefix: bool


def parse(text: str) -> list[Term]:
    """The terms of a search as typed: words, and phrases in double quotes.

    A term without a letter or digit is dropped (it could only ever match nothing, and it
    is where query syntax would hide). Words match as prefixes; a closed phrase exactly.
    """
    terms: list[Term] = []
    pieces = text.split('"')
    for index, piece in enumerate(pieces):
        inside = index % 2 == 1
        if inside:
            closed = index < len(pieces) - 1
            candidates = [Term(" ".join(piece.split()), prefix=not closed)]
        else:
            candidates = [Term(word, prefix=True) for word in piece.split()]
        terms += [Term(t.text[:MAX_TERM_LENGTH], t.prefix) for t in candidates if any(c.isalnum() for c in t.text)]
    return terms[:MAX_TERMS]


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: each term a quoted string (so nothing in it is syntax),
    ``*`` after it for a prefix, all of them required."""
    parts = []
    for term in terms:
        quoted = '"' + term.text.replace('"', '""') + '"'
        parts.append(quoted + (" *" if term.prefix else ""))
    return " ".join(parts)


def tsquery_text(terms: list[Term]) -> str:
    """A ``to_tsquery`` expression: each term one quoted operand (PostgreSQL splits it into
    words as it split the text, and a phrase keeps its order), ``:*`` for a prefix, ``&``
    between them. Quotes and backslashes inside a term are word breaks anyway: removed."""
    parts = []
    for term in terms:
        words = " ".join(term.text.replace("'", " ").replace("\\", " ").split())
        parts.append(f"'{words}'" + (":*" if term.prefix else ""))
    return " & ".join(parts)


class SearchMatch(_ColumnElement[bool]):
    """``commitment`` rows whose searched text matches ``text``, in the database's own terms.

    Compiled per dialect (below), so the filters that build a query need not know which
    database will run it. ``ids``: the matching ids, when they were few enough to list.
    """

    inherit_cache = False
    type = Boolean()
    _is_implicitly_boolean = True  # a condition as it stands, never compared with "= 1"

    def __init__(
        self, id_column: ColumnElement[Any], vector_table: Any, terms: list[Term], ids: list[int] | None
    ) -> None:
        self.id_column = id_column
        self.table = vector_table
        self.terms = terms
        self.ids = ids


@compiles(SearchMatch, "sqlite")
def _sqlite_match(element: SearchMatch, compiler: Any, **kw: Any) -> str:
    if not element.terms or element.ids == []:
        return "0 = 1"
    if element.ids is not None:
        return str(compiler.process(element.id_column.in_(element.ids), **kw))
    query = compiler.process(bindparam("fts_query", fts5_query(element.terms), unique=True), **kw)
    column = compiler.process(element.id_column, **kw)
    # Many rows match: "+" keeps the planner from looking each one up and sorting them all;
    # it walks the sort order's index instead and stops at the LIMIT (see ``matches``).
    return f"+{column} IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {query})"


@compiles(SearchMatch, "postgresql")
def _postgres_match(element: SearchMatch, compiler: Any, **kw: Any) -> str:
    if not element.terms or element.ids == []:
        return "false"
    if element.ids is not None:
        return str(compiler.process(element.id_column.in_(element.ids), **kw))
    query = compiler.process(bindparam("ts_query", tsquery_text(element.terms), unique=True), **kw)
    table = compiler.preparer.quote(element.table.name)
    return f"{table}.{PG_VECTOR_COLUMN} @@ to_tsquery('{PG_CONFIG}', {query})"


def matches(id_column: ColumnElement[Any], table: Any, text: str, *, session: Any = None) -> ColumnElement[bool]:
    """A WHERE condition: the commitment (``table``, keyed by ``id_column``) matches ``text``.

    Given the ``session`` the query will run in, the index is asked first for up to ``FEW``
    matching ids. Neither planner can tell how many rows a search yields (SQLite knows nothing
    of an FTS5 MATCH; PostgreSQL guesses 5,000 for a prefix): asked for the first 20 rows in
    some order, they walk that order's index and test each row, which is quick when many rows
    match and a walk through all million when none or few do. So a search that matches few
    rows is handed over as its list of ids (looked up, then sorted); one that matches many
    keeps the walk, which then stops within a few thousand rows. On PostgreSQL a word its
    statistics call common skips the list (``_postgres_common``).
    """
    terms = parse(text)
    ids = None
    if session is not None and terms:
        connection = session.connection()
        dialect = connection.dialect.name
        if dialect == "sqlite":
            sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query LIMIT :few"
            query = fts5_query(terms)
        elif len(terms) == 1 and _postgres_common(connection, tsquery_text(terms)):
            # Several words never ask: the planner multiplies their shares (see below).
            return SearchMatch(id_column, table, terms, None)
        else:
            sql = f"SELECT id FROM commitment WHERE {PG_VECTOR_COLUMN} @@ to_tsquery('{PG_CONFIG}', :query) LIMIT :few"
            query = tsquery_text(terms)
        listed = [int(row[0]) for row in connection.execute(sql_text(sql), {"query": query, "few": FEW + 1})]
        if len(listed) <= FEW:
            ids = listed
    return SearchMatch(id_column, table, terms, ids)


def _postgres_common(connection: Any, query: str) -> bool:
    """True when PostgreSQL's statistics show that ``query``, one word (or the start of
    one), is in at least ``COMMON_SHARE`` of the commitments and in over 10 x ``FEW``.

    Then listing the first ``FEW`` + 1 matching ids only to learn that there are many costs
    more than the search itself: no index gives them in a bounded time (the GIN index
    gathers every match first; the planner takes a sequential scan, 50 ms of reading 20,000
    rows at a million, seconds when the disk is busy), while the walk in sort order finds a
    page within a few hundred rows. The estimate of one word comes from the most common
    words ``ANALYZE`` counted, so it is too low for a word (or prefix) it did not see, and
    too high only where many of those rows were deleted since. Several words or a phrase
    (the planner multiplies their shares, though they may never occur together) and a table
    never analysed (a fixed guess of 0.5 %) keep the list of ids.
    """
    found = connection.execute(
        sql_text(
            "SELECT reltuples, numnode(to_tsquery(:config, :query)) FROM pg_class WHERE oid = 'commitment'::regclass"
        ),
        {"config": PG_CONFIG, "query": query},
    ).first()
    if found is None or found[1] != 1 or found[0] <= 10 * FEW:
        return False
    plan = connection.execute(
        sql_text(
            f"EXPLAIN (FORMAT JSON) SELECT id FROM commitment WHERE {PG_VECTOR_COLUMN} @@ to_tsquery(:config, :query)"
        ),
        {"config": PG_CONFIG, "query": query},
    ).scalar()
    estimate = float(plan[0]["Plan"]["Plan Rows"])
    return estimate > 10 * FEW and estimate >= COMMON_SHARE * float(found[0])


# ---------------------------------------------------------------- the index itself
# The same objects migration 0007 creates, for ``tracker init`` to put back what a later
# batch migration (which rebuilds a table and so drops its triggers) or a restore left out.

_LISTED = ", ".join(SEARCHED_COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in SEARCHED_COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in SEARCHED_COLUMNS)
SQLITE_OBJECTS: dict[str, str] = {
    FTS_TABLE: f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_LISTED}, content='commitment', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "commitment_fts_insert": "CREATE TRIGGER commitment_fts_insert AFTER INSERT ON commitment BEGIN "
    f"INSERT INTO {FTS_TABLE}(rowid, {_LISTED}) VALUES (new.id, {_NEW}); END",
    "commitment_fts_delete": "CREATE TRIGGER commitment_fts_delete AFTER DELETE ON commitment BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_LISTED}) VALUES ('delete', old.id, {_OLD}); END",
    "commitment_fts_update": f"CREATE TRIGGER commitment_fts_update AFTER UPDATE OF {_LISTED} ON commitment BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, {_LISTED}) VALUES ('delete', old.id, {_OLD}); "
    f"INSERT INTO {FTS_TABLE}(rowid, {_LISTED}) VALUES (new.id, {_NEW}); END",
    "statuschange_history_notes": "CREATE TRIGGER statuschange_history_notes AFTER INSERT ON statuschange "
    "WHEN new.note <> '' BEGIN UPDATE commitment SET history_notes = (SELECT group_concat(note, char(10)) "
    "FROM statuschange WHERE commitment_id = new.commitment_id AND note <> '') WHERE id = new.commitment_id; END",
}
SQLITE_NOTES_BACKFILL = (
    "UPDATE commitment SET history_notes = coalesce((SELECT group_concat(s.note, char(10)) FROM statuschange s "
    "WHERE s.commitment_id = commitment.id AND s.note <> ''), '')"
)
SQLITE_REBUILD = f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"
_DOCUMENT = " || ' ' || ".join(f"coalesce({c}, '')" for c in SEARCHED_COLUMNS)
POSTGRES_OBJECTS: dict[str, str] = {
    PG_VECTOR_COLUMN: f"ALTER TABLE commitment ADD COLUMN IF NOT EXISTS {PG_VECTOR_COLUMN} tsvector "
    f"GENERATED ALWAYS AS (to_tsvector('{PG_CONFIG}', {_DOCUMENT})) STORED",
    "ix_commitment_search_vector": "CREATE INDEX IF NOT EXISTS ix_commitment_search_vector "
    f"ON commitment USING gin ({PG_VECTOR_COLUMN})",
    "commitment_history_notes": "CREATE OR REPLACE FUNCTION commitment_history_notes() RETURNS trigger "
    "LANGUAGE plpgsql AS $$ BEGIN UPDATE commitment SET history_notes = coalesce((SELECT string_agg(note, E'\\n' "
    "ORDER BY id) FROM statuschange WHERE commitment_id = NEW.commitment_id AND note <> ''), '') "
    "WHERE id = NEW.commitment_id; RETURN NULL; END $$",
    "statuschange_history_notes": "CREATE TRIGGER statuschange_history_notes AFTER INSERT ON statuschange "
    "FOR EACH ROW WHEN (NEW.note <> '') EXECUTE FUNCTION commitment_history_notes()",
}
POSTGRES_NOTES_BACKFILL = (
    "UPDATE commitment SET history_notes = coalesce((SELECT string_agg(s.note, E'\\n' ORDER BY s.id) "
    "FROM statuschange s WHERE s.commitment_id = commitment.id AND s.note <> ''), '')"
)

# From this many new commitments on, ``indexed_in_bulk`` indexes them in one statement.
BULK = 1000
_INSERT_TRIGGER = "commitment_fts_insert"


@contextmanager
def indexed_in_bulk(session: Any, *, rows: int, ids: Sequence[int] = ()) -> Iterator[None]:
    """Around a bulk insert of ``rows`` new commitments on SQLite: index them for search in
    one statement at the end instead of one trigger run per row.

    FTS5 writes its pending index to disk at the end of every statement, so a trigger fired
    by each of a driver's ``executemany`` rows writes one tiny segment per row and merges
    them over and over: 100,000 rows took three times as long as the insert itself. The
    insert trigger is dropped inside a savepoint and the new rows (those given an id in
    ``ids``, and every id above the largest before the insert: the caller holds the write
    lock, so nobody else inserts meanwhile) are indexed from ``commitment`` as the trigger
    would have, then the trigger is put back. Nothing else sees the table without its
    trigger: it is one transaction, and an error (or a crash) rolls all of it back.
    Elsewhere (PostgreSQL, a few rows, a database whose trigger is missing) it does nothing.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite" or rows < BULK:
        yield
        return
    exists = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (_INSERT_TRIGGER,)
    ).first()
    if exists is None:
        yield
        return
    with session.begin_nested():
        largest = connection.exec_driver_sql("SELECT max(id) FROM commitment").scalar()
        connection.exec_driver_sql(f"DROP TRIGGER {_INSERT_TRIGGER}")
        yield
        connection.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, {_LISTED}) SELECT id, {_LISTED} FROM commitment "
            "WHERE id > ? OR id IN (SELECT value FROM json_each(?))",
            (largest or 0, json.dumps(list(ids))),
        )
        connection.exec_driver_sql(SQLITE_OBJECTS[_INSERT_TRIGGER])
