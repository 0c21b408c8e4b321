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


# -- the TOML source: what the hand-made one did, kept with pydantic-settings' own ---------------


def test_file_values_sit_between_the_defaults_and_the_environment(tmp_path, monkeypatch) -> None:
    path = write(tmp_path, 'site_name = "从文件"\nwarning_ratio = 0.7\nduty_start = "18:00"\n')
    settings = load_settings(path)
    assert (settings.site_name, settings.warning_ratio, settings.duty_start.isoformat()) == ("从文件", 0.7, "18:00:00")
    assert settings.timezone == "Asia/Shanghai"  # default
    monkeypatch.setenv("FRONTDESK_SITE_NAME", "从环境")
    assert load_settings(path).site_name == "从环境"
    assert load_settings(path, site_name="从参数").site_name == "从参数"


def test_dashed_keys_are_the_underscored_settings(tmp_path) -> None:
    path = write(tmp_path, 'site-name = "短横"\nno-update-working-days = 4\n')
    settings = load_settings(path)
    assert (settings.site_name, settings.no_update_working_days) == ("短横", 4)


def test_nested_tables_are_read(tmp_path) -> None:
    path = write(tmp_path, '[[handover_items]]\nname = "对讲机"\nexpected = 6\n')
    assert [(i.name, i.expected) for i in load_settings(path).handover_items] == [("对讲机", 6)]


def test_a_missing_file_is_no_configuration(tmp_path) -> None:
    assert load_settings(tmp_path / "absent.toml").site_name == "示范花园物业服务中心"


def test_the_file_named_by_frontdesk_config_is_read(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FRONTDESK_CONFIG", str(write(tmp_path, 'site_name = "环境指定"\n')))
    assert load_settings().site_name == "环境指定"


def test_a_broken_file_is_one_line_naming_it(tmp_path) -> None:
    path = write(tmp_path, "site_name = \n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(f"{path}: cannot read the configuration file: ")
    assert "\n" not in str(caught.value)


def test_a_bad_value_names_the_key_the_file_and_what_is_allowed(tmp_path) -> None:
    path = write(tmp_path, 'timezone = "Mars/Olympus"\nwarning_ratio = 2\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value) == (
        f"configuration: timezone (from {path}): unknown time zone 'Mars/Olympus' (an IANA name such as "
        f"Asia/Shanghai); configuration: warning_ratio (from {path}): Input should be less than 1"
    )


def test_an_unknown_key_in_the_file_is_refused(tmp_path) -> None:
    path = write(tmp_path, "colour = 'red'\n")
    with pytest.raises(ConfigError, match=rf"configuration: colour \(from {path}\): unknown setting"):
        load_settings(path)


def test_a_bad_environment_value_names_the_variable(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FRONTDESK_WARNING_RATIO", "many")
    with pytest.raises(ConfigError, match=r"configuration: warning_ratio \(from FRONTDESK_WARNING_RATIO\)"):
        load_settings(write(tmp_path, ""))


def test_environment_names_any_case_and_lists_or_tables_as_json(tmp_path, monkeypatch) -> None:
    """Issue 15: the layers are read without pydantic-settings, as it read them."""
    monkeypatch.setenv("frontdesk_site_name", "小写")
    monkeypatch.setenv("FRONTDESK_HANDOVER_ITEMS", '[{"name": "对讲机", "expected": 3}]')
    monkeypatch.setenv("FRONTDESK_PASSWORD", "not a setting")
    settings = load_settings(write(tmp_path, ""))
    assert settings.site_name == "小写"
    assert [(i.name, i.expected) for i in settings.handover_items] == [("对讲机", 3)]


def test_a_table_in_the_environment_is_merged_into_the_files(tmp_path, monkeypatch) -> None:
    path = write(tmp_path, '[keymap]\nlock = "ctrl+k"\n')
    monkeypatch.setenv("FRONTDESK_KEYMAP", '{"open-queue": "f12"}')
    assert load_settings(path).keymap == {"lock": "ctrl+k", "open-queue": "f12"}
    assert load_settings(path, keymap={"lock": "f2"}).keymap == {"lock": "f2", "open-queue": "f12"}


def test_a_table_variable_that_is_not_json_names_the_variable(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FRONTDESK_KEYMAP", "lock=ctrl+k")
    with pytest.raises(ConfigError, match=r"configuration: keymap \(from FRONTDESK_KEYMAP\): expected JSON"):
        load_settings(write(tmp_path, ""))


def test_settings_made_in_code_read_no_environment(monkeypatch) -> None:
    from frontdesk_tui.config import Settings

    monkeypatch.setenv("FRONTDESK_SITE_NAME", "从环境")
    assert Settings(db="sqlite:///x.sqlite3").site_name == "示范花园物业服务中心"
