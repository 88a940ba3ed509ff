"""The theme taxonomy, read from ``seeds/themes.toml`` (users extend it without code)."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from tracker.errors import ConfigError

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
    return frozenset(t.slug for t in load_themes(path))
