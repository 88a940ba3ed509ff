"""Briefings as they arrive: Markdown or text, PDF, Word and saved web pages, read into the
text tracker stores and parses.

One registry (:data:`FORMATS`) holds every intake format: its name, the suffixes it is chosen
by, a check of the file's real type by its first bytes (never its suffix alone) and a reader
that turns the file into :class:`Extracted` (the cleaned text and what the file says of its
own title, date and source). The command line, the TUI and the first-run seed import all
read briefings through :func:`read_intake`.

This package is headless and never touches the database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.errors import UserError
from tracker.intake.dates import FoundDate
from tracker.intake.sniff import looks_like

_MB = 1024 * 1024


@dataclass(frozen=True)
class Extracted:
    """What a reader made of a file: the text to store and what the file says of itself."""

    text: str
    title: str | None = None
    found_date: FoundDate | None = None
    source: str | None = None


@dataclass(frozen=True)
class IntakeFormat:
    """One kind of briefing file tracker can read."""

    name: str
    label: str
    suffixes: tuple[str, ...]
    # The kinds (see tracker.intake.sniff) a file of this format may look like by its bytes.
    kinds: tuple[str, ...]
    read: Callable[[Path, bytes], Extracted]
    # A briefing's text is a few pages, a deck at most a few hundred with pictures: a file far
    # larger is a wrong file, refused before it is read.
    max_bytes: int = 5 * _MB


def _read_text(path: Path, raw: bytes) -> Extracted:
    from tracker.intake.plain import read_text

    return read_text(path, raw)


def _read_pdf(path: Path, raw: bytes) -> Extracted:
    from tracker.intake.pdf import read_pdf

    return read_pdf(path, raw)


def _read_docx(path: Path, raw: bytes) -> Extracted:
    from tracker.intake.word import read_docx

    return read_docx(path, raw)


def _read_html(path: Path, raw: bytes) -> Extracted:
    from tracker.intake.web import read_html

    return read_html(path, raw)


# The readers import their libraries when first used, so `tracker list` never pays for them.
FORMATS: tuple[IntakeFormat, ...] = (
    IntakeFormat(
        "text", "text file (Markdown or plain text)", (".md", ".markdown", ".txt"), ("text", "legacy-text"), _read_text
    ),
    IntakeFormat("pdf", "PDF with a text layer", (".pdf",), ("pdf",), _read_pdf, 50 * _MB),
    IntakeFormat("docx", "Word document", (".docx",), ("docx",), _read_docx, 50 * _MB),
    IntakeFormat("html", "saved web page", (".html", ".htm"), ("html",), _read_html, 10 * _MB),
)

BRIEFING_SUFFIXES: tuple[str, ...] = tuple(s for f in FORMATS for s in f.suffixes)


def format_for(path: Path) -> IntakeFormat | None:
    """The intake format chosen by ``path``'s suffix, or None if it names none."""
    suffix = path.suffix.lower()
    return next((f for f in FORMATS if suffix in f.suffixes), None)


def suffix_list() -> str:
    """The briefing suffixes, for messages: ".md, .markdown, .txt, .pdf, ..."."""
    return ", ".join(BRIEFING_SUFFIXES)


def read_intake(path: Path) -> Extracted:
    """Read a briefing file of any registered format; UserError with one clear line when the
    file is missing, too large, not what its suffix says, damaged or empty."""
    fmt = format_for(path)
    if fmt is None:
        raise UserError(f"{path}: tracker reads briefings as {suffix_list()}")
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError(f"{path}: no such file") from None
    except PermissionError:
        raise UserError(f"{path}: permission denied") from None
    if path.is_dir():
        raise UserError(f"{path} is a folder, not a briefing file")
    if size > fmt.max_bytes:
        raise UserError(
            f"{path}: {size / _MB:.0f} MB is far larger than a briefing "
            f"(the limit for a {fmt.label} is {fmt.max_bytes // _MB} MB); is it the right file?"
        )
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise UserError(f"{path}: permission denied") from None
    if not raw.strip():
        raise UserError(f"{path}: the file is empty")
    kind = looks_like(raw)
    if kind.name not in fmt.kinds:
        raise UserError(f"{path}: not a {fmt.label}: it looks like {kind.description}")
    extracted = fmt.read(path, raw)
    if not extracted.text.strip():
        raise UserError(f"{path}: no text found in it")
    return extracted


__all__ = [
    "BRIEFING_SUFFIXES",
    "FORMATS",
    "Extracted",
    "FoundDate",
    "IntakeFormat",
    "format_for",
    "read_intake",
    "suffix_list",
]
