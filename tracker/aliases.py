"""Owners' aliases: the names a body goes by in briefings, resolved to one canonical name.

``seeds/owners.toml`` lists each body once, as an ``[[owner]]`` (a body reminders go to,
with ``emails``) or a ``[[body]]`` (a body commitments can name, no address yet), each with
``aliases = [...]``: "MoITT", "IT Ministry" and "Ministry of IT and Telecom" all mean the
Ministry of Information Technology and Telecommunication, so one body never splits into
several owners. Users extend the lists in that file; a body no list names is kept as written.

Headless and pure apart from reading that file: the parser gets an :class:`AliasIndex`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tracker.errors import ConfigError
from tracker.paths import seeds_dir
from tracker.text import CaselessPattern
from tracker.themes import read_seed_table, trie_pattern

__all__ = ["AliasIndex", "BodyName", "load_aliases"]


@dataclass(frozen=True)
class BodyName:
    """A body named in a text: where, and its canonical name."""

    start: int
    end: int
    canonical: str


def _is_acronym(alias: str) -> bool:
    # "PTA", "MoITT", "P@SHA": matched with their case, so "pta" inside prose never counts.
    return " " not in alias and sum(c.isupper() for c in alias) >= 2


class AliasIndex:
    """Finds known bodies in text, longest name first, and resolves a name to its canonical form."""

    def __init__(self, entries: Iterable[tuple[str, Sequence[str]]]) -> None:
        self._canonical: dict[str, str] = {}
        # Each canonical name -> its names as written, itself first (a dict keeps their order).
        self._names: dict[str, dict[str, None]] = {}
        exact: dict[str, str] = {}
        for name, aliases in entries:
            for variant in (name, *aliases):
                variant = " ".join(variant.split())
                if not variant:
                    continue
                self._names.setdefault(name, {name: None})[variant] = None
                if _is_acronym(variant):
                    exact.setdefault(variant, name)
                else:
                    self._canonical.setdefault(variant.lower(), name)
        self._exact = exact
        # One trie over every name (an alternation of hundreds of names is tried name by name
        # at each position); an acronym's case is checked on the match.
        names = [*self._canonical, *exact]
        self._pattern = CaselessPattern(r"(?<![\w@])" + trie_pattern(names) + r"(?![\w@])") if names else None

    def names(self) -> list[str]:
        """Every known body's canonical name, then its aliases as written, each once."""
        written = (variant for variants in self._names.values() for variant in variants)
        return list(dict.fromkeys([*sorted(self._names, key=str.casefold), *written]))

    def names_of(self, canonical: str) -> list[str]:
        """Every name ``canonical`` goes by, as listed (itself included)."""
        return sorted(self._names.get(canonical, {canonical}))

    def resolve(self, name: str) -> str | None:
        """The canonical name of ``name`` if it is a known body or one of its aliases."""
        name = " ".join(name.split())
        found = self._exact.get(name) or self._canonical.get(name.lower())
        if found is None and "-" in name:
            # The matcher lets a hyphen stand for a space ("IT-Ministry").
            return self.resolve(name.replace("-", " "))
        return found

    def find(self, text: str) -> list[BodyName]:
        """Every known body named in ``text``, in text order."""
        if self._pattern is None:
            return []
        found = []
        for m in self._pattern.finditer(text):
            canonical = self.resolve(text[m.start() : m.end()])  # as written: an acronym's case counts
            if canonical is not None:
                found.append(BodyName(m.start(), m.end(), canonical))
        return found


def _entries(path: Path, key: str) -> list[tuple[str, list[str]]]:
    out = []
    for i, entry in enumerate(read_seed_table(path, key, "owner contacts file"), start=1):
        name = entry.get("name")
        aliases = entry.get("aliases", [])
        if not isinstance(name, str) or not name.strip():
            raise ConfigError(f"owner contacts file {path}: {key} {i} has no name")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ConfigError(f"owner contacts file {path}: aliases of {name!r} must be a list of names")
        out.append((name.strip(), aliases))
    return out


@cache
def _load(path: Path) -> AliasIndex:
    return AliasIndex(_entries(path, "owner") + _entries(path, "body"))


def load_aliases(path: Path | None = None) -> AliasIndex:
    """The alias index of ``seeds/owners.toml`` (or ``path``); ConfigError if it is malformed."""
    return _load((path or seeds_dir() / "owners.toml").resolve())
