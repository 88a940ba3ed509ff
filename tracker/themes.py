"""The theme taxonomy, read from ``seeds/themes.toml`` (users extend it without code)."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tracker.fiscal import ConfigError

_SLUG = re.compile(r"^[a-z][a-z0-9_]*$")
FALLBACK_THEME = "other"


@dataclass(frozen=True)
class Theme:
    slug: str
    label: str
    keywords: tuple[str, ...] = field(default=())


def project_root() -> Path:
    """The checkout the package runs from (its parent holds seeds/ and db/)."""
    return Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    """Where briefings, themes and owner contacts are seeded from (``TRACKER_SEEDS``)."""
    configured = os.environ.get("TRACKER_SEEDS", "").strip()
    return Path(configured) if configured else project_root() / "seeds"


@cache
def _load(path: Path) -> tuple[Theme, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"theme file {path} does not exist") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"theme file {path} is not valid TOML: {exc}") from None
    themes: list[Theme] = []
    seen: set[str] = set()
    for i, entry in enumerate(data.get("theme", []), start=1):
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


def keyword_matcher(theme: Theme) -> re.Pattern[str] | None:
    """One compiled, case-insensitive pattern for all of a theme's keywords (None if none).

    A keyword written ``/like this/`` is used as a regular expression; any other keyword
    matches as whole words, also across a line break or hyphen and in its plural.
    """
    return _matcher(theme.keywords)
