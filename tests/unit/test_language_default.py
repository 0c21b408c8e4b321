"""zh-CN when the locale names no language (issue 13 point 3): C, POSIX, C.UTF-8 — the usual setting
over SSH — start the desk in Chinese; a real locale, FRONTDESK_LANG, --lang and the config still win."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui import i18n
from frontdesk_tui.cli import main

LOCALE_VARS = ("LC_ALL", "LC_MESSAGES", "LANG", "FRONTDESK_LANG")


@pytest.fixture
def no_locale(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in LOCALE_VARS:
        monkeypatch.delenv(var, raising=False)
    yield monkeypatch
    i18n.set_language("en")


@pytest.mark.parametrize("value", ["C", "POSIX", "C.UTF-8", "C.utf8", "c.UTF-8@euro"])
def test_a_locale_without_a_language_gives_zh_cn(no_locale, value) -> None:
    no_locale.setenv("LANG", value)
    assert i18n.language_from_locale() == "zh-CN"


@pytest.mark.parametrize(("value", "lang"), [("en_US.UTF-8", "en"), ("zh_CN.UTF-8", "zh-CN"), ("de_DE", "en")])
def test_a_real_locale_still_decides(no_locale, value, lang) -> None:
    no_locale.setenv("LANG", value)
    assert i18n.language_from_locale() == lang


def test_the_first_locale_variable_set_decides_like_gettext(no_locale) -> None:
    no_locale.setenv("LANG", "en_US.UTF-8")
    no_locale.setenv("LC_ALL", "C.UTF-8")  # LC_ALL overrides LANG: the locale is C
    assert i18n.language_from_locale() == "zh-CN"
    no_locale.setenv("LC_ALL", "en_GB.UTF-8")
    no_locale.setenv("LANG", "C")
    assert i18n.language_from_locale() == "en"


@given(st.sampled_from(["C", "POSIX", "c", "posix"]), st.sampled_from(["", ".UTF-8", ".utf8", ".ISO-8859-1"]),
       st.sampled_from(["", "@euro"]))
def test_names_no_language_for_any_codeset_of_c_and_posix(base, codeset, modifier) -> None:
    assert i18n.names_no_language(base + codeset + modifier)


@given(st.from_regex(r"[a-z]{2}_[A-Z]{2}(\.UTF-8)?", fullmatch=True))
def test_names_a_language_for_every_language_territory_locale(value) -> None:
    assert not i18n.names_no_language(value)


def _help(capsys, *argv: str) -> str:
    """The top help may come from the cache (main returns 0) or from argparse (SystemExit 0)."""
    try:
        code = main([*argv, "--help"])
    except SystemExit as exc:
        code = exc.code
    assert code == 0
    return capsys.readouterr().out


def test_the_command_line_starts_in_chinese_with_c_utf_8(no_locale, capsys) -> None:
    no_locale.setenv("LANG", "C.UTF-8")
    assert "物业服务中心前台" in _help(capsys)


def test_lang_and_frontdesk_lang_still_win_over_the_default(no_locale, capsys) -> None:
    no_locale.setenv("LANG", "C.UTF-8")
    assert "The front desk of a property service centre." in _help(capsys, "--lang", "en")
    no_locale.setenv("FRONTDESK_LANG", "en")
    assert "The front desk of a property service centre." in _help(capsys)


@pytest.mark.parametrize(("ctype", "lang"), [(None, "zh-CN"), ("C.UTF-8", "zh-CN"), ("zh_CN.UTF-8", "zh-CN")])
def test_no_locale_variable_at_all_as_over_ssh_gives_the_desks_language(ctype, lang) -> None:
    """sshd without PAM or AcceptEnv gives the session no LANG at all; Python then coerces the locale
    to C.UTF-8 (PEP 538), which ``locale.getlocale()`` calls en_US: the desk started in English
    over SSH (issue 11). A fresh process, as the SSH session's is."""
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin"} | ({"LC_CTYPE": ctype} if ctype else {})
    code = "from frontdesk_tui import i18n; print(i18n.language_from_locale())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == lang
