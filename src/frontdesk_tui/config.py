"""Configuration: defaults < TOML file < ``FRONTDESK_*`` environment < command-line flags.

The file lives in platformdirs' user config dir (``config.toml``) unless ``FRONTDESK_CONFIG`` or
``--config`` names another. A bad value is refused at start with the key, where it came from and
what is allowed (:class:`ConfigError`, exit 2), never a traceback.

The file and the environment are read by pydantic-settings' own sources (its TOML source and
``FRONTDESK_<SETTING>`` variables), imported only when there is configuration to read: importing
it costs a read command more than its SQL (issue 15). ``Settings(...)`` itself reads no file and
no environment.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import time
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator

from frontdesk_tui import site_defaults

APP_NAME = "frontdesk-tui"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_config_file() -> Path:
    override = os.environ.get("FRONTDESK_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def default_db_url() -> str:
    return f"sqlite:///{default_data_dir() / 'frontdesk.sqlite3'}"


class ConfigError(Exception):
    """A configuration value is unusable; the message names the key, its source and what is allowed."""


class HandoverItemSetting(BaseModel):
    """One item of the post counted at every handover (R-HO-1)."""

    name: str
    expected: int = Field(ge=0)


DEFAULT_HANDOVER_ITEMS = [
    HandoverItemSetting(name="对讲机", expected=4),
    HandoverItemSetting(name="灭火器", expected=2),
    HandoverItemSetting(name="水瓶", expected=2),
    HandoverItemSetting(name="钥匙箱钥匙", expected=30),
    HandoverItemSetting(name="手电筒", expected=2),
]


def _key_list(value: str) -> str:
    """A binding's keys as Textual writes them: ``ctrl+k`` or ``f12,ctrl+k`` (one or more)."""
    keys = [key.strip() for key in value.split(",")]
    if not value.strip() or any(not key or " " in key for key in keys):
        raise ValueError(f"expected a key such as ctrl+k or f12 (several separated by commas), got {value!r}")
    return ",".join(keys)


KeyList = Annotated[str, AfterValidator(_key_list)]


ENV_PREFIX = "FRONTDESK_"


class Settings(BaseModel):
    """Everything a site may tune. Thresholds marked (design) in docs/DOMAIN.md live here, not in code."""

    model_config = ConfigDict(extra="forbid", validate_default=True)

    db: str = Field(default_factory=default_db_url)
    """Database URL: ``sqlite:///PATH`` (default, in the user data dir) or ``postgresql+psycopg://…``."""
    site_name: str = site_defaults.SITE_NAME
    """Shown in the header and on exports."""
    timezone: str = site_defaults.TIMEZONE
    """R-DL-5: clocks run in the site's time zone; stored as UTC."""
    lang: str | None = None
    """UI language, ``zh-CN`` or ``en``; default from the locale."""
    emergency_on_site_minutes: int = Field(default=10, ge=1, le=60)
    """R-EM-2: response team on site within this many minutes (5-10 by site size)."""
    emergency_under_control_minutes: int = Field(default=60, ge=5, le=24 * 60)
    """R-EM-2: situation under control within this many minutes."""
    duty_start: time = time(17, 30)
    """R-DU-2: duty hours start on working days."""
    duty_end: time = time(8, 30)
    """R-DU-2: duty hours end the next morning."""
    handover_items: list[HandoverItemSetting] = Field(default_factory=lambda: list(DEFAULT_HANDOVER_ITEMS))
    """R-HO-1: the items of the post with their expected counts."""
    holiday_file: Path | None = None
    """Site holiday file (R-DL-4): one ISO date a line, ``-DATE`` for an adjusted working day."""
    warning_ratio: float = Field(default=0.8, gt=0, lt=1)
    """R-DL-6 (design): warn at this share of the time allowed."""
    no_update_working_days: int = Field(default=2, ge=1, le=30)
    """R-LC-4 (design): working days without an owner-facing update before a warning."""
    follow_up_working_days: int = Field(default=3, ge=1, le=30)
    """R-LC-5 (design): follow-up visit due within this many working days after closing."""
    unreachable_attempts: int = Field(default=2, ge=1, le=10)
    """close-unreachable (design): recorded contact attempts needed."""
    unreachable_working_days: int = Field(default=3, ge=1, le=30)
    """close-unreachable (design): over at least this many working days."""
    recurrence_days: int = Field(default=30, ge=1, le=365)
    """R-IN-7 (design): a closed ticket of the same unit and category within this many days is linked."""
    upgrade_open_days: int = Field(default=30, ge=1, le=365)
    """R-SV-5 (a): a valid ticket open longer than this becomes major."""
    upgrade_repeat_count: int = Field(default=3, ge=2, le=20)
    """R-SV-5 (b) (design): the n-th raise of the same unit and category within 30 days."""
    ticket_retention_years: int = Field(default=3, ge=1, le=30)
    """R-PD-2 (design): closed tickets are kept this many years after closing."""
    escalation_interval_seconds: int = Field(default=60, ge=5, le=3600)
    """How often the app runs the escalation scan."""
    keymap: dict[str, KeyList] = Field(default_factory=dict)
    """The app's keys by binding id (``lock = "ctrl+k"``), applied with Textual's ``App.set_keymap``;
    the ids are checked against the app's bindings when it starts (``ui/keymap.py``)."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (an IANA name such as Asia/Shanghai)") from exc
        return value

    @field_validator("lang")
    @classmethod
    def _known_lang(cls, value: str | None) -> str | None:
        if value is None:
            return None
        from frontdesk_tui.i18n import normalise

        if not value.lower().startswith(("zh", "en")):
            raise ValueError(f"unknown language {value!r} (one of zh-CN, en)")
        return normalise(value)

    @field_validator("db")
    @classmethod
    def _known_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:", "postgresql")):
            # A bare path is taken as a SQLite file: what a desk types most often.
            if "://" in value:
                raise ValueError(f"unsupported database URL {value!r} (sqlite:///PATH or postgresql+psycopg://…)")
            value = f"sqlite:///{Path(value).expanduser().resolve()}"
        if value.startswith("postgresql://"):
            value = "postgresql+psycopg://" + value[len("postgresql://") :]
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_config_file_override: Path | None = None


def _configured(path: Path) -> bool:
    """Is there configuration to read: the file, or a ``FRONTDESK_<SETTING>`` variable (any case)?"""
    if any(var.upper().startswith(ENV_PREFIX) and var[len(ENV_PREFIX) :].lower() in Settings.model_fields
           for var in os.environ):
        return True
    try:
        return path.expanduser().is_file()
    except OSError:
        return True  # let the TOML source say what is wrong with it


def _read_configuration(path: Path, overrides: dict[str, Any]) -> Settings:
    """The settings from pydantic-settings' own sources: the flags over ``FRONTDESK_*`` over the TOML
    file. Imported only here: pydantic-settings (and python-dotenv, which it loads) costs a read
    command more than its SQL (issue 15), and with nothing configured there is nothing to read."""
    from pydantic_settings import (
        BaseSettings,
        PydanticBaseSettingsSource,
        SettingsConfigDict,
        SettingsError,
        TomlConfigSettingsSource,
    )

    class TomlSource(TomlConfigSettingsSource):
        """A missing file is no configuration; top-level keys may be written with dashes
        (``site-name``), as in the flags."""

        def __call__(self) -> dict[str, Any]:
            return {key.replace("-", "_"): value for key, value in super().__call__().items()}

    class ConfiguredSettings(BaseSettings, Settings):
        model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", validate_default=True)

        @classmethod
        def settings_customise_sources(
            cls,
            settings_cls: type[BaseSettings],
            init_settings: PydanticBaseSettingsSource,
            env_settings: PydanticBaseSettingsSource,
            dotenv_settings: PydanticBaseSettingsSource,
            file_secret_settings: PydanticBaseSettingsSource,
        ) -> tuple[PydanticBaseSettingsSource, ...]:
            try:
                toml_settings = TomlSource(settings_cls, toml_file=path.expanduser())
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{path}: cannot read the configuration file: {exc}") from exc
            return (init_settings, env_settings, toml_settings)

    try:
        return ConfiguredSettings(**overrides)
    except SettingsError as exc:  # a list or table variable that is not JSON
        found = re.search(r'field "(\w+)"', str(exc))
        name = found.group(1) if found else "?"
        raise ConfigError(f"configuration: {name} (from {ENV_PREFIX}{name.upper()}): expected JSON") from None


def load_settings(config_file: Path | None = None, **flags: Any) -> Settings:
    """Build the settings, flags winning; raise :class:`ConfigError` with one clear line."""
    global _config_file_override
    _config_file_override = config_file
    path = config_file or default_config_file()
    overrides = {k: v for k, v in flags.items() if v is not None}
    try:
        if _configured(path):
            return _read_configuration(path, overrides)
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, overrides, path)) from None


def setting_source(key: str, flags: dict[str, Any] | None = None, path: Path | None = None) -> str:
    """Where the value of the top-level setting ``key`` came from: its flag, its environment
    variable or the configuration file (the one ``load_settings`` read last)."""
    if flags and key in flags:
        return f"--{key.replace('_', '-')}"
    if f"FRONTDESK_{key.upper()}" in os.environ:
        return f"FRONTDESK_{key.upper()}"
    return str(path or _config_file_override or default_config_file())


def _describe(exc: ValidationError, flags: dict[str, Any], path: Path) -> str:
    lines = []
    for err in exc.errors():
        key = ".".join(str(p) for p in err["loc"]) or "?"
        top = str(err["loc"][0]) if err["loc"] else ""
        source = setting_source(top, flags, path)
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "unknown setting"
        lines.append(f"configuration: {key} (from {source}): {msg}")
    return "; ".join(lines)
