"""Settings: each variable documented in the README as its field says, read when needed."""

from __future__ import annotations

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
