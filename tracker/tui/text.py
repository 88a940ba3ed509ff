"""User text for widgets: always a ``rich.text.Text``, cleaned, never parsed as markup.

A plain ``str`` given to a Static or a cell is read as Rich markup: ``[link=...]`` would
become a live link and ``[/]`` would crash the screen (RELIABILITY 7).
"""

from __future__ import annotations

from rich.text import Text

from tracker.text import clean, one_line


def safe(value: object, style: str = "") -> Text:
    """``value`` as literal text, control and bidi characters removed."""
    return Text(clean(None if value is None else str(value)), style=style)


def safe_line(value: object, width: int | None = None, style: str = "") -> Text:
    """``value`` on one line, literal, cut to ``width``."""
    return Text(one_line(None if value is None else str(value), width), style=style)


def label_value(label: str, value: object, *, width: int = 13) -> Text:
    """A ``Label     value`` line for the detail screen."""
    line = Text(f"{label:<{width}}", style="bold")
    line.append_text(safe(value if value not in (None, "") else "-"))
    return line
