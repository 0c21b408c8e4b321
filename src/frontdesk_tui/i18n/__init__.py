"""Translations from standard gettext catalogs (``locales/<lang>.po``).

The ``.po`` files are the source a translator edits with the usual tools (Poedit, msgmerge). They
are read directly at first use, so a plain ``pip install .`` is complete without a compile step.
Source strings (msgid) are English; ``en`` is the identity catalog. A short msgid whose Chinese
depends on where it is shown ("Follow-up": an action or a state) gets a ``msgctxt``: `pgettext`
translates it at a call site, `NC_` marks it in a table that ``_`` translates later.
"""

from __future__ import annotations

import ast
import locale
import os
from dataclasses import dataclass
from importlib import resources

LANGUAGES = ("zh-CN", "en")

_catalogs: dict[str, dict[str, str]] = {}
_current = "en"


CONTEXT_SEPARATOR = "\x04"
"""Joins msgctxt and msgid in a catalog key, as GNU gettext does in ``.mo`` files."""


@dataclass(frozen=True)
class PoEntry:
    """One entry of a ``.po`` file, as written (the header is the entry with an empty msgid)."""

    msgid: str
    msgstr: str
    msgctxt: str | None = None
    fuzzy: bool = False

    @property
    def key(self) -> str:
        """The catalog key: the msgid, prefixed by its context when it has one."""
        return self.msgid if self.msgctxt is None else self.msgctxt + CONTEXT_SEPARATOR + self.msgid


def po_entries(text: str) -> list[PoEntry]:
    """Every entry of a ``.po`` text in file order, fuzzy and untranslated ones included.

    An entry is its comments, an optional msgctxt, the msgid and the msgstr; a comment, msgctxt or
    msgid after a msgstr starts the next one. Obsolete entries (``#~``) are comments. Plural forms
    are not used by this app and are left out."""
    entries: list[PoEntry] = []
    parts: dict[str, list[str]] = {}
    target: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal parts, target, fuzzy
        if "msgid" in parts and "msgstr" in parts:
            context = "".join(parts["msgctxt"]) if "msgctxt" in parts else None
            entries.append(PoEntry("".join(parts["msgid"]), "".join(parts["msgstr"]), context, fuzzy))
        parts, target, fuzzy = {}, None, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#"):
            if "msgstr" in parts:
                flush()
            if line.startswith("#,") and "fuzzy" in (flag.strip() for flag in line[2:].split(",")):
                fuzzy = True
            continue
        keyword, _sep, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid", "msgstr"):
            if keyword != "msgstr" and "msgstr" in parts:
                flush()
            target = parts[keyword] = [ast.literal_eval(rest.strip())]
        elif line.startswith('"') and target is not None:
            target.append(ast.literal_eval(line))
        else:
            target = None  # msgid_plural, msgstr[n]: not read
    flush()
    return entries


def parse_po(text: str) -> dict[str, str]:
    """The catalog of a ``.po`` text: key (see `PoEntry.key`) -> msgstr.

    Like gettext, fuzzy entries, untranslated entries and the header are left out, so their
    English msgid is shown."""
    return {e.key: e.msgstr for e in po_entries(text) if e.msgid and e.msgstr and not e.fuzzy}


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
    """Translate ``message`` (an English msgid, or a key made by `NC_`) into the current language."""
    if CONTEXT_SEPARATOR in message:
        context, _sep, text = message.partition(CONTEXT_SEPARATOR)
        return pgettext(context, text)
    return _catalogs.get(_current, {}).get(message, message) if _current != "en" else message


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` as meant in ``context`` (the ``msgctxt`` of its catalog entry).

    For a short msgid whose Chinese depends on where it is shown. As in gettext, a missing entry
    shows the English msgid; it does not fall back to the entry without context."""
    if _current == "en":
        return message
    return _catalogs.get(_current, {}).get(context + CONTEXT_SEPARATOR + message, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate with ``_`` at use)."""
    return message


def NC_(context: str, message: str) -> str:
    """`N_` with a context: returns the catalog key, which ``_`` translates at use with `pgettext`.

    For msgids in tables (bindings, labels by code) that are translated later by ``_``."""
    return context + CONTEXT_SEPARATOR + message
