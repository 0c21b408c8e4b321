"""Every error a worker raises becomes one notification in the user's language."""

from __future__ import annotations

from frontdesk_tui.domain.errors import DomainError
from frontdesk_tui.i18n import _
from frontdesk_tui.services.site.operators import SignInFailed
from frontdesk_tui.services.uow import OperationalError


def _first_line(error: BaseException) -> str:
    orig = getattr(error, "orig", None)
    text = str(orig if orig is not None else error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def describe_error(error: BaseException) -> str:
    """One line for the operator: rule refusals as the rules word them, database trouble plainly."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, SignInFailed):
        return str(error)
    if isinstance(error, OperationalError):
        reason = _first_line(error)
        if "locked" in reason or "busy" in reason:
            return _("The database is busy with another desk's write; try again in a moment.")
        return _("The database cannot be reached: {reason}").format(reason=reason)
    return _("Something went wrong: {reason}").format(reason=f"{type(error).__name__}: {_first_line(error)}")
