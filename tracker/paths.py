"""Where tracker finds its files: the schema migrations, the default seeds, the default database.

Two layouts are supported. Run from a checkout (an editable install), the checkout's own
``db/migrations/``, ``seeds/`` and ``db/tracker.db`` are used, so a maintainer edits the files
that the package is built from. Installed from a wheel (``pip install .``, ``pipx``), the
migrations and the default seeds ship inside the package as ``tracker/_data/`` (copied there by
the build, see ``pyproject.toml``), and the default database lives in the user's data folder
(``~/.local/share/tracker/tracker.db`` on Linux). ``--db``/``TRACKER_DB`` and ``TRACKER_SEEDS``
override the defaults in both layouts.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
BUNDLED = _PACKAGE / "_data"


def checkout_root() -> Path | None:
    """The source checkout this package runs from, or None when it is installed elsewhere."""
    root = _PACKAGE.parent
    if (root / "pyproject.toml").is_file() and (root / "db" / "migrations" / "env.py").is_file():
        return root
    return None


def migrations_dir() -> Path:
    """The Alembic script folder: the checkout's ``db/migrations``, else the packaged copy."""
    root = checkout_root()
    return root / "db" / "migrations" if root is not None else BUNDLED / "migrations"


def default_seeds_dir() -> Path:
    """The seeds shipped with tracker: the checkout's ``seeds/``, else the packaged copy."""
    root = checkout_root()
    return root / "seeds" if root is not None else BUNDLED / "seeds"


def seeds_dir() -> Path:
    """Where briefings, themes and owner contacts are seeded from (``TRACKER_SEEDS`` wins)."""
    from tracker.settings import seeds_folder

    return seeds_folder() or default_seeds_dir()


def default_db_path() -> Path:
    """``db/tracker.db`` in a checkout; ``tracker.db`` in the user's data folder otherwise."""
    root = checkout_root()
    if root is not None:
        return root / "db" / "tracker.db"
    from platformdirs import user_data_dir  # only needed outside a checkout

    return Path(user_data_dir("tracker", appauthor=False)) / "tracker.db"
