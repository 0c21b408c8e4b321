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
