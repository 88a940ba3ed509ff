"""Full-text search: an index over each commitment's text, kept in step by the database.

Searched: title, description, owner, theme, deadline words, excerpt, and the notes of the
commitment's history. The notes live in ``statuschange``; an index covers one table, so they
are copied into ``commitment.history_notes`` by a trigger on ``statuschange`` insert (the
history is append-only, so the copy only ever changes there). The alternative, an FTS5 table
over a view joining the history, would need each old document re-created exactly for FTS5's
'delete' (an ordering slip corrupts the index silently), and PostgreSQL cannot index across
tables at all; with the column, both databases index one row per commitment, the same way.
The trigger recomputes the notes from the history rather than appending, so copying a database
row by row (``tracker copy``) gives the same text.

- SQLite: ``commitment_fts``, an FTS5 table whose content is ``commitment`` (the text is not
  stored twice), tokenizer ``unicode61`` with diacritics removed; triggers on insert, delete
  and update of the searched columns keep it in step. A batch migration that rebuilds the
  ``commitment`` or ``statuschange`` table drops their triggers: ``tracker init`` puts back
  what is missing (``tracker.store.ensure_search_index``).
- PostgreSQL: ``search_vector``, a stored generated tsvector (configuration ``simple``) with a
  GIN index.

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = ("title", "description", "owner", "theme", "deadline_text", "excerpt", "history_notes")
_LISTED = ", ".join(_COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in _COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in _COLUMNS)

SQLITE_UP = [
    "CREATE VIRTUAL TABLE commitment_fts USING fts5("
    f"{_LISTED}, content='commitment', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO commitment_fts(commitment_fts) VALUES ('rebuild')",
    "CREATE TRIGGER commitment_fts_insert AFTER INSERT ON commitment BEGIN "
    f"INSERT INTO commitment_fts(rowid, {_LISTED}) VALUES (new.id, {_NEW}); END",
    "CREATE TRIGGER commitment_fts_delete AFTER DELETE ON commitment BEGIN "
    f"INSERT INTO commitment_fts(commitment_fts, rowid, {_LISTED}) VALUES ('delete', old.id, {_OLD}); END",
    f"CREATE TRIGGER commitment_fts_update AFTER UPDATE OF {_LISTED} ON commitment BEGIN "
    f"INSERT INTO commitment_fts(commitment_fts, rowid, {_LISTED}) VALUES ('delete', old.id, {_OLD}); "
    f"INSERT INTO commitment_fts(rowid, {_LISTED}) VALUES (new.id, {_NEW}); END",
    "CREATE TRIGGER statuschange_history_notes AFTER INSERT ON statuschange WHEN new.note <> '' BEGIN "
    "UPDATE commitment SET history_notes = (SELECT group_concat(note, char(10)) FROM statuschange "
    "WHERE commitment_id = new.commitment_id AND note <> '') WHERE id = new.commitment_id; END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS statuschange_history_notes",
    "DROP TRIGGER IF EXISTS commitment_fts_update",
    "DROP TRIGGER IF EXISTS commitment_fts_delete",
    "DROP TRIGGER IF EXISTS commitment_fts_insert",
    "DROP TABLE IF EXISTS commitment_fts",
]
_DOCUMENT = " || ' ' || ".join(f"coalesce({c}, '')" for c in _COLUMNS)
POSTGRES_UP = [
    f"ALTER TABLE commitment ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', {_DOCUMENT})) STORED",
    "CREATE INDEX ix_commitment_search_vector ON commitment USING gin (search_vector)",
    "CREATE FUNCTION commitment_history_notes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE commitment SET history_notes = coalesce((SELECT string_agg(note, E'\\n' ORDER BY id) FROM statuschange "
    "WHERE commitment_id = NEW.commitment_id AND note <> ''), '') WHERE id = NEW.commitment_id; "
    "RETURN NULL; END $$",
    "CREATE TRIGGER statuschange_history_notes AFTER INSERT ON statuschange FOR EACH ROW "
    "WHEN (NEW.note <> '') EXECUTE FUNCTION commitment_history_notes()",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS statuschange_history_notes ON statuschange",
    "DROP FUNCTION IF EXISTS commitment_history_notes()",
    "DROP INDEX IF EXISTS ix_commitment_search_vector",
    "ALTER TABLE commitment DROP COLUMN IF EXISTS search_vector",
]


def upgrade() -> None:
    # A plain ADD COLUMN (no batch): SQLite adds it in place instead of copying the table.
    op.add_column("commitment", sa.Column("history_notes", sqlmodel.AutoString(), nullable=False, server_default=""))
    sqlite = op.get_bind().dialect.name == "sqlite"
    notes = "group_concat(s.note, char(10))" if sqlite else "string_agg(s.note, E'\\n' ORDER BY s.id)"
    op.execute(
        f"UPDATE commitment SET history_notes = (SELECT {notes} FROM statuschange s "
        "WHERE s.commitment_id = commitment.id AND s.note <> '') "
        "WHERE id IN (SELECT commitment_id FROM statuschange WHERE note <> '')"
    )
    for statement in SQLITE_UP if sqlite else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRES_DOWN:
        op.execute(statement)
    if sqlite:
        # In place (SQLite 3.35+): a batch rebuild of the table would lose the expression indexes.
        op.execute("ALTER TABLE commitment DROP COLUMN history_notes")
    else:
        op.drop_column("commitment", "history_notes")
