"""A progress bar on the terminal for long work (demo, import, export, the nightly run).

Drawn on stderr, and only when stderr is a terminal: piped, redirected or run from cron,
nothing is written, so cron's mail and a captured stdout stay clean. The bar redraws at most
ten times a second and erases itself when the work is done.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

# (done so far, how many in all when known): how long work reports its progress.
ProgressFn = Callable[[int, int | None], None]

_WIDTH = 30
_EVERY_S = 0.1


class TerminalBar:
    """``label [#####.....] 1,234 / 5,678 (21%)`` on one line of ``stream``, redrawn in place."""

    def __init__(self, label: str, stream: TextIO) -> None:
        self.label = label
        self.stream = stream
        self._last = 0.0
        self._drawn = False

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self._last < _EVERY_S and (total is None or done < total):
            return
        self._last = now
        if total:
            filled = min(_WIDTH, _WIDTH * done // total)
            bar = "#" * filled + "." * (_WIDTH - filled)
            line = f"{self.label} [{bar}] {done:,} / {total:,} ({100 * done // total}%)"
        else:
            line = f"{self.label} ... {done:,}"
        self.stream.write(f"\r\x1b[K{line}")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        """Erase the bar, leaving the line for what the command prints next."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@contextmanager
def terminal_progress(label: str, stream: TextIO | None = None) -> Iterator[ProgressFn | None]:
    """A progress callback drawing a bar on ``stream`` (stderr) if it is a terminal, else None."""
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        yield None
        return
    bar = TerminalBar(label, out)
    try:
        yield bar
    finally:
        bar.close()
