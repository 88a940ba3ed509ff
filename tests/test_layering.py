"""The layers hold, and the headless core never loads Textual: the nightly cron path stays light."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys
import tomllib

from tests.conftest import ROOT

# Every module of the package but the interface itself: found, not listed, so a new module
# is checked from the day it is added.
HEADLESS = sorted(
    f"tracker.{m.name}" for m in pkgutil.iter_modules([str(ROOT / "tracker")]) if m.name not in ("tui", "__main__")
)


def layers() -> list[list[str]]:
    """The layers of the import-linter contract in pyproject.toml, highest first."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = (c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [re.split(r"\s*[|:]\s*", layer.strip()) for layer in contract["layers"]]


def test_every_module_has_exactly_one_layer() -> None:
    named = [module for layer in layers() for module in layer]
    found = [m.name for m in pkgutil.iter_modules([str(ROOT / "tracker")])]
    assert sorted(named) == sorted(found)


def test_every_headless_module_is_checked() -> None:
    assert {"tracker.cli", "tracker.store", "tracker.reminders", "tracker.briefing", "tracker.seeding"} <= set(HEADLESS)


def test_headless_modules_never_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {HEADLESS!r}:\n"
        "    importlib.import_module(name)\n"
        "print('textual' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_the_package_import_is_light() -> None:
    code = "import sys, tracker; print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'textual') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
