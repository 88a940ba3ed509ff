"""Run by tests/test_tui_bench.py in a fresh process: first paint, key latency, memory.

Key latency is measured through Pilot; the cost of Pilot's own waiting is measured with
a key bound to nothing and reported apart. Prints "painted" the moment the first rows are
on screen (the parent times process start to that line), then one JSON line of figures.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import date


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def main(db: str) -> None:
    from tracker.store import open_store
    from tracker.tui.app import make_app
    from tracker.tui.table import CommitmentTable

    app = make_app(open_store(db), today=date(2026, 3, 1), keymap={})
    async with app.run_test(size=(100, 30)) as pilot:
        table = None
        while table is None or not table.rows:
            await asyncio.sleep(0.001)
            found = app.screen.query(CommitmentTable)
            table = found.first() if found else None
        await pilot.pause()  # the frame with the rows is drawn
        print("painted", flush=True)
        figures: dict[str, float] = {"rss_after_paint_mb": rss_mb()}

        async def answered(*keys: str) -> float:
            start = time.perf_counter()
            await pilot.press(*keys)
            while table.current is None or table._pending is not None:
                await asyncio.sleep(0.0005)
            await pilot.pause()
            return (time.perf_counter() - start) * 1000

        while table.total is None:
            await asyncio.sleep(0.001)
        timings: dict[str, list[float]] = {
            "noop": [],
            "down": [],
            "pagedown": [],
            "end": [],
            "home": [],
            "overdue_filter": [],
        }
        for _ in range(5):
            # Pilot waits for the app to go idle after each key (sleeps of 20 ms): a key
            # bound to nothing measures that overhead, which the net figures leave out.
            timings["noop"].append(await answered("f12"))
            timings["down"].append(await answered("down"))
            timings["pagedown"].append(await answered("pagedown"))
        for _ in range(3):
            timings["end"].append(await answered("end"))
            timings["home"].append(await answered("home"))
            timings["overdue_filter"].append(await answered("o"))  # overdue only, on
            timings["overdue_filter"].append(await answered("o"))  # and off
        for name, values in timings.items():
            figures[f"{name}_ms_max"] = max(values)
            figures[f"{name}_ms_median"] = sorted(values)[len(values) // 2]
        figures["rss_end_mb"] = rss_mb()
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
