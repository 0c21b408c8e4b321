"""Every English msgid in the code has a zh-CN translation with the same placeholders."""

from __future__ import annotations

import ast
import string
from importlib import resources
from pathlib import Path

import pytest

import frontdesk_tui
from frontdesk_tui.i18n import parse_po

SRC = Path(frontdesk_tui.__file__).parent
MARKERS = {"_", "N_"}


def extract_msgids(root: Path = SRC) -> dict[str, list[str]]:
    """msgid -> where it is used, for every ``_("…")`` and ``N_("…")`` with a literal argument."""
    found: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in MARKERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.setdefault(node.args[0].value, []).append(f"{path.relative_to(root)}:{node.lineno}")
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
    assert placeholders(translated) == placeholders(msgid)


def all_msgids(text: str) -> list[str]:
    """Every msgid of a .po text in order, multi-line ones joined (duplicates kept)."""
    ids: list[str] = []
    current: list[str] | None = None
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("msgid "):
            current = [ast.literal_eval(line[6:])]
            ids.append("")
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        else:
            if current is not None:
                ids[-1] = "".join(current)
            current = None
    if current is not None:
        ids[-1] = "".join(current)
    return ids


def test_the_catalog_has_no_duplicate_msgids() -> None:
    # Tools such as msgfmt refuse a catalog with a msgid twice; our reader would keep the last.
    ids = [i for i in all_msgids(zh_text()) if i]
    duplicates = {i for i in ids if ids.count(i) > 1}
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
