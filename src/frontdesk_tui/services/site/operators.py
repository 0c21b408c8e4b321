"""Operators: add, list, disable, change password, sign in (R-RO-1, R-RO-2)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from sqlmodel import func, select

from frontdesk_tui.data.db import Database
from frontdesk_tui.data.tables import AuditEntry, Department, Operator
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.errors import InputError, NotFound, RuleError
from frontdesk_tui.domain.text import clean_text
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site.passwords import MIN_LENGTH, hash_password, verify_password
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


def sign_in(db: Database, name: str, password: str) -> Actor:
    """The operator named ``name`` if the password matches and they are active."""
    with UnitOfWork(db, write=False) as uow:
        row = uow.session.exec(select(Operator).where(Operator.name == clean_text(name))).first()
        if row is None:
            verify_password(password, _DUMMY_HASH)  # same work either way
            raise SignInFailed(_("wrong name or password"))
        if not verify_password(password, row.password_hash) or not row.active:
            raise SignInFailed(_("wrong name or password"))
        return _actor(row)


def actor_by_id(db: Database, operator_id: int) -> Actor:
    with UnitOfWork(db, write=False) as uow:
        row = uow.session.get(Operator, operator_id)
        if row is None:
            raise NotFound("operator", str(operator_id))
        return _actor(row)


_DUMMY_HASH = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
