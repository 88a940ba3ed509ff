"""CSV as tracker writes and reads it: UTF-8 with a byte-order mark, formulas neutralised.

A spreadsheet runs a cell that starts with = + - @ tab CR or LF as a formula. Text cells
that start so are written with a leading ``'``; reading strips that one ``'`` again, so a
file tracker writes reads back unchanged. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"


def neutralise(value: str) -> str:
    """Prefix ``'`` to a text cell a spreadsheet would run as a formula.

    A cell that already starts with ``'`` before such a character gets one too, so that
    stripping one ``'`` on import gives back exactly what was written.
    """
    if value.startswith(FORMULA_STARTS) or (value.startswith("'") and value[1:].startswith(FORMULA_STARTS)):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo ``neutralise``: drop the one ``'`` it added, and only that."""
    if value.startswith("'") and neutralise(value[1:]) == value:
        return value[1:]
    return value


def cell(value: Any) -> str | int | float:
    """A value as a CSV cell: numbers stay numbers, text is neutralised, None is empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return neutralise(str(value))


def write_csv(out: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]], *, bom: bool = True) -> int:
    """Write ``header`` and ``rows`` to ``out``; returns the number of rows written."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        n += 1
    return n
