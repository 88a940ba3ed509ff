"""Settings: each variable documented in the README as its field says, read when needed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT
from tracker import settings
from tracker.errors import SettingsError


def groups() -> list[type[settings.SettingsGroup]]:
    return settings.SettingsGroup.__subclasses__()


def test_the_readme_lists_every_setting_with_its_field_description() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = [f"| `{f.alias}` | {f.description} |" for g in groups() for f in g.model_fields.values()]
    assert len(rows) >= 18
    missing = [row for row in rows if row not in readme]
    assert missing == []


def test_settings_are_read_when_asked_not_when_imported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_BUSY_TIMEOUT_MS", "250")
    assert settings.read(settings.SqliteSettings).busy_timeout_ms == 250
    monkeypatch.setenv("TRACKER_BUSY_TIMEOUT_MS", "ten")
    with pytest.raises(SettingsError) as caught:
        settings.read(settings.SqliteSettings)
    assert caught.value.lines() == ("TRACKER_BUSY_TIMEOUT_MS: 'ten' is not a whole number of milliseconds",)
    assert caught.value.exit_code == 78


def test_an_empty_value_counts_as_not_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRACKER_SMTP_PORT", "  ")
    monkeypatch.setenv("TRACKER_TZ", "")
    assert settings.read(settings.MailSettings).smtp_port == 25
    assert settings.read(settings.ClockSettings).zone.key == "Asia/Karachi"


# What an export reads on its way, given without pydantic where the group would check nothing
# (tracker.settings' functions): the same value as the group gives, or the group's error.
WITHOUT_PYDANTIC = [
    ("TRACKER_BUSY_TIMEOUT_MS", settings.busy_timeout_ms, "SqliteSettings", "busy_timeout_ms"),
    ("TRACKER_DB", settings.database, "DatabaseSettings", "db"),
    ("TRACKER_SEEDS", settings.seeds_folder, "SeedSettings", "folder"),
    ("TRACKER_TZ", settings.office_zone, "ClockSettings", "zone"),
]
VALUES = [None, "", "  ", "250", " 0 ", "-5", "ten", "٣٠", "Europe/London", " Asia/Karachi ", "Nowhere/Else", "Asia",
          "../etc/passwd", "/tmp/x.db", "sqlite:///x.db", "~/seeds"]  # fmt: skip


@pytest.mark.parametrize(("variable", "function", "group", "field"), WITHOUT_PYDANTIC)
@pytest.mark.parametrize("value", VALUES)
def test_each_quick_reading_is_the_groups(
    monkeypatch: pytest.MonkeyPatch, variable: str, function: Any, group: str, field: str, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    try:
        expected: Any = getattr(settings.read(getattr(settings, group)), field)
    except SettingsError as exc:
        expected = exc.lines()
    try:
        got: Any = function()
    except SettingsError as exc:
        got = exc.lines()
    assert got == expected


def test_an_export_reads_its_settings_without_pydantic(tmp_path: Path) -> None:
    """The settings an export reads, set as a user sets them, load no pydantic (0.1 s of CPU);
    a bad one still gets the group's message."""
    code = (
        "import sys\n"
        "from tracker import settings\n"
        "print(settings.busy_timeout_ms(), settings.database(), settings.office_zone().key, settings.seeds_folder())\n"
        "print('pydantic' in sys.modules)\n"
    )
    set_as_users_do = {"TRACKER_BUSY_TIMEOUT_MS": "250", "TRACKER_DB": f" {tmp_path / 'a.db'} ", "TRACKER_TZ": "UTC"}
    env = {**os.environ, **set_as_users_do, "TRACKER_SEEDS": "seeds"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"250 {tmp_path / 'a.db'} UTC seeds", "False"]
