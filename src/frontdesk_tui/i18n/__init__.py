"""Translations: standard gettext catalogs (``locales/<lang>.po``), looked up with Python's ``gettext``.

The ``.po`` files are the source a translator edits with the usual tools (Poedit, msgmerge) and the
only catalogs in git. Python's ``gettext`` reads compiled ``.mo`` files, so each ``.po`` is compiled
with Babel the first time it is used and the ``.mo`` kept in the user cache dir (platformdirs) under
the SHA-256 of the ``.po``: a changed ``.po`` (a new release, a translator's edit) gets a new ``.mo``,
and an unchanged one is read straight away, without importing Babel (which costs more than the rest
of the start). A plain ``pip install .`` is therefore complete without a compile step; where the
cache cannot be written, the catalog is compiled in memory.

Source strings (msgid) are English; English uses no catalog (``gettext.NullTranslations``, whose
plural rule is English's). A short msgid whose Chinese depends on where it is shown ("Follow-up":
an action or a state) gets a ``msgctxt``: `pgettext` translates it at a call site, `NC_` marks it in
a table that ``_`` translates later. Counts use `ngettext` ("1 open deadline", "2 open deadlines").
"""

from __future__ import annotations

import gettext
import hashlib
import io
import json
import locale
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

LANGUAGES = ("zh-CN", "en")

CONTEXT_SEPARATOR = "\x04"
"""Joins msgctxt and msgid in a catalog key, as GNU gettext does in ``.mo`` files."""

_CACHE_APP = "frontdesk-tui"
"""The platformdirs app name (``config.APP_NAME``; not imported: config loads pydantic)."""

_translations: dict[str, gettext.NullTranslations] = {}
_current = "en"
_active: gettext.NullTranslations = gettext.NullTranslations()


def normalise(lang: str | None) -> str:
    """Map ``zh``, ``zh_CN.UTF-8``, ``zh-Hans`` … to ``zh-CN`` and anything else to ``en``."""
    if not lang:
        return "en"
    low = lang.replace("_", "-").lower()
    return "zh-CN" if low.startswith("zh") else "en"


#: The desk's own language, used when the locale names none (``C``, ``POSIX``, ``C.UTF-8``: the
#: usual setting over SSH and in containers); issue 13.
DEFAULT_LANGUAGE = "zh-CN"


def names_no_language(value: str | None) -> bool:
    """``C``, ``POSIX``, ``C.UTF-8``, ``C.utf8@…`` or nothing: a locale without a language."""
    if not value:
        return True
    base = value.split(".", 1)[0].split("@", 1)[0].strip().upper()
    return base in ("", "C", "POSIX")


def language_from_locale() -> str:
    """The language the locale names (the first of LC_ALL, LC_MESSAGES, LANG that is set decides, as
    for gettext), or the desk's own (zh-CN) when it names none."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return DEFAULT_LANGUAGE if names_no_language(value) else normalise(value)
    try:
        value = locale.getlocale()[0]
    except ValueError:
        value = None
    return DEFAULT_LANGUAGE if names_no_language(value) else normalise(value)


def po_name(lang: str) -> str:
    """The catalog file of a language: ``zh-CN`` -> ``zh_CN.po``."""
    return normalise(lang).replace("-", "_") + ".po"


def compile_po(po: bytes, lang: str) -> bytes:
    """The ``.mo`` of a ``.po`` (Babel; fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=normalise(lang).replace("-", "_"))
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir(_CACHE_APP, appauthor=False)) / "catalogs"


def compiled(po: bytes, lang: str, directory: Path | None = None) -> bytes:
    """The ``.mo`` of ``po``, from the cache when this very ``.po`` was compiled before."""
    directory = directory or cache_dir()
    digest = hashlib.sha256(po).hexdigest()[:32]
    path = directory / f"{po_name(lang).removesuffix('.po')}-{digest}.mo"
    try:
        return path.read_bytes()
    except OSError:
        pass
    mo = compile_po(po, lang)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(mo)
        os.replace(partial, path)  # another process may compile the same .po at the same time
    except OSError:
        pass  # a read-only home: compiled again next start
    return mo


def load_translations(
    lang: str, locales: Path | None = None, directory: Path | None = None
) -> gettext.NullTranslations:
    """The translations of ``lang`` from ``locales`` (default: the package's ``locales/``)."""
    lang = normalise(lang)
    if lang == "en":
        return gettext.NullTranslations()
    source = locales or resources.files(__package__).joinpath("locales")
    try:
        po = source.joinpath(po_name(lang)).read_bytes()
    except FileNotFoundError:
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(compiled(po, lang, directory)))


def translations(lang: str) -> gettext.NullTranslations:
    lang = normalise(lang)
    if lang not in _translations:
        _translations[lang] = load_translations(lang)
    return _translations[lang]


def catalog(lang: str) -> dict[str, str]:
    """Catalog key (see `CONTEXT_SEPARATOR`) -> msgstr of every translated entry of ``lang``'s
    ``.po`` (a plural entry: its first form). For checks and tools; reads the ``.po`` with Babel."""
    from babel.messages.pofile import read_po

    lang = normalise(lang)
    try:
        text = resources.files(__package__).joinpath("locales", po_name(lang)).read_bytes()
    except FileNotFoundError:
        return {}
    found: dict[str, str] = {}
    for message in read_po(io.BytesIO(text), locale=lang.replace("-", "_")):
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        msgstr = message.string[0] if isinstance(message.string, tuple) else message.string
        if msgstr:
            found[msgid if message.context is None else message.context + CONTEXT_SEPARATOR + msgid] = msgstr
    return found


def set_language(lang: str | None) -> str:
    """Switch the UI language for the whole process; returns the normalised code."""
    global _current, _active
    _current = normalise(lang)
    _active = translations(_current)
    return _current


def current_language() -> str:
    return _current


def _(message: str) -> str:
    """Translate ``message`` (an English msgid, or a key made by `NC_`) into the current language."""
    if CONTEXT_SEPARATOR in message:
        context, _sep, text = message.partition(CONTEXT_SEPARATOR)
        return pgettext(context, text)
    return _active.gettext(message)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` as meant in ``context`` (the ``msgctxt`` of its catalog entry).

    For a short msgid whose Chinese depends on where it is shown. As in gettext, a missing entry
    shows the English msgid; it does not fall back to the entry without context."""
    return _active.pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n`` ("{n} open deadline" / "{n} open deadlines"),
    by the language's plural rule (English two forms, Chinese one); format it with ``n`` after."""
    return _active.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now (translate with ``_`` at use)."""
    return message


def NC_(context: str, message: str) -> str:
    """`N_` with a context: returns the catalog key, which ``_`` translates at use with `pgettext`.

    For msgids in tables (bindings, labels by code) that are translated later by ``_``."""
    return context + CONTEXT_SEPARATOR + message


@dataclass(frozen=True)
class Message:
    """A message to translate when it is READ, not when it is written (issue 11): its English
    msgid (marked with `N_` where it is made) and the values of its placeholders. A stored item
    (an inbox entry) keeps it as JSON and each reader sees it in their own language.

    A placeholder's value is a number, a literal string (a unit label, a time), or another
    `Message` (a measure's label, an upgrade's reason), itself translated at `render`."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        """The message in the current language (`set_language`)."""
        text = _(self.key)
        if not self.params:
            return text
        return text.format(**{k: v.render() if isinstance(v, Message) else v for k, v in self.params.items()})

    def to_data(self) -> dict[str, Any]:
        params = {k: {_NESTED: v.to_data()} if isinstance(v, Message) else v for k, v in self.params.items()}
        return {"key": self.key, "params": params}

    def to_json(self) -> str:
        return json.dumps(self.to_data()["params"], ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Message:
        params = {
            k: cls.from_data(v[_NESTED]) if isinstance(v, dict) and _NESTED in v else v
            for k, v in (data.get("params") or {}).items()
        }
        return cls(str(data["key"]), params)

    @classmethod
    def stored(cls, key: str, params_json: str | None) -> Message:
        """The message of a stored key and its ``to_json`` parameters."""
        return cls.from_data({"key": key, "params": json.loads(params_json) if params_json else {}})


_NESTED = "$message"
"""Marks a parameter that is itself a `Message` in `Message.to_data` (``{"$message": {...}}``)."""
