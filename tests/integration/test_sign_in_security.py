"""R-SEC-1 sign-in throttling in the database, and argon2id hashing with rehash (issue 14).

The lock, the audit and the unlock run on a real SQLite file and on PostgreSQL; the rest, where the
database only stores what the rule decided, on SQLite alone (argon2id costs a few tenths of a second
a check, on purpose)."""

from __future__ import annotations

import base64
import hashlib
import os
from datetime import timedelta

import pytest
from sqlmodel import select

from frontdesk_tui.data.tables import AuditEntry, Operator, SignInThrottle
from frontdesk_tui.domain import signin
from frontdesk_tui.domain.errors import RuleError
from frontdesk_tui.services.site import operators, passwords
from frontdesk_tui.services.site.operators import SignInFailed, SignInLocked, sign_in
from frontdesk_tui.services.uow import UnitOfWork

BOTH = {
    "test_r_sec_1_fifth_failure_locks_even_the_right_password",
    "test_r_sec_1_every_failure_lock_and_refusal_is_audited_with_the_terminal",
    "test_r_sec_1_director_unlocks_others_may_not",
}


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        both = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
        metafunc.parametrize("backend", both if metafunc.function.__name__ in BOTH else ["sqlite"])


@pytest.fixture
def db(backend, request):
    from frontdesk_tui.data import migrate
    from frontdesk_tui.data.db import Database

    database = Database(request.getfixturevalue("sqlite_url" if backend == "sqlite" else "pg_url"))
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def director(db, now):
    operators.add_operator(db, None, name="张建国", role="director", password="boss-pw", now=now)
    return sign_in(db, "张建国", "boss-pw", now=now)


@pytest.fixture
def desk(db, now, director):
    operators.add_operator(db, director, name="陈晓燕", role="receptionist", password="right-pw", now=now)
    return "陈晓燕"


def _fail(db, name, now, times, terminal="pts/7"):
    for _ in range(times):
        with pytest.raises(SignInFailed):
            sign_in(db, name, "wrong", now=now, terminal=terminal)


def _audit(db, action):
    with UnitOfWork(db, write=False) as uow:
        return list(uow.session.exec(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def test_r_sec_1_lock_steps_5_15_60_then_doubling_up_to_a_day() -> None:
    steps = [signin.lock_for(n) for n in range(1, 16)]
    assert steps[:4] == [None] * 4
    minutes = [s.total_seconds() / 60 for s in steps[4:]]
    assert minutes == [5, 15, 60, 120, 240, 480, 960, 1440, 1440, 1440, 1440]


def test_r_sec_1_fifth_failure_locks_even_the_right_password(db, now, desk) -> None:
    _fail(db, desk, now, 4)
    with pytest.raises(SignInLocked) as locked:
        sign_in(db, desk, "wrong", now=now, terminal="pts/7")
    assert locked.value.until == now + timedelta(minutes=5)
    with pytest.raises(SignInLocked):
        sign_in(db, desk, "right-pw", now=now + timedelta(minutes=4, seconds=59))
    # After the lock runs out the right password works and resets the count.
    assert sign_in(db, desk, "right-pw", now=now + timedelta(minutes=5)).name == desk
    with UnitOfWork(db, write=False) as uow:
        assert uow.session.get(SignInThrottle, desk) is None


def test_r_sec_1_each_further_failure_locks_longer(db, now, desk) -> None:
    _fail(db, desk, now, 4)
    t = now
    expected = [5, 15, 60, 120]
    for minutes in expected:
        with pytest.raises(SignInLocked) as locked:
            sign_in(db, desk, "wrong", now=t)
        assert locked.value.until == t + timedelta(minutes=minutes)
        t = locked.value.until  # the next try comes when the lock has run out


def test_r_sec_1_the_lock_message_says_until_when_in_local_time(db, now, desk) -> None:
    from zoneinfo import ZoneInfo

    _fail(db, desk, now, 4)
    with pytest.raises(SignInLocked) as locked:
        sign_in(db, desk, "wrong", now=now, tz=ZoneInfo("Asia/Shanghai"))
    # now is 10:00 in Shanghai: locked until 10:05 local
    assert "2026-11-25 10:05" in str(locked.value)
    assert locked.value.rule == "R-SEC-1"


def test_r_sec_1_success_resets_the_count(db, now, desk) -> None:
    _fail(db, desk, now, 4)
    sign_in(db, desk, "right-pw", now=now)
    _fail(db, desk, now, 4)  # four more are again only failures, not a lock
    assert sign_in(db, desk, "right-pw", now=now).name == desk


def test_r_sec_1_unknown_names_are_throttled_the_same_and_verify_a_dummy_hash(db, now, desk, monkeypatch) -> None:
    seen: list[str] = []
    real = passwords.verify_password

    def spy(password, stored):
        seen.append(stored)
        return real(password, stored)

    monkeypatch.setattr(operators, "verify_password", spy)
    _fail(db, "nobody", now, 4)
    with pytest.raises(SignInLocked):
        sign_in(db, "nobody", "x", now=now)
    assert seen == [passwords.DUMMY_HASH] * 5
    # the dummy costs what a real hash costs: made with today's parameters
    assert not passwords.needs_rehash(passwords.DUMMY_HASH)
    with pytest.raises(SignInLocked):
        sign_in(db, "nobody", "x", now=now)
    assert len(seen) == 5  # a locked name is refused before any password is looked at


def test_r_sec_1_a_disabled_operator_with_the_right_password_fails_and_counts(db, now, desk, director) -> None:
    operators.disable_operator(db, director, desk, now=now)
    _fail(db, desk, now, 0)
    with pytest.raises(SignInFailed) as failed:
        sign_in(db, desk, "right-pw", now=now)
    assert not isinstance(failed.value, SignInLocked)
    assert "wrong name or password" in str(failed.value)
    with UnitOfWork(db, write=False) as uow:
        assert uow.session.get(SignInThrottle, desk).failures == 1


def test_r_sec_1_every_failure_lock_and_refusal_is_audited_with_the_terminal(db, now, desk, monkeypatch) -> None:
    _fail(db, desk, now, 4, terminal="pts/7")
    monkeypatch.setenv("SSH_CLIENT", "10.0.0.9 51234 22")
    with pytest.raises(SignInLocked):
        sign_in(db, desk, "wrong", now=now)
    with pytest.raises(SignInLocked):
        sign_in(db, desk, "right-pw", now=now)
    failed = _audit(db, "signin.failed")
    assert len(failed) == 5
    assert all(e.at == now and desk in e.detail for e in failed)
    assert "from pts/7" in failed[0].detail and "from ssh 10.0.0.9" in failed[-1].detail
    locked = _audit(db, "signin.locked")
    assert len(locked) == 1 and "from ssh 10.0.0.9" in locked[0].detail
    assert len(_audit(db, "signin.refused")) == 1
    known = {e.operator_id for e in failed}
    assert len(known) == 1 and None not in known  # a known name is tied to its operator


def test_r_sec_1_director_unlocks_others_may_not(db, now, desk, director) -> None:
    operators.add_operator(db, director, name="李娜", role="assistant", password="asst-pw", now=now)
    assistant = sign_in(db, "李娜", "asst-pw", now=now)
    _fail(db, desk, now, 4)
    with pytest.raises(SignInLocked):
        sign_in(db, desk, "wrong", now=now)
    with pytest.raises(RuleError):
        operators.unlock_operator(db, assistant, desk, now=now)
    assert operators.unlock_operator(db, director, desk, now=now) is True
    assert sign_in(db, desk, "right-pw", now=now).name == desk
    assert len(_audit(db, "operator.unlock")) == 1


def test_r_sec_1_a_huge_name_is_one_bounded_row(db, now) -> None:
    _fail(db, "x" * 1_000_000, now, 2)
    with UnitOfWork(db, write=False) as uow:
        rows = list(uow.session.exec(select(SignInThrottle)))
    assert [(len(r.name), r.failures) for r in rows] == [(signin.KEY_LENGTH, 2)]


def _scrypt_hash(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return "$".join(["scrypt", "16384", "8", "1", base64.b64encode(salt).decode(), base64.b64encode(digest).decode()])


def test_argon2id_new_hashes_and_scrypt_hashes_still_verify_then_are_rehashed(db, now, desk) -> None:
    with UnitOfWork(db) as uow:
        row = uow.session.exec(select(Operator).where(Operator.name == desk)).one()
        assert row.password_hash.startswith("$argon2id$")
        row.password_hash = _scrypt_hash("old-pw")
        uow.session.add(row)
        uow.commit()
    with pytest.raises(SignInFailed):
        sign_in(db, desk, "wrong", now=now)
    assert sign_in(db, desk, "old-pw", now=now).name == desk
    with UnitOfWork(db, write=False) as uow:
        stored = uow.session.exec(select(Operator.password_hash).where(Operator.name == desk)).one()
    assert stored.startswith("$argon2id$") and not passwords.needs_rehash(stored)
    assert sign_in(db, desk, "old-pw", now=now).name == desk


def test_argon2_hash_with_outdated_parameters_is_rehashed(db, now, desk) -> None:
    from argon2 import PasswordHasher

    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("weak-pw")
    assert passwords.needs_rehash(weak)
    with UnitOfWork(db) as uow:
        row = uow.session.exec(select(Operator).where(Operator.name == desk)).one()
        row.password_hash = weak
        uow.session.add(row)
        uow.commit()
    sign_in(db, desk, "weak-pw", now=now)
    with UnitOfWork(db, write=False) as uow:
        stored = uow.session.exec(select(Operator.password_hash).where(Operator.name == desk)).one()
    assert stored != weak and not passwords.needs_rehash(stored)
