"""The theme taxonomy, read from ``seeds/themes.toml`` (users extend it without code)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tracker.errors import ConfigError
from tracker.paths import seeds_dir
from tracker.text import CaselessPattern

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
FALLBACK_THEME = "other"


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str
    keywords: tuple[str, ...] = field(default=())


def read_seed_table(path: Path, key: str, what: str) -> list[dict[str, Any]]:
    """The ``[[key]]`` entries of a TOML file in seeds/; ConfigError (exit 78) naming the file
    when it is missing, not TOML, or holds something else under ``key``."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{what} {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{what} {path} is not valid TOML: {exc}") from None
    entries = data.get(key, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise ConfigError(f"{what} {path}: write each entry as a [[{key}]] table")
    return entries


@cache
def _load(path: Path) -> tuple[Theme, ...]:
    themes: list[Theme] = []
    seen: set[str] = set()
    for i, entry in enumerate(read_seed_table(path, "theme", "theme file"), start=1):
        slug = entry.get("slug")
        if not isinstance(slug, str) or not _SLUG.match(slug):
            raise ConfigError(f"theme file {path}: theme {i} has no valid slug (lowercase_with_underscores)")
        if slug in seen:
            raise ConfigError(f"theme file {path}: theme {slug!r} is defined twice")
        seen.add(slug)
        keywords = entry.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise ConfigError(f"theme file {path}: keywords of {slug!r} must be a list of strings")
        themes.append(Theme(slug, str(entry.get("label", slug)), tuple(keywords)))
    if FALLBACK_THEME not in seen:
        themes.append(Theme(FALLBACK_THEME, "Other"))
    return tuple(themes)


def load_themes(path: Path | None = None) -> tuple[Theme, ...]:
    """Every theme of the taxonomy, in file order; ``other`` is always present."""
    return _load((path or seeds_dir() / "themes.toml").resolve())


def theme_slugs(path: Path | None = None) -> frozenset[str]:
    """The slugs of every theme, ``other`` included."""
    return frozenset(t.slug for t in load_themes(path))


def _keyword_source(keyword: str) -> str:
    if len(keyword) > 2 and keyword.startswith("/") and keyword.endswith("/"):
        return keyword[1:-1]
    words = [re.escape(w) for w in keyword.split()]
    # Words may be broken across a line or joined by a hyphen ("cross departmental"), and a
    # plain keyword also matches its plural ("export" finds "exports", "tax" finds "taxes").
    return r"(?<!\w)" + r"[\s-]+".join(words) + r"(?:s|es)?(?!\w)"


@cache
def _matcher(keywords: tuple[str, ...]) -> re.Pattern[str] | None:
    sources: list[str] = []
    for keyword in sorted({k.strip() for k in keywords if k.strip()}, key=len, reverse=True):
        source = _keyword_source(keyword)
        try:
            re.compile(source)
        except re.error as exc:
            raise ConfigError(f"theme keyword {keyword!r} is not a valid pattern: {exc}") from None
        sources.append(source)
    if not sources:
        return None
    return re.compile("|".join(f"(?:{s})" for s in sources), re.IGNORECASE)


_SEPARATOR = "\0"  # stands for the gap between words inside the trie


def trie_pattern(keywords: Iterable[str]) -> str:
    """One regular expression for many keywords, factored as a trie.

    Python's engine tries the alternatives of ``a|b|c`` one by one at every position; with
    shared prefixes factored out it tests each character once, several times faster.
    Longer keywords are preferred to their prefixes ("digital payments" over "digital").
    """
    trie: dict[str, Any] = {}
    for keyword in keywords:
        node = trie
        for ch in _SEPARATOR.join(keyword.lower().split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = []
        for ch in sorted(k for k in node if k):
            head = r"[\s-]+" if ch == _SEPARATOR else re.escape(ch)
            branches.append(head + emit(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return "(?:" + emit(trie) + ")"


_GAP = re.compile(r"[\s-]+")


def _normal(words: str) -> str:
    return " ".join(_GAP.split(words.lower().strip()))


class KeywordIndex:
    """Finds the keywords of many themes in one pass over a text.

    Plain keywords of all themes share one pattern (named groups per theme made it six
    times slower); which theme a hit belongs to is looked up from its normalised words.
    Keywords written ``/like this/`` are searched theme by theme.
    """

    def __init__(self, themes: Sequence[Theme]) -> None:
        self._owner: dict[str, list[str]] = {}
        plain: set[str] = set()
        self._regexes: list[tuple[str, re.Pattern[str]]] = []
        for theme in themes:
            for keyword in theme.keywords:
                keyword = keyword.strip()
                if not keyword:
                    continue
                if len(keyword) > 2 and keyword.startswith("/") and keyword.endswith("/"):
                    self._regexes.append((theme.slug, _matcher((keyword,)) or re.compile("(?!)")))
                    continue
                slugs = self._owner.setdefault(_normal(keyword), [])
                if theme.slug not in slugs:
                    slugs.append(theme.slug)
                plain.add(keyword)
        self._plain = CaselessPattern(r"(?<!\w)" + trie_pattern(plain) + r"(?:s|es)?(?!\w)") if plain else None

    def find(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Spans of keyword hits in ``text`` by theme slug, in text order."""
        hits: dict[str, list[tuple[int, int]]] = {}
        if self._plain is not None:
            for m in self._plain.finditer(text):
                found = _normal(m.group())
                slugs = self._owner.get(found)
                if slugs is None:
                    for suffix in ("es", "s"):
                        if found.endswith(suffix) and found[: -len(suffix)] in self._owner:
                            slugs = self._owner[found[: -len(suffix)]]
                            break
                for slug in slugs or ():
                    hits.setdefault(slug, []).append(m.span())
        for slug, pattern in self._regexes:
            for m in pattern.finditer(text):
                if m.end() > m.start():
                    hits.setdefault(slug, []).append(m.span())
        for spans in hits.values():
            spans.sort()
        return hits
