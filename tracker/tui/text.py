"""User text for widgets: always a ``rich.text.Text``, cleaned, never parsed as markup.

A plain ``str`` given to a Static or a cell is read as Rich markup: ``[link=...]`` would
become a live link and ``[/]`` would crash the screen.

Terminals and Textual draw characters left to right in the order they are stored, so an Urdu
title would read backwards, letter by letter. A one-line text (a cell, a heading) holding
right-to-left letters is therefore reordered for display only, with the Unicode bidi algorithm
(UAX #9), into the order the eye reads it, and right-aligned when its first strong letter is
right-to-left; it is cut from its logical end first, so the ellipsis lands on the left.
Wrapped paragraphs are left in stored order: a reordered paragraph wrapped left to right would
show its last words first.
"""

from __future__ import annotations

import re

from bidi import get_display
from rich.cells import cell_len, set_cell_size
from rich.text import Text

from tracker.text import RTL_LETTER, clean, one_line


def safe(value: object, style: str = "") -> Text:
    """``value`` as literal text, control and bidi characters removed."""
    return Text(clean(None if value is None else str(value)), style=style)


# The first letter of any script, which fixes the direction of the line (UAX #9, P2).
_STRONG = re.compile(r"[^\W\d_]")


def visual(value: object, width: int | None = None) -> tuple[str, bool]:
    """``value`` on one line, cut to ``width``, in the order it is drawn, and whether it reads
    right to left (so is right-aligned). Only what is drawn changes, never the stored text."""
    line = one_line(None if value is None else str(value), width)
    if not RTL_LETTER.search(line):
        return line, False
    first = _STRONG.search(line)
    rtl = first is not None and bool(RTL_LETTER.match(first.group()))
    return get_display(line, base_dir="R" if rtl else "L"), rtl


def visual_cell(value: object, width: int) -> str:
    """``value`` drawn in a cell of exactly ``width`` columns, right-aligned if right to left."""
    if isinstance(value, str) and value.isascii() and value.isprintable():
        # Most cells of a repaint: nothing to clean or reorder, only to cut.
        cut = value if len(value) <= width else value[: width - 1] + "…"
        return set_cell_size(cut, width)
    line, rtl = visual(value, width)
    pad = max(width - cell_len(line), 0) * " "
    return set_cell_size(pad + line if rtl else line, width)


def safe_line(value: object, width: int | None = None, style: str = "") -> Text:
    """``value`` on one line, literal, cut to ``width``, right-to-left runs in reading order."""
    line, rtl = visual(value, width)
    return Text(line, style=style, justify="right" if rtl else None)


# A value longer than this may wrap at 80 columns, and a reordered line that wraps shows its
# end first: it is left in stored order.
_LABELLED_FITS = 60


def label_value(label: str, value: object, *, width: int = 13) -> Text:
    """A ``Label     value`` line for the detail screen; a value that fits on the line has its
    right-to-left runs in reading order."""
    line = Text(f"{label:<{width}}", style="bold")
    shown = safe(value if value not in (None, "") else "-")
    plain = shown.plain
    if RTL_LETTER.search(plain) and "\n" not in plain and len(plain) <= _LABELLED_FITS:
        # Left to right as a whole: the line starts with an English label.
        shown = Text(get_display(plain, base_dir="L"))
    line.append_text(shown)
    return line
