"""Recording a violation (R-VI-6): the form's problems, the class suggestion (R-VI-2) and the new
record.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TypedDict, Unpack

from sqlalchemy import select
from sqlmodel import Session

from frontdesk_tui.data.tables import Unit
from frontdesk_tui.data.tables_violations import Violation
from frontdesk_tui.domain import permissions
from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import ViolationClass, ViolationKind
from frontdesk_tui.domain.errors import InputError, NotFound
from frontdesk_tui.domain.text import clean_line, clean_text
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.services.violations.detail import build_view
from frontdesk_tui.services.violations.views import RecordResult
from frontdesk_tui.services.violations.writing import Change, event_row


class _RequiredFields(TypedDict):
    unit: str
    violator: str
    kind: str
    facts: str


class RecordForm(_RequiredFields, total=False):
    """The record form's fields, as :func:`draft_problems` and :func:`record_violation` take them
    (keyword arguments, declared once here)."""

    at: datetime | None
    violation_class: str | None
    attachments: Sequence[str]
    loss_yuan: Decimal | None
    threat_to_public_safety: bool | None
    check_files: bool
    arrears_months: int | None


@dataclass(frozen=True)
class _Prepared:
    draft: rules.ViolationDraft
    reasons: tuple[str, ...]
    errors: tuple[InputError, ...]


def _prepare(actor: Actor, now: datetime, form: RecordForm) -> _Prepared:
    """The cleaned draft of the record form, the class suggestion's reasons and every problem."""
    unknown = sorted(form.keys() - RecordForm.__annotations__.keys())
    missing = sorted(RecordForm.__required_keys__ - form.keys())
    if unknown or missing:  # what a wrong keyword argument would have raised
        raise TypeError(f"record form: unknown {unknown}, missing {missing}")
    unit, violator, kind = form["unit"], form["violator"], form["kind"]
    at, violation_class = form.get("at"), form.get("violation_class")
    loss_yuan, threat_to_public_safety = form.get("loss_yuan"), form.get("threat_to_public_safety")
    arrears_months, check_files = form.get("arrears_months"), form.get("check_files", True)
    errors: list[InputError] = []
    facts = clean_text(form["facts"])
    suggested: ViolationClass = ViolationClass.GENERAL
    reasons: tuple[str, ...] = ()
    try:
        suggested, reasons = rules.explain_class(
            ViolationKind(kind), facts, loss_yuan, threat_to_public_safety, arrears_months
        )
    except InputError as exc:  # before ValueError: an InputError is one
        errors.append(exc)
    except ValueError:
        pass  # an unknown kind: validate_draft names it
    if arrears_months is not None and kind != ViolationKind.FEE.value:
        errors.append(InputError("arrears_months", _("only for the fee kind (R-VI-2a)")))
    paths: list[str] = []
    for raw in form.get("attachments", ()):
        path = clean_line(raw)
        if check_files and path:
            p = Path(path).expanduser()
            if not p.is_file():
                errors.append(InputError("attachments", _("no such file: {path}").format(path=path)))
                continue
            path = str(p.resolve())
        paths.append(path)
    draft = rules.ViolationDraft(
        violator=clean_line(violator),
        unit=clean_line(unit),
        at=now if at is None else at,
        kind=kind,
        facts=facts,
        recorder_id=actor.id,
        recorder_name=actor.name,
        suggested_class=suggested,
        confirmed_class=suggested if violation_class in (None, "") else violation_class,
        attachments=tuple(paths),
    )
    errors.extend(rules.validate_draft(draft, now))
    return _Prepared(draft, reasons, tuple(errors))


def _unit_row(s: Session, label: str) -> Unit | None:
    return s.execute(select(Unit).where(Unit.label == label)).scalars().first()


def _no_unit(label: str) -> NotFound:
    return NotFound("unit", _("no unit {label} in the estate").format(label=label))


def draft_problems(site: Site, actor: Actor, *, now: datetime, **form: Unpack[RecordForm]) -> list[InputError]:
    """Every problem of the record form at once (the form shows each next to its field), including
    an unknown unit; empty when :func:`record_violation` would accept it. Reads only."""
    prepared = _prepare(actor, now, form)
    errors = list(prepared.errors)
    if not any(e.field == "unit" for e in errors):
        with UnitOfWork(site.db, write=False) as uow:
            if _unit_row(uow.session, prepared.draft.unit) is None:
                errors.append(_no_unit(prepared.draft.unit))
    return errors


def record_violation(site: Site, actor: Actor, *, now: datetime, **form: Unpack[RecordForm]) -> RecordResult:
    """Record a violation (R-VI-6): anyone may (R-VI-5). The class is suggested from the kind, the
    facts and the optional answers (R-VI-2); ``violation_class`` is the person's confirmation (None:
    the suggestion is taken). ``at`` defaults to ``now``. Attachments are file paths; with
    ``check_files`` each must exist and is stored as an absolute path. The first problem is raised
    (:func:`draft_problems` lists them all)."""
    permissions.require(actor, "violation.record")
    prepared = _prepare(actor, now, form)
    if prepared.errors:
        raise prepared.errors[0]
    draft, reasons = prepared.draft, prepared.reasons
    unit, violator, facts, at, paths = (
        draft.unit,
        draft.violator,
        draft.facts,
        draft.at,
        list(draft.attachments),
    )
    assert at is not None
    kind_code = ViolationKind(draft.kind)
    suggested = ViolationClass(draft.suggested_class)
    confirmed = ViolationClass(draft.confirmed_class)
    with UnitOfWork(site.db) as uow:
        s = uow.session
        unit_row = _unit_row(s, unit)
        if unit_row is None:
            raise _no_unit(unit)
        assert unit_row.id is not None
        row = Violation(
            unit_id=unit_row.id,
            unit_label=unit_row.label,
            violator=violator,
            at=at,
            kind=kind_code.value,
            facts=facts,
            recorder_id=actor.id,
            suggested_class=suggested.value,
            confirmed_class=confirmed.value,
            attachments=json.dumps(paths, ensure_ascii=False),
            recorded_at=now,
            updated_at=now,
            updated_by=actor.id,
        )
        s.add(row)
        s.flush()
        assert row.id is not None
        note = _("suggested {suggested}, confirmed {confirmed}").format(
            suggested=suggested.value, confirmed=confirmed.value
        )
        arrears_months = form.get("arrears_months")
        if arrears_months is not None:  # R-VI-2a: the months the recorder stated, on the record
            note += "; " + _("fee refused for {n} months (R-VI-2a)").format(n=arrears_months)
        ev = event_row(row.id, actor, now, Change("recorded", note=note))
        s.add(ev)
        s.flush()
        view = build_view(s, site, actor, row, [], [ev], now)
        uow.commit()
    return RecordResult(view, reasons)
