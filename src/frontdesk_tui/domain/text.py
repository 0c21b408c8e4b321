"""Owner-typed text made safe to store and to show in a terminal.

What an owner says reaches us through web forms, WeChat and copy-paste. Escape sequences in it could
move the cursor, retitle the window or rewrite the screen of whoever reads the ticket, so they are
removed whole (not just their ESC byte, which would leave ``[2J`` litter behind):

* CSI ``ESC [ … final`` and its 8-bit form ``0x9B … final``;
* OSC ``ESC ] … BEL|ST`` and the string sequences DCS/SOS/PM/APC (``ESC P``, ``ESC X``, ``ESC ^``,
  ``ESC _``) up to their terminator, or to the end of the text when unterminated;
* every other ``ESC`` sequence (``ESC`` + intermediates + one final byte).

Then every remaining control character (Unicode Cc: C0, DEL, C1) goes except newline and tab;
carriage returns become newlines; the bidirectional overrides and isolates (U+202A-202E,
U+2066-2069) go too, because they make displayed text read differently from what is stored.
"""

from __future__ import annotations

import re
import unicodedata

_STRING_SEQUENCE = re.compile(r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|\Z)", re.DOTALL)
_CSI = re.compile(r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?")
_OTHER_ESCAPE = re.compile(r"\x1b[\x20-\x2f]*[\x30-\x7e]?")
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
_LINE_SEPARATORS = re.compile(r"\r\n?|[\u2028\u2029\x85]")


def _strip_escapes(text: str) -> str:
    text = _STRING_SEQUENCE.sub("", text)
    text = _CSI.sub("", text)
    return _OTHER_ESCAPE.sub("", text)


def clean_text(text: str | None) -> str:
    """``text`` without escape sequences or control characters (newline and tab kept), trimmed."""
    if not text:
        return ""
    text = _LINE_SEPARATORS.sub("\n", text)
    text = _strip_escapes(text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").translate(_BIDI)
    return text.strip()


def clean_line(text: str | None) -> str:
    """Like :func:`clean_text` for one-line fields (names, places): newlines and tabs become spaces,
    runs of spaces one space."""
    return " ".join(clean_text(text).split())
