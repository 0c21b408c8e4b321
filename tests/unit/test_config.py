"""Configuration sources and their errors (defaults < TOML file < FRONTDESK_* < flags)."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontdesk_tui.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def _no_frontdesk_environment(monkeypatch) -> None:
    import os

    for name in list(os.environ):
        if name.startswith("FRONTDESK_"):
            monkeypatch.delenv(name)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, "utf-8")
    return path


def test_keymap_table_is_read_from_the_file(tmp_path) -> None:
    path = write(tmp_path, '[keymap]\nlock = "ctrl+k"\nopen-queue = "f12, ctrl+g"\n')
    assert load_settings(path).keymap == {"lock": "ctrl+k", "open-queue": "f12,ctrl+g"}


def test_no_keymap_is_an_empty_one(tmp_path) -> None:
    assert load_settings(write(tmp_path, "")).keymap == {}


@pytest.mark.parametrize("keys", ["", " ", "ctrl+k,", "ctrl k"])
def test_a_keymap_entry_without_a_usable_key_names_the_entry_and_the_file(tmp_path, keys) -> None:
    path = write(tmp_path, f'[keymap]\nlock = "{keys}"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert message.startswith(f"configuration: keymap.lock (from {path}): expected a key such as ctrl+k")


def test_a_keymap_that_is_not_a_table_is_refused(tmp_path) -> None:
    path = write(tmp_path, 'keymap = "ctrl+k"\n')
    with pytest.raises(ConfigError, match=r"configuration: keymap \(from .*config.toml\)"):
        load_settings(path)
