"""Who acts as the officer on duty (R-DU-5): the rostered officer, or the stand-in recorded for them.

The roster (R-DU-1) names one officer per duty period; an approved swap has already rewritten it.
When the rostered officer cannot come, an assistant or the director records a stand-in with a
reason; the stand-in then acts as the rostered one and the record shows both.

Off duty hours only that officer acts as duty officer — writes the duty log as the officer on duty,
assigns and dispatches (R-DU-2, 004 4.1.6) and signs the duty side of a handover; any other duty
officer or receptionist is refused with R-DU-5. A receptionist writes the duty log only during the
day desk's hours. The assistants and the director keep every right they have at any hour: this
rule decides only who among the duty officers and the desk acts as the officer on duty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from frontdesk_tui.domain.actors import Actor
from frontdesk_tui.domain.codes import Role
from frontdesk_tui.domain.errors import InputError, RuleError
from frontdesk_tui.i18n import _

_MANAGERS = (Role.ASSISTANT, Role.DIRECTOR)


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str


@dataclass(frozen=True, slots=True)
class OnDuty:
    """The duty period ``day`` (its shift runs into the next morning): who is rostered, and the
    stand-in recorded for them (if any), with its reason."""

    day: date
    rostered: Person | None
    stand_in: Person | None = None
    reason: str = ""

    @property
    def acting(self) -> Person | None:
        """The one who acts as the officer on duty: the stand-in, else the rostered officer."""
        return self.stand_in or self.rostered

    @property
    def label(self) -> str:
        """"孙伟 (for 赵强)" when a stand-in is recorded: the record shows both."""
        if self.stand_in is not None and self.rostered is not None:
            return _("{stand_in} (for {rostered})").format(stand_in=self.stand_in.name, rostered=self.rostered.name)
        acting = self.acting
        return acting.name if acting is not None else ""


def is_officer_on_duty(actor: Actor, on_duty: OnDuty | None) -> bool:
    """R-DU-5: ``actor`` acts as the officer on duty of the period (``None``: the day desk works)."""
    if actor.role in _MANAGERS:
        return True
    if on_duty is None:
        return False
    acting = on_duty.acting
    return acting is not None and acting.id == actor.id


def _refusal(on_duty: OnDuty, what: str) -> RuleError:
    if on_duty.acting is None:
        reason = _("nobody is on the roster for {day}: an assistant or the director records a stand-in").format(
            day=on_duty.day.isoformat()
        )
    else:
        reason = _("{name} is on duty for {day}").format(name=on_duty.label, day=on_duty.day.isoformat())
    return RuleError("R-DU-5", _("only the officer on duty may {what} off duty hours; {reason}").format(
        what=what, reason=reason))


def check_acts_on_duty(actor: Actor, on_duty: OnDuty | None, what: str) -> None:
    """R-DU-5 for a duty officer's off-hours rights (assign, dispatch, sign the duty side):
    ``on_duty`` is the period the act falls in (None while the day desk works: nothing to check
    here, the lifecycle decides). Managers pass at any hour."""
    if on_duty is None or actor.role in _MANAGERS or actor.role not in (Role.DUTY_OFFICER, Role.RECEPTIONIST):
        return
    if not is_officer_on_duty(actor, on_duty):
        raise _refusal(on_duty, what)


def check_writes_log(actor: Actor, on_duty: OnDuty | None) -> None:
    """R-DU-5: who writes the duty log. Off duty hours (``on_duty`` given) only the officer on duty
    among the desk; during the day desk's hours receptionists and duty officers alike."""
    if on_duty is None:
        return
    check_acts_on_duty(actor, on_duty, _("write the duty log"))


def check_stand_in(recorder: Actor, stand_in: Actor, rostered: Person | None, reason: str) -> None:
    """R-DU-5: an assistant or the director records a stand-in, with a reason, for a desk operator."""
    if recorder.role not in _MANAGERS:
        raise RuleError("R-DU-5", _("only an assistant or the director records a stand-in"))
    if stand_in.role not in (Role.DUTY_OFFICER, Role.RECEPTIONIST, *_MANAGERS):
        raise RuleError("R-DU-5", _("a stand-in is a duty officer, receptionist, assistant or director"))
    if rostered is not None and rostered.id == stand_in.id:
        raise InputError("officer", _("{name} is the rostered officer already").format(name=stand_in.name))
    if not reason.strip():
        raise InputError("reason", _("a stand-in needs a reason on the record"))
