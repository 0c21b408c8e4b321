"""Starting the Textual app from the command line.

``frontdesk`` with no command shows the sign-in screen before anything heavy is imported (issue 15:
launch to sign-in ≤ 1.5× a bare Textual app): the settings are validated (pydantic), the data
layer is imported and the database opened and brought to head in a worker after the first paint
(``ui.app.make_deferred_app``). Until then the screen shows the site's name and clock from a
plain read of the configuration (:func:`start_settings`); a bad setting or an unusable database
ends the app and is reported as before (one line, exit 2).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from frontdesk_tui import site_defaults
from frontdesk_tui.cli.common import EXIT_OK, Context

if TYPE_CHECKING:
    from pathlib import Path
    from zoneinfo import ZoneInfo

#: What the sign-in screen shows before the settings are
#: validated: the same defaults as ``config.Settings`` (``site_defaults``).
DEFAULT_SITE_NAME = site_defaults.SITE_NAME
DEFAULT_TIMEZONE = site_defaults.TIMEZONE


@dataclass(frozen=True)
class StartSettings:
    """What the sign-in screen reads of the settings while the real ones load: no validation."""

    site_name: str = DEFAULT_SITE_NAME
    timezone: str = DEFAULT_TIMEZONE
    lang: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        from zoneinfo import ZoneInfo

        try:
            return ZoneInfo(self.timezone)
        except (KeyError, ValueError, OSError):  # not found is a KeyError; the settings refuse it later
            return ZoneInfo(DEFAULT_TIMEZONE)


def config_file(config: Path | None) -> Path:
    """The configuration file ``config.load_settings`` reads (``config.default_config_file``),
    without importing pydantic."""
    from pathlib import Path

    if config is not None:
        return config
    override = os.environ.get("FRONTDESK_CONFIG")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir("frontdesk-tui", appauthor=False)) / "config.toml"


def start_settings(config: Path | None, *, lang: str | None = None) -> StartSettings:
    """The flags over ``FRONTDESK_*`` over the TOML file, as ``load_settings`` orders them, for the
    few values the sign-in screen shows; anything unreadable is left to ``load_settings`` to report."""
    raw: dict[str, Any] = {}
    try:
        with config_file(config).expanduser().open("rb") as fh:
            import tomllib

            raw = {key.replace("-", "_"): value for key, value in tomllib.load(fh).items()}
    except (OSError, ValueError):
        pass
    values: dict[str, Any] = {}
    for key in ("site_name", "timezone", "lang"):
        value = os.environ.get(f"FRONTDESK_{key.upper()}", raw.get(key))
        if isinstance(value, str) and value.strip():
            values[key] = value
    if lang:
        values["lang"] = lang
    if not str(values.get("lang", "zh")).lower().startswith(("zh", "en")):
        values.pop("lang")
    return StartSettings(**values)


def run_app(ctx: Context) -> int:
    """The app on an open context (``ssh-login``): the database is opened before the first screen."""
    from frontdesk_tui.ui.app import make_app

    db = ctx.db  # upgrade before the first screen
    app = make_app(ctx.settings, db)
    app.run()
    return EXIT_OK


def run_app_deferred(config: Path | None, flags: dict[str, Any], **run: Any) -> int:
    """``frontdesk`` with no command: the sign-in screen first, the site opened after its first
    paint. ``flags`` are ``load_settings``' (``db``, ``lang``); ``run`` goes to ``App.run``
    (the bench runs it headless). Raises what opening the site raised, after the app has closed."""
    from frontdesk_tui.i18n import set_language
    from frontdesk_tui.ui.app import make_deferred_app

    start = start_settings(config, lang=flags.get("lang"))
    if start.lang:
        set_language(start.lang)
    opened: list[Context] = []

    def open_site():
        from frontdesk_tui.config import load_settings

        settings = load_settings(config, **flags)
        ctx = Context(settings=settings)
        opened.append(ctx)
        return settings, ctx.db  # checked and at head (Alembic only for an old schema)

    app = make_deferred_app(start, open_site)
    try:
        app.run(**run)
    finally:
        for ctx in opened:
            ctx.close()
    if app.start_error is not None:
        raise app.start_error
    return EXIT_OK
