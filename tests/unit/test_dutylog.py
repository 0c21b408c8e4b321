"""R-DU-3, R-DU-4: the duty log's hash chain, corrections and retention."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.duty.log import (
    GENESIS,
    BreakReason,
    EntryRecord,
    check_can_correct,
    check_can_sign_log,
    check_can_write,
    entry_fields,
    entry_hash,
    new_entry,
    purge_plan,
    retention_cutoff,
    verify_chain,
)
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError

T0 = datetime(2025, 6, 3, 10, 0, tzinfo=UTC)


def build(texts, start_id=1, anchor=GENESIS, step=timedelta(hours=1), t0=T0):
    chain: list[EntryRecord] = []
    prev = anchor
    for n, text in enumerate(texts):
        entry = new_entry(prev, id=start_id + n, at=t0 + n * step, author_id=7, text=text)
        chain.append(entry)
        prev = entry.hash
    return chain


def test_r_du_4_entry_hash_is_canonical():
    fields = entry_fields(1, T0, 7, "巡查 B 栋", "", False, None)
    reordered = dict(reversed(list(fields.items())))
    assert entry_hash(GENESIS, fields) == entry_hash(GENESIS, reordered)
    assert len(entry_hash(GENESIS, fields)) == 64
    # The same instant in another zone hashes the same; another instant does not.
    shifted = entry_fields(1, T0.astimezone(timezone(timedelta(hours=8))), 7, "巡查 B 栋", "", False, None)
    assert entry_hash(GENESIS, shifted) == entry_hash(GENESIS, fields)
    later = entry_fields(1, T0 + timedelta(microseconds=1), 7, "巡查 B 栋", "", False, None)
    assert entry_hash(GENESIS, later) != entry_hash(GENESIS, fields)


def test_r_du_4_serialisation_is_unambiguous():
    # Moving text between two fields must change the hash.
    a = entry_fields(1, T0, 7, "ab", "c", False, None)
    b = entry_fields(1, T0, 7, "a", "bc", False, None)
    assert entry_hash(GENESIS, a) != entry_hash(GENESIS, b)
    assert entry_hash(GENESIS, a) != entry_hash("1" * 64, a)


def test_r_du_4_naive_time_refused():
    with pytest.raises(ValueError):
        entry_fields(1, datetime(2025, 6, 3, 10), 7, "x", "", False, None)


def test_r_du_4_intact_chain_verifies():
    chain = build(["a", "b", "c"])
    result = verify_chain(chain)
    assert result.ok and result.checked == 3 and result.broken_id is None
    assert (result.head_id, result.head_hash) == (3, chain[-1].hash)
    assert verify_chain([]).ok and verify_chain([]).head_hash == GENESIS


def test_r_du_4_edited_entry_breaks_chain():
    chain = build(["a", "b", "c", "d"])
    chain[1] = dataclasses.replace(chain[1], text="b (quietly changed)")
    result = verify_chain(chain)
    assert not result.ok
    assert (result.broken_id, result.reason) == (2, BreakReason.EDITED)
    assert "2" in result.describe()


def test_r_du_4_deleted_entry_detected():
    chain = build(["a", "b", "c", "d"])
    del chain[1]
    result = verify_chain(chain)
    assert (result.ok, result.broken_id, result.reason) == (False, 3, BreakReason.DELETED_BEFORE)


def test_r_du_4_deleted_first_entry_detected():
    chain = build(["a", "b"])
    result = verify_chain(chain[1:])
    assert (result.broken_id, result.reason) == (2, BreakReason.DELETED_BEFORE)


def test_r_du_4_truncation_after_signed_head():
    chain = build(["a", "b", "c", "d", "e"])
    signed = [(2, chain[1].hash), (4, chain[3].hash)]
    assert verify_chain(chain, signed_heads=signed).ok
    cut = chain[:3]  # entries 4 and 5 deleted: what is left is still a valid chain
    assert verify_chain(cut).ok
    result = verify_chain(cut, signed_heads=signed)
    assert (result.ok, result.broken_id, result.reason) == (False, 4, BreakReason.TRUNCATED)
    assert result.signed_head_id == 4


def test_r_du_4_rewritten_chain_caught_by_signed_head():
    chain = build(["a", "b", "c"])
    signed = [(3, chain[2].hash)]
    # Someone rewrites entry 2 and re-hashes everything after it.
    forged = chain[:1] + build(["B", "c"], start_id=2, anchor=chain[0].hash, t0=chain[1].at)
    assert verify_chain(forged).ok
    result = verify_chain(forged, signed_heads=signed)
    assert (result.broken_id, result.reason) == (3, BreakReason.SIGNED_HEAD_MISMATCH)


def test_r_du_4_first_finding_wins():
    chain = build(["a", "b", "c", "d", "e"])
    signed = [(5, chain[4].hash)]
    damaged = chain[:4]
    damaged[1] = dataclasses.replace(damaged[1], follow_up="done")
    result = verify_chain(damaged, signed_heads=signed)
    assert (result.broken_id, result.reason) == (2, BreakReason.EDITED)


def test_r_du_4_correction_is_a_new_entry():
    chain = build(["a", "b"])
    fix = new_entry(
        chain[-1].hash, id=3, at=T0 + timedelta(hours=5), author_id=7, text="b: it was C", corrects_id=2
    )
    assert fix.corrects_id == 2
    assert verify_chain([*chain, fix]).ok
    with pytest.raises(InputError):
        new_entry(fix.hash, id=4, at=T0, author_id=7, text="x", corrects_id=4)
    with pytest.raises(InputError):
        new_entry(fix.hash, id=4, at=T0, author_id=7, text="   ")


OFFICER = Actor(7, "Wang", Role.DUTY_OFFICER)
OTHER_OFFICER = Actor(8, "Li", Role.DUTY_OFFICER)
ASSISTANT = Actor(2, "Zhao", Role.ASSISTANT)
STAFF = Actor(30, "Sun", Role.STAFF, "engineering")


def test_r_du_3_who_writes_the_log():
    check_can_write(OFFICER)
    check_can_write(Actor(5, "Qian", Role.RECEPTIONIST))
    with pytest.raises(RuleError) as err:
        check_can_write(STAFF)
    assert err.value.rule == "R-RO-1"


def test_r_du_4_correction_by_author_or_manager():
    entry = build(["a"])[0]
    check_can_correct(OFFICER, entry, 1)
    check_can_correct(ASSISTANT, entry, 1)
    with pytest.raises(RuleError) as err:
        check_can_correct(OTHER_OFFICER, entry, 1)
    assert err.value.rule == "R-LC-3"
    with pytest.raises(NotFound):
        check_can_correct(OFFICER, None, 9)


def test_r_du_4_morning_check_signed_by_assistant():
    check_can_sign_log(ASSISTANT)
    check_can_sign_log(Actor(1, "Zhou", Role.DIRECTOR))
    with pytest.raises(RuleError):
        check_can_sign_log(OFFICER)


def test_r_du_4_purge_keeps_anchor_and_remaining_chain_verifies():
    chain = build(["a", "b", "c", "d"], step=timedelta(days=400))
    cutoff = chain[2].at  # entries 1 and 2 are older
    plan = purge_plan(chain, cutoff)
    assert plan.ids == [1, 2]
    assert plan.anchor_hash == chain[1].hash
    ids, anchor = plan
    kept = [e for e in chain if e.id not in ids]
    signed = [(1, chain[0].hash), (4, chain[3].hash)]
    assert verify_chain(kept, anchor=anchor, signed_heads=signed, anchor_id=max(ids)).ok
    assert not verify_chain(kept).ok  # without the anchor the first kept entry looks orphaned


def test_r_du_4_purge_is_a_prefix():
    chain = build(["a", "b", "c"])
    # Entry 2 was written with an earlier time than entry 1 (backdated); the purge stops at 1.
    late_first = [new_entry(GENESIS, id=1, at=T0 + timedelta(days=10), author_id=7, text="a")]
    late_first.append(new_entry(late_first[0].hash, id=2, at=T0, author_id=7, text="b"))
    assert purge_plan(late_first, T0 + timedelta(days=1)).ids == []
    assert purge_plan(chain, T0 - timedelta(days=1)) == ([], GENESIS)


def test_r_du_4_broken_chain_is_not_purged():
    chain = build(["a", "b", "c"])
    chain[0] = dataclasses.replace(chain[0], text="A")
    with pytest.raises(RuleError) as err:
        purge_plan(chain, T0 + timedelta(days=1))
    assert err.value.rule == "R-DU-4"


def test_r_du_4_retention_is_three_years():
    now = datetime(2028, 2, 29, 12, tzinfo=UTC)
    assert retention_cutoff(now) == datetime(2025, 2, 28, 12, tzinfo=UTC)
    assert retention_cutoff(datetime(2028, 6, 1, tzinfo=UTC)) == datetime(2025, 6, 1, tzinfo=UTC)


# --- properties --------------------------------------------------------------------------------

entry_content = st.tuples(
    st.text(min_size=1, max_size=30).filter(str.strip),
    st.text(max_size=20),
    st.booleans(),
    st.integers(min_value=1, max_value=50),
    st.integers(min_value=0, max_value=10**9),
)


def chain_from(contents):
    chain: list[EntryRecord] = []
    prev = GENESIS
    for n, (text, follow_up, important, author, seconds) in enumerate(contents, start=1):
        entry = new_entry(
            prev,
            id=n,
            at=T0 + timedelta(seconds=seconds),
            author_id=author,
            text=text,
            follow_up=follow_up,
            important=important,
            corrects_id=n - 1 if important and n > 1 else None,
        )
        chain.append(entry)
        prev = entry.hash
    return chain


@given(st.lists(entry_content, max_size=12))
def test_r_du_4_any_appended_chain_verifies(contents):
    chain = chain_from(contents)
    heads = [(e.id, e.hash) for e in chain[::3]]
    result = verify_chain(chain, signed_heads=heads)
    assert result.ok and result.checked == len(chain)


def _mutate(entry: EntryRecord, field: str, data) -> EntryRecord:
    value = getattr(entry, field)
    if field == "id":
        new = data.draw(st.integers(min_value=1000, max_value=10**6))
    elif field == "at":
        new = value + timedelta(microseconds=data.draw(st.integers(min_value=1, max_value=10**12)))
    elif field == "author_id":
        new = value + data.draw(st.integers(min_value=1, max_value=100))
    elif field in ("text", "follow_up"):
        new = data.draw(st.text(max_size=30).filter(lambda s: s != value))
    elif field == "important":
        new = not value
    elif field == "corrects_id":
        new = data.draw(
            st.one_of(st.none(), st.integers(min_value=0, max_value=10**6)).filter(lambda v: v != value)
        )
    else:  # prev_hash, hash
        new = data.draw(
            st.text(alphabet="0123456789abcdef", min_size=64, max_size=64).filter(lambda v: v != value)
        )
    return dataclasses.replace(entry, **{field: new})


@given(st.lists(entry_content, min_size=1, max_size=10), st.data())
def test_r_du_4_changing_any_field_is_reported_at_that_entry(contents, data):
    chain = chain_from(contents)
    index = data.draw(st.integers(min_value=0, max_value=len(chain) - 1))
    field = data.draw(st.sampled_from([f.name for f in dataclasses.fields(EntryRecord)]))
    chain[index] = _mutate(chain[index], field, data)
    result = verify_chain(chain)
    assert not result.ok
    assert result.broken_id == chain[index].id
    assert result.reason is BreakReason.EDITED
