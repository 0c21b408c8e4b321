"""Translations from standard gettext catalogs (``locales/<lang>.po``).

The ``.po`` files are the source a translator edits with the usual tools (Poedit, msgmerge). They
are read directly at first use, so a plain ``pip install .`` is complete without a compile step.
Source strings (msgid) are English; ``en`` is the identity catalog.
"""

from __future__ import annotations

import ast
import locale
import os
from importlib import resources

LANGUAGES = ("zh-CN", "en")

_catalogs: dict[str, dict[str, str]] = {}
_current = "en"


def parse_po(text: str) -> dict[str, str]:
    """Read the msgid -> msgstr pairs of a ``.po`` file (fuzzy and empty entries are skipped)."""
    entries: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    target: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal msgid, msgstr, fuzzy
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value and not fuzzy:
                entries[key] = value
        msgid = msgstr = None
        fuzzy = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            flush()
            msgid = [ast.literal_eval(line[6:])]
            target = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            target = msgstr
        elif line.startswith('"') and target is not None:
            target.append(ast.literal_eval(line))
    flush()
    return entries


def normalise(lang: str | None) -> str:
    """Map ``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` … to ``zh-CN`` and anything else to ``en``."""
    if not lang:
        return "en"
    low = lang.replace("_", "-").lower()
    return "zh-CN" if low.startswith("zh") else "en"


def language_from_locale() -> str:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalise(value)
    try:
        return normalise(locale.getlocale()[0])
    except ValueError:
        return "en"


def catalog(lang: str) -> dict[str, str]:
    lang = normalise(lang)
    if lang not in _catalogs:
        name = lang.replace("-", "_") + ".po"
        try:
            text = resources.files(__package__).joinpath("locales", name).read_text("utf-8")
        except FileNotFoundError:
            text = ""
        _catalogs[lang] = parse_po(text)
    return _catalogs[lang]


def set_language(lang: str | None) -> str:
    """Switch the UI language for the whole process; returns the normalised code."""
    global _current
    _current = normalise(lang)
    catalog(_current)
    return _current


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate ``message`` (an English msgid) into the current language."""
    return _catalogs.get(_current, {}).get(message, message) if _current != "en" else message


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate with ``_`` at use)."""
    return message
