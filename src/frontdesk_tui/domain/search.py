"""The search index's terms (issue 15): one- and two-character pieces of Chinese text.

A desk searches Chinese words of one or two characters (梯, 漏水) most often; a trigram index
(FTS5 ``trigram``, pg_trgm) cannot serve them, and ``LIKE '%…%'`` reads every open ticket. So each
ticket keeps its *terms* (``Ticket.search_terms``): every CJK character and every pair of adjacent
CJK characters of its search text, space-separated, which the database indexes (SQLite: an FTS5
table; PostgreSQL: a GIN index on the array of terms). A query of CJK text needs the tickets
holding all of its terms: the character for a one-character word, its pairs for a longer one; the
substring condition is then checked on those few tickets only, so the result is the same as before.

Queries with Latin letters or digits (units, phones, ticket numbers) are not served by these terms:
they are matched as before.
"""

from __future__ import annotations


def is_cjk(ch: str) -> bool:
    """CJK ideographs and the kana/hangul blocks (what ``unicode61`` keeps as one token per run)."""
    code = ord(ch)
    return 0x2E80 <= code <= 0x9FFF or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def _runs(text: str) -> list[str]:
    runs: list[str] = []
    current: list[str] = []
    for ch in text:
        if is_cjk(ch):
            current.append(ch)
        elif current:
            runs.append("".join(current))
            current = []
    if current:
        runs.append("".join(current))
    return runs


def index_terms(text: str) -> str:
    """The terms of a ticket's search text, each once, space-separated (in first-seen order)."""
    seen: dict[str, None] = {}
    for run in _runs(text):
        for i, ch in enumerate(run):
            seen.setdefault(ch, None)
            if i + 1 < len(run):
                seen.setdefault(run[i : i + 2], None)
    return " ".join(seen)


def query_terms(query: str) -> list[str] | None:
    """The terms every ticket containing ``query`` holds, or None when the index cannot serve the
    query (it has anything but CJK characters, spaces excepted, or nothing)."""
    words = query.split()
    if not words or not all(all(is_cjk(ch) for ch in w) for w in words):
        return None
    terms: dict[str, None] = {}
    for w in words:
        if len(w) == 1:
            terms.setdefault(w, None)
        for i in range(len(w) - 1):
            terms.setdefault(w[i : i + 2], None)
    return list(terms)
