"""The headless core never loads Textual: the nightly cron path stays light."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

HEADLESS = [
    "tracker.models",
    "tracker.store",
    "tracker.fiscal",
    "tracker.queries",
    "tracker.commitments",
    "tracker.importer",
    "tracker.csvio",
    "tracker.reminders",
    "tracker.owners",
    "tracker.reports",
    "tracker.browse",
    "tracker.cli",
    "tracker.bench",
]


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
