"""Search, as a user types it: words, prefixes, several words, phrases, Urdu, notes of the
history, and text that looks like query syntax. Runs on SQLite and, with
TRACKER_TEST_DB_URL, on PostgreSQL: the same answers from both indexes."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, Proc
from tracker import search

HEADER = "title,theme,owner,status,deadline,description,excerpt\n"
ROWS = (
    "Land the submarine cable at Karachi,internet_resilience,Pakistan Telecommunication Authority,in_progress,"
    "2026-06-30,A second landing station,The cable will land by June.\n"
    "Cable television licences,policy,PEMRA,not_started,,Licences for cable operators,\n"
    "Train freelancers in Lahore,upskilling,Pakistan Software Export Board,not_started,,,\n"
    "ڈیجیٹل ادائیگیوں کا نظام,digital_payments,وزارت آئی ٹی,not_started,,نیا نظام جون تک,\n"
    "Tax relief for startups,tax_facilitation,Federal Board of Revenue,stalled,,,\n"
)


@pytest.fixture
def filled(cli: Cli, tmp_path: Path) -> Cli:
    path = tmp_path / "commitments.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    return cli


def found(cli: Cli, text: str) -> list[str]:
    result = cli("list", "--format", "json", "--search", text)
    assert result.exit_code == 0, result.output
    return [row["title"] for row in json.loads(result.stdout)]


CABLE = "Land the submarine cable at Karachi"
TV = "Cable television licences"
URDU = "ڈیجیٹل ادائیگیوں کا نظام"


def test_a_word_finds_it_in_any_field_whatever_its_case(filled: Cli) -> None:
    assert found(filled, "CABLE") == [CABLE, TV]  # title of both
    assert found(filled, "landing") == [CABLE]  # description
    assert found(filled, "telecommunication") == [CABLE]  # owner
    assert found(filled, "june") == [CABLE]  # excerpt
    assert found(filled, "lahore") == ["Train freelancers in Lahore"]


def test_the_start_of_a_word_finds_the_whole_word(filled: Cli) -> None:
    assert found(filled, "subm") == [CABLE]
    assert found(filled, "freelan") == ["Train freelancers in Lahore"]
    assert found(filled, "ubmarine") == []  # inside a word: not a word's start


def test_several_words_must_all_be_found(filled: Cli) -> None:
    assert found(filled, "cable karachi") == [CABLE]
    assert found(filled, "cable licences") == [TV]
    assert found(filled, "cable lahore") == []


def test_a_phrase_in_quotes_finds_its_words_side_by_side(filled: Cli) -> None:
    assert found(filled, '"submarine cable"') == [CABLE]
    assert found(filled, '"cable submarine"') == []
    assert found(filled, '"cable tel') == [TV]  # still being typed: the last word is a start


def test_urdu_words_are_found(filled: Cli) -> None:
    assert found(filled, "ادائیگیوں") == [URDU]
    assert found(filled, "نظام") == [URDU]  # title and description alike
    assert found(filled, "وزارت") == [URDU]  # owner
    assert found(filled, '"کا نظام"') == [URDU]


def test_a_note_of_the_history_is_found(filled: Cli) -> None:
    assert found(filled, "consortium") == []
    result = filled("update", "5", "--note", "Waiting for the consortium's reply")
    assert result.exit_code == 0, result.output
    filled("update", "5", "--status", "in_progress", "--note", "Cabinet approved the summary")
    assert found(filled, "consortium") == ["Tax relief for startups"]
    assert found(filled, "cabinet approved") == ["Tax relief for startups"]


def test_an_edited_title_is_found_by_its_new_words_only(filled: Cli, tmp_path: Path) -> None:
    path = tmp_path / "edit.csv"
    path.write_text("id,title,theme,owner\n3,Train gig workers in Multan,upskilling,PSEB\n", encoding="utf-8")
    assert filled("import", str(path)).exit_code == 0
    assert found(filled, "multan") == ["Train gig workers in Multan"]
    assert found(filled, "lahore") == []


@pytest.mark.parametrize(
    "text",
    ['"', '""', "NEAR(", "NEAR(cable", "*", "cable*", "-cable", "cable OR tax", "title:cable", "AND", "(", ")",
     "'", "\\", "cable'; DROP TABLE commitment; --", "^cable", "cable:*", "!cable", "a & | b", "<->", "{}"],
)  # fmt: skip
def test_text_that_looks_like_query_syntax_is_only_text(filled: Cli, text: str) -> None:
    result = filled("list", "--format", "json", "--search", text)
    assert result.exit_code == 0, result.output
    titles = [row["title"] for row in json.loads(result.stdout)]
    if not search.parse(text):
        assert titles == []
    elif text in ("cable*", "-cable", "^cable", "cable:*", "!cable"):
        assert titles == [CABLE, TV]  # the punctuation is a word break, the word is searched
    elif text in ("NEAR(cable", "title:cable"):
        assert titles == []  # two words side by side ("near cable"), which no commitment holds
    elif text == "cable OR tax":
        assert titles == []  # three words, all required; "or" is a word like any other
    assert len(found(filled, "cable")) == 2  # and the database is as it was


def test_hostile_search_from_a_real_process_prints_no_traceback(filled: Cli, proc: Proc) -> None:
    result = proc("list", "--search", 'NEAR("cable" *) OR "')
    assert result.returncode == 0, result.stderr
    assert result.stderr == "No commitments match.\n"


@pytest.mark.own_database
def test_init_rebuilds_the_index_of_a_database_that_has_none(db_url: str, cli: Cli) -> None:
    from sqlalchemy import create_engine, text

    from tracker.store import downgrade, open_store, resolve_url

    store = open_store(db_url)
    store.dispose()
    downgrade(resolve_url(db_url), "0004")  # a database made by the tracker before search
    engine = create_engine(resolve_url(db_url))
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO commitment (title, description, theme, owner, status, base_status, fingerprint, version, "
                "created_at, updated_at) VALUES ('Lay the fibre to Gwadar', '', 'other', '', 'not_started', "
                "'not_started', 'fp-1', 1, '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO statuschange (commitment_id, effective_on, recorded_at, by, from_status, to_status, "
                "note) VALUES (1, '2026-01-02', '2026-01-02 00:00:00', 'tester', 'not_started', 'not_started', "
                "'Surveyors reached Pasni')"
            )
        )
    engine.dispose()
    result = cli("init")
    assert result.exit_code == 0, result.output
    assert found(cli, "gwadar") == ["Lay the fibre to Gwadar"]
    assert found(cli, "pasni") == ["Lay the fibre to Gwadar"]


@pytest.mark.sqlite_only("SQLite's batch migrations drop a rebuilt table's triggers; PostgreSQL alters in place")
def test_init_puts_back_an_index_that_went_missing(filled: Cli, db_url: str) -> None:
    conn = sqlite3.connect(db_url)
    with conn:
        for name in ("commitment_fts_insert", "commitment_fts_update", "commitment_fts_delete"):
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("DROP TABLE commitment_fts")
    conn.close()
    result = filled("init")
    assert result.exit_code == 0, result.output
    assert "search index rebuilt" in result.stdout
    assert found(filled, "submarine") == [CABLE]
    filled("update", "3", "--note", "Moved to Peshawar")
    assert found(filled, "peshawar") == ["Train freelancers in Lahore"]
    assert "search index" not in filled("init").stdout  # a second run finds nothing to do


def test_the_query_builder_quotes_every_term() -> None:
    terms = search.parse('cable "submarine ca NEAR( *')
    assert search.fts5_query(terms) == '"cable" * "submarine ca NEAR( *" *'
    assert search.tsquery_text(search.parse("it's \\ cable")) == "'it s':* & 'cable':*"


def _fts_hits(db_url: str, word: str) -> int:
    conn = sqlite3.connect(db_url)
    try:
        row = conn.execute("SELECT count(*) FROM commitment_fts WHERE commitment_fts MATCH ?", (word,)).fetchone()
        return int(row[0])
    finally:
        conn.close()


def test_a_large_import_is_indexed_once_per_row_and_later_rows_still_are(
    filled: Cli, tmp_path: Path, db_url: str, is_postgres: bool
) -> None:
    # Over search.BULK rows: indexed in one statement after the insert (see indexed_in_bulk),
    # some rows with their own ids (below the largest there, 9000), most without.
    high = tmp_path / "high.csv"
    high.write_text("id,title,theme,owner\n9000,Cable to Ormara,policy,PTA\n", encoding="utf-8")
    assert filled("import", str(high)).exit_code == 0
    n = search.BULK + 200
    lines = ["id,title,theme,owner,status"]
    lines += [f"{1000 + i},Gwadar fibre {i},internet_resilience,PTA,not_started" for i in range(100)]
    lines += [f",Gwadar fibre {i},internet_resilience,PTA,not_started" for i in range(100, n)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = filled("import", str(path))
    assert result.exit_code == 0, result.output
    assert f"{n} created" in result.stdout
    assert len(found(filled, "gwadar")) == n
    assert found(filled, "cable") == [CABLE, TV, "Cable to Ormara"]  # the rows there before: once
    later = tmp_path / "later.csv"
    later.write_text("title,theme,owner\nFibre to Turbat,internet_resilience,PTA\n", encoding="utf-8")
    assert filled("import", str(later)).exit_code == 0
    assert found(filled, "turbat") == ["Fibre to Turbat"]  # the trigger is back
    if not is_postgres:
        assert _fts_hits(db_url, "gwadar") == n  # each row in the index once
        assert _fts_hits(db_url, "cable") == 3


def test_a_large_import_that_fails_leaves_the_index_and_its_trigger_as_they_were(
    filled: Cli, tmp_path: Path, db_url: str, is_postgres: bool
) -> None:
    lines = ["id,title,theme,owner"] + [f"{2000 + i},Gwadar fibre {i},policy,PTA" for i in range(search.BULK + 10)]
    lines.append("2000,Gwadar fibre again,policy,PTA")  # the same id twice: the insert fails
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = filled("import", str(path))
    assert result.exit_code != 0
    assert found(filled, "gwadar") == []
    later = tmp_path / "later.csv"
    later.write_text("title,theme,owner\nFibre to Turbat,internet_resilience,PTA\n", encoding="utf-8")
    assert filled("import", str(later)).exit_code == 0
    assert found(filled, "turbat") == ["Fibre to Turbat"]
    if not is_postgres:
        assert _fts_hits(db_url, "gwadar") == 0


def test_a_word_most_rows_hold_is_found_in_order_without_listing_its_ids_first(
    cli: Cli, store: Any, tmp_path: Path, is_postgres: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not is_postgres:
        pytest.skip("the planner's statistics decide this on PostgreSQL only")
    # A small FEW stands for the million rows this is meant for: over 10 x FEW matches.
    monkeypatch.setattr(search, "FEW", 20)
    lines = ["title,theme,owner"]
    lines += [f"Gwadar fibre {i},internet_resilience,PTA" for i in range(260)]
    lines += [f"Turbat road {i},policy,NHA" for i in range(40)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    with store.write() as session:
        session.connection().exec_driver_sql("ANALYZE commitment")
    with store.read() as session:
        connection = session.connection()
        assert search._postgres_common(connection, search.tsquery_text(search.parse("gwadar")))
        assert not search._postgres_common(connection, search.tsquery_text(search.parse("turbat")))
        assert not search._postgres_common(connection, search.tsquery_text(search.parse("gwadar fibre")))
    result = cli("list", "--format", "json", "--search", "gwad", "--limit", "3")
    assert [row["title"] for row in json.loads(result.stdout)] == ["Gwadar fibre 0", "Gwadar fibre 1", "Gwadar fibre 2"]
    assert len(found(cli, "gwadar")) == 260
    assert found(cli, "turbat 39") == ["Turbat road 39"]
    assert found(cli, "gwadar turbat") == []  # each word common, never together: the ids are listed
