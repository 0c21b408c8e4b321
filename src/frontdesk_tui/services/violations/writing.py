"""The skeleton every write to a recorded violation shares: load it, hand the facts to the domain's
``check_*`` (the domain refuses; no screen is needed for that), apply the change, record the history
line (R-RO-2: who), keep the stored status inputs in step and bump ``version`` through
:func:`~frontdesk_tui.data.versioning.bump` with the version read (R-RO-3), commit, view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlmodel import Session

from frontdesk_tui.data.tables_violations import Violation, ViolationEvent, ViolationMeasure
from frontdesk_tui.data.versioning import bump
from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import ViolationClass
from frontdesk_tui.domain.text import clean_text
from frontdesk_tui.domain.violations import ViolationFacts
from frontdesk_tui.services.site import Site
from frontdesk_tui.services.uow import UnitOfWork
from frontdesk_tui.services.violations.detail import (
    build_view,
    facts_of,
    get_row,
    load_events,
    load_measures,
    status_inputs,
)
from frontdesk_tui.services.violations.views import ActionResult, ViolationView


@dataclass(frozen=True)
class Change:
    """What a write did once the domain allowed it: its history line (``kind``, ``note``, the measure
    or fact it is about) and the violation's new column values, written with the version bump."""

    kind: str
    note: str = ""
    measure_id: int | None = None
    fact: str = ""
    values: dict[str, Any] = field(default_factory=dict)


def event_row(violation_id: int, actor: Actor, now: datetime, change: Change) -> ViolationEvent:
    return ViolationEvent(
        violation_id=violation_id,
        at=now,
        kind=change.kind,
        operator_id=actor.id,
        measure_id=change.measure_id,
        fact=change.fact,
        note=change.note,
    )


@dataclass
class Write:
    """One write to a violation: the row as read, its measures and events, and the version read."""

    uow: UnitOfWork
    row: Violation
    read_version: int
    measures: list[ViolationMeasure]
    events: list[ViolationEvent]

    @property
    def s(self) -> Session:
        return self.uow.session

    @property
    def facts(self) -> ViolationFacts:
        return facts_of(self.row, self.measures, self.events)

    def measure(self, measure_id: int) -> ViolationMeasure:
        return next(x for x in self.measures if x.id == measure_id)

    def finish(self, site: Site, actor: Actor, now: datetime, change: Change) -> ViolationView:
        """Record the change's history line, bump the version (R-RO-3) with its values and the status
        inputs, commit, view."""
        assert self.row.id is not None
        ev = event_row(self.row.id, actor, now, change)
        self.s.add(ev)
        self.events.append(ev)
        self.s.flush()
        values = change.values
        facts = self.facts
        if "followed_up_at" in values:
            facts = replace(facts, followed_up_at=values["followed_up_at"])
        if "closed_at" in values:
            facts = replace(facts, closed_at=values["closed_at"])
        if "confirmed_class" in values:
            facts = replace(facts, violation_class=ViolationClass(values["confirmed_class"]))
        inputs = status_inputs(facts)
        bump(
            self.s,
            Violation,
            self.row.id,
            self.read_version,
            operator_id=actor.id,
            now=now,
            tz=site.tz,
            **values,
            **inputs,
        )
        row = self.s.get(Violation, self.row.id, populate_existing=True)
        assert row is not None
        view = build_view(self.s, site, actor, row, self.measures, self.events, now)
        self.uow.commit()
        return view


def _begin(
    uow: UnitOfWork, site: Site, actor: Actor, violation_id: int, expected_version: int | None, now: datetime
) -> Write:
    s = uow.session
    row = get_row(s, violation_id)
    if expected_version is not None and expected_version != row.version:
        # R-RO-3: refused, naming who changed it and when (bump raises StaleError).
        bump(s, Violation, violation_id, expected_version, operator_id=actor.id, now=now, tz=site.tz)
    return Write(uow, row, row.version, load_measures(s, violation_id), load_events(s, violation_id))


def act_on(
    site: Site,
    actor: Actor,
    violation_id: int,
    expected_version: int | None,
    now: datetime,
    change: Callable[[Write], Change],
) -> ActionResult:
    """The skeleton of every write to a recorded violation: load it (refusing a stale
    ``expected_version``), let ``change`` check it in the domain and apply itself, record its history
    line, bump the version with the status inputs, commit; the result names the measure the change
    was about."""
    with UnitOfWork(site.db) as uow:
        w = _begin(uow, site, actor, violation_id, expected_version, now)
        done = change(w)
        view = w.finish(site, actor, now, done)
    return ActionResult(view, done.measure_id)


def stamp_measure(
    site: Site,
    actor: Actor,
    violation_id: int,
    measure_id: int,
    check: Callable[[Actor, ViolationFacts, int], object],
    stamp: str,
    now: datetime,
    note: str,
    expected_version: int | None,
) -> ActionResult:
    """Sign, decline or complete a measure once ``check`` allows it: sets the measure's
    ``<stamp>_by`` and ``<stamp>_at`` and records the history line ``<stamp>``."""
    note = clean_text(note)

    def change(w: Write) -> Change:
        check(actor, w.facts, measure_id)
        m = w.measure(measure_id)
        setattr(m, f"{stamp}_by", actor.id)
        setattr(m, f"{stamp}_at", now)
        w.s.add(m)
        return Change(stamp, note=note, measure_id=measure_id)

    return act_on(site, actor, violation_id, expected_version, now, change)


def stamp_violation(
    site: Site,
    actor: Actor,
    violation_id: int,
    check: Callable[[Actor, ViolationFacts], object],
    kind: str,
    column: str,
    now: datetime,
    note: str,
    expected_version: int | None,
) -> ActionResult:
    """Follow up or close once ``check`` allows it: sets ``column`` to ``now`` and records the history
    line ``kind``."""
    note = clean_text(note)

    def change(w: Write) -> Change:
        check(actor, w.facts)
        return Change(kind, note=note, values={column: now})

    return act_on(site, actor, violation_id, expected_version, now, change)
