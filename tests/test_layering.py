"""The headless core never loads Textual: the nightly cron path stays light."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from tests.conftest import ROOT

# Every module of the package but the interface itself: found, not listed, so a new module
# is checked from the day it is added.
HEADLESS = sorted(
    f"tracker.{m.name}" for m in pkgutil.iter_modules([str(ROOT / "tracker")]) if m.name not in ("tui", "__main__")
)


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
