"""The groups of settings: pydantic models, each read with ``read(Model)``.

Loaded on first use through ``tracker.settings`` (see there): importing pydantic costs a
command about 0.1 s of CPU, so a value that is not set is not validated here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tracker.errors import ConfigError, SettingsError
from tracker.settings import (
    BUSY_TIMEOUT_VARIABLE,
    DATABASE_VARIABLE,
    DEFAULT_BUSY_TIMEOUT_MS,
    DEFAULT_TZ,
    SEEDS_VARIABLE,
    ZONE_VARIABLE,
)

# Without a limit, a server that accepts TCP and never answers hangs the nightly run forever.
DEFAULT_CONNECT_TIMEOUT_S = 10
DEFAULT_SMTP_PORT = 25
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


class SettingsGroup(BaseModel):
    """A group of environment variables, read together (every subclass is one)."""

    # Built on first use: most commands read two or three groups, and start-up stays quick.
    model_config = ConfigDict(frozen=True, defer_build=True, arbitrary_types_allowed=True, populate_by_name=False)


M = TypeVar("M", bound=SettingsGroup)

# Read exactly as given: a password may begin or end with a space.
_UNSTRIPPED = frozenset({"TRACKER_SMTP_PASSWORD"})


def read(model: type[M]) -> M:
    """The settings of ``model`` as the environment holds them now.

    Raises SettingsError (exit 78) with one line per bad value, each naming its variable.
    """
    values: dict[str, str] = {}
    for field in model.model_fields.values():
        name = field.alias
        assert name is not None  # every field names its variable
        raw = os.environ.get(name, "")
        value = raw if name in _UNSTRIPPED else raw.strip()
        if value:
            values[name] = value
    try:
        return model.model_validate(values)
    except ValidationError as exc:
        raise SettingsError(tuple(_line(model, e) for e in exc.errors())) from None


def _line(model: type[SettingsGroup], error: Any) -> str:
    cause = error.get("ctx", {}).get("error")
    message = str(cause) if cause is not None else str(error["msg"])
    if not error["loc"]:
        return message  # a rule across variables names them itself
    field = model.model_fields.get(str(error["loc"][0]))
    name = field.alias if field is not None and field.alias else str(error["loc"][0])
    return f"{name}: {message}"


def _whole_number(value: object, what: str) -> object:
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"{value!r} is not a whole number of {what}") from None
    return value


# ---------------------------------------------------------------- the clock


class ClockSettings(SettingsGroup):
    """What "today" means."""

    zone: ZoneInfo = Field(
        default_factory=lambda: ZoneInfo(DEFAULT_TZ),
        alias=ZONE_VARIABLE,
        description='The office\'s time zone, which decides the date "today" (default Asia/Karachi).',
    )

    @field_validator("zone", mode="before")
    @classmethod
    def _known_zone(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError, OSError):  # "Asia" is a folder of zones
                raise ValueError(f"{value!r} is not a known time zone (e.g. {DEFAULT_TZ})") from None
        return value


# ---------------------------------------------------------------- the database


class DatabaseSettings(SettingsGroup):
    """Which database; ``--db`` wins over it (``store.resolve_url`` checks the value)."""

    db: str | None = Field(
        default=None,
        alias=DATABASE_VARIABLE,
        description="The database: a SQLite file or an SQLAlchemy URL (default db/tracker.db in a "
        "checkout, else tracker.db in the user's data folder).",
    )


class SqliteSettings(SettingsGroup):
    """How a SQLite database is used."""

    busy_timeout_ms: int = Field(
        default=DEFAULT_BUSY_TIMEOUT_MS,
        alias=BUSY_TIMEOUT_VARIABLE,
        description="Milliseconds a writer waits for another writer to finish (default 5000).",
    )

    @field_validator("busy_timeout_ms", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        return _whole_number(value, "milliseconds")

    @field_validator("busy_timeout_ms")
    @classmethod
    def _not_negative(cls, value: int) -> int:
        if value < 0:
            raise ValueError(f"{value}: must not be negative")
        return value


class ServerSettings(SettingsGroup):
    """How a database server (PostgreSQL) is reached."""

    connect_timeout_s: int = Field(
        default=DEFAULT_CONNECT_TIMEOUT_S,
        alias="TRACKER_CONNECT_TIMEOUT",
        description="Seconds to wait for the database server to answer a connection (default 10, at least 1).",
    )

    @field_validator("connect_timeout_s", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        return _whole_number(value, "seconds")

    @field_validator("connect_timeout_s")
    @classmethod
    def _at_least_one(cls, value: int) -> int:
        if value < 1:
            # libpq reads 0 as "wait forever", the very hang the setting is there to prevent.
            raise ValueError(f"{value}: must be at least 1 second")
        return value


# ---------------------------------------------------------------- people and files


class UserSettings(SettingsGroup):
    """Who records a change."""

    user: str | None = Field(
        default=None,
        alias="TRACKER_USER",
        description="The name recorded as 'by' on updates (default: your login name).",
    )


class SeedSettings(SettingsGroup):
    """Where the first run's briefings, themes and owner contacts come from."""

    folder: Path | None = Field(
        default=None,
        alias=SEEDS_VARIABLE,
        description="A folder to seed from instead of the shipped seeds/ (briefings, themes.toml, owners.toml).",
    )


class KeymapSettings(SettingsGroup):
    """Where the TUI's key remapping is read from."""

    file: Path | None = Field(
        default=None,
        alias="TRACKER_KEYMAP",
        description="The keymap file (default $XDG_CONFIG_HOME/tracker/keymap.toml); named here, it must exist.",
    )
    config_home: Path | None = Field(
        default=None,
        alias="XDG_CONFIG_HOME",
        description="The folder of users' settings files (default ~/.config).",
    )

    @property
    def path(self) -> Path:
        """The keymap file to read."""
        if self.file is not None:
            return self.file.expanduser()
        return (self.config_home or Path.home() / ".config") / "tracker" / "keymap.toml"


class KeymapFile(BaseModel):
    """The keymap file: ``[keys]`` maps binding ids to keys (``"commitments.update" = "ctrl+u"``)."""

    model_config = ConfigDict(defer_build=True)

    keys: dict[str, str] = Field(default_factory=dict)


def read_keymap_file(path: Path) -> dict[str, str]:
    """The ``[keys]`` table of the keymap file at ``path``; a bad file is a ConfigError."""
    import tomllib  # only the TUI reads a keymap: other commands skip the import

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a valid keymap ({exc})") from None
    except RecursionError:
        # tomllib parses nested arrays recursively; a hostile file can nest past the stack.
        raise ConfigError(f"{path}: not a valid keymap (values nested too deeply)") from None
    try:
        # strict: a number or a list is not a key, and is never turned into one.
        return KeymapFile.model_validate(data, strict=True).keys
    except ValidationError:
        raise ConfigError(f'{path}: expected a [keys] table of "binding.id" = "key" lines') from None


# ---------------------------------------------------------------- the nightly reminders


class MailSettings(SettingsGroup):
    """Where the nightly digests come from and how they are sent."""

    sender: str = Field(
        default="",
        alias="TRACKER_SMTP_FROM",
        description="The sender of the digests (an address, with a display name if wanted); "
        "required except for --dry-run.",
    )
    reply_to: str = Field(
        default="",
        alias="TRACKER_REPLY_TO",
        description="Where officers' replies go, e.g. the committee desk (default: the sender).",
    )
    fallback: tuple[str, ...] = Field(
        default=(),
        alias="TRACKER_REMINDER_FALLBACK",
        description="Addresses (comma-separated) for the items of owners that have no address.",
    )
    smtp_host: str = Field(default="", alias="TRACKER_SMTP_HOST", description="The SMTP server (--smtp wins).")
    smtp_port: int = Field(
        default=DEFAULT_SMTP_PORT, alias="TRACKER_SMTP_PORT", description="The SMTP server's port (default 25)."
    )
    smtp_user: str | None = Field(default=None, alias="TRACKER_SMTP_USER", description="The login on the SMTP server.")
    smtp_password: str | None = Field(
        default=None, alias="TRACKER_SMTP_PASSWORD", description="The password for TRACKER_SMTP_USER."
    )
    starttls: bool = Field(
        default=False, alias="TRACKER_SMTP_STARTTLS", description="1 to encrypt the connection with STARTTLS, 0 not to."
    )

    @field_validator("sender", "reply_to", mode="before")
    @classmethod
    def _one_address(cls, value: object) -> object:
        if isinstance(value, str):
            found = _addresses(value)
            if len(found) > 1:
                raise ValueError(f"give one address, not {len(found)}")
            return found[0] if found else ""
        return value

    @field_validator("fallback", mode="before")
    @classmethod
    def _address_list(cls, value: object) -> object:
        return _addresses(value) if isinstance(value, str) else value

    @field_validator("smtp_port", mode="before")
    @classmethod
    def _port(cls, value: object) -> object:
        return parse_port(value) if isinstance(value, str) else value

    @field_validator("starttls", mode="before")
    @classmethod
    def _switch(cls, value: object) -> object:
        if isinstance(value, str):
            if value.lower() not in _TRUE + _FALSE:
                raise ValueError(f"{value!r}: use 1 or 0")
            return value.lower() in _TRUE
        return value

    @model_validator(mode="after")
    def _login_needs_password(self) -> MailSettings:
        if self.smtp_user and not self.smtp_password:
            raise ValueError("TRACKER_SMTP_USER is set but TRACKER_SMTP_PASSWORD is not")
        return self


class RunSettings(SettingsGroup):
    """How nightly runs keep out of each other's way."""

    lock_file: Path | None = Field(
        default=None,
        alias="TRACKER_LOCK_FILE",
        description="The lock that keeps to one run at a time (default: the database file's name "
        "plus .reminders.lock; db/.reminders.lock for PostgreSQL).",
    )
    claim_lease_minutes: float = Field(
        default=30.0,
        alias="TRACKER_CLAIM_LEASE_MINUTES",
        description="On a shared database, minutes a reminder claimed by a run on another host is left "
        "to that run before this one sends it (default 30).",
    )

    @field_validator("claim_lease_minutes", mode="before")
    @classmethod
    def _minutes(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                raise ValueError(f"{value!r} is not a number of minutes") from None
        return value

    @field_validator("claim_lease_minutes")
    @classmethod
    def _not_negative(cls, value: float) -> float:
        if value < 0:
            raise ValueError(f"{value:g}: must not be negative")
        return value


def parse_port(value: str) -> int:
    """A TCP port number from text; ValueError says what is wrong with it."""
    try:
        port = int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a port number") from None
    if not 0 < port < 65536:
        raise ValueError(f"port {port} is out of range")
    return port


def _addresses(value: str) -> tuple[str, ...]:
    from tracker.addresses import parse_addresses

    return tuple(str(a) for a in parse_addresses(value))


# ---------------------------------------------------------------- benchmarks


class BenchSettings(SettingsGroup):
    """Where the benchmarks keep the databases they build."""

    cache: Path = Field(
        default=Path("/tmp/tracker-bench"),
        alias="TRACKER_BENCH_DIR",
        description="The folder for benchmark databases, kept between runs (default /tmp/tracker-bench).",
    )
