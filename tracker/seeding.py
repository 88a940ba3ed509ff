"""First run: fill a new database with the briefings kept in ``seeds/``."""

from __future__ import annotations

from pathlib import Path

from tracker.briefing_store import BRIEFING_SUFFIXES, import_briefing, read_briefing
from tracker.store import Store
from tracker.themes import seeds_dir


def seed_briefings(store: Store, folder: Path | None = None) -> list[str]:
    """Import every briefing in the seeds folder, in one transaction; returns the summaries."""
    folder = folder or seeds_dir()
    paths = sorted(p for p in folder.glob("*") if p.suffix.lower() in BRIEFING_SUFFIXES and p.is_file())
    parsed = [(path, read_briefing(path)) for path in paths]
    with store.write() as session:
        return [import_briefing(session, briefing, path=path).summary for path, briefing in parsed]
