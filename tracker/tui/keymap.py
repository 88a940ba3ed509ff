"""Key remapping from a TOML file, applied with Textual's ``set_keymap``.

The file is ``TRACKER_KEYMAP`` if set, else ``$XDG_CONFIG_HOME/tracker/keymap.toml``
(``~/.config/tracker/keymap.toml``). It maps binding ids to keys::

    [keys]
    "commitments.search" = "ctrl+f"
    "commitments.update" = "u,ctrl+u"

The ids are listed by the help screen (``?``) and in the README.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from tracker.errors import ConfigError


def keymap_path() -> Path:
    configured = os.environ.get("TRACKER_KEYMAP", "").strip()
    if configured:
        return Path(configured).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME", "").strip() or str(Path.home() / ".config")
    return Path(base) / "tracker" / "keymap.toml"


def load_keymap(path: Path | None = None, *, known_ids: frozenset[str] | None = None) -> dict[str, str]:
    """The user's key overrides; an absent file means none. A bad file is a ConfigError."""
    path = path or keymap_path()
    if not path.is_file():
        if os.environ.get("TRACKER_KEYMAP", "").strip():
            raise ConfigError(f"TRACKER_KEYMAP: {path} does not exist")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid keymap ({exc})") from None
    except RecursionError:
        # tomllib parses nested arrays recursively; a hostile file can nest past the stack.
        raise ConfigError(f"{path}: not a valid keymap (values nested too deeply)") from None
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in keys.items()):
        raise ConfigError(f'{path}: expected a [keys] table of "binding.id" = "key" lines')
    if known_ids is not None:
        unknown = sorted(set(keys) - known_ids)
        if unknown:
            raise ConfigError(f"{path}: unknown binding id(s) {', '.join(unknown)} (see the README for the list)")
    return {k: v.strip() for k, v in keys.items() if v.strip()}
