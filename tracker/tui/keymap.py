"""Key remapping from a TOML file, applied with Textual's ``set_keymap``.

The file is ``TRACKER_KEYMAP`` if set, else ``$XDG_CONFIG_HOME/tracker/keymap.toml``
(``~/.config/tracker/keymap.toml``). It maps binding ids to keys::

    [keys]
    "commitments.search" = "ctrl+f"
    "commitments.update" = "u,ctrl+u"

The ids are listed by the help screen (``?``) and in the README.
"""

from __future__ import annotations

from pathlib import Path

from tracker.errors import ConfigError
from tracker.settings import KeymapSettings, read, read_keymap_file


def keymap_path() -> Path:
    """The keymap file: ``TRACKER_KEYMAP``, else ``$XDG_CONFIG_HOME/tracker/keymap.toml``."""
    return read(KeymapSettings).path


def load_keymap(path: Path | None = None, *, known_ids: frozenset[str] | None = None) -> dict[str, str]:
    """The user's key overrides; an absent file means none. A bad file is a ConfigError."""
    path = path or keymap_path()
    if not path.is_file():
        if read(KeymapSettings).file is not None:
            raise ConfigError(f"TRACKER_KEYMAP: {path} does not exist")
        return {}
    keys = read_keymap_file(path)
    if known_ids is not None:
        unknown = sorted(set(keys) - known_ids)
        if unknown:
            raise ConfigError(f"{path}: unknown binding id(s) {', '.join(unknown)} (see the README for the list)")
    return {k: v.strip() for k, v in keys.items() if v.strip()}
