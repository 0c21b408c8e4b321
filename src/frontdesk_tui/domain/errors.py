"""Errors the domain raises. The CLI maps them to exit codes: RuleError -> 1, InputError -> 2."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error the rules raise."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class RuleError(DomainError):
    """A rule of docs/DOMAIN.md forbids this; ``rule`` is its id (e.g. ``R-LC-1``)."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(f"{message} ({rule})")
        self.rule = rule
        self.reason = message


class InputError(DomainError):
    """A value is malformed or missing; ``field`` names it (the form shows the message next to it)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.reason = message


class NotFound(InputError):
    """An id that names nothing."""


class StaleError(RuleError):
    """R-RO-3: a write based on a stale copy."""

    def __init__(self, by: str, at: str) -> None:
        from frontdesk_tui.i18n import _

        super().__init__("R-RO-3", _("changed by {name} at {time}, reload").format(name=by, time=at))
        self.by = by
        self.at = at
