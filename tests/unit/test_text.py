"""Owner-typed text is stored and shown without terminal escapes or control characters."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.text import clean_line, clean_text


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("楼上漏水", "楼上漏水"),
        ("  楼上漏水\n  ", "楼上漏水"),
        ("red \x1b[31mtext\x1b[0m here", "red text here"),
        ("clear\x1b[2J\x1b[Hscreen", "clearscreen"),
        ("title\x1b]0;pwned\x07 done", "title done"),
        ("link \x1b]8;;http://x.example\x1b\\click\x1b]8;;\x1b\\ ok", "link click ok"),
        ("dcs\x1bPq#0;2;0;0;0\x1b\\ end", "dcs end"),
        ("eight-bit \x9b31mcsi", "eight-bit csi"),
        ("charset \x1b(B ok", "charset  ok"),
        ("bell\x07 back\x08space del\x7f", "bell backspace del"),
        ("line1\r\nline2\rline3", "line1\nline2\nline3"),
        ("tab\tkept", "tab\tkept"),
        ("evil\u202etxt.exe", "eviltxt.exe"),
        ("unterminated \x1b]0;title", "unterminated"),
        ("\x00nul", "nul"),
        (None, ""),
    ],
)
def test_clean_text_removes_escape_sequences_whole(raw: str | None, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_line_keeps_one_line() -> None:
    assert clean_line(" 王\n先生\t ") == "王 先生"


def _controls(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]


@given(st.text())
def test_clean_text_never_leaves_a_control_character(raw: str) -> None:
    cleaned = clean_text(raw)
    assert _controls(cleaned) == []
    assert "\x1b" not in cleaned
    assert clean_text(cleaned) == cleaned


@given(
    st.lists(
        st.one_of(
            st.text(alphabet="abc漏水 \n"),
            st.sampled_from(["\x1b[", "\x1b]", "\x1bP", "\x07", "\x1b\\", "\x9b", "31m", ";", "\r"]),
        )
    )
)
def test_clean_text_handles_escape_fragments(parts: list[str]) -> None:
    cleaned = clean_text("".join(parts))
    assert _controls(cleaned) == []


@given(st.text())
def test_clean_line_has_no_line_breaks(raw: str) -> None:
    cleaned = clean_line(raw)
    assert "\n" not in cleaned and "\t" not in cleaned
    assert _controls(cleaned) == []
