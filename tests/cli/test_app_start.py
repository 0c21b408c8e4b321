"""Issue 15: ``frontdesk`` (the app) paints its sign-in screen before it imports the data layer,
pydantic or the services; they load in a worker after the first paint. No timings (bench/tui.py)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from frontdesk_tui.cli.app import StartSettings, config_file, run_app_deferred, start_settings
from frontdesk_tui.config import ConfigError, Settings, default_config_file
from frontdesk_tui.data.db import DatabaseUnavailable

_PROBE = """
import json, os, sys
from frontdesk_tui.cli.app import run_app_deferred
from frontdesk_tui.ui.app import FrontdeskApp

HEAVY = ("sqlalchemy", "pydantic", "pydantic_settings", "sqlmodel", "alembic", "argon2")
OWN = ("frontdesk_tui.data", "frontdesk_tui.config", "frontdesk_tui.services")

def painted(app):  # what the sign-in screen calls once it is on screen
    heavy = sorted({m.split('.')[0] for m in sys.modules} & set(HEAVY))
    own = sorted(m for m in sys.modules if m.startswith(OWN))
    line = json.dumps({"screen": type(app.screen).__name__, "heavy": heavy, "own": own}) + "\\n"
    os.write(1, line.encode())  # not print: the app captures it
    os._exit(0)

FrontdeskApp.open_site = painted
run_app_deferred(None, {"db": sys.argv[1]}, headless=True, size=(80, 24))
"""


def test_the_sign_in_screen_is_painted_before_the_data_layer_is_imported(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    env = {"PATH": "/usr/bin:/bin", "FRONTDESK_CONFIG": str(tmp_path / "none.toml"), "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", _PROBE, url], capture_output=True, text=True, env=env, timeout=120)
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"screen": "SignInScreen", "heavy": [], "own": []}


def test_what_the_sign_in_screen_shows_first_agrees_with_the_settings(tmp_path, monkeypatch) -> None:
    for var in ("FRONTDESK_SITE_NAME", "FRONTDESK_TIMEZONE", "FRONTDESK_LANG", "FRONTDESK_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    defaults = Settings()
    assert (StartSettings().site_name, StartSettings().timezone) == (defaults.site_name, defaults.timezone)
    assert config_file(None) == default_config_file()
    path = tmp_path / "config.toml"
    path.write_text('site-name = "东区服务中心"\ntimezone = "Asia/Urumqi"\nlang = "en"\n', encoding="utf-8")
    assert start_settings(path) == StartSettings(site_name="东区服务中心", timezone="Asia/Urumqi", lang="en")
    monkeypatch.setenv("FRONTDESK_SITE_NAME", "西区")
    assert start_settings(path, lang="zh-CN").site_name == "西区"
    assert start_settings(path, lang="zh-CN").lang == "zh-CN"
    monkeypatch.delenv("FRONTDESK_SITE_NAME")
    path.write_text("site-name = [unclosed\n", encoding="utf-8")
    assert start_settings(path) == StartSettings()  # load_settings reports it, after the first paint


@pytest.mark.parametrize(
    ("flags", "error"),
    [({"db": "sqlite:////proc/no-such-dir/site.sqlite3"}, DatabaseUnavailable), ({"lang": "fr"}, ConfigError)],
)
def test_a_site_that_cannot_be_opened_is_raised_after_the_app_closed(tmp_path, monkeypatch, flags, error) -> None:
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "none.toml"))
    flags = {"db": f"sqlite:///{tmp_path / 'site.sqlite3'}", **flags}
    with pytest.raises(error):
        run_app_deferred(None, flags, headless=True, size=(80, 24))
