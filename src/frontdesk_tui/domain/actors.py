"""Who is acting: the signed-in operator as the rules see it."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk_tui.domain.codes import Role


@dataclass(frozen=True, slots=True)
class Actor:
    """An operator as the rules see one: no password, no session, just what permissions need."""

    id: int
    name: str
    role: Role
    department: str | None = None

    @property
    def is_desk(self) -> bool:
        return self.role in (Role.RECEPTIONIST, Role.DUTY_OFFICER)

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.ASSISTANT, Role.DIRECTOR)


def automatic_label(rule: str | None) -> str:
    """R-RO-2: how a change no person made is named wherever a person's name would stand."""
    from frontdesk_tui.i18n import _

    return _("automatic ({rule})").format(rule=rule or "?")
