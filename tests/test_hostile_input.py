"""Hostile and arbitrary input to the CSV/JSON importer: never a traceback; what is accepted
round-trips; what is refused says why."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, Cli, Proc, table_snapshot
from tracker import importer
from tracker.csvio import write_csv
from tracker.errors import UserError
from tracker.store import open_store

TODAY = date(2026, 1, 10)
# Text a user could type: any character but NUL and lone surrogates (not encodable as UTF-8).
typed_text = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=60)
# A name tracker stores (it may reach a mail header): no control character, line or paragraph
# separator, bidi control or encoded word (tests/test_mail_trust.py shows those refused).
owner_text = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),
        blacklist_characters="\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    ),
    max_size=60,
).filter(lambda t: "=?" not in t)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=typed_text.filter(lambda t: t.strip() != ""), owner=owner_text, description=typed_text)
def test_any_text_written_as_csv_reads_back_unchanged(tmp_path: Path, title: str, owner: str, description: str) -> None:
    out = io.StringIO()
    write_csv(out, ["title", "owner", "description"], [[title, owner, description]])
    path = tmp_path / "one.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    (row,) = importer.read_rows(path)
    assert (row.title, row.owner, row.description) == (title.strip(), owner.strip(), description.strip())


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400))
def test_arbitrary_bytes_are_imported_or_refused_with_a_reason(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(content)
    try:
        rows = importer.read_rows(path)
    except UserError as exc:
        reason = str(exc)
        rows = []
    else:
        reason = ""
    assert reason.strip() or all(r.title for r in rows)


def _refusal(path: Path) -> str:
    with pytest.raises(UserError) as info:
        importer.read_rows(path)
    return str(info.value)


def test_huge_fields_are_refused_not_swallowed(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    path.write_text("title,description\nBig," + "x" * 200_000 + "\n", encoding="utf-8")
    assert "longer than" in _refusal(path)


def test_ten_thousand_columns_are_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    path.write_text("title," + ",".join(f"c{i}" for i in range(10_000)) + "\nx\n", encoding="utf-8")
    message = _refusal(path)
    assert "unknown column" in message
    assert len(message) < 1000


def test_deeply_nested_json_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert "JSON" in _refusal(path)


def test_json_with_wrong_shapes_names_each_item(tmp_path: Path) -> None:
    path = tmp_path / "odd.json"
    path.write_text(json.dumps([{"title": "ok"}, 7, {"title": ["list"]}, {"title": "x", "colour": "red"}]))
    message = _refusal(path)
    for fragment in ("item 2: not an object", "item 3: title must be text", "item 4: unknown field"):
        assert fragment in message


def test_markup_and_escape_sequences_are_stored_as_typed(tmp_path: Path) -> None:
    hostile = ["[/]", "[link=https://x]click[/link]", "\x1b]0;pwned\x07title", "\u202eevil", "<script>x</script>"]
    out = io.StringIO()
    write_csv(out, ["title"], [[h] for h in hostile])
    path = tmp_path / "hostile.csv"
    path.write_text(out.getvalue(), encoding="utf-8", newline="")
    store = open_store(str(tmp_path / "t.db"))
    rows = importer.read_rows(path)
    with store.write() as session:
        importer.import_rows(session, rows, path=str(path), today=TODAY)
    with store.read() as session:
        from sqlalchemy import text

        titles = [t for (t,) in session.execute(text("SELECT title FROM commitment ORDER BY id"))]
    assert titles == hostile
    store.dispose()


# A fixed corpus of hostile files, each given to `tracker import` as a user would: exit 1,
# one line on stderr (no traceback, no escape sequence from the file), the database unchanged.
_NESTED: dict[str, object] = {"title": "x"}
for _ in range(400):
    _NESTED = {"title": [_NESTED]}
_WIDE = ",".join(f"c{i}" for i in range(10_000)).encode()
HOSTILE_FILES: dict[str, tuple[str, bytes, str]] = {
    "huge field": ("csv", b"title,description\nBig," + b"x" * 200_000 + b"\n", "longer than 100000"),
    # Over several lines: one line that long is refused as such (see tests/test_limits.py).
    "field past the CSV limit": (
        "csv",
        b'title\n"' + (b"y" * 999_000 + b"\n") * 2 + b'"\n',
        "not readable as CSV",
    ),
    "NUL byte": ("csv", b"title,owner\nFine,MoITT\nab\x00c,MoITT\n", "NUL"),
    "NUL spelled in JSON": ("json", b'[{"title": "a\\u0000b"}]', "item 1: title contains a NUL character"),
    "invalid UTF-8": ("csv", b"title\nCaf\xe9 \xff\xfe\n", "not UTF-8"),
    "UTF-8 of a surrogate": ("csv", b"title\n\xed\xa0\x80\n", "not UTF-8"),
    "formula prefixes beside a bad row": (
        "csv",
        b'title,theme\n=HYPERLINK("http://x"),exports\n+1,exports\n-2,exports\n@SUM(A1),exports\n'
        b"\"\tx\",exports\n=cmd|' /C calc'!A0,astrology\n",
        "line 7: unknown theme 'astrology'",
    ),
    "markup and escape sequences beside a bad row": (
        "csv",
        "title,status\n[/],done\n[link=https://x]click[/link],done\n\x1b]0;pwned\x07,done\n"
        "\u202eevil,done\n\x1b[2Jclear,\x1b[31mred\n".encode(),
        "line 6: unknown status",
    ),
    "10,000 columns in the header": ("csv", b"title," + _WIDE + b"\nx\n", "unknown column"),
    "10,000 cells in a row": ("csv", b"title\n" + _WIDE + b"\n", "10000 cells but the header has 1"),
    "deeply nested JSON": ("json", b"[" * 100_000 + b"]" * 100_000, "not valid JSON"),
    "nested JSON in a field": ("json", json.dumps([_NESTED]).encode(), "item 1: title must be text"),
}


@pytest.mark.slow
def test_each_hostile_file_is_refused_with_one_line_and_changes_nothing(
    proc: Proc, cli: Cli, store: object, tmp_path: Path
) -> None:
    cli("demo", "--count", "3")
    before = table_snapshot(store)
    running = {}
    for n, (name, (suffix, content, _message)) in enumerate(HOSTILE_FILES.items()):
        path = tmp_path / f"hostile{n}.{suffix}"
        path.write_bytes(content)
        # All at once: each is refused before the database is opened, and the suite stays quick.
        running[name] = subprocess.Popen(
            [sys.executable, "-m", "tracker", "--db", proc.db, "import", str(path)],
            env=proc.env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for name, process in running.items():
        out, err = process.communicate(timeout=60)
        assert process.returncode == 1, name
        assert out == "", name
        assert len(err.splitlines()) == 1, (name, err[-300:])
        assert HOSTILE_FILES[name][2] in err, (name, err)
        assert "Traceback" not in err, name
        assert not {"\x1b", "\x07", "\u202e"} & set(err), name
    assert table_snapshot(store) == before


def test_a_formula_cell_in_a_hand_made_csv_is_kept_as_text(tmp_path: Path) -> None:
    path = tmp_path / "formula.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([["title", "target_value"], ["=1+1", "1,000"]])
    (row,) = importer.read_rows(path)
    assert row.title == "=1+1"
    assert row.target_value == 1000.0


# CSV rows are checked a column at a time (once per distinct value); a refused row goes back
# through the row-by-row check, which names the problem. Both must give the same answers.
_CELLS = {
    "id": ["", "1", "42", " 7 ", "0", "-3", "²", "١٢", "x"],
    "title": ["", " ", "Title", "'=x", "'x", "=1+1", "'", "x" * (importer.MAX_FIELD + 1)],
    "theme": ["", "exports", " EXPORTS", "astrology", "'=exports"],
    "owner": ["", "MoITT", "'+x", " وزارت "],
    "status": ["", "done", "In Progress", "not-started", "finished"],
    "deadline": ["", "2026-01-31", " 30/09/2025", "31/02/2026", "soon"],
    "confidence": ["", "green", " Amber", "none", "-", "purple"],
    "target_value": ["", " ", "1,000", "5.2e9", "nan", "inf", "1e999", "abc"],
    "target_unit": ["", "USD", " "],
    # Free text is stripped a column at a time: these take the full check's way.
    "description": ["", " ", "'=x", "'", " 'x ", "x" * (importer.MAX_FIELD + 1)],
    "excerpt": ["", " \u00a0", "'+x", "'", "Text."],
    "deadline_text": ["", " ", "'", "end of June ", "x" * (importer.MAX_FIELD + 1)],
    "version": ["", "1", "x", "²"],
    "owner_email": ["", "a@example.org", "bad", "a@x.org, b@y.org"],
    "timeliness": ["", "overdue", "x" * (importer.MAX_FIELD + 1)],
}
_COLUMNS = sorted({*importer.KNOWN, "timeliness", "days_overdue", ""})


@st.composite
def _csv_table(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    others = draw(st.lists(st.sampled_from([c for c in _COLUMNS if c != "title"]), unique=True, max_size=8))
    names = draw(st.permutations(["title", *others]))
    if draw(st.booleans()):
        names = [*names, ""]  # a header cell left blank: its column is ignored

    def cell(name: str) -> st.SearchStrategy[str]:
        return st.sampled_from(_CELLS.get(name, [""])) | typed_text

    row = st.tuples(*(cell(n) for n in names)).map(list)
    short = st.integers(min_value=1, max_value=len(names)).flatmap(lambda k: row.map(lambda r: r[:k]))
    rows = draw(st.lists(row | short, min_size=1, max_size=12))
    return names, rows


@settings(max_examples=75, deadline=None)
@given(table=_csv_table())
def test_checking_csv_by_column_agrees_with_checking_each_row(table: tuple[list[str], list[list[str]]]) -> None:
    from tracker.csvio import unneutralise
    from tracker.themes import theme_slugs

    names, rows = table
    slugs = theme_slugs()
    batch = [(line, cells) for line, cells in enumerate(rows, start=2)]
    by_column = importer._check_csv(names, batch, slugs)
    by_row = [
        importer._row_or_problem(line, {n: unneutralise(v) for n, v in zip(names, cells, strict=False) if n}, slugs)
        for line, cells in batch
    ]
    assert by_column == by_row


def test_a_lone_surrogate_or_an_enormous_id_is_named_not_a_traceback(tmp_path: Path) -> None:
    surrogate = tmp_path / "surrogate.json"
    surrogate.write_text('[{"title": "bad \\ud800 x"}]', encoding="utf-8")
    assert "lone surrogate" in _refusal(surrogate)
    enormous = tmp_path / "enormous.csv"
    enormous.write_text("id,title\n99999999999999999999,x\n", encoding="utf-8")
    assert "not a whole number from 1 to" in _refusal(enormous)
