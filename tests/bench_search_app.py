"""Run by tests/test_search_bench.py in a fresh process: the TUI's search, timed, and memory.

Opens the app on the database given, waits for the first rows, then types six searches into
the search box (a word that matches nothing and one that matches many, alternately), each
replacing the one before. For each it prints the time from the last key to the first frame
that draws its rows or "No commitments match." (the search box's typing delay included), then
the resident memory after all six. One JSON line.

The end is the frame drawn, not ``pilot.pause()``: that waits (up to a second) for the whole
process to go idle, so it would time the counts that follow the rows as well.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import date

SEARCHES = ("zzqxv", "submarine", "qqxzv", "training", "xxvqz", "cable")


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def main(db: str, timeout: float) -> None:
    from textual.strip import Strip
    from textual.widgets import Input

    from tracker.store import open_store
    from tracker.tui.app import make_app
    from tracker.tui.table import CommitmentTable

    drawn: list[tuple[int, float]] = []  # (the table's generation, when) of each frame with its result
    draw = CommitmentTable.render_line

    def render_line(self: CommitmentTable, y: int) -> Strip:
        strip = draw(self, y)
        if y == 1 and (self.rows or self._end_reached == 0):
            drawn.append((self.generation, time.perf_counter()))
        return strip

    CommitmentTable.render_line = render_line  # type: ignore[method-assign]
    app = make_app(open_store(db), today=date(2026, 3, 1), keymap={})
    figures: dict[str, object] = {}
    async with app.run_test(size=(100, 30)):
        found = app.screen.query(CommitmentTable)
        while not found or not found.first().rows:
            await asyncio.sleep(0.005)
            found = app.screen.query(CommitmentTable)
        table = found.first()
        figures["rss_after_paint_mb"] = rss_mb()
        box = app.screen.query_one("#search", Input)
        times = []
        for word in SEARCHES:
            generation = table.generation
            box.focus()
            box.value = ""
            start = time.perf_counter()
            box.value = word  # as if typed: the box's change event starts the search
            shown = None
            while shown is None and time.perf_counter() - start < timeout:
                await asyncio.sleep(0.002)
                shown = next((t for g, t in drawn if g > generation and t > start), None)
            times.append(round(((shown or time.perf_counter()) - start) * 1000, 1))
        figures["search_ms"] = dict(zip(SEARCHES, times, strict=True))
        figures["rss_after_searches_mb"] = rss_mb()
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 120.0))
