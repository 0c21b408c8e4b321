"""Issue 15: the search index's terms serve one- and two-character Chinese words exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.search import index_terms, query_terms

CJK = st.text(alphabet="漏水电梯困人停楼道灯坏王芳李娜", min_size=1, max_size=6)
TEXT = st.text(alphabet="漏水电梯困人停楼道灯坏王芳李娜 ，3-2-1201ab", max_size=40)


def test_terms_are_the_characters_and_their_pairs() -> None:
    assert index_terms("卫生间漏水\n3-2-1201") == "卫 卫生 生 生间 间 间漏 漏 漏水 水"
    assert index_terms("漏水，漏水") == "漏 漏水 水"  # each once; punctuation separates
    assert query_terms("梯") == ["梯"]
    assert query_terms("漏水") == ["漏水"]
    assert query_terms("化粪池") == ["化粪", "粪池"]


def test_queries_the_index_cannot_serve() -> None:
    assert query_terms("") is None
    assert query_terms("3-2-1201") is None
    assert query_terms("漏水3") is None
    assert query_terms("13812345678") is None


@given(TEXT, CJK)
def test_every_text_containing_the_word_holds_its_terms(text: str, word: str) -> None:
    """No false negatives: the index never hides a ticket the substring search would find."""
    terms = set(index_terms(text).split())
    wanted = query_terms(word)
    assert wanted is not None
    if word in text:
        assert set(wanted) <= terms
