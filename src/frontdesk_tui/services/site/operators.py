"""Operators: add, list, disable, change password, sign in (R-RO-1, R-RO-2)."""

from __future__ import annotations

import os
import sys
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, tzinfo

from sqlalchemy import delete, update
from sqlmodel import func, select

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import AuditEntry, Department, Operator, SignInThrottle
from frontdesk_tui.domain import permissions, signin
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.domain.text import clean_text
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site.passwords import (
    DUMMY_HASH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    verify_password,
)
from frontdesk_tui.services.uow import UnitOfWork


@dataclass(frozen=True)
class OperatorView:
    id: int
    name: str
    role: str
    department: str | None
    active: bool

    def to_json(self) -> dict:
        data = asdict(self)
        data.pop("id")
        return data


class SignInFailed(Exception):
    """Wrong name or password, or a disabled operator; deliberately not saying which."""

    rule = "R-RO-1"


class SignInLocked(SignInFailed):
    """R-SEC-1: too many wrong passwords for this name; refused until ``until`` (UTC)."""

    rule = signin.RULE

    def __init__(self, until: datetime, tz: tzinfo | None) -> None:
        local = until.astimezone(tz) if tz is not None else until.astimezone()
        super().__init__(
            _("too many wrong passwords: signing in under this name is locked until {time}").format(
                time=local.strftime("%Y-%m-%d %H:%M")
            )
        )
        self.until = until


def _actor(row: Operator) -> Actor:
    assert row.id is not None
    return Actor(id=row.id, name=row.name, role=Role(row.role), department=row.department)


def _view(row: Operator) -> OperatorView:
    assert row.id is not None
    return OperatorView(row.id, row.name, row.role, row.department, row.active)


def _check_password(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InputError("password", _("at least {n} characters").format(n=MIN_LENGTH))


def count_operators(db: Database) -> int:
    with UnitOfWork(db, write=False) as uow:
        return uow.session.exec(select(func.count()).select_from(Operator)).one()


def add_operator(
    db: Database,
    actor: Actor | None,
    *,
    name: str,
    role: str,
    password: str,
    now: datetime,
    department: str | None = None,
) -> OperatorView:
    """Add an operator. The first operator of an empty database needs no sign-in and must be a director."""
    name = clean_text(name)
    if not name or len(name) > 40:
        raise InputError("name", _("a name of 1 to 40 characters"))
    try:
        role_code = Role(role)
    except ValueError:
        raise InputError("role", _("one of {choices}").format(choices=", ".join(r.value for r in Role))) from None
    _check_password(password)
    with UnitOfWork(db) as uow:
        s = uow.session
        existing = s.exec(select(func.count()).select_from(Operator)).one()
        if existing == 0:
            if role_code is not Role.DIRECTOR:
                raise RuleError("R-RO-1", _("the first operator must be a director"))
        elif actor is None:
            raise RuleError("R-RO-1", _("sign in as a director to add operators (--as NAME)"))
        else:
            permissions.require(actor, "operator.add")
        if department is not None and s.get(Department, department) is None:
            codes = ", ".join(s.exec(select(Department.code)).all())
            raise InputError("department", _("unknown department {d} (one of {codes})").format(d=department, codes=codes))
        if s.exec(select(Operator).where(Operator.name == name)).first() is not None:
            raise InputError("name", _("an operator named {name} exists already").format(name=name))
        row = Operator(
            name=name, role=role_code.value, department=department, password_hash=hash_password(password), created_at=now
        )
        s.add(row)
        s.flush()
        s.add(AuditEntry(at=now, operator_id=actor.id if actor else row.id, action="operator.add", detail=f"{name} {role_code}"))
        view = _view(row)
        uow.commit()
        return view


def list_operators(db: Database, *, include_inactive: bool = True) -> list[OperatorView]:
    with UnitOfWork(db, write=False) as uow:
        query = select(Operator).order_by(Operator.id)
        if not include_inactive:
            query = query.where(Operator.active == True)  # noqa: E712
        return [_view(r) for r in uow.session.exec(query)]


def _by_name(uow: UnitOfWork, name: str) -> Operator:
    row = uow.session.exec(select(Operator).where(Operator.name == name)).first()
    if row is None:
        raise NotFound("name", _("no operator named {name}").format(name=name))
    return row


def disable_operator(db: Database, actor: Actor, name: str, *, now: datetime) -> OperatorView:
    with UnitOfWork(db) as uow:
        permissions.require(actor, "operator.disable")
        row = _by_name(uow, name)
        if row.id == actor.id:
            raise RuleError("R-RO-1", _("you cannot disable yourself"))
        row.active = False
        uow.session.add(AuditEntry(at=now, operator_id=actor.id, action="operator.disable", detail=name))
        view = _view(row)
        uow.commit()
        return view


def change_password(db: Database, actor: Actor, name: str, password: str, *, now: datetime) -> None:
    _check_password(password)
    with UnitOfWork(db) as uow:
        row = _by_name(uow, name)
        if row.id != actor.id:
            permissions.require(actor, "operator.passwd")
        row.password_hash = hash_password(password)
        uow.session.add(AuditEntry(at=now, operator_id=actor.id, action="operator.passwd", detail=name))
        uow.commit()


def current_terminal() -> str:
    """Where this sign-in comes from, for the audit log: the SSH client's address when there is
    one, else the terminal's device name, else ``-``."""
    client = os.environ.get("SSH_CLIENT", "").split()
    if client:
        return f"ssh {client[0]}"
    for stream in (sys.stdin, sys.stdout):
        try:
            if stream is not None and stream.isatty():
                return os.ttyname(stream.fileno())
        except (OSError, ValueError, AttributeError):
            continue
    return "-"


def _audit_name(name: str) -> str:
    return repr(signin.throttle_key(name))[1:-1]


def sign_in(
    db: Database,
    name: str,
    password: str,
    *,
    now: datetime | None = None,
    terminal: str | None = None,
    tz: tzinfo | None = None,
) -> Actor:
    """The operator named ``name`` if the password matches and they are active.

    R-SEC-1: the failures in a row are counted per name in the database (so every process shares
    them); from the fifth the name is locked for a while and attempts are refused without looking at
    the password. Every failure, lock and refusal goes to the audit log with the terminal. An
    unknown name is verified against a dummy hash, so it costs what a known one costs. A success
    resets the count and replaces a hash made with older parameters (or scrypt) by today's."""
    now = now or datetime.now(UTC)
    terminal = terminal or current_terminal()
    key = signin.throttle_key(clean_text(name))
    with UnitOfWork(db, write=False) as uow:
        s = uow.session
        throttle = s.get(SignInThrottle, key)
        locked_until = throttle.locked_until if throttle else None
        had_failures = throttle is not None
        row = s.exec(select(Operator).where(Operator.name == key)).first()
        stored = row.password_hash if row is not None else None
        operator_id = row.id if row is not None else None
        actor = _actor(row) if row is not None else None
        active = bool(row is not None and row.active)
    if signin.is_locked(locked_until, now):
        _audit(db, now, operator_id, "signin.refused", f"{_audit_name(key)} locked; from {terminal}")
        raise SignInLocked(locked_until, tz)  # type: ignore[arg-type]
    matches = verify_password(password, stored if stored is not None else DUMMY_HASH)
    if not (matches and active and actor is not None):
        until = _count_failure(db, key, now, operator_id, terminal)
        if until is not None:
            raise SignInLocked(until, tz)
        raise SignInFailed(_("wrong name or password"))
    rehash = hash_password(password) if needs_rehash(stored or "") else None
    if had_failures or rehash is not None:
        with UnitOfWork(db) as uow:
            s = uow.session
            s.execute(delete(SignInThrottle).where(SignInThrottle.name == key))
            if rehash is not None:
                s.execute(update(Operator).where(Operator.id == operator_id).values(password_hash=rehash))
            uow.commit()
    return actor


def _count_failure(db: Database, key: str, now: datetime, operator_id: int | None, terminal: str) -> datetime | None:
    """One more failure for ``key``, atomically (several processes may fail at once); the lock it
    earns, if any."""
    with UnitOfWork(db) as uow:
        s = uow.session
        # Two processes may fail at once: the row is created if missing, then counted in SQL.
        s.execute(_dialect_insert(db.dialect)(SignInThrottle).values(name=key, failures=0).on_conflict_do_nothing())
        failures = s.execute(
            update(SignInThrottle)
            .where(SignInThrottle.name == key)
            .values(failures=SignInThrottle.failures + 1, last_failure_at=now)
            .returning(SignInThrottle.failures)
        ).scalar_one()
        lock = signin.lock_for(failures)
        until = now + lock if lock is not None else None
        s.add(AuditEntry(at=now, operator_id=operator_id, action="signin.failed",
                         detail=f"{_audit_name(key)} failure {failures}; from {terminal}"))
        if until is not None:
            s.execute(update(SignInThrottle).where(SignInThrottle.name == key).values(locked_until=until))
            s.add(AuditEntry(at=now, operator_id=operator_id, action="signin.locked",
                             detail=f"{_audit_name(key)} until {until.isoformat(timespec='seconds')}; from {terminal}"))
        uow.commit()
        return until


def _dialect_insert(dialect: str):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert


def _audit(db: Database, now: datetime, operator_id: int | None, action: str, detail: str) -> None:
    with UnitOfWork(db) as uow:
        uow.session.add(AuditEntry(at=now, operator_id=operator_id, action=action, detail=detail))
        uow.commit()


def unlock_operator(db: Database, actor: Actor, name: str, *, now: datetime) -> bool:
    """R-SEC-1: the director lifts the lock (and the count) of ``name`` at once; True if there was one."""
    permissions.require(actor, "operator.unlock")
    key = signin.throttle_key(clean_text(name))
    with UnitOfWork(db) as uow:
        s = uow.session
        row = s.exec(select(Operator).where(Operator.name == key)).first()
        had = s.execute(delete(SignInThrottle).where(SignInThrottle.name == key)).rowcount
        s.add(AuditEntry(at=now, operator_id=actor.id, action="operator.unlock",
                         detail=f"{_audit_name(key)}{'' if row is not None else ' (no such operator)'}"))
        uow.commit()
        return bool(had)


def actor_by_id(db: Database, operator_id: int) -> Actor:
    with UnitOfWork(db, write=False) as uow:
        row = uow.session.get(Operator, operator_id)
        if row is None:
            raise NotFound("operator", str(operator_id))
        return _actor(row)

