"""PDF briefings with a text layer, read with pypdf.

pypdf was chosen over pdfminer.six by measurement: on a 50-page two-column deck pypdf's text
with positions takes under a second, pdfminer.six's layout analysis about 8 s. pypdf's plain
text interleaves the two columns line by line, so the page is laid out here from the position
of each piece of text: rows by their height on the page, columns by the gutter between them.

What a reader of the deck would not call its text is removed: running headers and footers
(lines repeated on most pages), page numbers, and page breaks; a word hyphenated at a line's
end is joined, and the lines of a paragraph become one line.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker.errors import UserError
from tracker.intake import Extracted
from tracker.intake.dates import find_date

SCAN_MESSAGE = "no text layer: this looks like a scan; run OCR first"
# Fewer letters than this per page on average: the pages are pictures of text.
_MIN_CHARS_PER_PAGE = 20
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-\u2013\u2014]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?(?:\s*[-\u2013\u2014])?\s*$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2219*-]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_SENTENCE_END = re.compile(r"[.!?:;)\]\"'\u201d]\s*$")


@dataclass
class _Piece:
    x: float
    y: float
    size: float
    text: str

    @property
    def end(self) -> float:
        # pypdf does not give widths; half the font size per character is a fair average for
        # the proportional fonts of office documents, and only used to find the gutter.
        return self.x + 0.5 * self.size * len(self.text)


@dataclass
class _Line:
    text: str
    x: float
    y: float
    size: float
    column: int = 0

    @property
    def end(self) -> float:
        return self.x + 0.5 * self.size * len(self.text)


def read_pdf(path: Path, raw: bytes) -> Extracted:
    """The cleaned text of a PDF with a text layer; UserError for a scan, an encrypted or a
    damaged file."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError

    # pypdf logs what it repairs or guesses in a damaged file; the user gets one line or the text.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            _decrypt(path, reader)
        pieces = [_pieces(page) for page in reader.pages]
        title = _metadata_title(reader)
    except UserError:
        raise
    except (FileNotDecryptedError, DependencyError):
        raise UserError(f"{path}: encrypted: it needs a password to open; save a copy without one") from None
    except Exception as exc:
        # Only pypdf runs here, on untrusted bytes: a damaged file fails deep inside it with
        # whatever its bytes led to (a PdfReadError, a zlib error, NotImplementedError for a
        # filter name that a flipped byte made up, ...).
        raise UserError(f"{path}: damaged PDF: {_first_line(exc)}") from None
    pages = [_layout(page) for page in pieces]
    letters = sum(len(line.text.strip()) for page in pages for line in page)
    if not pages or letters < _MIN_CHARS_PER_PAGE * len(pages):
        raise UserError(f"{path}: {SCAN_MESSAGE}")
    text = clean_pages(pages)
    return Extracted(text, title=title, found_date=find_date(text))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:160] if text else type(exc).__name__


def _decrypt(path: Path, reader: Any) -> None:
    from pypdf import PasswordType

    # A PDF locked only against editing opens with the empty password.
    if reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise UserError(f"{path}: encrypted: it needs a password to open; save a copy without one")


def _metadata_title(reader: Any) -> str | None:
    meta = reader.metadata
    title = str(meta.title).strip() if meta is not None and meta.title else ""
    return " ".join(title.split()) or None


def _pieces(page: Any) -> list[_Piece]:
    """The pieces of text on the page, each where it stands."""
    pieces: list[_Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[3] * cm[3]) or 1.0
        for i, part in enumerate(text.split("\n")):
            if part.strip():
                pieces.append(_Piece(x, y - i * size * scale * 1.2, max(size * scale, 1.0), part))

    page.extract_text(visitor_text=visit)
    return pieces


def _rows(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Pieces on one baseline (within a third of their size), top row first, left to right."""
    rows: list[list[_Piece]] = []
    for piece in sorted(pieces, key=lambda p: (-p.y, p.x)):
        if rows and abs(rows[-1][0].y - piece.y) <= piece.size / 3:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    for row in rows:
        row.sort(key=lambda p: p.x)
    return rows


def _segments(row: list[_Piece]) -> list[_Line]:
    """A row split where a gap wider than a character or two separates its pieces (a gutter)."""
    lines: list[_Line] = []
    last_end = -1e9
    for piece in row:
        if lines and piece.x - last_end < piece.size:
            lines[-1].text += " " + piece.text
            last_end = max(last_end, piece.end)
        else:
            lines.append(_Line(piece.text, piece.x, piece.y, piece.size))
            last_end = piece.end
    for line in lines:
        line.text = " ".join(line.text.split())
    return lines


def _layout(pieces: list[_Piece]) -> list[_Line]:
    """The page's lines in reading order, top to bottom, a column at a time: where rows hold
    two or more segments the page runs in columns, and a stretch of columns is read a column
    at a time before the full-width text below it."""
    rows = [_segments(row) for row in _rows(pieces)]
    starts = sorted({round(seg.x) for row in rows if len(row) > 1 for seg in row[1:]})
    # Column boundaries: left edges of second and later segments, near ones merged.
    bounds: list[float] = []
    for x in starts:
        if not bounds or x - bounds[-1] > 20:
            bounds.append(x)
    if not bounds:
        return [line for row in rows for line in row]
    ordered: list[_Line] = []
    band: list[_Line] = []

    def flush() -> None:
        band.sort(key=lambda ln: (ln.column, -ln.y))
        ordered.extend(band)
        band.clear()

    for row in rows:
        full_width = len(row) == 1 and any(row[0].x < b - 20 and row[0].end > b + 20 for b in bounds)
        if full_width:
            flush()
            ordered.extend(row)
            continue
        for seg in row:
            seg.column = sum(1 for b in bounds if seg.x >= b - 20)
            band.append(seg)
    flush()
    return ordered


def _normal(text: str) -> str:
    """A line as a running header or footer repeats it, without the page number beside it."""
    return re.sub(r"^\d{1,4}\s+|\s+\d{1,4}$", "", " ".join(text.casefold().split()))


def _edges(page: list[_Line]) -> list[_Line]:
    """The lines of the top two and the bottom two rows of a page, where running headers,
    footers and page numbers stand."""
    heights = sorted({round(line.y) for line in page})
    edge = set(heights[:2] + heights[-2:])
    return [line for line in page if round(line.y) in edge]


def _running_key(line: _Line) -> tuple[str, int]:
    return _normal(line.text), round(line.y / 10)


def _running_lines(pages: list[list[_Line]]) -> set[tuple[str, int]]:
    """Lines at the same place near the top or bottom of most pages: a running header or
    footer."""
    if len(pages) < 3:
        return set()
    seen: Counter[tuple[str, int]] = Counter()
    for page in pages:
        seen.update({_running_key(line) for line in _edges(page)})
    return {key for key, n in seen.items() if n >= max(3, len(pages) // 2)}


def clean_pages(pages: list[list[_Line]]) -> str:
    """The text of the pages as paragraphs, without running headers, footers, page numbers
    and page breaks, with hyphenated line ends and the lines of each paragraph joined."""
    running = _running_lines(pages)
    paragraphs: list[str] = []
    current: list[str] = []
    for page in pages:
        drop = {id(line) for line in _edges(page) if _running_key(line) in running or _PAGE_NUMBER.match(line.text)}
        previous: _Line | None = None
        for line in page:
            if id(line) in drop:
                continue
            if previous is None or line.column != previous.column:
                # A page or column break: the paragraph goes on if it had not ended.
                starts_new = _ended(current) or not line.text[:1].islower()
            else:
                gap = previous.y - line.y
                starts_new = gap > 1.6 * max(line.size, previous.size) or abs(line.size - previous.size) > 1
            if starts_new or _BULLET.match(line.text):
                _close(current, paragraphs)
            current.append(line.text)
            previous = line
    _close(current, paragraphs)
    return "\n\n".join(paragraphs) + "\n"


def _ended(current: list[str]) -> bool:
    return not current or bool(_SENTENCE_END.search(current[-1]))


def _close(current: list[str], paragraphs: list[str]) -> None:
    if current:
        paragraphs.append(join_lines(current))
        current.clear()


def join_lines(lines: list[str]) -> str:
    """The lines of one paragraph as one line; "imple-" + "mented" is "implemented"."""
    text = lines[0]
    for line in lines[1:]:
        if re.search(r"[A-Za-z]-$", text) and line[:1].islower():
            text = text[:-1] + line
        else:
            text += " " + line
    return text
