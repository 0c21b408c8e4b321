"""Translations: standard gettext catalogs (``locales/<lang>.po``), looked up with Python's ``gettext``.

The ``.po`` files are the source a translator edits with the usual tools (Poedit, msgmerge) and the
only catalogs in git. Python's ``gettext`` reads compiled ``.mo`` files, so each ``.po`` is compiled
with Babel the first time it is used and the ``.mo`` kept in the user cache dir (platformdirs) under
a checksum of the ``.po`` (its size, CRC-32 and Adler-32): a changed ``.po`` (a new release, a translator's edit) gets a new ``.mo``,
and an unchanged one is read straight away, without importing Babel (which costs more than the rest
of the start). A plain ``pip install .`` is therefore complete without a compile step; where the
cache cannot be written, the catalog is compiled in memory.

Source strings (msgid) are English; English uses no catalog (`English`, which answers as
``gettext.NullTranslations`` does: plural rule English's). A catalog once parsed is kept next to
its ``.mo`` as ``marshal`` data and looked up by `Catalog` exactly as ``gettext.GNUTranslations``
looks up its own, so a start reads it without parsing the ``.mo`` and without importing
``gettext`` (issue 15: ``frontdesk --help`` costs little more than Python itself). A short msgid whose Chinese depends on where it is shown ("Follow-up":
an action or a state) gets a ``msgctxt``: `pgettext` translates it at a call site, `NC_` marks it in
a table that ``_`` translates later. Counts use `ngettext` ("1 open deadline", "2 open deadlines").
"""

from __future__ import annotations

import io
import marshal
import os
import sys
import zlib

TYPE_CHECKING = False  # typing itself is not imported either
if TYPE_CHECKING:  # pathlib, hashlib and importlib.resources are not imported: ``frontdesk --help``
    from pathlib import Path  # loads this module and should cost little more than Python (issue 15)

#: The package's catalogs (a plain directory: the package is installed as files, not zipped).
LOCALES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locales")

LANGUAGES = ("zh-CN", "en")

CONTEXT_SEPARATOR = "\x04"
"""Joins msgctxt and msgid in a catalog key, as GNU gettext does in ``.mo`` files."""

_CACHE_APP = "frontdesk-tui"
"""The platformdirs app name (``config.APP_NAME``; not imported: config loads pydantic)."""



class English:
    """No catalog: every message is its English msgid (``gettext.NullTranslations``' answers)."""

    def gettext(self, message: str) -> str:
        return message

    def pgettext(self, context: str, message: str) -> str:
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return singular if n == 1 else plural


class Catalog(English):
    """A parsed GNU catalog (keys as ``gettext.GNUTranslations`` keeps them: ``msgid``,
    ``msgctxt\x04msgid``, ``(msgid, form)`` for plurals), looked up as it looks them up."""

    def __init__(self, catalog: dict, info: dict[str, str], plural: str | None) -> None:
        self._catalog, self._info, self._plural_source = catalog, info, plural
        if plural is None:
            self.plural = lambda n: int(n != 1)
        elif plural.isdigit():  # Chinese: one form ("plural=0")
            form = int(plural)
            self.plural = lambda n: form
        else:
            import gettext

            self.plural = gettext.c2py(plural)

    def gettext(self, message: str) -> str:
        found = self._catalog.get(message)
        if found is None:
            found = self._catalog.get((message, self.plural(1)))
        return message if found is None else found

    def pgettext(self, context: str, message: str) -> str:
        key = context + CONTEXT_SEPARATOR + message
        found = self._catalog.get(key)
        if found is None:
            found = self._catalog.get((key, self.plural(1)))
        return message if found is None else found

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        found = self._catalog.get((singular, self.plural(n)))
        if found is None:
            return singular if n == 1 else plural
        return found


_translations: dict[str, English] = {}
_current = "en"
_active: English = English()


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
    import locale

    # None of them set (sshd without PAM or AcceptEnv): the locale in force, by the name it was set
    # with. Not ``getlocale()``: Python's alias table turns the C.UTF-8 that PEP 538 coerces an
    # empty locale to into en_US, and the desk started in English over SSH (issue 11).
    try:
        value = locale.setlocale(locale.LC_CTYPE)
    except (ValueError, locale.Error):
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


def cache_dir() -> str:
    """platformdirs' user cache dir of the app, ``catalogs`` in it. On Linux computed as
    platformdirs does (``$XDG_CACHE_HOME`` or ``~/.cache``) without importing it."""
    if sys.platform == "linux":
        base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.expanduser("~/.cache")
        return os.path.join(base, _CACHE_APP, "catalogs")
    import platformdirs

    return os.path.join(platformdirs.user_cache_dir(_CACHE_APP, appauthor=False), "catalogs")


def _checksum(po: bytes) -> str:
    """A name for this very ``.po``: size, CRC-32 and Adler-32 (zlib: no OpenSSL to load)."""
    return f"{len(po):x}{zlib.crc32(po):08x}{zlib.adler32(po):08x}"


def compiled(po: bytes, lang: str, directory: str | os.PathLike[str] | None = None) -> bytes:
    """The ``.mo`` of ``po``, from the cache when this very ``.po`` was compiled before."""
    folder = os.fspath(directory or cache_dir())
    path = os.path.join(folder, f"{po_name(lang).removesuffix('.po')}-{_checksum(po)}.mo")
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError:
        pass
    mo = compile_po(po, lang)
    try:
        os.makedirs(folder, exist_ok=True)
        partial = f"{path.removesuffix('.mo')}.{os.getpid()}.tmp"
        with open(partial, "wb") as fh:
            fh.write(mo)
        os.replace(partial, path)  # another process may compile the same .po at the same time
    except OSError:
        pass  # a read-only home: compiled again next start
    return mo


def load_translations(lang: str, locales: Path | None = None, directory: Path | None = None) -> English:
    """The translations of ``lang`` from ``locales`` (default: the package's ``locales/``)."""
    lang = normalise(lang)
    if lang == "en":
        return English()
    try:
        with open(os.path.join(os.fspath(locales or LOCALES), po_name(lang)), "rb") as fh:
            po = fh.read()
    except FileNotFoundError:
        return English()
    return _cached_catalog(po, lang, directory)


def _cached_catalog(po: bytes, lang: str, directory: str | os.PathLike[str] | None) -> Catalog:
    """The catalog of ``po``: its parsed form (``marshal``, next to the ``.mo``; parsing a ``.mo``
    entry by entry is most of what the Chinese ``frontdesk --help`` costs), else from the ``.mo``."""
    folder = os.fspath(directory or cache_dir())
    version = "{}{}".format(*sys.version_info[:2])  # marshal's format may change between Python versions
    path = os.path.join(folder, f"{po_name(lang).removesuffix('.po')}-{_checksum(po)}.py{version}.catalog")
    try:
        with open(path, "rb") as fh:
            catalog, info, plural = marshal.load(fh)
        return Catalog(catalog, info, plural)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    import gettext

    parsed = gettext.GNUTranslations(io.BytesIO(compiled(po, lang, directory)))
    plural = None
    for part in parsed._info.get("plural-forms", "").split(";"):
        if part.strip().startswith("plural="):
            plural = part.split("=", 1)[1].strip()
    try:
        partial = f"{path}.{os.getpid()}.tmp"
        with open(partial, "wb") as fh:
            marshal.dump((parsed._catalog, parsed._info, plural), fh)
        os.replace(partial, path)
    except OSError:
        pass
    return Catalog(parsed._catalog, parsed._info, plural)


def translations(lang: str) -> English:
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
        with open(os.path.join(LOCALES, po_name(lang)), "rb") as fh:
            text = fh.read()
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


def __getattr__(name: str):
    """`Message` lives in :mod:`.messages` (dataclasses and json, which ``frontdesk --help`` does
    not need, load with it: issue 15); ``from frontdesk_tui.i18n import Message`` still works."""
    if name in ("Message", "_NESTED"):
        from frontdesk_tui.i18n import messages

        return getattr(messages, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
