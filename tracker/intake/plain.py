"""Markdown and plain-text briefings: stored as they are (UTF-8, byte-order mark removed)."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import UserError
from tracker.intake import Extracted
from tracker.intake.dates import find_date


def read_text(path: Path, raw: bytes) -> Extracted:
    """Decode a text briefing; the date its text states is found for confirmation."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again") from None
    return Extracted(text, found_date=find_date(text))
