"""First run: fill a new database with the briefings and owner contacts kept in ``seeds/``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlmodel import col

from tracker.briefing_store import BRIEFING_SUFFIXES, import_briefing, read_briefing
from tracker.models import Briefing, Commitment
from tracker.owners import read_owner_contacts, seed_owner_contacts
from tracker.paths import seeds_dir
from tracker.store import Store


def is_empty(store: Store) -> bool:
    """No briefing and no commitment yet: a first run (also after ``init`` or a failed seed)."""
    # One row is enough to know: counting a million would slow every start.
    with store.read() as session:
        return all(session.execute(select(col(t.id)).limit(1)).first() is None for t in (Briefing, Commitment))


def seed_briefings(store: Store, folder: Path | None = None) -> list[str]:
    """Import every briefing and the owner contacts in the seeds folder, in one transaction;
    returns what was done, a line each. The seed is reviewed data: its items are accepted."""
    folder = folder or seeds_dir()
    paths = sorted(p for p in folder.glob("*") if p.suffix.lower() in BRIEFING_SUFFIXES and p.is_file())
    parsed = [(path, read_briefing(path)) for path in paths]
    contacts_file = folder / "owners.toml"
    contacts = read_owner_contacts(contacts_file) if contacts_file.is_file() else []
    with store.write() as session:
        done = [
            import_briefing(session, briefing, path=path, accept=True, by="seed").summary for path, briefing in parsed
        ]
        if contacts:
            added = seed_owner_contacts(session, contacts)
            done.append(f"{contacts_file}: addresses for {len(added)} owners")
        return done
