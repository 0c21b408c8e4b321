"""What the violation services return about one violation (its measures, facts, history and next
steps, the result of a write), and the labels and parsing of the codes they show.

Results are frozen dataclasses with times already in the site's time zone and a ``to_json()``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from frontdesk_tui.domain import violations as rules
from frontdesk_tui.domain.codes import ViolationClass
from frontdesk_tui.domain.errors import InputError
from frontdesk_tui.i18n import N_, _

#: History entries (``violation_event.kind``) and their labels.
EVENT_LABELS: dict[str, str] = {
    "recorded": N_("recorded"),
    "proposed": N_("proposed"),
    "signed": N_("signed"),
    "declined": N_("declined"),
    "completed": N_("rectified"),
    "fact": N_("fact recorded"),
    "follow_up": N_("followed up"),
    "reclassified": N_("reclassified"),
    "closed": N_("closed"),
}

STATUS_LABELS: dict[str, str] = {
    "recorded": N_("recorded"),
    "persuading": N_("persuading"),
    "awaiting_sign": N_("awaiting the director"),
    "in_effect": N_("in effect"),
    "rectification_due": N_("rectification due"),
    "follow_up_due": N_("follow-up due"),
    "closed": N_("closed"),
    "open": N_("open"),
}


def status_label(status: str) -> str:
    return _(STATUS_LABELS.get(status, status))


def event_label(kind: str) -> str:
    return _(EVENT_LABELS.get(kind, kind))


def _t(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat(timespec="seconds")


def _json_value(value: Any) -> Any:
    """A result's field as JSON: times to the second with their offset, days as ISO dates, amounts as
    exact strings, tuples as lists, nested results through their ``to_json``."""
    if isinstance(value, datetime):
        return _t(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return dict(value)
    if hasattr(value, "to_json"):
        return value.to_json()
    return value


def fields_json(
    result: Any, *, rename: Mapping[str, str] | None = None, omit: Collection[str] = ()
) -> dict[str, Any]:
    """A result dataclass as JSON: its fields in their order, some under another key (``rename``), some
    left out (``omit``)."""
    keys = rename or {}
    return {
        keys.get(f.name, f.name): _json_value(getattr(result, f.name))
        for f in fields(result)
        if f.name not in omit
    }


@dataclass(frozen=True)
class MeasureView:
    """One handling opinion as the detail view and ``show --json`` show it."""

    id: int
    measure: str
    basis: str
    amount: Decimal | None
    notice_at: datetime | None
    deadline: datetime | None
    proposed_by: str
    proposed_by_id: int
    proposed_at: datetime
    signed_by: str | None
    signed_by_id: int | None
    signed_at: datetime | None
    declined_by: str | None
    declined_at: datetime | None
    completed_by: str | None
    completed_at: datetime | None
    #: R-VI-5: true only once the rules let it take effect (persuasion at once, else signed).
    effective: bool
    #: waiting for the director's signature
    pending: bool
    #: a signed rectification past its deadline and not done
    due: bool

    @property
    def label(self) -> str:
        return rules.measure_label(self.measure)

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, omit=("proposed_by_id", "signed_by_id"))


@dataclass(frozen=True)
class FactView:
    """A recorded fact the ladder depends on (``mediation-failed`` …), with who, when and a note."""

    fact: str
    by: str
    at: datetime
    note: str

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)


@dataclass(frozen=True)
class EventView:
    """One line of the history: who did what when."""

    at: datetime
    kind: str
    by: str | None
    rule: str
    measure_id: int | None
    fact: str
    note: str

    @property
    def label(self) -> str:
        return event_label(self.kind)

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)


@dataclass(frozen=True)
class NextSteps:
    """What the viewing operator may do next (the detail view's actions), and why the other measures
    are refused (measure code -> the rule's message)."""

    measures: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    sign: tuple[int, ...] = ()
    decline: tuple[int, ...] = ()
    complete: tuple[int, ...] = ()
    follow_up: bool = False
    close: bool = False
    reclassify: bool = False
    refused: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return fields_json(self)


@dataclass(frozen=True)
class ViolationView:
    """The whole record (客户违章记录表, R-VI-6) with its measures, facts, history and next steps."""

    id: int
    version: int
    unit: str
    unit_id: int
    violator: str
    at: datetime
    kind: str
    facts: str
    recorder: str
    recorder_id: int
    suggested_class: str
    confirmed_class: str
    attachments: tuple[str, ...]
    followed_up_at: datetime | None
    closed_at: datetime | None
    recorded_at: datetime
    updated_at: datetime
    updated_by: str
    status: str
    measures: tuple[MeasureView, ...]
    facts_recorded: tuple[FactView, ...]
    history: tuple[EventView, ...]
    next_steps: NextSteps
    #: R-VI-8: the last day the record must be kept (from closing, else from recording)
    keep_until: date

    @property
    def kind_label(self) -> str:
        return rules.kind_label(self.kind)

    @property
    def class_label(self) -> str:
        return rules.class_label(self.confirmed_class)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    def measure(self, measure_id: int) -> MeasureView:
        for m in self.measures:
            if m.id == measure_id:
                return m
        raise KeyError(measure_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "unit": self.unit,
            "violator": self.violator,
            "at": _t(self.at),
            "kind": self.kind,
            "facts": self.facts,
            "recorder": self.recorder,
            "suggested_class": self.suggested_class,
            "class": self.confirmed_class,
            "attachments": list(self.attachments),
            "status": self.status,
            "followed_up_at": _t(self.followed_up_at),
            "closed_at": _t(self.closed_at),
            "recorded_at": _t(self.recorded_at),
            "updated_at": _t(self.updated_at),
            "updated_by": self.updated_by,
            "keep_until": self.keep_until.isoformat(),
            "measures": [m.to_json() for m in self.measures],
            "facts_recorded": [f.to_json() for f in self.facts_recorded],
            "history": [e.to_json() for e in self.history],
            "next_steps": self.next_steps.to_json(),
        }


@dataclass(frozen=True)
class RecordResult:
    """A new record and why its class was suggested (the form's help line)."""

    violation: ViolationView
    class_reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {**self.violation.to_json(), "class_reasons": list(self.class_reasons)}


@dataclass(frozen=True)
class ActionResult:
    """The violation after a write, and the measure the write was about (if any)."""

    violation: ViolationView
    measure_id: int | None = None

    @property
    def measure(self) -> MeasureView | None:
        return None if self.measure_id is None else self.violation.measure(self.measure_id)

    def to_json(self) -> dict[str, Any]:
        data = self.violation.to_json()
        m = self.measure
        data["measure"] = None if m is None else m.to_json()
        return data


def parse_class(value: str | None, field_name: str) -> ViolationClass | None:
    if value is None or value == "":
        return None
    try:
        return ViolationClass(value)
    except ValueError:
        raise InputError(field_name, _("confirm the class: general or major")) from None
