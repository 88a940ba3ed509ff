"""Owner contacts seeded from ``seeds/owners.toml``.

The file lists ``[[owner]]`` tables with a ``name`` (as commitments carry it) and a list of
``emails``. Loading adds contacts only to owners that have no address yet, so the seed never
overwrites what staff set with ``tracker owner set``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlmodel import Session

from tracker.addresses import check_name
from tracker.commitments import check_emails, set_owner
from tracker.errors import ConfigError, UserError
from tracker.models import Owner
from tracker.paths import seeds_dir
from tracker.themes import read_seed_table


@dataclass(frozen=True)
class OwnerContact:
    name: str
    emails: tuple[str, ...]


def owners_file() -> Path:
    return seeds_dir() / "owners.toml"


def read_owner_contacts(path: Path | None = None) -> list[OwnerContact]:
    """Every contact in the seed file; a malformed file is a configuration error naming the entry."""
    path = path or owners_file()
    contacts: list[OwnerContact] = []
    seen: set[str] = set()
    for i, entry in enumerate(read_seed_table(path, "owner", "owner contacts file"), start=1):
        name = entry.get("name")
        emails = entry.get("emails")
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"owner contacts file {path}: owner {i} has no name")
        if not isinstance(emails, list) or not all(isinstance(e, str) for e in emails):
            raise ConfigError(f"owner contacts file {path}: emails of {name!r} must be a list of addresses")
        try:
            check_name(name, "owner")
        except ValueError as exc:
            raise ConfigError(f"owner contacts file {path}: {exc}") from None
        try:
            addresses = check_emails(", ".join(emails))
        except UserError as exc:
            raise ConfigError(f"owner contacts file {path}: {name!r}: {exc}") from None
        if name.strip() in seen:
            raise ConfigError(f"owner contacts file {path}: {name!r} is listed twice")
        seen.add(name.strip())
        contacts.append(OwnerContact(name.strip(), tuple(addresses)))
    return contacts


def seed_owner_contacts(session: Session, contacts: list[OwnerContact]) -> list[OwnerContact]:
    """Give each listed owner its seed addresses unless it has some already; returns those added."""
    existing = {o.name: o.email_list for o in session.scalars(select(Owner))}
    added = []
    for contact in contacts:
        if existing.get(contact.name):
            continue
        set_owner(session, contact.name, contact.emails)
        added.append(contact)
    return added
