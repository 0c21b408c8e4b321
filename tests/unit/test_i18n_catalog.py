"""Every English msgid in the code has a zh-CN translation with the same placeholders.

The msgids are found by Babel's extractor (the one ``pybabel extract`` runs); the catalog is read by
Babel and used through Python's ``gettext`` (``frontdesk_tui.i18n``).
"""

from __future__ import annotations

import ast
import io
import string
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.extract import extract as babel_extract
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import frontdesk_tui
from frontdesk_tui import i18n
from frontdesk_tui.i18n import CONTEXT_SEPARATOR, NC_, _, ngettext, pgettext, set_language

SRC = Path(frontdesk_tui.__file__).parent
KEYWORDS = {"_": None, "N_": None, "pgettext": ((1, "c"), 2), "NC_": ((1, "c"), 2), "ngettext": (1, 2)}
"""The translation functions and markers as Babel's keyword specs (context first)."""


def key(message: str | tuple[str, ...], context: str | None) -> str:
    """The catalog key of an extracted message: a plural one by its singular, a context joined."""
    msgid = message if isinstance(message, str) else message[0]
    return msgid if context is None else context + CONTEXT_SEPARATOR + msgid


def extract(root: Path = SRC) -> tuple[dict[str, list[str]], dict[str, tuple[str, str]]]:
    """Catalog key -> where it is used, for every string marked for translation under ``root``;
    and the (singular, plural) of each counted one, by key."""
    found: dict[str, list[str]] = {}
    counted: dict[str, tuple[str, str]] = {}
    for filename, line, message, _comments, context in extract_from_dir(
        str(root), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.setdefault(key(message, context), []).append(f"{filename}:{line}")
        if isinstance(message, tuple):
            counted[key(message, context)] = message
    return found, counted


def placeholders(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(field)
    return names


def zh_po() -> bytes:
    return resources.files("frontdesk_tui.i18n").joinpath("locales", "zh_CN.po").read_bytes()


def zh_messages() -> dict[str, tuple[str, ...]]:
    """Key -> msgstr forms of every translated, checked entry of zh_CN.po."""
    found: dict[str, tuple[str, ...]] = {}
    for message in read_po(io.BytesIO(zh_po()), locale="zh_CN"):
        if message.id and not message.fuzzy:
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            if all(f.strip() for f in forms):
                found[key(message.id, message.context)] = forms
    return found


MSGIDS, PLURALS = extract()
ZH = zh_messages()


def test_the_extractor_finds_strings_of_every_layer() -> None:
    files = {where.split(":")[0].split("/")[0] for uses in MSGIDS.values() for where in uses}
    assert {"ui", "services", "domain", "cli"} <= files


def test_every_msgid_has_a_zh_cn_translation() -> None:
    missing = {msgid: uses[0] for msgid, uses in MSGIDS.items() if msgid not in ZH}
    assert missing == {}, f"{len(missing)} msgids without a zh_CN msgstr"


@pytest.mark.parametrize("msgid", sorted(m for m in MSGIDS if placeholders(m)))
def test_translations_keep_every_placeholder(msgid: str) -> None:
    forms = ZH.get(msgid)
    if forms is None:
        pytest.skip("missing translation (reported by the test above)")
    english = PLURALS.get(msgid, (msgid.rpartition(CONTEXT_SEPARATOR)[2],))
    wanted = set().union(*(placeholders(e) for e in english))
    for form in forms:
        assert placeholders(form) == wanted


def test_counted_messages_are_plural_entries_in_the_catalog() -> None:
    # A message with ngettext in the code must be a msgid_plural entry (or gettext shows the English).
    counted = PLURALS
    assert counted, "no ngettext in the code"
    entries = {key(m.id, m.context): m for m in read_po(io.BytesIO(zh_po()), locale="zh_CN") if m.id}
    for msgid, (_singular, plural) in counted.items():
        assert entries[msgid].pluralizable and entries[msgid].id[1] == plural, msgid


def test_the_catalog_has_no_duplicate_msgids() -> None:
    # msgfmt refuses a catalog with a msgid twice in one context (Babel keeps the last silently);
    # the same msgid in another msgctxt is another entry.
    keys: list[tuple[str | None, str]] = []
    block: dict[str, str] = {}
    field = None
    for raw in zh_po().decode("utf-8").splitlines() + ["msgid \"\""]:
        line = raw.strip()
        word, _sep, rest = line.partition(" ")
        if word in ("msgctxt", "msgid"):
            if word == "msgctxt" or "msgid" in block:
                if block.get("msgid"):
                    keys.append((block.get("msgctxt"), block["msgid"]))
                block = {}
            field, block[word] = word, ast.literal_eval(rest)
        elif line.startswith('"') and field in block:
            block[field] += ast.literal_eval(line)
        else:
            field = None  # msgstr, comments, blank lines
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert duplicates == set()


def test_no_string_to_translate_is_inside_an_f_string() -> None:
    # Babel's extractor does not look into f-strings on Python 3.11: such a msgid would never be
    # checked for a translation.
    hidden = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.JoinedStr):
                for call in ast.walk(node):
                    if (
                        isinstance(call, ast.Call)
                        and isinstance(call.func, ast.Name)
                        and call.func.id in KEYWORDS
                        and any(isinstance(a, ast.Constant) for a in call.args)
                    ):
                        hidden.append(f"{path.relative_to(SRC)}:{call.lineno}")
    assert hidden == []


def test_placeholders_are_found_like_str_format_finds_them() -> None:
    assert placeholders("{a} and {b:>3} but not {{c}}") == {"a", "b"}


def test_the_extractor_reads_contexts_and_plurals() -> None:
    source = (
        'a = _("Plain")\n'
        'b = N_("Marked")\n'
        'c = pgettext("violation status", "Follow-up")\n'
        'd = NC_("ticket event", "Summary")\n'
        "e = _(variable)\n"
        'g = ngettext("{n} day", "{n} days", n)\n'
    )
    assert [(line, key(m, c)) for line, m, _c, c in babel_extract("python", io.BytesIO(source.encode()), keywords=KEYWORDS)] == [
        (1, "Plain"),
        (2, "Marked"),
        (3, f"violation status{CONTEXT_SEPARATOR}Follow-up"),
        (4, f"ticket event{CONTEXT_SEPARATOR}Summary"),
        (6, "{n} day"),
    ]


def test_the_extractor_sees_the_contexts_used_in_the_code() -> None:
    contexts = {k.partition(CONTEXT_SEPARATOR)[0] for k in MSGIDS if CONTEXT_SEPARATOR in k}
    assert {"violation status", "ticket event", "intake field"} <= contexts


# -- lookups (gettext) ----------------------------------------------------------------------------


def test_the_catalog_translates_a_shared_msgid_by_its_context() -> None:
    set_language("zh-CN")
    try:
        # The key u on a violation records a follow-up; a violation waiting for one is in the state.
        assert _("Follow-up") == "跟进"
        assert pgettext("violation status", "Follow-up") == "待跟进"
        assert _(NC_("violation status", "Follow-up")) == "待跟进"
        # As in gettext, a context without an entry shows the English, not the entry without context.
        assert pgettext("no such context", "Follow-up") == "Follow-up"
    finally:
        set_language("en")
    assert pgettext("violation status", "Follow-up") == "Follow-up"
    assert _(NC_("violation status", "Follow-up")) == "Follow-up"


def test_counted_messages_take_the_form_of_their_number_in_both_languages() -> None:
    one, many = "{n} open deadline moved", "{n} open deadlines moved"
    assert ngettext(one, many, 1).format(n=1) == "1 open deadline moved"
    assert ngettext(one, many, 2).format(n=2) == "2 open deadlines moved"
    assert ngettext(one, many, 0).format(n=0) == "0 open deadlines moved"
    set_language("zh-CN")
    try:
        assert ngettext(one, many, 1).format(n=1) == ngettext(one, many, 5).format(n=1)
        assert "1" in ngettext(one, many, 1).format(n=1) and "deadline" not in ngettext(one, many, 1)
    finally:
        set_language("en")


# -- the compiled catalog -------------------------------------------------------------------------

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_CN\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Kept"
msgstr "保留"

#, fuzzy
msgid "Guessed"
msgstr "猜的"

msgid "Two lines "
"of {n} text"
msgstr "两行"
"{n} 文字"

msgctxt "violation status"
msgid "Follow-up"
msgstr "待跟进"

msgid "Follow-up"
msgstr "跟进"

msgid "{n} day"
msgid_plural "{n} days"
msgstr[0] "{n} 天"
"""


def write_locales(tmp_path: Path, text: str) -> Path:
    locales = tmp_path / "locales"
    locales.mkdir(exist_ok=True)
    (locales / "zh_CN.po").write_text(text, "utf-8")
    return locales


def test_the_compiled_catalog_is_what_gettext_makes_of_the_po(tmp_path) -> None:
    t = i18n.load_translations("zh-CN", write_locales(tmp_path, PO), tmp_path / "cache")
    assert t.gettext("Kept") == "保留"
    assert t.gettext("Guessed") == "Guessed"  # fuzzy: a guess nobody checked, shown in English
    assert t.gettext("Two lines of {n} text") == "两行{n} 文字"
    assert (t.pgettext("violation status", "Follow-up"), t.gettext("Follow-up")) == ("待跟进", "跟进")
    assert t.ngettext("{n} day", "{n} days", 1) == t.ngettext("{n} day", "{n} days", 7) == "{n} 天"
    assert t.gettext("Untranslated") == "Untranslated"


def test_a_changed_po_is_compiled_anew_and_an_unchanged_one_read_from_the_cache(tmp_path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    locales = write_locales(tmp_path, PO)
    assert i18n.load_translations("zh-CN", locales, cache).gettext("Kept") == "保留"
    assert len(list(cache.glob("zh_CN-*.mo"))) == 1

    def no_babel(po: bytes, lang: str) -> bytes:
        raise AssertionError("compiled again although the .po did not change")

    monkeypatch.setattr(i18n, "compile_po", no_babel)
    assert i18n.load_translations("zh-CN", locales, cache).gettext("Kept") == "保留"
    monkeypatch.undo()
    write_locales(tmp_path, PO.replace('msgstr "保留"', 'msgstr "留下"'))
    assert i18n.load_translations("zh-CN", locales, cache).gettext("Kept") == "留下"
    assert len(list(cache.glob("zh_CN-*.mo"))) == 2


def test_an_unwritable_cache_compiles_in_memory(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    t = i18n.load_translations("zh-CN", write_locales(tmp_path, PO), blocker / "cache")
    assert t.gettext("Kept") == "保留"


def test_english_needs_no_catalog() -> None:
    t = i18n.load_translations("en")
    assert t.gettext("Kept") == "Kept" and t.ngettext("{n} day", "{n} days", 1) == "{n} day"


def test_the_cached_catalog_answers_as_gettext_does_for_every_entry(tmp_path) -> None:
    """Issue 15: the parsed catalog kept next to the .mo (read without gettext) gives what
    gettext.GNUTranslations gives, for every msgid, context and plural form of the real catalog."""
    import gettext

    locales = Path(i18n.LOCALES)
    po = (locales / "zh_CN.po").read_bytes()
    reference = gettext.GNUTranslations(io.BytesIO(i18n.compiled(po, "zh-CN", tmp_path)))
    first = i18n.load_translations("zh-CN", locales, tmp_path)  # parses the .mo, keeps the catalog
    assert len(list(tmp_path.glob("zh_CN-*.catalog"))) == 1
    second = i18n.load_translations("zh-CN", locales, tmp_path)  # from the kept catalog
    keys = [k for k in reference._catalog if k != ""]
    assert len(keys) > 100
    for t in (first, second):
        for key in keys:
            if isinstance(key, tuple):
                msgid = key[0]
                for n in (0, 1, 2, 5):
                    assert t.ngettext(msgid, msgid + "s", n) == reference.ngettext(msgid, msgid + "s", n)
            elif i18n.CONTEXT_SEPARATOR in key:
                context, _sep, msgid = key.partition(i18n.CONTEXT_SEPARATOR)
                assert t.pgettext(context, msgid) == reference.pgettext(context, msgid)
            else:
                assert t.gettext(key) == reference.gettext(key)
        assert t.gettext("not in any catalog") == "not in any catalog"
        assert t.pgettext("nowhere", "Follow-up") == "Follow-up"
        assert t.ngettext("{n} thing", "{n} things", 2) == "{n} things"
