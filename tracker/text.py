"""Untrusted text made safe to show: no terminal control sequences, no bidi overrides."""

from __future__ import annotations

import re
from typing import IO

# C0 controls except tab and newline, DEL, C1 controls, and the bidi embeddings, overrides
# and isolates that can make text read differently from what it is.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


# The characters ``clean`` removes, as a ``str.translate`` table that a format extends with its
# own escapes: one pass per cell, where a million cells make a regex per cell add up.
UNSAFE_TRANSLATION: dict[int, str | None] = {
    c: None
    for lo, hi in ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))
    for c in range(lo, hi + 1)
}


# Letters written right to left: Hebrew, Arabic (Urdu included), Syriac, Thaana, N'Ko and the
# Arabic presentation forms.
RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_LETTER = re.compile(r"[^\W\d_]")


def mainly_rtl(text: str | None) -> bool:
    """Whether most letters of ``text`` are written right to left (an Urdu title with an
    English acronym in it is; an English title quoting one Urdu word is not)."""
    if not text or text.isascii():  # the common case, without a regex
        return False
    rtl = len(RTL_LETTER.findall(text))
    return rtl > 0 and 2 * rtl > len(_LETTER.findall(text))


def clean(text: str | None) -> str:
    """``text`` without control characters (tab and newline kept) and bidi overrides."""
    if not text:
        return ""
    return _UNSAFE.sub("", text)


def one_line(text: str | None, width: int | None = None) -> str:
    """``clean(text)`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(clean(text).split())
    if width is not None and len(flat) > width:
        return flat[: max(width - 1, 0)] + "…"
    return flat


# What a terminal must never receive from stored text: C0 controls but tab, CR and LF (CSV
# ends its lines with CR LF), DEL and C1 controls.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class TerminalSafe:
    """A text stream for a terminal: what is written to it loses its control characters, so
    stored text cannot move the cursor, clear the screen or set the window title."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_TERMINAL_UNSAFE.sub("", text))

    def flush(self) -> None:
        self._stream.flush()
