"""Briefings as they arrive: PDF decks, Word briefs and saved web pages read into the text
tracker stores; the sitting's date found and shown; a near-duplicate refused; bad files
refused in one line with nothing stored. Every file is built here with a real writer."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlmodel import col

from tests.conftest import Cli, InProcess, Proc, table_snapshot
from tests.intake_samples import (
    HEADER,
    NA_NEWS,
    NEWSPAPER,
    SENATE_NEWS,
    write_deck,
    write_docx,
    write_encrypted,
    write_scan,
)
from tracker.intake.dates import find_date
from tracker.intake.similar import overlap, sentence_keys

DECK_OPENING = ("Briefing on the national fibre plan", "Islamabad, September 05, 2022")


def briefings(store: Any) -> list[dict[str, Any]]:
    from tracker.models import Briefing

    table = Briefing.__table__  # type: ignore[attr-defined]
    with store.engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.id)).mappings()
        return [dict(r) for r in rows]


def commitments(cli: Cli) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = json.loads(cli("list", "--format", "json").stdout)
    return listed


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    return write_deck(tmp_path / "fibre-deck.pdf", 50, first_lines=DECK_OPENING)


# --- PDF ------------------------------------------------------------------------------------


def test_a_two_column_deck_is_stored_as_clean_paragraphs_in_reading_order(cli: Cli, store: Any, deck: Path) -> None:
    result = cli("import", str(deck))
    assert result.exit_code == 0, result.output
    [stored] = briefings(store)
    text = stored["text"]
    assert stored["title"] == "Briefing on the national fibre plan"
    # Running header, footers and page numbers are gone.
    assert HEADER not in text
    assert not re.search(r"Page \d+ of 50", text)
    # Hyphenated line ends are joined, and so are the lines of a paragraph.
    assert "imple-" not in text
    assert "Broadband for tehsil 7 left will be implemented in 37 districts." in text
    item = "Item left 7.1: The Pakistan Software Export Board will complete 497 rural towers by December 2028."
    assert item + " The committee asked" in text
    # Columns in reading order: all of page 7's left column, then its right column, then page 8.
    order = [text.index(f"Item {side} {p}.{k}:") for p in (7, 8) for side in ("left", "right") for k in range(3)]
    assert order == sorted(order)
    # A paragraph running on into the next column, or onto the next page, stays one paragraph.
    assert "The fibre survey of tehsil 7 runs on into the right column of page 7 without a break." in text
    assert "The audit of page 7 runs on to page 8, the Secretary said." in text


def test_each_commitment_from_a_pdf_points_at_the_stored_text(cli: Cli, store: Any, deck: Path) -> None:
    assert cli("import", str(deck)).exit_code == 0
    text = briefings(store)[0]["text"]
    rows = commitments(cli)
    assert len(rows) >= 100
    with store.engine.connect() as conn:
        from tracker.models import Commitment

        spans = conn.execute(
            select(col(Commitment.span_start), col(Commitment.span_end), col(Commitment.excerpt))
        ).all()
    assert spans
    for start, end, excerpt in spans:
        assert text[start:end] == excerpt
    assert any(
        r["deadline"] == "2027-09-30" and "Item left 1.0: PTA will complete 70 e-Rozgar centres" in r["description"]
        for r in rows
    )


def test_a_scanned_pdf_is_refused_and_nothing_is_stored(run: InProcess, store: Any, tmp_path: Path) -> None:
    before = table_snapshot(store)
    result = run("import", "--date", "2025-06-02", str(write_scan(tmp_path / "scan.pdf")))
    assert result.returncode == 1
    assert result.stderr.strip().endswith("no text layer: this looks like a scan; run OCR first")
    assert len(result.stderr.strip().splitlines()) == 1
    assert table_snapshot(store) == before


def test_a_pdf_that_needs_a_password_is_refused_in_one_line(run: InProcess, store: Any, tmp_path: Path) -> None:
    before = table_snapshot(store)
    result = run("import", str(write_encrypted(tmp_path / "locked.pdf", user_password="secret")))
    assert result.returncode == 1
    assert "locked.pdf: encrypted: it needs a password" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert table_snapshot(store) == before


def test_a_pdf_locked_only_against_editing_is_read(cli: Cli, store: Any, tmp_path: Path) -> None:
    result = cli("import", str(write_encrypted(tmp_path / "protected.pdf", user_password=None)))
    assert result.exit_code == 0, result.output
    assert "300 e-Rozgar centres" in briefings(store)[0]["text"]


@pytest.mark.parametrize(
    ("damage", "name"),
    [
        (lambda raw: raw[: len(raw) // 3], "cut short"),
        (lambda raw: raw[:400] + bytes(range(256)) * 40, "garbage after the header"),
        (lambda raw: b"%PDF-1.7\n%%EOF\n", "a header and nothing else"),
    ],
)
def test_a_damaged_pdf_is_refused_in_one_line(
    run: InProcess, store: Any, tmp_path: Path, damage: Any, name: str
) -> None:
    good = write_deck(tmp_path / "good.pdf", 3, first_lines=DECK_OPENING).read_bytes()
    bad = tmp_path / "damaged.pdf"
    bad.write_bytes(damage(good))
    before = table_snapshot(store)
    result = run("import", "--date", "2025-06-02", str(bad))
    assert result.returncode == 1, name
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(r"damaged PDF|no text layer", result.stderr), result.stderr
    assert table_snapshot(store) == before


# --- a file that is not what its suffix says -------------------------------------------------


def test_a_file_whose_bytes_are_not_what_its_suffix_says_is_named_for_what_it_looks_like(
    cli: Cli, store: Any, tmp_path: Path
) -> None:
    word_as_pdf = tmp_path / "brief.pdf"
    word_as_pdf.write_bytes(write_docx(tmp_path / "real.docx").read_bytes())
    pdf_as_word = tmp_path / "deck.docx"
    pdf_as_word.write_bytes(write_deck(tmp_path / "real.pdf", 2).read_bytes())
    page_as_pdf = tmp_path / "news.pdf"
    page_as_pdf.write_text(SENATE_NEWS, encoding="utf-8")
    pdf_as_text = tmp_path / "minutes.txt"
    pdf_as_text.write_bytes((tmp_path / "real.pdf").read_bytes())
    before = table_snapshot(store)
    expected = {
        word_as_pdf: "brief.pdf: not a PDF with a text layer: it looks like a Word document (.docx)",
        pdf_as_word: "deck.docx: not a Word document: it looks like a PDF document (.pdf)",
        page_as_pdf: "news.pdf: not a PDF with a text layer: it looks like a web page (.html)",
        pdf_as_text: "minutes.txt: not a text file (Markdown or plain text): it looks like a PDF document (.pdf)",
    }
    for path, message in expected.items():
        result = cli("import", "--date", "2025-06-02", str(path))
        assert result.exit_code == 1
        assert result.stderr.strip() == f"tracker: {path.parent}/{message}"
    assert table_snapshot(store) == before


# --- Word -------------------------------------------------------------------------------------


def test_a_word_brief_keeps_headings_bullets_and_a_table_of_deliverables(cli: Cli, store: Any, tmp_path: Path) -> None:
    result = cli("import", str(write_docx(tmp_path / "raast.docx")))
    assert result.exit_code == 0, result.output
    [stored] = briefings(store)
    assert stored["title"] == "Briefing on digital payments"
    assert stored["date"] == date(2025, 10, 14)
    text = stored["text"]
    assert "# Briefing on digital payments\n" in text
    assert "## Commitments\n" in text
    assert "- The State Bank will launch Raast person-to-merchant payments by December 2025.\n" in text
    assert "| Deliverable | Target | Deadline |\n|---|---|---|\n" in text
    assert "| Merchants onboarded to Raast | 500,000 merchants | by June 2026 |" in text
    deadlines = {r["deadline"] for r in commitments(cli)}
    # The bullets and each table row are deliverables with their own deadline.
    assert {"2025-12-31", "2026-06-30", "2026-03-31"} <= deadlines


def test_a_damaged_word_file_is_refused_in_one_line(run: InProcess, store: Any, tmp_path: Path) -> None:
    raw = write_docx(tmp_path / "good.docx").read_bytes()
    bad = tmp_path / "bad.docx"
    bad.write_bytes(raw[: len(raw) // 2])
    result = run("import", "--date", "2025-06-02", str(bad))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "bad.docx: not a Word document: it looks like a damaged ZIP file" in result.stderr


# --- saved web pages ---------------------------------------------------------------------------

NOISE = (
    "Latest News",
    "Copyright",
    "Related",
    "Comments",
    "never",
    "Advertisement",
    "Questions",
    "Privacy",
    "Best viewed",
)


@pytest.mark.parametrize(
    ("page", "title", "day", "says"),
    [
        (
            SENATE_NEWS,
            "Senate Standing Committee on IT reviews fibre plan",
            "2022-09-05",
            "will connect 1,200 union councils",
        ),
        (NA_NEWS, "NA Committee on Finance discusses e-invoicing", "2025-10-14", "integrate 5,000 retailers"),
        (NEWSPAPER, "Ministry promises 300 e-Rozgar centres", "2026-03-12", "register 2,000 new IT companies"),
    ],
    ids=["senate", "national-assembly", "newspaper"],
)
def test_a_saved_web_page_keeps_the_article_its_title_and_its_date(
    cli: Cli, store: Any, tmp_path: Path, page: str, title: str, day: str, says: str
) -> None:
    path = tmp_path / "saved.html"
    path.write_text(page, encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 0, result.output
    [stored] = briefings(store)
    assert stored["title"] == title
    assert stored["date"].isoformat() == day
    assert says in stored["text"]
    assert not [n for n in NOISE if n in stored["text"]]
    assert "var tracking" not in stored["text"]
    assert f"sitting date {day} (from " in result.stdout


# --- the sitting's date -----------------------------------------------------------------------


def test_a_date_found_in_the_text_is_used_and_shown_first(cli: Cli, store: Any, deck: Path) -> None:
    dry = cli("import", "--dry-run", str(deck))
    assert dry.exit_code == 0, dry.output
    first = dry.stdout.splitlines()[0]
    assert first == f"{deck}: sitting date 2022-09-05 (from the text: 'Islamabad, September 05, 2022')"
    assert briefings(store) == []
    real = cli("import", str(deck))
    assert real.stdout.splitlines()[0] == first
    assert briefings(store)[0]["date"] == date(2022, 9, 5)


def test_date_on_the_command_line_overrides_the_text_and_says_so(cli: Cli, store: Any, deck: Path) -> None:
    result = cli("import", "--date", "06/09/2022", str(deck))
    assert result.stdout.splitlines()[0] == f"{deck}: sitting date 2022-09-06 (from --date)"
    assert briefings(store)[0]["date"] == date(2022, 9, 6)


def test_a_text_without_a_date_still_asks_for_one(run: InProcess, store: Any, tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("The Ministry will open 300 e-Rozgar centres by June 2026.\n", encoding="utf-8")
    result = run("import", str(path))
    assert result.returncode == 1
    assert "the briefing has no date" in result.stderr


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Press release\nIslamabad, September 05, 2022: The Senate Standing Committee met.", date(2022, 9, 5)),
        ("ISLAMABAD, 5th Sept. 2022 - The committee", date(2022, 9, 5)),
        ("The meeting was held on Tuesday, 14th October 2025 in Parliament House.", date(2025, 10, 14)),
        ("Minutes\nThe committee met on 3 March 2026 under the chair of", date(2026, 3, 3)),
        ("Dated: 05/09/2022\nSubject: briefing", date(2022, 9, 5)),
        # A long s (U+017F) reads as the "s" it stands for, as the case-insensitive pattern did.
        ("Islamabad, \u017feptember 05, 2022\nThe Sep figures were presented.", date(2022, 9, 5)),
        ("The meeting was held on 5 \u017fept 2022.", date(2022, 9, 5)),
    ],
)
def test_the_date_a_text_states_is_found(text: str, day: date) -> None:
    found = find_date(text)
    assert found is not None
    assert found.day == day


@pytest.mark.parametrize(
    "text",
    [
        "The Ministry will finish by 30 June 2026.",  # a deadline, not the sitting
        "Islamabad, February 30, 2022",  # no such day
        "Islamabad, September 2022",  # no day: never guessed
    ],
)
def test_no_date_is_read_where_the_text_states_none_clearly(text: str) -> None:
    assert find_date(text) is None


# --- near-duplicates ----------------------------------------------------------------------------

MINUTES = """The Ministry of IT will connect 1,200 union councils to the fibre backbone by June 2026.
The Universal Service Fund will launch rural broadband in 40 tehsils within 90 days.
PTA undertook to publish the internet outage report by 31 December 2025.
The committee directed the ministry to submit a progress report at the next meeting.
"""


def test_nearly_the_same_briefing_under_another_date_is_refused_unless_allowed(
    cli: Cli, store: Any, tmp_path: Path
) -> None:
    first = tmp_path / "minutes-sept.md"
    first.write_text(f"---\ntitle: Fibre minutes\ndate: 2025-09-10\n---\n{MINUTES}", encoding="utf-8")
    assert cli("import", str(first)).exit_code == 0
    # The same sentences, wrapped differently, under another title and date.
    again = tmp_path / "fibre-minutes-copy.txt"
    again.write_text(
        "Islamabad, September 12, 2025\n\n" + MINUTES.replace(" to the fibre", "\nto the fibre"), encoding="utf-8"
    )
    before = table_snapshot(store)
    refused = cli("import", str(again))
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        f'tracker: {again}: nearly the same text as briefing 1 "Fibre minutes" of 2025-09-10 '
        "(minutes-sept.md; 100% of their sentences are shared); nothing imported: "
        "to import it anyway, pass --allow-duplicate"
    )
    assert table_snapshot(store) == before
    allowed = cli("import", "--allow-duplicate", str(again))
    assert allowed.exit_code == 0, allowed.stderr
    assert [b["date"] for b in briefings(store)] == [date(2025, 9, 10), date(2025, 9, 12)]


def test_an_identical_text_is_recognised_as_already_imported(cli: Cli, store: Any, deck: Path, tmp_path: Path) -> None:
    assert cli("import", str(deck)).exit_code == 0
    copy = tmp_path / "copy-of-deck.pdf"
    copy.write_bytes(deck.read_bytes())
    again = cli("import", str(copy))
    assert again.exit_code == 0
    assert "already imported" in again.stdout
    assert len(briefings(store)) == 1


def test_a_different_briefing_sharing_a_few_sentences_is_not_a_duplicate() -> None:
    other = MINUTES.splitlines()[:1] + [
        "The State Bank will launch Raast person-to-merchant payments by December 2025.",
        "The Federal Board of Revenue will integrate 5,000 retailers by March 2026.",
        "The committee will visit the Karachi data centre in its next session.",
        "PSEB will register 2,000 new IT companies within six months.",
    ]
    assert overlap(sentence_keys(MINUTES), sentence_keys("\n".join(other))) < 0.5


# --- arbitrary bytes ------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".html", ".txt"])
def test_arbitrary_bytes_under_any_briefing_suffix_are_read_or_refused_in_one_line(tmp_path: Path, suffix: str) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tracker.errors import UserError
    from tracker.intake import read_intake

    good = {
        ".pdf": write_deck(tmp_path / "good.pdf", 2, first_lines=DECK_OPENING).read_bytes(),
        ".docx": write_docx(tmp_path / "good.docx").read_bytes(),
        ".html": SENATE_NEWS.encode(),
        ".txt": b"Islamabad, September 05, 2022\nThe Ministry will act by June 2026.\n",
    }[suffix]
    path = tmp_path / f"fuzzed{suffix}"

    flip = st.tuples(st.integers(0, len(good) - 1), st.integers(0, 255))

    @settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(cut=st.integers(1, len(good)), junk=st.binary(max_size=200), flips=st.lists(flip, max_size=20))
    def check(cut: int, junk: bytes, flips: list[tuple[int, int]]) -> None:
        damaged = bytearray(good)
        for at, value in flips:
            damaged[at] = value
        path.write_bytes(bytes(damaged[:cut]) + junk)
        try:
            text, message = read_intake(path).text, ""
        except UserError as exc:
            text, message = "", str(exc)
        # Either text was read, or one line says why not.
        assert bool(text.strip()) != bool(message)
        assert "\n" not in message

    check()


def _docx_member(raw: bytes, name: str) -> tuple[int, int]:
    """Where a ZIP member's central directory entry and its compressed data start."""
    import io
    import struct
    import zipfile

    info = zipfile.ZipFile(io.BytesIO(raw)).getinfo(name)
    name_len, extra_len = struct.unpack("<HH", raw[info.header_offset + 26 : info.header_offset + 30])
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 46 + len(name)] != name.encode():
        central = raw.index(b"PK\x01\x02", central + 4)
    return central, info.header_offset + 30 + name_len + extra_len


def test_files_damaged_deep_inside_are_refused_in_one_line(run: InProcess, store: Any, tmp_path: Path) -> None:
    """Damage found by fuzzing, each once failing with a traceback: a PDF whose stream filter
    name a flipped byte made up, a Word file whose document part no longer inflates or names
    a compression method that does not exist."""
    pdf = write_deck(tmp_path / "good.pdf", 2, first_lines=DECK_OPENING).read_bytes()
    assert b"/FlateDecode" in pdf
    word = write_docx(tmp_path / "good.docx").read_bytes()
    central, data = _docx_member(word, "word/document.xml")
    garbled = bytearray(word)
    garbled[data + 20 : data + 60] = bytes(range(40))
    unknown_method = bytearray(word)
    unknown_method[central + 10] = 99
    cases = {
        "filter.pdf": (pdf.replace(b"/FlateDecode", b"/FlateDecodj"), "damaged PDF"),
        "inflate.docx": (bytes(garbled), "damaged Word document"),
        "method.docx": (bytes(unknown_method), "damaged Word document"),
    }
    before = table_snapshot(store)
    for name, (content, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(content)
        result = run("import", "--date", "2025-06-02", str(path))
        assert result.returncode == 1, name
        assert result.stderr.startswith(f"tracker: {path}: {message}"), result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert table_snapshot(store) == before


def test_a_web_page_with_control_characters_is_read_without_noise(proc: Proc, store: Any, tmp_path: Path) -> None:
    page = tmp_path / "news.html"
    page.write_bytes(SENATE_NEWS.replace("Parliament House", "Parliament\x00 House\x1b[2J").encode())
    result = proc("import", str(page))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "met at Parliament House" in briefings(store)[0]["text"]
