"""Every English msgid in the code has a zh-CN translation with the same placeholders."""

from __future__ import annotations

import ast
import string
from importlib import resources
from pathlib import Path

import pytest

import frontdesk_tui
from frontdesk_tui.i18n import CONTEXT_SEPARATOR, NC_, _, parse_po, pgettext, po_entries, set_language

SRC = Path(frontdesk_tui.__file__).parent
MARKERS = {"_": 1, "N_": 1, "pgettext": 2, "NC_": 2}
"""The translation functions and markers, with their number of literal arguments (context first)."""


def literal_strings(args: list[ast.expr]) -> list[str] | None:
    if all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args):
        return [a.value for a in args]  # type: ignore[attr-defined]
    return None


def extract_keys(source: str) -> list[tuple[str, int]]:
    """(catalog key, line) of every ``_("…")``, ``N_("…")``, ``pgettext("ctx", "…")`` and
    ``NC_("ctx", "…")`` with literal arguments; a context is joined to its msgid as in the catalog."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS):
            continue
        strings = literal_strings(node.args[: MARKERS[node.func.id]])
        if strings is not None and len(strings) == MARKERS[node.func.id]:
            found.append((CONTEXT_SEPARATOR.join(strings), node.lineno))
    return found


def extract_msgids(root: Path = SRC) -> dict[str, list[str]]:
    """Catalog key -> where it is used, for every string marked for translation under ``root``."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        for key, line in extract_keys(path.read_text("utf-8")):
            found.setdefault(key, []).append(f"{path.relative_to(root)}:{line}")
    return found


def placeholders(text: str) -> set[str]:
    names = set()
    for _literal, field, _spec, _conv in string.Formatter().parse(text):
        if field is not None:
            names.add(field)
    return names


def zh_text() -> str:
    return resources.files("frontdesk_tui.i18n").joinpath("locales", "zh_CN.po").read_text("utf-8")


MSGIDS = extract_msgids()
ZH = parse_po(zh_text())


def test_the_extractor_finds_strings_of_every_layer() -> None:
    files = {where.split(":")[0].split("/")[0] for uses in MSGIDS.values() for where in uses}
    assert {"ui", "services", "domain", "cli"} <= files


def test_every_msgid_has_a_zh_cn_translation() -> None:
    missing = {msgid: uses[0] for msgid, uses in MSGIDS.items() if not ZH.get(msgid, "").strip()}
    assert missing == {}, f"{len(missing)} msgids without a zh_CN msgstr"


@pytest.mark.parametrize("msgid", sorted(m for m in MSGIDS if placeholders(m)))
def test_translations_keep_every_placeholder(msgid: str) -> None:
    translated = ZH.get(msgid)
    if translated is None:
        pytest.skip("missing translation (reported by the test above)")
    assert placeholders(translated) == placeholders(msgid.rpartition(CONTEXT_SEPARATOR)[2])


def test_the_catalog_has_no_duplicate_msgids() -> None:
    # Tools such as msgfmt refuse a catalog with a msgid twice in one context; our reader would keep
    # the last. The same msgid in another msgctxt is another entry.
    keys = [e.key for e in po_entries(zh_text()) if e.msgid]
    duplicates = {k for k in keys if keys.count(k) > 1}
    assert duplicates == set()


def test_parse_po_reads_multi_line_entries_and_skips_empty_ones() -> None:
    po = (
        'msgid ""\n'
        'msgstr ""\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        "\n"
        "# a comment\n"
        'msgid ""\n'
        '"Two lines "\n'
        '"of {n} text"\n'
        'msgstr ""\n'
        '"两行"\n'
        '"{n} 文字"\n'
        "\n"
        'msgid "Untranslated"\n'
        'msgstr ""\n'
        "\n"
        'msgid "Quote \\"and\\" newline\\n"\n'
        'msgstr "引号\\"和\\"换行\\n"\n'
    )
    entries = parse_po(po)
    assert entries == {"Two lines of {n} text": "两行{n} 文字", 'Quote "and" newline\n': '引号"和"换行\n'}


def test_placeholders_are_found_like_str_format_finds_them() -> None:
    assert placeholders("{a} and {b:>3} but not {{c}}") == {"a", "b"}


def test_parse_po_ignores_entries_flagged_fuzzy_before_their_msgid() -> None:
    # A translator's tool writes "#, fuzzy" above the msgid of a guess nobody checked yet; gettext
    # shows the English msgid for it, never the guess.
    po = (
        'msgid "Kept"\n'
        'msgstr "保留"\n'
        "\n"
        "#: ui/screens/queue.py:12\n"
        "#, fuzzy\n"
        'msgid "Guessed"\n'
        'msgstr "猜的"\n'
        "\n"
        "#, python-format, fuzzy\n"
        'msgid "Guessed {n}"\n'
        'msgstr "猜的 {n}"\n'
        'msgid "Right after"\n'
        'msgstr "紧随其后"\n'
        "#, fuzzy\n"
        'msgid "No blank line before"\n'
        'msgstr "前面没有空行"\n'
    )
    assert parse_po(po) == {"Kept": "保留", "Right after": "紧随其后"}
    assert [e.msgid for e in po_entries(po) if e.fuzzy] == ["Guessed", "Guessed {n}", "No blank line before"]


def test_parse_po_keeps_a_msgid_in_each_msgctxt_apart() -> None:
    po = (
        'msgctxt "violation status"\n'
        'msgid "Follow-up"\n'
        'msgstr "待跟进"\n'
        "\n"
        'msgid "Follow-up"\n'
        'msgstr "跟进"\n'
        "\n"
        "#~ msgctxt \"old\"\n"
        '#~ msgid "Follow-up"\n'
        '#~ msgstr "旧"\n'
    )
    assert parse_po(po) == {f"violation status{CONTEXT_SEPARATOR}Follow-up": "待跟进", "Follow-up": "跟进"}


def test_the_extractor_reads_pgettext_and_nc_with_their_context() -> None:
    source = (
        'a = _("Plain")\n'
        'b = N_("Marked")\n'
        'c = pgettext("violation status", "Follow-up")\n'
        'd = NC_("ticket event", "Summary")\n'
        "e = _(variable)\n"
        'f = pgettext(context, "Not literal")\n'
    )
    assert extract_keys(source) == [
        ("Plain", 1),
        ("Marked", 2),
        (f"violation status{CONTEXT_SEPARATOR}Follow-up", 3),
        (f"ticket event{CONTEXT_SEPARATOR}Summary", 4),
    ]


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


def test_the_extractor_sees_the_contexts_used_in_the_code() -> None:
    contexts = {key.partition(CONTEXT_SEPARATOR)[0] for key in MSGIDS if CONTEXT_SEPARATOR in key}
    assert {"violation status", "ticket event", "intake field"} <= contexts
